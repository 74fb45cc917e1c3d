import { describe, expect, it } from 'vitest';
import { initialState, localOpen } from '../../src/fsm/index.ts';

describe('config (RFC 4271 section 10 defaults)', () => {
  it('fills in the suggested values', () => {
    const s = initialState({ localAs: 65001, bgpId: '192.0.2.1' });
    expect(s.name).toBe('Idle');
    expect(s.connectRetryCounter).toBe(0);
    expect(s.timers).toEqual({});
    expect(s.config).toMatchObject({
      holdTime: 90, keepaliveTime: 30, connectRetryTime: 120, largeHoldTime: 240, allowAutomaticStart: false,
      dampPeerOscillations: false, delayOpen: false, passiveTcpEstablishment: false, sendNotificationWithoutOpen: false,
      trackTcpState: false, collisionDetectEstablishedState: false, sendHoldTime: 'auto',
    });
  });

  it('sends AS_TRANS for a 4-octet AS (RFC 6793)', () => {
    expect(localOpen(initialState({ localAs: 4200000000, bgpId: '192.0.2.1' }).config).myAs).toBe(23456);
  });

  it('rejects a missing localAs with a TypeError (caller error)', () => {
    expect(() => initialState({} as never)).toThrow(TypeError);
  });
});
