import { type Candidate, candidateOf, clusterListOf, countAs, nextHopOf, originatorIdOf } from './facts.ts';
import type { DecisionOptions, IneligibleReason, Ineligibility, Route } from './types.ts';
import { checkObject } from '../wire/args.ts';

/**
 * Why a route may not take part in the decision process, or undefined when it may
 * (RFC 4271 section 9.1.2, RFC 4456 section 8, RFC 5065 section 3): an unresolvable next hop,
 * the local AS in AS_PATH, our BGP Identifier as ORIGINATOR_ID, or our cluster id in CLUSTER_LIST.
 */
export function ineligibleReason(route: Route, options: DecisionOptions): IneligibleReason | undefined {
  checkObject(options, 'ineligibleReason', 'options');
  return checkRoute(route, options).reason;
}

function checkRoute(route: Route, options: DecisionOptions): { reason: IneligibleReason | undefined; igpCost: number | undefined } {
  // RFC 4271 section 9.1.2.1: "If the NEXT_HOP attribute of a BGP route depicts an address that is
  // not resolvable ... the BGP route MUST be excluded from the Phase 2 decision function."
  const res = options.resolveNextHop(nextHopOf(route), route);
  const igpCost = res?.igpCost ?? route?.igpCost;
  if (res?.resolvable !== true) return { reason: 'next-hop-unresolvable', igpCost };
  if (hasAsLoop(route, options.allowOwnAs)) return { reason: 'as-path-loop', igpCost };
  const local = route?.local;
  // RFC 4456 section 8: "A router that recognizes the ORIGINATOR_ID attribute SHOULD ignore a
  // route received with its BGP Identifier as the ORIGINATOR_ID."
  const originator = originatorIdOf(route);
  if (originator !== undefined && originator === local?.bgpId) return { reason: 'originator-id-loop', igpCost };
  // RFC 4456 section 8: "If the local CLUSTER_ID is found in the CLUSTER_LIST, the advertisement
  // received SHOULD be ignored." The CLUSTER_ID defaults to the BGP Identifier (section 7).
  const clusterId = local?.clusterId ?? local?.bgpId;
  if (clusterId !== undefined && clusterListOf(route).includes(clusterId)) return { reason: 'cluster-list-loop', igpCost };
  return { reason: undefined, igpCost };
}

/**
 * Whether AS_PATH holds the local AS more than `allowOwnAs` times (RFC 4271 section 9.1.2). In a
 * confederation (RFC 5065 section 3) that is the confederation identifier outside confederation
 * segments, or the Member-AS number inside them.
 */
export function hasAsLoop(route: Route, allowOwnAs = 0): boolean {
  const local = route?.local;
  if (local === undefined || local === null) return false;
  const confedId = local.confederationId;
  if (confedId === undefined) return countAs(route, local.asn, true, true) > allowOwnAs;
  return countAs(route, confedId, false, true) > allowOwnAs || countAs(route, local.asn, true, false) > allowOwnAs;
}

/** Eligible candidates (with their compared values) and the routes left out, in input order. */
export interface Partition {
  readonly candidates: readonly Candidate[];
  readonly ineligible: readonly Ineligibility[];
}

/** Splits routes into eligible candidates and ineligible ones (RFC 4271 section 9.1.2); non-objects are skipped. */
export function partitionRoutes(routes: readonly Route[], options: DecisionOptions): Partition {
  const candidates: Candidate[] = [];
  const ineligible: Ineligibility[] = [];
  if (!Array.isArray(routes)) return { candidates, ineligible };
  for (const route of routes) {
    if (route === null || typeof route !== 'object') continue;
    const { reason, igpCost } = checkRoute(route, options);
    if (reason === undefined) candidates.push(candidateOf(route, igpCost, options));
    else ineligible.push({ reason, route });
  }
  return { candidates, ineligible };
}

/**
 * Eligibility and compared values of one route (RFC 4271 section 9.1.2): a candidate for
 * {@link selectPrepared}, or why it is not eligible. For callers such as the RIBs that keep
 * them per route across many selections: the next-hop resolver and `externalPreference` are
 * asked once, here.
 */
export function prepareRoute(route: Route, options: DecisionOptions): Candidate | Ineligibility {
  const { reason, igpCost } = checkRoute(route, options);
  return reason === undefined ? candidateOf(route, igpCost, options) : { reason, route };
}
