import { createWriteStream, type WriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGzip, type Gzip } from 'node:zlib';
import { Bzip2Encoder } from '../capture/bzip2-encode.ts';

/** Options of {@link FileSink.open} and {@link writeChunksToFile}. */
export interface FileSinkOptions {
  /** Compress with gzip (RFC 1952, node:zlib). Default: when the path ends in `.gz`. */
  readonly gzip: boolean;
  /**
   * Compress with bzip2 (bgpwire's own compressor, src/capture/bzip2-encode.ts: 900k blocks,
   * one block in memory). Default: when the path ends in `.bz2`. Not with `gzip`.
   */
  readonly bzip2: boolean;
}

/**
 * Compresses a stream of chunks with gzip through node:zlib as they come (memory: zlib's
 * window plus a chunk).
 * @example for await (const c of gzipChunks(writeMrt(records))) out.write(c);
 */
export async function* gzipChunks(input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const z = createGzip();
  const src = Readable.from(input, { objectMode: false });
  src.on('error', (e) => z.destroy(e));
  src.pipe(z);
  try {
    for await (const chunk of z as AsyncIterable<Buffer>) yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  } finally {
    src.destroy();
  }
}

/**
 * Compresses a stream of chunks with bgpwire's bzip2 compressor (the async counterpart of
 * `compressBzip2Chunks` from `bgpwire/capture`), one 900k block at a time.
 * @example for await (const c of bzip2CompressChunks(writeMrt(records))) out.write(c);
 */
export async function* bzip2CompressChunks(input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const e = new Bzip2Encoder();
  for await (const chunk of input) yield* e.push(chunk);
  yield* e.end();
}

/**
 * A file the capture writers' chunks go to, gzip- or bzip2-compressed on request, with backpressure:
 * `write` returns a promise to wait on when the file (or zlib) is behind, else undefined.
 * @example
 * const sink = FileSink.open('updates.mrt.gz');
 * for (const rec of records) await sink.write(writer.write(rec));
 * await sink.write(writer.end()); await sink.close();
 */
export class FileSink {
  private readonly file: WriteStream;
  private readonly head: WriteStream | Gzip;
  private readonly bz: Bzip2Encoder | undefined;
  private failure: Error | undefined;
  private drain: Promise<void> | undefined;
  /** Uncompressed octets given so far. */
  bytes = 0;

  private constructor(path: string, gzip: boolean, bzip2: boolean) {
    this.bz = bzip2 ? new Bzip2Encoder() : undefined;
    this.file = createWriteStream(path);
    this.file.on('error', (e) => {
      this.failure ??= e;
    });
    if (gzip) {
      const z = createGzip();
      z.on('error', (e) => {
        this.failure ??= e;
      });
      z.pipe(this.file);
      this.head = z;
    } else this.head = this.file;
  }

  /**
   * Opens (creates or truncates) `path`.
   * @throws Error when both gzip and bzip2 are asked for.
   */
  static open(path: string, options: Partial<FileSinkOptions> = {}): FileSink {
    const gzip = options.gzip ?? /\.gz$/i.test(path);
    const bzip2 = options.bzip2 ?? /\.bz2$/i.test(path);
    if (gzip && bzip2) throw new Error(`${path}: gzip and bzip2 at once`);
    return new FileSink(path, gzip, bzip2);
  }

  /** Writes chunks; returns a promise when the caller should wait for the file to catch up. @throws the file's error */
  write(chunks: readonly Uint8Array[]): Promise<void> | undefined {
    if (this.failure !== undefined) throw this.failure;
    let full = false;
    for (const c of chunks) {
      this.bytes += c.length;
      if (this.bz === undefined) {
        if (!this.head.write(c)) full = true;
      } else for (const b of this.bz.push(c)) if (!this.head.write(b)) full = true;
    }
    if (full && this.drain === undefined) {
      this.drain = new Promise((resolve) =>
        this.head.once('drain', () => {
          this.drain = undefined;
          resolve();
        }),
      );
    }
    return this.drain;
  }

  /** Ends the file (and the gzip stream) and waits until it is on disk. @throws the file's error */
  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.file.once('close', () => (this.failure === undefined ? resolve() : reject(this.failure)));
      this.file.once('error', reject);
      if (this.bz !== undefined) for (const b of this.bz.end()) this.head.write(b);
      this.head.end();
    });
  }
}

/**
 * Writes a stream of chunks (e.g. `writeMrtStream(...)`, `writeTcpCapture(...)`) to `path`,
 * gzip-compressed for `.gz` paths, bzip2-compressed for `.bz2` paths; resolves to the
 * uncompressed octets written.
 * @throws the file's error.
 */
export async function writeChunksToFile(path: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: Partial<FileSinkOptions> = {}): Promise<number> {
  const sink = FileSink.open(path, options);
  for await (const c of chunks) {
    const wait = sink.write([c]);
    if (wait !== undefined) await wait;
  }
  await sink.close();
  return sink.bytes;
}
