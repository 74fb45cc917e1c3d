import { CeaseSubcode, ErrorCode } from '../iana.ts';
import { type Effects, fsmErrorFor } from './effects.ts';
import { closeToIdle, errorOf, notifyCease, notifyError } from './steps.ts';
import type { FsmEvent } from './types.ts';

/** The OpenConfirm state of RFC 4271 section 8.2.2. */
export function openConfirm(e: Effects, ev: FsmEvent): void {
  switch (ev.type) {
    case 'ManualStart':
    case 'AutomaticStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_DampPeerOscillations':
    case 'AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment':
    case 'MessageSent':
    case 'Tcp_CR_Invalid':
      // "Any start event (Events 1, 3-7) is ignored in the OpenConfirm state."
      // "If a TCP connection is attempted with an invalid port (Event 15), the local system will ignore".
      return;
    case 'ManualStop':
      // "sends the NOTIFICATION message with a Cease", "releases all BGP resources", "drops the TCP connection",
      // "sets the ConnectRetryCounter to zero", "sets the ConnectRetryTimer to zero", "changes its state to Idle".
      notifyCease(e, ev);
      e.release().push({ type: 'disconnect' }).zero().stop('ConnectRetryTimer').goto('Idle');
      return;
    case 'AutomaticStop':
      notifyCease(e, ev);
      closeToIdle(e);
      return;
    case 'HoldTimer_Expires':
      // "sends the NOTIFICATION message with the Error Code Hold Timer Expired", then the close steps.
      e.notify(ErrorCode.HoldTimerExpired, 0);
      closeToIdle(e);
      return;
    case 'KeepaliveTimer_Expires':
      // "sends a KEEPALIVE message", "restarts the KeepaliveTimer", "remains in the OpenConfirmed state".
      e.send({ type: 'KEEPALIVE' });
      if ((e.session?.keepaliveTime ?? 0) > 0) e.start('KeepaliveTimer', e.session?.keepaliveTime ?? 0);
      return;
    case 'TcpConnection_Valid':
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
      // "the local system needs to track the second connection."
      e.push({ type: 'trackConnection' });
      return;
    case 'TcpConnectionFails':
    case 'NotifMsg':
      // "sets the ConnectRetryTimer to zero", "releases all BGP resources", "drops the TCP connection",
      // "increments the ConnectRetryCounter by 1", damping, "changes its state to Idle".
      closeToIdle(e);
      return;
    case 'NotifMsgVerErr':
      // "sets the ConnectRetryTimer to zero", "releases all BGP resources", "drops the TCP connection", "Idle".
      e.stop('ConnectRetryTimer').release().push({ type: 'disconnect' }).goto('Idle');
      return;
    case 'BGPHeaderErr':
    case 'BGPOpenMsgErr':
      // "sends a NOTIFICATION message with the appropriate error code", then the close steps.
      notifyError(e, errorOf(ev));
      closeToIdle(e);
      return;
    case 'OpenCollisionDump':
      // "sends a NOTIFICATION with a Cease", then the close steps.
      e.notify(ErrorCode.Cease, CeaseSubcode.ConnectionCollisionResolution);
      closeToIdle(e);
      return;
    case 'KeepAliveMsg': {
      const s = e.session;
      // "restarts the HoldTimer", RFC 9687: "starts the SendHoldTimer if the SendHoldTime is non-zero",
      // "changes its state to Established".
      if (s !== undefined && s.holdTime !== 0) e.start('HoldTimer', s.holdTime);
      if (s !== undefined && s.sendHoldTime !== 0) e.start('SendHoldTimer', s.sendHoldTime);
      e.goto('Established');
      return;
    }
    default: {
      // "In response to any other event (Events 9, 12-13, 20, 27-28), the local system: sends a NOTIFICATION
      // with a code of Finite State Machine Error" (RFC 6608 subcode 2), then the close steps. Implementation
      // choice: a second OPEN on this connection (Event 19) is such an unexpected message too (RFC 6608 section 4).
      const err = fsmErrorFor('OpenConfirm', ev);
      e.notify(err.code, err.subcode, err.data);
      closeToIdle(e);
      return;
    }
  }
}
