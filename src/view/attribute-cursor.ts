import { EMPTY } from '../wire/errors.ts';
import { checkBytes } from '../wire/args.ts';

/**
 * A reusable cursor over path attribute headers (RFC 4271 section 4.3): flags, type code,
 * value offset and length, allocating nothing. It stops at the first header that overruns the
 * field (RFC 7606 section 4). Valid while the input bytes are unchanged.
 */
export class AttributeCursor {
  /** The message buffer (aliased). */
  bytes: Uint8Array = EMPTY;
  /** Flags octet of the current attribute. */
  flags = 0;
  /** Type code of the current attribute. */
  code = 0;
  /** Offset of the current value in `bytes`. */
  valueOffset = 0;
  /** Length of the current value. */
  valueLength = 0;
  private pos = 0;
  private end = 0;

  /** Points the cursor before the first header of `bytes[start, end)`. */
  reset(bytes: Uint8Array, start: number, end: number): this {
    checkBytes(bytes, 'AttributeCursor.reset', 'bytes');
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    return this;
  }

  /** Moves to the next attribute; false at the end (or at a header that overruns). */
  next(): boolean {
    const b = this.bytes;
    const p = this.pos;
    const left = this.end - p;
    if (left <= 0) return false;
    const flags = b[p] as number;
    const hdr = flags & 0x10 ? 4 : 3;
    if (left < hdr) return false;
    const len = hdr === 4 ? ((b[p + 2] as number) << 8) | (b[p + 3] as number) : (b[p + 2] as number);
    if (hdr + len > left) return false;
    this.flags = flags;
    this.code = b[p + 1] as number;
    this.valueOffset = p + hdr;
    this.valueLength = len;
    this.pos = p + hdr + len;
    return true;
  }
}
