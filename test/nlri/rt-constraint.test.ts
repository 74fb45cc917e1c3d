import { describe, expect, it } from 'vitest';
import { routeTargetBytes, rtConstraint } from '../../src/nlri/rt-constraint.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { checkNlri, REACH, readNlri, UNREACH } from './helpers.ts';

// RFC 4684 section 4: a prefix of 0 to 96 bits over origin AS (4 octets) + route target (8 octets).
// The vectors are bgp-rt-prefix.pcap's (tcpdump's test capture), frame by frame.
describe('RT-Constraint NLRI (RFC 4684, AFI 1 SAFI 132)', () => {
  it('the default route target: a zero-length prefix', () => {
    checkNlri(rtConstraint, { length: 0 }, REACH, '00');
    expect(rtConstraint.text({ length: 0 })).toBe('default');
  });
  it('frame 1: origin AS 22 only (/32)', () => checkNlri(rtConstraint, { length: 32, originAs: 22, routeTargetBytes: new Uint8Array(0) }, REACH, '20' + '00000016'));
  it('frames 3 and 5: route target prefixes /48 and /80 (tcpdump: "0:0/16 (0002)", "65536:0/48 (0202 0001 0000)")', () => {
    checkNlri(rtConstraint, { length: 48, originAs: 22, routeTargetBytes: fromHex('0002') }, REACH, '30' + '00000016' + '0002');
    checkNlri(rtConstraint, { length: 80, originAs: 22, routeTargetBytes: fromHex('020200010000') }, REACH, '50' + '00000016' + '020200010000');
  });
  it('frames 5 and 7: full route targets (/96) as text', () => {
    // Type 0x00 subtype 0x02: 2-octet AS 1, number 65537.
    checkNlri(rtConstraint, { length: 96, originAs: 22, routeTarget: '1:65537' }, REACH, '60' + '00000016' + '0002' + '0001' + '00010001');
    // Type 0x02 subtype 0x02: 4-octet AS 100000, number 65535.
    checkNlri(rtConstraint, { length: 96, originAs: 22, routeTarget: '100000:65535' }, REACH, '60' + '00000016' + '0202' + '000186a0' + 'ffff');
    expect(rtConstraint.text({ length: 96, originAs: 22, routeTarget: '100000:65535' })).toBe('22:100000:65535');
  });
  it('frames 11 and 13: withdrawals, /83 with its last octet as received and an IPv4 route target', () => {
    checkNlri(rtConstraint, { length: 83, originAs: 23, routeTargetBytes: fromHex('01020102030 4e0'.replace(' ', '')) }, UNREACH, '53' + '00000017' + '0102' + '01020304' + 'e0');
    checkNlri(rtConstraint, { length: 96, originAs: 23, routeTarget: '1.2.3.4:65535' }, UNREACH, '60' + '00000017' + '0102' + '01020304' + 'ffff');
  });
  it('a route target of another type at /96 stays octets; ADD-PATH', () => {
    checkNlri(rtConstraint, { length: 96, originAs: 1, routeTargetBytes: fromHex('0003000000000001') }, REACH, '60' + '00000001' + '0003000000000001');
    checkNlri(rtConstraint, { pathId: 9, length: 0 }, { ...REACH, addPath: true }, '00000009' + '00');
  });
  it('lengths 1 to 31 and above 96 are malformed (RFC 4684 section 4: "the minimum prefix length is 32 bits")', () => {
    expect(() => readNlri(rtConstraint, '10 0000', REACH)).toThrow(/below 32/);
    expect(() => readNlri(rtConstraint, '61 00000016 00020001000100010000', REACH)).toThrow(/exceeds 96/);
    expect(() => readNlri(rtConstraint, '60 00000016 0002', REACH)).toThrow(/needs/);
    expect(() => checkNlri(rtConstraint, { length: 16, originAs: 1 }, REACH)).toThrow(RangeError);
    expect(() => checkNlri(rtConstraint, { length: 64, originAs: 1, routeTarget: '1:1' }, REACH)).toThrow(TypeError);
  });
  it('route target text', () => {
    expect(toHex(routeTargetBytes('65000:100'))).toBe('0002fde800000064');
    expect(toHex(routeTargetBytes('192.0.2.1:5'))).toBe('0102c00002010005');
    expect(toHex(routeTargetBytes('4200000000:7'))).toBe('0202fa56ea000007');
  });
});
