import { describe, expect, it } from 'vitest';
import { hasAsLoop, ineligibleReason, nextHopOf, resolveDecisionOptions, selectBest } from '../../src/decision/index.ts';
import type { PathAttribute } from '../../src/attributes/types.ts';
import type { Route } from '../../src/decision/index.ts';
import { LOCAL, makeRoute } from '../arbitraries/routes.ts';

const opts = resolveDecisionOptions();

describe('eligibility (RFC 4271 section 9.1.2)', () => {
  it('a route with a resolvable next hop and no loop is eligible', () => {
    expect(ineligibleReason(makeRoute(), opts)).toBeUndefined();
  });

  it('"the BGP route MUST be excluded from the Phase 2 decision function" when the next hop does not resolve', () => {
    const r = makeRoute({ nextHop: '203.0.113.1' });
    const resolveNextHop = (nh: string | undefined) => ({ resolvable: nh !== '203.0.113.1' });
    expect(ineligibleReason(r, resolveDecisionOptions({ resolveNextHop }))).toBe('next-hop-unresolvable');
    const other = makeRoute({ peerAddress: '10.0.0.9', asPath: [65001, 65002, 65003] });
    const sel = selectBest([r, other], { resolveNextHop });
    expect(sel.best).toBe(other);
    expect(sel.ineligible).toEqual([{ reason: 'next-hop-unresolvable', route: r }]);
    expect(sel.eliminated).toEqual([]);
  });

  it('the default resolver rejects only a route without any next hop', () => {
    const bare: Route = { ...makeRoute(), attributes: [{ type: 'ORIGIN', origin: 'IGP' }] };
    expect(ineligibleReason(bare, opts)).toBe('next-hop-unresolvable');
  });

  it('the next hop comes from MP_REACH_NLRI for MP families (RFC 4760), unless Route.nextHop overrides', () => {
    const mp: PathAttribute = { type: 'MP_REACH_NLRI', afi: 2, safi: 1, nextHop: ['2001:db8::1', 'fe80::1'], nlri: [{ prefix: '2001:db8:1::/48' }] };
    const r = makeRoute({ extra: [mp] });
    expect(nextHopOf(r)).toBe('2001:db8::1');
    expect(nextHopOf({ ...r, nextHop: '10.0.0.1' })).toBe('10.0.0.1');
    expect(nextHopOf(makeRoute({ nextHop: '10.1.1.1' }))).toBe('10.1.1.1');
    const seen: (string | undefined)[] = [];
    selectBest([r], { resolveNextHop: (nh) => (seen.push(nh), { resolvable: true }) });
    expect(seen).toEqual(['2001:db8::1']);
  });

  it('"checking that the autonomous system number of the local system does not appear in the AS_PATH"', () => {
    const loop = makeRoute({ asPath: [65001, LOCAL.asn, 65100] });
    expect(ineligibleReason(loop, opts)).toBe('as-path-loop');
    expect(ineligibleReason(makeRoute({ asPath: [{ type: 'AS_SEQUENCE', asns: [65001] }, { type: 'AS_SET', asns: [LOCAL.asn] }] }), opts)).toBe('as-path-loop');
    expect(ineligibleReason(loop, resolveDecisionOptions({ allowOwnAs: 1 }))).toBeUndefined();
    expect(hasAsLoop(makeRoute({ asPath: [65001, LOCAL.asn, LOCAL.asn] }), 1)).toBe(true);
  });

  it('confederation: the confederation identifier outside, the Member-AS inside confederation segments (RFC 5065 section 3)', () => {
    const local = { asn: 64512, bgpId: '192.0.2.254', confederationId: 65000 };
    const viaConfed = (segments: Route['attributes'][number] & { type: 'AS_PATH' }) =>
      ineligibleReason({ ...makeRoute({ peerType: 'confed-external', local }), attributes: [{ type: 'NEXT_HOP', nextHop: '10.0.0.1' }, segments] }, opts);
    expect(viaConfed({ type: 'AS_PATH', segments: [{ type: 'AS_CONFED_SEQUENCE', asns: [64513, 64512] }, { type: 'AS_SEQUENCE', asns: [65001] }] })).toBe('as-path-loop');
    expect(viaConfed({ type: 'AS_PATH', segments: [{ type: 'AS_CONFED_SEQUENCE', asns: [64513] }, { type: 'AS_SEQUENCE', asns: [65000] }] })).toBe('as-path-loop');
    expect(viaConfed({ type: 'AS_PATH', segments: [{ type: 'AS_CONFED_SEQUENCE', asns: [64513, 65000] }, { type: 'AS_SEQUENCE', asns: [65001] }] })).toBeUndefined();
    expect(viaConfed({ type: 'AS_PATH', segments: [{ type: 'AS_CONFED_SEQUENCE', asns: [64513] }, { type: 'AS_SEQUENCE', asns: [65001, 64512] }] })).toBeUndefined();
  });

  it('"A router that recognizes the ORIGINATOR_ID attribute SHOULD ignore a route received with its BGP Identifier as the ORIGINATOR_ID" (RFC 4456 section 8)', () => {
    const r = makeRoute({ peerType: 'internal', originatorId: LOCAL.bgpId });
    expect(ineligibleReason(r, opts)).toBe('originator-id-loop');
  });

  it('"If the local CLUSTER_ID is found in the CLUSTER_LIST, the advertisement received SHOULD be ignored" (RFC 4456 section 8)', () => {
    const local = { ...LOCAL, clusterId: '1.1.1.1' };
    expect(ineligibleReason(makeRoute({ peerType: 'internal', local, clusterList: ['2.2.2.2', '1.1.1.1'] }), opts)).toBe('cluster-list-loop');
    expect(ineligibleReason(makeRoute({ peerType: 'internal', local, clusterList: ['2.2.2.2'] }), opts)).toBeUndefined();
    // Without a configured cluster id, the CLUSTER_ID is the BGP Identifier (RFC 4456 section 7).
    expect(ineligibleReason(makeRoute({ peerType: 'internal', clusterList: [LOCAL.bgpId] }), opts)).toBe('cluster-list-loop');
  });

  it('ORIGINATOR_ID and CLUSTER_LIST from a non-internal peer are ignored ("SHALL be discarded", RFC 7606 sections 7.9, 7.10)', () => {
    for (const peerType of ['external', 'confed-external'] as const) {
      expect(ineligibleReason(makeRoute({ peerType, originatorId: LOCAL.bgpId }), opts)).toBeUndefined();
      expect(ineligibleReason(makeRoute({ peerType, clusterList: [LOCAL.bgpId] }), opts)).toBeUndefined();
    }
  });

  it('never throws on odd route data', () => {
    const odd: unknown[] = [
      { attributes: undefined, peer: undefined, local: undefined },
      { attributes: [null, 5, { type: 'AS_PATH' }, { type: 'AS_PATH', segments: [null, { type: 'AS_SEQUENCE' }] }], peer: {}, local: {} },
      { attributes: [{ type: 'LOCAL_PREF', localPref: 'x' }, { type: 'MULTI_EXIT_DISC', med: Number.NaN }, { type: 'NEXT_HOP', nextHop: '1.2.3.4' }], peer: { type: 'internal', address: 'not an ip', bgpId: 7 }, local: { asn: 1, bgpId: '1.1.1.1' } },
      { attributes: [{ type: 'AIGP', tlvs: [{ tlvType: 1, metric: 3 }, null] }, { type: 'CLUSTER_LIST', clusterIds: 'x' }, { type: 'NEXT_HOP', nextHop: '1.2.3.4' }], peer: { type: 'external', address: '1.1.1.1', bgpId: '1.1.1.1' }, local: { asn: 1, bgpId: '1.1.1.1' }, igpCost: Number.NaN },
      { attributes: [{ type: 'NEXT_HOP', nextHop: '1.2.3.5' }, { type: 'ORIGIN', origin: 'WHAT' }], peer: { type: 'external', address: '1.1.1.2', bgpId: '1.1.1.2' }, local: { asn: 1, bgpId: '1.1.1.1' }, igpCost: 1e300 },
      null,
      7,
    ];
    const routes = odd as Route[];
    for (const options of [{}, { aigp: true, alwaysCompareMed: true, compareRouterId: false }, { deterministicMed: false }]) {
      expect(() => selectBest(routes, options)).not.toThrow();
      expect(() => selectBest(routes.slice().reverse(), options)).not.toThrow();
    }
    expect(selectBest(null as unknown as Route[]).best).toBeUndefined();
    expect(selectBest([]).best).toBeUndefined();
  });
});
