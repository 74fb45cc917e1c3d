import { createReadStream, statSync } from 'node:fs';
import { decompressChunks, readHead } from '../node/decompress.ts';
import { InputError } from './input-error.ts';

/** Names of standard input. */
const STDIN_NAMES: ReadonlySet<string> = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** How much compressed input may be buffered to find what a compressed stream holds (then: MRT). */
const MAX_SNIFF = 16 << 20;

/**
 * One input of `bgpwire decode`: a file, a pipe or FIFO (`/dev/stdin`, `<(...)`), or standard
 * input (`-`). It is read once, as a stream, in order: the first bytes are buffered to detect
 * the format, then {@link chunks} yields them and the rest. Reading waits for the consumer (an
 * async iterator over a Node stream pauses it), so backpressure reaches the pipe.
 */
export class Input {
  /** The name used in messages: the path, or `stdin` for `-`. */
  readonly name: string;
  /** The size of a regular file (0 for pipes, FIFOs and standard input). */
  readonly size: number;
  /** Whether the input can be opened again from its start (a regular file). */
  readonly isFile: boolean;
  private readonly path: string;
  private readonly it: AsyncIterator<Uint8Array>;
  private readonly buffered: Uint8Array[] = [];
  private bufferedBytes = 0;
  private ended = false;
  private taken = false;
  private read = 0;
  private readonly onRead: (bytes: number) => void;

  private constructor(path: string, name: string, size: number, isFile: boolean, source: AsyncIterable<Uint8Array>, onRead: (bytes: number) => void) {
    this.path = path;
    this.name = name;
    this.size = size;
    this.isFile = isFile;
    this.it = source[Symbol.asyncIterator]();
    this.onRead = onRead;
  }

  /**
   * Opens `path` (`-`: standard input). `onRead` is told the bytes read so far (progress bar).
   * @throws InputError (one line) when it cannot be read.
   */
  static open(path: string, onRead: (bytes: number) => void = () => {}): Input {
    if (path === '-') return new Input(path, 'stdin', 0, false, process.stdin as AsyncIterable<Uint8Array>, onRead);
    // Standard input by name: when it is a socket (as node's child processes get) it cannot be
    // opened (ENXIO), so it is read as standard input whatever it is.
    if (STDIN_NAMES.has(path)) return new Input(path, path, 0, false, process.stdin as AsyncIterable<Uint8Array>, onRead);
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      throw new InputError(errnoText((e as NodeJS.ErrnoException).code));
    }
    if (st.isDirectory()) throw new InputError('is a directory');
    const isFile = st.isFile();
    return new Input(path, path, isFile ? st.size : 0, isFile, openStream(path), onRead);
  }

  /** The input again from its start (regular files only), for locating an error after the fact. */
  reopen(): AsyncIterable<Uint8Array> | undefined {
    return this.isFile ? openStream(this.path) : undefined;
  }

  private async pull(): Promise<Uint8Array | undefined> {
    if (this.ended) return undefined;
    let r: IteratorResult<Uint8Array>;
    try {
      r = await this.it.next();
    } catch (e) {
      throw new InputError(errnoText((e as NodeJS.ErrnoException).code));
    }
    if (r.done === true) {
      this.ended = true;
      return undefined;
    }
    this.read += r.value.length;
    this.onRead(this.read);
    return r.value;
  }

  /** The first `n` bytes (fewer when the input is shorter), buffered for {@link chunks}. */
  async head(n: number): Promise<Uint8Array> {
    while (this.bufferedBytes < n) {
      const c = await this.pull();
      if (c === undefined) break;
      this.buffered.push(c);
      this.bufferedBytes += c.length;
    }
    return joined(this.buffered, n);
  }

  /**
   * The first `n` bytes of what the compressed input decompresses to (empty when it is corrupt
   * there): the compressed bytes this needs are buffered for {@link chunks}, which decompress
   * again from the start. Gives up (empty) past 16 MiB of compressed input.
   */
  async decompressedHead(n: number): Promise<Uint8Array> {
    const self = this;
    async function* replay(): AsyncGenerator<Uint8Array> {
      for (let i = 0; ; i++) {
        if (i === self.buffered.length) {
          if (self.bufferedBytes > MAX_SNIFF) return;
          const c = await self.pull();
          if (c === undefined) return;
          self.buffered.push(c);
          self.bufferedBytes += c.length;
        }
        yield self.buffered[i] as Uint8Array;
      }
    }
    const d = decompressChunks(replay());
    try {
      return await readHead(d, n);
    } catch {
      return new Uint8Array(0); // corrupt: the MRT path reports it with its offset
    } finally {
      await d.return(undefined as never);
    }
  }

  /**
   * The whole input from its first byte, once: the buffered head, then the rest as it comes.
   * @throws InputError on a read error; Error when called twice.
   */
  async *chunks(): AsyncGenerator<Uint8Array> {
    if (this.taken) throw new Error('Input.chunks: the input is read once');
    this.taken = true;
    while (this.buffered.length > 0) {
      const c = this.buffered.shift() as Uint8Array;
      this.bufferedBytes -= c.length;
      yield c;
    }
    for (let c = await this.pull(); c !== undefined; c = await this.pull()) yield c;
  }

  /** Stops reading (closes the file or pipe). */
  async close(): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      await this.it.return?.();
    }
  }
}

function openStream(path: string): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;
}

function errnoText(code: string | undefined): string {
  return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? 'error'})`;
}

/** The first `n` bytes of the chunks, joined. */
function joined(chunks: readonly Uint8Array[], n: number): Uint8Array {
  const first = chunks[0];
  if (first !== undefined && first.length >= n) return first.subarray(0, n);
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(Math.min(n, total));
  let o = 0;
  for (const c of chunks) {
    if (o >= out.length) break;
    const part = c.subarray(0, out.length - o);
    out.set(part, o);
    o += part.length;
  }
  return out;
}
