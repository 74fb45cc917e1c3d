import { describe, expect, it } from 'vitest';
import { initialState, transition } from '../../src/fsm/index.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import type { FsmEvent, FsmState } from '../../src/fsm/index.ts';
import type { Capability } from '../../src/capabilities/types.ts';
import type { OpenMessage } from '../../src/messages/types.ts';
import { BASE, fmt, PEER_OPEN, reach } from './helpers.ts';

const GR_N: Capability = { type: 'graceful-restart', restarting: false, notification: true, restartTime: 120, families: [{ afi: 1, safi: 1, forwarding: true }] };
const GR: Capability = { ...GR_N, notification: false };

function run(s: FsmState, events: readonly FsmEvent[]): { state: FsmState; actions: string[] } {
  let actions: string[] = [];
  for (const ev of events) {
    const r = transition(s, ev);
    s = r.state;
    actions = r.actions.map(fmt);
  }
  return { state: s, actions };
}

function established(local: readonly Capability[], peer: readonly Capability[], extra: Partial<Parameters<typeof initialState>[0]> = {}): FsmState {
  const open: OpenMessage = { ...PEER_OPEN, capabilities: peer };
  return run(initialState({ ...BASE, capabilities: local, ...extra }), [
    { type: 'ManualStart' },
    { type: 'Tcp_CR_Acked' },
    { type: 'BGPOpen', open },
    { type: 'KeepAliveMsg' },
  ]).state;
}

describe('OPEN handling', () => {
  it('validates the OPEN (validateOpen) and sends the OPEN error it names', () => {
    const { state, actions } = run(reach('OpenSent'), [{ type: 'BGPOpen', open: { ...PEER_OPEN, myAs: 64999 } }]);
    expect(actions[0]).toBe('send NOTIFICATION 2/2');
    expect(state.name).toBe('Idle');
  });

  it('negotiates the hold time through contextFor (the smaller) and exposes the session', () => {
    const s = run(reach('OpenSent'), [{ type: 'BGPOpen', open: { ...PEER_OPEN, holdTime: 30 } }]).state;
    expect(s.session?.holdTime).toBe(30);
    expect(s.session?.keepaliveTime).toBe(10);
    expect(s.timers).toEqual({ HoldTimer: 30, KeepaliveTimer: 10 });
    expect(s.session?.internal).toBe(false);
    expect(s.session?.receive.peerType).toBe('external');
  });

  it('"If the negotiated hold time value is zero, then the HoldTimer and KeepaliveTimer are not started"', () => {
    const r = run(reach('OpenSent'), [{ type: 'BGPOpen', open: { ...PEER_OPEN, holdTime: 0 } }]);
    expect(r.actions).toEqual(['send KEEPALIVE', 'stop HoldTimer', '→ OpenConfirm']);
    const e = run(r.state, [{ type: 'KeepAliveMsg' }]);
    expect(e.actions).toEqual(['→ Established']);
    expect(e.state.timers).toEqual({});
  });

  it('an internal peer: "If the value of the Autonomous System field is the same as the local Autonomous System number ... internal"', () => {
    const s = run(reach('OpenSent', { expectations: { peerAs: 65001 } }), [{ type: 'BGPOpen', open: { ...PEER_OPEN, myAs: 65001 } }]).state;
    expect(s.session?.internal).toBe(true);
  });

  it('treats an OPEN while the DelayOpenTimer runs as Event 20', () => {
    const s = run(reach('Connect', { delayOpen: true }), [{ type: 'Tcp_CR_Acked' }]).state;
    expect(s.timers.DelayOpenTimer).toBe(5);
    expect(run(s, [{ type: 'BGPOpen', open: PEER_OPEN }]).state.name).toBe('OpenConfirm');
  });
});

describe('jitter (RFC 4271 section 10)', () => {
  it('applies the caller-supplied factor to the ConnectRetryTimer and KeepaliveTimer only', () => {
    expect(run(initialState(BASE), [{ type: 'ManualStart', jitter: 0.75 }]).actions).toContain('start ConnectRetryTimer 90');
    const r = run(reach('OpenSent'), [{ type: 'BGPOpen', open: PEER_OPEN, jitter: 0.8 }]);
    expect(r.actions).toEqual(['send KEEPALIVE', 'start KeepaliveTimer 24', 'start HoldTimer 90', '→ OpenConfirm']);
  });

  it('ignores an unusable factor', () => {
    expect(run(initialState(BASE), [{ type: 'ManualStart', jitter: 7 }]).actions).toContain('start ConnectRetryTimer 120');
  });
});

describe('Send Hold Timer (RFC 9687)', () => {
  it('defaults to the greater of 8 minutes and twice the hold time', () => {
    expect(established([], []).timers.SendHoldTimer).toBe(480);
    expect(established([], [], { holdTime: 300 }).timers.SendHoldTimer).toBe(480);
    expect(run(reach('OpenSent', { holdTime: 300 }), [{ type: 'BGPOpen', open: { ...PEER_OPEN, holdTime: 300 } }, { type: 'KeepAliveMsg' }]).state.timers.SendHoldTimer).toBe(600);
  });

  it('is restarted by MessageSent, which also restarts the KeepaliveTimer for an UPDATE', () => {
    const s = established([], []);
    expect(run(s, [{ type: 'MessageSent', messageType: 4 }]).actions).toEqual(['start SendHoldTimer 480']);
    expect(run(s, [{ type: 'MessageSent', messageType: 2 }]).actions).toEqual(['start SendHoldTimer 480', 'start KeepaliveTimer 30']);
  });

  it('is off with SendHoldTime 0', () => {
    expect(established([], [], { sendHoldTime: 0 }).timers.SendHoldTimer).toBeUndefined();
  });
});

describe('graceful restart (RFC 4724, RFC 8538)', () => {
  it('retains the routes when TCP fails and both announced graceful restart', () => {
    const r = run(established([GR], [GR]), [{ type: 'TcpConnectionFails' }]);
    expect(r.actions).toContain('retain routes 120');
    expect(r.actions).not.toContain('delete routes');
  });

  it('deletes them when this speaker did not announce graceful restart', () => {
    expect(run(established([], [GR]), [{ type: 'TcpConnectionFails' }]).actions).toContain('delete routes');
  });

  it('deletes them on a NOTIFICATION without the N bit, retains them with it (RFC 8538 section 4)', () => {
    const notif: FsmEvent = { type: 'NotifMsg', notification: { type: 'NOTIFICATION', code: 6, subcode: 4, data: new Uint8Array(0) } };
    expect(run(established([GR], [GR]), [notif]).actions).toContain('delete routes');
    const n = run(established([GR_N], [GR_N]), [notif]);
    expect(n.actions).toContain('retain routes 120');
    const t = transition(established([GR_N], [GR_N]), notif).actions.find((a) => a.type === 'retainRoutes');
    expect(t).toMatchObject({ deletePreviouslyStale: false, families: [{ afi: 1, safi: 1, forwarding: true }] });
  });

  it('a received Hard Reset deletes the routes', () => {
    const hard: FsmEvent = { type: 'NotifMsg', notification: { type: 'NOTIFICATION', code: 6, subcode: 9, data: Uint8Array.of(6, 2) } };
    expect(run(established([GR_N], [GR_N]), [hard]).actions).toContain('delete routes');
  });

  it('ManualStop sends a Hard Reset wrapping the Cease when the N bit was exchanged (RFC 8538 section 3.1, 5.1)', () => {
    const r = run(established([GR_N], [GR_N]), [{ type: 'ManualStop' }]);
    expect(r.actions[0]).toBe('send NOTIFICATION 6/9 0602');
    expect(r.actions).toContain('delete routes');
    const soft = run(established([GR_N], [GR_N]), [{ type: 'ManualStop', subcode: 6 }]);
    expect(soft.actions[0]).toBe('send NOTIFICATION 6/6');
    expect(soft.actions).toContain('retain routes 120');
  });

  it('RFC 4724 section 5: a new TCP connection in Established restarts the session keeping the routes', () => {
    const r = run(established([GR], [GR]), [{ type: 'TcpConnectionConfirmed' }]);
    expect(r.actions).toEqual(['retain routes 120', 'release', 'stop HoldTimer', 'stop KeepaliveTimer', 'stop SendHoldTimer', 'disconnect', 'init', 'counter=0', 'start ConnectRetryTimer 120', '→ Connect']);
    expect(r.state.name).toBe('Connect');
    // Without graceful restart on this side, the second connection is only tracked.
    expect(run(established([], [GR]), [{ type: 'TcpConnectionConfirmed' }]).actions).toEqual(['track']);
  });
});

describe('peer oscillation damping', () => {
  it('starts the IdleHoldTimer and doubles the IdleHoldTime up to the maximum; ManualStart resets it', () => {
    let s = reach('Connect', { dampPeerOscillations: true, idleHoldTime: 60, maxIdleHoldTime: 200 });
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      s = transition(s, { type: 'HoldTimer_Expires' }).state; // Connect -> Idle, damped
      times.push(s.timers.IdleHoldTimer ?? -1);
      expect(transition(s, { type: 'AutomaticStart_with_DampPeerOscillations' }).state.name).toBe('Idle'); // held
      s = transition(s, { type: 'IdleHoldTimer_Expires' }).state;
      s = transition(s, { type: 'AutomaticStart_with_DampPeerOscillations' }).state;
      expect(s.name).toBe('Connect');
    }
    expect(times).toEqual([60, 120, 200, 200]);
    s = transition(s, { type: 'HoldTimer_Expires' }).state;
    s = transition(s, { type: 'ManualStart' }).state;
    s = transition(s, { type: 'HoldTimer_Expires' }).state;
    expect(s.timers.IdleHoldTimer).toBe(60);
  });

  it('IdleHoldTimer_Expires restarts automatically with AllowAutomaticStart', () => {
    let s = reach('Connect', { dampPeerOscillations: true, allowAutomaticStart: true, passiveTcpEstablishment: true });
    s = transition(s, { type: 'HoldTimer_Expires' }).state;
    expect(transition(s, { type: 'IdleHoldTimer_Expires' }).state.name).toBe('Active');
  });
});

describe('ROUTE-REFRESH and the RFC 6608 subcodes', () => {
  const rr: FsmEvent = { type: 'RouteRefreshMsg', message: { type: 'ROUTE-REFRESH', afi: 1, safi: 1, subtype: 0 } };
  it('is processed in Established and restarts the HoldTimer', () => {
    expect(run(reach('Established'), [rr]).actions).toEqual(['process ROUTE-REFRESH', 'start HoldTimer 90']);
  });
  it('is an unexpected message in OpenSent and OpenConfirm (data 5)', () => {
    expect(run(reach('OpenSent'), [rr]).actions[0]).toBe('send NOTIFICATION 5/1 05');
    expect(run(reach('OpenConfirm'), [rr]).actions[0]).toBe('send NOTIFICATION 5/2 05');
  });
});

describe('NOTIFICATIONs come from notificationFor', () => {
  it('cut the data of a long error to fit 4096 bytes (RFC 8654 section 5), so the driver can always encode it', () => {
    const r = transition(reach('Established'), { type: 'UpdateMsgErr', error: { code: 3, subcode: 5, data: new Uint8Array(5000) } });
    const send = r.actions[0];
    expect(send?.type).toBe('send');
    if (send?.type === 'send') expect(encodeMessage(send.message).length).toBe(4096);
  });

  it('never throw on a code or subcode that is not an octet', () => {
    const r = transition(reach('OpenSent'), { type: 'BGPOpenMsgErr', error: { code: 300, subcode: -1 } });
    expect(r.actions.map(fmt)[0]).toBe('send NOTIFICATION 0/0');
  });
});
