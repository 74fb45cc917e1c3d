import type { AsPathSegment, PathAttribute } from '../attributes/types.ts';
import { parseAddress, parseIPv4 } from '../wire/ip.ts';
import type { DecisionOptions, Route } from './types.ts';

// What each step compares, read once per route so steps stay simple. Every reader here
// tolerates odd data (missing attributes, wrong types): the decision process never throws
// on what a peer sent.

/** A route with the values the steps compare (internal to the decision process). */
export interface Candidate {
  readonly route: Route;
  /** Degree of preference, higher is better (RFC 4271 section 9.1.1). */
  readonly preference: number;
  /** AS_PATH length as 9.1.2.2 a counts it (RFC 5065 section 5.3: confederation segments count 0). */
  readonly asPathLength: number;
  /** 0 IGP, 1 EGP, 2 INCOMPLETE (a missing ORIGIN counts as INCOMPLETE). */
  readonly origin: number;
  /** MULTI_EXIT_DISC, with a missing one as 0 or 4294967295 by option. */
  readonly med: number;
  /** The neighbouring AS (RFC 4271 section 9.1.2.2 c, RFC 5065 section 5.3). */
  readonly neighbourAs: number;
  /** Learned from an external peer; confederation-external counts as internal (RFC 5065 section 5.3). */
  readonly isExternal: boolean;
  /** Interior cost to the next hop, when known. */
  readonly igpCost: number | undefined;
  /** RFC 7311 AIGP TLV value plus interior cost, when the route has an AIGP TLV. */
  readonly aigp: bigint | undefined;
  /** ORIGINATOR_ID, else the peer's BGP Identifier, as a number; 2^32 when unparseable (RFC 4456 section 9). */
  readonly routerId: number;
  /** The same as text, for explanations. */
  readonly routerIdText: string;
  /** CLUSTER_LIST length (RFC 4456 section 9: 0 without the attribute). */
  readonly clusterListLength: number;
  /** Peer address as a number: IPv4 below IPv6 below anything unparseable. */
  readonly peerAddress: bigint;
}

type Attr<T extends PathAttribute['type']> = PathAttribute & { readonly type: T };

/** The first attribute of `type` in the route, tolerating a missing or odd attribute list. */
export function findAttribute<T extends PathAttribute['type']>(route: Route, type: T): Attr<T> | undefined {
  const list: unknown = route?.attributes;
  if (!Array.isArray(list)) return undefined;
  for (const a of list as unknown[]) {
    if (a !== null && typeof a === 'object' && (a as { type?: unknown }).type === type) return a as Attr<T>;
  }
  return undefined;
}

function segmentsOf(route: Route): readonly AsPathSegment[] {
  const segs: unknown = findAttribute(route, 'AS_PATH')?.segments;
  return Array.isArray(segs) ? (segs as AsPathSegment[]).filter((s) => s !== null && typeof s === 'object') : [];
}

function asnsOf(seg: AsPathSegment): readonly number[] {
  return Array.isArray(seg.asns) ? seg.asns : [];
}

function isConfed(seg: AsPathSegment): boolean {
  return seg.type === 'AS_CONFED_SEQUENCE' || seg.type === 'AS_CONFED_SET';
}

/** AS_PATH length for RFC 4271 section 9.1.2.2 a: an AS_SET counts 1, confederation segments 0 (RFC 5065 section 5.3). */
export function asPathLength(route: Route): number {
  let n = 0;
  for (const seg of segmentsOf(route)) {
    if (seg.type === 'AS_SEQUENCE') n += asnsOf(seg).length;
    else if (seg.type === 'AS_SET') n += 1;
  }
  return n;
}

/**
 * The neighbouring AS (RFC 4271 section 9.1.2.2 c, RFC 5065 section 5.3): the leftmost AS of the
 * first AS_SEQUENCE after any confederation segments. A path that is empty, only confederation
 * segments, or begins with an AS_SET gives the local AS (the confederation identifier when set);
 * for an external route that means the peer's AS, the AS it was received from.
 */
export function neighbourAs(route: Route): number {
  for (const seg of segmentsOf(route)) {
    if (isConfed(seg)) continue;
    const first = asnsOf(seg)[0];
    if (seg.type === 'AS_SEQUENCE' && typeof first === 'number') return first;
    break;
  }
  if (route?.peer?.type === 'external' && typeof route.peer.asn === 'number') return route.peer.asn;
  return route?.local?.confederationId ?? route?.local?.asn ?? 0;
}

/** How many times `asn` appears in the route's AS_PATH, counting confederation segments only when `confed`. */
export function countAs(route: Route, asn: number, inConfedSegments: boolean, inOtherSegments: boolean): number {
  let n = 0;
  for (const seg of segmentsOf(route)) {
    if (isConfed(seg) ? !inConfedSegments : !inOtherSegments) continue;
    for (const a of asnsOf(seg)) if (a === asn) n++;
  }
  return n;
}

/** The next hop to resolve: `route.nextHop`, else MP_REACH_NLRI's first (RFC 4760 section 3), else NEXT_HOP. */
export function nextHopOf(route: Route): string | undefined {
  if (typeof route?.nextHop === 'string') return route.nextHop;
  const mp = findAttribute(route, 'MP_REACH_NLRI')?.nextHop;
  if (Array.isArray(mp) && typeof mp[0] === 'string') return mp[0];
  const nh = findAttribute(route, 'NEXT_HOP')?.nextHop;
  return typeof nh === 'string' ? nh : undefined;
}

/** LOCAL_PREF when present and a number (RFC 4271 section 5.1.5). */
export function localPrefOf(route: Route): number | undefined {
  const v = findAttribute(route, 'LOCAL_PREF')?.localPref;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** MULTI_EXIT_DISC when present and a number (RFC 4271 section 5.1.4). */
export function medOf(route: Route): number | undefined {
  const v = findAttribute(route, 'MULTI_EXIT_DISC')?.med;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

// Route reflection works inside one AS (RFC 4456), and RFC 7606 sections 7.9 and 7.10 discard
// ORIGINATOR_ID and CLUSTER_LIST "received from an external neighbor". decodeMessage reports
// that discard as an issue but keeps the attribute, so the decision process ignores both on any
// route not from an internal peer. A confederation-external peer is in another Member-AS, so its
// reflection attributes are ignored too, as BIRD does (it discards them unless the peer is in
// the same AS).
function hasReflectionAttributes(route: Route): boolean {
  return route?.peer?.type === 'internal';
}

/** ORIGINATOR_ID text, when present on a route from an internal peer (RFC 4456 section 8, RFC 7606 section 7.9). */
export function originatorIdOf(route: Route): string | undefined {
  if (!hasReflectionAttributes(route)) return undefined;
  const v = findAttribute(route, 'ORIGINATOR_ID')?.originatorId;
  return typeof v === 'string' ? v : undefined;
}

/** CLUSTER_LIST ids on a route from an internal peer (RFC 4456 section 8, RFC 7606 section 7.10); else empty. */
export function clusterListOf(route: Route): readonly string[] {
  if (!hasReflectionAttributes(route)) return [];
  const v: unknown = findAttribute(route, 'CLUSTER_LIST')?.clusterIds;
  return Array.isArray(v) ? (v as string[]) : [];
}

/** The AIGP TLV value (RFC 7311 section 3), when the route has one. */
export function aigpMetricOf(route: Route): bigint | undefined {
  const tlvs: unknown = findAttribute(route, 'AIGP')?.tlvs;
  if (!Array.isArray(tlvs)) return undefined;
  for (const t of tlvs as unknown[]) {
    if (t !== null && typeof t === 'object' && (t as { tlvType?: unknown }).tlvType === 1) {
      const m = (t as { metric?: unknown }).metric;
      if (typeof m === 'bigint') return m;
    }
  }
  return undefined;
}

const ORIGIN_RANK: Readonly<Record<string, number>> = { IGP: 0, EGP: 1, INCOMPLETE: 2 };

/** ORIGIN as 9.1.2.2 b ranks it: IGP 0, EGP 1, INCOMPLETE 2; missing or odd counts as INCOMPLETE. */
export function originRank(route: Route): number {
  const o = findAttribute(route, 'ORIGIN')?.origin;
  return (typeof o === 'string' ? ORIGIN_RANK[o] : undefined) ?? 2;
}

/** A dotted quad as an unsigned 32-bit number, or 2^32 (worse than any) when it is not one. */
export function ipv4Number(text: unknown): number {
  const b = typeof text === 'string' ? parseIPv4(text) : undefined;
  if (b === undefined) return 2 ** 32;
  return (b[0] as number) * 2 ** 24 + (b[1] as number) * 2 ** 16 + (b[2] as number) * 2 ** 8 + (b[3] as number);
}

/** An address as a number for 9.1.2.2 g: IPv4 values, then IPv6 (offset by 2^32), then anything unparseable. */
export function addressNumber(text: unknown): bigint {
  const b = typeof text === 'string' ? parseAddress(text) : undefined;
  if (b === undefined) return 1n << 129n;
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return b.length === 4 ? v : v + (1n << 32n);
}

function cleanCost(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Reads every value the steps compare (RFC 4271 section 9.1.2.2), with the interior cost already resolved. */
export function candidateOf(route: Route, igpCost: number | undefined, options: DecisionOptions): Candidate {
  const peerType = route?.peer?.type;
  const isExternal = peerType === 'external';
  let preference: number | undefined;
  // RFC 4271 section 5.1.5: LOCAL_PREF is for internal peers; RFC 5065 section 5.3 carries it
  // across the confederation, so confederation-external routes use it too.
  if (isExternal) preference = cleanCost(options.externalPreference(route));
  else preference = localPrefOf(route);
  const med = medOf(route) ?? (options.missingMedAsWorst ? 0xffffffff : 0);
  const cost = cleanCost(igpCost);
  const metric = aigpMetricOf(route);
  // RFC 7311 section 4.1: A is the AIGP TLV value plus the IGP distance to the next hop.
  const aigp = metric === undefined ? undefined : metric + BigInt(Math.max(0, Math.floor(Math.min(cost ?? 0, Number.MAX_SAFE_INTEGER))));
  const routerIdText = originatorIdOf(route) ?? (typeof route?.peer?.bgpId === 'string' ? route.peer.bgpId : '');
  return {
    route,
    preference: preference ?? options.defaultLocalPref,
    asPathLength: asPathLength(route),
    origin: originRank(route),
    med,
    neighbourAs: neighbourAs(route),
    isExternal,
    igpCost: cost,
    aigp,
    routerId: ipv4Number(routerIdText),
    routerIdText,
    clusterListLength: clusterListOf(route).length,
    peerAddress: addressNumber(route?.peer?.address),
  };
}
