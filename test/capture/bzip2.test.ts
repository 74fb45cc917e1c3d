import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/capture/capture-error.ts';
import { Bzip2Decoder, bzip2Chunks, decompressBzip2, isBzip2 } from '../../src/capture/bzip2.ts';
import { hasTool, noShared, runs, sharedRoot } from '../helpers/shared.ts';
import { concat } from '../helpers/pcap-builder.ts';

/** Byte equality without vitest's element-by-element deep equality (slow on megabytes). */
function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.compare(Buffer.from(actual.buffer, actual.byteOffset, actual.length), Buffer.from(expected.buffer, expected.byteOffset, expected.length))).toBe(0);
}

const hasBzip2 = hasTool('bzip2');

function bzip2(data: Uint8Array, level = 9): Uint8Array {
  return new Uint8Array(execFileSync('bzip2', [`-${level}`, '-c'], { input: data, maxBuffer: 1 << 28 }));
}
function bunzip2(data: Uint8Array): Uint8Array {
  // bzip2 -dc exits non-zero on truncated input but has written the complete blocks.
  try {
    return new Uint8Array(execFileSync('bzip2', ['-dc'], { input: data, maxBuffer: 1 << 28, stdio: ['pipe', 'pipe', 'ignore'] }));
  } catch (e) {
    return new Uint8Array((e as { stdout: Buffer }).stdout);
  }
}

/** Pushes `data` in chunks of the given sizes (cycled), pulling as it goes. */
function streamed(data: Uint8Array, sizes: number[], chunkSize?: number): { out: Uint8Array; d: Bzip2Decoder } {
  const d = new Bzip2Decoder(chunkSize);
  const parts: Uint8Array[] = [];
  let i = 0;
  for (let p = 0; p < data.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length] as number);
    d.push(data.subarray(p, p + n));
    p += n;
    for (let o = d.pull(); o !== undefined; o = d.pull()) parts.push(o);
  }
  d.end();
  for (let o = d.pull(); o !== undefined; o = d.pull()) parts.push(o);
  return { out: concat(...parts), d };
}
function lcg(seed: number, n: number, alphabet = 256): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s >>> 24) % alphabet;
  }
  return out;
}

describe('bzip2: hand cases', () => {
  it('recognises the magic', () => {
    expect(isBzip2(new TextEncoder().encode('BZh9'))).toBe(true);
    expect(isBzip2(new TextEncoder().encode('BZh0'))).toBe(false);
  });
  it('rejects a non-bzip2 input with CaptureError', () => {
    expect(() => decompressBzip2(new TextEncoder().encode('hello world'))).toThrow(CaptureError);
  });
  it('reports an empty input as truncated at 0', () => {
    const r = decompressBzip2(new Uint8Array(0));
    expect(r.output.length).toBe(0);
    expect(r.truncation?.offset).toBe(0);
  });
});

describe.skipIf(!hasBzip2)('bzip2: against the bzip2 command', () => {
  it('empty, one byte, runs, text, random, all levels', () => {
    const cases: Uint8Array[] = [
      new Uint8Array(0),
      new Uint8Array([65]),
      new Uint8Array(5000).fill(7), // RLE1 runs of 255+4
      lcg(1, 300_000, 3),
      lcg(2, 200_000),
      new TextEncoder().encode('abcabcabd'.repeat(40000)),
    ];
    for (const data of cases) {
      for (const level of [1, 9]) {
        const z = bzip2(data, level);
        const r = decompressBzip2(z);
        expect(r.truncation).toBeUndefined();
        expectBytes(r.output, data);
      }
    }
  });
  it('multi-block and multi-stream input, pushed in odd chunk sizes', () => {
    const a = lcg(3, 250_000, 16);
    const b = lcg(4, 120_000);
    const z = concat(bzip2(a, 1), bzip2(b, 2), bzip2(new Uint8Array(0)));
    const expected = concat(a, b);
    expectBytes(decompressBzip2(z).output, expected);
    for (const sizes of [[1, 7, 4096], [65536], [333, 100_000]]) {
      const { out, d } = streamed(z, sizes, 1000);
      expectBytes(out, expected);
      expect(d.truncation).toBeUndefined();
      expect(d.isDone).toBe(true);
    }
  });
  it('random data round-trips (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000 }), fc.integer({ min: 1, max: 9 }), (data, level) => {
        expectBytes(decompressBzip2(bzip2(data, level)).output, data);
      }),
      { numRuns: runs(15, 200) },
    );
  });
  it('truncation at any point yields a prefix of the output and the offset, never a foreign error', () => {
    const data = lcg(5, 400_000, 40);
    const z = bzip2(data, 1); // 4 blocks of 100k
    for (const cut of [0, 3, 4, 10, 60, Math.floor(z.length / 3), Math.floor(z.length / 2), z.length - 11, z.length - 1]) {
      const r = decompressBzip2(z.subarray(0, cut));
      expect(r.truncation, `cut ${cut}`).toBeDefined();
      expect(r.truncation?.offset).toBeLessThanOrEqual(cut);
      expectBytes(r.output, data.subarray(0, r.output.length));
      // bzip2(1) drops the last partial 5000-byte write buffer on error: it is a prefix of ours.
      const theirs = bunzip2(z.subarray(0, cut));
      expect(r.output.length).toBeGreaterThanOrEqual(theirs.length);
      expect(r.output.length - theirs.length).toBeLessThan(5000);
      expect(r.truncation?.outputOffset).toBe(r.output.length);
    }
  });
  it('corruption throws CaptureError (CRC or structure), never anything else', () => {
    const data = lcg(6, 50_000, 20);
    const z = bzip2(data);
    fc.assert(
      fc.property(fc.integer({ min: 4, max: z.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const m = z.slice();
        m[at] = (m[at] as number) ^ x;
        try {
          decompressBzip2(m);
        } catch (e) {
          expect(e).toBeInstanceOf(CaptureError);
        }
      }),
      { numRuns: runs(200, 3000) },
    );
  });
  it('trailing garbage after the last stream is counted, not decoded', () => {
    const d = new Bzip2Decoder();
    d.push(concat(bzip2(new Uint8Array([1, 2, 3])), new Uint8Array([0, 1, 2, 3, 4])));
    d.end();
    const out: Uint8Array[] = [];
    for (let o = d.pull(); o !== undefined; o = d.pull()) out.push(o);
    expectBytes(concat(...out), new Uint8Array([1, 2, 3]));
    expect(d.trailingGarbage).toBe(5);
  });
});

interface IndexEntry {
  path: string;
  mrt_scan?: { uncompressed: number; compressed_stream_truncated: boolean };
}
function indexEntry(file: string): IndexEntry | undefined {
  const index = JSON.parse(readFileSync(join(sharedRoot, 'corpus', 'index.json'), 'utf8')) as { files: IndexEntry[] };
  const rel = file.slice(join(sharedRoot, 'corpus').length + 1);
  return index.files.find((f) => f.path === rel);
}

function corpusBz2(): string[] {
  const root = join(sharedRoot, 'corpus', 'mrt');
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.bz2')) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

describe.skipIf(noShared() || !hasBzip2)('bzip2: corpus files equal bzip2 -dc', () => {
  const files = corpusBz2();
  it('finds the corpus .bz2 files', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });
  for (const file of files) {
    it(file.slice(sharedRoot.length + 1), { timeout: 120_000 }, () => {
      const z = new Uint8Array(readFileSync(file));
      const expected = bunzip2(z);
      const { out, d } = streamed(z, [65536]);
      const truncated = file.includes('firstMB');
      const entry = indexEntry(file);
      // index.json records the scanner's uncompressed size (all complete blocks).
      expect(out.length).toBe(entry?.mrt_scan?.uncompressed);
      expect(entry?.mrt_scan?.compressed_stream_truncated).toBe(truncated);
      // On truncated input bzip2(1) loses its last partial 5000-byte write buffer.
      expect(Buffer.compare(Buffer.from(out.subarray(0, expected.length)), Buffer.from(expected))).toBe(0);
      expect(out.length - expected.length).toBeLessThan(truncated ? 5000 : 1);
      expect(d.truncation !== undefined).toBe(truncated);
      if (d.truncation !== undefined) {
        expect(d.truncation.offset).toBeGreaterThan(0);
        expect(d.truncation.offset).toBeLessThan(z.length);
        expect(d.truncation.outputOffset).toBe(out.length);
      }
    });
  }
  it('bzip2Chunks streams the same bytes', () => {
    const z = new Uint8Array(readFileSync(files[0] as string));
    let n = 0;
    for (const c of bzip2Chunks([z.subarray(0, 10), z.subarray(10)])) n += c.length;
    expect(n).toBe(bunzip2(z).length);
  });
});
