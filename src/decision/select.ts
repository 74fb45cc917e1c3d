import { partitionRoutes } from './eligibility.ts';
import type { Candidate } from './facts.ts';
import { resolveDecisionOptions } from './options.ts';
import { DECISION_STEPS } from './steps.ts';
import type { Comparison, DecisionOptions, DecisionStep, Elimination, Ranking, RankedRoute, Route, Selection, StepValue } from './types.ts';
import { checkOptions } from '../wire/args.ts';

interface Round {
  readonly remaining: readonly Candidate[];
  readonly eliminated: readonly Elimination[];
  /** The step at which one candidate was left; undefined when it never came to one step removing the last competitor. */
  readonly step: DecisionStep | undefined;
}

// RFC 4271 section 9.1.2.2: "The algorithm terminates as soon as only one route remains in
// consideration. The criteria MUST be applied in the order specified."
function runSteps(candidates: readonly Candidate[], options: DecisionOptions): Round {
  let remaining = candidates;
  const eliminated: Elimination[] = [];
  let step: DecisionStep | undefined;
  for (const def of DECISION_STEPS) {
    if (remaining.length < 2) break;
    const out = def.apply(remaining, options);
    for (const r of out.removed) {
      const e: { step: DecisionStep; route: Route; by: Route; value?: StepValue; byValue?: StepValue } = {
        step: def.name,
        route: r.candidate.route,
        by: r.by.route,
      };
      if (r.value !== undefined) e.value = r.value;
      if (r.byValue !== undefined) e.byValue = r.byValue;
      eliminated.push(e);
    }
    remaining = out.kept;
    if (remaining.length === 1 && out.removed.length > 0) step = def.name;
  }
  return { remaining, eliminated, step };
}

// Without deterministic MED, routers compare the candidates two at a time in their list order,
// keeping the winner (RFC 3345 section 2): the result then depends on that order.
function runPairwise(candidates: readonly Candidate[], options: DecisionOptions): Round {
  const first = candidates[0];
  if (first === undefined) return { remaining: [], eliminated: [], step: undefined };
  let best = first;
  let ties: Candidate[] = [];
  let step: DecisionStep | undefined;
  const eliminated: Elimination[] = [];
  for (const c of candidates.slice(1)) {
    const round = runSteps([best, c], options);
    if (round.remaining.length !== 1) {
      ties.push(c);
      continue;
    }
    eliminated.push(...round.eliminated);
    step = round.step;
    if (round.remaining[0] === c) {
      // Routes tied with the old best share all its compared values, so they lose the same way.
      for (const t of ties) {
        const e = round.eliminated[0];
        if (e !== undefined) eliminated.push({ ...e, route: t.route });
      }
      ties = [];
      best = c;
    }
  }
  return { remaining: [best, ...ties], eliminated, step: ties.length === 0 ? step : undefined };
}

function selectAmong(candidates: readonly Candidate[], options: DecisionOptions): Round {
  return options.deterministicMed ? runSteps(candidates, options) : runPairwise(candidates, options);
}

/**
 * Selects the best route for one destination and says why every other route lost
 * (RFC 4271 section 9.1.2, RFC 4456 sections 8 and 9, RFC 5065 section 5.3, RFC 7311, RFC 5004).
 * Ineligible routes are left out first; then each step of 9.1.2.2 removes routes from the
 * candidate set. Never throws on odd route data.
 * @example
 * const { best, eliminated } = selectBest([r1, r2], { alwaysCompareMed: true });
 * // eliminated: [{ step: 'as-path-length', route: r2, by: r1, value: 3, byValue: 2 }]
 */
export function selectBest(routes: readonly Route[], options?: Partial<DecisionOptions>): Selection {
  checkOptions(options, 'selectBest', 'options');
  const opts = resolveDecisionOptions(options);
  const { candidates, ineligible } = partitionRoutes(routes, opts);
  const round = selectAmong(candidates, opts);
  return {
    best: round.remaining[0]?.route,
    step: round.step,
    eliminated: round.eliminated,
    ineligible,
    ties: round.remaining.slice(1).map((c) => c.route),
  };
}

/** Keeps, in place and in order, the first `n` candidates tied for the lowest key; returns how many. */
function keepLowestInPlace(c: Candidate[], n: number, key: (x: Candidate) => number | bigint): number {
  let best = key(c[0] as Candidate);
  for (let i = 1; i < n; i++) {
    const k = key(c[i] as Candidate);
    if (k < best) best = k;
  }
  let m = 0;
  for (let i = 0; i < n; i++) if (key(c[i] as Candidate) === best) c[m++] = c[i] as Candidate;
  return m;
}

const byPreference = (x: Candidate): number => -x.preference;
const byPathLength = (x: Candidate): number => x.asPathLength;
const byOriginRank = (x: Candidate): number => x.origin;
const byInternal = (x: Candidate): number => (x.isExternal ? 0 : 1);
const byCost = (x: Candidate): number => x.igpCost as number;
const byRouterId = (x: Candidate): number => x.routerId;
const byClusterList = (x: Candidate): number => x.clusterListLength;
const byAddress = (x: Candidate): bigint => x.peerAddress;

/**
 * The winner of `runSteps` for options without AIGP, RFC 5004 or `compareRouterId: false`, by
 * the same steps in the same order (RFC 4271 section 9.1.2.2, RFC 4456 section 9), filtering a
 * scratch copy in place: no explanation, nothing allocated but the copy.
 */
function winnerOf(candidates: readonly Candidate[], options: DecisionOptions): Candidate | undefined {
  const c = candidates.slice();
  let n = keepLowestInPlace(c, c.length, byPreference);
  if (n > 1 && !options.ignoreAsPathLength) n = keepLowestInPlace(c, n, byPathLength);
  if (n > 1) n = keepLowestInPlace(c, n, byOriginRank);
  if (n > 1) {
    // c: remove a route when another from the same neighbouring AS (any AS with alwaysCompareMed) has a lower MED.
    const lowest: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = c[i] as Candidate;
      let low = x.med;
      for (let j = 0; j < n; j++) {
        const y = c[j] as Candidate;
        if (y.med < low && (options.alwaysCompareMed || y.neighbourAs === x.neighbourAs)) low = y.med;
      }
      lowest.push(low);
    }
    let m = 0;
    for (let i = 0; i < n; i++) if ((c[i] as Candidate).med <= (lowest[i] as number)) c[m++] = c[i] as Candidate;
    n = m;
  }
  if (n > 1) n = keepLowestInPlace(c, n, byInternal);
  if (n > 1) {
    let known = true;
    for (let i = 0; i < n; i++) if ((c[i] as Candidate).igpCost === undefined) known = false;
    if (known) n = keepLowestInPlace(c, n, byCost);
  }
  if (n > 1) n = keepLowestInPlace(c, n, byRouterId);
  if (n > 1) n = keepLowestInPlace(c, n, byClusterList);
  if (n > 1) n = keepLowestInPlace(c, n, byAddress);
  return c[0];
}

/**
 * The best of candidates already prepared with `prepareRoute` (RFC 4271 section 9.1.2.2): what
 * {@link selectBest} selects for their routes, without explanations. Order matters only as it
 * does for `selectBest` (ties, and pairwise comparison without deterministic MED).
 */
export function selectPrepared(candidates: readonly Candidate[], options: DecisionOptions): Candidate | undefined {
  if (candidates.length < 2) return candidates[0];
  if (options.deterministicMed && !options.aigp && !options.rfc5004 && options.compareRouterId) return winnerOf(candidates, options);
  return selectAmong(candidates, options).remaining[0];
}

/**
 * Compares two routes by the decision process and names the deciding step or eligibility reason
 * (RFC 4271 section 9.1.2). Antisymmetric; not transitive across neighbouring ASes (RFC 3345),
 * so use {@link selectBest} or {@link rankRoutes}, not a sort, for more than two routes.
 * @example compareRoutes(a, b).step // 'med'
 */
export function compareRoutes(a: Route, b: Route, options?: Partial<DecisionOptions>): Comparison {
  checkOptions(options, 'compareRoutes', 'options');
  const opts = resolveDecisionOptions(options);
  const pa = partitionRoutes([a], opts);
  const pb = partitionRoutes([b], opts);
  const ca = pa.candidates[0];
  const cb = pb.candidates[0];
  if (ca === undefined || cb === undefined) {
    if (ca !== undefined) return { winner: 'a', order: -1, step: pb.ineligible[0]?.reason };
    if (cb !== undefined) return { winner: 'b', order: 1, step: pa.ineligible[0]?.reason };
    return { winner: 'equal', order: 0, step: undefined };
  }
  const round = runSteps([ca, cb], opts);
  if (round.remaining.length !== 1) return { winner: 'equal', order: 0, step: undefined };
  return round.remaining[0] === ca ? { winner: 'a', order: -1, step: round.step } : { winner: 'b', order: 1, step: round.step };
}

/**
 * Ranks the eligible routes best first by repeated selection (RFC 4271 section 9.1.2): the best,
 * then the best of the rest, and so on. Each entry names the step by which it lost to the route
 * ranked just before it. Ineligible routes are returned apart.
 * @example rankRoutes(routes).ranked.map((r) => r.step) // [undefined, 'med', 'peer-address']
 */
export function rankRoutes(routes: readonly Route[], options?: Partial<DecisionOptions>): Ranking {
  checkOptions(options, 'rankRoutes', 'options');
  const opts = resolveDecisionOptions(options);
  const { candidates, ineligible } = partitionRoutes(routes, opts);
  const ranked: RankedRoute[] = [];
  let rest = candidates;
  let previous: readonly Elimination[] = [];
  while (rest.length > 0) {
    const round = selectAmong(rest, opts);
    const winner = round.remaining[0] as Candidate;
    // A route is removed at most once per round, so this is the step that cost it the last round.
    ranked.push({ route: winner.route, step: previous.find((e) => e.route === winner.route)?.step });
    rest = rest.filter((c) => c !== winner);
    previous = round.eliminated;
  }
  return { ranked, ineligible };
}
