import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSink, bzip2CompressChunks, gzipChunks, writeChunksToFile } from '../../src/node/index.ts';
import { decompressBzip2, writeMrt, readMrt } from '../../src/capture/index.ts';
import { repoRoot } from '../helpers/shared.ts';

const dir = join(repoRoot, '.tmp', `file-sink-${process.pid}`);
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KA = Uint8Array.of(...new Array<number>(16).fill(0xff), 0, 19, 4);
// Each record: header 12, microseconds 4, ASes 8, interface 2, AFI 2, addresses 8, KEEPALIVE 19 = 55 octets.
const records = Array.from({ length: 5000 }, (_, i) => ({ type: 'bgp-message' as const, timestamp: i, microseconds: 0, peerAs: 1, localAs: 2, peerAddress: '192.0.2.1', localAddress: '192.0.2.2', isAs4: true, message: KA }));

describe('bgpwire/node FileSink, writeChunksToFile, gzipChunks, bzip2CompressChunks', () => {
  it('writes chunks as they come, gzip-compressed for .gz (RFC 1952), plain otherwise', async () => {
    const plain = join(dir, 'a.mrt');
    const gz = join(dir, 'a.mrt.gz');
    expect(await writeChunksToFile(plain, writeMrt(records, { chunkSize: 1000 }))).toBe(5000 * 55);
    expect(await writeChunksToFile(gz, writeMrt(records))).toBe(5000 * 55);
    const a = new Uint8Array(readFileSync(plain));
    const b = readFileSync(gz);
    expect(b[0]).toBe(0x1f);
    expect(b.length).toBeLessThan(a.length / 10);
    expect(new Uint8Array(gunzipSync(b))).toEqual(a);
    expect([...readMrt(a)]).toHaveLength(5000);
    const parts: Uint8Array[] = [];
    for await (const c of gzipChunks([a.subarray(0, 100), a.subarray(100)])) parts.push(c);
    expect(new Uint8Array(gunzipSync(Buffer.concat(parts)))).toEqual(a);
  });

  it('writes bzip2 for .bz2 (our decoder reads it back), refuses gzip and bzip2 at once, reports a file that cannot be opened', async () => {
    const bz = join(dir, 'a.mrt.bz2');
    expect(await writeChunksToFile(bz, writeMrt(records, { chunkSize: 1000 }))).toBe(5000 * 55);
    const b = new Uint8Array(readFileSync(bz));
    expect([...b.subarray(0, 4)]).toEqual([0x42, 0x5a, 0x68, 0x39]); // 'BZh9'
    expect(b.length).toBeLessThan((5000 * 55) / 10);
    const back = decompressBzip2(b).output;
    expect([...readMrt(back)]).toHaveLength(5000);
    expect(Buffer.compare(back, readFileSync(join(dir, 'a.mrt')))).toBe(0);
    const parts: Uint8Array[] = [];
    for await (const c of bzip2CompressChunks([back.subarray(0, 100), back.subarray(100)])) parts.push(c);
    expect(Buffer.compare(decompressBzip2(new Uint8Array(Buffer.concat(parts))).output, back)).toBe(0);
    expect(() => FileSink.open(join(dir, 'x.mrt.bz2'), { gzip: true })).toThrow(/gzip and bzip2 at once/);
    await expect(writeChunksToFile(join(dir, 'no', 'such', 'dir.mrt'), [KA])).rejects.toThrow(/ENOENT/);
  });
});
