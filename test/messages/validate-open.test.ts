import { describe, expect, it } from 'vitest';
import type { Capability } from '../../src/capabilities/types.ts';
import type { OpenMessage } from '../../src/messages/types.ts';
import { validateOpen } from '../../src/messages/validate-open.ts';
import { BgpError } from '../../src/wire/errors.ts';
import { toHex } from '../../src/wire/hex.ts';

const base: OpenMessage = {
  type: 'OPEN',
  version: 4,
  myAs: 65002,
  holdTime: 90,
  bgpId: '192.0.2.2',
  capabilities: [{ type: 'multiprotocol', afi: 1, safi: 1 }, { type: 'route-refresh' }],
};
const withCaps = (caps: Capability[], m: OpenMessage = base): OpenMessage => ({ ...m, capabilities: [...m.capabilities, ...caps] });

function expectError(e: BgpError | undefined, subcode: number): BgpError {
  expect(e).toBeInstanceOf(BgpError);
  expect(e).toMatchObject({ code: 2, subcode });
  return e as BgpError;
}

describe('validateOpen (RFC 4271 section 6.2 and extensions)', () => {
  it('accepts a plain OPEN with no expectations', () => {
    expect(validateOpen(base)).toBeUndefined();
    expect(validateOpen(base, {})).toBeUndefined();
  });

  it('version other than 4 is 2/1 with data 4', () => {
    expect(toHex(expectError(validateOpen({ ...base, version: 3 }, {}), 1).data)).toBe('0004');
  });

  it('Bad Peer AS (2/2): the 4-octet AS capability counts in lieu of My AS (RFC 6793 section 4.1)', () => {
    expectError(validateOpen(base, { peerAs: 65003 }), 2);
    expect(validateOpen(base, { peerAs: 65002 })).toBeUndefined();
    const as4 = withCaps([{ type: 'as4', asn: 4200000000 }], { ...base, myAs: 23456 });
    expect(validateOpen(as4, { peerAs: 4200000000 })).toBeUndefined();
    expectError(validateOpen(as4, { peerAs: 23456 }), 2);
    // A non-mappable AS with My AS other than AS_TRANS (RFC 6793 section 3).
    expectError(validateOpen(withCaps([{ type: 'as4', asn: 4200000000 }]), {}), 2);
  });

  it('hold time 1 or 2 is 2/6', () => {
    // "An implementation MUST reject Hold Time values of one or two seconds."
    expectError(validateOpen({ ...base, holdTime: 1 }), 6);
    expectError(validateOpen({ ...base, holdTime: 2 }), 6);
    expect(validateOpen({ ...base, holdTime: 0 })).toBeUndefined();
    expect(validateOpen({ ...base, holdTime: 3 })).toBeUndefined();
  });

  it('BGP identifier zero, or ours on an internal session, is 2/3 (RFC 6286 section 2.2)', () => {
    // "If the BGP Identifier field of the OPEN message is zero, or if it is the same as the BGP
    // Identifier of the local BGP speaker and the message is from an internal peer".
    expectError(validateOpen({ ...base, bgpId: '0.0.0.0' }), 3);
    expectError(validateOpen(base, { localAs: 65002, localBgpId: '192.0.2.2' }), 3);
    expectError(validateOpen(base, { peerType: 'internal', localBgpId: '192.0.2.2' }), 3);
    // On an external session the same identifier is acceptable (AS-wide uniqueness).
    expect(validateOpen(base, { localAs: 65001, localBgpId: '192.0.2.2' })).toBeUndefined();
  });

  it('optional parameters other than Capabilities are 2/4 unless supported', () => {
    // "If one of the Optional Parameters in the OPEN message is not recognized, then the Error
    // Subcode MUST be set to Unsupported Optional Parameters."
    const m = { ...base, parameters: [{ code: 1, value: Uint8Array.of(0) }] };
    expect(expectError(validateOpen(m), 4).path).toBe('OPEN.parameters[0]');
    expect(validateOpen(m, { supportedParameters: [1] })).toBeUndefined();
  });

  it('required capabilities missing are 2/7 with them as data (RFC 5492 section 5)', () => {
    // "The Data field in the NOTIFICATION message MUST list the set of capabilities that causes
    // the speaker to send the message. Each such capability is encoded in the same way as it
    // would be encoded in the OPEN message."
    const e = expectError(
      validateOpen(base, {
        requiredCapabilities: [
          { type: 'multiprotocol', afi: 1, safi: 1 }, // present
          { type: 'multiprotocol', afi: 2, safi: 1 }, // missing
          { type: 'as4', asn: 0 }, // missing (any ASN satisfies it)
        ],
      }),
      7,
    );
    expect(toHex(e.data)).toBe('0104' + '00020001' + '4104' + '00000000');
    expect(validateOpen(withCaps([{ type: 'as4', asn: 65002 }]), { requiredCapabilities: [{ type: 'as4', asn: 0 }] })).toBeUndefined();
    // ADD-PATH: the family with the bits required.
    const ap = withCaps([{ type: 'add-path', families: [{ afi: 1, safi: 1, send: false, receive: true }] }]);
    expect(validateOpen(ap, { requiredCapabilities: [{ type: 'add-path', families: [{ afi: 1, safi: 1, send: false, receive: true }] }] })).toBeUndefined();
    expectError(validateOpen(ap, { requiredCapabilities: [{ type: 'add-path', families: [{ afi: 1, safi: 1, send: true, receive: false }] }] }), 7);
    // Unknown received capabilities are ignored (RFC 5492 section 3).
    expect(validateOpen(withCaps([{ type: 'raw', code: 200, value: new Uint8Array(0) }]))).toBeUndefined();
  });

  it('role mismatch is 2/11 (RFC 9234 section 4.2, table 2)', () => {
    const role = (r: number): OpenMessage => withCaps([{ type: 'role', role: r }]);
    const pairs: [number, number][] = [[0, 3], [3, 0], [1, 2], [2, 1], [4, 4]];
    for (let local = 0; local <= 4; local++) {
      for (let remote = 0; remote <= 5; remote++) {
        const ok = pairs.some(([l, r]) => l === local && r === remote);
        const e = validateOpen(role(remote), { localRole: local });
        if (ok) expect(e, `${local}/${remote}`).toBeUndefined();
        else expectError(e, 11);
      }
    }
    // "if the BGP Role Capability is sent but one is not received, the BGP Speaker SHOULD ignore
    // the absence"; in "strict mode" the connection is rejected with Role Mismatch.
    expect(validateOpen(base, { localRole: 0 })).toBeUndefined();
    expectError(validateOpen(base, { localRole: 0, strictRole: true }), 11);
    // "If multiple BGP Role Capabilities are received and not all of them have the same value".
    expectError(validateOpen(withCaps([{ type: 'role', role: 3 }, { type: 'role', role: 4 }]), { localRole: 0 }), 11);
    expect(validateOpen(withCaps([{ type: 'role', role: 3 }, { type: 'role', role: 3 }]), { localRole: 0 })).toBeUndefined();
  });

  it('reports the first error in RFC 4271 section 6.2 order', () => {
    const e = validateOpen({ ...base, version: 5, holdTime: 1, bgpId: '0.0.0.0' }, { peerAs: 1 });
    expectError(e, 1);
    expectError(validateOpen({ ...base, holdTime: 1, bgpId: '0.0.0.0' }, { peerAs: 1 }), 2);
    expectError(validateOpen({ ...base, holdTime: 1, bgpId: '0.0.0.0' }), 6);
  });
});
