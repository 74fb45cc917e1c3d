import { prepareFor2Octet } from '../attributes/as4.ts';
import type { AsPathSegment, PathAttribute } from '../attributes/types.ts';
import { hasFamily } from '../context/family.ts';
import type { PeerType, SessionContext } from '../context/session-context.ts';
import type { LocalSpeaker } from '../decision/types.ts';
import { Role } from '../iana.ts';
import { exportAttributes } from '../rib/export-policy.ts';
import { familyAfiSafi } from '../rib/family.ts';
import type { RibFamily, RibPeer, RibRoute } from '../rib/types.ts';
import { parseIPv4, parseIPv6 } from '../wire/ip.ts';
import type { OutRoute } from './advertised.ts';
import type { LocalRoute } from './route-input.ts';

/** What exporting to one Established session needs to know. */
export interface ExportSession {
  readonly localAs: number;
  readonly peerType: PeerType;
  /** The context of what we send (families, 4-octet AS). */
  readonly send: SessionContext;
  /** NEXT_HOP self for IPv4 routes (configured, else the session's local IPv4 address). */
  readonly nextHop4: string | undefined;
  /** Next hop(s) self for IPv6 routes: global, then link-local (RFC 2545 section 3). */
  readonly nextHop6: readonly string[] | undefined;
  /** The local BGP Role (RFC 9234), when configured. */
  readonly role: number | undefined;
}

/** Whether the session carries a family (RFC 4760 section 8: none negotiated means IPv4 unicast only). */
export function carries(send: SessionContext, family: RibFamily): boolean {
  const { afi, safi } = familyAfiSafi(family);
  if (send.families.length === 0) return afi === 1 && safi === 1;
  return hasFamily(send.families, afi, safi);
}

/** RFC 9234 section 5: towards a Customer, Peer or RS-Client the OTC is added (our AS) when absent. */
function withOtc(attrs: PathAttribute[], s: ExportSession): PathAttribute[] {
  const r = s.role;
  if (r !== Role.Provider && r !== Role.Peer && r !== Role.RS) return attrs;
  if (attrs.some((a) => a.type === 'OTC')) return attrs;
  return [...attrs, { type: 'OTC', asn: s.localAs }];
}

function prepend(segments: readonly AsPathSegment[], asn: number, confed: boolean): AsPathSegment[] {
  const type = confed ? 'AS_CONFED_SEQUENCE' : 'AS_SEQUENCE';
  const first = segments[0];
  // RFC 4271 5.1.2 b: our AS becomes the leftmost entry of the first AS_SEQUENCE (a new one when full or a set).
  if (first !== undefined && first.type === type && first.asns.length < 255) return [{ type, asns: [asn, ...first.asns] }, ...segments.slice(1)];
  return [{ type, asns: [asn] }, ...segments];
}

/**
 * The attributes a locally originated route is sent with to one session (docs/SPEAKER.md
 * "Export rules"): ORIGIN and MED as given, the local AS prepended towards external peers (RFC
 * 4271 5.1.2), LOCAL_PREF towards internal ones (5.1.5), NEXT_HOP self unless given (5.1.3);
 * IPv6 in MP_REACH_NLRI with the global and link-local next hops (RFC 2545 section 3). An
 * error text instead when the route cannot go to this session.
 */
export function exportLocal(route: LocalRoute, s: ExportSession): OutRoute | { readonly error: string } | undefined {
  if (!carries(s.send, route.family)) return undefined;
  const external = s.peerType !== 'internal';
  const attrs: PathAttribute[] = [...route.attributes];
  attrs.push({ type: 'AS_PATH', segments: external ? prepend(route.asPath, s.localAs, s.peerType === 'confed-external') : route.asPath });
  if (s.peerType !== 'external') attrs.push({ type: 'LOCAL_PREF', localPref: route.localPref ?? 100 });
  let nextHop: string[] | undefined;
  if (route.family === 'ipv4-unicast' || route.family === 'ipv4-multicast') {
    const nh = route.nextHop?.[0] ?? s.nextHop4;
    const { afi, safi } = familyAfiSafi(route.family);
    const v6 = route.nextHop ?? (nh === undefined ? s.nextHop6 : undefined);
    if (nh !== undefined && parseIPv4(nh) !== undefined) {
      if (route.family === 'ipv4-unicast') attrs.push({ type: 'NEXT_HOP', nextHop: nh });
      else nextHop = [nh];
    } else if (v6 !== undefined && v6.length > 0 && v6.every((a) => parseIPv6(a) !== undefined) && hasFamily(s.send.extendedNextHop, afi, safi)) {
      // RFC 8950 section 3: an IPv6 next hop for IPv4 NLRI, in MP_REACH_NLRI, where both announced it.
      nextHop = [...v6];
    } else {
      return { error: `no IPv4 next hop for this session (give nextHop in the route or the peer's options, or negotiate extended next hop, RFC 8950)` };
    }
  } else {
    const nh = route.nextHop ?? s.nextHop6;
    // Never `::`: over an IPv4-only session an IPv6 next hop must be configured.
    if (nh === undefined || nh.length === 0 || nh.some((a) => parseIPv6(a) === undefined) || nh[0] === '::') {
      return { error: `no IPv6 next hop for this session (give nextHop in the route or nextHop6 in the peer's options)` };
    }
    nextHop = [...nh];
  }
  let out = withOtc(attrs, s);
  if (!s.send.as4) out = prepareFor2Octet(out);
  return { family: route.family, prefix: route.prefix, pathId: route.pathId, attributes: out, ...(nextHop === undefined ? {} : { nextHop }) };
}

/**
 * The attributes a learned Loc-RIB route would be sent with (bgpwire/rib `exportAttributes`:
 * NO_EXPORT and friends, AS prepend, NEXT_HOP self towards external peers, iBGP split horizon
 * unless reflecting), before the export hook decides. Undefined when it must not go.
 */
export function exportLearned(route: RibRoute, to: RibPeer, local: LocalSpeaker, s: ExportSession): OutRoute | undefined {
  if (!carries(s.send, route.family)) return undefined;
  const attrs = exportAttributes(route, to, local);
  if (attrs === undefined) return undefined;
  let nextHop: readonly string[] | undefined;
  const rest: PathAttribute[] = [];
  for (const a of attrs) {
    if (a.type === 'MP_REACH_NLRI') nextHop = a.nextHop;
    else if (a.type !== 'MP_UNREACH_NLRI' && !(a.type === 'NEXT_HOP' && route.family !== 'ipv4-unicast')) rest.push(a);
  }
  if (route.family !== 'ipv4-unicast' && (nextHop === undefined || nextHop.length === 0)) return undefined;
  return { family: route.family, prefix: route.prefix, pathId: 1, attributes: withOtc(rest, s), ...(nextHop === undefined || route.family === 'ipv4-unicast' ? {} : { nextHop }) };
}
