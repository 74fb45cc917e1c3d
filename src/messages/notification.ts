import { CeaseSubcode, ErrorCode, MessageType, errorCodeName, errorSubcodeName } from '../iana.ts';
import { BgpError, checkFits, checkUint, EMPTY } from '../wire/errors.ts';
import { MAX_NESTING } from '../wire/limits.ts';
import { Reader } from '../wire/reader.ts';
import { decodeUtf8, encodeUtf8 } from '../wire/text.ts';
import { Writer } from '../wire/writer.ts';
import { decodeHeader, writeHeader } from './header.ts';
import type { NotificationDetails, NotificationMessage } from './types.ts';
import { checkBytes, checkNumber, checkObject, checkString } from '../wire/args.ts';

// RFC 4271 section 4.5:
//      0                   1                   2                   3
//      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//      | Error code    | Error subcode |   Data (variable)             |
//      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

function shutdownDetails(data: Uint8Array): NotificationDetails | undefined {
  // RFC 9003 section 2: Length (1 octet), then that many octets of UTF-8. Bare Cease 2/4 with
  // no data at all (RFC 4486) carries no communication.
  if (data.length === 0) return undefined;
  const r = new Reader(data);
  const length = r.u8();
  const available = r.remaining;
  if (length > available) {
    return { kind: 'shutdown', communication: '', valid: false, reason: `length ${length} exceeds the ${available} bytes present` };
  }
  const text = decodeUtf8(r.view(length));
  const trailing = r.remaining > 0 ? r.rest() : undefined;
  // RFC 9003 section 2: "A receiving BGP speaker MUST NOT interpret invalid UTF-8 sequences."
  if (text === undefined) {
    const d = { kind: 'shutdown', communication: '', valid: false, reason: 'invalid UTF-8' } as const;
    return trailing === undefined ? d : { ...d, trailing };
  }
  if (trailing !== undefined) {
    return { kind: 'shutdown', communication: text, valid: false, reason: `${trailing.length} bytes after the communication`, trailing };
  }
  return { kind: 'shutdown', communication: text, valid: true };
}

/**
 * What a NOTIFICATION's data means, where an RFC defines it: RFC 9003 shutdown communication
 * (Cease 2 and 4), RFC 4486 section 4 maximum-prefix data (Cease 1, 7 octets), RFC 8538 Hard
 * Reset (Cease 9, nested up to MAX_NESTING). `undefined` elsewhere. Never throws.
 */
export function notificationDetails(code: number, subcode: number, data: Uint8Array, depth = 0): NotificationDetails | undefined {
  checkNumber(code, 'notificationDetails', 'code');
  checkNumber(subcode, 'notificationDetails', 'subcode');
  checkBytes(data, 'notificationDetails', 'data');
  if (code !== ErrorCode.Cease) return undefined;
  switch (subcode) {
    case CeaseSubcode.AdministrativeShutdown:
    case CeaseSubcode.AdministrativeReset:
      return shutdownDetails(data);
    case CeaseSubcode.MaximumNumberOfPrefixesReached: {
      // RFC 4486 section 4: AFI (2), SAFI (1), prefix upper bound (4); the data is optional.
      if (data.length !== 7) return undefined;
      const r = new Reader(data);
      return { kind: 'max-prefix', afi: r.u16(), safi: r.u8(), limit: r.u32() };
    }
    case CeaseSubcode.HardReset: {
      // RFC 8538 section 3.1: ErrCode (1), Subcode (1), Data: another NOTIFICATION's fields.
      if (data.length < 2) return undefined;
      const r = new Reader(data);
      const inner = { kind: 'hard-reset', code: r.u8(), subcode: r.u8(), data: r.rest() } as const;
      // Nesting is bounded: a Hard Reset inside a Hard Reset is followed at most MAX_NESTING deep.
      const nested = depth + 1 < MAX_NESTING ? notificationDetails(inner.code, inner.subcode, inner.data, depth + 1) : undefined;
      return nested === undefined ? inner : { ...inner, details: nested };
    }
    default:
      return undefined;
  }
}

/** Builds a NOTIFICATION from its wire fields, with `details` as the decoder would add them. */
export function notification(code: number, subcode: number, data: Uint8Array = EMPTY): NotificationMessage {
  checkNumber(code, 'notification', 'code');
  checkNumber(subcode, 'notification', 'subcode');
  checkBytes(data, 'notification', 'data');
  const details = notificationDetails(code, subcode, data);
  return details === undefined ? { type: 'NOTIFICATION', code, subcode, data } : { type: 'NOTIFICATION', code, subcode, data, details };
}

/**
 * Reads a NOTIFICATION body (RFC 4271 section 4.5): code, subcode, and the rest as data, with
 * `details` where the data has a defined meaning (never thrown over: invalid shutdown text is
 * reported with `valid: false`).
 * @throws BgpError (the reader's 1/2) when fewer than 2 bytes are present.
 */
export function readNotificationBody(r: Reader): NotificationMessage {
  const code = r.u8('error code');
  const subcode = r.u8('error subcode');
  return notification(code, subcode, r.rest());
}

/** Exact size of a NOTIFICATION body (without the header). */
export function notificationBodyLength(m: NotificationMessage): number {
  if (!(m.data instanceof Uint8Array)) throw new TypeError('NOTIFICATION.data: expected a Uint8Array');
  return 2 + m.data.length;
}

/**
 * Writes a NOTIFICATION body; `details` are ignored (the data is the wire truth).
 * @throws TypeError or RangeError on a malformed value.
 */
export function writeNotificationBody(m: NotificationMessage, w: Writer): void {
  w.u8(checkUint('NOTIFICATION.code', m.code, 0xff));
  w.u8(checkUint('NOTIFICATION.subcode', m.subcode, 0xff));
  w.raw(m.data);
}

/**
 * A Cease NOTIFICATION carrying an RFC 9003 shutdown communication (subcode 2 Administrative
 * Shutdown or 4 Administrative Reset).
 * @throws RangeError when the UTF-8 text exceeds 255 octets or the subcode is not 2 or 4.
 * @example encodeMessage(shutdownNotification('[TICKET-1] software upgrade; back in 2 hours'))
 */
export function shutdownNotification(text: string, subcode: 2 | 4 = 2): NotificationMessage {
  checkString(text, 'shutdownNotification', 'text');
  if (subcode !== 2 && subcode !== 4) throw new RangeError(`shutdownNotification: subcode ${String(subcode)} is not 2 or 4 (RFC 9003 section 2)`);
  const bytes = encodeUtf8(text);
  checkFits('shutdown communication', bytes.length, 255);
  const data = new Uint8Array(1 + bytes.length);
  data[0] = bytes.length;
  data.set(bytes, 1);
  return notification(ErrorCode.Cease, subcode, data);
}

/**
 * An RFC 8538 section 3.1 Hard Reset (Cease 9) wrapping another NOTIFICATION's code, subcode and data.
 * @throws TypeError or RangeError on a malformed inner value.
 */
export function hardReset(inner: { readonly code: number; readonly subcode: number; readonly data?: Uint8Array }): NotificationMessage {
  checkObject(inner, 'hardReset', 'inner');
  const d = inner.data ?? EMPTY;
  const data = new Uint8Array(2 + d.length);
  data[0] = checkUint('hardReset.code', inner.code, 0xff);
  data[1] = checkUint('hardReset.subcode', inner.subcode, 0xff);
  data.set(d, 2);
  return notification(ErrorCode.Cease, CeaseSubcode.HardReset, data);
}

/** Names of a NOTIFICATION code and subcode from the IANA tables (`unknown-N` when unassigned). */
export function describeNotification(code: number, subcode: number): { readonly code: string; readonly subcode: string } {
  checkNumber(code, 'describeNotification', 'code');
  checkNumber(subcode, 'describeNotification', 'subcode');
  return { code: errorCodeName(code), subcode: errorSubcodeName(code, subcode) };
}

/**
 * Decodes a whole NOTIFICATION message, header included (RFC 4271 section 4.5).
 * @throws BgpError on a malformed header or when the message is not a NOTIFICATION (1/3).
 * @example decodeNotification(bytes).details
 */
export function decodeNotification(bytes: Uint8Array): NotificationMessage {
  checkBytes(bytes, 'decodeNotification', 'bytes');
  const { length, type } = decodeHeader(bytes, 0);
  if (type !== MessageType.NOTIFICATION) {
    throw new BgpError(ErrorCode.MessageHeaderError, 3, `expected a NOTIFICATION, got type ${type}`, Uint8Array.of(type), 'header.type');
  }
  return readNotificationBody(new Reader(bytes, 19, length, ErrorCode.MessageHeaderError, 2, 'NOTIFICATION'));
}

/**
 * Encodes a whole NOTIFICATION message, header included. The 4096-byte limit applies unless
 * `extendedMessage` (the peer announced RFC 8654).
 * @throws TypeError or RangeError on a malformed value or one that does not fit.
 */
export function encodeNotification(m: NotificationMessage, extendedMessage = false): Uint8Array {
  checkObject(m, 'encodeNotification', 'm');
  const length = 19 + notificationBodyLength(m);
  checkFits('NOTIFICATION length', length, extendedMessage ? 65535 : 4096);
  const w = Writer.alloc(length);
  writeHeader(w, length, MessageType.NOTIFICATION);
  writeNotificationBody(m, w);
  return w.bytes;
}
