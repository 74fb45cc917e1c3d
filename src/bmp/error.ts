import { BgpError } from '../wire/errors.ts';
import { Reader } from '../wire/reader.ts';

/**
 * A malformed BMP message (RFC 7854 section 4): a {@link BgpError} (code and subcode 0: BMP
 * has no NOTIFICATION) that also says at which byte of the input the problem was found.
 */
export class BmpError extends BgpError {
  /** Byte offset in the input given to the decoder (or framer stream) where the bad field starts. */
  readonly offset: number;
  /** The problem without the path and offset, e.g. `version 4 is not 3`. */
  readonly detail: string;

  constructor(detail: string, offset: number, path = 'BMP') {
    super(0, 0, `${detail} (at byte ${offset})`, undefined, path);
    this.name = 'BmpError';
    this.offset = offset;
    this.detail = detail;
  }
}

/** Whether `value` is a {@link BmpError}. */
export function isBmpError(value: unknown): value is BmpError {
  return value instanceof BmpError;
}

/** A reader whose failures are {@link BmpError}s carrying the offset where the read was attempted. */
export class BmpReader extends Reader {
  constructor(bytes: Uint8Array, start: number, end: number, path = 'BMP') {
    super(bytes, start, end, 0, 0, path);
  }

  override fail(message: string): never {
    throw new BmpError(message, this.pos, this.path);
  }

  override child(n: number, what: string, _code?: number, _subcode?: number, path: string = this.path): BmpReader {
    if (n < 0 || this.pos + n > this.end) this.need(n, what);
    const r = new BmpReader(this.bytes, this.pos, this.pos + n, path);
    this.pos += n;
    return r;
  }
}
