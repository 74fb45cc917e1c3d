/**
 * A cursor that writes into a preallocated buffer. Sizes are computed up front
 * (`byteLength`), so the writer never grows; writing past the end is a RangeError.
 */
export class Writer {
  readonly bytes: Uint8Array;
  pos: number;

  constructor(bytes: Uint8Array, pos = 0) {
    this.bytes = bytes;
    this.pos = pos;
  }

  /** A writer over a fresh buffer of exactly `length` bytes. */
  static alloc(length: number): Writer {
    return new Writer(new Uint8Array(length));
  }

  /** Throws a RangeError unless `n` more bytes fit (for callers that then write `bytes` directly). */
  room(n: number): void {
    if (this.pos + n > this.bytes.length) throw new RangeError(`writer: ${n} bytes do not fit at offset ${this.pos} of ${this.bytes.length}`);
  }

  u8(v: number): void {
    this.room(1);
    this.bytes[this.pos++] = v;
  }

  u16(v: number): void {
    this.room(2);
    const b = this.bytes;
    b[this.pos++] = v >>> 8;
    b[this.pos++] = v;
  }

  u32(v: number): void {
    this.room(4);
    const b = this.bytes;
    b[this.pos++] = v >>> 24;
    b[this.pos++] = v >>> 16;
    b[this.pos++] = v >>> 8;
    b[this.pos++] = v;
  }

  u64(v: bigint): void {
    this.u32(Number((v >> 32n) & 0xffffffffn));
    this.u32(Number(v & 0xffffffffn));
  }

  raw(src: Uint8Array): void {
    this.room(src.length);
    this.bytes.set(src, this.pos);
    this.pos += src.length;
  }
}
