import { prepareFor2Octet } from '../attributes/as4.ts';
import { parseCommunity } from '../attributes/communities.ts';
import type { AsPathSegment, PathAttribute } from '../attributes/types.ts';
import { WellKnownCommunity } from '../iana.ts';
import type { LocalSpeaker } from '../decision/types.ts';
import type { RibPeer, RibRoute } from './types.ts';
import { checkObject } from '../wire/args.ts';

function hasCommunity(attrs: readonly PathAttribute[], value: number): boolean {
  for (const a of attrs) {
    if (a.type === 'COMMUNITIES') {
      for (const c of a.communities) {
        try {
          if (parseCommunity(c) === value) return true;
        } catch {
          // A community text that does not parse cannot be a well-known one.
        }
      }
    }
  }
  return false;
}

function isInternal(p: RibPeer): boolean {
  return p.type === 'internal';
}

/**
 * Whether `route` may be advertised to `to` (RFC 4271 section 9.2, RFC 1997, RFC 4456
 * section 6), and with which attributes. Returns undefined where it must not be sent:
 * - never back to the peer it came from;
 * - NO_ADVERTISE: to no peer; NO_EXPORT: not outside the AS (confederation members are
 *   inside, RFC 1997); NO_EXPORT_SUBCONFED: not to any external or confederation peer;
 * - internal to internal: only with route reflection (RFC 4456 6: from a client to every
 *   peer, from a non-client to clients only), adding ORIGINATOR_ID and our CLUSTER_ID.
 * Towards an external peer the local AS is prepended, NEXT_HOP set to our address, and
 * LOCAL_PREF, MED (RFC 4271 5.1.4), ORIGINATOR_ID and CLUSTER_LIST removed; towards a
 * 2-octet peer AS4 attributes are prepared (RFC 6793 4.2.2).
 */
export function exportAttributes(route: RibRoute, to: RibPeer, local: LocalSpeaker, localPref = 100): PathAttribute[] | undefined {
  checkObject(route, 'exportAttributes', 'route');
  checkObject(to, 'exportAttributes', 'to');
  checkObject(local, 'exportAttributes', 'local');
  const from = route.peer;
  if (from === to || (from.address === to.address && from.asn === to.asn)) return undefined;
  const attrs = route.attributes;
  if (hasCommunity(attrs, WellKnownCommunity.NO_ADVERTISE)) return undefined;
  if (to.type === 'external' && hasCommunity(attrs, WellKnownCommunity.NO_EXPORT)) return undefined;
  if (to.type !== 'internal' && hasCommunity(attrs, WellKnownCommunity.NO_EXPORT_SUBCONFED)) return undefined;
  let out: PathAttribute[];
  if (isInternal(from) && isInternal(to)) {
    // RFC 4271 9.2: "routes learned from an internal peer MUST NOT be advertised to internal peers" without RFC 4456.
    if (local.clusterId === undefined) return undefined;
    if (from.routeReflectorClient !== true && to.routeReflectorClient !== true) return undefined;
    out = reflect(attrs, from, local.clusterId);
  } else if (to.type === 'internal') {
    out = attrs.filter((a) => a.type !== 'ORIGINATOR_ID' && a.type !== 'CLUSTER_LIST');
    // RFC 4271 5.1.5: LOCAL_PREF is included in UPDATEs sent to internal peers.
    if (!out.some((a) => a.type === 'LOCAL_PREF')) out.push({ type: 'LOCAL_PREF', localPref });
  } else {
    out = toExternal(attrs, route, to, local);
  }
  if (to.outbound !== undefined && !to.outbound.as4) out = prepareFor2Octet(out);
  return out;
}

function reflect(attrs: readonly PathAttribute[], from: RibPeer, clusterId: string): PathAttribute[] {
  const out: PathAttribute[] = [];
  let hasOriginator = false;
  let hasCluster = false;
  for (const a of attrs) {
    if (a.type === 'ORIGINATOR_ID') hasOriginator = true;
    if (a.type === 'CLUSTER_LIST') {
      hasCluster = true;
      // RFC 4456 8: "the RR MUST prepend its own CLUSTER_ID to the CLUSTER_LIST".
      out.push({ type: 'CLUSTER_LIST', clusterIds: [clusterId, ...a.clusterIds] });
      continue;
    }
    out.push(a);
  }
  // RFC 4456 8: ORIGINATOR_ID is "the BGP Identifier of the originator of the route in the local AS".
  if (!hasOriginator) out.push({ type: 'ORIGINATOR_ID', originatorId: from.bgpId });
  if (!hasCluster) out.push({ type: 'CLUSTER_LIST', clusterIds: [clusterId] });
  return out;
}

function toExternal(attrs: readonly PathAttribute[], route: RibRoute, to: RibPeer, local: LocalSpeaker): PathAttribute[] {
  const out: PathAttribute[] = [];
  let sawPath = false;
  const confed = to.type === 'confed-external';
  for (const a of attrs) {
    switch (a.type) {
      case 'LOCAL_PREF':
        if (confed) out.push(a); // RFC 5065 5: LOCAL_PREF is kept inside the confederation.
        break;
      case 'MULTI_EXIT_DISC':
        // RFC 4271 5.1.4: a MED received from a neighbouring AS is not propagated to other ASes.
        if (confed || route.peer.type !== 'external') out.push(a);
        break;
      case 'ORIGINATOR_ID':
      case 'CLUSTER_LIST':
        break;
      case 'AS_PATH':
        sawPath = true;
        out.push({ type: 'AS_PATH', segments: prepend(a.segments, local.asn, confed) });
        break;
      case 'NEXT_HOP':
        out.push(to.localAddress !== undefined && !confed ? { type: 'NEXT_HOP', nextHop: to.localAddress } : a);
        break;
      case 'MP_REACH_NLRI': {
        const addr = a.afi === 2 ? to.localAddress6 : to.localAddress === undefined ? undefined : [to.localAddress];
        const { flags: _f, ...rest } = a;
        out.push(addr !== undefined && !confed ? { ...rest, nextHop: addr } : rest);
        break;
      }
      default:
        out.push(a);
    }
  }
  if (!sawPath) out.push({ type: 'AS_PATH', segments: prepend([], local.asn, confed) });
  return out;
}

/**
 * RFC 4271 5.1.2 b: to an external peer, prepend our AS as the leftmost AS_SEQUENCE entry
 * (a new segment when the first is an AS_SET or full); RFC 5065 5.3: to a confederation
 * peer, into an AS_CONFED_SEQUENCE; leaving the confederation drops confederation segments.
 */
function prepend(segments: readonly AsPathSegment[], asn: number, confed: boolean): AsPathSegment[] {
  const type = confed ? 'AS_CONFED_SEQUENCE' : 'AS_SEQUENCE';
  const rest = confed ? segments : segments.filter((s) => s.type === 'AS_SEQUENCE' || s.type === 'AS_SET');
  const first = rest[0];
  if (first !== undefined && first.type === type && first.asns.length < 255) return [{ type, asns: [asn, ...first.asns] }, ...rest.slice(1)];
  return [{ type, asns: [asn] }, ...rest];
}
