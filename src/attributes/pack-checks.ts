import type { SessionContext } from '../context/session-context.ts';
import { checkAsn2 } from './as-path.ts';
import type { PathAttribute } from './types.ts';

/**
 * Checks the attributes of routes about to be announced, so that {@link packUpdates} never
 * builds an UPDATE a peer must reject (RFC 4271 section 6.3 Missing Well-known Attribute, RFC
 * 7606 treat-as-withdraw):
 * - RFC 4271 section 5: ORIGIN and AS_PATH are mandatory in every UPDATE with NLRI, and so
 *   are they with MP_REACH_NLRI (RFC 4760 section 3: "MUST also carry the ORIGIN and the
 *   AS_PATH attributes");
 * - NEXT_HOP is mandatory only for NLRI in the UPDATE's own NLRI field (IPv4 unicast): an
 *   UPDATE whose only NLRI are in MP_REACH_NLRI carries its next hop there, and "SHOULD NOT
 *   carry the NEXT_HOP attribute" (RFC 4760 section 3), so it is not required (packUpdates
 *   leaves it out); MP_REACH_NLRI then needs a next hop (RFC 4760 section 3, except the flow
 *   specification families, whose next hop length is 0, RFC 8955 section 4);
 * - on a 2-octet session (no 4-octet AS capability) no ASN above 65535 may appear in AS_PATH
 *   or AGGREGATOR: the error points to `prepareFor2Octet` (RFC 6793 section 4.2.2).
 * @throws TypeError naming the missing attribute; RangeError for a 4-octet AS on a 2-octet session.
 */
export function checkAnnounce(attributes: readonly PathAttribute[], legacy: boolean, safi: number, nextHop: readonly string[] | undefined, ctx: SessionContext): void {
  const has = (type: PathAttribute['type']): boolean => attributes.some((a) => a.type === type);
  const family = legacy ? 'NLRI' : 'MP_REACH_NLRI routes';
  if (!has('ORIGIN')) throw new TypeError(`packUpdates: ${family} without ORIGIN, a well-known mandatory attribute (RFC 4271 section 5.1.1)`);
  if (!has('AS_PATH')) throw new TypeError(`packUpdates: ${family} without AS_PATH, a well-known mandatory attribute (RFC 4271 section 5.1.2; empty for a route originated to an internal peer)`);
  if (legacy && !has('NEXT_HOP')) throw new TypeError('packUpdates: NLRI without NEXT_HOP, a well-known mandatory attribute (RFC 4271 section 5.1.3)');
  if (!legacy && (nextHop === undefined || nextHop.length === 0) && safi !== 133 && safi !== 134) {
    throw new TypeError('packUpdates: MP_REACH_NLRI routes without a next hop (set.nextHop, RFC 4760 section 3)');
  }
  if (!ctx.as4) {
    for (const a of attributes) {
      if (a.type === 'AS_PATH') for (const s of a.segments) for (const asn of s.asns) checkAsn2('packUpdates: AS_PATH ASN', asn);
      if (a.type === 'AGGREGATOR') checkAsn2('packUpdates: AGGREGATOR ASN', a.asn);
    }
  }
}
