import type { Prefix } from '../attributes/types.ts';
import { formatIPv6, parsePrefix } from '../wire/ip.ts';
import type { Reader } from '../wire/reader.ts';
import { checkUint } from '../wire/errors.ts';
import type { Writer } from '../wire/writer.ts';

// RFC 4271 section 4.3 (and RFC 4760 section 5 for MP-BGP): each prefix is
//      +---------------------------+
//      |   Length (1 octet)        |
//      +---------------------------+
//      |   Prefix (variable)       |
//      +---------------------------+
// preceded, where ADD-PATH is on (RFC 7911 section 3), by a 4-octet Path Identifier.

const scratch = new Uint8Array(16);

/**
 * Reads every prefix of the window of `r` (an NLRI or Withdrawn Routes field) for an address
 * of `size` bytes (4 or 16), with path ids when `addPath`. A length above the family's maximum
 * or a prefix that overruns the field throws the reader's BgpError (RFC 7606 section 5.3).
 */
export function readPrefixes(r: Reader, size: 4 | 16, addPath: boolean): Prefix[] {
  const out: Prefix[] = [];
  const max = size * 8;
  const b = r.bytes;
  while (r.pos < r.end) {
    const pathId = addPath ? r.u32('path identifier') : 0;
    const length = r.u8('prefix length');
    if (length > max) r.fail(`prefix length ${length} exceeds ${max}`);
    const n = (length + 7) >> 3;
    if (r.pos + n > r.end) r.fail(`prefix of length ${length} overruns the field by ${r.pos + n - r.end} bytes`);
    const p = r.pos;
    r.pos = p + n;
    let text: string;
    let unmasked: string | undefined;
    const rem = length & 7;
    const trailing = rem !== 0 && ((b[p + n - 1] as number) & (0xff >> rem)) !== 0;
    if (size === 4) {
      const o0 = n > 0 ? (b[p] as number) : 0;
      const o1 = n > 1 ? (b[p + 1] as number) : 0;
      const o2 = n > 2 ? (b[p + 2] as number) : 0;
      const o3 = n > 3 ? (b[p + 3] as number) : 0;
      if (trailing) {
        unmasked = `${o0}.${o1}.${o2}.${o3}/${length}`;
        const m = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
        const v = (((o0 << 24) | (o1 << 16) | (o2 << 8) | o3) & m) >>> 0;
        text = `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}/${length}`;
      } else {
        text = `${o0}.${o1}.${o2}.${o3}/${length}`;
      }
    } else {
      scratch.fill(0);
      for (let i = 0; i < n; i++) scratch[i] = b[p + i] as number;
      if (trailing) {
        unmasked = `${formatIPv6(scratch, 0)}/${length}`;
        scratch[n - 1] = (scratch[n - 1] as number) & ((0xff << (8 - rem)) & 0xff);
      }
      text = `${formatIPv6(scratch, 0)}/${length}`;
    }
    if (addPath) {
      out.push(unmasked === undefined ? { prefix: text, pathId } : { prefix: text, pathId, unmasked });
    } else {
      out.push(unmasked === undefined ? { prefix: text } : { prefix: text, unmasked });
    }
  }
  return out;
}

function parseFor(p: Prefix, size: 4 | 16): { bytes: Uint8Array; length: number } {
  const text = p.unmasked ?? p.prefix;
  const parsed = parsePrefix(text);
  if (parsed === undefined) throw new TypeError(`prefix: cannot parse ${JSON.stringify(text)}`);
  if (parsed.size !== size) throw new TypeError(`prefix: ${text} is not an IPv${size === 4 ? 4 : 6} prefix`);
  return parsed;
}

/** Encoded size of `prefixes` (RFC 4271 section 4.3, RFC 7911 section 3). */
export function prefixesLength(prefixes: readonly Prefix[], size: 4 | 16, addPath: boolean): number {
  let n = 0;
  for (const p of prefixes) {
    const { length } = parseFor(p, size);
    n += 1 + ((length + 7) >> 3) + (addPath ? 4 : 0);
  }
  return n;
}

/**
 * Writes `prefixes`. Path ids are written where `addPath` (a missing one is a TypeError,
 * a present one without ADD-PATH too: never dropped silently).
 */
export function writePrefixes(prefixes: readonly Prefix[], w: Writer, size: 4 | 16, addPath: boolean): void {
  for (const p of prefixes) {
    const { bytes, length } = parseFor(p, size);
    if (addPath) {
      if (p.pathId === undefined) throw new TypeError(`prefix ${p.prefix}: ADD-PATH is on for this family but pathId is missing`);
      w.u32(checkUint('pathId', p.pathId, 0xffffffff));
    } else if (p.pathId !== undefined) {
      throw new TypeError(`prefix ${p.prefix}: pathId given but ADD-PATH is off for this family`);
    }
    w.u8(length);
    const n = (length + 7) >> 3;
    if (p.unmasked === undefined && (length & 7) !== 0) {
      // Canonical: bits beyond the length are zero.
      for (let i = 0; i < n - 1; i++) w.u8(bytes[i] as number);
      w.u8((bytes[n - 1] as number) & ((0xff << (8 - (length & 7))) & 0xff));
    } else {
      for (let i = 0; i < n; i++) w.u8(bytes[i] as number);
    }
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
