import { attributeCodecs } from './registry.ts';
import { isHostFirstOctet } from './simple.ts';
import type { SessionContext } from '../context/session-context.ts';
import { hasAddPath } from '../context/session-context.ts';
import { hasFamily } from '../context/family.ts';
import { isWellFormedPath } from '../view/as-path-view.ts';
import { countPrefixes } from '../view/prefix-cursor.ts';
import { isExpectedNextHopFor } from '../nlri/next-hop.ts';
import { labelCount, nlriCodec, nlriContext } from '../nlri/registry.ts';
import { readNlriList } from '../nlri/codec.ts';
import { labelsOverCount } from '../nlri/labels.ts';
import { Reader } from '../wire/reader.ts';
import { walkNlri } from '../nlri/walk.ts';

/**
 * Optional/Transitive bits each registered attribute codec declares, by type code; -1 where no
 * codec exists (the decoder keeps those raw). Built from the decoder's own registry so the two
 * can never disagree about which attributes are typed.
 */
export const CODEC_FLAGS: Int16Array = (() => {
  const out = new Int16Array(256).fill(-1);
  for (const [code, c] of attributeCodecs) out[code] = c.flags;
  return out;
})();

/**
 * Whether the decoder would accept the value of attribute `code` in `bytes[start, end)` as it
 * stands, with no RFC 7606 issue (its flags already checked against the codec). Allocates
 * nothing. This is a conservative fast path for the lazy view: false sends the view to the
 * decoder's own readAttributes, which then names the issues; it must never be true where the
 * codec's `read` would throw. Change it with the codec: test/attributes/check.test.ts feeds
 * both random and edge values and fails on any disagreement. Attributes without a fast check here (AIGP, IPv6 extended
 * communities) always go to the decoder.
 */
export function isCleanValue(code: number, bytes: Uint8Array, start: number, end: number, ctx: SessionContext): boolean {
  const len = end - start;
  switch (code) {
    case 1: // ORIGIN, RFC 7606 section 7.1
      return len === 1 && (bytes[start] as number) <= 2;
    case 2: // AS_PATH, section 7.2
      return isWellFormedPath(bytes, start, end, ctx.as4 ? 4 : 2);
    case 3: // NEXT_HOP, section 7.3; RFC 4271 section 6.3 with RFC 1122 3.2.1.3: a host address.
      return len === 4 && isHostFirstOctet(bytes[start] as number);
    case 4: // MULTI_EXIT_DISC, section 7.4
    case 35: // OTC, RFC 9234 section 5
      return len === 4;
    case 5: // LOCAL_PREF, section 7.5 (from an external peer: an issue, even when well formed)
    case 9: // ORIGINATOR_ID, section 7.9
      return len === 4 && ctx.peerType !== 'external';
    case 10: // CLUSTER_LIST, section 7.10
      return len !== 0 && (len & 3) === 0 && ctx.peerType !== 'external';
    case 6: // ATOMIC_AGGREGATE, section 7.6
      return len === 0;
    case 7: // AGGREGATOR, section 7.7 (RFC 6793 width)
      return len === (ctx.as4 ? 8 : 6);
    case 18: // AS4_AGGREGATOR
      return len === 8;
    case 8: // COMMUNITIES, section 7.8
      return len !== 0 && (len & 3) === 0;
    case 16: // EXTENDED_COMMUNITIES, section 7.14
      return len !== 0 && (len & 7) === 0;
    case 32: // LARGE_COMMUNITY, RFC 8092 section 6
      return len !== 0 && len % 12 === 0;
    case 17: // AS4_PATH, RFC 6793 section 6 (RFC 7606 section 4: never empty)
      return len !== 0 && isWellFormedPath(bytes, start, end, 4);
    case 14:
    case 15:
      return isCleanMp(code, bytes, start, end, ctx);
    default:
      return false;
  }
}

/** Whether NLRI of the family decode to IP prefixes by the fast path of prefix.ts (IPv4/IPv6 unicast and multicast). */
export function isTypedFamily(afi: number, safi: number): boolean {
  return (afi === 1 || afi === 2) && (safi === 1 || safi === 2);
}

/** What {@link checkedMpPrefixStart} answers for a clean MP_* value of a family the decoder keeps raw. */
export const UNTYPED_FAMILY = -2;

/**
 * What {@link checkedMpPrefixStart} answers when the value's family has an NLRI codec other than
 * IPv4/IPv6 unicast and multicast (labeled, VPN, RT-Constraint): {@link codecNlriStart} then
 * says where its NLRI begin, and the codec checks them.
 */
export const CODEC_FAMILY = -3;

/**
 * Where the prefixes of the MP_REACH_NLRI (14) or MP_UNREACH_NLRI (15) value in
 * `b[start, end)` begin, when everything before them is what the decoder accepts (RFC 4760
 * sections 3 and 4, RFC 7606 sections 5.3 and 7.11); -1 when not, {@link UNTYPED_FAMILY} for a
 * family other than IPv4/IPv6 unicast and multicast (kept raw, so clean). The prefixes
 * themselves are left to the caller (countPrefixes or recordPrefixes).
 */
export function checkedMpPrefixStart(code: 14 | 15, b: Uint8Array, start: number, end: number, ctx: SessionContext): number {
  if (code === 15) {
    if (end - start < 3) return -1;
    const afi = ((b[start] as number) << 8) | (b[start + 1] as number);
    const safi = b[start + 2] as number;
    if (isTypedFamily(afi, safi)) return start + 3;
    return nlriCodec(afi, safi) === undefined ? UNTYPED_FAMILY : CODEC_FAMILY;
  }
  if (end - start < 5) return -1;
  const afi = ((b[start] as number) << 8) | (b[start + 1] as number);
  const safi = b[start + 2] as number;
  const nh = b[start + 3] as number;
  if (nh + 1 > end - start - 4) return -1;
  if (!isTypedFamily(afi, safi)) {
    const codec = nlriCodec(afi, safi);
    if (codec === undefined) return UNTYPED_FAMILY;
    return isExpectedNextHopFor(codec, nh, ctx) ? CODEC_FAMILY : -1;
  }
  if (afi === 2) {
    if (nh !== 16 && nh !== 32) return -1;
  } else if (nh !== 4) {
    if (!((nh === 16 || nh === 32) && ctx.extendedNextHop.length !== 0 && hasFamily(ctx.extendedNextHop, afi, safi))) return -1;
  }
  return start + 5 + nh;
}

/**
 * For a value {@link checkedMpPrefixStart} answered {@link CODEC_FAMILY} for: the number of its
 * NLRI as the family's codec reads them (offsets into `out` from `n` when given, as walkNlri),
 * or -1 when one cannot be parsed.
 */
export function checkCodecNlri(code: 14 | 15, b: Uint8Array, start: number, end: number, ctx: SessionContext, out?: Int32Array, n = 0): number {
  const afi = ((b[start] as number) << 8) | (b[start + 1] as number);
  const safi = b[start + 2] as number;
  const codec = nlriCodec(afi, safi);
  if (codec === undefined) return -1;
  const at = code === 15 ? start + 3 : start + 5 + (b[start + 3] as number);
  return walkNlri(codec, b, at, end, nlriContext(ctx, afi, safi, code === 15), out, n);
}

/**
 * Whether the MP_REACH_NLRI at `b[start, end)` (well formed, of a codec family) binds more labels
 * than the receiver's Multiple Labels Count: RFC 8277 section 2.1, a treat-as-withdraw the
 * decoder names (so the value is not clean).
 */
export function exceedsLabelCount(code: 14 | 15, b: Uint8Array, start: number, end: number, ctx: SessionContext): boolean {
  if (code !== 14 || ctx.multipleLabels === undefined) return false;
  const afi = ((b[start] as number) << 8) | (b[start + 1] as number);
  const safi = b[start + 2] as number;
  const codec = nlriCodec(afi, safi);
  const count = labelCount(ctx, afi, safi);
  if (codec === undefined || count < 2 || count >= 255) return false;
  const list = readNlriList(codec, new Reader(b, start + 5 + (b[start + 3] as number), end, 3, 9), nlriContext(ctx, afi, safi, false));
  return labelsOverCount(list as readonly { labels?: readonly number[] }[], count) > 0;
}

function isCleanMp(code: 14 | 15, b: Uint8Array, start: number, end: number, ctx: SessionContext): boolean {
  const at = checkedMpPrefixStart(code, b, start, end, ctx);
  if (at === UNTYPED_FAMILY) return true;
  if (at === CODEC_FAMILY) return checkCodecNlri(code, b, start, end, ctx) >= 0 && !exceedsLabelCount(code, b, start, end, ctx);
  if (at < 0) return false;
  const afi = ((b[start] as number) << 8) | (b[start + 1] as number);
  return countPrefixes(b, at, end, afi === 2 ? 128 : 32, hasAddPath(ctx, afi, b[start + 2] as number)) >= 0;
}
