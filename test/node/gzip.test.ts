import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/capture/capture-error.ts';
import { readMrt } from '../../src/capture/mrt.ts';
import { decompressChunks, readMrtFile } from '../../src/node/decompress.ts';
import { gunzipChunks, isGzip } from '../../src/node/gzip.ts';
import { hasTool, noShared, sharedPath } from '../helpers/shared.ts';

/** Byte equality without vitest's element-by-element deep equality (slow on megabytes). */
function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.compare(Buffer.from(actual.buffer, actual.byteOffset, actual.length), Buffer.from(expected.buffer, expected.byteOffset, expected.length))).toBe(0);
}

async function drain<R>(g: AsyncGenerator<Uint8Array, R, undefined>): Promise<{ out: Uint8Array; ret: R }> {
  const parts: Uint8Array[] = [];
  let n = await g.next();
  for (; n.done !== true; n = await g.next()) parts.push(n.value);
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return { out, ret: n.value };
}

const data = new Uint8Array(2_000_000).map((_, i) => (i * 7 + (i >> 9)) % 251);
const gz = new Uint8Array(gzipSync(data));

describe('gunzipChunks (node:zlib)', () => {
  it('decompresses in any chunking, several members as one', async () => {
    expect(isGzip(gz)).toBe(true);
    const { out, ret } = await drain(gunzipChunks([gz.subarray(0, 10), gz.subarray(10, 5000), gz.subarray(5000)]));
    expectBytes(out, data);
    expect(ret).toEqual({ outputBytes: data.length });
    const two = new Uint8Array([...gzipSync(new Uint8Array([1, 2])), ...gzipSync(new Uint8Array([3]))]);
    expect((await drain(gunzipChunks([two]))).out).toEqual(new Uint8Array([1, 2, 3]));
  });
  it('a truncated input gives a prefix and the truncation offset, not an error', async () => {
    for (const cut of [20, gz.length >> 1, gz.length - 3]) {
      const { out, ret } = await drain(gunzipChunks([gz.subarray(0, cut)]));
      expectBytes(out, data.subarray(0, out.length));
      expect(ret.truncation?.offset).toBeLessThanOrEqual(cut);
      expect(ret.truncation?.outputOffset).toBe(out.length);
    }
  });
  it('corrupt data throws CaptureError', async () => {
    const bad = gz.slice();
    bad[3] = 0xff; // reserved flag bits
    await expect(drain(gunzipChunks([bad]))).rejects.toBeInstanceOf(CaptureError);
  });
});

describe('decompressChunks finds the compression by magic', () => {
  it('gzip, bzip2 and plain', async () => {
    expect((await drain(decompressChunks([gz.subarray(0, 2), gz.subarray(2)]))).ret.compression).toBe('gzip');
    expectBytes((await drain(decompressChunks([data.subarray(0, 3), data.subarray(3)]))).out, data);
    if (hasTool('bzip2')) {
      const bz = new Uint8Array(execFileSync('bzip2', ['-c'], { input: data.subarray(0, 300_000) }));
      const r = await drain(decompressChunks([bz]));
      expect(r.ret.compression).toBe('bzip2');
      expectBytes(r.out, data.subarray(0, 300_000));
    }
  });
});

describe.skipIf(noShared())('readMrtFile over corpus files equals readMrt over the decompressed bytes', () => {
  for (const rel of ['mrt/bgpdump/updates.20100722.2015.gz', 'mrt/pyasn/rib6.20151101.0600_firstMB.bz2', 'mrt/mrtparse/quagga_rib']) {
    it(rel, async () => {
      const path = sharedPath('corpus', rel) as string;
      const raw = new Uint8Array(readFileSync(path));
      const plain = rel.endsWith('.gz') ? new Uint8Array(gunzipSync(raw)) : rel.endsWith('.bz2') ? undefined : raw;
      let count = 0;
      const g = readMrtFile(path);
      let n = await g.next();
      for (; n.done !== true; n = await g.next()) count++;
      expect(count).toBe(n.value.records);
      expect(count).toBeGreaterThan(0);
      if (plain !== undefined) expect(count).toBe([...readMrt(plain)].length);
      if (rel.endsWith('.bz2')) {
        expect(n.value.truncation?.offset).toBeGreaterThan(0);
        expect(n.value.issues.map((i) => i.kind)).toEqual(['truncated-record']);
      }
    });
  }
  it('a truncated .gz MRT file: records up to the cut, both truncations reported', async () => {
    const path = sharedPath('corpus', 'mrt/bgpdump/updates.20100722.2015.gz') as string;
    const raw = new Uint8Array(readFileSync(path));
    const dir = mkdtempSync(join(tmpdir(), 'bgpwire-'));
    const cut = join(dir, 'cut.gz');
    writeFileSync(cut, raw.subarray(0, raw.length >> 1));
    const g = readMrtFile(cut);
    let count = 0;
    let n = await g.next();
    for (; n.done !== true; n = await g.next()) count++;
    expect(count).toBeGreaterThan(100);
    expect(count).toBeLessThan(2193);
    expect(n.value.compression).toBe('gzip');
    expect(n.value.truncation).toBeDefined();
  });
});
