import { u32 } from '../wire/bytes.ts';
import { formatIPv4Number, Ipv6TextCache } from '../wire/ip.ts';

// Performance: an update dump names a few hundred peer and local addresses over and over, so
// the reader keeps their text in small direct-mapped caches (keyed by the address bytes)
// instead of formatting every record's two addresses again. The text is a pure function of
// the bytes: a hit returns the same string a fresh formatIPv4/formatIPv6 would.

const V4_BITS = 10;
const v4Keys = new Uint32Array(1 << V4_BITS);
// Every slot starts as the address 0.0.0.0 with its own text, so an empty slot never lies.
const v4Texts: string[] = new Array<string>(1 << V4_BITS).fill('0.0.0.0');
const v6 = new Ipv6TextCache(8);

/** Dotted quad of the 4 bytes at `at` (all present; the caller has checked). */
export function ipv4TextAt(b: Uint8Array, at: number): string {
  const x = u32(b, at);
  const slot = Math.imul(x, 0x9e3779b1) >>> (32 - V4_BITS);
  if (v4Keys[slot] === x) return v4Texts[slot] as string;
  const text = formatIPv4Number(x);
  v4Keys[slot] = x;
  v4Texts[slot] = text;
  return text;
}

/** RFC 5952 text of the 16 bytes at `at` (all present; the caller has checked). */
export function ipv6TextAt(b: Uint8Array, at: number): string {
  return v6.text(b, at, -1);
}
