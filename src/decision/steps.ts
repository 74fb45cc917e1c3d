import type { Candidate } from './facts.ts';
import type { DecisionOptions, DecisionStep, StepValue } from './types.ts';

// RFC 4271 section 9.1.2.2: "The tie-breaking algorithm begins by considering all equally
// preferable routes to the same destination, and then selects routes to be removed from
// consideration." Each step below removes routes from a candidate set, as the RFC's own
// pseudo-code does. This is deliberately not a comparator: the MED rule (c) only compares
// routes from the same neighbouring AS, so pairwise "better than" is not transitive (RFC 3345).

/** A route a step removed, with a better candidate and the compared values. */
export interface Removal {
  readonly candidate: Candidate;
  readonly by: Candidate;
  readonly value?: StepValue;
  readonly byValue?: StepValue;
}

/** What one step did: the candidates it kept (in input order) and those it removed. */
export interface StepOutcome {
  readonly kept: readonly Candidate[];
  readonly removed: readonly Removal[];
}

/** One decision step: a name for explanations and the function that applies it. */
export interface StepDefinition {
  readonly name: DecisionStep;
  readonly apply: (candidates: readonly Candidate[], options: DecisionOptions) => StepOutcome;
}

function keepAll(candidates: readonly Candidate[]): StepOutcome {
  return { kept: candidates, removed: [] };
}

function removal(candidate: Candidate, by: Candidate, value: StepValue | undefined, byValue: StepValue | undefined): Removal {
  const r: { candidate: Candidate; by: Candidate; value?: StepValue; byValue?: StepValue } = { candidate, by };
  if (value !== undefined) r.value = value;
  if (byValue !== undefined) r.byValue = byValue;
  return r;
}

/** Keeps the candidates tied for the lowest `key`; `by` is the first candidate with that key. */
function keepLowest(
  candidates: readonly Candidate[],
  key: (c: Candidate) => number | bigint,
  show: (c: Candidate) => StepValue | undefined,
): StepOutcome {
  if (candidates.length < 2) return keepAll(candidates);
  let best = candidates[0] as Candidate;
  let bestKey = key(best);
  for (const c of candidates) {
    const k = key(c);
    if (k < bestKey) {
      best = c;
      bestKey = k;
    }
  }
  const kept: Candidate[] = [];
  const removed: Removal[] = [];
  for (const c of candidates) {
    if (key(c) === bestKey) kept.push(c);
    else removed.push(removal(c, best, show(c), show(best)));
  }
  return { kept, removed };
}

/**
 * RFC 4271 section 9.1.1 (Phase 1) folded in as the first step: keep the routes with the highest
 * degree of preference (LOCAL_PREF for internal and confederation routes, policy for external).
 */
export function byDegreeOfPreference(candidates: readonly Candidate[]): StepOutcome {
  return keepLowest(candidates, (c) => -c.preference, (c) => c.preference);
}

/**
 * RFC 7311 section 4.1, when `options.aigp`: run before the 9.1.2.2 steps. "If any routes have an
 * AIGP attribute containing an AIGP TLV, remove from consideration all routes that do not", then
 * keep those tied for the lowest AIGP value plus interior cost.
 */
export function byAigp(candidates: readonly Candidate[], options: DecisionOptions): StepOutcome {
  if (!options.aigp || candidates.length < 2) return keepAll(candidates);
  const withAigp = candidates.filter((c) => c.aigp !== undefined);
  if (withAigp.length === 0) return keepAll(candidates);
  const inner = keepLowest(withAigp, (c) => c.aigp as bigint, (c) => c.aigp);
  const first = inner.kept[0] as Candidate;
  const removed: Removal[] = [];
  for (const c of candidates) {
    if (c.aigp === undefined) removed.push(removal(c, first, undefined, first.aigp));
  }
  return { kept: inner.kept, removed: [...removed, ...inner.removed] };
}

/**
 * RFC 4271 section 9.1.2.2 a: "Remove from consideration all routes that are not tied for having the
 * smallest number of AS numbers present in their AS_PATH attributes." An AS_SET counts 1;
 * confederation segments count 0 (RFC 5065 section 5.3). Skipped with `ignoreAsPathLength`.
 */
export function byAsPathLength(candidates: readonly Candidate[], options: DecisionOptions): StepOutcome {
  if (options.ignoreAsPathLength) return keepAll(candidates);
  return keepLowest(candidates, (c) => c.asPathLength, (c) => c.asPathLength);
}

const ORIGIN_NAMES = ['IGP', 'EGP', 'INCOMPLETE'] as const;

/** RFC 4271 section 9.1.2.2 b: "Remove ... all routes that are not tied for having the lowest Origin number." */
export function byOrigin(candidates: readonly Candidate[]): StepOutcome {
  return keepLowest(candidates, (c) => c.origin, (c) => ORIGIN_NAMES[c.origin] ?? 'INCOMPLETE');
}

/**
 * RFC 4271 section 9.1.2.2 c: remove m when some n from the same neighbouring AS has a lower MED
 * ("MULTI_EXIT_DISC is only comparable between routes learned from the same neighboring AS"), or
 * from any AS with `alwaysCompareMed`. A missing MED is 0, or 4294967295 with `missingMedAsWorst`.
 */
export function byMed(candidates: readonly Candidate[], options: DecisionOptions): StepOutcome {
  if (candidates.length < 2) return keepAll(candidates);
  const groupOf = (c: Candidate): number => (options.alwaysCompareMed ? 0 : c.neighbourAs);
  const lowest = new Map<number, Candidate>();
  for (const c of candidates) {
    const g = groupOf(c);
    const cur = lowest.get(g);
    if (cur === undefined || c.med < cur.med) lowest.set(g, c);
  }
  const kept: Candidate[] = [];
  const removed: Removal[] = [];
  for (const c of candidates) {
    const by = lowest.get(groupOf(c)) as Candidate;
    if (by.med < c.med) removed.push(removal(c, by, c.med, by.med));
    else kept.push(c);
  }
  return { kept, removed };
}

function peerTypeOf(c: Candidate): string {
  return c.route?.peer?.type ?? 'internal';
}

/**
 * RFC 4271 section 9.1.2.2 d: "If at least one of the candidate routes was received via EBGP, remove
 * from consideration all routes that were received via IBGP." Confederation-external routes count
 * as internal (RFC 5065 section 5.3 rule 4).
 */
export function byExternalOverInternal(candidates: readonly Candidate[]): StepOutcome {
  return keepLowest(candidates, (c) => (c.isExternal ? 0 : 1), peerTypeOf);
}

/**
 * RFC 4271 section 9.1.2.2 e: "Remove from consideration any routes with less-preferred interior
 * cost." "If the NEXT_HOP hop for a route is reachable, but no cost can be determined, then this
 * step should be skipped": it is skipped when any candidate lacks a cost.
 */
export function byIgpCost(candidates: readonly Candidate[]): StepOutcome {
  if (candidates.some((c) => c.igpCost === undefined)) return keepAll(candidates);
  return keepLowest(candidates, (c) => c.igpCost as number, (c) => c.igpCost);
}

function allExternal(candidates: readonly Candidate[]): boolean {
  return candidates.every((c) => c.isExternal);
}

function bgpIdOf(c: Candidate): unknown {
  return c.route?.peer?.bgpId;
}

/**
 * RFC 5004 section 3, with `rfc5004` and `currentBest`: when the candidates left before step f are
 * all external and include the current best, keep it ("the existing best path ... be kept"). Not
 * for confederation peers, and routes from a peer with the current best's BGP Identifier (parallel
 * sessions) stay in consideration, as the RFC asks.
 */
export function byCurrentBest(candidates: readonly Candidate[], options: DecisionOptions): StepOutcome {
  const current = options.currentBest;
  if (!options.rfc5004 || current === undefined || candidates.length < 2 || !allExternal(candidates)) return keepAll(candidates);
  const holder = candidates.find((c) => c.route === current);
  if (holder === undefined) return keepAll(candidates);
  return keepLowest(candidates, (c) => (c === holder || bgpIdOf(c) === bgpIdOf(holder) ? 0 : 1), (c) => (c === holder ? 'current best' : undefined));
}

/**
 * With `compareRouterId: false` (BIRD `prefer older`, after RFC 5004): when the candidates are all
 * external and all have `receivedAt`, keep the oldest, and any from a peer with its BGP Identifier.
 */
export function byOldestExternal(candidates: readonly Candidate[], options: DecisionOptions): StepOutcome {
  if (options.compareRouterId || candidates.length < 2 || !allExternal(candidates)) return keepAll(candidates);
  const at = (c: Candidate): number | undefined => {
    const t = c.route?.receivedAt;
    return typeof t === 'number' && Number.isFinite(t) ? t : undefined;
  };
  if (candidates.some((c) => at(c) === undefined)) return keepAll(candidates);
  const oldest = Math.min(...candidates.map((c) => at(c) as number));
  const oldIds = new Set(candidates.filter((c) => at(c) === oldest).map(bgpIdOf));
  return keepLowest(candidates, (c) => (at(c) === oldest || oldIds.has(bgpIdOf(c)) ? 0 : 1), at);
}

/**
 * RFC 4271 section 9.1.2.2 f: "Remove from consideration all routes other than the route that was
 * advertised by the BGP speaker with the lowest BGP Identifier value", using ORIGINATOR_ID when
 * present (RFC 4456 section 9). An unparseable identifier counts as the highest.
 */
export function byBgpIdentifier(candidates: readonly Candidate[]): StepOutcome {
  return keepLowest(candidates, (c) => c.routerId, (c) => c.routerIdText);
}

/** RFC 4456 section 9: "a BGP Speaker SHOULD prefer a route with the shorter CLUSTER_LIST length", between f and g. */
export function byClusterListLength(candidates: readonly Candidate[]): StepOutcome {
  return keepLowest(candidates, (c) => c.clusterListLength, (c) => c.clusterListLength);
}

/**
 * RFC 4271 section 9.1.2.2 g: "Prefer the route received from the lowest peer address." Addresses
 * compare as numbers; IPv4 before IPv6; an unparseable address counts as the highest.
 */
export function byPeerAddress(candidates: readonly Candidate[]): StepOutcome {
  return keepLowest(candidates, (c) => c.peerAddress, (c) => (typeof c.route?.peer?.address === 'string' ? c.route.peer.address : undefined));
}

/** The steps in the order they run (RFC 4271 section 9.1.2.2 with RFC 7311, RFC 5004 and RFC 4456 section 9). */
export const DECISION_STEPS: readonly StepDefinition[] = Object.freeze([
  { name: 'degree-of-preference', apply: byDegreeOfPreference },
  { name: 'aigp', apply: byAigp },
  { name: 'as-path-length', apply: byAsPathLength },
  { name: 'origin', apply: byOrigin },
  { name: 'med', apply: byMed },
  { name: 'external-over-internal', apply: byExternalOverInternal },
  { name: 'igp-cost', apply: byIgpCost },
  { name: 'current-best', apply: byCurrentBest },
  { name: 'oldest-external', apply: byOldestExternal },
  { name: 'bgp-identifier', apply: byBgpIdentifier },
  { name: 'cluster-list-length', apply: byClusterListLength },
  { name: 'peer-address', apply: byPeerAddress },
] satisfies StepDefinition[]);
