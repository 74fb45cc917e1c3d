import { formatPrefix, formatPrefixUnmasked, hasTrailingBits, parsePrefix } from '../wire/ip.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';

// The address part of a labeled or VPN NLRI (RFC 8277 section 2.2, RFC 4364 section 4.3.4):
// what is left of the Length after the labels (and the RD), as ceil(bits / 8) octets.

/** A prefix as read: canonical text, and the text as received where bits beyond the length were set. */
export interface PrefixText {
  readonly prefix: string;
  readonly unmasked?: string;
}

/**
 * Reads a prefix of `bits` bits for an address of `size` octets.
 * @throws BgpError (the reader's) when `bits` exceeds the address or the octets overrun the field.
 */
export function readPrefixBits(r: Reader, bits: number, size: 4 | 16): PrefixText {
  if (bits > size * 8) r.fail(`prefix length ${bits} exceeds ${size * 8}`);
  const n = (bits + 7) >> 3;
  const at = r.pos;
  r.skip(n, 'prefix');
  const b = r.bytes;
  const prefix = formatPrefix(b, at, bits, size);
  return hasTrailingBits(b, at, bits) ? { prefix, unmasked: formatPrefixUnmasked(b, at, bits, size) } : { prefix };
}

/** The address octets and length of a prefix value (its text as received where given). @throws TypeError when it does not parse or is of the other family. */
export function prefixOf(p: PrefixText, size: 4 | 16, what: string): { bytes: Uint8Array; length: number } {
  const text = p.unmasked ?? p.prefix;
  const parsed = typeof text === 'string' ? parsePrefix(text) : undefined;
  if (parsed === undefined) throw new TypeError(`${what}: cannot parse prefix ${JSON.stringify(text)}`);
  if (parsed.size !== size) throw new TypeError(`${what}: ${text} is not an IPv${size === 4 ? 4 : 6} prefix`);
  return { bytes: parsed.bytes, length: parsed.length };
}

/** Writes the ceil(length / 8) address octets of a parsed prefix (masked unless it came as received). */
export function writePrefixBits(w: Writer, parsed: { bytes: Uint8Array; length: number }, masked: boolean): void {
  const n = (parsed.length + 7) >> 3;
  const rem = parsed.length & 7;
  for (let i = 0; i < n; i++) {
    let v = parsed.bytes[i] as number;
    if (masked && rem !== 0 && i === n - 1) v &= (0xff << (8 - rem)) & 0xff;
    w.u8(v);
  }
}
