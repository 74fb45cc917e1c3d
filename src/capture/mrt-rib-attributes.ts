import type { SessionContext } from '../context/session-context.ts';
import { type DecodedAttributes, decodeAttributes } from '../attributes/decode.ts';
import { RIB_CONTEXT } from './mrt-context.ts';
import { checkBytes, checkContext } from '../wire/args.ts';

/** How a RIB entry writes MP_REACH_NLRI (RFC 6396 4.3.4): see {@link ribMpReachForm}. */
export type RibMpReachForm = 'abbreviated' | 'full';

/** Where the MP_REACH_NLRI attribute of an attribute field is: value start and length. */
function findMpReach(b: Uint8Array): { at: number; hdr: number; len: number } | undefined {
  let p = 0;
  while (p + 3 <= b.length) {
    const flags = b[p] as number;
    const hdr = flags & 0x10 ? 4 : 3;
    if (p + hdr > b.length) return undefined;
    const len = hdr === 4 ? ((b[p + 2] as number) << 8) | (b[p + 3] as number) : (b[p + 2] as number);
    if (p + hdr + len > b.length) return undefined;
    if (b[p + 1] === 14) return { at: p, hdr, len };
    p += hdr + len;
  }
  return undefined;
}

/**
 * Which form a RIB entry's MP_REACH_NLRI takes, or `undefined` when it has none. RFC 6396
 * 4.3.4 says only the Next Hop Length and Next Hop are kept ("abbreviated", as OpenBGPD and
 * BIRD write); Quagga, RouteViews and RIS 2018 write the full RFC 4760 attribute with AFI,
 * SAFI and even NLRI. The forms are told apart by the first octet: a next hop length equal
 * to the rest of the value is the abbreviated form (a full form starts with the AFI's high
 * octet, 0, and is at least 5 octets long).
 */
export function ribMpReachForm(attributes: Uint8Array): RibMpReachForm | undefined {
  checkBytes(attributes, 'ribMpReachForm', 'attributes');
  const mp = findMpReach(attributes);
  if (mp === undefined) return undefined;
  const first = attributes[mp.at + mp.hdr] ?? 0;
  return mp.len >= 1 && first !== 0 && first === mp.len - 1 ? 'abbreviated' : 'full';
}

/**
 * Decodes the path attributes of an MRT RIB entry into the PathAttribute model (RFC 6396
 * 4.3.4): an abbreviated MP_REACH_NLRI is first rewritten to the full RFC 4760 form with
 * the record's `afi`/`safi`, the next hop and no NLRI (the prefix is the record's), so both
 * forms decode alike. `ctx` defaults to the RIB rule (4-octet AS); pass the record's
 * `context` for TABLE_DUMP (2-octet).
 * @throws BgpError where RFC 7606 leaves no other choice (see `decodeAttributes`).
 * @example decodeRibAttributes(rec.entries[0].attributes, rec.afi, rec.safi)
 */
export function decodeRibAttributes(attributes: Uint8Array, afi: number, safi: number, ctx: SessionContext = RIB_CONTEXT): DecodedAttributes {
  checkBytes(attributes, 'decodeRibAttributes', 'attributes');
  checkContext(ctx, 'decodeRibAttributes', 'ctx');
  return decodeAttributes(expandRibMpReach(attributes, afi, safi), ctx);
}

/**
 * The attribute field with an abbreviated MP_REACH_NLRI rewritten to the full form (a
 * copy); the input itself when there is nothing to rewrite.
 */
export function expandRibMpReach(attributes: Uint8Array, afi: number, safi: number): Uint8Array {
  checkBytes(attributes, 'expandRibMpReach', 'attributes');
  if (ribMpReachForm(attributes) !== 'abbreviated') return attributes;
  const mp = findMpReach(attributes) as { at: number; hdr: number; len: number };
  // Full value: AFI (2), SAFI (1), Next Hop Length (1), Next Hop, Reserved (1), no NLRI.
  const valueLen = 3 + mp.len + 1;
  const hdr = valueLen > 255 ? 4 : 3;
  const out = new Uint8Array(attributes.length - mp.hdr - mp.len + hdr + valueLen);
  out.set(attributes.subarray(0, mp.at), 0);
  let o = mp.at;
  out[o++] = ((attributes[mp.at] as number) & ~0x10) | (hdr === 4 ? 0x10 : 0);
  out[o++] = 14;
  if (hdr === 4) out[o++] = valueLen >> 8;
  out[o++] = valueLen & 0xff;
  out[o++] = afi >> 8;
  out[o++] = afi & 0xff;
  out[o++] = safi;
  out.set(attributes.subarray(mp.at + mp.hdr, mp.at + mp.hdr + mp.len), o);
  o += mp.len;
  out[o++] = 0;
  out.set(attributes.subarray(mp.at + mp.hdr + mp.len), o);
  return out;
}
