import type { Effects } from './effects.ts';
import type { FsmEvent } from './types.ts';

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

/** The Idle state of RFC 4271 section 8.2.2. */
export function idle(e: Effects, ev: FsmEvent): void {
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
