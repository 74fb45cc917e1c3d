import { describe, expect, it } from 'vitest';
import { compareRoutes, selectBest } from '../../src/decision/index.ts';
import type { DecisionOptions, DecisionStep, Route } from '../../src/decision/index.ts';
import { makeRoute, type RouteSpec } from '../arbitraries/routes.ts';

// One test per step: two routes that differ only in what that step compares. The better one must
// win, at that step, whichever order they come in, and compareRoutes must agree.
function expectDecides(better: Route, worse: Route, step: DecisionStep, options: Partial<DecisionOptions> = {}): void {
  for (const routes of [
    [better, worse],
    [worse, better],
  ]) {
    const sel = selectBest(routes, options);
    expect(sel.best).toBe(better);
    expect(sel.step).toBe(step);
    expect(sel.ties).toEqual([]);
    expect(sel.eliminated).toHaveLength(1);
    expect(sel.eliminated[0]?.step).toBe(step);
    expect(sel.eliminated[0]?.route).toBe(worse);
    expect(sel.eliminated[0]?.by).toBe(better);
  }
  expect(compareRoutes(better, worse, options)).toEqual({ winner: 'a', order: -1, step });
  expect(compareRoutes(worse, better, options)).toEqual({ winner: 'b', order: 1, step });
}

function expectTie(a: Route, b: Route, options: Partial<DecisionOptions> = {}): void {
  expect(compareRoutes(a, b, options)).toEqual({ winner: 'equal', order: 0, step: undefined });
  const sel = selectBest([a, b], options);
  expect(sel.best).toBe(a);
  expect(sel.ties).toEqual([b]);
  expect(sel.step).toBeUndefined();
}

const pair = (common: RouteSpec, better: RouteSpec, worse: RouteSpec): [Route, Route] => [
  makeRoute({ ...common, ...better }),
  makeRoute({ ...common, ...worse }),
];

describe('degree of preference (RFC 4271 section 9.1.1)', () => {
  it('internal: "the local speaker ... shall use the value of the LOCAL_PREF attribute"', () => {
    const [a, b] = pair({ peerType: 'internal', asPath: [65001] }, { localPref: 200 }, { localPref: 100 });
    expectDecides(a, b, 'degree-of-preference');
  });
  it('internal without LOCAL_PREF takes defaultLocalPref (100)', () => {
    const [a, b] = pair({ peerType: 'internal', asPath: [65001] }, { localPref: 101 }, {});
    expectDecides(a, b, 'degree-of-preference');
    const [c, d] = pair({ peerType: 'internal', asPath: [65001] }, {}, { localPref: 99 });
    expectDecides(c, d, 'degree-of-preference');
    expectDecides(d, c, 'degree-of-preference', { defaultLocalPref: 50 });
  });
  it('confederation-external routes use LOCAL_PREF too (RFC 5065 section 5.3)', () => {
    const [a, b] = pair({ peerType: 'confed-external', asPath: [65001] }, { localPref: 300 }, { localPref: 100 });
    expectDecides(a, b, 'degree-of-preference');
  });
  it('external: "based on the locally-configured policy": the externalPreference hook; a received LOCAL_PREF is ignored', () => {
    const a = makeRoute({ receivedAt: 1, localPref: 10 });
    const b = makeRoute({ receivedAt: 2, localPref: 500 });
    expectTie(a, b);
    expectDecides(a, b, 'degree-of-preference', { externalPreference: (r) => (r.receivedAt === 1 ? 150 : undefined) });
  });
});

describe('AIGP (RFC 7311 section 4.1, with options.aigp)', () => {
  it('"remove from consideration all routes that are not tied for the lowest value of A"', () => {
    const [a, b] = pair({ peerType: 'internal', asPath: [65001] }, { aigp: 5n }, { aigp: 10n });
    expectDecides(a, b, 'aigp', { aigp: true });
    expectTie(a, b);
  });
  it('"remove ... all routes that do not have an AIGP attribute containing an AIGP TLV"', () => {
    const [a, b] = pair({ peerType: 'internal', asPath: [65001] }, { aigp: 1000n }, {});
    expectDecides(a, b, 'aigp', { aigp: true });
  });
  it('A is the AIGP value plus the interior cost, and runs before AS_PATH length', () => {
    const a = makeRoute({ peerType: 'internal', asPath: [65001, 65002], aigp: 5n, igpCost: 1 });
    const b = makeRoute({ peerType: 'internal', asPath: [65001], aigp: 2n, igpCost: 10 });
    expectDecides(a, b, 'aigp', { aigp: true });
    expectDecides(b, a, 'as-path-length');
  });
});

describe('AS_PATH length (RFC 4271 section 9.1.2.2 a)', () => {
  it('"Remove from consideration all routes that are not tied for having the smallest number of AS numbers"', () => {
    const [a, b] = pair({}, { asPath: [65001, 65100] }, { asPath: [65001, 65001, 65100] });
    expectDecides(a, b, 'as-path-length');
  });
  it('"an AS_SET counts as 1, no matter how many ASes are in the set"', () => {
    const [a, b] = pair(
      {},
      { asPath: [{ type: 'AS_SEQUENCE', asns: [65001] }, { type: 'AS_SET', asns: [1, 2, 3, 4] }] },
      { asPath: [65001, 65002, 65003] },
    );
    expectDecides(a, b, 'as-path-length');
  });
  it('"CONFED_SEQUENCE and CONFED_SETs SHOULD NOT be counted" (RFC 5065 section 5.3)', () => {
    const [a, b] = pair(
      { peerType: 'confed-external', peerAsn: 64512 },
      { asPath: [{ type: 'AS_CONFED_SEQUENCE', asns: [64512, 64513, 64514] }, { type: 'AS_SEQUENCE', asns: [65001] }] },
      { asPath: [{ type: 'AS_CONFED_SET', asns: [64512] }, { type: 'AS_SEQUENCE', asns: [65001, 65002] }] },
    );
    expectDecides(a, b, 'as-path-length');
  });
  it('is skipped with ignoreAsPathLength', () => {
    const [a, b] = pair({}, { asPath: [65001] }, { asPath: [65001, 65001] });
    expectTie(a, b, { ignoreAsPathLength: true });
  });
});

describe('ORIGIN (RFC 4271 section 9.1.2.2 b)', () => {
  it('"Remove ... all routes that are not tied for having the lowest Origin number"', () => {
    const [a, b] = pair({}, { origin: 'IGP' }, { origin: 'EGP' });
    expectDecides(a, b, 'origin');
    const [c, d] = pair({}, { origin: 'EGP' }, { origin: 'INCOMPLETE' });
    expectDecides(c, d, 'origin');
    expect(selectBest([d, c]).eliminated[0]).toMatchObject({ value: 'INCOMPLETE', byValue: 'EGP' });
  });
});

describe('MULTI_EXIT_DISC (RFC 4271 section 9.1.2.2 c)', () => {
  it('"Remove from consideration routes with less-preferred MULTI_EXIT_DISC attributes"', () => {
    const [a, b] = pair({}, { med: 10 }, { med: 20 });
    expectDecides(a, b, 'med');
  });
  it('"MULTI_EXIT_DISC is only comparable between routes learned from the same neighboring AS"', () => {
    const [a, b] = pair({ peerType: 'internal' }, { asPath: [65001, 65100], med: 10 }, { asPath: [65002, 65100], med: 20 });
    expectTie(a, b);
    expectDecides(a, b, 'med', { alwaysCompareMed: true });
  });
  it('"Routes that do not have the MULTI_EXIT_DISC attribute are considered to have the lowest possible" value', () => {
    const [a, b] = pair({}, {}, { med: 1 });
    expectDecides(a, b, 'med');
    expectDecides(b, a, 'med', { missingMedAsWorst: true });
    const [c, d] = pair({}, {}, { med: 0 });
    expectTie(c, d);
  });
  it('the neighbouring AS skips leading confederation segments (RFC 5065 section 5.3 rule 2)', () => {
    const [a, b] = pair(
      { peerType: 'confed-external', peerAsn: 64512 },
      { asPath: [{ type: 'AS_CONFED_SEQUENCE', asns: [64512] }, { type: 'AS_SEQUENCE', asns: [65001] }], med: 5 },
      { asPath: [{ type: 'AS_CONFED_SEQUENCE', asns: [64513] }, { type: 'AS_SEQUENCE', asns: [65001] }], med: 6 },
    );
    expectDecides(a, b, 'med');
  });
  it('a path of only confederation segments has the local AS as neighbour (RFC 5065 section 5.3 rule 1)', () => {
    const [a, b] = pair(
      { peerType: 'confed-external', peerAsn: 64512 },
      { asPath: [{ type: 'AS_CONFED_SEQUENCE', asns: [64512] }], med: 5 },
      { asPath: [{ type: 'AS_CONFED_SEQUENCE', asns: [64513] }], med: 6 },
    );
    expectDecides(a, b, 'med');
  });
  it('IBGP routes with an empty AS_PATH or one beginning with an AS_SET are from the local AS', () => {
    const a = makeRoute({ peerType: 'internal', asPath: [], med: 1 });
    const b = makeRoute({ peerType: 'internal', asPath: [{ type: 'AS_SET', asns: [65001] }], origin: 'IGP', med: 2 });
    // AS_SET counts 1 so lengths differ: compare a with a route of equal length instead.
    const c = makeRoute({ peerType: 'internal', asPath: [{ type: 'AS_SET', asns: [65001] }], med: 1 });
    expectDecides(c, b, 'med');
    expect(selectBest([a, b]).step).toBe('as-path-length');
  });
});

describe('external over internal (RFC 4271 section 9.1.2.2 d)', () => {
  it('"If at least one of the candidate routes was received via EBGP, remove ... all routes that were received via IBGP"', () => {
    const [a, b] = pair({ asPath: [65001] }, { peerType: 'external' }, { peerType: 'internal' });
    expectDecides(a, b, 'external-over-internal');
  });
  it('confederation-external counts as internal (RFC 5065 section 5.3 rule 4)', () => {
    const [a, b] = pair({ asPath: [65001] }, { peerType: 'external' }, { peerType: 'confed-external' });
    expectDecides(a, b, 'external-over-internal');
    const [c, d] = pair({ asPath: [65001] }, { peerType: 'internal' }, { peerType: 'confed-external' });
    expectTie(c, d);
  });
});

describe('interior cost (RFC 4271 section 9.1.2.2 e)', () => {
  it('"Remove from consideration any routes with less-preferred interior cost"', () => {
    const [a, b] = pair({ peerType: 'internal', asPath: [65001] }, { igpCost: 1 }, { igpCost: 2 });
    expectDecides(a, b, 'igp-cost');
  });
  it('the resolver\'s cost overrides Route.igpCost', () => {
    const [a, b] = pair({ peerType: 'internal', asPath: [65001] }, { nextHop: '10.9.9.1', igpCost: 50 }, { nextHop: '10.9.9.2', igpCost: 1 });
    expectDecides(a, b, 'igp-cost', { resolveNextHop: (nh) => ({ resolvable: true, igpCost: nh === '10.9.9.1' ? 3 : 4 }) });
  });
  it('"If the NEXT_HOP hop for a route is reachable, but no cost can be determined, then this step should be skipped"', () => {
    const [a, b] = pair({ peerType: 'internal', asPath: [65001] }, { igpCost: 5 }, {});
    expectTie(a, b);
  });
});

describe('RFC 5004 (options.rfc5004 with currentBest)', () => {
  const common: RouteSpec = { asPath: [65001] };
  it('"we propose that the existing best path (Path A) be kept as the best path"', () => {
    const [low, high] = pair(common, { peerId: '192.0.2.1', peerAddress: '10.0.0.1' }, { peerId: '192.0.2.2', peerAddress: '10.0.0.2' });
    expectDecides(low, high, 'bgp-identifier');
    expectDecides(high, low, 'current-best', { rfc5004: true, currentBest: high });
    expectDecides(low, high, 'bgp-identifier', { rfc5004: false, currentBest: high });
  });
  it('"SHOULD NOT be applied when either path is from a BGP Confederation peer"', () => {
    const [low, high] = pair(
      { ...common, peerType: 'confed-external' },
      { peerId: '192.0.2.1', peerAddress: '10.0.0.1' },
      { peerId: '192.0.2.2', peerAddress: '10.0.0.2' },
    );
    expectDecides(low, high, 'bgp-identifier', { rfc5004: true, currentBest: high });
  });
  it('"SHOULD NOT be applied when both paths are from peers with an identical BGP identifier"', () => {
    const [low, high] = pair(common, { peerAddress: '10.0.0.1' }, { peerAddress: '10.0.0.2' });
    expectDecides(low, high, 'peer-address', { rfc5004: true, currentBest: high });
  });
});

describe('oldest external (compareRouterId: false, BIRD `prefer older`)', () => {
  it('keeps the oldest external route before comparing identifiers', () => {
    const [old, young] = pair({ asPath: [65001] }, { peerId: '192.0.2.9', receivedAt: 1 }, { peerId: '192.0.2.1', receivedAt: 2 });
    expectDecides(old, young, 'oldest-external', { compareRouterId: false });
    expectDecides(young, old, 'bgp-identifier');
  });
  it('does not apply to internal routes or without receivedAt', () => {
    const [a, b] = pair({ asPath: [65001], peerType: 'internal' }, { peerId: '192.0.2.1', receivedAt: 2 }, { peerId: '192.0.2.9', receivedAt: 1 });
    expectDecides(a, b, 'bgp-identifier', { compareRouterId: false });
    const [c, d] = pair({ asPath: [65001] }, { peerId: '192.0.2.1', receivedAt: 2 }, { peerId: '192.0.2.9' });
    expectDecides(c, d, 'bgp-identifier', { compareRouterId: false });
  });
});

describe('BGP identifier (RFC 4271 section 9.1.2.2 f, RFC 4456 section 9)', () => {
  it('"Remove ... all routes other than the route that was advertised by the BGP speaker with the lowest BGP Identifier"', () => {
    const [a, b] = pair({}, { peerId: '192.0.2.2' }, { peerId: '192.0.2.10' });
    expectDecides(a, b, 'bgp-identifier');
    expect(selectBest([b, a]).eliminated[0]).toMatchObject({ value: '192.0.2.10', byValue: '192.0.2.2' });
  });
  it('compares identifiers as numbers, not text', () => {
    const [a, b] = pair({}, { peerId: '9.0.0.0' }, { peerId: '10.0.0.0' });
    expectDecides(a, b, 'bgp-identifier');
  });
  it('"the ORIGINATOR_ID SHOULD be treated as the BGP Identifier of the BGP speaker that has advertised the route"', () => {
    const [a, b] = pair({ peerType: 'internal', asPath: [65001] }, { peerId: '192.0.2.9', originatorId: '192.0.2.3' }, { peerId: '192.0.2.1', originatorId: '192.0.2.4' });
    expectDecides(a, b, 'bgp-identifier');
  });
});

describe('reflection attributes count only from internal peers', () => {
  it('a confederation-external route is judged by its peer\'s identifier, not its ORIGINATOR_ID (as BIRD does)', () => {
    const common: RouteSpec = { peerType: 'confed-external', peerAsn: 64513, asPath: [{ type: 'AS_CONFED_SEQUENCE', asns: [64513] }] };
    const [a, b] = pair(common, { peerId: '192.0.2.2', originatorId: '192.0.2.200' }, { peerId: '192.0.2.3', originatorId: '192.0.2.100' });
    expectDecides(a, b, 'bgp-identifier');
    const [c, d] = pair({ ...common, peerAddress: '10.0.0.5' }, { peerAddress: '10.0.0.1', clusterList: ['1.1.1.1', '2.2.2.2'] }, { clusterList: [] });
    expectDecides(c, d, 'peer-address');
  });
});

describe('CLUSTER_LIST length (RFC 4456 section 9)', () => {
  it('"a BGP Speaker SHOULD prefer a route with the shorter CLUSTER_LIST length"', () => {
    const [a, b] = pair({ peerType: 'internal', asPath: [65001], originatorId: '192.0.2.7' }, { clusterList: ['1.1.1.1'] }, { clusterList: ['1.1.1.1', '2.2.2.2'] });
    expectDecides(a, b, 'cluster-list-length');
  });
  it('"The CLUSTER_LIST length is zero if a route does not carry the CLUSTER_LIST attribute"', () => {
    const [a, b] = pair({ peerType: 'internal', asPath: [65001] }, {}, { clusterList: ['1.1.1.1'] });
    expectDecides(a, b, 'cluster-list-length');
  });
});

describe('peer address (RFC 4271 section 9.1.2.2 g)', () => {
  it('"Prefer the route received from the lowest peer address" (numerically)', () => {
    const [a, b] = pair({}, { peerAddress: '10.0.0.2' }, { peerAddress: '10.0.0.10' });
    expectDecides(a, b, 'peer-address');
  });
  it('IPv6 numerically, and IPv4 before IPv6', () => {
    const [a, b] = pair({}, { peerAddress: '2001:db8::9' }, { peerAddress: '2001:db8::10' });
    expectDecides(a, b, 'peer-address');
    const [c, d] = pair({}, { peerAddress: '255.255.255.255' }, { peerAddress: '::1' });
    expectDecides(c, d, 'peer-address');
  });
  it('the same peer address ties: both stay, the first given is best', () => {
    const [a, b] = pair({}, {}, {});
    expectTie(a, b);
  });
});
