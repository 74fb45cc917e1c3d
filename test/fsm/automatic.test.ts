import { describe, expect, it } from 'vitest';
import { transition } from '../../src/fsm/index.ts';
import type { FsmEvent, FsmState } from '../../src/fsm/index.ts';
import { fmt, reach } from './helpers.ts';

function run(s: FsmState, events: readonly FsmEvent[]): { state: FsmState; actions: string[] } {
  let actions: string[] = [];
  for (const ev of events) {
    const r = transition(s, ev);
    s = r.state;
    actions = r.actions.map(fmt);
  }
  return { state: s, actions };
}

// The two attributes a session driver (bgpwire/node's Peer) runs with: PassiveTcpEstablishment
// for a peer that must never connect, and DampPeerOscillations + AllowAutomaticStart for a
// session that comes back by itself after any failure, with back-off.
describe('PassiveTcpEstablishment (RFC 4271 section 8.1.1 option 5)', () => {
  it('Active, Event 9: restarts the ConnectRetryTimer, initiates no TCP connection, stays in Active', () => {
    const r = run(reach('Active', { passiveTcpEstablishment: true }), [{ type: 'ConnectRetryTimer_Expires' }]);
    expect(r.actions).toEqual(['start ConnectRetryTimer 120']);
    expect(r.state.name).toBe('Active');
  });

  it('without it, Active Event 9 connects (the RFC text): the planted bug the test above catches', () => {
    const r = run(reach('Active'), [{ type: 'ConnectRetryTimer_Expires' }]);
    expect(r.actions).toEqual(['start ConnectRetryTimer 120', 'connect', '→ Connect']);
  });

  it('a passive FSM never emits connect, whatever the timer and TCP events', () => {
    let s = reach('Active', { passiveTcpEstablishment: true, dampPeerOscillations: true, allowAutomaticStart: true, idleHoldTime: 1 });
    const events: FsmEvent[] = [
      { type: 'ConnectRetryTimer_Expires' },
      { type: 'TcpConnectionFails' },
      { type: 'IdleHoldTimer_Expires' },
      { type: 'ConnectRetryTimer_Expires' },
      { type: 'TcpConnectionConfirmed' },
      { type: 'TcpConnectionFails' },
      { type: 'ConnectRetryTimer_Expires' },
    ];
    const all: string[] = [];
    for (const ev of events) {
      const r = transition(s, ev);
      s = r.state;
      all.push(...r.actions.map(fmt));
    }
    expect(all).not.toContain('connect');
    expect(all).toContain('listen');
  });
});

describe('automatic restart after any drop to Idle (DampPeerOscillations + AllowAutomaticStart)', () => {
  const auto = { dampPeerOscillations: true, allowAutomaticStart: true, idleHoldTime: 2, maxIdleHoldTime: 8 };

  it('a failed connect (Connect, Event 18) waits out the IdleHoldTimer, then starts again', () => {
    const r = run(reach('Connect', auto), [{ type: 'TcpConnectionFails' }]);
    expect(r.actions).toEqual(['stop ConnectRetryTimer', 'disconnect', 'release', 'damp 2', 'start IdleHoldTimer 2', '→ Idle']);
    expect(run(r.state, [{ type: 'IdleHoldTimer_Expires' }]).state.name).toBe('Connect');
  });

  it('a NOTIFICATION in Established (no damping in the RFC text) does too, and the back-off doubles to its maximum', () => {
    let s = reach('Established', auto);
    const holds: number[] = [];
    for (let i = 0; i < 4; i++) {
      s = run(s, [{ type: 'TcpConnectionFails' }]).state;
      holds.push(s.timers.IdleHoldTimer ?? -1);
      s = run(s, [{ type: 'IdleHoldTimer_Expires' }, { type: 'TcpConnectionFails' }]).state;
      s = run(s, [{ type: 'IdleHoldTimer_Expires' }]).state;
    }
    expect(holds[0]).toBe(2);
    expect(Math.max(...holds)).toBe(8);
  });

  it('reaching Established starts the back-off over', () => {
    let s = reach('Connect', auto);
    s = run(s, [{ type: 'TcpConnectionFails' }, { type: 'IdleHoldTimer_Expires' }, { type: 'TcpConnectionFails' }]).state;
    expect(s.idleHoldTime).toBe(8);
    s = run(s, [{ type: 'IdleHoldTimer_Expires' }, { type: 'Tcp_CR_Acked' }]).state;
    s = run(s, [{ type: 'BGPOpen', open: { type: 'OPEN', version: 4, myAs: 65002, holdTime: 90, bgpId: '192.0.2.2', capabilities: [] } }, { type: 'KeepAliveMsg' }]).state;
    expect(s.name).toBe('Established');
    expect(s.idleHoldTime).toBe(2);
  });

  it('ManualStop never restarts', () => {
    const r = run(reach('Established', auto), [{ type: 'ManualStop' }]);
    expect(r.state.name).toBe('Idle');
    expect(r.state.timers.IdleHoldTimer).toBeUndefined();
  });

  it('without AllowAutomaticStart nothing changes (Connect, Event 18 does not damp)', () => {
    const r = run(reach('Connect', { dampPeerOscillations: true }), [{ type: 'TcpConnectionFails' }]);
    expect(r.actions).toEqual(['stop ConnectRetryTimer', 'disconnect', 'release', '→ Idle']);
  });
});
