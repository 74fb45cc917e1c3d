import type { PathAttribute } from '../attributes/types.ts';
import type { PeerType } from '../context/session-context.ts';

/** The speaker a route was learned from (RFC 4271 section 9.1, RFC 5065 for `confed-external`). */
export interface RoutePeer {
  /** The peer's AS number (its Member-AS number for a confederation peer). */
  readonly asn: number;
  /** The peer's BGP Identifier as a dotted quad (RFC 4271 section 4.2, RFC 6286). */
  readonly bgpId: string;
  /** The peer's address, IPv4 or IPv6 text (RFC 4271 section 9.1.2.2 g). */
  readonly address: string;
  /** Internal, external, or external within the local confederation (RFC 5065 section 5.3 counts it internal). */
  readonly type: PeerType;
}

/** The local speaker deciding (RFC 4271 section 9.1, RFC 4456 section 8, RFC 5065). */
export interface LocalSpeaker {
  /** The local AS number (the Member-AS number inside a confederation). */
  readonly asn: number;
  /** The local BGP Identifier as a dotted quad. */
  readonly bgpId: string;
  /** The local CLUSTER_ID when acting as a route reflector (RFC 4456 section 7); defaults to `bgpId`. */
  readonly clusterId?: string;
  /** The AS Confederation Identifier, when the speaker is in a confederation (RFC 5065 section 2). */
  readonly confederationId?: number;
}

/**
 * A candidate route for one destination (RFC 4271 section 9.1): its path attributes exactly as
 * `decodeMessage` gives them for an UPDATE, plus where it came from. AS_PATH must already be the
 * RFC 6793 section 4.2.3 reconstruction (AS_PATH merged with AS4_PATH) when the session was
 * 2-octet: the decision process reads AS_PATH and ignores AS4_PATH.
 */
export interface Route {
  /** Path attributes as decoded (RFC 4271 section 5). Missing or odd attributes never throw. */
  readonly attributes: readonly PathAttribute[];
  /** The peer the route was received from. */
  readonly peer: RoutePeer;
  /** The local speaker (its AS, identifier and cluster id drive loop detection). */
  readonly local: LocalSpeaker;
  /**
   * The next hop to resolve, overriding the attributes: needed for an IPv4 NLRI in an UPDATE that
   * also carries MP_REACH_NLRI. Otherwise MP_REACH_NLRI's first next hop, else NEXT_HOP.
   */
  readonly nextHop?: string;
  /** Interior cost to the next hop (RFC 4271 section 9.1.2.2 e), when the resolver does not give one. */
  readonly igpCost?: number;
  /** When the route was received, in any monotonic unit (for `compareRouterId: false`). */
  readonly receivedAt?: number;
}

/** What a next-hop resolver says about a route's next hop (RFC 4271 section 9.1.2.1). */
export interface NextHopResolution {
  /** Whether the next hop resolves in the routing table; an unresolvable route is not eligible. */
  readonly resolvable: boolean;
  /** Interior cost to the next hop; overrides `Route.igpCost` when given. */
  readonly igpCost?: number;
}

/** Resolves a next hop (RFC 4271 section 9.1.2.1); `nextHop` is undefined when the route carries none. */
export type NextHopResolver = (nextHop: string | undefined, route: Route) => NextHopResolution;

/** The tie-breaking steps, in the order they run (RFC 4271 section 9.1.2.2, RFC 4456 section 9, RFC 7311, RFC 5004). */
export type DecisionStep =
  | 'degree-of-preference'
  | 'aigp'
  | 'as-path-length'
  | 'origin'
  | 'med'
  | 'external-over-internal'
  | 'igp-cost'
  | 'current-best'
  | 'oldest-external'
  | 'bgp-identifier'
  | 'cluster-list-length'
  | 'peer-address';

/** Why a route is not eligible at all (RFC 4271 section 9.1.2, RFC 4456 section 8, RFC 5065 section 3). */
export type IneligibleReason = 'next-hop-unresolvable' | 'as-path-loop' | 'originator-id-loop' | 'cluster-list-loop';

/** A value a step compared, for explanations: a number, a 64-bit AIGP sum, or text such as an address. */
export type StepValue = number | bigint | string;

/** A route a step removed, the route that beat it, and the values compared (RFC 4271 section 9.1.2.2). */
export interface Elimination {
  readonly step: DecisionStep;
  readonly route: Route;
  /** A route still in consideration that is better at this step (for `med`, one from the same neighbouring AS). */
  readonly by: Route;
  /** This route's value at the step, when there is one. */
  readonly value?: StepValue;
  /** `by`'s value at the step. */
  readonly byValue?: StepValue;
}

/** A route left out before tie-breaking (RFC 4271 section 9.1.2). */
export interface Ineligibility {
  readonly reason: IneligibleReason;
  readonly route: Route;
}

/** The outcome of {@link selectBest}: the best route and why every other route lost (RFC 4271 section 9.1.2). */
export interface Selection {
  /** The selected route, or undefined when no route is eligible. */
  readonly best: Route | undefined;
  /** The step that removed the last competitor of `best`; undefined when it had none (or all tied). */
  readonly step: DecisionStep | undefined;
  /** Every route a step removed, in the order removed. */
  readonly eliminated: readonly Elimination[];
  /** Routes that were never eligible. */
  readonly ineligible: readonly Ineligibility[];
  /** Routes still tied with `best` after every step (same peer address): `best` is the first given. */
  readonly ties: readonly Route[];
}

/** The outcome of {@link compareRoutes} (RFC 4271 section 9.1.2). */
export interface Comparison {
  /** Which route wins, or `equal` when neither is eligible or no step separates them. */
  readonly winner: 'a' | 'b' | 'equal';
  /** Sort order: -1 when `a` wins, 1 when `b` wins, 0 when equal. Not transitive (RFC 3345): do not sort by it. */
  readonly order: -1 | 0 | 1;
  /** The deciding step or eligibility reason; undefined when equal. */
  readonly step: DecisionStep | IneligibleReason | undefined;
}

/** One entry of {@link rankRoutes}: a route and the step by which it lost to the route ranked before it. */
export interface RankedRoute {
  readonly route: Route;
  /** The step that removed it in the round won by the previous route; undefined for the first or a tie. */
  readonly step: DecisionStep | undefined;
}

/** The outcome of {@link rankRoutes}: eligible routes best first, and the ineligible ones. */
export interface Ranking {
  readonly ranked: readonly RankedRoute[];
  readonly ineligible: readonly Ineligibility[];
}

/** Vendor variations of the decision process; see {@link resolveDecisionOptions} for defaults. */
export interface DecisionOptions {
  /** Next-hop resolver (RFC 4271 section 9.1.2.1). Default: resolvable when the route has a next hop. */
  readonly resolveNextHop: NextHopResolver;
  /**
   * Degree of preference of an external route (RFC 4271 section 9.1.1 leaves it to policy; a received
   * LOCAL_PREF is ignored on eBGP, section 5.1.5). Default: undefined, meaning `defaultLocalPref`.
   */
  readonly externalPreference: (route: Route) => number | undefined;
  /** Preference of an external route without policy, and of an internal one without LOCAL_PREF. Default 100. */
  readonly defaultLocalPref: number;
  /** MED compared between routes from any neighbouring AS (FRR `bgp always-compare-med`, BIRD `med metric`). Default false. */
  readonly alwaysCompareMed: boolean;
  /**
   * true: the RFC 4271 section 9.1.2.2 set procedure, equal to grouping by neighbouring AS first
   * (FRR `bgp deterministic-med`, BIRD `deterministic med`); order-independent. false: compare routes
   * pairwise in the order given, as routers do without it, so the result depends on order (RFC 3345
   * section 2). Default true.
   */
  readonly deterministicMed: boolean;
  /** Skip the AS_PATH length step (FRR `bgp bestpath as-path ignore`, BIRD `compare path lengths off`). Default false. */
  readonly ignoreAsPathLength: boolean;
  /** A missing MED counts as the worst, 4294967295, instead of 0 (FRR `bgp bestpath med missing-as-worst`). Default false. */
  readonly missingMedAsWorst: boolean;
  /**
   * Compare BGP identifiers between external routes (RFC 4271 section 9.1.2.2 f). false: before
   * that, keep the oldest external route by `receivedAt` (BIRD `prefer older`). Default true.
   */
  readonly compareRouterId: boolean;
  /** RFC 5004: keep `currentBest` when it is external and ties up to the BGP identifier step. Default false. */
  readonly rfc5004: boolean;
  /** The current best route, for `rfc5004` (matched by identity). Default undefined. */
  readonly currentBest: Route | undefined;
  /** RFC 7311 section 4.1: lowest AIGP metric plus IGP cost, before the AS_PATH length step. Default false. */
  readonly aigp: boolean;
  /** How many times the local AS may appear in AS_PATH before the route is a loop (`allowas-in`). Default 0. */
  readonly allowOwnAs: number;
}
