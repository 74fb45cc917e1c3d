import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareRoute } from '../../src/decision/eligibility.ts';
import type { Candidate } from '../../src/decision/facts.ts';
import { resolveDecisionOptions } from '../../src/decision/options.ts';
import { selectBest, selectPrepared } from '../../src/decision/select.ts';
import { anyOptionsArb, routeArb } from '../arbitraries/routes.ts';
import { runs } from '../helpers/shared.ts';

// prepareRoute + selectPrepared (what the RIBs use, with facts kept per route) select exactly
// what selectBest selects, under every option (the allocation-free path and the fallback).

describe('prepareRoute and selectPrepared', () => {
  it('select what selectBest selects', () => {
    fc.assert(
      fc.property(
        fc.array(routeArb(), { minLength: 1, maxLength: 8 }).chain((routes) => fc.tuple(fc.constant(routes), anyOptionsArb(routes))),
        ([routes, partial]) => {
          const options = resolveDecisionOptions(partial);
          const candidates = routes.map((r) => prepareRoute(r, options)).filter((c): c is Candidate => !('reason' in c));
          expect(selectPrepared(candidates, options)?.route).toBe(selectBest(routes, partial).best);
        },
      ),
      { numRuns: runs(1000, 50_000) },
    );
  });

  it('names the reason of an ineligible route as selectBest does', () => {
    fc.assert(
      fc.property(routeArb(), (route) => {
        const p = prepareRoute(route, resolveDecisionOptions());
        expect('reason' in p ? p.reason : undefined).toBe(selectBest([route]).ineligible[0]?.reason);
      }),
      { numRuns: runs(300, 10_000) },
    );
  });
});
