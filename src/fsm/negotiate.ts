import type { GracefulRestartCapability } from '../capabilities/types.ts';
import { ErrorCode, OpenErrorSubcode } from '../iana.ts';
import { contextFor, localAsOf } from '../messages/context-for.ts';
import type { OpenMessage } from '../messages/types.ts';
import { validateOpen } from '../messages/validate-open.ts';
import { localOpen } from './config.ts';
import type { FsmConfig, NegotiatedSession, NotificationFields } from './types.ts';

function isNotificationFields(value: unknown): value is NotificationFields {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as NotificationFields).code === 'number' &&
    typeof (value as NotificationFields).subcode === 'number'
  );
}

/**
 * Checks a received OPEN (validateOpen, RFC 4271 section 6.2) and, when it is acceptable,
 * negotiates the session (contextFor: hold time of section 4.2, capabilities). Never throws:
 * anything unexpected becomes an OPEN Message Error.
 */
export function negotiate(config: FsmConfig, open: OpenMessage): NegotiatedSession | { readonly error: NotificationFields } {
  try {
    if (open === null || typeof open !== 'object' || !Array.isArray(open.capabilities)) {
      return { error: { code: ErrorCode.OpenMessageError, subcode: OpenErrorSubcode.Unspecific } };
    }
    const error = validateOpen(open, config.expectations);
    if (error !== undefined) return { error };
    const local = localOpen(config);
    const peerType = config.expectations.peerType;
    const options = peerType === undefined ? undefined : { peerType };
    const receive = contextFor(open, local, options);
    const send = contextFor(local, open, options);
    const holdTime = receive.holdTime;
    // RFC 4724 section 3: "the receiver ... MUST ignore all but the last instance".
    let gr: GracefulRestartCapability | undefined;
    for (const c of open.capabilities) if (c.type === 'graceful-restart') gr = c;
    const third = Math.floor(holdTime / 3);
    const keepaliveTime = holdTime === 0 ? 0 : Math.max(1, config.keepaliveTime > 0 ? Math.min(config.keepaliveTime, third) : third);
    // RFC 9687 section 4.3: no SendHoldTimer when the negotiated HoldTime is zero.
    const sendHoldTime = holdTime === 0 ? 0 : config.sendHoldTime === 'auto' ? Math.max(480, 2 * holdTime) : config.sendHoldTime;
    return {
      peerAs: localAsOf(open),
      peerBgpId: open.bgpId,
      internal: receive.peerType === 'internal',
      holdTime,
      keepaliveTime,
      sendHoldTime,
      receive,
      send,
      ...(gr === undefined ? {} : { gracefulRestart: gr }),
    };
  } catch (err) {
    if (isNotificationFields(err)) return { error: err };
    return { error: { code: ErrorCode.OpenMessageError, subcode: OpenErrorSubcode.Unspecific } };
  }
}
