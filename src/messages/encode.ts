import type { SessionContext } from '../context/session-context.ts';
import { maxMessageLength, requireContext } from '../context/session-context.ts';
import { MessageType } from '../iana.ts';
import { MAX_MESSAGE_LENGTH } from '../wire/limits.ts';
import { Slab } from '../wire/slab.ts';
import { Writer } from '../wire/writer.ts';
import { writeHeader } from './header.ts';
import { notificationBodyLength, writeNotificationBody } from './notification.ts';
import { openBodyLength, writeOpenBody } from './open.ts';
import { routeRefreshBodyLength, writeRouteRefreshBody } from './route-refresh.ts';
import type { BgpMessage } from './types.ts';
import { updateBodyLength, writeUpdateBody } from './update.ts';
import { argError, checkArray, checkBytes, checkContextOnce, checkNumber, checkTyped } from '../wire/args.ts';

function bodyLength(m: BgpMessage, ctx: SessionContext | undefined): number {
  switch (m.type) {
    case 'OPEN':
      return openBodyLength(m);
    case 'UPDATE':
      return updateBodyLength(m, requireContext(ctx, 'encoding an UPDATE'));
    case 'NOTIFICATION':
      return notificationBodyLength(m);
    case 'KEEPALIVE':
      return 0;
    case 'ROUTE-REFRESH':
      return routeRefreshBodyLength(m);
    default:
      throw new TypeError(`encodeMessage: unknown message type ${String((m as { type?: unknown }).type)}`);
  }
}

/** The exact encoded size of `m`, header included. @throws TypeError on a value of the wrong shape. */
export function messageByteLength(m: BgpMessage, ctx?: SessionContext): number {
  checkMessage(m, ctx, 'messageByteLength');
  return 19 + bodyLength(m, ctx);
}

/**
 * The shape every encoder reads, checked up front so that a plain JavaScript caller hears
 * which field is wrong (not "Cannot read properties of undefined"); values are checked by
 * the codecs (checkUint, checkFits).
 */
function checkMessage(m: BgpMessage, ctx: SessionContext | undefined, fn: string): void {
  checkTyped(m, fn, 'message');
  checkContextOnce(ctx, fn, 'ctx', true);
  switch (m.type) {
    case 'UPDATE':
      checkPrefixes(m.withdrawn, fn, 'message.withdrawn');
      checkPrefixes(m.nlri, fn, 'message.nlri');
      checkArray(m.attributes, fn, 'message.attributes');
      for (let i = 0; i < m.attributes.length; i++) checkTyped(m.attributes[i], fn, `message.attributes[${i}]`);
      return;
    case 'OPEN':
      checkArray(m.capabilities, fn, 'message.capabilities');
      for (let i = 0; i < m.capabilities.length; i++) checkTyped(m.capabilities[i], fn, `message.capabilities[${i}]`);
      if (m.parameters !== undefined) checkArray(m.parameters, fn, 'message.parameters');
      return;
    case 'NOTIFICATION':
      checkNumber(m.code, fn, 'message.code');
      checkNumber(m.subcode, fn, 'message.subcode');
      checkBytes(m.data, fn, 'message.data');
      return;
    case 'ROUTE-REFRESH':
      checkNumber(m.afi, fn, 'message.afi');
      checkNumber(m.safi, fn, 'message.safi');
      return;
    case 'KEEPALIVE':
      return;
    default:
      throw new TypeError(`${fn}: unknown message type ${JSON.stringify((m as { type: string }).type)}`);
  }
}

/** Asserts a list of prefixes `{ prefix, pathId? }` (NLRI given as strings are refused, not misread). */
function checkPrefixes(v: unknown, fn: string, param: string): void {
  checkArray(v, fn, param);
  const list = v as readonly unknown[];
  for (let i = 0; i < list.length; i++) {
    const p = list[i] as { prefix?: unknown } | null;
    if (typeof p !== 'object' || p === null || typeof p.prefix !== 'string') throw argError(fn, `${param}[${i}]`, 'a prefix object { prefix: string, pathId? }', p);
  }
}

/**
 * Encodes one BGP message into `out` at `offset`; returns the number of bytes written.
 * @throws TypeError on a malformed value, RangeError when it does not fit (the context's maximum length).
 */
export function encodeMessageInto(m: BgpMessage, out: Uint8Array, offset: number, ctx?: SessionContext): number {
  checkMessage(m, ctx, 'encodeMessageInto');
  checkBytes(out, 'encodeMessageInto', 'out');
  checkNumber(offset, 'encodeMessageInto', 'offset');
  return writeMessage(m, out, offset, ctx, 19 + bodyLength(m, ctx));
}

// Writes `m` whose exact size `length` is already known (sized once, never twice).
function writeMessage(m: BgpMessage, out: Uint8Array, offset: number, ctx: SessionContext | undefined, length: number): number {
  // RFC 8654 section 4: OPEN and KEEPALIVE stay within 4096 bytes.
  const max = m.type === 'OPEN' || m.type === 'KEEPALIVE' ? MAX_MESSAGE_LENGTH : maxMessageLength(ctx);
  if (length > max) throw new RangeError(`${m.type}: ${length} bytes exceed the maximum message length ${max}`);
  const w = new Writer(out, offset);
  writeHeader(w, length, MessageType[m.type]);
  switch (m.type) {
    case 'OPEN':
      writeOpenBody(m, w);
      break;
    case 'UPDATE':
      writeUpdateBody(m, w, requireContext(ctx, 'encoding an UPDATE'));
      break;
    case 'NOTIFICATION':
      writeNotificationBody(m, w);
      break;
    case 'KEEPALIVE':
      break;
    case 'ROUTE-REFRESH':
      writeRouteRefreshBody(m, w);
      break;
  }
  if (w.pos - offset !== length) throw new Error(`internal: ${m.type} wrote ${w.pos - offset} bytes, expected ${length}`);
  return length;
}

/**
 * Encodes one BGP message (RFC 4271 section 4). An UPDATE needs its session context.
 * @throws TypeError on a malformed value, RangeError when a field or the message does not fit.
 * @example const bytes = encodeMessage({ type: 'KEEPALIVE' })
 */
export function encodeMessage(m: BgpMessage, ctx?: SessionContext): Uint8Array {
  checkMessage(m, ctx, 'encodeMessage');
  const length = 19 + bodyLength(m, ctx);
  const out = new Uint8Array(length);
  writeMessage(m, out, 0, ctx, length);
  return out;
}

// Pooled results are carved from shared 64 KiB blocks (src/wire/slab.ts: a fresh Uint8Array
// over 64 bytes costs more than encoding a small UPDATE); messages over 8 KiB get their own.
const pool = new Slab(64 * 1024, 8 * 1024);

/**
 * Encodes one BGP message (RFC 4271 section 4) into a view of a shared 64 KiB slab, as Node
 * pools small buffers: faster than {@link encodeMessage} for messages
 * over 64 bytes, but the result's `buffer` holds other messages too. Opt-in only: never
 * transfer a pooled result (`postMessage` transfer lists detach the whole slab, and so other
 * callers' messages), never write through its `buffer`, and `toOwned`-copy (`slice()`) one
 * you keep for long (it keeps its slab alive). Messages over 8 KiB get their own buffer.
 * @throws TypeError on a malformed value, RangeError when a field or the message does not fit.
 * @example socket.write(encodeMessagePooled(update, ctx))
 */
export function encodeMessagePooled(m: BgpMessage, ctx?: SessionContext): Uint8Array {
  checkMessage(m, ctx, 'encodeMessagePooled');
  const length = 19 + bodyLength(m, ctx);
  const out = pool.take(length);
  writeMessage(m, out, 0, ctx, length);
  return out;
}
