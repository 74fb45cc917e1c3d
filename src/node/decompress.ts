import { createReadStream } from 'node:fs';
import { Bzip2Decoder, isBzip2, type Bzip2Truncation } from '../capture/bzip2.ts';
import { MrtReader, type MrtReaderOptions, type MrtSummary } from '../capture/mrt-reader.ts';
import type { MrtRecord } from '../capture/mrt-types.ts';
import { gunzipChunks, isGzip, type GzipTruncation } from './gzip.ts';

/** The compression a stream was found to use. */
export type Compression = 'gzip' | 'bzip2' | 'none';

/** What {@link decompressChunks} returns when done. */
export interface DecompressSummary {
  readonly compression: Compression;
  /** Set when the compressed input ended inside a stream (with the compressed byte offset). */
  readonly truncation?: GzipTruncation | Bzip2Truncation;
}

async function* bunzip2Chunks(first: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array, Bzip2Truncation | undefined, undefined> {
  const d = new Bzip2Decoder();
  d.push(first);
  for (;;) {
    for (let out = d.pull(); out !== undefined; out = d.pull()) yield out;
    const n = await rest.next();
    if (n.done === true) break;
    d.push(n.value);
  }
  d.end();
  for (let out = d.pull(); out !== undefined; out = d.pull()) yield out;
  return d.truncation;
}

/** Pulls chunks from `it` until at least `n` bytes have come (or it ends); returns them joined. */
export async function readHead(it: AsyncIterator<Uint8Array>, n: number): Promise<Uint8Array> {
  let head = new Uint8Array(0);
  while (head.length < n) {
    const r = await it.next();
    if (r.done === true) break;
    const next = new Uint8Array(head.length + r.value.length);
    next.set(head);
    next.set(r.value, head.length);
    head = next;
  }
  return head;
}

/**
 * Decompresses a stream of chunks by its magic: gzip (node:zlib), bzip2 (bgpwire's own
 * decoder) or none (passed through). Truncation is reported in the return value.
 * @throws CaptureError on corrupt compressed data.
 */
export async function* decompressChunks(input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Uint8Array, DecompressSummary, undefined> {
  const it = (Symbol.asyncIterator in input ? input[Symbol.asyncIterator]() : (async function* () { yield* input as Iterable<Uint8Array>; })()) as AsyncIterator<Uint8Array>;
  // Gather at least 4 bytes to see the magic.
  const head = await readHead(it, 4);
  if (isGzip(head)) {
    const rest = async function* () {
      yield head;
      for (let n = await it.next(); n.done !== true; n = await it.next()) yield n.value;
    };
    const summary = yield* gunzipChunks(rest());
    return summary.truncation === undefined ? { compression: 'gzip' } : { compression: 'gzip', truncation: summary.truncation };
  }
  if (isBzip2(head)) {
    const t = yield* bunzip2Chunks(head, it);
    return t === undefined ? { compression: 'bzip2' } : { compression: 'bzip2', truncation: t };
  }
  if (head.length > 0) yield head;
  for (let n = await it.next(); n.done !== true; n = await it.next()) yield n.value;
  return { compression: 'none' };
}

/** What {@link readMrtFile} returns when done. */
export interface MrtFileSummary extends MrtSummary {
  readonly compression: Compression;
  readonly truncation?: GzipTruncation | Bzip2Truncation;
}

/**
 * Reads the MRT records of a file (plain, .gz or .bz2, found by magic) in bounded memory.
 * @throws CaptureError on corrupt compressed data or non-MRT input (BMP, ...).
 * @example for await (const rec of readMrtFile('updates.20240101.0000.bz2')) console.log(rec.type);
 */
export async function* readMrtFile(path: string, options: Partial<MrtReaderOptions> = {}): AsyncGenerator<MrtRecord, MrtFileSummary, undefined> {
  const reader = new MrtReader(options);
  const chunks = decompressChunks(createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>);
  let n = await chunks.next();
  for (; n.done !== true; n = await chunks.next()) {
    reader.push(n.value);
    for (let rec = reader.next(); rec !== undefined; rec = reader.next()) yield rec;
  }
  reader.end();
  for (let rec = reader.next(); rec !== undefined; rec = reader.next()) yield rec;
  const d = n.value;
  const base = { records: reader.count, issues: reader.issues, compression: d.compression };
  return d.truncation === undefined ? base : { ...base, truncation: d.truncation };
}
