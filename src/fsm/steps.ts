import { CeaseSubcode, ErrorCode } from '../iana.ts';
import type { Effects } from './effects.ts';
import type { NotificationFields, StopEvent } from './types.ts';

/** An empty NOTIFICATION data field. */
export const EMPTY: Uint8Array = new Uint8Array(0);

/** The error of an error event, or a header error when the caller passed none. */
export function errorOf(event: { readonly error?: NotificationFields }): NotificationFields {
  const err = event.error;
  return err !== null && typeof err === 'object' && typeof err.code === 'number' && typeof err.subcode === 'number'
    ? err
    : { code: ErrorCode.MessageHeaderError, subcode: 0 };
}

/** Sends the NOTIFICATION an error names. */
export function notifyError(e: Effects, err: NotificationFields): void {
  e.notify(err.code, err.subcode, err.data instanceof Uint8Array ? err.data : EMPTY);
}

/** The Cease data of a stop event (empty unless bytes). */
export function dataOf(event: StopEvent): Uint8Array {
  return event.data instanceof Uint8Array ? event.data : EMPTY;
}

/** The Cease subcode of a stop event (RFC 4486): 2 Administrative Shutdown for ManualStop by default. */
export function ceaseSubcode(event: StopEvent): number {
  const sub = event.subcode;
  if (typeof sub === 'number' && Number.isInteger(sub) && sub >= 0 && sub <= 255) return sub;
  return event.type === 'ManualStop' ? CeaseSubcode.AdministrativeShutdown : 0;
}

/**
 * "sets the ConnectRetryTimer to zero, releases all BGP resources, drops the TCP connection,
 * increments the ConnectRetryCounter by 1, (optionally) performs peer oscillation damping if the
 * DampPeerOscillations attribute is set to TRUE, and changes its state to Idle."
 */
export function closeToIdle(e: Effects): void {
  e.stop('ConnectRetryTimer').release().push({ type: 'disconnect' }).increment().damp().goto('Idle');
}

/**
 * Sends the Cease of a ManualStop or AutomaticStop (RFC 4486 subcode, RFC 9003 data), as an
 * RFC 8538 Hard Reset when notificationFor says so; returns whether it is a Hard Reset.
 */
export function notifyCease(e: Effects, event: StopEvent): boolean {
  const hard = typeof event.hardReset === 'boolean' ? event.hardReset : undefined;
  const message = e.notify(ErrorCode.Cease, ceaseSubcode(event), dataOf(event), hard);
  return message.code === ErrorCode.Cease && message.subcode === CeaseSubcode.HardReset;
}
