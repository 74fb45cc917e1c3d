import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BgpFramer } from '../../src/capture/bgp-framer.ts';
import { Bzip2Decoder } from '../../src/capture/bzip2.ts';
import { CaptureReader } from '../../src/capture/capture-reader.ts';
import { MrtReader } from '../../src/capture/mrt-reader.ts';
import { RecordReader } from '../../src/capture/packet-reader.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { MessageFramer } from '../../src/messages/framing.ts';
import { decompressChunks } from '../../src/node/decompress.ts';
import { ACK, bgpMessage, concat, epb, ethernet, FIN, frame, idb, ipv4, keepalive, pcapFile, shb, SYN, tcp } from '../helpers/pcap-builder.ts';
import { hasTool } from '../helpers/shared.ts';

// Issue 14: buffering must be linear in the input however it is chunked. Each reader counts
// the bytes it copies (`bytesCopied`); pushing the same input in 1-byte, 4 KiB and whole-file
// chunks must copy O(input) bytes. Before the fix, MrtReader copied every buffered byte on
// each chunk (a 1 MiB record in 4 KiB chunks: ~128 MiB copied) and MessageFramer grew its
// scratch by the chunk (a 20 kB message byte by byte: ~200 MB). No timing is asserted.

/** Bytes copied may be at most this many times the input (each byte: appended once, moved at most twice on growth). */
const FACTOR = 4;
const CHUNKINGS = [1, 4096, Number.POSITIVE_INFINITY] as const;
const label = (size: number): string => (size === Number.POSITIVE_INFINITY ? 'whole' : `${size}-byte`);

function* chunks(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  if (size >= bytes.length) {
    yield bytes;
    return;
  }
  for (let o = 0; o < bytes.length; o += size) yield bytes.subarray(o, Math.min(bytes.length, o + size));
}

const be32 = (v: number): number[] => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];

/** An MRT record of an unassigned type (RFC 6396 section 2), body filled with `fill`. */
function mrtRecord(bodyLength: number, fill: number): Uint8Array {
  const out = new Uint8Array(12 + bodyLength).fill(fill);
  out.set([...be32(1_000_000_000), 0, 99, 0, 0, ...be32(bodyLength)], 0);
  return out;
}

/** 200 small records, one of 1 MiB, 200 small ones: the big one spans many chunks. */
const mrtInput = concat(...Array.from({ length: 200 }, (_, i) => mrtRecord(48, i)), mrtRecord(1 << 20, 7), ...Array.from({ length: 200 }, (_, i) => mrtRecord(48 + (i % 13), i)));

function readAllMrt(parts: Iterable<Uint8Array>): MrtReader {
  const r = new MrtReader();
  let n = 0;
  for (const c of parts) {
    r.push(c);
    while (r.next() !== undefined) n++;
  }
  r.end();
  while (r.next() !== undefined) n++;
  expect(n).toBe(401);
  expect(r.issues).toEqual([]);
  return r;
}

describe('MrtReader buffers linearly', () => {
  it.each(CHUNKINGS.map((s) => [label(s), s]))('%s chunks copy O(input)', (_, size) => {
    const r = readAllMrt(chunks(mrtInput, size));
    expect(r.bytesCopied).toBeLessThanOrEqual(FACTOR * mrtInput.length);
    // The whole file in one chunk is read in place.
    if (size === Number.POSITIVE_INFINITY) expect(r.bytesCopied).toBe(0);
  });
});

/** The issue's case scaled down: three 1 MiB records gzip to a few kB; zlib hands out 16 KiB pieces. */
describe('gzip and bzip2 adapters feed the MRT reader linearly', () => {
  const plain = concat(mrtRecord(1 << 20, 0), mrtRecord(1 << 20, 0), mrtRecord(1 << 20, 0));
  const gz = new Uint8Array(gzipSync(plain));

  async function viaAdapter(compressed: Uint8Array, size: number): Promise<{ reader: number; adapter: number; records: number }> {
    const r = new MrtReader();
    const it = decompressChunks(chunks(compressed, size));
    let records = 0;
    let n = await it.next();
    for (; n.done !== true; n = await it.next()) {
      r.push(n.value);
      while (r.next() !== undefined) records++;
    }
    r.end();
    while (r.next() !== undefined) records++;
    return { reader: r.bytesCopied, adapter: n.value.bytesCopied, records };
  }

  it.each(CHUNKINGS.filter((s) => s !== 1).map((s) => [label(s), s]))('gzip, %s chunks', async (_, size) => {
    const got = await viaAdapter(gz, size);
    expect(got.records).toBe(3);
    expect(got.reader).toBeLessThanOrEqual(FACTOR * plain.length);
    expect(got.adapter).toBeLessThanOrEqual(FACTOR * gz.length);
  });

  it('gzip, 1-byte chunks', async () => {
    const got = await viaAdapter(gz, 1);
    expect(got.records).toBe(3);
    expect(got.reader).toBeLessThanOrEqual(FACTOR * plain.length);
    expect(got.adapter).toBeLessThanOrEqual(FACTOR * gz.length);
  });

  it.skipIf(!hasTool('bzip2'))('bzip2 decoder and adapter, every chunking', async () => {
    // Pseudo-random bytes (an LCG), so the compressed stream is ~200 kB and spans many chunks.
    let x = 1;
    const varied = new Uint8Array(200_000).map(() => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x >>> 24;
    });
    const bz = new Uint8Array(execFileSync('bzip2', ['-9', '-c'], { input: varied, maxBuffer: 1 << 26 }));
    expect(bz.length).toBeGreaterThan(150_000);
    for (const size of CHUNKINGS) {
      const d = new Bzip2Decoder();
      let out = 0;
      for (const c of chunks(bz, size)) {
        d.push(c);
        for (let o = d.pull(); o !== undefined; o = d.pull()) out += o.length;
      }
      d.end();
      for (let o = d.pull(); o !== undefined; o = d.pull()) out += o.length;
      expect(out).toBe(varied.length);
      expect(d.bytesCopied).toBeLessThanOrEqual(FACTOR * bz.length);
    }
    const got = await viaAdapter(bz, 4096);
    expect(got.adapter).toBeLessThanOrEqual(FACTOR * bz.length);
  });
});

// pcap and pcapng: small packets and one 60 kB packet, which spans many chunks.
const small = Array.from({ length: 300 }, (_, i) => ethernet(ipv4([10, 0, 0, 1], [10, 0, 0, 2], tcp(1000, 2000, i, ACK, new Uint8Array(i % 50)))));
const big = ethernet(ipv4([10, 0, 0, 1], [10, 0, 0, 2], tcp(1000, 2000, 1, ACK, new Uint8Array(60_000).fill(5))));
const packets = [...small.slice(0, 150), big, ...small.slice(150)];
const pcap = pcapFile(packets.map((data, i) => ({ ts: BigInt(i) * 1000n, data })));
const pcapng = concat(shb(), idb(1), ...packets.map((data, i) => epb(0, BigInt(i), data)));

describe('RecordReader (pcap, pcapng) buffers linearly', () => {
  for (const [name, file] of [['pcap', pcap], ['pcapng', pcapng]] as const) {
    it.each(CHUNKINGS.map((s) => [label(s), s]))(`${name}, %s chunks`, (_, size) => {
      const r = new RecordReader();
      let n = 0;
      for (const c of chunks(file, size)) {
        r.push(c);
        while (r.next() !== undefined) n++;
      }
      r.end();
      while (r.next() !== undefined) n++;
      expect(n).toBe(packets.length);
      expect(r.bytesCopied).toBeLessThanOrEqual(FACTOR * file.length);
    });
  }
});

// BGP messages: KEEPALIVEs around a 4096-octet UPDATE and (extended messages, RFC 8654) a 20 kB one.
const messages = [keepalive(), bgpMessage(2, new Uint8Array(4096 - 19)), keepalive(), bgpMessage(2, new Uint8Array(20_000 - 19)), ...Array.from({ length: 100 }, () => keepalive())];
const stream = concat(...messages);

describe('MessageFramer and the capture BGP framer buffer linearly', () => {
  it.each(CHUNKINGS.map((s) => [label(s), s]))('MessageFramer, %s chunks', (_, size) => {
    const f = new MessageFramer(sessionContext({ asn4: true, extendedMessage: true }));
    let n = 0;
    for (const c of chunks(stream, size)) {
      f.push(c);
      while (f.next()) n++;
    }
    expect(n).toBe(messages.length);
    expect(f.bytesCopied).toBeLessThanOrEqual(FACTOR * stream.length);
  });

  it.each(CHUNKINGS.map((s) => [label(s), s]))('BgpFramer, %s chunks', (_, size) => {
    const f = new BgpFramer(true, { resyncChain: 2, maxLength: 65535, maxBuffer: 256 * 1024 });
    let n = 0;
    let frameNo = 0;
    for (const c of chunks(stream, size)) {
      f.push(c, ++frameNo, 0n);
      n += f.take().length;
    }
    f.finish();
    n += f.take().length;
    expect(n).toBe(messages.length);
    expect(f.takeNotes()).toEqual([]);
    expect(f.bytesCopied).toBeLessThanOrEqual(FACTOR * stream.length);
  });

  // The same stream as TCP segments of 1, 4096 and 65000 bytes in a pcap, read whole, through the capture reader.
  it.each([1, 4096, 65000].map((s) => [s]))('CaptureReader over %s-byte TCP segments', (seg) => {
    const c = { a: [10, 0, 0, 1], b: [10, 0, 0, 2], aPort: 40000, bPort: 179 };
    const frames = [frame(c, true, 0, SYN), frame(c, false, 0, SYN | ACK)];
    let seq = 1;
    for (const part of chunks(stream, seg)) {
      frames.push(frame(c, true, seq, ACK, part));
      seq += part.length;
    }
    frames.push(frame(c, true, seq, FIN | ACK), frame(c, false, 1, FIN | ACK));
    const file = pcapFile(frames.map((data, i) => ({ ts: BigInt(i), data })));
    const r = new CaptureReader();
    r.push(file).end();
    expect([...r].length).toBe(messages.length);
    expect(r.issues).toEqual([]);
    expect(r.bytesCopied).toBeLessThanOrEqual(FACTOR * stream.length);
  });
});
