import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaptureReader } from '../../src/capture/capture-reader.ts';
import { seqAdd, seqDiff, type StreamEvent, TcpStream } from '../../src/capture/tcp-stream.ts';
import { runs } from '../helpers/shared.ts';
import { ACK, type BuiltPacket, concat, frame, keepalive, pcapFile, PSH, SYN, update } from '../helpers/pcap-builder.ts';

const opts = { maxPending: 1 << 20, history: 65536 };
const bytesOf = (events: StreamEvent[]): number[] => events.flatMap((e) => (e.type === 'data' ? [...e.bytes] : []));
const kinds = (events: StreamEvent[]): string[] => events.map((e) => e.type);

describe('TcpStream', () => {
  it('does modular sequence arithmetic', () => {
    expect(seqAdd(0xffffffff, 2)).toBe(1);
    expect(seqDiff(1, 0xffffffff)).toBe(2);
    expect(seqDiff(0xffffffff, 1)).toBe(-2);
  });

  it('delivers in order, holds out-of-order segments, drops duplicates', () => {
    const s = new TcpStream(opts);
    expect(s.segment(100, true, new Uint8Array(0), 0)).toEqual([]);
    expect(bytesOf(s.segment(104, false, Uint8Array.of(4, 5, 6), 3))).toEqual([]);
    expect(bytesOf(s.segment(101, false, Uint8Array.of(1, 2, 3), 3))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.segment(101, false, Uint8Array.of(1, 2, 3), 3)).toEqual([]);
    // A retransmission overlapping new bytes: only the new part is delivered.
    expect(bytesOf(s.segment(105, false, Uint8Array.of(5, 6, 7, 8), 4))).toEqual([7, 8]);
    expect(s.delivered).toBe(8);
  });

  it('reports retransmitted bytes that differ from those delivered', () => {
    const s = new TcpStream(opts);
    s.segment(0, true, new Uint8Array(0), 0);
    s.segment(1, false, Uint8Array.of(1, 2, 3, 4), 4);
    const ev = s.segment(2, false, Uint8Array.of(2, 9, 4, 5), 4);
    expect(ev).toEqual([
      { type: 'overlap-mismatch', length: 1 },
      { type: 'data', bytes: Uint8Array.of(5) },
    ]);
  });

  it('compares retransmissions against a bounded ring of the last bytes delivered', () => {
    const s = new TcpStream({ maxPending: 1 << 20, history: 16 });
    s.segment(0, true, new Uint8Array(0), 0);
    const stream = Uint8Array.from({ length: 40 }, (_, i) => i);
    for (let at = 0; at < 40; at += 7) s.segment(1 + at, false, stream.subarray(at, at + 7), Math.min(7, 40 - at));
    const late = stream.slice(30, 40);
    late[5] = 99;
    expect(s.segment(31, false, late, 10)).toEqual([{ type: 'overlap-mismatch', length: 1 }]);
    // Older than the 16 remembered bytes: nothing to compare with.
    const old = stream.slice(0, 10).fill(7);
    expect(s.segment(1, false, old, 10)).toEqual([]);
  });

  it('wraps around 2^32', () => {
    const s = new TcpStream(opts);
    s.segment(0xfffffffd, true, new Uint8Array(0), 0);
    expect(bytesOf(s.segment(0, false, Uint8Array.of(3, 4), 2))).toEqual([]);
    expect(bytesOf(s.segment(0xfffffffe, false, Uint8Array.of(1, 2), 2))).toEqual([1, 2, 3, 4]);
    expect(s.next).toBe(2);
  });

  it('turns snaplen-cut bytes into a gap', () => {
    const s = new TcpStream(opts);
    s.segment(0, true, new Uint8Array(0), 0);
    const ev = s.segment(1, false, Uint8Array.of(1, 2), 10);
    expect(kinds(ev)).toEqual(['data', 'gap']);
    expect(ev[1]).toMatchObject({ length: 8 });
    expect(bytesOf(s.segment(11, false, Uint8Array.of(3), 1))).toEqual([3]);
  });

  it('gives up on a hole when the out-of-order buffer is full, and at flush', () => {
    const s = new TcpStream({ maxPending: 4, history: 16 });
    s.segment(0, true, new Uint8Array(0), 0);
    expect(s.segment(11, false, Uint8Array.of(1, 2, 3), 3)).toEqual([]);
    const ev = s.segment(14, false, Uint8Array.of(4, 5, 6), 3);
    expect(kinds(ev)).toEqual(['gap', 'data', 'data']);
    expect(ev[0]).toMatchObject({ length: 10 });
    const t = new TcpStream(opts);
    t.segment(0, true, new Uint8Array(0), 0);
    t.segment(5, false, Uint8Array.of(9), 1);
    expect(kinds(t.flush())).toEqual(['gap', 'data']);
  });

  it('accepts the data of a SYN at the ISN when the next segment says so (replayed captures)', () => {
    const s = new TcpStream(opts);
    expect(bytesOf(s.segment(1, true, Uint8Array.of(1, 2, 3), 3))).toEqual([1, 2, 3]);
    const ev = s.segment(4, false, Uint8Array.of(4, 5), 2);
    expect(kinds(ev)).toEqual(['data']);
    expect(bytesOf(ev)).toEqual([4, 5]);
  });
});

const conv = { a: [10, 0, 0, 1], b: [10, 0, 0, 2], aPort: 40001, bPort: 179 };

/** Messages whose bodies hold 16 and more 0xFF bytes (a /32 of 255.255.255.255, AS 4294967295). */
const messageArb = fc.oneof(
  fc.constant(keepalive()),
  fc.array(fc.tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 32 })), { maxLength: 40 }).map((p) => update(p)),
  fc.integer({ min: 1, max: 12 }).map((n) => update(Array.from({ length: n }, () => [[255, 255, 255, 255], 32] as [number[], number]), [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff])),
);

describe('TCP reassembly property', () => {
  it('any segmentation, reordering, duplication and wraparound gives back the same messages', () => {
    fc.assert(
      fc.property(
        fc.array(messageArb, { minLength: 1, maxLength: 12 }),
        fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0xffffff00, max: 0xffffffff })),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 80 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
        (messages, isn, cuts, shuffle, dups) => {
          const stream = concat(...messages);
          // Segments of the sizes drawn (cycled).
          const segs: [number, Uint8Array][] = [];
          for (let at = 0, i = 0; at < stream.length; i++) {
            const n = Math.min(cuts[i % cuts.length] as number, stream.length - at);
            segs.push([at, stream.subarray(at, at + n)]);
            at += n;
          }
          // Duplicates, and retransmissions spanning other boundaries.
          for (const [x, y] of dups) {
            const from = x % stream.length;
            const to = Math.min(stream.length, from + 1 + (y % 400));
            segs.push([from, stream.subarray(from, to)]);
          }
          // Reorder by the drawn swaps.
          for (let k = 0; k < shuffle.length; k++) {
            const i = k % segs.length;
            const j = (shuffle[k] as number) % segs.length;
            [segs[i], segs[j]] = [segs[j] as [number, Uint8Array], segs[i] as [number, Uint8Array]];
          }
          const packets: BuiltPacket[] = [
            { ts: 1n, data: frame(conv, true, isn, SYN) },
            { ts: 2n, data: frame(conv, false, 5000, SYN | ACK) },
            ...segs.map(([at, bytes], i) => ({ ts: BigInt(3 + i), data: frame(conv, true, seqAdd(isn, 1 + at), ACK | PSH, bytes) })),
          ];
          const reader = new CaptureReader().push(pcapFile(packets)).end();
          const got = [...reader].map((m) => [...m.bytes]);
          expect(got).toEqual(messages.map((m) => [...m]));
          expect(reader.issues.filter((i) => i.kind !== 'overlap-mismatch')).toEqual([]);
          expect(reader.issues).toEqual([]);
        },
      ),
      { numRuns: runs(200, 5000) },
    );
  });
});

describe('bytes held behind a hole that never fills', () => {
  it('come out at end of capture with the packet that carried them', () => {
    const s = new TcpStream({ maxPending: 1 << 20, history: 0 });
    s.segment(0, true, new Uint8Array(0), 0, 1, 10n);
    expect(s.segment(5, false, Uint8Array.of(5, 6), 2, 2, 20n)).toEqual([]);
    expect(s.flush()).toEqual([
      { type: 'gap', length: 4, why: 'end of capture with a hole: 4 bytes never captured' },
      { type: 'data', bytes: Uint8Array.of(5, 6), frame: 2, timestamp: 20n },
    ]);
  });
});
