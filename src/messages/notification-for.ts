import type { SessionContext } from '../context/session-context.ts';
import { CeaseSubcode, ErrorCode } from '../iana.ts';
import { checkUint, EMPTY } from '../wire/errors.ts';
import { HEADER_LENGTH, MAX_EXTENDED_MESSAGE_LENGTH, MAX_MESSAGE_LENGTH } from '../wire/limits.ts';
import { hardReset, notification } from './notification.ts';
import type { NotificationMessage } from './types.ts';
import { checkObject } from '../wire/args.ts';

/** Options of {@link notificationFor}. */
export interface NotificationForOptions {
  /**
   * Whether to wrap the NOTIFICATION in a Hard Reset when `ctx.hardReset` (the N bit was
   * exchanged). Default: RFC 8538 section 5.1's suggestions, Hard Reset for Cease 1
   * (maximum prefixes), 2 (administrative shutdown), 3 (peer de-configured) and 4
   * (administrative reset, "provide user control": this option), and not for other codes
   * ("For all NOTIFICATION codes other than Cease, use of Hard Reset does not appear to be
   * indicated"). A Hard Reset is never wrapped again, and nothing is wrapped without the N bit.
   */
  readonly hardReset?: boolean;
}

function suggestsHardReset(code: number, subcode: number): boolean {
  return code === ErrorCode.Cease && subcode >= CeaseSubcode.MaximumNumberOfPrefixesReached && subcode <= CeaseSubcode.AdministrativeReset;
}

/**
 * The NOTIFICATION to send for a BgpError (or any code/subcode/data, such as an RFC 7606
 * session-reset issue) on a session with context `ctx`: wrapped in an RFC 8538 section 3.1
 * Hard Reset where `ctx.hardReset` and the error calls for one (see
 * {@link NotificationForOptions.hardReset}), and with the data truncated so that the message fits
 * 4096 bytes unless the peer announced extended messages (RFC 8654 section 5: "the size of the
 * message MUST NOT exceed 4,096 octets").
 * @throws TypeError or RangeError when code or subcode is not an octet.
 * @example encodeMessage(notificationFor(err, txCtx), txCtx)
 */
export function notificationFor(
  error: { readonly code: number; readonly subcode: number; readonly data?: Uint8Array },
  ctx?: SessionContext,
  options?: NotificationForOptions,
): NotificationMessage {
  checkObject(error, 'notificationFor', 'error');
  const code = checkUint('notificationFor.code', error.code, 0xff);
  const subcode = checkUint('notificationFor.subcode', error.subcode, 0xff);
  const data = error.data ?? EMPTY;
  const isHardReset = code === ErrorCode.Cease && subcode === CeaseSubcode.HardReset;
  const wrap = ctx?.hardReset === true && !isHardReset && (options?.hardReset ?? suggestsHardReset(code, subcode));
  const max = ctx?.extendedMessage === true ? MAX_EXTENDED_MESSAGE_LENGTH : MAX_MESSAGE_LENGTH;
  // Header, code and subcode, plus the inner code and subcode of a Hard Reset.
  const room = max - HEADER_LENGTH - 2 - (wrap ? 2 : 0);
  const fitted = data.length > room ? data.slice(0, room) : data;
  return wrap ? hardReset({ code, subcode, data: fitted }) : notification(code, subcode, fitted);
}
