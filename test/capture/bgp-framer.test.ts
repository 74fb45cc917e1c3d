import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BgpFramer } from '../../src/capture/bgp-framer.ts';
import { concat, keepalive, update } from '../helpers/pcap-builder.ts';
import { runs } from '../helpers/shared.ts';

const options = { resyncChain: 2, maxLength: 4096, maxBuffer: 1 << 16 };
// An UPDATE whose body holds 16+ bytes of 0xFF: AS 4294967295 four times, then /32s of all ones.
const tricky = update([[[255, 255, 255, 255], 32], [[255, 255, 255, 255], 32]], [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]);
const plain = update([[[10, 0, 0, 0], 8]]);

function frameAll(framer: BgpFramer, chunks: Uint8Array[], finish = true): number[][] {
  chunks.forEach((c, i) => framer.push(c, i + 1, BigInt(i + 1)));
  if (finish) framer.finish();
  return framer.take().map((m) => [...m.bytes]);
}

describe('BGP framing over a stream', () => {
  it('frames messages split and joined across pushes, stamping the completing chunk', () => {
    const stream = concat(keepalive(), tricky, plain);
    const f = new BgpFramer(true, options);
    f.push(stream.subarray(0, 25), 1, 10n);
    f.push(stream.subarray(25, 90), 2, 20n);
    f.push(stream.subarray(90), 3, 30n);
    const out = f.take();
    expect(out.map((m) => [...m.bytes])).toEqual([[...keepalive()], [...tricky], [...plain]]);
    // KEEPALIVE ends at 19 (chunk 1), the 65-byte UPDATE at 84 (chunk 2), the last one in chunk 3.
    expect(out.map((m) => [m.frame, m.timestamp])).toEqual([
      [1, 10n],
      [2, 20n],
      [3, 30n],
    ]);
  });

  it('in sync, frames messages inside a chunk in place (views, no copy) and copies only one split across chunks', () => {
    const stream = concat(keepalive(), plain, tricky, keepalive());
    const cut = 19 + plain.length + 10; // inside `tricky`
    const f = new BgpFramer(true, options);
    f.push(stream.subarray(0, cut), 1, 10n);
    f.push(stream.subarray(cut), 2, 20n);
    const out = f.take();
    expect(out.map((m) => [...m.bytes])).toEqual([[...keepalive()], [...plain], [...tricky], [...keepalive()]]);
    const aliases = out.map((m) => m.bytes.buffer === stream.buffer);
    // The first two and the last lie within one pushed chunk; `tricky` spans the two.
    expect(aliases).toEqual([true, true, false, true]);
    expect(out[1]?.bytes.byteOffset).toBe(stream.byteOffset + 19);
    expect(out.map((m) => m.frame)).toEqual([1, 1, 2, 2]);
    // The pushed bytes are never written to.
    expect([...stream]).toEqual([...concat(keepalive(), plain, tricky, keepalive())]);
  });

  it('out of sync, ignores 16 bytes of 0xFF inside an UPDATE and resynchronises on a chain', () => {
    // The capture starts inside `tricky`, 3 bytes in: its inner 0xFF runs must not be taken for a marker.
    const stream = concat(tricky.subarray(3), plain, keepalive(), plain);
    const f = new BgpFramer(false, options);
    const got = frameAll(f, [stream.subarray(0, 7), stream.subarray(7)]);
    expect(got).toEqual([[...plain], [...keepalive()], [...plain]]);
    expect(f.takeNotes().map((n) => n.kind)).toContain('resync');
  });

  it('accepts one complete message at a segment start, or a chain ending at the end of the stream', () => {
    const f = new BgpFramer(false, options);
    expect(frameAll(f, [plain])).toEqual([[...plain]]);
    const g = new BgpFramer(false, options);
    expect(frameAll(g, [concat(new Uint8Array([1, 2, 3]), plain)])).toEqual([[...plain]]);
  });

  it('drops the partial message at a gap and resynchronises after it', () => {
    const f = new BgpFramer(true, options);
    f.push(concat(keepalive(), plain.subarray(0, 20)), 1, 1n);
    f.gap(2, 'lost');
    f.push(concat(plain.subarray(30), keepalive(), plain), 3, 3n);
    f.finish();
    expect(f.take().map((m) => m.bytes.length)).toEqual([19, 19, plain.length]);
    expect(f.takeNotes().map((n) => n.kind)).toEqual(['gap', 'resync']);
  });

  it('reports a bad marker in sync and leftovers at the end', () => {
    const f = new BgpFramer(true, options);
    f.push(concat(keepalive(), Uint8Array.of(1, 2, 3)), 1, 1n);
    f.finish();
    expect(f.take().length).toBe(1);
    expect(f.takeNotes().map((n) => n.kind)).toEqual(['desync', 'trailing-bytes']);
  });

  it('keeps its buffer bounded on garbage', () => {
    const f = new BgpFramer(false, { ...options, maxBuffer: 1000 });
    for (let i = 0; i < 100; i++) f.push(new Uint8Array(500).fill(0xff), i, 0n);
    f.finish();
    expect(f.take()).toEqual([]);
  });

  it('in sync, any cut of a stream into chunks gives its messages, each stamped with its completing chunk, copied only when split', () => {
    // Messages of 19..300 bytes (any type: framing in sync reads only marker and length).
    const message = fc.record({ type: fc.integer({ min: 1, max: 255 }), body: fc.uint8Array({ maxLength: 281 }) }).map(({ type, body }) => {
      const m = new Uint8Array(19 + body.length).fill(0xff, 0, 16);
      m[16] = m.length >> 8;
      m[17] = m.length & 255;
      m[18] = type;
      m.set(body, 19);
      return m;
    });
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 12 }), (messages, cutSeeds) => {
        const stream = concat(...messages);
        const cuts = [...new Set(cutSeeds.map((c) => c % stream.length))].filter((c) => c > 0).sort((a, b) => a - b);
        const bounds = [0, ...cuts, stream.length];
        const f = new BgpFramer(true, { resyncChain: 2, maxLength: 65535, maxBuffer: 1 << 20 });
        for (let i = 0; i + 1 < bounds.length; i++) f.push(stream.subarray(bounds[i] as number, bounds[i + 1] as number), i + 1, BigInt(i + 1));
        f.finish();
        const out = f.take();
        expect(out.map((m) => [...m.bytes])).toEqual(messages.map((m) => [...m]));
        expect(f.takeNotes()).toEqual([]);
        let at = 0;
        out.forEach((m, k) => {
          const end = at + (messages[k] as Uint8Array).length;
          // The chunk that holds the message's last byte completed it.
          const chunk = bounds.findIndex((b) => b >= end);
          expect(m.frame).toBe(chunk);
          const within = (bounds[chunk - 1] as number) <= at;
          expect(m.bytes.buffer === stream.buffer).toBe(within);
          if (within) expect(m.bytes.byteOffset).toBe(stream.byteOffset + at);
          at = end;
        });
      }),
      { numRuns: runs(300, 20_000) },
    );
  });
});
