import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRoutes, rankRoutes, selectBest } from '../../src/decision/index.ts';
import type { Route, Selection } from '../../src/decision/index.ts';
import { anyOptionsArb, orderFreeOptionsArb, routeArb } from '../arbitraries/routes.ts';
import { runs } from '../helpers/shared.ts';

const NUM_RUNS = runs(300, 20_000);

/** A list of routes and a permutation of it. */
const routesAndShuffle = (arb: fc.Arbitrary<Route>) =>
  fc.array(arb, { minLength: 1, maxLength: 8 }).chain((routes) =>
    fc.array(fc.double({ noNaN: true }), { minLength: routes.length, maxLength: routes.length }).map((keys) => {
      const shuffled = routes
        .map((r, i) => [keys[i] as number, i, r] as const)
        .sort((x, y) => x[0] - y[0] || x[1] - y[1])
        .map((x) => x[2]);
      return { routes, shuffled };
    }),
  );

function outcome(sel: Selection): { winners: Set<Route>; eliminated: Map<Route, string>; ineligible: Map<Route, string>; step: string | undefined } {
  return {
    winners: new Set([...(sel.best === undefined ? [] : [sel.best]), ...sel.ties]),
    eliminated: new Map(sel.eliminated.map((e) => [e.route, e.step])),
    ineligible: new Map(sel.ineligible.map((e) => [e.route, e.reason])),
    step: sel.step,
  };
}

describe('decision process properties (fast-check)', () => {
  it('selectBest does not depend on the order of its input (deterministic MED, no RFC 5004)', () => {
    fc.assert(
      fc.property(routesAndShuffle(routeArb()), orderFreeOptionsArb, ({ routes, shuffled }, options) => {
        const a = outcome(selectBest(routes, options));
        const b = outcome(selectBest(shuffled, options));
        expect(b).toEqual(a);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the winner is never eliminated, and every route is accounted for exactly once (all options)', () => {
    fc.assert(
      fc.property(
        fc.array(routeArb(), { minLength: 1, maxLength: 8 }).chain((routes) => fc.tuple(fc.constant(routes), anyOptionsArb(routes))),
        ([routes, options]) => {
          const sel = selectBest(routes, options);
          const seen = [
            ...(sel.best === undefined ? [] : [sel.best]),
            ...sel.ties,
            ...sel.eliminated.map((e) => e.route),
            ...sel.ineligible.map((e) => e.route),
          ];
          expect(seen).toHaveLength(routes.length);
          expect(new Set(seen)).toEqual(new Set(routes));
          const removed = new Set(sel.eliminated.map((e) => e.route));
          if (sel.best !== undefined) expect(removed.has(sel.best)).toBe(false);
          for (const t of sel.ties) expect(removed.has(t)).toBe(false);
          for (const e of sel.eliminated) expect(e.by).not.toBe(e.route);
          expect(sel.best === undefined).toBe(sel.ineligible.length === routes.length);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('each elimination names a route still in consideration at that step, and rankRoutes starts with the best', () => {
    fc.assert(
      fc.property(fc.array(routeArb(), { minLength: 1, maxLength: 8 }), orderFreeOptionsArb, (routes, options) => {
        const sel = selectBest(routes, options);
        const removedAt = new Map(sel.eliminated.map((e, i) => [e.route, i]));
        sel.eliminated.forEach((e, i) => {
          const byRemoved = removedAt.get(e.by);
          if (byRemoved !== undefined) expect(byRemoved).toBeGreaterThan(i);
        });
        const { ranked, ineligible } = rankRoutes(routes, options);
        expect(ranked.length + ineligible.length).toBe(routes.length);
        expect(ranked[0]?.route).toBe(sel.best);
        expect(ranked[0]?.step).toBeUndefined();
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('compareRoutes is antisymmetric and agrees with selectBest on two routes (all options)', () => {
    fc.assert(
      fc.property(
        fc.tuple(routeArb(), routeArb()).chain(([a, b]) => fc.tuple(fc.constant(a), fc.constant(b), anyOptionsArb([a, b]))),
        ([a, b, options]) => {
          const ab = compareRoutes(a, b, options);
          const ba = compareRoutes(b, a, options);
          const mirror = { a: 'b', b: 'a', equal: 'equal' } as const;
          expect(ba.winner).toBe(mirror[ab.winner]);
          expect(ba.order + ab.order).toBe(0);
          expect(ba.step).toBe(ab.step);
          const sel = selectBest([a, b], options);
          if (ab.winner === 'a') expect(sel.best).toBe(a);
          if (ab.winner === 'b') expect(sel.best).toBe(b);
          if (ab.winner === 'equal' && sel.best !== undefined) expect(sel.ties).toHaveLength(1);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('with always-compare-MED and known IGP costs the order is total: the best loses to no route, and pairwise agrees', () => {
    fc.assert(
      fc.property(
        routesAndShuffle(routeArb({ withIgpCost: true })),
        fc.boolean(),
        fc.boolean(),
        ({ routes, shuffled }, aigp, ignoreAsPathLength) => {
          const options = { alwaysCompareMed: true, aigp, ignoreAsPathLength };
          const sel = selectBest(routes, options);
          if (sel.best === undefined) return;
          for (const r of routes) expect(compareRoutes(sel.best, r, options).winner).not.toBe('b');
          const pairwise = selectBest(shuffled, { ...options, deterministicMed: false });
          expect([sel.best, ...sel.ties]).toContain(pairwise.best);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
