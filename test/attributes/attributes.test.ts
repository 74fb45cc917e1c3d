import { describe, expect, it } from 'vitest';
import { aggregator, as4Aggregator } from '../../src/attributes/aggregator.ts';
import { aigp } from '../../src/attributes/aigp.ts';
import { as4Path, asPath } from '../../src/attributes/as-path.ts';
import { clusterList, communities, largeCommunities } from '../../src/attributes/communities.ts';
import { extendedCommunities, ipv6ExtendedCommunities } from '../../src/attributes/extended-communities.ts';
import { mpReach, mpUnreach } from '../../src/attributes/mp-reach.ts';
import { origin } from '../../src/attributes/origin.ts';
import { atomicAggregate, localPref, med, nextHop, originatorId, otc } from '../../src/attributes/simple.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { BgpError } from '../../src/wire/errors.ts';
import { fromHex } from '../../src/wire/hex.ts';
import { Reader } from '../../src/wire/reader.ts';
import { checkCodec } from '../laws.ts';

const c2 = sessionContext({ asn4: false });
const c4 = sessionContext({ asn4: true });
const c4ap = sessionContext({ asn4: true, addPath: [{ afi: 2, safi: 1 }] });
const c4enh = sessionContext({ asn4: true, extendedNextHop: [{ afi: 1, safi: 1, nextHopAfi: 2 }] });

function readValue(codec: { read: (r: Reader, ctx: typeof c4) => unknown }, hex: string, ctx = c4): unknown {
  const b = fromHex(hex);
  return codec.read(new Reader(b, 0, b.length, 3, 5), ctx);
}

describe('attribute values, byte by byte', () => {
  it('ORIGIN (RFC 4271 5.1.1: 0 IGP, 1 EGP, 2 INCOMPLETE)', () => {
    checkCodec(origin, { type: 'ORIGIN', origin: 'IGP' }, c4, '00');
    checkCodec(origin, { type: 'ORIGIN', origin: 'EGP' }, c4, '01');
    checkCodec(origin, { type: 'ORIGIN', origin: 'INCOMPLETE' }, c4, '02');
    // RFC 4271 6.3: "If the ORIGIN attribute has an undefined value ... Invalid Origin Attribute" (3/6).
    expect(() => readValue(origin, '03')).toThrow(expect.objectContaining({ code: 3, subcode: 6 }));
    expect(() => readValue(origin, '0000')).toThrow(expect.objectContaining({ code: 3, subcode: 5 }));
  });

  it('AS_PATH (RFC 4271 4.3: type, length in ASes, ASNs; RFC 6793: 4 octets when both sides speak AS4)', () => {
    checkCodec(asPath, { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65001, 65002] }] }, c2,
      '02' + '02' + 'fde9' + 'fdea'); // AS_SEQUENCE, 2 ASNs, 65001 65002 (2 octets each)
    checkCodec(asPath, { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [4200000001] }, { type: 'AS_SET', asns: [1, 2] }] }, c4,
      '02' + '01' + 'fa56ea01' + '01' + '02' + '00000001' + '00000002'); // sequence {4200000001}, set {1 2}
    checkCodec(asPath, { type: 'AS_PATH', segments: [{ type: 'AS_CONFED_SEQUENCE', asns: [64512] }, { type: 'AS_CONFED_SET', asns: [64513] }] }, c2,
      '03' + '01' + 'fc00' + '04' + '01' + 'fc01'); // RFC 5065 section 3: types 3 and 4
    checkCodec(asPath, { type: 'AS_PATH', segments: [] }, c4, ''); // empty AS_PATH (iBGP) is valid, RFC 7606 4
    // RFC 4271 5.1.2: more than 255 ASes are split into several segments of the same type.
    const long = Array.from({ length: 300 }, (_, i) => i + 1);
    const v = { type: 'AS_PATH' as const, segments: [{ type: 'AS_SEQUENCE' as const, asns: long }] };
    expect(asPath.byteLength(v, c4)).toBe(2 + 255 * 4 + 2 + 45 * 4);
    // RFC 7606 7.2: unknown segment type, zero segment length, overrun, single trailing octet → 3/11.
    for (const bad of ['0501fde9', '0200', '0203fde9', '0201fde902']) {
      expect(() => readValue(asPath, bad, c2)).toThrow(expect.objectContaining({ code: 3, subcode: 11 }));
    }
    checkCodec(as4Path, { type: 'AS4_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [4200000001, 65002] }] }, c2, '0202fa56ea010000fdea');
  });

  it('NEXT_HOP, MULTI_EXIT_DISC, LOCAL_PREF, ORIGINATOR_ID, OTC: 4 octets (RFC 4271 5.1.3-5.1.5, RFC 4456, RFC 9234)', () => {
    checkCodec(nextHop, { type: 'NEXT_HOP', nextHop: '192.0.2.1' }, c4, 'c0000201');
    checkCodec(med, { type: 'MULTI_EXIT_DISC', med: 4294967295 }, c4, 'ffffffff');
    checkCodec(localPref, { type: 'LOCAL_PREF', localPref: 100 }, c4, '00000064');
    checkCodec(originatorId, { type: 'ORIGINATOR_ID', originatorId: '10.0.0.3' }, c4, '0a000003');
    checkCodec(otc, { type: 'OTC', asn: 64496 }, c4, '0000fbf0');
    for (const codec of [nextHop, med, localPref, originatorId, otc]) {
      expect(() => readValue(codec, '000000')).toThrow(expect.objectContaining({ code: 3, subcode: 5 }));
    }
  });

  it('ATOMIC_AGGREGATE has length 0; AGGREGATOR 6 or 8 octets by context (RFC 7606 7.6, 7.7)', () => {
    checkCodec(atomicAggregate, { type: 'ATOMIC_AGGREGATE' }, c4, '');
    checkCodec(aggregator, { type: 'AGGREGATOR', asn: 65001, address: '192.0.2.9' }, c2, 'fde9c0000209');
    checkCodec(aggregator, { type: 'AGGREGATOR', asn: 4200000001, address: '192.0.2.9' }, c4, 'fa56ea01c0000209');
    checkCodec(as4Aggregator, { type: 'AS4_AGGREGATOR', asn: 4200000001, address: '192.0.2.9' }, c2, 'fa56ea01c0000209');
    expect(() => readValue(aggregator, 'fa56ea01c0000209', c2)).toThrow(BgpError);
    expect(() => aggregator.write({ type: 'AGGREGATOR', asn: 70000, address: '192.0.2.9' }, { u16() {}, u32() {} } as never, c2)).toThrow(RangeError);
  });

  it('COMMUNITIES, LARGE_COMMUNITY, CLUSTER_LIST (RFC 1997, RFC 8092, RFC 4456)', () => {
    checkCodec(communities, { type: 'COMMUNITIES', communities: ['65001:100', '65535:65281'] }, c4, 'fde90064' + 'ffffff01');
    checkCodec(largeCommunities, { type: 'LARGE_COMMUNITY', communities: ['4200000001:1:2'] }, c4, 'fa56ea01' + '00000001' + '00000002');
    checkCodec(clusterList, { type: 'CLUSTER_LIST', clusterIds: ['1.1.1.1', '2.2.2.2'] }, c4, '01010101' + '02020202');
    // RFC 7606 7.8 / RFC 8092 6 / RFC 7606 7.10: not a non-zero multiple of 4 / 12 / 4.
    expect(() => readValue(communities, '')).toThrow(BgpError);
    expect(() => readValue(communities, 'fde900')).toThrow(BgpError);
    expect(() => readValue(largeCommunities, '00'.repeat(13))).toThrow(BgpError);
    expect(() => readValue(clusterList, '')).toThrow(BgpError);
  });

  it('EXTENDED_COMMUNITIES (RFC 4360 2, RFC 5668, RFC 7153): typed forms and raw', () => {
    checkCodec(
      extendedCommunities,
      {
        type: 'EXTENDED_COMMUNITIES',
        communities: [
          { kind: 'route-target', type: 0x00, subtype: 0x02, global: 65001, local: 100 }, // 2-octet AS specific RT
          { kind: 'route-origin', type: 0x01, subtype: 0x03, global: '10.0.0.1', local: 5 }, // IPv4 address specific SoO
          { kind: 'route-target', type: 0x02, subtype: 0x02, global: 4200000001, local: 7 }, // 4-octet AS specific RT (RFC 5668)
          { kind: 'link-bandwidth', type: 0x40, subtype: 0x04, asn: 65001, bandwidth: 125000000 },
          { kind: 'encapsulation', type: 0x03, subtype: 0x0c, tunnelType: 8 }, // RFC 9012 4.1: VXLAN
          { kind: 'raw', type: 0x80, subtype: 0x06, value: fromHex('000000000000') }, // flowspec traffic-rate
        ],
      },
      c4,
      '0002fde900000064' + '01030a0000010005' + '0202fa56ea010007' + '4004fde94cee6b28' + '030c000000000008' + '8006000000000000',
    );
    // A typed form that would not re-encode identically stays raw (encapsulation with non-zero reserved).
    expect(readValue(extendedCommunities, '030c000100000008')).toEqual({
      type: 'EXTENDED_COMMUNITIES',
      communities: [{ kind: 'raw', type: 3, subtype: 12, value: fromHex('000100000008') }],
    });
    expect(() => readValue(extendedCommunities, '00'.repeat(12))).toThrow(BgpError); // RFC 7606 7.14
  });

  it('IPv6 address specific extended communities (RFC 5701), AIGP (RFC 7311)', () => {
    checkCodec(
      ipv6ExtendedCommunities,
      { type: 'IPV6_EXTENDED_COMMUNITIES', communities: [{ kind: 'route-target', type: 0, subtype: 2, global: '2001:db8::1', local: 9 }] },
      c4,
      '0002' + '20010db8000000000000000000000001' + '0009',
    );
    checkCodec(aigp, { type: 'AIGP', tlvs: [{ tlvType: 1, metric: 1000n }] }, c4, '01' + '000b' + '00000000000003e8');
    expect(() => readValue(aigp, '01000a0000000000000003')).toThrow(BgpError);
  });

  it('MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760 3, 4; RFC 2545 link-local; RFC 8950; RFC 7911)', () => {
    checkCodec(
      mpReach,
      { type: 'MP_REACH_NLRI', afi: 2, safi: 1, nextHop: ['2001:db8::1', 'fe80::1'], nlri: [{ prefix: '2001:db8:1::/48' }] },
      c4,
      '0002' + '01' + '20' + '20010db8000000000000000000000001' + 'fe800000000000000000000000000001' + '00' + '30' + '20010db80001',
    );
    checkCodec(mpReach, { type: 'MP_REACH_NLRI', afi: 2, safi: 1, nextHop: ['2001:db8::1'], nlri: [{ prefix: '2001:db8::/32', pathId: 7 }] }, c4ap,
      '0002' + '01' + '10' + '20010db8000000000000000000000001' + '00' + '00000007' + '20' + '20010db8');
    checkCodec(mpReach, { type: 'MP_REACH_NLRI', afi: 1, safi: 1, nextHop: ['2001:db8::1'], nlri: [{ prefix: '10.0.0.0/8' }] }, c4enh,
      '0001' + '01' + '10' + '20010db8000000000000000000000001' + '00' + '08' + '0a');
    // A family without an NLRI codec (EVPN, AFI 25 SAFI 70) keeps next hop and NLRI as bytes.
    checkCodec(mpReach, { type: 'MP_REACH_NLRI', afi: 25, safi: 70, nextHopBytes: fromHex('0000000000000000c0000201'), nlriBytes: fromHex('7000001100000064000000010a') }, c4,
      '0019' + '46' + '0c' + '0000000000000000c0000201' + '00' + '7000001100000064000000010a');
    // VPN-IPv4 (RFC 4364 4.3.2, 4.3.4): next hop RD 0 + 192.0.2.1; NLRI length 112 = label 24 + RD 64 + /24.
    checkCodec(mpReach, { type: 'MP_REACH_NLRI', afi: 1, safi: 128, nextHop: ['192.0.2.1'], nlri: [{ rd: '100:1', prefix: '10.0.0.0/24', labels: [1] }] }, c4,
      '0001' + '80' + '0c' + '0000000000000000c0000201' + '00' + '70' + '000011' + '0000006400000001' + '0a0000');
    // The same NLRI one octet short: the RFC 7606 5.3 check throws (afisafi-disable at the decoder).
    expect(() => readValue(mpReach, '0001800c0000000000000000c000020100' + '7000001100000064000000010a', c4)).toThrow(BgpError);
    checkCodec(mpUnreach, { type: 'MP_UNREACH_NLRI', afi: 2, safi: 1, withdrawn: [{ prefix: '2001:db8:1::/48' }] }, c4, '0002' + '01' + '30' + '20010db80001');
    checkCodec(mpUnreach, { type: 'MP_UNREACH_NLRI', afi: 2, safi: 1, withdrawn: [] }, c4, '000201'); // End-of-RIB (RFC 4724 2)
    // RFC 7606 7.11: an unexpected next hop length is malformed (IPv4 unicast NH of 16 without RFC 8950).
    expect(() => readValue(mpReach, '000101' + '10' + '20010db8000000000000000000000001' + '00', c4)).toThrow(BgpError);
    // RFC 7606 5.3: IPv6 NLRI longer than 128.
    expect(() => readValue(mpUnreach, '000201' + '81' + '00'.repeat(17), c4)).toThrow(BgpError);
    // RFC 7606 5.3: MP_REACH shorter than 5, MP_UNREACH shorter than 3.
    expect(() => readValue(mpReach, '00010104', c4)).toThrow(BgpError);
    expect(() => readValue(mpUnreach, '0001', c4)).toThrow(BgpError);
  });
});

describe('IPv4 text', () => {
  it('parses only dotted quads', async () => {
    const { parseIPv4 } = await import('../../src/wire/ip.ts');
    expect(parseIPv4('192.0.2.1')).toEqual(Uint8Array.of(192, 0, 2, 1));
    expect(parseIPv4('0.0.0.0')).toEqual(Uint8Array.of(0, 0, 0, 0));
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '1..2.3', '1.2.3.', '.1.2.3', '1.2.3.4a', '1234.1.1.1', ' 1.2.3.4']) {
      expect(parseIPv4(bad)).toBeUndefined();
    }
  });
});
