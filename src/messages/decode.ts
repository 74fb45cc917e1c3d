import type { SessionContext } from '../context/session-context.ts';
import { maxMessageLength, requireContext } from '../context/session-context.ts';
import { ErrorCode, HeaderErrorSubcode, MessageType } from '../iana.ts';
import { EMPTY } from '../wire/errors.ts';
import { MIN_UPDATE_LENGTH } from '../wire/limits.ts';
import { Reader } from '../wire/reader.ts';
import { decodeHeader, isMarker } from './header.ts';
import { readNotificationBody } from './notification.ts';
import { readOpenBody } from './open.ts';
import { type DecodeOptions, resolveDecodeOptions } from './options.ts';
import { readRouteRefreshBody } from './route-refresh.ts';
import type { BgpMessage } from './types.ts';
import { readUpdateBody } from './update.ts';
import { checkBytes, checkContextOnce, checkOptions } from '../wire/args.ts';

const DEFAULT_OPTIONS: DecodeOptions = resolveDecodeOptions(undefined);
const STRICT_OPTIONS: DecodeOptions = resolveDecodeOptions({ strict: true });
// Performance: one reader for every UPDATE body, reset per message (readUpdateBody keeps no
// reader and never calls decodeMessage).
const updateReader = new Reader(EMPTY, 0, 0, ErrorCode.UpdateMessageError, 1, 'UPDATE');

/**
 * Decodes one BGP message (RFC 4271 section 4) from the start of `bytes` (which may hold more),
 * or from `options.offset`. An UPDATE needs the session context; RFC 7606 findings come back as
 * `issues` unless `strict`.
 * @throws BgpError naming the NOTIFICATION to send where the session must reset.
 * @throws TypeError when an UPDATE is decoded without a context, or for a negative or fractional offset.
 * @example const msg = decodeMessage(bytes, contextFor(peerOpen, myOpen))
 */
export function decodeMessage(bytes: Uint8Array, ctx?: SessionContext, options?: Partial<DecodeOptions>): BgpMessage {
  checkBytes(bytes, 'decodeMessage', 'bytes');
  checkContextOnce(ctx, 'decodeMessage', 'ctx', true);
  if (options !== undefined) checkOptions(options, 'decodeMessage', 'options');
  // Performance: no options object per message (the body readers only read `strict`; the
  // offset is read here), so a caller may reuse one options object and move its offset.
  const opts = options?.strict === true ? STRICT_OPTIONS : DEFAULT_OPTIONS;
  const at = options?.offset ?? 0;
  // A bad offset is the caller's mistake (past the end is a truncated message: a BgpError below).
  if (!Number.isInteger(at) || at < 0) throw new TypeError(`decodeMessage: offset must be a non-negative integer, got ${at}`);
  // Performance: the usual message, a whole UPDATE with a good header, skips decodeHeader's
  // general checks (anything else takes them, and their errors, below).
  if (bytes[at + 18] === MessageType.UPDATE && bytes.length - at >= MIN_UPDATE_LENGTH && ctx !== undefined) {
    const length = ((bytes[at + 16] as number) << 8) | (bytes[at + 17] as number);
    if (length >= MIN_UPDATE_LENGTH && length <= bytes.length - at && length <= maxMessageLength(ctx) && isMarker(bytes, at)) return decodeUpdate(bytes, at, length, ctx, opts);
  }
  const { length, type } = decodeHeader(bytes, at, ctx);
  const end = at + length;
  switch (type) {
    case MessageType.OPEN:
      return readOpenBody(new Reader(bytes, at + 19, end, ErrorCode.OpenMessageError, 0, 'OPEN'), opts);
    case MessageType.UPDATE:
      return decodeUpdate(bytes, at, length, ctx, opts);
    case MessageType.NOTIFICATION:
      return readNotificationBody(new Reader(bytes, at + 19, end, ErrorCode.MessageHeaderError, HeaderErrorSubcode.BadMessageLength, 'NOTIFICATION'));
    case MessageType.KEEPALIVE:
      return { type: 'KEEPALIVE' };
    default:
      return readRouteRefreshBody(new Reader(bytes, at + 19, end, ErrorCode.RouteRefreshMessageError, 1, 'ROUTE-REFRESH'), ctx, opts);
  }
}

function decodeUpdate(bytes: Uint8Array, at: number, length: number, ctx: SessionContext | undefined, opts: DecodeOptions): BgpMessage {
  const m = readUpdateBody(updateReader.reset(bytes, at + 19, at + length), requireContext(ctx, 'decoding an UPDATE'), opts);
  // The reused reader does not keep the caller's buffer alive after the message.
  updateReader.bytes = EMPTY;
  return m;
}
