import fc from 'fast-check';
import type { AsPathSegment, PathAttribute } from '../../src/attributes/types.ts';
import type { DecisionOptions, LocalSpeaker, Route } from '../../src/decision/index.ts';

/** The local speaker most tests use: AS 65000, identifier 192.0.2.254. */
export const LOCAL: LocalSpeaker = { asn: 65000, bgpId: '192.0.2.254' };

/** What {@link makeRoute} builds a route from; everything has a default. */
export interface RouteSpec {
  readonly peerType?: Route['peer']['type'];
  readonly peerAsn?: number;
  readonly peerId?: string;
  readonly peerAddress?: string;
  /** A plain AS_SEQUENCE, or segments. Default: `[peerAsn]` for external, `[]` otherwise. */
  readonly asPath?: readonly number[] | readonly AsPathSegment[];
  readonly origin?: 'IGP' | 'EGP' | 'INCOMPLETE';
  readonly med?: number;
  readonly localPref?: number;
  readonly nextHop?: string;
  readonly originatorId?: string;
  readonly clusterList?: readonly string[];
  readonly aigp?: bigint;
  readonly igpCost?: number;
  readonly receivedAt?: number;
  readonly local?: LocalSpeaker;
  /** Attributes added as they are (for odd data). */
  readonly extra?: readonly PathAttribute[];
}

/** Builds a route as decodeMessage plus session knowledge would give it. */
export function makeRoute(spec: RouteSpec = {}): Route {
  const peerType = spec.peerType ?? 'external';
  const peerAsn = spec.peerAsn ?? (peerType === 'internal' ? (spec.local ?? LOCAL).asn : 65001);
  const peerAddress = spec.peerAddress ?? '10.0.0.1';
  const path = spec.asPath ?? (peerType === 'external' ? [peerAsn] : []);
  const segments: AsPathSegment[] =
    path.length > 0 && typeof path[0] === 'number'
      ? [{ type: 'AS_SEQUENCE', asns: path as number[] }]
      : (path as AsPathSegment[]);
  const attributes: PathAttribute[] = [
    { type: 'ORIGIN', origin: spec.origin ?? 'IGP' },
    { type: 'AS_PATH', segments },
    { type: 'NEXT_HOP', nextHop: spec.nextHop ?? peerAddress },
  ];
  if (spec.med !== undefined) attributes.push({ type: 'MULTI_EXIT_DISC', med: spec.med });
  if (spec.localPref !== undefined) attributes.push({ type: 'LOCAL_PREF', localPref: spec.localPref });
  if (spec.originatorId !== undefined) attributes.push({ type: 'ORIGINATOR_ID', originatorId: spec.originatorId });
  if (spec.clusterList !== undefined) attributes.push({ type: 'CLUSTER_LIST', clusterIds: spec.clusterList });
  if (spec.aigp !== undefined) attributes.push({ type: 'AIGP', tlvs: [{ tlvType: 1, metric: spec.aigp }] });
  if (spec.extra !== undefined) attributes.push(...spec.extra);
  return {
    attributes,
    peer: { asn: peerAsn, bgpId: spec.peerId ?? '192.0.2.1', address: peerAddress, type: peerType },
    local: spec.local ?? LOCAL,
    ...(spec.igpCost === undefined ? {} : { igpCost: spec.igpCost }),
    ...(spec.receivedAt === undefined ? {} : { receivedAt: spec.receivedAt }),
  };
}

// Mostly three neighbouring ASes; now and then the local AS (a loop).
const asn = fc.oneof({ arbitrary: fc.constantFrom(65001, 65002, 65003), weight: 15 }, { arbitrary: fc.constant(65000), weight: 1 });

/** `value` in about one case of `1 + absentWeight`, else undefined. */
function sometimes<T>(arb: fc.Arbitrary<T>, absentWeight: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: absentWeight }, { arbitrary: arb, weight: 1 });
}

/** AS_PATH segments from a small AS pool (so lengths and neighbouring ASes often tie). */
export const asPathSegments: fc.Arbitrary<AsPathSegment[]> = fc.array(
  fc.record({
    type: fc.constantFrom<AsPathSegment['type']>('AS_SEQUENCE', 'AS_SEQUENCE', 'AS_SET', 'AS_CONFED_SEQUENCE', 'AS_CONFED_SET'),
    asns: fc.array(asn, { minLength: 1, maxLength: 2 }),
  }),
  { maxLength: 2 },
);

/** Options for {@link routeArb}. */
export interface RouteArbOptions {
  /** Every route gets an interior cost (so the IGP step is never skipped). */
  readonly withIgpCost?: boolean;
}

/**
 * Random routes over small value pools, so every step gets to decide now and then: two or three
 * values per field, peers drawn from a pool where address and identifier are linked.
 */
export function routeArb(opts: RouteArbOptions = {}): fc.Arbitrary<Route> {
  const peer = fc.constantFrom(
    { address: '10.0.0.1', id: '192.0.2.1' },
    { address: '10.0.0.2', id: '192.0.2.2' },
    { address: '10.0.0.3', id: '192.0.2.1' },
    { address: '2001:db8::1', id: '192.0.2.3' },
    { address: '2001:db8::2', id: '192.0.2.2' },
  );
  return fc
    .record({
      peer,
      peerType: fc.constantFrom<Route['peer']['type']>('external', 'internal', 'confed-external'),
      peerAsn: asn,
      asPath: asPathSegments,
      origin: fc.constantFrom<'IGP' | 'EGP' | 'INCOMPLETE'>('IGP', 'IGP', 'IGP', 'EGP', 'INCOMPLETE'),
      med: fc.option(fc.constantFrom(0, 10, 20), { nil: undefined }),
      localPref: sometimes(fc.constantFrom(100, 200), 4),
      // 192.0.2.254 is LOCAL's identifier: an ORIGINATOR_ID or CLUSTER_LIST loop now and then.
      originatorId: sometimes(fc.constantFrom('192.0.2.1', '192.0.2.9', '192.0.2.9', '192.0.2.254'), 2),
      clusterList: sometimes(fc.array(fc.constantFrom('1.1.1.1', '2.2.2.2', '1.1.1.1', '192.0.2.254'), { maxLength: 2 }), 2),
      aigp: sometimes(fc.constantFrom(5n, 10n), 4),
      igpCost: opts.withIgpCost === true ? fc.constantFrom(1, 2, 3) : fc.option(fc.constantFrom(1, 2, 3), { nil: undefined }),
      receivedAt: sometimes(fc.integer({ min: 1, max: 4 }), 1),
    })
    .map((r) =>
      makeRoute({
        peerType: r.peerType,
        peerAsn: r.peerType === 'internal' ? 65000 : r.peerAsn,
        peerId: r.peer.id,
        peerAddress: r.peer.address,
        asPath: r.asPath,
        origin: r.origin,
        ...(r.med === undefined ? {} : { med: r.med }),
        ...(r.localPref === undefined ? {} : { localPref: r.localPref }),
        ...(r.originatorId === undefined ? {} : { originatorId: r.originatorId }),
        ...(r.clusterList === undefined ? {} : { clusterList: r.clusterList }),
        ...(r.aigp === undefined ? {} : { aigp: r.aigp }),
        ...(r.igpCost === undefined ? {} : { igpCost: r.igpCost }),
        ...(r.receivedAt === undefined ? {} : { receivedAt: r.receivedAt }),
      }),
    );
}

/** Option sets worth exploring (all order-independent: no RFC 5004, deterministic MED on). */
export const orderFreeOptionsArb = fc.record({
  alwaysCompareMed: fc.boolean(),
  ignoreAsPathLength: fc.boolean(),
  missingMedAsWorst: fc.boolean(),
  compareRouterId: fc.boolean(),
  aigp: fc.boolean(),
});

/** Any decision options, the current best route among `routes` or none. */
export const anyOptionsArb = (routes: readonly Route[]): fc.Arbitrary<Partial<DecisionOptions>> =>
  fc.record({
    alwaysCompareMed: fc.boolean(),
    deterministicMed: fc.boolean(),
    ignoreAsPathLength: fc.boolean(),
    missingMedAsWorst: fc.boolean(),
    compareRouterId: fc.boolean(),
    aigp: fc.boolean(),
    rfc5004: fc.boolean(),
    currentBest: fc.option(fc.constantFrom(...routes), { nil: undefined }),
  });
