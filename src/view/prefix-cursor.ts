import type { Prefix } from '../attributes/types.ts';
import { EMPTY } from '../wire/errors.ts';
import { formatPrefix, formatPrefixUnmasked } from '../wire/ip.ts';
import { u32 } from '../wire/bytes.ts';
import { checkBytes } from '../wire/args.ts';

// RFC 4271 section 4.3 / RFC 4760 section 5: <length (1 octet), prefix (ceil(length/8) octets)>,
// preceded by a 4-octet Path Identifier where ADD-PATH is on (RFC 7911 section 3).

/**
 * Checks the prefixes of `bytes[start, end)` without allocating: every length at most
 * `maxBits`, no prefix (or path id) overrunning `end`. Returns the count, or -1 when malformed.
 */
export function countPrefixes(bytes: Uint8Array, start: number, end: number, maxBits: number, addPath: boolean): number {
  let p = start;
  let n = 0;
  if (!addPath) {
    // Reads stay inside the field (p < end); one overrun check at the end suffices, as p only grows.
    while (p < end) {
      const len = bytes[p] as number;
      if (len > maxBits) return -1;
      p += 1 + ((len + 7) >> 3);
      n++;
    }
    return p === end ? n : -1;
  }
  while (p < end) {
    p += 4;
    if (p >= end) return -1;
    const len = bytes[p] as number;
    if (len > maxBits) return -1;
    p += 1 + ((len + 7) >> 3);
    if (p > end) return -1;
    n++;
  }
  return n;
}

/**
 * As {@link countPrefixes}, and records the offset in `bytes` of each prefix's length octet
 * into `out` from index `n` (the caller makes room: a prefix takes at least one octet, so
 * `end - start` entries). Returns the index after the last one written, or -1 when malformed.
 */
export function recordPrefixes(bytes: Uint8Array, start: number, end: number, maxBits: number, addPath: boolean, out: Int32Array, n: number): number {
  let p = start;
  let i = n;
  if (!addPath) {
    while (p < end) {
      const len = bytes[p] as number;
      if (len > maxBits) return -1;
      out[i++] = p;
      p += 1 + ((len + 7) >> 3);
    }
    return p === end ? i : -1;
  }
  while (p < end) {
    p += 4;
    if (p >= end) return -1;
    const len = bytes[p] as number;
    if (len > maxBits) return -1;
    out[i++] = p;
    p += 1 + ((len + 7) >> 3);
    if (p > end) return -1;
  }
  return i;
}

/**
 * A reusable cursor over the prefixes of one NLRI or withdrawn routes field (RFC 4271
 * section 4.3, RFC 4760, RFC 7911). `next()` moves to the following prefix and allocates
 * nothing; `length`, `offset` (of the address octets in `bytes`) and `pathId` describe it.
 * Everything here is valid while the input bytes are unchanged; `toString()`/`toJSON()`/
 * `toOwned()` copy out.
 * @example for (const c = view.nlri(cursor); c.next(); ) total += c.length
 */
export class PrefixCursor {
  /** The message buffer (aliased, not copied). */
  bytes: Uint8Array = EMPTY;
  /** AFI of the field (1 IPv4, 2 IPv6). */
  afi = 1;
  /** SAFI of the field. */
  safi = 1;
  /** Prefix length in bits of the current prefix. */
  length = 0;
  /** Offset in `bytes` of the current prefix's first address octet. */
  offset = 0;
  /** RFC 7911 Path Identifier of the current prefix (0 without ADD-PATH). */
  pathId = 0;
  /** Whether this field carries path identifiers. */
  hasPathId = false;
  private pos = 0;
  private end = 0;

  /** Points the cursor before the first prefix of `bytes[start, end)` (already validated). */
  reset(bytes: Uint8Array, start: number, end: number, afi: number, safi: number, addPath: boolean): this {
    checkBytes(bytes, 'PrefixCursor.reset', 'bytes');
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    this.afi = afi;
    this.safi = safi;
    this.hasPathId = addPath;
    this.length = 0;
    this.offset = start;
    this.pathId = 0;
    return this;
  }

  /** Moves to the next prefix; false at the end of the field. */
  next(): boolean {
    const p = this.pos;
    if (p >= this.end) return false;
    // Kept small so that a loop inlines it: ADD-PATH fields take the other method.
    if (this.hasPathId) return this.nextWithPathId(p);
    const len = this.bytes[p] as number;
    this.length = len;
    this.offset = p + 1;
    this.pos = p + 1 + ((len + 7) >> 3);
    return true;
  }

  // RFC 7911 section 3: a 4-octet Path Identifier before each prefix.
  private nextWithPathId(at: number): boolean {
    const b = this.bytes;
    this.pathId = u32(b, at);
    const p = at + 4;
    const len = b[p] as number;
    this.length = len;
    this.offset = p + 1;
    this.pos = p + 1 + ((len + 7) >> 3);
    return true;
  }

  /** Number of address octets present on the wire for the current prefix. */
  get byteLength(): number {
    return (this.length + 7) >> 3;
  }

  /** Address size of the family in bytes. */
  get addressSize(): 4 | 16 {
    return this.afi === 2 ? 16 : 4;
  }

  /** The current prefix as an unsigned 32-bit number, masked (IPv4 only; 0 for IPv6). */
  get ipv4(): number {
    if (this.afi === 2) return 0;
    const b = this.bytes;
    const p = this.offset;
    const n = (this.length + 7) >> 3;
    let v = 0;
    for (let i = 0; i < 4; i++) v = (v << 8) | (i < n ? (b[p + i] as number) : 0);
    const m = this.length === 0 ? 0 : (0xffffffff << (32 - this.length)) >>> 0;
    return (v & m) >>> 0;
  }

  /** Whether bits beyond the length are set (RFC 4271 section 4.3: irrelevant, but kept). */
  get hasTrailingBits(): boolean {
    const rem = this.length & 7;
    return rem !== 0 && ((this.bytes[this.offset + (this.length >> 3)] as number) & (0xff >> rem)) !== 0;
  }

  /** The prefix as canonical text (`192.0.2.0/24`), trailing bits masked, as the decoder gives it. */
  toString(): string {
    if (this.afi !== 2) {
      const v = this.ipv4;
      return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}/${this.length}`;
    }
    return formatPrefix(this.bytes, this.offset, this.length, 16);
  }

  /** The current prefix as the plain {@link Prefix} `decodeMessage` gives (an owned copy). */
  toJSON(): Prefix {
    const out: { prefix: string; pathId?: number; unmasked?: string } = { prefix: this.toString() };
    if (this.hasPathId) out.pathId = this.pathId;
    if (this.hasTrailingBits) out.unmasked = formatPrefixUnmasked(this.bytes, this.offset, this.length, this.addressSize);
    return out;
  }

  /** An owned copy of the current prefix (the same value as {@link toJSON}). */
  toOwned(): Prefix {
    return this.toJSON();
  }
}
