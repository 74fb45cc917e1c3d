import { createWriteStream, type WriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGzip, type Gzip } from 'node:zlib';

/** Options of {@link FileSink.open} and {@link writeChunksToFile}. */
export interface FileSinkOptions {
  /**
   * Compress with gzip (RFC 1952, node:zlib). Default: when the path ends in `.gz`. A path
   * ending in `.bz2` is refused: bgpwire has a bzip2 decoder but no compressor (writing one
   * without dependencies is out of its scope); pipe through `bzip2` instead.
   */
  readonly gzip: boolean;
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
 * A file the capture writers' chunks go to, gzip-compressed on request, with backpressure:
 * `write` returns a promise to wait on when the file (or zlib) is behind, else undefined.
 * @example
 * const sink = FileSink.open('updates.mrt.gz');
 * for (const rec of records) await sink.write(writer.write(rec));
 * await sink.write(writer.end()); await sink.close();
 */
export class FileSink {
  private readonly file: WriteStream;
  private readonly head: WriteStream | Gzip;
  private failure: Error | undefined;
  private drain: Promise<void> | undefined;
  /** Uncompressed octets given so far. */
  bytes = 0;

  private constructor(path: string, gzip: boolean) {
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
   * @throws Error for a `.bz2` path (no bzip2 compressor).
   */
  static open(path: string, options: Partial<FileSinkOptions> = {}): FileSink {
    if (/\.bz2$/i.test(path)) throw new Error(`${path}: bzip2 output is not supported (bgpwire has no bzip2 compressor): write the plain file and run bzip2 on it`);
    return new FileSink(path, options.gzip ?? /\.gz$/i.test(path));
  }

  /** Writes chunks; returns a promise when the caller should wait for the file to catch up. @throws the file's error */
  write(chunks: readonly Uint8Array[]): Promise<void> | undefined {
    if (this.failure !== undefined) throw this.failure;
    let full = false;
    for (const c of chunks) {
      this.bytes += c.length;
      if (!this.head.write(c)) full = true;
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
      this.head.end();
    });
  }
}

/**
 * Writes a stream of chunks (e.g. `writeMrtStream(...)`, `writeTcpCapture(...)`) to `path`,
 * gzip-compressed for `.gz` paths; resolves to the uncompressed octets written.
 * @throws Error for a `.bz2` path, or the file's error.
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
