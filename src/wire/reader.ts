import { BgpError, EMPTY } from './errors.ts';

/**
 * A bounded cursor over bytes. A child reader can never read past the length its parent
 * declared for it; running short inside a declared length is malformed input and throws
 * the reader's BgpError (the NOTIFICATION code/subcode the enclosing element calls for).
 */
export class Reader {
  /** The underlying bytes (the whole buffer; `pos`/`end` bound this reader). */
  bytes: Uint8Array;
  /** Current absolute offset in `bytes`. */
  pos: number;
  /** Absolute end offset (exclusive) of this reader's window. */
  end: number;
  /** NOTIFICATION code used when the input runs short. */
  readonly code: number;
  /** NOTIFICATION subcode used when the input runs short. */
  readonly subcode: number;
  /** Field path used in error messages. */
  readonly path: string;

  constructor(bytes: Uint8Array, start = 0, end: number = bytes.length, code = 0, subcode = 0, path = '') {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    this.code = code;
    this.subcode = subcode;
    this.path = path;
  }

  /**
   * Points this reader at a new window of `bytes` (code, subcode and path unchanged) and
   * returns it. Performance: lets a decoder reuse one reader per field instead of allocating
   * one per attribute; only for a reader nobody else holds.
   */
  reset(bytes: Uint8Array, start: number, end: number): this {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    return this;
  }

  /** Bytes left in this window. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws the reader's BgpError unless `n` more bytes are in the window. */
  need(n: number, what: string): void {
    if (n > this.end - this.pos) this.fail(`${what}: needs ${n} bytes, ${this.end - this.pos} left`);
  }

  /** Throws this reader's BgpError (or the given code/subcode/data). */
  fail(message: string, code: number = this.code, subcode: number = this.subcode, data: Uint8Array = EMPTY): never {
    throw new BgpError(code, subcode, message, data, this.path);
  }

  u8(what = 'octet'): number {
    if (this.pos >= this.end) this.fail(`${what}: needs 1 byte, 0 left`);
    return this.bytes[this.pos++] as number;
  }

  u16(what = 'uint16'): number {
    if (this.pos + 2 > this.end) this.need(2, what);
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + 2;
    return ((b[p] as number) << 8) | (b[p + 1] as number);
  }

  u32(what = 'uint32'): number {
    if (this.pos + 4 > this.end) this.need(4, what);
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + 4;
    return (((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number)) >>> 0;
  }

  /** A 64-bit unsigned integer as a bigint. */
  u64(what = 'uint64'): bigint {
    this.need(8, what);
    const hi = this.u32(what);
    const lo = this.u32(what);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** `n` bytes as a view into the input (valid while the input is unchanged). */
  view(n: number, what = 'bytes'): Uint8Array {
    if (n < 0 || this.pos + n > this.end) this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** `n` bytes copied out of the input. */
  copy(n: number, what = 'bytes'): Uint8Array {
    if (n < 0 || this.pos + n > this.end) this.need(n, what);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** The rest of the window, copied. */
  rest(): Uint8Array {
    return this.copy(this.end - this.pos);
  }

  skip(n: number, what = 'bytes'): void {
    if (n < 0 || this.pos + n > this.end) this.need(n, what);
    this.pos += n;
  }

  /**
   * A child reader over the next `n` bytes (consumed from this one), with its own
   * error code/subcode and path.
   */
  child(n: number, what: string, code: number = this.code, subcode: number = this.subcode, path: string = this.path): Reader {
    if (n < 0 || this.pos + n > this.end) this.need(n, what);
    const r = new Reader(this.bytes, this.pos, this.pos + n, code, subcode, path);
    this.pos += n;
    return r;
  }
}
