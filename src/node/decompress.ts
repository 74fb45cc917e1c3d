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
  /** Compressed input bytes the adapter copied (the head it sniffs, the bzip2 decoder's buffer): O(input). */
  readonly bytesCopied: number;
}

async function* bunzip2Chunks(first: Uint8Array, rest: AsyncIterator<Uint8Array>, counter: CopyCounter): AsyncGenerator<Uint8Array, Bzip2Truncation | undefined, undefined> {
  const d = new Bzip2Decoder();
  let counted = 0;
  d.push(first);
  for (;;) {
    for (let out = d.pull(); out !== undefined; out = d.pull()) yield out;
    const n = await rest.next();
    if (n.done === true) break;
    d.push(n.value);
    counter.bytesCopied += d.bytesCopied - counted;
    counted = d.bytesCopied;
  }
  d.end();
  for (let out = d.pull(); out !== undefined; out = d.pull()) yield out;
  counter.bytesCopied += d.bytesCopied - counted;
  return d.truncation;
}

/** Counts the input bytes an adapter copied (for tests: it must be O(input)). */
export interface CopyCounter {
  bytesCopied: number;
}

/**
 * Pulls chunks from `it` until at least `n` bytes have come (or it ends); returns them joined
 * (the first chunk itself when it is long enough: no copy; else one join, never a copy per chunk).
 */
export async function readHead(it: AsyncIterator<Uint8Array>, n: number, counter?: CopyCounter): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  while (total < n) {
    const r = await it.next();
    if (r.done === true) break;
    parts.push(r.value);
    total += r.value.length;
  }
  if (parts.length === 1) return parts[0] as Uint8Array;
  const head = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    head.set(p, o);
    o += p.length;
  }
  if (counter !== undefined) counter.bytesCopied += total;
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
  const counter: CopyCounter = { bytesCopied: 0 };
  const head = await readHead(it, 4, counter);
  if (isGzip(head)) {
    const rest = async function* () {
      yield head;
      for (let n = await it.next(); n.done !== true; n = await it.next()) yield n.value;
    };
    const summary = yield* gunzipChunks(rest());
    // zlib copies into its own output; the adapter itself copies only the head.
    const base = { compression: 'gzip', bytesCopied: counter.bytesCopied } as const;
    return summary.truncation === undefined ? base : { ...base, truncation: summary.truncation };
  }
  if (isBzip2(head)) {
    const t = yield* bunzip2Chunks(head, it, counter);
    const base = { compression: 'bzip2', bytesCopied: counter.bytesCopied } as const;
    return t === undefined ? base : { ...base, truncation: t };
  }
  if (head.length > 0) yield head;
  for (let n = await it.next(); n.done !== true; n = await it.next()) yield n.value;
  return { compression: 'none', bytesCopied: counter.bytesCopied };
}

/** What {@link readMrtFile} returns when done. */
export interface MrtFileSummary extends MrtSummary {
  readonly compression: Compression;
  /** Bytes copied by the decompressor and the MRT reader together: O(input), however it was chunked. */
  readonly bytesCopied: number;
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
  const base = { records: reader.count, issues: reader.issues, compression: d.compression, bytesCopied: d.bytesCopied + reader.bytesCopied };
  return d.truncation === undefined ? base : { ...base, truncation: d.truncation };
}
