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
    expect(localOpen(initialState({ localAs: 4200000000, bgpId: '192.0.2.1', capabilities: [{ type: 'as4', asn: 4200000000 }] }).config).myAs).toBe(23456);
  });

  it('rejects a missing localAs with a TypeError (caller error)', () => {
    expect(() => initialState({} as never)).toThrow(TypeError);
  });

  // Configuration is checked where it is given (issue 15): one error naming the field, not an
  // OPEN with AS_TRANS and no capability, nor a TypeError later inside a `send` action.
  it('rejects a 4-octet localAs without the 4-octet AS capability (RFC 6793 section 3)', () => {
    expect(() => initialState({ localAs: 4200000000, bgpId: '192.0.2.1' })).toThrow(/localAs 4200000000 needs 4 octets: add the 4-octet AS capability, capabilities: \[\{ type: 'as4', asn: 4200000000 \}\]/);
    expect(() => initialState({ localAs: 4200000000, bgpId: '192.0.2.1', capabilities: [{ type: 'route-refresh' }] })).toThrow(RangeError);
    // A 2-octet AS needs no capability, and may announce it.
    expect(initialState({ localAs: 65535, bgpId: '192.0.2.1' }).name).toBe('Idle');
  });

  it('rejects an as4 capability whose ASN is not localAs', () => {
    expect(() => initialState({ localAs: 65001, bgpId: '192.0.2.1', capabilities: [{ type: 'as4', asn: 65002 }] })).toThrow(/capabilities as4\.asn 65002 is not localAs 65001/);
    expect(() => initialState({ localAs: 4200000000, bgpId: '192.0.2.1', capabilities: [{ type: 'as4', asn: 4200000001 }] })).toThrow(RangeError);
  });

  it('rejects a bgpId that is no non-zero dotted quad, naming it', () => {
    for (const bgpId of ['hello', '192.0.2', '192.0.2.256', '0.0.0.0', '2001:db8::1', '']) {
      expect(() => initialState({ localAs: 65001, bgpId }), bgpId).toThrow(new RegExp(`bgpId ${JSON.stringify(bgpId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a non-zero dotted quad`));
    }
  });

  it('rejects a hold time of 1 or 2 seconds (RFC 4271 section 4.2), or out of range', () => {
    for (const holdTime of [1, 2, -1, 65536, 2.5, Number.NaN]) {
      expect(() => initialState({ localAs: 65001, bgpId: '192.0.2.1', holdTime }), String(holdTime)).toThrow(/holdTime .* must be 0 or 3 to 65535 seconds/);
    }
    for (const holdTime of [0, 3, 90, 65535]) expect(initialState({ localAs: 65001, bgpId: '192.0.2.1', holdTime }).config.holdTime).toBe(holdTime);
  });

  it('rejects a localAs that is no AS number', () => {
    for (const localAs of [0, -1, 4294967296, 1.5]) expect(() => initialState({ localAs, bgpId: '192.0.2.1' }), String(localAs)).toThrow(/localAs .* is not an AS number/);
  });
});
