import type { SessionContext } from '../context/session-context.ts';
import { hasAddPath, maxMessageLength, requireContext } from '../context/session-context.ts';
import { isTypedFamily, prefixesLength } from '../nlri/prefix.ts';
import { nextHopLengthFor } from '../nlri/next-hop.ts';
import { nlriCodec, nlriContext } from '../nlri/registry.ts';
import type { Nlri, Prefix } from '../nlri/types.ts';
import { attributesLength } from './encode.ts';
import { checkAnnounce } from './pack-checks.ts';
import type { PathAttribute, UpdateMessage } from './types.ts';
import { checkContext, checkObject } from '../wire/args.ts';

/**
 * What {@link packUpdates} sends: routes of one family sharing one set of attributes, or
 * withdrawals. The family is any with an NLRI codec (src/nlri/registry.ts); its NLRI are of
 * that codec's type (labeled and VPN routes keep their label stacks as given).
 */
export interface RouteSet {
  readonly afi: number;
  readonly safi: number;
  /** Attributes shared by every announced prefix (without MP_REACH_NLRI; it is built here). */
  readonly attributes?: readonly PathAttribute[];
  /** Next hop(s) for MP_REACH_NLRI (non-IPv4-unicast families; VPN families without their RD of zero). */
  readonly nextHop?: readonly string[];
  readonly announce?: readonly Nlri[];
  readonly withdraw?: readonly Nlri[];
}

/**
 * Turns a route set into as many UPDATEs as the context's maximum message length needs
 * (RFC 4271 section 4.3, RFC 8654), each carrying only one of withdrawn routes, NLRI,
 * MP_REACH_NLRI or MP_UNREACH_NLRI (RFC 7606 section 5.1). Announced routes must have ORIGIN,
 * AS_PATH and (for IPv4 unicast NLRI) NEXT_HOP, or (other families) a next hop for MP_REACH_NLRI;
 * NEXT_HOP is left out of UPDATEs whose only NLRI are in MP_REACH_NLRI (RFC 4760 section 3).
 * @throws TypeError naming a missing mandatory attribute (see `checkAnnounce`).
 * @throws RangeError when the attributes alone do not fit in one message, or for a 4-octet AS in
 *   AS_PATH/AGGREGATOR on a 2-octet session (use `prepareFor2Octet`, RFC 6793 section 4.2.2).
 */
export function packUpdates(set: RouteSet, context: SessionContext): UpdateMessage[] {
  checkObject(set, 'packUpdates', 'set');
  checkContext(context, 'packUpdates', 'ctx');
  const ctx = requireContext(context, 'packUpdates');
  const max = maxMessageLength(ctx);
  const ap = hasAddPath(ctx, set.afi, set.safi);
  const size = set.afi === 2 ? 16 : 4;
  const codec = nlriCodec(set.afi, set.safi);
  if (codec === undefined) throw new TypeError(`packUpdates: AFI ${set.afi} SAFI ${set.safi} is not a typed family`);
  const typed = isTypedFamily(set.afi, set.safi);
  const legacy = set.afi === 1 && set.safi === 1;
  const out: UpdateMessage[] = [];
  // Header 19 + withdrawn length 2 + attribute length 2.
  const base = 23;
  const chunks = (prefixes: readonly Nlri[], room: number, withdrawal: boolean): Nlri[][] => {
    const nctx = nlriContext(ctx, set.afi, set.safi, withdrawal);
    const groups: Nlri[][] = [];
    let cur: Nlri[] = [];
    let used = 0;
    for (const p of prefixes) {
      // RFC 8277 section 2.4: a labeled withdrawal carries the 3-octet Compatibility field.
      const n = typed ? prefixesLength([p as Prefix], size, ap) : codec.byteLength(p, nctx);
      if (used + n > room && cur.length > 0) {
        groups.push(cur);
        cur = [];
        used = 0;
      }
      cur.push(p);
      used += n;
    }
    if (cur.length > 0) groups.push(cur);
    return groups;
  };
  if (set.withdraw !== undefined && set.withdraw.length > 0) {
    if (legacy) {
      for (const g of chunks(set.withdraw, max - base, true)) out.push({ type: 'UPDATE', withdrawn: g as Prefix[], attributes: [], nlri: [] });
    } else {
      // MP_UNREACH_NLRI header: flags, type, 2-octet length (extended), AFI, SAFI.
      for (const g of chunks(set.withdraw, max - base - 4 - 3, true)) {
        out.push({ type: 'UPDATE', withdrawn: [], attributes: [{ type: 'MP_UNREACH_NLRI', afi: set.afi, safi: set.safi, withdrawn: g }], nlri: [] });
      }
    }
  }
  if (set.announce !== undefined && set.announce.length > 0) {
    // RFC 4760 section 3: an UPDATE whose only NLRI are in MP_REACH_NLRI SHOULD NOT carry NEXT_HOP.
    const attrs = (set.attributes ?? []).filter((a) => a.type !== 'MP_REACH_NLRI' && a.type !== 'MP_UNREACH_NLRI' && (legacy || a.type !== 'NEXT_HOP'));
    checkAnnounce(attrs, legacy, set.safi, set.nextHop, ctx);
    const fixed = attributesLength(attrs, ctx);
    if (legacy) {
      const room = max - base - fixed;
      if (room <= 0) throw new RangeError(`packUpdates: attributes of ${fixed} bytes leave no room in ${max}`);
      for (const g of chunks(set.announce, room, false)) out.push({ type: 'UPDATE', withdrawn: [], attributes: attrs, nlri: g as Prefix[] });
    } else {
      const nh = set.nextHop ?? [];
      // VPN families: each address after an 8-octet RD of zero (RFC 4364 section 4.3.2).
      const nhLen = nextHopLengthFor(typed ? undefined : codec, nh);
      const room = max - base - fixed - 4 - 5 - nhLen;
      if (room <= 0) throw new RangeError(`packUpdates: attributes of ${fixed} bytes leave no room in ${max}`);
      for (const g of chunks(set.announce, room, false)) {
        const mp: PathAttribute = { type: 'MP_REACH_NLRI', afi: set.afi, safi: set.safi, nextHop: nh, nlri: g };
        out.push({ type: 'UPDATE', withdrawn: [], attributes: [mp, ...attrs], nlri: [] });
      }
    }
  }
  return out;
}
