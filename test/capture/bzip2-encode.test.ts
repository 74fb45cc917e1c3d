import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decompressBzip2 } from '../../src/capture/bzip2.ts';
import { Bzip2Encoder, compressBzip2, compressBzip2Chunks, sortRotations } from '../../src/capture/bzip2-encode.ts';
import { hasTool, repoRoot, runs } from '../helpers/shared.ts';

// The bzip2 compressor (src/capture/bzip2-encode.ts) against two decoders: our own
// (src/capture/bzip2.ts, which checks block and stream CRCs) and Debian's `bzip2 -d`.

function roundTrip(b: Uint8Array): Uint8Array {
  const r = decompressBzip2(compressBzip2(b));
  expect(r.truncation).toBeUndefined();
  return r.output;
}

/** Input with long runs: segments of random bytes and runs of 1..600 equal bytes. */
const runny = fc
  .array(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.record({ byte: fc.integer({ min: 0, max: 255 }), n: fc.integer({ min: 1, max: 600 }) }).map(({ byte, n }) => new Uint8Array(n).fill(byte))), { maxLength: 20 })
  .map((parts) => Uint8Array.from(parts.flatMap((p) => [...p])));

/** Index of the first differing byte (or the shorter length), -1 when equal: toEqual is slow on MBs. */
function firstDiff(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function bzip2d(compressed: Uint8Array): Uint8Array {
  return new Uint8Array(execFileSync('bzip2', ['-dc'], { input: compressed, maxBuffer: 1 << 26 }));
}

describe('bzip2 compressor', () => {
  it('round-trips through our decoder: random bytes and long runs (fast-check)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 2000 }), runny), (b) => {
        expect(roundTrip(b)).toEqual(b);
      }),
      { numRuns: runs(150, 3000) },
    );
  });

  it('round-trips the empty input (a stream with no block) and single bytes', () => {
    const empty = compressBzip2(new Uint8Array(0));
    expect([...empty.subarray(0, 4)]).toEqual([0x42, 0x5a, 0x68, 0x39]); // 'BZh9'
    expect(empty.length).toBe(14); // header, end-of-stream marker, CRC 0
    expect(roundTrip(new Uint8Array(0))).toEqual(new Uint8Array(0));
    for (const n of [1, 3, 4, 5, 255, 256, 259, 260]) expect(roundTrip(new Uint8Array(n).fill(7))).toEqual(new Uint8Array(n).fill(7));
  });

  it('writes a multi-block stream for > 900k of input, as chunks (our decoder reads it whole)', () => {
    const b = new Uint8Array(1_200_000);
    let x = 12345;
    for (let i = 0; i < b.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      b[i] = x >>> 24;
    }
    const parts = [...compressBzip2Chunks([b.subarray(0, 300_000), b.subarray(300_000)])];
    expect(parts.length).toBeGreaterThanOrEqual(2); // one per finished block, the last with the trailer
    const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((off, p) => (whole.set(p, off), off + p.length), 0);
    expect(firstDiff(decompressBzip2(whole).output, b)).toBe(-1);
  });

  it('compresses 2 MB of zeros (prefix doubling is never quadratic) and repetitive text', () => {
    const zeros = new Uint8Array(2_000_000);
    expect(firstDiff(roundTrip(zeros), zeros)).toBe(-1);
    const abab = new TextEncoder().encode('ab'.repeat(300_000));
    expect(firstDiff(roundTrip(abab), abab)).toBe(-1);
  });

  it('sorts rotations as a naive sort does (small inputs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40, max: 3 }), (b) => {
        const n = b.length;
        const rot = (i: number): string => Array.from({ length: n }, (_, k) => String.fromCharCode(97 + b[(i + k) % n]!)).join('');
        const got = [...sortRotations(b)].map(rot);
        const want = Array.from({ length: n }, (_, i) => rot(i)).sort();
        expect(got).toEqual(want);
      }),
      { numRuns: runs(200, 2000) },
    );
  });

  it('refuses a push after end', () => {
    const e = new Bzip2Encoder();
    e.end();
    expect(() => e.push(new Uint8Array(1))).toThrow(/push after end/);
  });
});

describe.skipIf(!hasTool('bzip2'))('bzip2 compressor against Debian bzip2 -d', () => {
  it('bzip2 -d gives back the very bytes (empty, runs, random, multi-block, a corpus MRT file)', () => {
    const mrt = readFileSync(join(repoRoot, 'test', 'fixtures', 'bird-table.mrt'));
    const big = new Uint8Array(1_000_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251 ^ (i >> 9);
    const inputs = [new Uint8Array(0), new Uint8Array(5000).fill(0x41), new TextEncoder().encode('banana bandana '.repeat(100)), big, new Uint8Array(mrt)];
    let checked = 0;
    for (const b of inputs) {
      expect(firstDiff(bzip2d(compressBzip2(b)), b)).toBe(-1);
      checked++;
    }
    expect(checked).toBe(5);
    expect(mrt.length).toBe(646);
  });

  it('bzip2 -d reads random inputs with long runs (fast-check, few runs)', () => {
    fc.assert(
      fc.property(runny, (b) => {
        expect(bzip2d(compressBzip2(b))).toEqual(b);
      }),
      { numRuns: runs(10, 100) },
    );
  });
});
