import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FSM_STATE_NAMES, FsmEventNumber, initialState, transition } from '../../src/fsm/index.ts';
import type { FsmEvent, FsmOptions, FsmState, TimerName } from '../../src/fsm/index.ts';
import type { Capability } from '../../src/capabilities/types.ts';
import type { OpenMessage } from '../../src/messages/types.ts';
import { BASE, eventOf, PEER_OPEN } from './helpers.ts';

const runs = process.env.BGPWIRE_SLOW === '1' ? 5000 : 300;

const GR: Capability = { type: 'graceful-restart', restarting: false, notification: true, restartTime: 120, families: [{ afi: 1, safi: 1, forwarding: true }] };

const optionsArb: fc.Arbitrary<Partial<FsmOptions>> = fc.record(
  {
    holdTime: fc.constantFrom(0, 3, 9, 90, 180),
    delayOpen: fc.boolean(),
    dampPeerOscillations: fc.boolean(),
    allowAutomaticStart: fc.boolean(),
    passiveTcpEstablishment: fc.boolean(),
    sendNotificationWithoutOpen: fc.boolean(),
    collisionDetectEstablishedState: fc.boolean(),
    sendHoldTime: fc.constantFrom<number | 'auto'>(0, 'auto', 600),
    capabilities: fc.constantFrom<readonly Capability[]>([], [GR], [GR, { type: 'as4', asn: 65001 }]),
  },
  { requiredKeys: [] },
);

const openArb: fc.Arbitrary<OpenMessage> = fc.record({
  type: fc.constant('OPEN' as const),
  version: fc.constantFrom(4, 4, 4, 3),
  myAs: fc.constantFrom(65002, 65002, 65001, 64999),
  holdTime: fc.constantFrom(0, 1, 3, 30, 90, 65535),
  bgpId: fc.constantFrom('192.0.2.2', '192.0.2.1', '0.0.0.0'),
  capabilities: fc.constantFrom<readonly Capability[]>([], [GR], [{ type: 'as4', asn: 65002 }]),
});

const eventArb: fc.Arbitrary<FsmEvent> = fc.oneof(
  // Every RFC event, several times more likely than the odd ones.
  fc.integer({ min: 1, max: 29 }).map((n) => eventOf(n)),
  fc.integer({ min: 1, max: 29 }).map((n) => eventOf(n)),
  fc.tuple(fc.constantFrom<'BGPOpen' | 'BGPOpen_with_DelayOpenTimer_running'>('BGPOpen', 'BGPOpen_with_DelayOpenTimer_running'), openArb).map(([type, open]) => ({ type, open })),
  fc.record({ type: fc.constantFrom<'ManualStop' | 'AutomaticStop'>('ManualStop', 'AutomaticStop'), subcode: fc.integer({ min: -1, max: 300 }), hardReset: fc.boolean() }),
  fc.record({ type: fc.constant('MessageSent' as const), messageType: fc.integer({ min: 1, max: 5 }) }),
  fc.constant<FsmEvent>({ type: 'RouteRefreshMsg', message: { type: 'ROUTE-REFRESH', afi: 1, safi: 1, subtype: 0 } }),
  fc.constant<FsmEvent>({ type: 'NotifMsg', notification: { type: 'NOTIFICATION', code: 6, subcode: 9, data: Uint8Array.of(6, 2) } }),
  fc.integer({ min: 1, max: 29 }).chain((n) => fc.double({ min: -1, max: 2, noNaN: false }).map((jitter) => ({ ...eventOf(n), jitter }))),
  // Garbage a careless caller might pass: the reducer must not throw.
  fc.constantFrom<unknown>({ type: 'NoSuchEvent' }, { type: 'BGPOpen' }, { type: 'UpdateMsgErr' }, { type: 'ManualStop', data: 'x' }, null, 42).map((x) => x as FsmEvent),
);

/** The usual ways into each state, so random runs start everywhere. */
const prefixArb: fc.Arbitrary<FsmEvent[]> = fc.constantFrom<FsmEvent[]>(
  [],
  [{ type: 'ManualStart' }],
  [{ type: 'ManualStart_with_PassiveTcpEstablishment' }],
  [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }],
  [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, { type: 'DelayOpenTimer_Expires' }],
  [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, { type: 'BGPOpen', open: PEER_OPEN }],
  [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, { type: 'BGPOpen', open: PEER_OPEN }, { type: 'KeepAliveMsg' }],
);

const EXPIRES: Record<string, TimerName> = {
  ConnectRetryTimer_Expires: 'ConnectRetryTimer',
  HoldTimer_Expires: 'HoldTimer',
  KeepaliveTimer_Expires: 'KeepaliveTimer',
  DelayOpenTimer_Expires: 'DelayOpenTimer',
  IdleHoldTimer_Expires: 'IdleHoldTimer',
  SendHoldTimer_Expires: 'SendHoldTimer',
};

function checkStep(before: FsmState, event: FsmEvent, after: FsmState, actions: readonly { type: string; timer?: TimerName; seconds?: number; value?: number; from?: string; to?: string }[]): void {
  expect(FSM_STATE_NAMES).toContain(after.name);
  // The timers in the state are exactly what the actions did to them.
  const timers: Record<string, number> = { ...before.timers };
  const type = (event as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && EXPIRES[type] !== undefined && FSM_STATE_NAMES.includes(before.name)) delete timers[EXPIRES[type]];
  let counter = before.connectRetryCounter;
  const changes = actions.filter((a) => a.type === 'stateChange');
  for (const a of actions) {
    if (a.type === 'startTimer') timers[a.timer as string] = a.seconds as number;
    if (a.type === 'stopTimer') delete timers[a.timer as string];
    if (a.type === 'incrementConnectRetryCounter') counter += 1;
    if (a.type === 'zeroConnectRetryCounter') counter = 0;
  }
  expect(after.timers).toEqual(timers);
  expect(after.connectRetryCounter).toBe(counter);
  // At most one state change, the last action, from the old state to the new one.
  expect(changes.length).toBeLessThanOrEqual(1);
  if (changes.length === 1) {
    expect(actions[actions.length - 1]).toEqual({ type: 'stateChange', from: before.name, to: after.name });
  } else {
    expect(after.name).toBe(before.name);
  }
  for (const a of actions) if (a.type === 'startTimer') expect(Number.isFinite(a.seconds) && (a.seconds as number) >= 0).toBe(true);
}

function checkInvariants(s: FsmState): void {
  const running = Object.keys(s.timers);
  switch (s.name) {
    case 'Idle':
      // "In Idle only the IdleHoldTimer of DampPeerOscillations may run."
      expect(running.filter((t) => t !== 'IdleHoldTimer')).toEqual([]);
      if (running.length > 0) expect(s.config.dampPeerOscillations).toBe(true);
      expect(s.session).toBeUndefined();
      break;
    case 'Connect':
    case 'Active':
      expect(s.session).toBeUndefined();
      expect(s.timers.HoldTimer === undefined || s.timers.HoldTimer === s.config.largeHoldTime).toBe(true);
      break;
    case 'OpenSent':
      // Section 8.2.2: the HoldTimer runs with the large value (4 minutes suggested).
      expect(s.timers.HoldTimer).toBe(s.config.largeHoldTime);
      expect(s.session).toBeUndefined();
      break;
    case 'OpenConfirm':
    case 'Established': {
      const session = s.session;
      expect(session).toBeDefined();
      if (session === undefined) return;
      // The HoldTimer and KeepaliveTimer run exactly when the negotiated hold time is not zero.
      expect(s.timers.HoldTimer !== undefined).toBe(session.holdTime !== 0);
      expect(s.timers.KeepaliveTimer !== undefined).toBe(session.holdTime !== 0);
      if (session.holdTime !== 0) expect(s.timers.HoldTimer).toBe(session.holdTime);
      expect(session.keepaliveTime).toBeLessThanOrEqual(Math.floor(session.holdTime / 3) || 0);
      if (s.name === 'Established') expect(s.timers.SendHoldTimer !== undefined).toBe(session.sendHoldTime !== 0);
      else expect(s.timers.SendHoldTimer).toBeUndefined();
      break;
    }
  }
  expect(s.timers.IdleHoldTimer === undefined || s.name === 'Idle' || s.config.dampPeerOscillations).toBe(true);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('FSM properties (fast-check)', () => {
  it('random event sequences from any state never throw, stay in the six states and keep the invariants', () => {
    fc.assert(
      fc.property(optionsArb, prefixArb, fc.array(eventArb, { maxLength: 40 }), (options, prefix, events) => {
        let s = initialState({ ...BASE, ...options });
        for (const ev of [...prefix, ...events]) {
          const r = transition(s, ev);
          checkStep(s, ev, r.state, r.actions as never);
          checkInvariants(r.state);
          s = r.state;
        }
      }),
      { numRuns: runs },
    );
  });

  it('the state survives JSON, the reducer is deterministic on the copy and never writes to its input', () => {
    fc.assert(
      fc.property(optionsArb, prefixArb, fc.array(eventArb, { maxLength: 20 }), (options, prefix, events) => {
        let s = initialState({ ...BASE, ...options });
        for (const ev of [...prefix, ...events]) {
          const copy = JSON.parse(JSON.stringify(s)) as FsmState;
          expect(copy).toEqual(s);
          // Pure: the input is never written to (a frozen state would throw in strict mode).
          const a = transition(deepFreeze(s), ev);
          const b = transition(copy, ev);
          expect(b).toEqual(a);
          s = a.state;
        }
      }),
      { numRuns: runs },
    );
  });

  it('covers every RFC event number', () => {
    expect(Object.values(FsmEventNumber).sort((a, b) => a - b)).toEqual(Array.from({ length: 29 }, (_, i) => i + 1));
  });
});
