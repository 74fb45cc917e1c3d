/** Thrown (and caught inside the decoder) when a block needs more input than has been pushed. */
export const NEED_MORE: unique symbol = Symbol('bzip2-need-more');

/** A saved read position (see {@link BitInput.mark}). */
export interface BitMark {
  readonly bytePos: number;
  readonly bitBuf: number;
  readonly bitCount: number;
}

/**
 * An MSB-first bit reader over a growable byte buffer, for the bzip2 decoder. Bytes before
 * the current position are dropped when the buffer grows, so memory stays at one
 * compressed block plus the newest chunk. Fields are public for the Huffman hot loop.
 */
export class BitInput {
  buf: Uint8Array = new Uint8Array(0);
  /** Next byte to load into `bitBuf`. */
  bytePos = 0;
  /** End of valid bytes in `buf`. */
  end = 0;
  /** Up to 31 unread bits, right-aligned (only the low `bitCount` bits are set). */
  bitBuf = 0;
  bitCount = 0;
  /**
   * Bytes copied so far (each pushed byte once, plus the unread bytes moved when the buffer
   * compacts, which it does only when full, after doubling or with 4 MiB of room): O(input).
   */
  bytesCopied = 0;
  /** Bytes dropped from the front of `buf` so far (for absolute offsets). */
  private base = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const live = this.end - this.bytePos;
    if (this.end + chunk.length > this.buf.length) {
      const size = Math.max(live + chunk.length, Math.min(this.buf.length * 2, live + chunk.length + (1 << 22)));
      const next = size > this.buf.length ? new Uint8Array(size) : this.buf;
      next.set(this.buf.subarray(this.bytePos, this.end), 0);
      this.bytesCopied += live;
      this.buf = next;
      this.base += this.bytePos;
      this.end = live;
      this.bytePos = 0;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
    this.bytesCopied += chunk.length;
  }

  /** Absolute offset of the byte holding the next unread bit. */
  consumedBytes(): number {
    return this.base + this.bytePos - ((this.bitCount + 7) >> 3);
  }

  /** Whole bytes not yet read (after {@link alignToByte}). */
  availableBytes(): number {
    return this.end - this.bytePos + (this.bitCount >> 3);
  }

  mark(): BitMark {
    return { bytePos: this.bytePos, bitBuf: this.bitBuf, bitCount: this.bitCount };
  }

  reset(m: BitMark): void {
    this.bytePos = m.bytePos;
    this.bitBuf = m.bitBuf;
    this.bitCount = m.bitCount;
  }

  /** Nothing to do: the buffer compacts itself on the next push. */
  release(): void {}

  /** Reads `n` (1..24) bits. */
  bits(n: number): number {
    while (this.bitCount < n) {
      if (this.bytePos >= this.end) throw NEED_MORE;
      this.bitBuf = (this.bitBuf << 8) | (this.buf[this.bytePos++] as number);
      this.bitCount += 8;
    }
    this.bitCount -= n;
    const v = (this.bitBuf >>> this.bitCount) & ((1 << n) - 1);
    this.bitBuf &= (1 << this.bitCount) - 1;
    return v;
  }

  /** Skips to the next byte boundary and gives back whole buffered bytes. */
  alignToByte(): void {
    this.bytePos -= this.bitCount >> 3;
    this.bitCount = 0;
    this.bitBuf = 0;
  }

  /** The next 4 bytes (call with at least 4 available, byte-aligned). */
  headerBytes(): [number, number, number, number] {
    const b = this.buf;
    const p = this.bytePos;
    return [b[p] ?? 0, b[p + 1] ?? 0, b[p + 2] ?? 0, b[p + 3] ?? 0];
  }

  /** Whether the available bytes start with (a prefix of) `BZh`. */
  startsWithMagic(): boolean {
    const [a, b, c] = this.headerBytes();
    const n = this.availableBytes();
    return a === 0x42 && (n < 2 || b === 0x5a) && (n < 3 || c === 0x68);
  }

  skipBytes(n: number): void {
    this.bytePos += n;
  }

  skipAll(): void {
    this.bytePos = this.end;
    this.bitCount = 0;
    this.bitBuf = 0;
  }
}
