import { Effects } from './effects.ts';
import { connectOrActive } from './state-connect.ts';
import { established } from './state-established.ts';
import { idle } from './state-idle.ts';
import { openConfirm } from './state-open-confirm.ts';
import { openSent } from './state-open-sent.ts';
import { FSM_STATE_NAMES, FsmEventNumber } from './types.ts';
import type { FsmEvent, FsmResult, FsmState, TimerName } from './types.ts';
import { checkObject } from '../wire/args.ts';

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
  checkObject(state, 'transition', 'state');
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
  automaticRestart(e, state, event);
  return e.result();
}

/**
 * Implementation choices for a driver that keeps sessions up by itself (DampPeerOscillations and
 * AllowAutomaticStart both set, section 8.1.1): every drop to Idle other than a ManualStop waits
 * out the IdleHoldTimer, whose expiry (Event 13) restarts the session, so a peer that keeps
 * failing is retried with a growing back-off and never in a tight loop; and a session that
 * reaches Established starts the back-off over from IdleHoldTime.
 */
function automaticRestart(e: Effects, from: FsmState, event: FsmEvent): void {
  if (!e.config.dampPeerOscillations || !e.config.allowAutomaticStart) return;
  if (e.name === 'Established' && from.name !== 'Established') e.idleHoldTime = e.config.idleHoldTime;
  if (e.name !== 'Idle' || from.name === 'Idle' || event.type === 'ManualStop' || e.isRunning('IdleHoldTimer')) return;
  // The damping steps go before the state change, which stays the last action.
  const change = e.actions.pop();
  e.damp();
  if (change !== undefined) e.actions.push(change);
}
