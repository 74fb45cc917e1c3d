import { EMPTY } from '../wire/errors.ts';
import { u16, u32 } from '../wire/bytes.ts';
import { checkBytes } from '../wire/args.ts';

// RFC 4271 section 4.3: AS_PATH is a sequence of <type (1), count (1), ASNs (count x 2 or 4)>;
// types 1 AS_SET, 2 AS_SEQUENCE, RFC 5065 section 3: 3 AS_CONFED_SEQUENCE, 4 AS_CONFED_SET.

/** Segment type codes (RFC 4271 section 4.3, RFC 5065 section 3). */
export const SegmentType = { AS_SET: 1, AS_SEQUENCE: 2, AS_CONFED_SEQUENCE: 3, AS_CONFED_SET: 4 } as const;

/**
 * Whether `bytes[start, end)` holds well-formed segments of `width`-octet ASNs, by exactly the
 * rules of RFC 7606 section 7.2 the decoder applies (no single trailing octet, known type,
 * non-zero count, no overrun). Allocates nothing.
 */
export function isWellFormedPath(bytes: Uint8Array, start: number, end: number, width: 2 | 4): boolean {
  let p = start;
  while (p < end) {
    if (end - p < 2) return false;
    const type = bytes[p] as number;
    const count = bytes[p + 1] as number;
    if (type < 1 || type > 4 || count === 0) return false;
    p += 2 + count * width;
    if (p > end) return false;
  }
  return true;
}

/**
 * One pass of {@link isWellFormedPath} that also finds the origin AS: the offset of the last
 * ASN when the path is well formed and ends in an AS_SEQUENCE, NO_ORIGIN when it is well
 * formed without one, MALFORMED otherwise (an offset, so that no 32-bit ASN is boxed).
 */
export function checkedOriginAt(bytes: Uint8Array, start: number, end: number, width: 2 | 4): number {
  let p = start;
  let lastType = 0;
  while (p < end) {
    if (end - p < 2) return MALFORMED;
    const type = bytes[p] as number;
    const count = bytes[p + 1] as number;
    if (type < 1 || type > 4 || count === 0) return MALFORMED;
    p += 2 + count * width;
    lastType = type;
  }
  if (p > end) return MALFORMED;
  return lastType === 2 ? p - width : NO_ORIGIN;
}

/** {@link checkedOriginAt}: a well-formed path without an origin AS. */
export const NO_ORIGIN = -1;
/** {@link checkedOriginAt}: a malformed path (RFC 7606 section 7.2). */
export const MALFORMED = -2;

/**
 * Number of ASes as RFC 4271 section 9.1.2.2 a counts them over validated segments: an AS_SET
 * counts 1 however many ASes it holds, confederation segments (RFC 5065 section 5.3) count 0.
 * A path ending in an AS_SET (an aggregate) thus counts its set as one hop.
 */
export function pathLengthAt(bytes: Uint8Array, start: number, end: number, width: 2 | 4): number {
  let n = 0;
  let p = start;
  while (p < end) {
    const type = bytes[p] as number;
    const count = bytes[p + 1] as number;
    if (type === 2) n += count;
    else if (type === 1) n += 1;
    p += 2 + count * width;
  }
  return n;
}

function readAsn(b: Uint8Array, p: number, width: 2 | 4): number {
  return width === 2 ? u16(b, p) : u32(b, p);
}

/**
 * A reusable cursor over the segments of an AS_PATH or AS4_PATH, allocating nothing:
 * `nextSegment()` moves to the next segment, then `type`, `count` and `asn(i)` read it.
 * Valid while the input bytes are unchanged.
 * @example for (const c = view.asPath(cursor); c.nextSegment(); ) for (let i = 0; i < c.count; i++) use(c.asn(i))
 */
export class AsPathCursor {
  /** The message buffer (aliased). */
  bytes: Uint8Array = EMPTY;
  /** ASN width in octets (2, or 4 under RFC 6793 and in AS4_PATH). */
  width: 2 | 4 = 4;
  /** Segment type code of the current segment (see {@link SegmentType}). */
  type = 0;
  /** Number of ASNs in the current segment. */
  count = 0;
  private at = 0;
  private start = 0;
  private pos = 0;
  private end = 0;

  /** Points the cursor before the first segment of validated `bytes[start, end)`. */
  reset(bytes: Uint8Array, start: number, end: number, width: 2 | 4): this {
    checkBytes(bytes, 'AsPathCursor.reset', 'bytes');
    this.bytes = bytes;
    this.start = start;
    this.pos = start;
    this.end = end;
    this.width = width;
    this.type = 0;
    this.count = 0;
    return this;
  }

  /** Back before the first segment, to walk the same path again. */
  rewind(): this {
    this.pos = this.start;
    this.type = 0;
    this.count = 0;
    return this;
  }

  /** Moves to the next segment; false at the end of the path. */
  nextSegment(): boolean {
    const p = this.pos;
    if (p >= this.end) return false;
    this.type = this.bytes[p] as number;
    this.count = this.bytes[p + 1] as number;
    this.at = p + 2;
    this.pos = p + 2 + this.count * this.width;
    return true;
  }

  /** The `i`-th ASN of the current segment (0 <= i < count). */
  asn(i: number): number {
    return readAsn(this.bytes, this.at + i * this.width, this.width);
  }
}
