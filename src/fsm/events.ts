import { ErrorCode, OpenErrorSubcode } from '../iana.ts';
import type { BgpMessage } from '../messages/types.ts';
import { FsmEventNumber } from './types.ts';
import type { FsmEvent, NotificationFields } from './types.ts';
import { checkObject, checkTyped } from '../wire/args.ts';

/**
 * The RFC 4271 section 8.1.5 event for a decoded message: OPEN is BGPOpen (Event 19; the reducer
 * treats it as Event 20 while its DelayOpenTimer runs), NOTIFICATION is NotifMsgVerErr (Event 24)
 * for an Unsupported Version Number and NotifMsg (Event 25) otherwise.
 * @example transition(state, eventForMessage(decodeMessage(bytes, state.session?.receive)))
 */
export function eventForMessage(message: BgpMessage): FsmEvent {
  checkTyped(message, 'eventForMessage', 'message');
  switch (message.type) {
    case 'OPEN':
      return { type: 'BGPOpen', open: message };
    case 'KEEPALIVE':
      return { type: 'KeepAliveMsg' };
    case 'UPDATE':
      return { type: 'UpdateMsg', update: message };
    case 'NOTIFICATION':
      return message.code === ErrorCode.OpenMessageError && message.subcode === OpenErrorSubcode.UnsupportedVersionNumber
        ? { type: 'NotifMsgVerErr', notification: message }
        : { type: 'NotifMsg', notification: message };
    case 'ROUTE-REFRESH':
      return { type: 'RouteRefreshMsg', message };
  }
}

/**
 * The event for a decoding error (a `BgpError`): OPEN errors are BGPOpenMsgErr (Event 22), UPDATE
 * and ROUTE-REFRESH errors UpdateMsgErr (Event 28), the rest BGPHeaderErr (Event 21); the
 * NOTIFICATION the reducer sends carries the error's code, subcode and data.
 */
export function eventForError(error: NotificationFields): FsmEvent {
  checkObject(error, 'eventForError', 'error');
  const fields: NotificationFields = {
    code: error.code,
    subcode: error.subcode,
    ...(error.data === undefined ? {} : { data: error.data }),
  };
  if (error.code === ErrorCode.OpenMessageError) return { type: 'BGPOpenMsgErr', error: fields };
  if (error.code === ErrorCode.UpdateMessageError || error.code === ErrorCode.RouteRefreshMessageError) {
    return { type: 'UpdateMsgErr', error: fields };
  }
  return { type: 'BGPHeaderErr', error: fields };
}

/**
 * The RFC 4271 section 8.1 number of an event (RFC 9687 section 4.2 for 29), e.g. for
 * management information (section 8.2.1.4); undefined for bgpwire's own events
 * (MessageSent, RouteRefreshMsg).
 */
export function eventNumber(event: FsmEvent): number | undefined {
  checkTyped(event, 'eventNumber', 'event');
  const type: string = event.type;
  return Object.hasOwn(FsmEventNumber, type) ? FsmEventNumber[type as keyof typeof FsmEventNumber] : undefined;
}
