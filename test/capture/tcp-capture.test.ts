import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureReader, readCapture, readPcapHeader, type CaptureMessage } from '../../src/capture/index.ts';
import { PcapWriter } from '../../src/capture/pcap-writer.ts';
import { PcapngWriter } from '../../src/capture/pcapng-writer.ts';
import { writeTcpCapture, type TcpSend } from '../../src/capture/tcp-capture.ts';
import { TcpSession } from '../../src/capture/tcp-session.ts';
import { decodeIp, decodeLink, isIpSkip, isLinkSkip } from '../../src/capture/index.ts';
import { runs } from '../helpers/shared.ts';
import * as api from '../../src/capture/index.ts';
import { contextFor, decodeMessage, encodeMessage, type BgpMessage, type OpenMessage } from '../../src/index.ts';

// The capture writers against our own capture reader: any messages, any MSS, reordered or
// retransmitted segments, IPv4 or IPv6, Ethernet or raw IP, pcap or pcapng, any initial
// sequence numbers (so sequence numbers wrap), any chunk size: the reader gives back exactly
// the messages written, in order, with their endpoints and times.

/** A BGP message with a random body (RFC 4271 4.1 header: marker, length, type). */
const arbMessage: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.constantFrom(2, 3, 4, 5, 6, 200), fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ minLength: 1000, maxLength: 4077 })))
  .map(([type, body]) => {
    const m = new Uint8Array(19 + body.length);
    m.fill(0xff, 0, 16);
    m[16] = m.length >> 8;
    m[17] = m.length & 0xff;
    m[18] = type;
    m.set(body, 19);
    return m;
  });

const arbSend = fc.record({
  fromClient: fc.boolean(),
  messages: fc.array(arbMessage, { minLength: 1, maxLength: 3 }),
  reorder: fc.boolean(),
  retransmit: fc.boolean(),
});

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

const T0 = 1_764_000_000_000_000_000n;

describe('writeTcpCapture / TcpSession / PcapWriter / PcapngWriter', () => {
  it('our capture reader gives back exactly the messages written (any messages, MSS, reordering, retransmission)', () => {
    fc.assert(
      fc.property(
        fc.array(arbSend, { minLength: 1, maxLength: 8 }),
        fc.record({
          mss: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 65, max: 9000 })),
          v6: fc.boolean(),
          raw: fc.boolean(),
          pcapng: fc.boolean(),
          isn: fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0xfffff000, max: 0xffffffff })),
          chunkSize: fc.integer({ min: 1, max: 70000 }),
        }),
        (sends, o) => {
          const client = { address: o.v6 ? '2001:db8::1' : '192.0.2.1', port: 40001 };
          const server = { address: o.v6 ? '2001:db8::2' : '192.0.2.2', port: 179 };
          // The reader holds at most 4096 out-of-order segments per direction (tcp-stream.ts
          // MAX_PENDING_SEGMENTS; beyond, the hole is a gap, by design): a reordered send stays under.
          const fits = (s: (typeof sends)[number]): boolean => Math.ceil(s.messages.reduce((n, m) => n + m.length, 0) / o.mss) <= 4000;
          const input: TcpSend[] = sends.map((s, i) => ({ fromClient: s.fromClient, data: s.messages, timestamp: T0 + BigInt(i) * 1_000_000n, reorder: s.reorder && fits(s), retransmit: s.retransmit }));
          const chunks = [...writeTcpCapture(input, { client, server, mss: o.mss, link: o.raw ? 'raw' : 'ethernet', isn: o.isn, format: o.pcapng ? 'pcapng' : 'pcap', pcap: { chunkSize: o.chunkSize }, pcapng: { chunkSize: o.chunkSize } })];
          for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(Math.min(o.chunkSize, 1));
          // Streamed in the writer's own chunks.
          const reader = captureReader();
          const got: CaptureMessage[] = [];
          for (const c of chunks) {
            reader.push(c);
            got.push(...reader);
          }
          reader.end();
          got.push(...reader);
          const want = sends.flatMap((s, i) => s.messages.map((m) => ({ s, m, i })));
          expect(got.length).toBe(want.length);
          got.forEach((g, k) => {
            const w = want[k] as (typeof want)[number];
            expect(g.bytes).toEqual(w.m);
            expect(g.src).toBe(w.s.fromClient ? client.address : server.address);
            expect(g.dst).toBe(w.s.fromClient ? server.address : client.address);
            expect(g.srcPort).toBe(w.s.fromClient ? 40001 : 179);
            expect(g.timestamp).toBe(T0 + BigInt(w.i) * 1_000_000n);
            expect(g.session).toBe(1);
          });
          expect(reader.issues).toEqual([]);
        },
      ),
      // endOnFailure: shrinking thousands of 1-octet segments takes minutes; the failing case is printed as found.
      { numRuns: runs(150, 5000), endOnFailure: true },
    );
  });

  it('segments at the MSS with sequence and acknowledgment numbers that follow the bytes (RFC 9293 3.4)', () => {
    const s = new TcpSession({ mss: 10, isn: [0xfffffff0, 7] });
    const packets = [...s.open(1n), ...s.send(true, new Uint8Array(25), 2n), ...s.send(false, new Uint8Array(3), 3n), ...s.close(4n)];
    const segs = packets.map((p) => {
      const link = decodeLink(1, p.data);
      if (isLinkSkip(link)) throw new Error(link.message);
      const seg = decodeIp(link.version, link.ip);
      if (isIpSkip(seg)) throw new Error(seg.message);
      return [seg.src, seg.seq, seg.ack, seg.flags, seg.payload.length];
    });
    expect(segs).toEqual([
      ['192.0.2.1', 0xfffffff0, 0, 0x02, 0], // SYN
      ['192.0.2.2', 7, 0xfffffff1, 0x12, 0], // SYN-ACK
      ['192.0.2.1', 0xfffffff1, 8, 0x10, 0], // ACK
      ['192.0.2.1', 0xfffffff1, 8, 0x10, 10],
      ['192.0.2.1', 0xfffffffb, 8, 0x10, 10],
      ['192.0.2.1', 0x00000005, 8, 0x18, 5], // wrapped; PSH on the last segment
      ['192.0.2.2', 8, 0x0000000a, 0x10, 0], // the receiver's ACK
      ['192.0.2.2', 8, 0x0000000a, 0x18, 3],
      ['192.0.2.1', 0x0000000a, 11, 0x10, 0],
      ['192.0.2.1', 0x0000000a, 11, 0x11, 0], // FIN-ACK
      ['192.0.2.2', 11, 0x0000000b, 0x11, 0],
      ['192.0.2.1', 0x0000000b, 12, 0x10, 0],
    ]);
  });

  it('writes correct IPv4 header and TCP checksums (RFC 1071: the sum over the header with its checksum is 0xffff)', () => {
    for (const address of [['192.0.2.1', '198.51.100.7'], ['2001:db8::1', '2001:db8:ffff::2']] as const) {
      const s = new TcpSession({ client: { address: address[0], port: 1 }, server: { address: address[1], port: 179 }, link: 'raw' });
      for (const p of [...s.open(0n), ...s.send(true, Uint8Array.of(1, 2, 3), 0n)]) {
        const sum = (b: Uint8Array, start: number, end: number, init: number): number => {
          let x = init;
          for (let i = start; i < end; i += 2) x += ((b[i] as number) << 8) | (b[i + 1] ?? 0);
          while (x > 0xffff) x = (x & 0xffff) + Math.floor(x / 0x10000);
          return x;
        };
        const d = p.data;
        const v4 = address[0].includes('.');
        const ipLen = v4 ? 20 : 40;
        if (v4) expect(sum(d, 0, 20, 0)).toBe(0xffff);
        const tcpLen = d.length - ipLen;
        const pseudo = sum(d, v4 ? 12 : 8, ipLen, 6 + tcpLen);
        expect(sum(d, ipLen, d.length, pseudo)).toBe(0xffff);
      }
    }
  });

  it('pcap: µs by default, ns on request, either byte order; the header says the link type', () => {
    const s = new TcpSession({ link: 'raw' });
    const packets = s.open(1_700_000_000_123_456_789n);
    for (const [nanosecond, littleEndian] of [[false, true], [true, false]] as const) {
      const w = new PcapWriter({ linkType: s.linkType, nanosecond, littleEndian });
      const bytes = concat([...w.write(packets), ...w.end()]);
      const h = readPcapHeader(bytes, 0);
      expect(h).toMatchObject({ value: { littleEndian, nanosecond, linkType: 101 } });
      const ts = [...readCapture(concat([bytes]))];
      expect(ts).toEqual([]);
      expect(w.packets).toBe(3);
      expect(bytes.length).toBe(24 + 3 * 16 + packets.reduce((n, p) => n + p.data.length, 0));
    }
    expect(() => new PcapWriter().write({ timestamp: -1n, data: new Uint8Array(1) })).toThrow(RangeError);
    expect(() => new PcapWriter().write({ timestamp: 0n, data: new Uint8Array(4), originalLength: 3 })).toThrow(RangeError);
  });

  it('pcapng: section comment, interface name and resolution, packet comments, exact timestamps', () => {
    const w = new PcapngWriter({ comment: 'built by a test', interfaceName: 'lab0' });
    const ts = 1_700_000_000_123_456_789n;
    const bytes = concat([...w.write([{ timestamp: ts, data: new Uint8Array(5), comment: 'é one' }]), ...w.end()]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('built by a test');
    expect(text).toContain('lab0');
    expect(text).toContain('é one');
    expect(bytes.length % 4).toBe(0);
    const dv = new DataView(bytes.buffer);
    const shbLen = dv.getUint32(4, true);
    const idbLen = dv.getUint32(shbLen + 4, true);
    const epb = shbLen + idbLen;
    expect(dv.getUint32(epb, true)).toBe(6);
    expect((BigInt(dv.getUint32(epb + 12, true)) << 32n) | BigInt(dv.getUint32(epb + 16, true))).toBe(ts);
    const us = new PcapngWriter({ nanosecond: false });
    const b2 = concat([...us.write({ timestamp: ts, data: new Uint8Array(1) }), ...us.end()]);
    const d2 = new DataView(b2.buffer);
    const at = d2.getUint32(4, true) + d2.getUint32(d2.getUint32(4, true) + 4, true);
    expect((BigInt(d2.getUint32(at + 12, true)) << 32n) | BigInt(d2.getUint32(at + 16, true))).toBe(ts / 1000n);
  });

  it('refuses what does not fit: mixed address families, a bad address, an MSS of 0', () => {
    expect(() => new TcpSession({ client: { address: '192.0.2.1', port: 1 }, server: { address: '2001:db8::1', port: 179 } })).toThrow(TypeError);
    expect(() => new TcpSession({ client: { address: 'router-a', port: 1 } })).toThrow(TypeError);
    expect(() => new TcpSession({ mss: 0 })).toThrow(RangeError);
    expect(() => new TcpSession({ client: { address: '192.0.2.1', port: 70000 } })).toThrow(RangeError);
  });
});

describe('docs/CAPTURE.md: the example test that builds a capture from values', () => {
  it('decodes an UPDATE split across 100-octet segments, delivered out of order', () => {
    const a: OpenMessage = { type: 'OPEN', version: 4, myAs: 65001, holdTime: 90, bgpId: '192.0.2.1', capabilities: [{ type: 'as4', asn: 65001 }] };
    const b: OpenMessage = { ...a, myAs: 65002, bgpId: '192.0.2.2', capabilities: [{ type: 'as4', asn: 65002 }] };
    const update: BgpMessage = {
      type: 'UPDATE',
      withdrawn: [],
      nlri: [{ prefix: '198.51.100.0/24' }],
      attributes: [{ type: 'ORIGIN', origin: 'IGP' }, { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65001] }] }, { type: 'NEXT_HOP', nextHop: '192.0.2.1' }],
    };
    const t = 1_700_000_000_000_000_000n;
    const file = Buffer.concat([
      ...api.writeTcpCapture(
        [
          { fromClient: true, data: encodeMessage(a), timestamp: t },
          { fromClient: false, data: encodeMessage(b), timestamp: t + 1_000_000n },
          { fromClient: true, data: encodeMessage(update, contextFor(a, b)), timestamp: t + 2_000_000n, reorder: true, comment: 'the UPDATE' },
        ],
        { format: 'pcapng', mss: 100, client: { address: '192.0.2.1', port: 40000 }, server: { address: '192.0.2.2', port: 179 } },
      ),
    ]);
    const msgs = [...api.readCapture(file)];
    expect(msgs.map((m) => decodeMessage(m.bytes, m.context).type)).toEqual(['OPEN', 'OPEN', 'UPDATE']);
    expect(decodeMessage(msgs[2]!.bytes, msgs[2]!.context)).toMatchObject({ nlri: [{ prefix: '198.51.100.0/24' }] });
  });
});
