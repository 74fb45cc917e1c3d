// fast-check arbitraries for BMP messages (RFC 7854, 8671, 9069, 9736): canonical values,
// i.e. those decodeBmpMessage gives back exactly (see the round-trip property).
import fc from 'fast-check';
import type { BmpMessage, BmpPeerHeader, BmpStat, BmpTlv } from '../../src/bmp/types.ts';
import { formatIPv4, formatIPv6 } from '../../src/wire/ip.ts';

const bytes = (min: number, max: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: min, maxLength: max });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const gauge = fc.bigInt({ min: 0n, max: 0xffffffffffffffffn });
const ipv4 = bytes(4, 4).map((b) => formatIPv4(b, 0));
const ipv6 = bytes(16, 16).map((b) => formatIPv6(b, 0));
// UTF-8 that decodes back to itself: no leading BOM (a decoder strips it).
const text = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.startsWith('\uFEFF'));

/** A per-peer header: types 0-2 with V/L/A/O (and reserved bits), type 3 with F, or an unknown type. */
export const arbPeerHeader: fc.Arbitrary<BmpPeerHeader> = fc
  .record({ peerType: fc.constantFrom(0, 1, 2, 3, 200), flags: fc.integer({ min: 0, max: 255 }), distinguisher: bytes(8, 8), as: u32, bgpId: ipv4, seconds: u32, microseconds: u32, v4: ipv4, v6: ipv6 })
  .map(({ v4, v6, ...p }) => ({ ...p, address: p.peerType !== 3 && (p.flags & 0x80) !== 0 ? v6 : v4 }));

/** A BGP PDU as BMP carries it: a header whose length covers it, any body. */
export const arbPdu: fc.Arbitrary<Uint8Array> = bytes(0, 40).map((body) => {
  const b = new Uint8Array(19 + body.length).fill(0xff, 0, 16);
  b[16] = b.length >> 8;
  b[17] = b.length & 255;
  b[18] = body.length % 6;
  b.set(body, 19);
  return b;
});

/** TLVs of a family: string types as text, code types as codes, the rest as bytes. */
function arbTlvs(strings: readonly number[], codes: readonly number[], min = 0): fc.Arbitrary<BmpTlv[]> {
  const known = new Set([...strings, ...codes]);
  const tlv: fc.Arbitrary<BmpTlv> = fc.oneof(
    ...(strings.length > 0 ? [fc.record({ type: fc.constantFrom(...strings), text })] : []),
    ...(codes.length > 0 ? [fc.record({ type: fc.constantFrom(...codes), code: u16 })] : []),
    fc.record({ type: u16.filter((t) => !known.has(t)), value: bytes(0, 12) }),
  );
  return fc.array(tlv, { minLength: min, maxLength: 4 });
}

const COUNTERS = [0, 1, 2, 3, 4, 5, 6, 11, 12, 13];
const GAUGES = [7, 8, 14, 15, 18, 20];
const AFI_SAFI = [9, 10, 16, 17, 19, 21];

/** A stat of each shape, or raw (unassigned/experimental types, or a known type with another length). */
export const arbStat: fc.Arbitrary<BmpStat> = fc.oneof(
  fc.record({ type: fc.constantFrom(...COUNTERS), counter: u32 }),
  fc.record({ type: fc.constantFrom(...GAUGES), gauge }),
  fc.record({ type: fc.constantFrom(...AFI_SAFI), afi: u16, safi: fc.integer({ min: 0, max: 255 }), gauge }),
  fc.record({ type: fc.integer({ min: 44, max: 0xffff }), value: bytes(0, 12) }),
  fc.record({ type: fc.constantFrom(...COUNTERS), value: bytes(5, 9) }),
);

/** Any BMP message in canonical form. */
export const arbBmpMessage: fc.Arbitrary<BmpMessage> = fc.oneof(
  fc.record({ type: fc.constant('route-monitoring' as const), peer: arbPeerHeader, pdu: fc.oneof(arbPdu, bytes(0, 30)) }),
  fc.record({ type: fc.constant('statistics-report' as const), peer: arbPeerHeader, stats: fc.array(arbStat, { maxLength: 5 }) }),
  fc.oneof(
    fc.record({ type: fc.constant('peer-down' as const), peer: arbPeerHeader, reason: fc.constantFrom(1, 3), notification: bytes(1, 30) }),
    fc.record({ type: fc.constant('peer-down' as const), peer: arbPeerHeader, reason: fc.constant(2), fsmEvent: u16 }),
    fc.record({ type: fc.constant('peer-down' as const), peer: arbPeerHeader, reason: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ type: fc.constant('peer-down' as const), peer: arbPeerHeader, reason: fc.constantFrom(0, 4, 5, 7, 255), data: bytes(1, 10) }),
    fc.record({ type: fc.constant('peer-down' as const), peer: arbPeerHeader, reason: fc.constant(6), information: arbTlvs([0, 3], [], 1) }),
  ),
  fc
    .record({ peer: arbPeerHeader, v4: ipv4, v6: ipv6, localPort: u16, remotePort: u16, sentOpen: arbPdu, receivedOpen: arbPdu, information: arbTlvs([0, 3, 4], []) })
    .map(({ v4, v6, ...m }) => ({ type: 'peer-up' as const, ...m, localAddress: m.peer.peerType !== 3 && (m.peer.flags & 0x80) !== 0 ? v6 : v4 })),
  fc.record({ type: fc.constant('initiation' as const), information: arbTlvs([0, 1, 2], []) }),
  fc.record({ type: fc.constant('termination' as const), information: arbTlvs([0], [1]) }),
  fc.record({ type: fc.constant('route-mirroring' as const), peer: arbPeerHeader, tlvs: arbTlvs([], [1]) }),
  fc.record({ type: fc.constant('unknown' as const), messageType: fc.integer({ min: 7, max: 255 }), body: bytes(0, 20) }),
);
