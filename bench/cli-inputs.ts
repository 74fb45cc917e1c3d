import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MrtReader } from '../src/capture/mrt-reader.ts';
import { captureOf } from './capture-input.ts';
import { corpusUpdateFiles, type Input, mrtInput, readShared, sharedRoot } from './inputs.ts';

// The inputs of `npm run bench:cli`, written to a temporary directory (never committed):
// the corpus's distinct update files uncompressed and concatenated, each whole, cycling in
// sorted order until the size is reached; a one-message MRT file; a pcap of the corpus's
// messages (as `npm run bench` builds its pcap) repeated to a size, and a slice of it.

/** An MRT file the bench built: path, size and how many times each corpus file is in it. */
export interface MrtFile {
  readonly path: string;
  readonly bytes: number;
  readonly records: number;
  readonly updates: number;
  readonly copies: Readonly<Record<string, number>>;
}

function uncompressed(rel: string): Uint8Array {
  if (rel.endsWith('.bz2')) return new Uint8Array(execFileSync('bzip2', ['-dc', join(sharedRoot, rel)], { maxBuffer: 1 << 30 }));
  return readShared(rel);
}

/** Records and BGP UPDATEs (BGP4MP messages, RFC 6396 4.4) of MRT bytes; `undefined` when the reader reports damage. */
function census(bytes: Uint8Array): { records: number; updates: number } | undefined {
  const r = new MrtReader();
  r.push(bytes);
  r.end();
  let records = 0;
  let updates = 0;
  for (let rec = r.next(); rec !== undefined; rec = r.next()) {
    records++;
    if (rec.type === 'bgp-message' && rec.message[18] === 2) updates++;
  }
  return r.issues.some((i) => i.kind !== 'recovered-length') ? undefined : { records, updates };
}

/** The distinct (by SHA-256) update files of corpus/mrt, gzip and bzip2, that read whole (a damaged one would stop both tools). */
export function distinctUpdateFiles(): { rel: string; bytes: Uint8Array; records: number; updates: number }[] {
  const gz = new Set(corpusUpdateFiles());
  const out: { rel: string; bytes: Uint8Array; records: number; updates: number }[] = [];
  const dir = join(sharedRoot, 'corpus', 'mrt');
  const seen = new Set<string>();
  for (const sub of readdirSync(dir).sort()) {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const rel = join('corpus', 'mrt', sub, name);
      if (!gz.has(rel) && !/updates.*\.bz2$/.test(name)) continue;
      const bytes = uncompressed(rel);
      const key = createHash('sha256').update(bytes).digest('hex');
      if (seen.has(key)) continue;
      seen.add(key);
      const c = census(bytes);
      if (c !== undefined) out.push({ rel, bytes, ...c });
    }
  }
  return out;
}

/** Concatenates the distinct update files, each whole, in sorted order, cycling until `target` bytes. */
export function buildMrt(path: string, target: number, files: ReturnType<typeof distinctUpdateFiles>): MrtFile {
  const fd = openSync(path, 'w');
  let bytes = 0;
  let records = 0;
  let updates = 0;
  const copies: Record<string, number> = {};
  try {
    while (bytes < target) {
      for (const f of files) {
        writeSync(fd, f.bytes);
        bytes += f.bytes.length;
        records += f.records;
        updates += f.updates;
        copies[f.rel] = (copies[f.rel] ?? 0) + 1;
        if (bytes >= target) break;
      }
    }
  } finally {
    closeSync(fd);
  }
  return { path, bytes, records, updates, copies };
}

/** The first BGP4MP UPDATE record of the 2019 file alone (CLI start-up). */
export function buildOneMessage(path: string): void {
  const bytes = readShared('corpus/mrt/bgp-rs/updates.20190101.0000.gz');
  const r = new MrtReader();
  r.push(bytes);
  r.end();
  for (let rec = r.next(); rec !== undefined; rec = r.next()) {
    if (rec.type !== 'bgp-message' || rec.message[18] !== 2) continue;
    const fd = openSync(path, 'w');
    writeSync(fd, bytes.subarray(rec.offset, rec.offset + 12 + ((bytes[rec.offset + 8]! << 24) | (bytes[rec.offset + 9]! << 16) | (bytes[rec.offset + 10]! << 8) | bytes[rec.offset + 11]!)));
    closeSync(fd);
    return;
  }
}

/** A pcap file the bench built: the full one and a slice of its first records. */
export interface PcapFiles {
  readonly path: string;
  readonly bytes: number;
  readonly messages: number;
  readonly copies: number;
  readonly slicePath: string;
  readonly sliceBytes: number;
}

/**
 * The `mrt-all` messages as a pcap (bench/capture-input.ts: one TCP session per context),
 * the sessions repeated (each copy its own ports) until `target` bytes; and its first records
 * up to `sliceTarget` bytes as a second file (for tshark).
 */
export function buildPcap(path: string, target: number, slicePath: string, sliceTarget: number): PcapFiles {
  const base: Input = mrtInput('mrt-all', corpusUpdateFiles());
  const one = captureOf(base).bytes.length - 24;
  const copies = Math.max(1, Math.ceil((target - 24) / one));
  const streams = Array.from({ length: copies }, () => base.streams).flat();
  const pcap = captureOf({ ...base, streams }).bytes;
  const fd = openSync(path, 'w');
  writeSync(fd, pcap);
  closeSync(fd);
  // The slice: whole pcap records (16-byte header with the captured length at 8, little-endian).
  let at = 24;
  while (at + 16 <= pcap.length) {
    const len = (pcap[at + 8]! | (pcap[at + 9]! << 8) | (pcap[at + 10]! << 16) | (pcap[at + 11]! << 24)) >>> 0;
    if (at + 16 + len > sliceTarget) break;
    at += 16 + len;
  }
  const sfd = openSync(slicePath, 'w');
  writeSync(sfd, pcap.subarray(0, at));
  closeSync(sfd);
  return { path, bytes: pcap.length, messages: base.messages * copies, copies, slicePath, sliceBytes: at };
}
