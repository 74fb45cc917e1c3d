import { CeaseSubcode, ErrorCode } from '../iana.ts';
import { type Effects, fsmErrorFor } from './effects.ts';
import { errorOf, notifyCease, notifyError } from './steps.ts';
import type { FsmEvent, StopEvent } from './types.ts';

/** Established: the Cease of events 2 and 8 (a Hard Reset when RFC 8538 says so), then the routes. */
function cease(e: Effects, ev: StopEvent): void {
  const hard = notifyCease(e, ev);
  // "sets the ConnectRetryTimer to zero", "deletes all routes associated with this connection",
  e.stop('ConnectRetryTimer').routes(hard ? 'hard-reset' : 'notification-sent');
}

/** The Established close steps after the NOTIFICATION: routes, resources, TCP, counter, damping, Idle. */
function closeEstablished(e: Effects, cause: 'tcp' | 'notification-sent' | 'notification-received' | 'hard-reset', damp: boolean): void {
  // "sets the ConnectRetryTimer to zero", "deletes all routes associated with this connection",
  // "releases all BGP resources", "drops the TCP connection", "increments the ConnectRetryCounter by 1",
  e.stop('ConnectRetryTimer').routes(cause).release().push({ type: 'disconnect' }).increment();
  // "(optionally) performs peer oscillation damping", "changes its state to Idle".
  if (damp) e.damp();
  e.goto('Idle');
}

function restartHoldTimer(e: Effects): void {
  // "restarts its HoldTimer, if the negotiated HoldTime value is non-zero".
  const hold = e.session?.holdTime ?? 0;
  if (hold !== 0) e.start('HoldTimer', hold);
}

/** The Established state of RFC 4271 section 8.2.2, with RFC 9687, RFC 4724 and RFC 8538. */
export function established(e: Effects, ev: FsmEvent): void {
  const s = e.session;
  switch (ev.type) {
    case 'ManualStart':
    case 'AutomaticStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_DampPeerOscillations':
    case 'AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment':
    case 'Tcp_CR_Invalid':
      // "Any Start event (Events 1, 3-7) is ignored in the Established state."
      // "An invalid TCP connection (Tcp_CR_Invalid event (Event 15)) will be ignored."
      return;
    case 'ManualStop':
      // "sends the NOTIFICATION message with a Cease", "sets the ConnectRetryTimer to zero", "deletes all
      // routes", "releases BGP resources", "drops the TCP connection", "sets the ConnectRetryCounter to zero", "Idle".
      cease(e, ev);
      e.release().push({ type: 'disconnect' }).zero().goto('Idle');
      return;
    case 'AutomaticStop':
      // "sends a NOTIFICATION with a Cease", ..., "increments the ConnectRetryCounter by 1", damping, "Idle".
      cease(e, ev);
      e.release().push({ type: 'disconnect' }).increment().damp().goto('Idle');
      return;
    case 'HoldTimer_Expires':
      // "sends a NOTIFICATION message with the Error Code Hold Timer Expired", then the close steps; the routes
      // go with "releases all BGP resources" (kept under RFC 8538 section 4 when the N bit was exchanged).
      e.notify(ErrorCode.HoldTimerExpired, 0);
      closeEstablished(e, 'notification-sent', true);
      return;
    case 'KeepaliveTimer_Expires':
      // "sends a KEEPALIVE message, and restarts its KeepaliveTimer, unless the negotiated HoldTime value is zero."
      e.send({ type: 'KEEPALIVE' });
      if (s !== undefined && s.keepaliveTime > 0) e.start('KeepaliveTimer', s.keepaliveTime);
      return;
    case 'SendHoldTimer_Expires':
      // RFC 9687 section 4.3: "(optionally) sends a NOTIFICATION message with the BGP Error Code "Send Hold
      // Timer Expired"", "logs an error message", "releases all BGP resources", "sets the ConnectRetryTimer to
      // zero", "drops the TCP connection", "increments the ConnectRetryCounter by 1", damping, "Idle".
      e.notify(ErrorCode.SendHoldTimerExpired, 0);
      e.push({ type: 'logError', code: ErrorCode.SendHoldTimerExpired, subcode: 0, reason: 'send hold timer expired' });
      e.routes('tcp').release().stop('ConnectRetryTimer').push({ type: 'disconnect' }).increment().damp().goto('Idle');
      return;
    case 'MessageSent':
      // RFC 9687: "Each time the local system sends a BGP message, it restarts the SendHoldTimer unless the
      // SendHoldTime value is zero or the negotiated HoldTime value is zero". Section 8.2.2: "Each time the
      // local system sends a KEEPALIVE or UPDATE message, it restarts its KeepaliveTimer" (KEEPALIVEs the
      // reducer sends restarted it already).
      if (s !== undefined && s.sendHoldTime !== 0) e.start('SendHoldTimer', s.sendHoldTime);
      if (ev.messageType === 2 && s !== undefined && s.keepaliveTime > 0) e.start('KeepaliveTimer', s.keepaliveTime);
      return;
    case 'TcpConnection_Valid':
      // "A TcpConnection_Valid (Event 14), received for a valid port, will cause the second connection to be tracked."
      e.push({ type: 'trackConnection' });
      return;
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
      if (e.hasGracefulRestart()) {
        // RFC 4724 section 5: "retains all routes", "releases all other BGP resources", "drops the TCP connection
        // associated with the ESTABLISHED session", "initializes all BGP resources", "sets ConnectRetryCounter to
        // zero", "starts the ConnectRetryTimer with the initial value", "changes its state to Connect".
        e.routes('tcp').release().push({ type: 'disconnect' }).push({ type: 'initializeResources' }).zero();
        e.start('ConnectRetryTimer', e.config.connectRetryTime).goto('Connect');
      } else {
        // "the second connection SHALL be tracked until it sends an OPEN message."
        e.push({ type: 'trackConnection' });
      }
      return;
    case 'OpenCollisionDump':
      // "If the BGP implementation determines that this connection needs to be terminated ... sends a NOTIFICATION
      // with a Cease", then the close steps -- only with CollisionDetectEstablishedState (section 8.1.5, Event 23);
      // otherwise ignored (implementation choice).
      if (!e.config.collisionDetectEstablishedState) return;
      e.notify(ErrorCode.Cease, CeaseSubcode.ConnectionCollisionResolution);
      closeEstablished(e, 'notification-sent', true);
      return;
    case 'TcpConnectionFails':
      // "sets the ConnectRetryTimer to zero", "deletes all routes" (RFC 4724: retains them under graceful restart),
      // "releases all the BGP resources", "drops the TCP connection", "increments the ConnectRetryCounter by 1", "Idle".
      closeEstablished(e, 'tcp', false);
      return;
    case 'NotifMsgVerErr':
    case 'NotifMsg': {
      // Same steps as Event 18; RFC 8538: a NOTIFICATION other than Hard Reset is graceful when the N bit was exchanged.
      const n = ev.notification;
      const hard = n !== undefined && n.code === ErrorCode.Cease && n.subcode === CeaseSubcode.HardReset;
      closeEstablished(e, hard ? 'hard-reset' : 'notification-received', false);
      return;
    }
    case 'KeepAliveMsg':
      // "restarts its HoldTimer, if the negotiated HoldTime value is non-zero", "remains in the Established state".
      restartHoldTimer(e);
      return;
    case 'UpdateMsg':
      // "processes the message", "restarts its HoldTimer, if the negotiated HoldTime value is non-zero".
      e.push({ type: 'processUpdate', update: ev.update });
      restartHoldTimer(e);
      return;
    case 'RouteRefreshMsg':
      // Not in RFC 4271: RFC 2918 / RFC 7313 processing; any message received restarts the HoldTimer (section 6.5).
      e.push({ type: 'processRouteRefresh', message: ev.message });
      restartHoldTimer(e);
      return;
    case 'UpdateMsgErr':
    case 'BGPHeaderErr':
      // "sends a NOTIFICATION message with an Update error", then the close steps. Implementation choice for
      // Event 21: section 6.1 ("MUST be indicated by sending the NOTIFICATION message with the Error Code Message
      // Header Error") wins over the FSM Error the Event 9, 12-13, 20-22 paragraph would send.
      notifyError(e, errorOf(ev));
      closeEstablished(e, 'notification-sent', true);
      return;
    default: {
      // "In response to any other event (Events 9, 12-13, 20-22), the local system: sends a NOTIFICATION message
      // with the Error Code Finite State Machine Error" (RFC 6608 subcode 3), "deletes all routes", "sets the
      // ConnectRetryTimer to zero", ... Implementation choice: an OPEN on this connection (Event 19) is the
      // same unexpected message (RFC 6608 section 4); collisions with other connections come as Event 23.
      const err = fsmErrorFor('Established', ev);
      e.notify(err.code, err.subcode, err.data);
      e.routes('notification-sent');
      e.stop('ConnectRetryTimer').release().push({ type: 'disconnect' }).increment().damp().goto('Idle');
      return;
    }
  }
}
