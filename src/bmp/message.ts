import { Writer } from '../wire/writer.ts';
import { checkBytes, checkNumber, checkOptions } from '../wire/args.ts';
import { BmpError, BmpReader } from './error.ts';
import { BmpMessageType, bmpMessageTypeName } from './iana.ts';
import { initiation } from './initiation.ts';
import { PEER_HEADER_LENGTH, peerHeader } from './peer-header.ts';
import { peerDown } from './peer-down.ts';
import { peerUp } from './peer-up.ts';
import { routeMirroring } from './route-mirroring.ts';
import { routeMonitoring } from './route-monitoring.ts';
import { statisticsReport } from './statistics.ts';
import { termination } from './termination.ts';
import type { BmpMessage } from './types.ts';

/** Length of the common header (RFC 7854 section 4.1). */
export const BMP_HEADER_LENGTH = 6;
/** The only BMP version this library reads and writes (RFC 7854 section 4.1). */
export const BMP_VERSION = 3;
/** Default largest message accepted by {@link peekBmp} and the framer: 16 MiB. */
export const DEFAULT_MAX_BMP_LENGTH: number = 16 * 1024 * 1024;

/** Options of {@link decodeBmpMessage}. */
export interface BmpDecodeOptions {
  /** Where the message starts in the input. Default 0. */
  readonly offset: number;
}

function minLength(type: number): number {
  // Types 0-3 and 6 start with a per-peer header; Peer Down also has its Reason octet.
  if (type === BmpMessageType.PeerDown) return BMP_HEADER_LENGTH + PEER_HEADER_LENGTH + 1;
  if (type <= BmpMessageType.PeerUp || type === BmpMessageType.RouteMirroring) return BMP_HEADER_LENGTH + PEER_HEADER_LENGTH;
  return BMP_HEADER_LENGTH;
}

/**
 * The length of the BMP message starting at `offset` (RFC 7854 section 4.1 common header:
 * Version (1) = 3, Message Length (4), Message Type (1)), or undefined when fewer than 6 bytes
 * are there. Checks the version and the length before anything is buffered.
 * @throws BmpError (with the byte offset) for a version other than 3 or a length below the
 * type's minimum or above `maxLength`.
 * @example const n = peekBmp(buf); if (n !== undefined && buf.length >= n) decodeBmpMessage(buf.subarray(0, n))
 */
export function peekBmp(bytes: Uint8Array, offset = 0, maxLength: number = DEFAULT_MAX_BMP_LENGTH): number | undefined {
  checkBytes(bytes, 'peekBmp', 'bytes');
  checkNumber(offset, 'peekBmp', 'offset');
  checkNumber(maxLength, 'peekBmp', 'maxLength');
  if (bytes.length - offset < BMP_HEADER_LENGTH) {
    // A wrong version is known from the first byte: say so at once rather than wait.
    if (bytes.length > offset && bytes[offset] !== BMP_VERSION) throw new BmpError(`version ${bytes[offset]} is not 3`, offset);
    return undefined;
  }
  const version = bytes[offset] as number;
  if (version !== BMP_VERSION) throw new BmpError(`version ${version} is not 3`, offset);
  const length = (((bytes[offset + 1] as number) << 24) | ((bytes[offset + 2] as number) << 16) | ((bytes[offset + 3] as number) << 8) | (bytes[offset + 4] as number)) >>> 0;
  const type = bytes[offset + 5] as number;
  const min = minLength(type);
  if (length < min) throw new BmpError(`${bmpMessageTypeName(type)} length ${length} is below ${min}`, offset + 1);
  if (length > maxLength) throw new BmpError(`length ${length} exceeds the limit ${maxLength}`, offset + 1);
  return length;
}

/**
 * Decodes one BMP message (RFC 7854 section 4) at `options.offset` of `bytes` (which may hold
 * more). BGP PDUs inside stay bytes (decode them with a {@link BmpPeers} context); unknown
 * message types come back as `unknown` with their body. Values are copies of the input.
 * @throws BmpError (a BgpError with `offset`) for a bad version, length or body.
 * @example const m = decodeBmpMessage(bytes); if (m.type === 'peer-up') ...
 */
export function decodeBmpMessage(bytes: Uint8Array, options?: Partial<BmpDecodeOptions>): BmpMessage {
  checkBytes(bytes, 'decodeBmpMessage', 'bytes');
  if (options !== undefined) checkOptions(options, 'decodeBmpMessage', 'options');
  const at = options?.offset ?? 0;
  if (!Number.isInteger(at) || at < 0) throw new TypeError(`decodeBmpMessage: offset must be a non-negative integer, got ${at}`);
  const length = peekBmp(bytes, at, Number.MAX_SAFE_INTEGER);
  if (length === undefined || length > bytes.length - at) throw new BmpError(`truncated: ${length === undefined ? 'the common header needs 6 bytes' : `message of ${length} bytes`}, ${bytes.length - at} present`, at);
  const type = bytes[at + 5] as number;
  const name = bmpMessageTypeName(type);
  const r = new BmpReader(bytes, at + BMP_HEADER_LENGTH, at + length, `BMP.${name}`);
  switch (type) {
    case BmpMessageType.Initiation:
      return initiation.read(r);
    case BmpMessageType.Termination:
      return termination.read(r);
    case BmpMessageType.RouteMonitoring:
    case BmpMessageType.StatisticsReport:
    case BmpMessageType.PeerDown:
    case BmpMessageType.PeerUp:
    case BmpMessageType.RouteMirroring:
      break;
    default:
      return { type: 'unknown', messageType: type, body: r.rest() };
  }
  const peer = peerHeader.read(r);
  switch (type) {
    case BmpMessageType.RouteMonitoring:
      return routeMonitoring.read(r, peer);
    case BmpMessageType.StatisticsReport:
      return statisticsReport.read(r, peer);
    case BmpMessageType.PeerDown:
      return peerDown.read(r, peer);
    case BmpMessageType.PeerUp:
      return peerUp.read(r, peer);
    default:
      return routeMirroring.read(r, peer);
  }
}

function typeCode(m: BmpMessage): number {
  switch (m.type) {
    case 'route-monitoring':
      return BmpMessageType.RouteMonitoring;
    case 'statistics-report':
      return BmpMessageType.StatisticsReport;
    case 'peer-down':
      return BmpMessageType.PeerDown;
    case 'peer-up':
      return BmpMessageType.PeerUp;
    case 'initiation':
      return BmpMessageType.Initiation;
    case 'termination':
      return BmpMessageType.Termination;
    case 'route-mirroring':
      return BmpMessageType.RouteMirroring;
    case 'unknown':
      return m.messageType;
    default:
      throw new TypeError(`encodeBmpMessage: unknown message type ${JSON.stringify((m as { type?: unknown }).type)}`);
  }
}

function bodyLength(m: BmpMessage): number {
  switch (m.type) {
    case 'route-monitoring':
      return routeMonitoring.byteLength(m);
    case 'statistics-report':
      return statisticsReport.byteLength(m);
    case 'peer-down':
      return peerDown.byteLength(m);
    case 'peer-up':
      return peerUp.byteLength(m);
    case 'initiation':
      return initiation.byteLength(m);
    case 'termination':
      return termination.byteLength(m);
    case 'route-mirroring':
      return routeMirroring.byteLength(m);
    default:
      if (!(m.body instanceof Uint8Array)) throw new TypeError('encodeBmpMessage: unknown.body must be bytes');
      return m.body.length;
  }
}

/**
 * The exact encoded length of a BMP message, common header included.
 * @throws TypeError for a value that is not a BMP message.
 */
export function bmpMessageByteLength(m: BmpMessage): number {
  if (m === null || typeof m !== 'object') throw new TypeError('encodeBmpMessage: expected a BMP message object');
  typeCode(m);
  return BMP_HEADER_LENGTH + bodyLength(m);
}

/**
 * Writes a BMP message at `offset` of `buf`; returns the number of bytes written.
 * @throws TypeError for a malformed value, RangeError when a field or the message does not fit.
 */
export function encodeBmpMessageInto(m: BmpMessage, buf: Uint8Array, offset = 0): number {
  checkBytes(buf, 'encodeBmpMessageInto', 'buf');
  checkNumber(offset, 'encodeBmpMessageInto', 'offset');
  const length = bmpMessageByteLength(m);
  const type = typeCode(m);
  if (!Number.isInteger(type) || type < 0 || type > 255) throw new RangeError(`unknown.messageType: ${type} is not an octet`);
  if (length > 0xffffffff) throw new RangeError(`BMP message length ${length} does not fit 32 bits`);
  const w = new Writer(buf, offset);
  w.room(length);
  w.u8(BMP_VERSION);
  w.u32(length);
  w.u8(type);
  switch (m.type) {
    case 'route-monitoring':
      routeMonitoring.write(m, w);
      break;
    case 'statistics-report':
      statisticsReport.write(m, w);
      break;
    case 'peer-down':
      peerDown.write(m, w);
      break;
    case 'peer-up':
      peerUp.write(m, w);
      break;
    case 'initiation':
      initiation.write(m, w);
      break;
    case 'termination':
      termination.write(m, w);
      break;
    case 'route-mirroring':
      routeMirroring.write(m, w);
      break;
    default:
      w.raw(m.body);
  }
  if (w.pos - offset !== length) throw new RangeError(`BMP ${m.type}: wrote ${w.pos - offset} bytes, expected ${length}`);
  return length;
}

/**
 * Encodes a BMP message (RFC 7854 section 4) into a fresh buffer of exactly its length.
 * @throws TypeError for a malformed value, RangeError when a field does not fit.
 * @example encodeBmpMessage({ type: 'initiation', information: [{ type: 2, text: 'r1' }] })
 */
export function encodeBmpMessage(m: BmpMessage): Uint8Array {
  const buf = new Uint8Array(bmpMessageByteLength(m));
  encodeBmpMessageInto(m, buf, 0);
  return buf;
}
