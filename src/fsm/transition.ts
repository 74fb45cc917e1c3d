import { CeaseSubcode, ErrorCode } from '../iana.ts';
import { FSM_STATE_NAMES, FsmEventNumber } from './types.ts';
import type { FsmEvent, FsmResult, FsmState, NotificationFields, OpenEvent, StopEvent, TimerName } from './types.ts';
import { localOpen } from './config.ts';
import { Effects, fsmErrorFor, suggestsHardReset } from './effects.ts';
import { negotiate } from './negotiate.ts';

const EMPTY: Uint8Array = new Uint8Array(0);

const EXPIRES: Readonly<Record<string, TimerName>> = {
  ConnectRetryTimer_Expires: 'ConnectRetryTimer',
  HoldTimer_Expires: 'HoldTimer',
  KeepaliveTimer_Expires: 'KeepaliveTimer',
  DelayOpenTimer_Expires: 'DelayOpenTimer',
  IdleHoldTimer_Expires: 'IdleHoldTimer',
  SendHoldTimer_Expires: 'SendHoldTimer',
};

function isKnownEvent(event: unknown): event is FsmEvent {
  if (event === null || typeof event !== 'object') return false;
  const type = (event as { type?: unknown }).type;
  return typeof type === 'string' && (Object.hasOwn(FsmEventNumber, type) || type === 'MessageSent' || type === 'RouteRefreshMsg');
}

/**
 * The BGP finite state machine of RFC 4271 section 8.2.2 as a pure reducer: the next state
 * and the actions to perform, in the order the RFC lists them. No I/O, clock or randomness;
 * never throws on any event (an unknown one changes nothing).
 * @example
 * let s = initialState({ localAs: 65001, bgpId: '192.0.2.1', expectations: { peerAs: 65002 } });
 * ({ state: s, actions } = transition(s, { type: 'ManualStart' }));
 */
export function transition(state: FsmState, event: FsmEvent): FsmResult {
  if (!isKnownEvent(event) || !FSM_STATE_NAMES.includes(state.name)) return { state, actions: [] };
  const e = new Effects(state, event);
  // A timer that expired no longer runs.
  const expired = EXPIRES[event.type];
  if (expired !== undefined) delete e.timers[expired];
  let ev: FsmEvent = event;
  // Section 8.1.5: an OPEN received while the DelayOpenTimer runs is Event 20, not Event 19.
  if (ev.type === 'BGPOpen' && e.isRunning('DelayOpenTimer')) ev = { ...ev, type: 'BGPOpen_with_DelayOpenTimer_running' };
  switch (state.name) {
    case 'Idle':
      idle(e, ev);
      break;
    case 'Connect':
      connectOrActive(e, ev, 'Connect');
      break;
    case 'Active':
      connectOrActive(e, ev, 'Active');
      break;
    case 'OpenSent':
      openSent(e, ev);
      break;
    case 'OpenConfirm':
      openConfirm(e, ev);
      break;
    case 'Established':
      established(e, ev);
      break;
  }
  return e.result();
}

function errorOf(event: { readonly error?: NotificationFields }): NotificationFields {
  const err = event.error;
  return err !== null && typeof err === 'object' && typeof err.code === 'number' && typeof err.subcode === 'number'
    ? err
    : { code: ErrorCode.MessageHeaderError, subcode: 0 };
}

function notifyError(e: Effects, err: NotificationFields): void {
  e.notify(err.code, err.subcode, err.data instanceof Uint8Array ? err.data : EMPTY);
}

function dataOf(event: StopEvent): Uint8Array {
  return event.data instanceof Uint8Array ? event.data : EMPTY;
}

function ceaseSubcode(event: StopEvent): number {
  const sub = event.subcode;
  if (typeof sub === 'number' && Number.isInteger(sub) && sub >= 0 && sub <= 255) return sub;
  return event.type === 'ManualStop' ? CeaseSubcode.AdministrativeShutdown : 0;
}

/**
 * "sets the ConnectRetryTimer to zero, releases all BGP resources, drops the TCP connection,
 * increments the ConnectRetryCounter by 1, (optionally) performs peer oscillation damping if the
 * DampPeerOscillations attribute is set to TRUE, and changes its state to Idle."
 */
function closeToIdle(e: Effects): void {
  e.stop('ConnectRetryTimer').release().push({ type: 'disconnect' }).increment().damp().goto('Idle');
}

/** The start steps of the Idle state (events 1, 3 to Connect; 4, 5 to Active). */
function start(e: Effects, passive: boolean): void {
  e.stop('IdleHoldTimer', true);
  // "initializes all BGP resources", "sets ConnectRetryCounter to zero",
  // "starts the ConnectRetryTimer with the initial value",
  e.push({ type: 'initializeResources' }).zero().start('ConnectRetryTimer', e.config.connectRetryTime);
  // "initiates a TCP connection to the other BGP peer" (not when passive),
  if (!passive) e.push({ type: 'connect' });
  // "listens for a connection that may be initiated by the remote BGP peer", "changes its state to Connect/Active".
  e.push({ type: 'listen' }).goto(passive ? 'Active' : 'Connect');
}

function idle(e: Effects, ev: FsmEvent): void {
  switch (ev.type) {
    case 'ManualStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
      // An operator start ends any damping back-off.
      e.idleHoldTime = e.config.idleHoldTime;
      start(e, ev.type !== 'ManualStart');
      return;
    case 'AutomaticStart':
      start(e, false);
      return;
    case 'AutomaticStart_with_PassiveTcpEstablishment':
      start(e, true);
      return;
    case 'AutomaticStart_with_DampPeerOscillations':
    case 'AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment':
      // Implementation choice (section 8.2.2 leaves damping open): held while the IdleHoldTimer runs.
      if (!e.config.dampPeerOscillations || e.isRunning('IdleHoldTimer')) return;
      start(e, ev.type !== 'AutomaticStart_with_DampPeerOscillations');
      return;
    case 'IdleHoldTimer_Expires':
      // Implementation choice: the back-off is over; restart automatically when allowed.
      if (e.config.dampPeerOscillations && e.config.allowAutomaticStart) start(e, e.config.passiveTcpEstablishment);
      return;
    case 'TcpConnection_Valid':
      // Implementation choice: "In this state, BGP FSM refuses all incoming BGP connections for this peer."
      e.push({ type: 'rejectConnection' });
      return;
    default:
      // "The ManualStop event (Event 2) and AutomaticStop (Event 8) event are ignored in the Idle state."
      // "Any other event (Events 9-12, 15-28) received in the Idle state does not cause change in the state".
      return;
  }
}

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

function connectOrActive(e: Effects, ev: FsmEvent, name: 'Connect' | 'Active'): void {
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
        if (e.isRunning('DelayOpenTimer') && e.config.sendNotificationWithoutOpen) e.notify(ErrorCode.Cease, ceaseSubcode(ev), dataOf(ev));
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

function openSent(e: Effects, ev: FsmEvent): void {
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
      e.notify(ErrorCode.Cease, ceaseSubcode(ev), dataOf(ev));
      e.stop('ConnectRetryTimer').release().push({ type: 'disconnect' }).zero().goto('Idle');
      return;
    case 'AutomaticStop':
      // "sends the NOTIFICATION with a Cease", then the close steps with the counter incremented.
      e.notify(ErrorCode.Cease, ceaseSubcode(ev), dataOf(ev));
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

function openConfirm(e: Effects, ev: FsmEvent): void {
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
      e.notify(ErrorCode.Cease, ceaseSubcode(ev), dataOf(ev));
      e.release().push({ type: 'disconnect' }).zero().stop('ConnectRetryTimer').goto('Idle');
      return;
    case 'AutomaticStop':
      e.notify(ErrorCode.Cease, ceaseSubcode(ev), dataOf(ev));
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

/** Established: the Cease of events 2 and 8, as a Hard Reset when RFC 8538 says so. */
function cease(e: Effects, ev: StopEvent): void {
  const sub = ceaseSubcode(ev);
  const data = dataOf(ev);
  const hard = e.session?.send.hardReset === true && (ev.hardReset ?? suggestsHardReset(sub));
  if (hard && sub !== CeaseSubcode.HardReset) {
    // RFC 8538 section 3.1: the Hard Reset carries the original code, subcode and data.
    const wrapped = new Uint8Array(2 + data.length);
    wrapped[0] = ErrorCode.Cease;
    wrapped[1] = sub;
    wrapped.set(data, 2);
    e.notify(ErrorCode.Cease, CeaseSubcode.HardReset, wrapped);
  } else {
    e.notify(ErrorCode.Cease, sub, data);
  }
  // "sets the ConnectRetryTimer to zero", "deletes all routes associated with this connection",
  e.stop('ConnectRetryTimer').routes(hard || sub === CeaseSubcode.HardReset ? 'hard-reset' : 'notification-sent');
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

function established(e: Effects, ev: FsmEvent): void {
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
      if (s?.gracefulRestart !== undefined && s.gracefulRestart.families.length > 0) {
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
