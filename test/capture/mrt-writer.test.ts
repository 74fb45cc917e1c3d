import { describe, expect, it } from 'vitest';
import { Bgp4mpRecorder, encodeMrtRecord, MrtWriter, readMrt, ribDumpRecords, writeMrt, writeRibDump, type MrtRecord, type MrtWritable } from '../../src/capture/index.ts';
import { decodeRibAttributes } from '../../src/capture/mrt.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { Rib } from '../../src/rib/index.ts';
import type { UpdateMessage } from '../../src/attributes/types.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { keepalive, open, as4Cap, addPathCap, update } from '../helpers/pcap-builder.ts';

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

function one(rec: MrtWritable): MrtRecord {
  const recs = [...readMrt(encodeMrtRecord(rec))];
  expect(recs).toHaveLength(1);
  return recs[0] as MrtRecord;
}

const KA = keepalive();

describe('encodeMrtRecord: hand vectors (RFC 6396, RFC 8050)', () => {
  it('BGP4MP_ET MESSAGE_AS4, field by field (RFC 6396 3, 4.4.3)', () => {
    const bytes = encodeMrtRecord({ type: 'bgp-message', timestamp: 0x65000000, microseconds: 123456, peerAs: 4200000001, localAs: 65000, interfaceIndex: 7, peerAddress: '192.0.2.1', localAddress: '192.0.2.2', isAs4: true, message: KA });
    expect(toHex(bytes)).toBe(
      [
        '65000000', // Timestamp
        '0011', // Type 17 BGP4MP_ET
        '0004', // Subtype 4 MESSAGE_AS4
        '0000002b', // Length 43: microseconds 4 + ASes 8 + ifindex 2 + AFI 2 + addresses 8 + message 19
        '0001e240', // Microsecond Timestamp 123456
        'fa56ea01', // Peer AS 4200000001
        '0000fde8', // Local AS 65000
        '0007', // Interface Index
        '0001', // AFI IPv4
        'c0000201', // Peer IP
        'c0000202', // Local IP
        'ffffffffffffffffffffffffffffffff001304', // KEEPALIVE
      ].join(''),
    );
  });

  it('BGP4MP subtypes from isAs4, isLocal, isAddPath (RFC 6396 4.4, RFC 8050 3), IPv6 addresses', () => {
    const base = { type: 'bgp-message', timestamp: 1, peerAs: 1, localAs: 2, peerAddress: '2001:db8::1', localAddress: '2001:db8::2', message: KA } as const;
    const got: number[] = [];
    for (const isAddPath of [false, true]) for (const isLocal of [false, true]) for (const isAs4 of [false, true]) got.push(one({ ...base, isAs4, isLocal, isAddPath }).subtype);
    expect(got).toEqual([1, 4, 6, 7, 8, 9, 10, 11]);
    const r = one({ ...base, isAs4: false, isLocal: true });
    expect(r).toMatchObject({ type: 'bgp-message', mrtType: 16, afi: 2, peerAddress: '2001:db8::1', localAddress: '2001:db8::2', isLocal: true, isAs4: false });
  });

  it('state changes: BGP4MP STATE_CHANGE_AS4, Zebra 8-octet STATE_CHANGE, legacy type 5', () => {
    expect(one({ type: 'state-change', timestamp: 5, peerAs: 70000, localAs: 65000, peerAddress: '10.0.0.1', localAddress: '10.0.0.2', oldState: 5, newState: 6, isAs4: true })).toMatchObject({ type: 'state-change', subtype: 5, peerAs: 70000, oldState: 5, newState: 6, localAddress: '10.0.0.2' });
    const zebra = encodeMrtRecord({ type: 'state-change', timestamp: 5, peerAs: 1, localAs: 2, peerAddress: '0.0.0.0', oldState: 1, newState: 2, isAs4: false });
    expect(toHex(zebra)).toBe('00000005' + '0010' + '0000' + '00000008' + '0001' + '0002' + '0001' + '0002');
    const legacy = encodeMrtRecord({ type: 'state-change', mrtType: 5, timestamp: 5, peerAs: 1, peerAddress: '10.0.0.1', oldState: 1, newState: 2, isAs4: false });
    expect(toHex(legacy)).toBe('00000005' + '0005' + '0003' + '0000000a' + '0001' + '0a000001' + '0001' + '0002');
  });

  it('legacy type 5 messages leave out the 19-octet header; the reader puts it back', () => {
    const u = update([[[10, 0, 0, 0], 8]], [65001], false);
    const bytes = encodeMrtRecord({ type: 'bgp-message', mrtType: 5, timestamp: 9, peerAs: 1, localAs: 2, peerAddress: '10.0.0.1', localAddress: '10.0.0.2', isAs4: false, message: u });
    expect(bytes.length).toBe(12 + 12 + u.length - 19);
    expect(one({ type: 'bgp-message', mrtType: 5, timestamp: 9, peerAs: 1, localAs: 2, peerAddress: '10.0.0.1', localAddress: '10.0.0.2', isAs4: false, message: u })).toMatchObject({ subtype: 1, message: u, isHeaderSynthesized: true });
    expect(() => encodeMrtRecord({ type: 'bgp-message', mrtType: 5, timestamp: 9, peerAs: 1, localAs: 2, peerAddress: '2001:db8::1', localAddress: '2001:db8::2', isAs4: false, message: u })).toThrow(TypeError);
  });

  it('TABLE_DUMP_V2: PEER_INDEX_TABLE (peer types from the values), RIB with and without path ids, RIB_GENERIC', () => {
    const attrs = fromHex('400101004002060201fde8fde9400304c0000201');
    const recs = [
      ...readMrt(
        concat([
          ...writeMrt([
            { type: 'peer-index-table', timestamp: 1, collectorBgpId: '192.0.2.9', viewName: 'vue', peers: [{ bgpId: '1.1.1.1', address: '192.0.2.1', as: 65001 }, { bgpId: '2.2.2.2', address: '2001:db8::2', as: 4200000002 }] },
            { type: 'rib', timestamp: 1, sequence: 0, afi: 1, safi: 1, prefix: '198.51.100.0/24', entries: [{ peerIndex: 0, originatedTime: 7, attributes: attrs }] },
            { type: 'rib', timestamp: 1, sequence: 1, afi: 2, safi: 2, isAddPath: true, prefix: '2001:db8::/33', entries: [{ peerIndex: 1, originatedTime: 8, pathId: 42, attributes: attrs }] },
            { type: 'rib-generic', subtype: 12, timestamp: 1, sequence: 2, afi: 25, safi: 65, body: Uint8Array.of(1, 2, 3) },
          ]),
        ]),
      ),
    ];
    expect(recs.map((r) => r.subtype)).toEqual([1, 2, 11, 12]);
    expect(recs[0]).toMatchObject({ viewName: 'vue', peers: [{ peerType: 0, as: 65001 }, { peerType: 3, address: '2001:db8::2', as: 4200000002 }] });
    expect(recs[1]).toMatchObject({ prefix: '198.51.100.0/24', entries: [{ peerIndex: 0, originatedTime: 7, attributes: attrs, peer: { bgpId: '1.1.1.1' } }] });
    expect(recs[2]).toMatchObject({ prefix: '2001:db8::/33', isAddPath: true, entries: [{ pathId: 42 }] });
    expect(recs[3]).toMatchObject({ type: 'rib-generic', afi: 25, safi: 65, body: Uint8Array.of(1, 2, 3) });
    expect(() => encodeMrtRecord({ type: 'rib', timestamp: 1, sequence: 0, afi: 1, safi: 128, prefix: '10.0.0.0/8', entries: [] })).toThrow(/rib-generic/);
    expect(() => encodeMrtRecord({ type: 'rib', timestamp: 1, sequence: 0, afi: 2, safi: 1, prefix: '10.0.0.0/8', entries: [] })).toThrow(TypeError);
  });

  it('TABLE_DUMP (v1) and BGP4MP_ENTRY', () => {
    const attrs = fromHex('40010100');
    expect(one({ type: 'table-dump', timestamp: 3, sequence: 65535, prefix: '2001:db8::/32', originatedTime: 4, peerAddress: '2001:db8::9', peerAs: 65001, attributes: attrs })).toMatchObject({ type: 'table-dump', subtype: 2, sequence: 65535, status: 1, prefix: '2001:db8::/32', peerAs: 65001 });
    expect(one({ type: 'bgp4mp-entry', timestamp: 3, prefix: '10.1.0.0/16', originatedTime: 4, peerAddress: '10.0.0.1', peerAs: 1, localAddress: '10.0.0.2', localAs: 2, nextHop: '10.0.0.1', attributes: attrs })).toMatchObject({ type: 'bgp4mp-entry', mrtType: 16, subtype: 2, prefix: '10.1.0.0/16', nextHop: '10.0.0.1', localAs: 2 });
    expect(() => encodeMrtRecord({ type: 'table-dump', timestamp: 3, prefix: '10.0.0.0/8', originatedTime: 4, peerAddress: '10.0.0.1', peerAs: 70000, attributes: attrs })).toThrow(RangeError);
  });

  it('raw records: unknown with the _ET microsecond field written first, invalid as it was', () => {
    expect(toHex(encodeMrtRecord({ type: 'unknown', mrtType: 33, subtype: 9, timestamp: 1, microseconds: 2, body: Uint8Array.of(0xaa) }))).toBe('00000001' + '0021' + '0009' + '00000005' + '00000002' + 'aa');
    expect(toHex(encodeMrtRecord({ type: 'invalid', mrtType: 17, subtype: 4, timestamp: 1, microseconds: 2, body: Uint8Array.of(0, 0, 0, 2, 0xbb) }))).toBe('00000001' + '0011' + '0004' + '00000005' + '00000002' + 'bb');
  });

  it('refuses values that do not fit rather than truncating them', () => {
    const base = { type: 'bgp-message', timestamp: 1, peerAs: 70000, localAs: 1, peerAddress: '10.0.0.1', localAddress: '10.0.0.2', isAs4: false, message: KA } as const;
    expect(() => encodeMrtRecord(base)).toThrow(RangeError);
    expect(() => encodeMrtRecord({ ...base, isAs4: true, localAddress: '2001:db8::1' })).toThrow(TypeError);
    expect(() => encodeMrtRecord({ ...base, isAs4: true, message: new Uint8Array(3) })).toThrow(TypeError);
    expect(() => encodeMrtRecord({ ...base, isAs4: true, mrtType: 13 })).toThrow(TypeError);
    expect(() => encodeMrtRecord({ ...base, isAs4: true, timestamp: -1 })).toThrow(RangeError);
    const w = new MrtWriter();
    expect(() => w.write({ ...base })).toThrow(RangeError);
    expect(w.records).toBe(0);
    expect(w.end()).toEqual([]);
  });

  it('hands out chunks of the size asked, a larger record in a chunk of its own', () => {
    const w = new MrtWriter({ chunkSize: 100 });
    const sizes: number[] = [];
    const big = new Uint8Array(300);
    big.set(KA);
    big[16] = 300 >> 8;
    big[17] = 300 & 0xff;
    for (let i = 0; i < 5; i++) for (const c of w.write({ type: 'bgp-message', timestamp: i, peerAs: 1, localAs: 2, peerAddress: '10.0.0.1', localAddress: '10.0.0.2', isAs4: true, message: i === 2 ? big : KA })) sizes.push(c.length);
    for (const c of w.end()) sizes.push(c.length);
    const rec = 12 + 20 + 19;
    expect(sizes).toEqual([rec, rec, 12 + 20 + 300, rec, rec]);
    expect(w.bytes).toBe(4 * rec + 332);
  });
});

describe('writeRibDump (TABLE_DUMP_V2 of a Rib)', () => {
  it('dumps every route of every peer; the entries decode to the attributes the RIB holds', () => {
    const rib = new Rib({ local: { asn: 65000, bgpId: '192.0.2.254' } });
    const ctx = sessionContext({ as4: true });
    const a = rib.addPeer({ asn: 65001, bgpId: '1.1.1.1', address: '192.0.2.1', type: 'external', inbound: ctx });
    const b = rib.addPeer({ asn: 4200000002, bgpId: '2.2.2.2', address: '2001:db8::2', type: 'external', inbound: sessionContext({ as4: true, addPath: [{ afi: 2, safi: 1 }] }) });
    const v4: UpdateMessage = { type: 'UPDATE', withdrawn: [], attributes: [{ type: 'ORIGIN', origin: 'IGP' }, { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65001, 4200000009] }] }, { type: 'NEXT_HOP', nextHop: '192.0.2.1' }], nlri: [{ prefix: '10.0.0.0/8' }, { prefix: '10.1.0.0/16' }] };
    const v6: UpdateMessage = { type: 'UPDATE', withdrawn: [], attributes: [{ type: 'MP_REACH_NLRI', afi: 2, safi: 1, nextHop: ['2001:db8::2'], nlri: [{ prefix: '2001:db8:1::/48', pathId: 3 }] }, { type: 'ORIGIN', origin: 'IGP' }, { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [4200000002] }] }], nlri: [] };
    rib.applyUpdate(a, v4);
    rib.applyUpdate(b, { ...v4, attributes: [...v4.attributes.slice(0, 2), { type: 'NEXT_HOP', nextHop: '192.0.2.2' }] });
    rib.applyUpdate(b, v6);
    const recs = [...readMrt(concat([...writeRibDump(rib, { timestamp: 1700000000, collectorBgpId: '192.0.2.254' })]))];
    expect(recs.map((r) => r.type)).toEqual(['peer-index-table', 'rib', 'rib', 'rib']);
    expect(recs[0]).toMatchObject({ collectorBgpId: '192.0.2.254', peers: [{ address: '192.0.2.1', as: 65001, peerType: 0 }, { address: '2001:db8::2', as: 4200000002, peerType: 3 }] });
    const ribs = recs.slice(1) as Extract<MrtRecord, { type: 'rib' }>[];
    expect(ribs.map((r) => [r.sequence, r.prefix, r.subtype, r.entries.length])).toEqual([[0, '10.0.0.0/8', 2, 2], [1, '10.1.0.0/16', 2, 2], [2, '2001:db8:1::/48', 10, 1]]);
    // RFC 6396 4.3.4: the MP_REACH_NLRI of an entry keeps only the next hop length and next hop.
    const e6 = ribs[2]?.entries[0];
    expect(e6?.pathId).toBe(3);
    expect(toHex(e6?.attributes ?? new Uint8Array(0))).toContain('800e11' + '10' + '20010db8000000000000000000000002');
    for (const r of ribs) {
      for (const e of r.entries) {
        const held = rib.routes(r.afi === 1 ? 'ipv4-unicast' : 'ipv6-unicast', r.prefix).find((x) => x.peer === rib.peer(e.peerIndex));
        const attrs = decodeRibAttributes(e.attributes, r.afi, r.safi).attributes;
        expect(attrs.filter((x) => x.type !== 'MP_REACH_NLRI')).toEqual(held?.attributes.filter((x) => x.type !== 'MP_REACH_NLRI'));
      }
    }
    expect([...ribDumpRecords(rib, { timestamp: 1, routes: 'loc-rib' })].filter((r) => r.type === 'rib').map((r) => (r.type === 'rib' ? r.entries.length : 0))).toEqual([1, 1, 1]);
    expect(() => [...writeRibDump(rib, {} as never)]).toThrow(TypeError);
  });
});

describe('Bgp4mpRecorder (BGP4MP_ET as the messages pass)', () => {
  it('picks MESSAGE_AS4 / _LOCAL / _ADDPATH from the OPENs as they pass, and keeps the microseconds', () => {
    const rec = new Bgp4mpRecorder({ peerAs: 65001, peerAddress: '192.0.2.1', localAs: 65000, localAddress: '192.0.2.2', chunkSize: 64 });
    const chunks: Uint8Array[] = [];
    const t = 1_700_000_000_123_456_789n;
    chunks.push(...rec.stateChange(5, 6, t));
    chunks.push(...rec.received(open(65001, [1, 1, 1, 1], [as4Cap(65001), addPathCap(1, 1, 3)]), t));
    chunks.push(...rec.sent(open(65000, [2, 2, 2, 2], [as4Cap(65000), addPathCap(1, 1, 3)]), t + 1000n));
    const u = encodeMessage({ type: 'UPDATE', withdrawn: [], attributes: [{ type: 'ORIGIN', origin: 'IGP' }, { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65001] }] }, { type: 'NEXT_HOP', nextHop: '192.0.2.1' }], nlri: [{ prefix: '10.0.0.0/8', pathId: 9 }] }, sessionContext({ as4: true, addPath: [{ afi: 1, safi: 1 }] }));
    chunks.push(...rec.received(u, t + 2000n), ...rec.sent(KA, t + 3000n), ...rec.end());
    const recs = [...readMrt(concat(chunks))];
    expect(recs.map((r) => [r.mrtType, r.subtype, r.timestamp, r.microseconds])).toEqual([
      [17, 5, 1700000000, 123456],
      [17, 4, 1700000000, 123456],
      [17, 11, 1700000000, 123457], // the OPEN that completes the negotiation is recorded under it
      [17, 9, 1700000000, 123458],
      [17, 11, 1700000000, 123459],
    ]);
    const upd = recs[3] as Extract<MrtRecord, { type: 'bgp-message' }>;
    expect(decodeMessage(upd.message, upd.context)).toMatchObject({ nlri: [{ prefix: '10.0.0.0/8', pathId: 9 }] });
    expect(rec.records).toBe(5);
  });

  it('a 2-octet session takes MESSAGE, with AS_TRANS for AS numbers above 65535 (RFC 6793 9)', () => {
    const rec = new Bgp4mpRecorder({ peerAs: 4200000001, peerAddress: '192.0.2.1', localAs: 65000, localAddress: '192.0.2.2' });
    const chunks = [...rec.received(open(23456, [1, 1, 1, 1]), 0n), ...rec.sent(open(65000, [2, 2, 2, 2]), 0n), ...rec.received(KA, 0n), ...rec.end()];
    const recs = [...readMrt(concat(chunks))];
    // The OPEN that completes the negotiation is recorded under it.
    expect(recs.map((r) => r.subtype)).toEqual([4, 6, 1]);
    expect(recs[2]).toMatchObject({ peerAs: 23456, localAs: 65000, isAs4: false });
  });
});
