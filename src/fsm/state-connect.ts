import { localOpen } from './config.ts';
import type { Effects } from './effects.ts';
import { negotiate } from './negotiate.ts';
import { closeToIdle, errorOf, notifyCease, notifyError } from './steps.ts';
import type { FsmEvent, OpenEvent } from './types.ts';

/** Event 20 in Connect and Active: the OPEN arrived while this speaker was delaying its own. */
function acceptDelayedOpen(e: Effects, ev: OpenEvent, name: 'Connect' | 'Active'): void {
  const session = negotiate(e.config, ev.open);
  if ('error' in session) {
    connectOrActive(e, { type: 'BGPOpenMsgErr', error: session.error }, name);
    return;
  }
  // "stops the ConnectRetryTimer (if running) and sets the ConnectRetryTimer to zero",
  // "completes the BGP initialization", "stops and clears the DelayOpenTimer (sets the value to zero)",
  e.stop('ConnectRetryTimer', true).stop('DelayOpenTimer');
  // "sends an OPEN message", "sends a KEEPALIVE message",
  e.send(localOpen(e.config)).send({ type: 'KEEPALIVE' });
  e.session = session;
  if (session.holdTime !== 0) {
    // "starts the KeepaliveTimer with the initial value and resets the HoldTimer to the negotiated value",
    e.start('KeepaliveTimer', session.keepaliveTime).start('HoldTimer', session.holdTime);
  } else {
    // "resets the KeepaliveTimer and resets the HoldTimer value to zero",
    e.stop('KeepaliveTimer', true).stop('HoldTimer', true);
  }
  // "and changes its state to OpenConfirm."
  e.goto('OpenConfirm');
}

/** Sends this speaker's OPEN with the large HoldTimer and moves to OpenSent (events 12, 16, 17). */
function sendOpen(e: Effects): void {
  // "sends an OPEN message to its peer", "sets the HoldTimer to a large value", "changes its state to OpenSent".
  e.send(localOpen(e.config)).start('HoldTimer', e.config.largeHoldTime).goto('OpenSent');
}

/** The Connect and Active states of RFC 4271 section 8.2.2 (they differ in a few steps). */
export function connectOrActive(e: Effects, ev: FsmEvent, name: 'Connect' | 'Active'): void {
  switch (ev.type) {
    case 'ManualStart':
    case 'AutomaticStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_DampPeerOscillations':
    case 'AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment':
    case 'MessageSent':
      // "The start events (Events 1, 3-7) are ignored in the Connect [Active] state."
      return;
    case 'ManualStop':
      if (name === 'Connect') {
        // "drops the TCP connection", "releases all BGP resources", "sets ConnectRetryCounter to zero",
        // "stops the ConnectRetryTimer and sets ConnectRetryTimer to zero", "changes its state to Idle".
        e.push({ type: 'disconnect' }).release().zero().stop('ConnectRetryTimer').goto('Idle');
      } else {
        // "If the DelayOpenTimer is running and the SendNOTIFICATIONwithoutOPEN session attribute is set,
        // the local system sends a NOTIFICATION with a Cease",
        if (e.isRunning('DelayOpenTimer') && e.config.sendNotificationWithoutOpen) notifyCease(e, ev);
        // "releases all BGP resources including stopping the DelayOpenTimer", "drops the TCP connection",
        // "sets ConnectRetryCounter to zero", "stops the ConnectRetryTimer ...", "changes its state to Idle".
        e.release().push({ type: 'disconnect' }).zero().stop('ConnectRetryTimer').goto('Idle');
      }
      return;
    case 'ConnectRetryTimer_Expires':
      if (name === 'Connect') {
        // "drops the TCP connection", "restarts the ConnectRetryTimer", "stops the DelayOpenTimer and resets
        // the timer to zero", "initiates a TCP connection", "continues to listen", "stays in the Connect state".
        e.push({ type: 'disconnect' }).start('ConnectRetryTimer', e.config.connectRetryTime).stop('DelayOpenTimer').push({ type: 'connect' });
      } else if (e.config.passiveTcpEstablishment) {
        // Section 8.1.1 option 5, PassiveTcpEstablishment: "the BGP FSM will passively wait for the remote BGP
        // peer to establish the BGP TCP connection". Implementation choice: the ConnectRetryTimer is restarted,
        // no TCP connection is initiated, and the FSM stays in Active, listening.
        e.start('ConnectRetryTimer', e.config.connectRetryTime);
      } else {
        // "restarts the ConnectRetryTimer (with initial value)", "initiates a TCP connection to the other BGP
        // peer", "continues to listen", "changes its state to Connect".
        e.start('ConnectRetryTimer', e.config.connectRetryTime).push({ type: 'connect' }).goto('Connect');
      }
      return;
    case 'DelayOpenTimer_Expires':
      // Active: "sets the ConnectRetryTimer to zero", "stops and clears the DelayOpenTimer (set to zero)",
      // "completes the BGP initialization"; both: "sends an OPEN message", "sets the HoldTimer to a large value".
      if (name === 'Active') e.stop('ConnectRetryTimer');
      sendOpen(e);
      return;
    case 'TcpConnection_Valid':
      // "the TCP connection is processed, and the connection remains in the Connect state" /
      // "processes the TCP connection flags and stays in the Active state".
      e.push({ type: 'acceptConnection' });
      return;
    case 'Tcp_CR_Invalid':
      // "the local system rejects the TCP connection, and the connection remains in the Connect state".
      e.push({ type: 'rejectConnection' });
      return;
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
      // "stops the ConnectRetryTimer (if running) and sets the ConnectRetryTimer to zero",
      e.stop('ConnectRetryTimer', name === 'Connect');
      // DelayOpen TRUE: "sets the DelayOpenTimer to the initial value", "stays in the Connect state";
      // FALSE: "completes BGP initialization", "sends an OPEN message", "sets the HoldTimer to a large value".
      if (e.config.delayOpen) e.start('DelayOpenTimer', e.config.delayOpenTime);
      else sendOpen(e);
      return;
    case 'TcpConnectionFails':
      if (name === 'Connect' && e.isRunning('DelayOpenTimer')) {
        // "restarts the ConnectRetryTimer with the initial value", "stops the DelayOpenTimer and resets its
        // value to zero", "continues to listen", "changes its state to Active".
        e.start('ConnectRetryTimer', e.config.connectRetryTime).stop('DelayOpenTimer').goto('Active');
      } else if (name === 'Connect') {
        // "stops the ConnectRetryTimer to zero", "drops the TCP connection", "releases all BGP resources",
        // "changes its state to Idle".
        e.stop('ConnectRetryTimer').push({ type: 'disconnect' }).release().goto('Idle');
      } else {
        // Active: "restarts the ConnectRetryTimer (with the initial value)" -- deviation: it is stopped,
        // since the next state is Idle where Event 9 is ignored. "stops and clears the DelayOpenTimer",
        // "releases all BGP resource", "increments the ConnectRetryCounter by 1", damping, "Idle".
        e.stop('ConnectRetryTimer').stop('DelayOpenTimer').release().increment().damp().goto('Idle');
      }
      return;
    case 'BGPOpen_with_DelayOpenTimer_running':
      acceptDelayedOpen(e, ev, name);
      return;
    case 'BGPHeaderErr':
    case 'BGPOpenMsgErr':
      // "(optionally) If the SendNOTIFICATIONwithoutOPEN attribute is set to TRUE, then the local system
      // first sends a NOTIFICATION message with the appropriate error code", then the close steps.
      if (e.config.sendNotificationWithoutOpen) notifyError(e, errorOf(ev));
      if (name === 'Connect') {
        // "stops the ConnectRetryTimer (if running)", "releases all BGP resources", "drops the TCP connection",
        // "increments the ConnectRetryCounter by 1", damping, "changes its state to Idle".
        e.stop('ConnectRetryTimer', true).release().push({ type: 'disconnect' }).increment().damp().goto('Idle');
      } else {
        closeToIdle(e);
      }
      return;
    case 'NotifMsgVerErr':
      if (e.isRunning('DelayOpenTimer')) {
        // "stops the ConnectRetryTimer (if running)", "stops and resets the DelayOpenTimer (sets to zero)",
        // "releases all BGP resources", "drops the TCP connection", "changes its state to Idle".
        e.stop('ConnectRetryTimer', true).stop('DelayOpenTimer').release().push({ type: 'disconnect' }).goto('Idle');
      } else {
        // "stops the ConnectRetryTimer", "releases all BGP resources", "drops the TCP connection",
        // "increments the ConnectRetryCounter by 1", damping, "changes its state to Idle".
        closeToIdle(e);
      }
      return;
    default:
      // "In response to any other events (Events 8, 10-11, 13, 19, 23, 25-28), the local system:"
      // Connect: "if the ConnectRetryTimer is running, stops and resets" it; "if the DelayOpenTimer is running,
      // stops and resets" it. Active: "sets the ConnectRetryTimer to zero". Then "releases all BGP resources",
      // "drops the TCP connection", "increments the ConnectRetryCounter by 1", damping, "changes its state to Idle".
      if (name === 'Connect') e.stop('ConnectRetryTimer', true).stop('DelayOpenTimer', true);
      else e.stop('ConnectRetryTimer');
      e.release().push({ type: 'disconnect' }).increment().damp().goto('Idle');
      return;
  }
}
