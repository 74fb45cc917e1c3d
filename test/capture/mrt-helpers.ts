import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { decompressBzip2 } from '../../src/capture/bzip2.ts';

/** The decompressed bytes of a corpus file (gzip via node:zlib, bzip2 via our decoder). */
export function loadMrt(file: string): { bytes: Uint8Array; truncated: boolean } {
  const raw = new Uint8Array(readFileSync(file));
  if (file.endsWith('.gz')) return { bytes: new Uint8Array(gunzipSync(raw)), truncated: false };
  if (file.endsWith('.bz2')) {
    const r = decompressBzip2(raw);
    return { bytes: r.output, truncated: r.truncation !== undefined };
  }
  return { bytes: raw, truncated: false };
}
