import { BmpError } from './error.ts';
import { checkBytes, checkOptions } from '../wire/args.ts';
import { BMP_HEADER_LENGTH, DEFAULT_MAX_BMP_LENGTH, peekBmp } from './message.ts';

/** Options of {@link BmpFramer}. */
export interface BmpFramerOptions {
  /** Largest message accepted (bytes, common header included). Default 16 MiB. */
  readonly maxLength: number;
}

/** One framed BMP message and where it began in the stream. */
export interface FramedBmp {
  /** The whole message: a view into a pushed chunk when it lies within one, else a copy. */
  readonly bytes: Uint8Array;
  /** Offset of its first byte in the stream (bytes pushed before it). */
  readonly offset: number;
}

/**
 * Splits a BMP byte stream (RFC 7854 section 3.2: one TCP connection, messages back to back)
 * into messages, whatever the chunk boundaries. Work and memory are linear: chunks are kept
 * by reference and copied once, only when a message spans several. The version and length
 * are checked as soon as a header is complete, so a bad stream never buffers past the limit.
 * After an error the framer stays failed: a BMP stream has no markers to resynchronise on.
 * @example const f = new BmpFramer(); socket.on('data', (c) => { for (const m of f.push(c)) use(m.bytes) })
 */
export class BmpFramer {
  private readonly maxLength: number;
  private readonly chunks: Uint8Array[] = [];
  /** Offset of the first unconsumed byte inside chunks[0]. */
  private head = 0;
  private held = 0;
  private consumed = 0;
  private failure: BmpError | undefined;

  constructor(options?: Partial<BmpFramerOptions>) {
    if (options !== undefined) checkOptions(options, 'BmpFramer', 'options');
    const max = options?.maxLength ?? DEFAULT_MAX_BMP_LENGTH;
    if (!Number.isInteger(max) || max < BMP_HEADER_LENGTH) throw new RangeError(`BmpFramer: maxLength ${max} must be an integer of at least 6`);
    this.maxLength = max;
  }

  /** Bytes pushed but not yet returned as messages. */
  get buffered(): number {
    return this.held;
  }

  /** Stream offset of the next byte to frame. */
  get offset(): number {
    return this.consumed;
  }

  /** The stream error found, if any (see {@link BmpFramer.push}). */
  get error(): BmpError | undefined {
    return this.failure;
  }

  /**
   * Appends a chunk (kept by reference, never written to) and returns the messages now complete.
   * When a bad header follows good messages in the same chunk, those are returned and the error
   * is kept in {@link BmpFramer.error} (and thrown by the next call).
   * @throws BmpError with the stream offset for a bad version or length, when no message precedes it (and on every later call).
   */
  push(chunk: Uint8Array): FramedBmp[] {
    if (this.failure !== undefined) throw this.failure;
    checkBytes(chunk, 'BmpFramer.push', 'chunk');
    const out: FramedBmp[] = [];
    if (chunk.length === 0) return out;
    this.chunks.push(chunk);
    this.held += chunk.length;
    try {
      for (;;) {
        const header = this.peekBytes(BMP_HEADER_LENGTH);
        let length: number | undefined;
        try {
          length = peekBmp(header, 0, this.maxLength);
        } catch (e) {
          if (e instanceof BmpError) throw new BmpError(e.detail, this.consumed + e.offset, 'BMP stream');
          throw e;
        }
        if (length === undefined || length > this.held) break;
        out.push({ bytes: this.take(length), offset: this.consumed });
        this.consumed += length;
      }
    } catch (e) {
      if (!(e instanceof BmpError)) throw e;
      this.failure = e;
      if (out.length === 0) throw e;
    }
    return out;
  }

  /**
   * Marks the end of the stream.
   * @throws BmpError when a partial message is left (a truncated stream).
   */
  end(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.held > 0) {
      this.failure = new BmpError(`stream ends inside a message: ${this.held} bytes left`, this.consumed, 'BMP stream');
      throw this.failure;
    }
  }

  /** Up to `n` bytes from the front, without consuming (a view when in one chunk). */
  private peekBytes(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first === undefined) return new Uint8Array(0);
    if (first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    const out = new Uint8Array(Math.min(n, this.held));
    let filled = 0;
    let pos = this.head;
    for (const c of this.chunks) {
      const part = c.subarray(pos, pos + (out.length - filled));
      out.set(part, filled);
      filled += part.length;
      pos = 0;
      if (filled === out.length) break;
    }
    return out;
  }

  /** Consumes `n` (<= held) bytes from the front. */
  private take(n: number): Uint8Array {
    const first = this.chunks[0] as Uint8Array;
    let out: Uint8Array;
    if (first.length - this.head >= n) {
      out = first.subarray(this.head, this.head + n);
      this.head += n;
    } else {
      out = new Uint8Array(n);
      let filled = 0;
      while (filled < n) {
        const c = this.chunks[0] as Uint8Array;
        const part = c.subarray(this.head, this.head + (n - filled));
        out.set(part, filled);
        filled += part.length;
        this.head += part.length;
        if (this.head === c.length) {
          this.chunks.shift();
          this.head = 0;
        }
      }
    }
    if (this.chunks[0] !== undefined && this.head === (this.chunks[0] as Uint8Array).length) {
      this.chunks.shift();
      this.head = 0;
    }
    this.held -= n;
    return out;
  }
}

/**
 * Frames every BMP message of a whole buffer.
 * @throws BmpError for a bad header or a truncated last message.
 * @example for (const m of frameBmp(bytes)) decodeBmpMessage(m.bytes)
 */
export function frameBmp(bytes: Uint8Array): FramedBmp[] {
  checkBytes(bytes, 'frameBmp', 'bytes');
  const f = new BmpFramer({ maxLength: Math.max(BMP_HEADER_LENGTH, bytes.length) });
  const out = f.push(bytes);
  f.end();
  return out;
}
