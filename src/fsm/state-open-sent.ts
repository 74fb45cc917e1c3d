import { CeaseSubcode, ErrorCode } from '../iana.ts';
import { type Effects, fsmErrorFor } from './effects.ts';
import { negotiate } from './negotiate.ts';
import { closeToIdle, errorOf, notifyCease, notifyError } from './steps.ts';
import type { FsmEvent } from './types.ts';

/** The OpenSent state of RFC 4271 section 8.2.2. */
export function openSent(e: Effects, ev: FsmEvent): void {
  switch (ev.type) {
    case 'ManualStart':
    case 'AutomaticStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_DampPeerOscillations':
    case 'AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment':
    case 'MessageSent':
    case 'Tcp_CR_Invalid':
      // "The start events (Events 1, 3-7) are ignored in the OpenSent state."
      // "A TCP Connection Request for an Invalid port (Tcp_CR_Invalid (Event 15)) is ignored."
      return;
    case 'ManualStop':
      // "sends the NOTIFICATION with a Cease", "sets the ConnectRetryTimer to zero", "releases all BGP
      // resources", "drops the TCP connection", "sets the ConnectRetryCounter to zero", "changes its state to Idle".
      notifyCease(e, ev);
      e.stop('ConnectRetryTimer').release().push({ type: 'disconnect' }).zero().goto('Idle');
      return;
    case 'AutomaticStop':
      // "sends the NOTIFICATION with a Cease", then the close steps with the counter incremented.
      notifyCease(e, ev);
      closeToIdle(e);
      return;
    case 'HoldTimer_Expires':
      // "sends a NOTIFICATION message with the error code Hold Timer Expired", then the close steps.
      e.notify(ErrorCode.HoldTimerExpired, 0);
      closeToIdle(e);
      return;
    case 'TcpConnection_Valid':
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
      // "a second TCP connection may be in progress. This second TCP connection is tracked per Connection
      // Collision processing (Section 6.8) until an OPEN message is received."
      e.push({ type: 'trackConnection' });
      return;
    case 'TcpConnectionFails':
      // "closes the BGP connection", "restarts the ConnectRetryTimer", "continues to listen for a connection
      // that may be initiated by the remote BGP peer", "changes its state to Active".
      e.push({ type: 'disconnect' }).stop('HoldTimer', true).start('ConnectRetryTimer', e.config.connectRetryTime).goto('Active');
      return;
    case 'BGPOpen': {
      const session = negotiate(e.config, ev.open);
      if ('error' in session) {
        openSent(e, { type: 'BGPOpenMsgErr', error: session.error });
        return;
      }
      // "resets the DelayOpenTimer to zero", "sets the BGP ConnectRetryTimer to zero", "sends a KEEPALIVE message",
      e.stop('DelayOpenTimer', true).stop('ConnectRetryTimer', true).send({ type: 'KEEPALIVE' });
      e.session = session;
      // "sets a KeepaliveTimer", "sets the HoldTimer according to the negotiated value";
      // "If the negotiated hold time value is zero, then the HoldTimer and KeepaliveTimer are not started."
      if (session.holdTime !== 0) e.start('KeepaliveTimer', session.keepaliveTime).start('HoldTimer', session.holdTime);
      else e.stop('HoldTimer', true);
      // "changes its state to OpenConfirm".
      e.goto('OpenConfirm');
      return;
    }
    case 'BGPHeaderErr':
    case 'BGPOpenMsgErr':
      // "sends a NOTIFICATION message with the appropriate error code", then the close steps.
      notifyError(e, errorOf(ev));
      closeToIdle(e);
      return;
    case 'OpenCollisionDump':
      // "sends a NOTIFICATION with a Cease", then the close steps (RFC 4486 subcode 7).
      e.notify(ErrorCode.Cease, CeaseSubcode.ConnectionCollisionResolution);
      closeToIdle(e);
      return;
    case 'NotifMsgVerErr':
      // "sets the ConnectRetryTimer to zero", "releases all BGP resources", "drops the TCP connection",
      // "changes its state to Idle".
      e.stop('ConnectRetryTimer').release().push({ type: 'disconnect' }).goto('Idle');
      return;
    default: {
      // "In response to any other event (Events 9, 11-13, 20, 25-28), the local system: sends the
      // NOTIFICATION with the Error Code Finite State Machine Error" (RFC 6608 subcode 1), then the close steps.
      const err = fsmErrorFor('OpenSent', ev);
      e.notify(err.code, err.subcode, err.data);
      closeToIdle(e);
      return;
    }
  }
}
