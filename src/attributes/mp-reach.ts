import type { SessionContext } from '../context/session-context.ts';
import { hasAddPath } from '../context/session-context.ts';
import { hasFamily } from '../context/family.ts';
import { addressSize, isTypedFamily, prefixesLength, readPrefixes, writePrefixes } from '../nlri/prefix.ts';
import { type NlriCodec, nlriListLength, readNlriList, writeNlriList } from '../nlri/codec.ts';
import { isExpectedNextHopFor, nextHopLengthFor, readNextHopFor, writeNextHopFor } from '../nlri/next-hop.ts';
import { nlriCodec, nlriContext } from '../nlri/registry.ts';
import type { Nlri, Prefix } from '../nlri/types.ts';
import { Ipv6TextCache } from '../wire/ip.ts';
import { checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import { type AttributeCodec, defineAttribute } from './codec.ts';
import { ipv4Text } from './simple.ts';
import type { MpReachAttribute, MpUnreachAttribute } from './types.ts';

// RFC 4760 section 3:
//      +---------------------------------------------------------+
//      | Address Family Identifier (2 octets)                    |
//      +---------------------------------------------------------+
//      | Subsequent Address Family Identifier (1 octet)          |
//      +---------------------------------------------------------+
//      | Length of Next Hop Network Address (1 octet)            |
//      +---------------------------------------------------------+
//      | Network Address of Next Hop (variable)                  |
//      +---------------------------------------------------------+
//      | Reserved (1 octet)                                      |
//      +---------------------------------------------------------+
//      | Network Layer Reachability Information (variable)       |
//      +---------------------------------------------------------+

/**
 * Next hop lengths "expected" for a typed family (RFC 7606 section 7.11): IPv4 4; IPv6 16 or
 * 32 with the link-local address (RFC 2545 section 3); IPv4 NLRI with an IPv6 next hop of 16
 * or 32 where the context has RFC 8950 extended next hop for the family.
 */
function isExpectedNextHop(len: number, afi: number, safi: number, ctx: SessionContext): boolean {
  // Performance: a test per case, no array of sizes per attribute.
  if (afi === 2) return len === 16 || len === 32;
  if (len === 4) return true;
  return (len === 16 || len === 32) && ctx.extendedNextHop.length !== 0 && hasFamily(ctx.extendedNextHop, afi, safi);
}

// Performance: a session names few next hops; the last 256 IPv6 texts are kept by address.
const nextHops6 = new Ipv6TextCache(8);

function readNextHop(r: Reader, len: number): string[] {
  const b = r.bytes;
  const at = r.pos;
  if (len === 4) {
    r.pos = at + 4;
    return [ipv4Text(b, at)];
  }
  r.pos = at + len;
  // Performance: the global address alone, or with the link-local one (RFC 2545 section 3).
  if (len === 16) return [nextHops6.text(b, at, -1)];
  if (len === 32) return [nextHops6.text(b, at, -1), nextHops6.text(b, at + 16, -1)];
  const out: string[] = [];
  for (let i = 0; i < len; i += 16) out.push(nextHops6.text(b, at + i, -1));
  return out;
}

function nextHopLength(v: MpReachAttribute): number {
  if (v.nextHop !== undefined) return nextHopLengthFor(isTypedFamily(v.afi, v.safi) ? undefined : nlriCodec(v.afi, v.safi), v.nextHop);
  return v.nextHopBytes?.length ?? 0;
}

/** The codec for typed `nlri`/`withdrawn` of a family other than IPv4/IPv6 unicast and multicast. @throws TypeError when there is none. */
function codecFor(afi: number, safi: number, what: string): NlriCodec {
  const codec = nlriCodec(afi, safi);
  if (codec === undefined) throw new TypeError(`${what}: typed NLRI given for AFI ${afi} SAFI ${safi}, which has no NLRI codec; use ${what === 'MP_REACH_NLRI' ? 'nlriBytes' : 'withdrawnBytes'}`);
  return codec;
}

/** Encoded size of typed NLRI of a family (RFC 4760 section 5; the family's codec). */
function typedLength(afi: number, safi: number, list: readonly Nlri[], ctx: SessionContext, withdrawal: boolean, what: string): number {
  if (isTypedFamily(afi, safi)) return prefixesLength(list as readonly Prefix[], size(afi), hasAddPath(ctx, afi, safi));
  return nlriListLength(codecFor(afi, safi, what), list, nlriContext(ctx, afi, safi, withdrawal));
}

function writeTyped(afi: number, safi: number, list: readonly Nlri[], w: Writer, ctx: SessionContext, withdrawal: boolean, what: string): void {
  if (isTypedFamily(afi, safi)) writePrefixes(list as readonly Prefix[], w, size(afi), hasAddPath(ctx, afi, safi));
  else writeNlriList(codecFor(afi, safi, what), list, w, nlriContext(ctx, afi, safi, withdrawal));
}

function size(afi: number): 4 | 16 {
  return addressSize(afi) ?? 4;
}

/**
 * MP_REACH_NLRI (RFC 4760 section 3): optional non-transitive. NLRI of a family with a codec
 * (src/nlri/registry.ts) are typed, others kept as bytes. Errors: afisafi-disable or session
 * reset (RFC 7606 sections 5.3, 7.11), which covers NLRI that cannot be parsed.
 */
export const mpReach: AttributeCodec<MpReachAttribute> = defineAttribute<MpReachAttribute>({
  code: 14,
  name: 'MP_REACH_NLRI',
  flags: 0x80,
  onError: 'afisafi-disable',
  byteLength(v, ctx) {
    const nlri = v.nlri !== undefined ? typedLength(v.afi, v.safi, v.nlri, ctx, false, 'MP_REACH_NLRI') : (v.nlriBytes?.length ?? 0);
    return 5 + nextHopLength(v) + nlri;
  },
  write(v, w, ctx) {
    w.u16(checkUint('MP_REACH_NLRI AFI', v.afi, 0xffff));
    w.u8(checkUint('MP_REACH_NLRI SAFI', v.safi, 255));
    const nhLen = nextHopLength(v);
    w.u8(checkUint('MP_REACH_NLRI next hop length', nhLen, 255));
    if (v.nextHop !== undefined) {
      writeNextHopFor(isTypedFamily(v.afi, v.safi) ? undefined : nlriCodec(v.afi, v.safi), v.nextHop, w, 'MP_REACH_NLRI');
    } else if (v.nextHopBytes !== undefined) {
      w.raw(v.nextHopBytes);
    }
    w.u8(checkUint('MP_REACH_NLRI reserved', v.reserved ?? 0, 255));
    if (v.nlri !== undefined) {
      writeTyped(v.afi, v.safi, v.nlri, w, ctx, false, 'MP_REACH_NLRI');
    } else if (v.nlriBytes !== undefined) {
      w.raw(v.nlriBytes);
    }
  },
  read(r, ctx) {
    // RFC 7606 section 5.3: "the length of the MP_REACH_NLRI attribute is less than 5".
    if (r.remaining < 5) r.fail(`length ${r.remaining} is less than 5`);
    const afi = r.u16();
    const safi = r.u8();
    const nhLen = r.u8();
    if (nhLen + 1 > r.remaining) r.fail(`next hop length ${nhLen} overruns the attribute`);
    // Performance: each form is one object literal (no property added afterwards), keys in
    // wire order: next hop, the reserved octet where not zero, NLRI.
    if (isTypedFamily(afi, safi)) {
      if (!isExpectedNextHop(nhLen, afi, safi, ctx)) r.fail(`next hop length ${nhLen} is not expected for AFI ${afi} SAFI ${safi}`);
      const nextHop = readNextHop(r, nhLen);
      const reserved = r.u8();
      const nlri = readPrefixes(r, size(afi), hasAddPath(ctx, afi, safi));
      return reserved === 0 ? { type: 'MP_REACH_NLRI', afi, safi, nextHop, nlri } : { type: 'MP_REACH_NLRI', afi, safi, nextHop, reserved, nlri };
    }
    // Labeled, VPN, RTC: out of line, so that this read stays small enough to inline.
    const codec = nlriCodec(afi, safi);
    if (codec !== undefined) return readCodecReach(r, ctx, codec, afi, safi, nhLen);
    const nextHopBytes = r.copy(nhLen);
    const reserved = r.u8();
    const nlriBytes = r.rest();
    return reserved === 0 ? { type: 'MP_REACH_NLRI', afi, safi, nextHopBytes, nlriBytes } : { type: 'MP_REACH_NLRI', afi, safi, nextHopBytes, reserved, nlriBytes };
  },
});

/** MP_REACH_NLRI of a family with an NLRI codec other than IPv4/IPv6 unicast and multicast, after the next hop length. */
function readCodecReach(r: Reader, ctx: SessionContext, codec: NlriCodec, afi: number, safi: number, nhLen: number): MpReachAttribute {
  if (!isExpectedNextHopFor(codec, nhLen, ctx)) r.fail(`next hop length ${nhLen} is not expected for AFI ${afi} SAFI ${safi}`);
  const nextHop = readNextHopFor(codec, r.bytes, r.pos, nhLen);
  // A VPN next hop whose RD is not zero stays bytes (the NLRI are typed all the same).
  const nextHopBytes = nextHop === undefined ? r.copy(nhLen) : (r.skip(nhLen), undefined);
  const reserved = r.u8();
  const nlri = readNlriList(codec, r, nlriContext(ctx, afi, safi, false));
  const nh = nextHop === undefined ? { nextHopBytes: nextHopBytes as Uint8Array } : { nextHop };
  return reserved === 0 ? { type: 'MP_REACH_NLRI', afi, safi, ...nh, nlri } : { type: 'MP_REACH_NLRI', afi, safi, ...nh, reserved, nlri };
}

/** MP_UNREACH_NLRI (RFC 4760 section 4): optional non-transitive; AFI, SAFI, withdrawn routes (typed where the family has an NLRI codec). */
export const mpUnreach: AttributeCodec<MpUnreachAttribute> = defineAttribute<MpUnreachAttribute>({
  code: 15,
  name: 'MP_UNREACH_NLRI',
  flags: 0x80,
  onError: 'afisafi-disable',
  byteLength(v, ctx) {
    const body = v.withdrawn !== undefined ? typedLength(v.afi, v.safi, v.withdrawn, ctx, true, 'MP_UNREACH_NLRI') : (v.withdrawnBytes?.length ?? 0);
    return 3 + body;
  },
  write(v, w, ctx) {
    w.u16(checkUint('MP_UNREACH_NLRI AFI', v.afi, 0xffff));
    w.u8(checkUint('MP_UNREACH_NLRI SAFI', v.safi, 255));
    if (v.withdrawn !== undefined) {
      writeTyped(v.afi, v.safi, v.withdrawn, w, ctx, true, 'MP_UNREACH_NLRI');
    } else if (v.withdrawnBytes !== undefined) {
      w.raw(v.withdrawnBytes);
    }
  },
  read(r, ctx) {
    // RFC 7606 section 5.3: "the length of the MP_UNREACH_NLRI attribute is less than 3".
    if (r.remaining < 3) r.fail(`length ${r.remaining} is less than 3`);
    const afi = r.u16();
    const safi = r.u8();
    if (isTypedFamily(afi, safi)) {
      return { type: 'MP_UNREACH_NLRI', afi, safi, withdrawn: readPrefixes(r, size(afi), hasAddPath(ctx, afi, safi)) };
    }
    const codec = nlriCodec(afi, safi);
    if (codec !== undefined) return { type: 'MP_UNREACH_NLRI', afi, safi, withdrawn: readNlriList(codec, r, nlriContext(ctx, afi, safi, true)) };
    return { type: 'MP_UNREACH_NLRI', afi, safi, withdrawnBytes: r.rest() };
  },
});
