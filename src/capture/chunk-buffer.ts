import { Writer } from '../wire/writer.ts';

/**
 * Output chunks for the capture writers: records are written into a buffer of `chunkSize`
 * octets, handed out when full (never reused afterwards, so a chunk stays valid), so a
 * writer holds at most one chunk however long the stream. A record larger than a chunk gets
 * a buffer of its own size.
 */
export class ChunkBuffer {
  private buf: Uint8Array;
  private used = 0;
  private readonly ready: Uint8Array[] = [];
  private readonly chunkSize: number;
  /** Octets written so far (handed out or not). */
  written = 0;

  constructor(chunkSize: number) {
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize must be a positive integer, not ${chunkSize}`);
    this.chunkSize = chunkSize;
    this.buf = new Uint8Array(0);
  }

  /** A writer over the next `n` octets of the current chunk (which the caller must fill exactly). */
  reserve(n: number): Writer {
    if (this.buf.length - this.used < n) {
      this.cut();
      this.buf = new Uint8Array(Math.max(this.chunkSize, n));
    }
    const w = new Writer(this.buf.subarray(0, this.used + n), this.used);
    this.used += n;
    this.written += n;
    return w;
  }

  private cut(): void {
    if (this.used > 0) this.ready.push(this.buf.subarray(0, this.used));
    this.buf = new Uint8Array(0);
    this.used = 0;
  }

  /** The chunks filled so far (the current one only when `all`), emptied from the buffer. */
  take(all = false): readonly Uint8Array[] {
    if (all || this.used >= this.chunkSize) this.cut();
    if (this.ready.length === 0) return NONE;
    return this.ready.splice(0, this.ready.length);
  }
}

const NONE: readonly Uint8Array[] = Object.freeze([]);
