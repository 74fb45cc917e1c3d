import type { SessionContext } from '../context/session-context.ts';
import { maxMessageLength } from '../context/session-context.ts';
import { ErrorCode, HeaderErrorSubcode, MessageType } from '../iana.ts';
import { BgpError } from '../wire/errors.ts';
import {
  HEADER_LENGTH,
  MAX_MESSAGE_LENGTH,
  MIN_NOTIFICATION_LENGTH,
  MIN_OPEN_LENGTH,
  MIN_UPDATE_LENGTH,
  ROUTE_REFRESH_LENGTH,
} from '../wire/limits.ts';
import type { Writer } from '../wire/writer.ts';
import { checkBytes } from '../wire/args.ts';

// RFC 4271 section 4.1:
//      0                   1                   2                   3
//      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//      |                                                               |
//      +                                                               +
//      |                                                               |
//      +                                                               +
//      |                           Marker                              |
//      +                                                               +
//      |                                                               |
//      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//      |          Length               |      Type     |
//      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/** The header fields of one message. */
export interface MessageHeader {
  /** Total message length, header included. */
  readonly length: number;
  readonly type: number;
}

function lengthError(bytes: Uint8Array, offset: number, length: number, why: string): BgpError {
  // RFC 4271 section 6.1: "The Data field MUST contain the erroneous Length field."
  return new BgpError(
    ErrorCode.MessageHeaderError,
    HeaderErrorSubcode.BadMessageLength,
    `bad message length ${length}: ${why}`,
    bytes.slice(offset + 16, offset + 18),
    'header.length',
  );
}

/**
 * {@link isMarker} through a DataView of the buffer (offset `o` and `o + 16` within it): four
 * 32-bit reads, little-endian since all ones read the same either way (no byte swap).
 * Performance: for code that keeps one DataView per buffer, never one per message.
 */
export function isMarkerIn(dv: DataView, o: number): boolean {
  return (dv.getInt32(o, true) & dv.getInt32(o + 4, true) & dv.getInt32(o + 8, true) & dv.getInt32(o + 12, true)) === -1;
}

/**
 * Whether the 16 bytes at `offset` (all present) are the all-ones marker. Performance: one
 * test of the AND of the bytes instead of a branch per byte.
 */
export function isMarker(b: Uint8Array, o: number): boolean {
  return (
    ((b[o] as number) &
      (b[o + 1] as number) &
      (b[o + 2] as number) &
      (b[o + 3] as number) &
      (b[o + 4] as number) &
      (b[o + 5] as number) &
      (b[o + 6] as number) &
      (b[o + 7] as number) &
      (b[o + 8] as number) &
      (b[o + 9] as number) &
      (b[o + 10] as number) &
      (b[o + 11] as number) &
      (b[o + 12] as number) &
      (b[o + 13] as number) &
      (b[o + 14] as number) &
      (b[o + 15] as number)) ===
    0xff
  );
}

/**
 * Checks the marker and length of the message at `offset` and returns its full length, or
 * `undefined` when fewer bytes than that are present (RFC 4271 section 4.1, RFC 8654 section 4).
 * Any type is framed; an unknown type is `decodeMessage`'s 1/3.
 * @throws BgpError 1/1 on a bad marker, 1/2 (the length field as data) on a bad length.
 * @example const n = peekMessage(buf); if (n !== undefined) decodeMessage(buf.subarray(0, n), ctx)
 */
export function peekMessage(bytes: Uint8Array, offset = 0, ctx?: SessionContext): number | undefined {
  checkBytes(bytes, 'peekMessage', 'bytes');
  const avail = bytes.length - offset;
  // RFC 4271 section 6.1: the marker is checked on whatever part of it has arrived.
  const markerEnd = Math.min(16, avail);
  for (let i = 0; i < markerEnd; i++) {
    if (bytes[offset + i] !== 0xff) {
      throw new BgpError(ErrorCode.MessageHeaderError, HeaderErrorSubcode.ConnectionNotSynchronized, 'marker is not all ones', undefined, 'header.marker');
    }
  }
  if (avail < HEADER_LENGTH) return undefined;
  const length = ((bytes[offset + 16] as number) << 8) | (bytes[offset + 17] as number);
  const type = bytes[offset + 18] as number;
  checkLength(bytes, offset, length, type, ctx);
  return length <= avail ? length : undefined;
}

function checkLength(bytes: Uint8Array, offset: number, length: number, type: number, ctx: SessionContext | undefined): void {
  if (length < HEADER_LENGTH) throw lengthError(bytes, offset, length, 'below 19');
  // RFC 8654 section 4: OPEN and KEEPALIVE never exceed 4096.
  const max = type === MessageType.OPEN || type === MessageType.KEEPALIVE ? MAX_MESSAGE_LENGTH : maxMessageLength(ctx);
  if (length > max) throw lengthError(bytes, offset, length, `above ${max}`);
}

/**
 * Reads and checks the header at `offset`, including the per-type minimum lengths of
 * RFC 4271 section 6.1 (and RFC 2918 section 3 for ROUTE-REFRESH).
 * @throws BgpError 1/1, 1/2, or 1/3 (the type as data) for an unknown type.
 */
export function decodeHeader(bytes: Uint8Array, offset: number, ctx?: SessionContext): MessageHeader {
  checkBytes(bytes, 'decodeHeader', 'bytes');
  const n = peekMessage(bytes, offset, ctx);
  if (n === undefined) {
    const avail = bytes.length - offset;
    if (avail < HEADER_LENGTH) {
      throw new BgpError(ErrorCode.MessageHeaderError, HeaderErrorSubcode.BadMessageLength, `truncated header: ${avail} bytes`, undefined, 'header');
    }
    const length = ((bytes[offset + 16] as number) << 8) | (bytes[offset + 17] as number);
    throw lengthError(bytes, offset, length, `only ${avail} bytes present`);
  }
  const type = bytes[offset + 18] as number;
  let min: number;
  switch (type) {
    case MessageType.OPEN:
      min = MIN_OPEN_LENGTH;
      break;
    case MessageType.UPDATE:
      min = MIN_UPDATE_LENGTH;
      break;
    case MessageType.NOTIFICATION:
      min = MIN_NOTIFICATION_LENGTH;
      break;
    case MessageType.KEEPALIVE:
      // RFC 4271 section 6.1: "if the Length field of a KEEPALIVE message is not equal to 19".
      if (n !== HEADER_LENGTH) throw lengthError(bytes, offset, n, 'KEEPALIVE must be 19');
      min = HEADER_LENGTH;
      break;
    case MessageType['ROUTE-REFRESH']:
      min = ROUTE_REFRESH_LENGTH;
      break;
    default:
      // RFC 4271 section 6.1: "The Data field MUST contain the erroneous Type field."
      throw new BgpError(ErrorCode.MessageHeaderError, HeaderErrorSubcode.BadMessageType, `unknown message type ${type}`, Uint8Array.of(type), 'header.type');
  }
  if (n < min) throw lengthError(bytes, offset, n, `below the minimum ${min} for type ${type}`);
  return { length: n, type };
}

/** Writes the 16-byte marker, the length and the type. */
export function writeHeader(w: Writer, length: number, type: number): void {
  for (let i = 0; i < 16; i++) w.u8(0xff);
  w.u16(length);
  w.u8(type);
}
