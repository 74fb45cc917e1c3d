import { u32 } from './bytes.ts';
import { checkBytes, checkString } from './args.ts';
// Address and prefix text in the forms engineers use: dotted quad for IPv4 and the
// RFC 5952 canonical form for IPv6 (lowercase, longest run of two or more zero groups
// compressed, leftmost on a tie).

// Performance: the decimal text of every octet, with and without its dot, so that an address
// is built from four table strings instead of number-to-string conversions per octet.
const DEC: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));
const DEC_DOT: readonly string[] = DEC.map((d) => `${d}.`);

/** IPv4 dotted quad of the 4 bytes at `offset`. */
export function formatIPv4(bytes: Uint8Array, offset = 0): string {
  checkBytes(bytes, 'formatIPv4', 'bytes');
  return (
    (DEC_DOT[bytes[offset] ?? 0] as string) +
    (DEC_DOT[bytes[offset + 1] ?? 0] as string) +
    (DEC_DOT[bytes[offset + 2] ?? 0] as string) +
    (DEC[bytes[offset + 3] ?? 0] as string)
  );
}

/** IPv4 dotted quad of a 32-bit number. */
export function formatIPv4Number(n: number): string {
  return (DEC_DOT[n >>> 24] as string) + (DEC_DOT[(n >>> 16) & 255] as string) + (DEC_DOT[(n >>> 8) & 255] as string) + (DEC[n & 255] as string);
}

// Performance: the 8 groups of the address being formatted (formatIPv6 never re-enters itself).
const groups6 = new Uint16Array(8);

/** RFC 5952 text of the 16 bytes at `offset`. */
export function formatIPv6(bytes: Uint8Array, offset = 0): string {
  checkBytes(bytes, 'formatIPv6', 'bytes');
  const groups = groups6;
  for (let i = 0; i < 8; i++) groups[i] = ((bytes[offset + 2 * i] ?? 0) << 8) | (bytes[offset + 2 * i + 1] ?? 0);
  // RFC 5952 4.2.2: a single zero group is not compressed; 4.2.3: first longest run.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  // RFC 5952 5: IPv4-mapped addresses keep the dotted quad in the low 32 bits.
  if (bestStart === 0 && bestLen === 5 && groups[5] === 0xffff) {
    return `::ffff:${formatIPv4(bytes, offset + 12)}`;
  }
  let s = '';
  if (bestStart < 0) {
    for (let i = 0; i < 8; i++) s += i === 0 ? (groups[i] as number).toString(16) : `:${(groups[i] as number).toString(16)}`;
    return s;
  }
  for (let i = 0; i < bestStart; i++) s += i === 0 ? (groups[i] as number).toString(16) : `:${(groups[i] as number).toString(16)}`;
  s += '::';
  const from = bestStart + bestLen;
  for (let i = from; i < 8; i++) s += i === from ? (groups[i] as number).toString(16) : `:${(groups[i] as number).toString(16)}`;
  return s;
}

/**
 * A direct-mapped cache of recent IPv6 texts, keyed by the 16 address bytes (as four words)
 * and a tag: a prefix length, whose text then ends in `/length`, or -1 for an address.
 * Performance: a session names few next hops, and a feed repeats its IPv6 prefixes.
 */
export class Ipv6TextCache {
  private readonly words: Uint32Array;
  private readonly tags: Int16Array;
  private readonly texts: string[];
  private readonly shift: number;

  /** A cache of `2 ** bits` entries (`bits` from 1 to 16). */
  constructor(bits: number) {
    this.words = new Uint32Array(4 << bits);
    this.tags = new Int16Array(1 << bits).fill(-2);
    this.texts = new Array<string>(1 << bits).fill('');
    this.shift = 32 - bits;
  }

  /** RFC 5952 text of the 16 bytes at `at` (all present), with `/tag` when `tag >= 0`. */
  text(b: Uint8Array, at: number, tag: number): string {
    const w0 = u32(b, at);
    const w1 = u32(b, at + 4);
    const w2 = u32(b, at + 8);
    const w3 = u32(b, at + 12);
    const slot = Math.imul(w0 ^ Math.imul(w1, 31) ^ Math.imul(w2, 961) ^ w3 ^ (tag << 24), 0x9e3779b1) >>> this.shift;
    const k = slot << 2;
    const words = this.words;
    if (this.tags[slot] === tag && words[k] === w0 && words[k + 1] === w1 && words[k + 2] === w2 && words[k + 3] === w3) return this.texts[slot] as string;
    const text = tag < 0 ? formatIPv6(b, at) : `${formatIPv6(b, at)}/${tag}`;
    this.tags[slot] = tag;
    words[k] = w0;
    words[k + 1] = w1;
    words[k + 2] = w2;
    words[k + 3] = w3;
    this.texts[slot] = text;
    return text;
  }
}

/** Parses dotted-quad IPv4 into 4 bytes, or `undefined` when the text is not one. */
export function parseIPv4(text: string, out: Uint8Array = new Uint8Array(4), offset = 0): Uint8Array | undefined {
  checkString(text, 'parseIPv4', 'text');
  // A hand-rolled scan: this runs per route in the decision process and the RIBs.
  if (typeof text !== 'string') return undefined;
  const n = text.length;
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255 || part > 3) return undefined;
      out[offset + part] = value;
      part++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (++digits > 3) return undefined;
      value = value * 10 + (c - 48);
    } else {
      return undefined;
    }
  }
  return part === 4 ? out : undefined;
}

/** Parses IPv6 text (any valid form, with an optional trailing dotted quad) into 16 bytes. */
export function parseIPv6(text: string, out: Uint8Array = new Uint8Array(16), offset = 0): Uint8Array | undefined {
  checkString(text, 'parseIPv6', 'text');
  let s = text;
  const tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
    s = `${s.slice(0, lastColon + 1)}0:0`;
    s = s.slice(0, s.length - 3);
    if (s.endsWith(':') && !s.endsWith('::')) s = s.slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0] as string);
  const rest = halves.length === 2 ? parseGroups(halves[1] as string) : [];
  if (head === undefined || rest === undefined) return undefined;
  const total = head.length + rest.length + tail.length;
  let groups: number[];
  if (halves.length === 2) {
    if (total > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - total).fill(0), ...rest, ...tail];
  } else {
    if (total !== 8) return undefined;
    groups = [...head, ...tail];
  }
  for (let i = 0; i < 8; i++) {
    const g = groups[i] as number;
    out[offset + 2 * i] = g >> 8;
    out[offset + 2 * i + 1] = g & 255;
  }
  return out;
}

/** Parses an IPv4 or IPv6 address to bytes (4 or 16), or `undefined`. */
export function parseAddress(text: string): Uint8Array | undefined {
  return text.includes(':') ? parseIPv6(text) : parseIPv4(text);
}

/** Text of a 4- or 16-byte address; other lengths as lowercase hex (never throws). */
export function formatAddress(bytes: Uint8Array): string {
  if (bytes.length === 4) return formatIPv4(bytes, 0);
  if (bytes.length === 16) return formatIPv6(bytes, 0);
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/**
 * Text of the prefix whose `length` bits start at `offset` (ceil(length/8) bytes present),
 * for an address of `size` bytes (4 or 16). Bits beyond the length are masked: RFC 4271
 * section 4.3 says trailing bits "are irrelevant".
 */
export function formatPrefix(bytes: Uint8Array, offset: number, length: number, size: 4 | 16): string {
  const addr = prefixBytes(bytes, offset, length, size, true);
  return `${size === 4 ? formatIPv4(addr, 0) : formatIPv6(addr, 0)}/${length}`;
}

/** Text of the prefix without masking trailing bits (what was received). */
export function formatPrefixUnmasked(bytes: Uint8Array, offset: number, length: number, size: 4 | 16): string {
  const addr = prefixBytes(bytes, offset, length, size, false);
  return `${size === 4 ? formatIPv4(addr, 0) : formatIPv6(addr, 0)}/${length}`;
}

/** Whether the prefix bytes at `offset` have non-zero bits beyond `length`. */
export function hasTrailingBits(bytes: Uint8Array, offset: number, length: number): boolean {
  const rem = length & 7;
  if (rem === 0) return false;
  const last = bytes[offset + (length >> 3)] ?? 0;
  return (last & (0xff >> rem)) !== 0;
}

function prefixBytes(bytes: Uint8Array, offset: number, length: number, size: number, mask: boolean): Uint8Array {
  const addr = new Uint8Array(size);
  const n = (length + 7) >> 3;
  for (let i = 0; i < n && i < size; i++) addr[i] = bytes[offset + i] ?? 0;
  const rem = length & 7;
  if (mask && rem !== 0 && n <= size) addr[n - 1] = (addr[n - 1] as number) & ((0xff << (8 - rem)) & 0xff);
  return addr;
}

/** A parsed prefix: address bytes (4 or 16, as written, not masked) and length. */
export interface ParsedPrefix {
  readonly bytes: Uint8Array;
  readonly length: number;
  readonly size: 4 | 16;
}

/** Parses `192.0.2.0/24` or `2001:db8::/32`; `undefined` when it is not a prefix. */
export function parsePrefix(text: string): ParsedPrefix | undefined {
  checkString(text, 'parsePrefix', 'text');
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addrText = text.slice(0, slash);
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) return undefined;
  const length = Number(lenText);
  if (addrText.includes(':')) {
    const bytes = parseIPv6(addrText);
    if (bytes === undefined || length > 128) return undefined;
    return { bytes, length, size: 16 };
  }
  const bytes = parseIPv4(addrText);
  if (bytes === undefined || length > 32) return undefined;
  return { bytes, length, size: 4 };
}

/** Canonical (masked) text of a prefix text; `undefined` when it does not parse. */
export function canonicalPrefix(text: string): string | undefined {
  checkString(text, 'canonicalPrefix', 'text');
  const p = parsePrefix(text);
  if (p === undefined) return undefined;
  return formatPrefix(p.bytes, 0, p.length, p.size);
}
