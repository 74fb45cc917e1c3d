import { describe, expect, it } from 'vitest';
import { DECISION_STEP_ORDER, compareRoutes, rankRoutes, resolveDecisionOptions, selectBest } from '../../src/decision/index.ts';
import type { LocalSpeaker } from '../../src/decision/index.ts';
import { makeRoute } from '../arbitraries/routes.ts';

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

// RFC 3345 section 2.1, Figure 1: AS1 with route reflectors Ra (cluster 1: clients Rb, Rc) and
// Rd (cluster 2: client Re). Step 3 of the RFC's walk-through is Ra's table:
//
//          AS_PATH  MED   IGP Cost
//            6 100    0         13   (from Rd, originated by Re)
//            6 100    1          4   (from Rc)
//           10 100   10          5   (from Rb)
const Ra: LocalSpeaker = { asn: 1, bgpId: '10.255.0.1', clusterId: '0.0.0.1' };
const viaRd = makeRoute({
  peerType: 'internal', peerAsn: 1, peerId: '10.255.0.4', peerAddress: '10.1.0.4', local: Ra,
  asPath: [6, 100], med: 0, igpCost: 13, originatorId: '10.255.0.5', clusterList: ['0.0.0.2'],
});
const viaRc = makeRoute({ peerType: 'internal', peerAsn: 1, peerId: '10.255.0.3', peerAddress: '10.1.0.3', local: Ra, asPath: [6, 100], med: 1, igpCost: 4 });
const viaRb = makeRoute({ peerType: 'internal', peerAsn: 1, peerId: '10.255.0.2', peerAddress: '10.1.0.2', local: Ra, asPath: [10, 100], med: 10, igpCost: 5 });
const table3 = [viaRd, viaRc, viaRb];

describe('RFC 3345 section 2.1: MED is not transitive (route reflection)', () => {
  it('the RFC\'s own procedure picks "10 100" in every order, and explains both eliminations', () => {
    for (const order of permutations(table3)) {
      const sel = selectBest(order);
      expect(sel.best).toBe(viaRb);
      expect(sel.step).toBe('igp-cost');
      // "The first route (6 100, 0, 13) beats the second route (6 100, 1, 4) because of a lower MED.
      // Then the third route (10 100, 10, 5) beats the first route because of lower IGP metric"
      expect(sel.eliminated).toEqual([
        { step: 'med', route: viaRc, by: viaRd, value: 1, byValue: 0 },
        { step: 'igp-cost', route: viaRd, by: viaRb, value: 13, byValue: 5 },
      ]);
    }
  });

  it('pairwise MED comparison (deterministicMed: false) depends on arrival order, as the RFC shows', () => {
    const bests = new Set(permutations(table3).map((order) => selectBest(order, { deterministicMed: false }).best));
    // Every one of the three routes wins in some order.
    expect(bests).toEqual(new Set([viaRb, viaRc, viaRd]));
    // Rc vs Rb: different neighbouring ASes, so IGP cost (4 < 5) keeps Rc; then Rd beats Rc on MED.
    const sel = selectBest([viaRc, viaRb, viaRd], { deterministicMed: false });
    expect(sel.best).toBe(viaRd);
    expect(sel.step).toBe('med');
    expect(sel.eliminated.map((e) => [e.step, e.route, e.by])).toEqual([
      ['igp-cost', viaRb, viaRc],
      ['med', viaRc, viaRd],
    ]);
    // In the RFC's step 3 order the pairwise walk happens to agree.
    expect(selectBest(table3, { deterministicMed: false }).best).toBe(viaRb);
  });

  it('compareRoutes shows the cycle no sort can honour', () => {
    expect(compareRoutes(viaRd, viaRc).winner).toBe('a'); // MED, same neighbouring AS 6
    expect(compareRoutes(viaRc, viaRb).winner).toBe('a'); // IGP cost 4 < 5
    expect(compareRoutes(viaRb, viaRd).winner).toBe('a'); // IGP cost 5 < 13
    expect(compareRoutes(viaRd, viaRc).step).toBe('med');
  });

  it('always-compare-MED removes the oscillation: the lowest MED wins everywhere', () => {
    for (const order of permutations(table3)) {
      for (const deterministicMed of [true, false]) {
        const sel = selectBest(order, { alwaysCompareMed: true, deterministicMed });
        expect(sel.best).toBe(viaRd);
        expect(sel.step).toBe('med');
      }
    }
  });

  it('Rd\'s table in step 2 ("Rd then marks the \'6 100, 0, 12\' route as best because it has a lower MED")', () => {
    const Rd: LocalSpeaker = { asn: 1, bgpId: '10.255.0.4', clusterId: '0.0.0.2' };
    const fromRe = makeRoute({ peerType: 'internal', peerAsn: 1, peerId: '10.255.0.5', peerAddress: '10.2.0.5', local: Rd, asPath: [6, 100], med: 0, igpCost: 12 });
    const fromRa = makeRoute({ peerType: 'internal', peerAsn: 1, peerId: '10.255.0.1', peerAddress: '10.1.0.1', local: Rd, asPath: [6, 100], med: 1, igpCost: 5, originatorId: '10.255.0.3', clusterList: ['0.0.0.1'] });
    expect(selectBest([fromRa, fromRe])).toMatchObject({ best: fromRe, step: 'med' });
    // The reflected copy of Rd's own cluster's route would be a loop (RFC 4456 section 8).
    const back = makeRoute({ peerType: 'internal', peerAsn: 1, peerAddress: '10.1.0.1', local: Rd, asPath: [6, 100], originatorId: '10.255.0.5', clusterList: ['0.0.0.1', '0.0.0.2'] });
    expect(selectBest([back, fromRe]).ineligible).toEqual([{ reason: 'cluster-list-loop', route: back }]);
  });

  it('rankRoutes is repeated selection and names the step each route lost by', () => {
    const { ranked } = rankRoutes([viaRc, viaRd, viaRb]);
    expect(ranked).toEqual([
      { route: viaRb, step: undefined },
      { route: viaRd, step: 'igp-cost' },
      { route: viaRc, step: 'med' },
    ]);
  });
});

// RFC 3345 section 2.2, Figure 2: the same topology as a confederation. Ra is in Member-AS 65000,
// Rd in 65001; AS1 is the confederation identifier. Ra's candidates:
//   via Rb: 10 100, MED 10, IGP 3 (internal)      via Rc: 6 100, MED 1, IGP 2 (internal)
//   via Rd: (65001) 6 100, MED 0, IGP 1+6 = 7 (confederation-external)
describe('RFC 3345 section 2.2: confederations', () => {
  const RaC: LocalSpeaker = { asn: 65000, bgpId: '10.255.0.1', confederationId: 1 };
  const cRb = makeRoute({ peerType: 'internal', peerAsn: 65000, peerId: '10.255.0.2', peerAddress: '10.1.0.2', local: RaC, asPath: [10, 100], med: 10, igpCost: 3 });
  const cRc = makeRoute({ peerType: 'internal', peerAsn: 65000, peerId: '10.255.0.3', peerAddress: '10.1.0.3', local: RaC, asPath: [6, 100], med: 1, igpCost: 2 });
  const cRd = makeRoute({
    peerType: 'confed-external', peerAsn: 65001, peerId: '10.255.0.4', peerAddress: '10.1.0.4', local: RaC,
    asPath: [{ type: 'AS_CONFED_SEQUENCE', asns: [65001] }, { type: 'AS_SEQUENCE', asns: [6, 100] }], med: 0, igpCost: 7,
  });

  it('confederation segments do not count, the neighbouring AS is 6 for both, and Rd counts as internal', () => {
    for (const order of permutations([cRb, cRc, cRd])) {
      const sel = selectBest(order);
      expect(sel.best).toBe(cRb);
      expect(sel.eliminated.map((e) => [e.step, e.route])).toEqual([
        ['med', cRc],
        ['igp-cost', cRd],
      ]);
    }
  });

  it('without deterministic MED the order decides', () => {
    expect(selectBest([cRc, cRb, cRd], { deterministicMed: false }).best).toBe(cRd);
    expect(selectBest([cRd, cRc, cRb], { deterministicMed: false }).best).toBe(cRb);
  });

  it('an external route beats both confederation and internal routes at step d', () => {
    const ext = makeRoute({ peerType: 'external', peerAsn: 6, peerId: '10.255.9.9', peerAddress: '10.9.0.1', local: RaC, asPath: [6, 100], med: 0 });
    const sel = selectBest([cRb, cRc, cRd, ext]);
    expect(sel.best).toBe(ext);
    expect(sel.step).toBe('external-over-internal');
    // ext shares neighbouring AS 6 with cRc and cRd: with MED 0 it survives step c with cRd.
    expect(sel.eliminated.find((e) => e.route === cRc)?.step).toBe('med');
    expect(sel.eliminated.find((e) => e.route === cRb)?.step).toBe('external-over-internal');
  });
});

describe('route reflection (RFC 4456)', () => {
  const rr: LocalSpeaker = { asn: 65000, bgpId: '10.0.0.100', clusterId: '0.0.0.9' };
  it('a reflected route is judged by its ORIGINATOR_ID, then by CLUSTER_LIST length', () => {
    const direct = makeRoute({ peerType: 'internal', peerAsn: 65000, peerId: '10.0.0.7', peerAddress: '10.0.0.7', local: rr, asPath: [65001], igpCost: 10 });
    const reflected = makeRoute({
      peerType: 'internal', peerAsn: 65000, peerId: '10.0.0.2', peerAddress: '10.0.0.2', local: rr,
      asPath: [65001], igpCost: 10, originatorId: '10.0.0.7', clusterList: ['0.0.0.1'],
    });
    // Same originator (10.0.0.7) so step f ties; the unreflected copy has the shorter CLUSTER_LIST.
    expect(selectBest([reflected, direct])).toMatchObject({ best: direct, step: 'cluster-list-length' });
    const reflectedLow = makeRoute({
      peerType: 'internal', peerAsn: 65000, peerId: '10.0.0.200', peerAddress: '10.0.0.200', local: rr,
      asPath: [65001], igpCost: 10, originatorId: '10.0.0.3', clusterList: ['0.0.0.1'],
    });
    expect(selectBest([direct, reflectedLow])).toMatchObject({ best: reflectedLow, step: 'bgp-identifier' });
  });
  it('our own routes coming back are not eligible', () => {
    const mine = makeRoute({ peerType: 'internal', peerAsn: 65000, local: rr, asPath: [65001], originatorId: '10.0.0.100' });
    const looped = makeRoute({ peerType: 'internal', peerAsn: 65000, local: rr, asPath: [65001], clusterList: ['0.0.0.9'] });
    expect(selectBest([mine, looped])).toMatchObject({
      best: undefined,
      ineligible: [
        { reason: 'originator-id-loop', route: mine },
        { reason: 'cluster-list-loop', route: looped },
      ],
    });
  });
});

describe('selectBest, compareRoutes, rankRoutes: shape', () => {
  it('a single route is best with no deciding step; none gives undefined', () => {
    const r = makeRoute();
    expect(selectBest([r])).toEqual({ best: r, step: undefined, eliminated: [], ineligible: [], ties: [] });
    expect(selectBest([])).toEqual({ best: undefined, step: undefined, eliminated: [], ineligible: [], ties: [] });
  });
  it('compareRoutes names an eligibility reason when one route is ineligible', () => {
    const ok = makeRoute();
    const loop = makeRoute({ asPath: [65001, 65000] });
    expect(compareRoutes(ok, loop)).toEqual({ winner: 'a', order: -1, step: 'as-path-loop' });
    expect(compareRoutes(loop, ok)).toEqual({ winner: 'b', order: 1, step: 'as-path-loop' });
    expect(compareRoutes(loop, loop)).toEqual({ winner: 'equal', order: 0, step: undefined });
  });
  it('rankRoutes keeps ineligible routes apart and ties adjacent', () => {
    const a = makeRoute({ med: 1 });
    const b = makeRoute({ med: 2 });
    const c = makeRoute({ med: 1 });
    const bad = makeRoute({ asPath: [65000] });
    const { ranked, ineligible } = rankRoutes([b, bad, c, a]);
    expect(ranked).toEqual([
      { route: c, step: undefined },
      { route: a, step: undefined },
      { route: b, step: 'med' },
    ]);
    expect(ineligible).toEqual([{ reason: 'as-path-loop', route: bad }]);
  });
  it('the step order is the documented one', () => {
    expect(DECISION_STEP_ORDER).toEqual([
      'degree-of-preference', 'aigp', 'as-path-length', 'origin', 'med', 'external-over-internal',
      'igp-cost', 'current-best', 'oldest-external', 'bgp-identifier', 'cluster-list-length', 'peer-address',
    ]);
  });
  it('resolveDecisionOptions fills documented defaults and keeps what is given', () => {
    const d = resolveDecisionOptions();
    expect({ ...d, resolveNextHop: undefined, externalPreference: undefined }).toEqual({
      resolveNextHop: undefined, externalPreference: undefined, defaultLocalPref: 100, alwaysCompareMed: false,
      deterministicMed: true, ignoreAsPathLength: false, missingMedAsWorst: false, compareRouterId: true,
      rfc5004: false, currentBest: undefined, aigp: false, allowOwnAs: 0,
    });
    expect(resolveDecisionOptions({ alwaysCompareMed: true, defaultLocalPref: 7 })).toMatchObject({ alwaysCompareMed: true, defaultLocalPref: 7, deterministicMed: true });
  });
  it('pairwise mode: routes tied with a best that later loses are removed with it', () => {
    const a = makeRoute({ med: 5 });
    const twin = makeRoute({ med: 5 });
    const better = makeRoute({ med: 1, peerAddress: '10.0.0.9' });
    const sel = selectBest([a, twin, better], { deterministicMed: false });
    expect(sel.best).toBe(better);
    expect(sel.ties).toEqual([]);
    expect(sel.eliminated.map((e) => [e.step, e.route, e.by])).toEqual([
      ['med', a, better],
      ['med', twin, better],
    ]);
    expect(selectBest([better, a, twin], { deterministicMed: false }).eliminated).toHaveLength(2);
  });
  it('RFC 5004 through selectBest: the current best external route stays', () => {
    const r1 = makeRoute({ peerId: '192.0.2.1', peerAddress: '10.0.0.1' });
    const r2 = makeRoute({ peerId: '192.0.2.2', peerAddress: '10.0.0.2' });
    const r3 = makeRoute({ peerId: '192.0.2.3', peerAddress: '10.0.0.3', asPath: [65001, 65001] });
    const sel = selectBest([r1, r2, r3], { rfc5004: true, currentBest: r2 });
    expect(sel.best).toBe(r2);
    expect(sel.eliminated.map((e) => [e.step, e.route])).toEqual([
      ['as-path-length', r3],
      ['current-best', r1],
    ]);
    // A current best that already lost on an earlier step is not kept.
    expect(selectBest([r1, r2, r3], { rfc5004: true, currentBest: r3 }).best).toBe(r1);
  });
});
