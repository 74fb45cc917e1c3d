import type { SessionContext } from '../context/session-context.ts';
import { maxMessageLength, requireContext } from '../context/session-context.ts';
import { MessageType } from '../iana.ts';
import { MAX_MESSAGE_LENGTH } from '../wire/limits.ts';
import { Writer } from '../wire/writer.ts';
import { writeHeader } from './header.ts';
import { notificationBodyLength, writeNotificationBody } from './notification.ts';
import { openBodyLength, writeOpenBody } from './open.ts';
import { routeRefreshBodyLength, writeRouteRefreshBody } from './route-refresh.ts';
import type { BgpMessage } from './types.ts';
import { updateBodyLength, writeUpdateBody } from './update.ts';

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

/** The exact encoded size of `m`, header included. */
export function messageByteLength(m: BgpMessage, ctx?: SessionContext): number {
  return 19 + bodyLength(m, ctx);
}

/**
 * Encodes one BGP message into `out` at `offset`; returns the number of bytes written.
 * @throws TypeError on a malformed value, RangeError when it does not fit (the context's maximum length).
 */
export function encodeMessageInto(m: BgpMessage, out: Uint8Array, offset: number, ctx?: SessionContext): number {
  return writeMessage(m, out, offset, ctx, messageByteLength(m, ctx));
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
  const length = messageByteLength(m, ctx);
  const out = new Uint8Array(length);
  writeMessage(m, out, 0, ctx, length);
  return out;
}
