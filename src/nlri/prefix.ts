import type { Prefix } from './types.ts';
import { formatIPv6, Ipv6TextCache, parsePrefix } from '../wire/ip.ts';
import type { Reader } from '../wire/reader.ts';
import { checkUint } from '../wire/errors.ts';
import type { Writer } from '../wire/writer.ts';
import type { TextWriter } from '../wire/text-writer.ts';

// RFC 4271 section 4.3 (and RFC 4760 section 5 for MP-BGP): each prefix is
//      +---------------------------+
//      |   Length (1 octet)        |
//      +---------------------------+
//      |   Prefix (variable)       |
//      +---------------------------+
// preceded, where ADD-PATH is on (RFC 7911 section 3), by a 4-octet Path Identifier.

const scratch = new Uint8Array(16);

/** The address bits of the `n` (0 to 4) prefix octets at `p`, as an int32 (octets not there are zero). */
function ipv4Bits(b: Uint8Array, p: number, n: number): number {
  let v = 0;
  if (n > 0) {
    v = (b[p] as number) << 24;
    if (n > 1) {
      v |= (b[p + 1] as number) << 16;
      if (n > 2) {
        v |= (b[p + 2] as number) << 8;
        if (n > 3) v |= b[p + 3] as number;
      }
    }
  }
  return v;
}

/** The `n` prefix octets at `p` into `scratch`, the rest of its 16 octets zero. */
function toScratch6(b: Uint8Array, p: number, n: number): void {
  scratch.fill(0);
  for (let i = 0; i < n; i++) scratch[i] = b[p + i] as number;
}

/** Clears the bits of `scratch` past `length` (its last significant octet, octet `n - 1`). */
function maskScratch6(n: number, length: number): void {
  const rem = length & 7;
  if (rem !== 0) scratch[n - 1] = (scratch[n - 1] as number) & ((0xff << (8 - rem)) & 0xff);
}

// Performance: prefix text is most of the decoder's work and garbage. A cache of recent texts
// does not pay for IPv4: a feed of many sessions names hundreds of thousands of distinct
// prefixes, so most lookups miss, and every text it keeps survives a young-generation
// collection and is promoted before it is replaced. Texts are built from tables instead:
// octet texts with their dot, and for a prefix of at most 24 bits (whose last octet is zero)
// the tail `c.0/len` from a table filled as met (at most 256 x 25 short strings), and the
// head `a.b.` from a table by the first 16 bits, also filled as met (a full table meets most
// of its 65536 slots: about 2 MB at most), so the usual prefix is one concatenation.
const DEC: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));
const DEC_DOT: readonly string[] = DEC.map((d) => `${d}.`);
const SLASH: readonly string[] = Array.from({ length: 129 }, (_, i) => `/${i}`);
const TAIL: string[] = new Array<string>(256 * 25).fill('');
const HI: string[] = new Array<string>(65536).fill('');

/** `c.0/length` for a prefix `length` of at most 24 bits. */
function tailText(c: number, length: number): string {
  const k = c * 25 + length;
  let t = TAIL[k] as string;
  if (t === '') TAIL[k] = t = `${DEC_DOT[c] as string}0${SLASH[length] as string}`;
  return t;
}

/** Canonical text of the IPv4 prefix `addr`/`length` (bits beyond the length already zero). */
function ipv4PrefixText(addr: number, length: number): string {
  const hi = addr >>> 16;
  let ab = HI[hi] as string;
  if (ab === '') HI[hi] = ab = (DEC_DOT[addr >>> 24] as string) + (DEC_DOT[(addr >>> 16) & 255] as string);
  if (length <= 24) return ab + tailText((addr >>> 8) & 255, length);
  return ab + (DEC_DOT[(addr >>> 8) & 255] as string) + (DEC[addr & 255] as string) + (SLASH[length] as string);
}

/** All 32 bits of `v` as dotted text with the length: a prefix with bits set past its length (kept as received). */
function ipv4UnmaskedText(v: number, length: number): string {
  return (DEC_DOT[v >>> 24] as string) + (DEC_DOT[(v >>> 16) & 255] as string) + (DEC_DOT[(v >>> 8) & 255] as string) + (DEC[v & 255] as string) + (SLASH[length] as string);
}

// Recent IPv6 prefix texts, by the 16 address bytes and the length.
const prefixes6 = new Ipv6TextCache(11);

/**
 * Reads every prefix of the window of `r` (an NLRI or Withdrawn Routes field) for an address
 * of `size` bytes (4 or 16), with path ids when `addPath`. A length above the family's maximum
 * or a prefix that overruns the field throws the reader's BgpError (RFC 7606 section 5.3).
 */
export function readPrefixes(r: Reader, size: 4 | 16, addPath: boolean): Prefix[] {
  const max = size * 8;
  const b = r.bytes;
  const end = r.end;
  let pos = r.pos;
  if (size === 4 && !addPath) return readIPv4Prefixes(r, b, pos, end);
  // Performance: the entries are counted first (a walk over the length octets) so that the
  // array is allocated once at its size instead of grown by push. A malformed field throws
  // below before the array is complete, so the count needs no checks of its own.
  const out = new Array<Prefix>(countPrefixes(b, pos, end, addPath));
  let k = 0;
  while (pos < end) {
    let pathId = 0;
    if (addPath) {
      r.pos = pos;
      pathId = r.u32('path identifier');
      pos += 4;
      if (pos >= end) {
        r.pos = pos;
        r.u8('prefix length');
      }
    }
    const length = b[pos] as number;
    pos++;
    if (length > max) {
      r.pos = pos;
      r.fail(`prefix length ${length} exceeds ${max}`);
    }
    const n = (length + 7) >> 3;
    if (pos + n > end) {
      r.pos = pos;
      r.fail(`prefix of length ${length} overruns the field by ${pos + n - end} bytes`);
    }
    const p = pos;
    pos = p + n;
    let text: string;
    let unmasked: string | undefined;
    const rem = length & 7;
    const trailing = rem !== 0 && ((b[p + n - 1] as number) & (0xff >> rem)) !== 0;
    if (size === 4) {
      const v = ipv4Bits(b, p, n) >>> 0;
      if (trailing) {
        unmasked = ipv4UnmaskedText(v, length);
        const m = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
        text = ipv4PrefixText((v & m) >>> 0, length);
      } else {
        text = ipv4PrefixText(v, length);
      }
    } else {
      toScratch6(b, p, n);
      if (trailing) {
        unmasked = formatIPv6(scratch, 0) + (SLASH[length] as string);
        maskScratch6(n, length);
      }
      text = prefixes6.text(scratch, 0, length);
    }
    if (addPath) {
      out[k++] = unmasked === undefined ? { prefix: text, pathId } : { prefix: text, pathId, unmasked };
    } else {
      out[k++] = unmasked === undefined ? { prefix: text } : { prefix: text, unmasked };
    }
  }
  r.pos = pos;
  return out;
}

/**
 * Writes the text {@link readPrefixes} gives the prefix whose length octet is at `at` (its
 * address octets follow, validated: the caller read the field's framing) as UTF-8 into `w`,
 * for an address of `size` bytes: host bits masked, `a.b.c.d/len` or RFC 5952 text. The same
 * text without the string: IPv4 digits by table, IPv6 through readPrefixes' own cache.
 */
export function writePrefixText(w: TextWriter, b: Uint8Array, at: number, size: 4 | 16): void {
  const length = b[at] as number;
  const p = at + 1;
  const n = (length + 7) >> 3;
  if (size === 16) {
    toScratch6(b, p, n);
    maskScratch6(n, length);
    w.text(prefixes6.text(scratch, 0, length));
    return;
  }
  const m = length === 0 ? 0 : -1 << (32 - length);
  w.ipv4(ipv4Bits(b, p, n) & m);
  w.byte(47);
  w.uint(length);
}

/**
 * Performance: readPrefixes for the usual field, IPv4 without path ids: the address bits as
 * one number, and bits beyond the length found by one mask test.
 */
function readIPv4Prefixes(r: Reader, b: Uint8Array, pos: number, end: number): Prefix[] {
  const out = new Array<Prefix>(countPrefixes(b, pos, end, false));
  let k = 0;
  while (pos < end) {
    const length = b[pos] as number;
    const p = pos + 1;
    const n = (length + 7) >> 3;
    if (length > 32 || p + n > end) {
      r.pos = p;
      if (length > 32) r.fail(`prefix length ${length} exceeds 32`);
      r.fail(`prefix of length ${length} overruns the field by ${p + n - end} bytes`);
    }
    pos = p + n;
    const v = ipv4Bits(b, p, n);
    const m = length === 0 ? 0 : -1 << (32 - length);
    const text = ipv4PrefixText((v & m) >>> 0, length);
    if ((v & ~m) === 0) {
      out[k++] = { prefix: text };
    } else {
      out[k++] = { prefix: text, unmasked: ipv4UnmaskedText(v, length) };
    }
  }
  r.pos = pos;
  return out;
}

/** How many iterations readPrefixes makes over `b[pos, end)` when it does not throw. */
function countPrefixes(b: Uint8Array, pos: number, end: number, addPath: boolean): number {
  let n = 0;
  const id = addPath ? 4 : 0;
  while (pos < end) {
    pos += id;
    n++;
    if (pos >= end) break;
    pos += 1 + (((b[pos] as number) + 7) >> 3);
  }
  return n;
}

// The address bytes of the prefix parsed last (parsePrefixText never re-enters itself).
const parsed = new Uint8Array(16);

/**
 * Performance: `a.b.c.d/len` scanned by hand into `out` (no slices, regexes or objects);
 * the prefix length, or -1 for anything else (IPv6, odd forms, errors), which then takes the
 * general parser and its messages. Accepts exactly what parsePrefix accepts as IPv4.
 */
function parseIPv4PrefixFast(text: string, out: Uint8Array): number {
  const n = text.length;
  let part = 0;
  let value = 0;
  let digits = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return -1;
      value = value * 10 + (c - 48);
    } else if (c === 46 || c === 47) {
      if (digits === 0 || value > 255 || part > 3) return -1;
      out[part++] = value;
      value = 0;
      digits = 0;
      if (c === 47) break;
    } else {
      return -1;
    }
  }
  if (part !== 4 || i >= n) return -1;
  let length = 0;
  let lenDigits = 0;
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57 || ++lenDigits > 3) return -1;
    length = length * 10 + (c - 48);
  }
  return lenDigits === 0 || length > 32 ? -1 : length;
}

/** Parses the prefix's text (as received where it had trailing bits) into `parsed`; returns its length. */
function parseFor(p: Prefix, size: 4 | 16): number {
  const text = p.unmasked ?? p.prefix;
  // Performance: sizing and writing parse each prefix in turn; a message of one prefix parses
  // the same text twice in a row, and `parsed` still holds it.
  if (text === lastText && size === lastSize) return lastLength;
  lastText = undefined;
  let length = -1;
  if (size === 4 && typeof text === 'string') length = parseIPv4PrefixFast(text, parsed);
  if (length < 0) {
    const slow = parsePrefix(text);
    if (slow === undefined) throw new TypeError(`prefix: cannot parse ${JSON.stringify(text)}`);
    if (slow.size !== size) throw new TypeError(`prefix: ${text} is not an IPv${size === 4 ? 4 : 6} prefix`);
    parsed.set(slow.bytes);
    length = slow.length;
  }
  lastText = text;
  lastSize = size;
  lastLength = length;
  return length;
}

let lastText: string | undefined;
let lastSize = 0;
let lastLength = 0;

/** Encoded size of `prefixes` (RFC 4271 section 4.3, RFC 7911 section 3). */
export function prefixesLength(prefixes: readonly Prefix[], size: 4 | 16, addPath: boolean): number {
  let n = 0;
  for (let k = 0; k < prefixes.length; k++) {
    const length = parseFor(prefixes[k] as Prefix, size);
    n += 1 + ((length + 7) >> 3) + (addPath ? 4 : 0);
  }
  return n;
}

/**
 * Writes `prefixes`. Path ids are written where `addPath` (a missing one is a TypeError,
 * a present one without ADD-PATH too: never dropped silently).
 */
export function writePrefixes(prefixes: readonly Prefix[], w: Writer, size: 4 | 16, addPath: boolean): void {
  for (let k = 0; k < prefixes.length; k++) {
    const p = prefixes[k] as Prefix;
    const length = parseFor(p, size);
    const bytes = parsed;
    if (addPath) {
      if (p.pathId === undefined) throw new TypeError(`prefix ${p.prefix}: ADD-PATH is on for this family but pathId is missing`);
      w.u32(checkUint('pathId', p.pathId, 0xffffffff));
    } else if (p.pathId !== undefined) {
      throw new TypeError(`prefix ${p.prefix}: pathId given but ADD-PATH is off for this family`);
    }
    const n = (length + 7) >> 3;
    w.room(1 + n);
    const out = w.bytes;
    let at = w.pos;
    out[at++] = length;
    if (p.unmasked === undefined && (length & 7) !== 0) {
      // Canonical: bits beyond the length are zero.
      for (let i = 0; i < n - 1; i++) out[at++] = bytes[i] as number;
      out[at++] = (bytes[n - 1] as number) & ((0xff << (8 - (length & 7))) & 0xff);
    } else {
      for (let i = 0; i < n; i++) out[at++] = bytes[i] as number;
    }
    w.pos = at;
  }
}

/** Address size in bytes for an AFI whose prefixes are typed (1 IPv4, 2 IPv6), else undefined. */
export function addressSize(afi: number): 4 | 16 | undefined {
  return afi === 1 ? 4 : afi === 2 ? 16 : undefined;
}

/** Whether NLRI of `afi`/`safi` decode to typed prefixes (IPv4/IPv6 unicast and multicast). */
export function isTypedFamily(afi: number, safi: number): boolean {
  return (afi === 1 || afi === 2) && (safi === 1 || safi === 2);
}
