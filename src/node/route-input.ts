import { formatCommunity, parseCommunity } from '../attributes/communities.ts';
import type { AsPathSegment, ExtendedCommunity, PathAttribute } from '../attributes/types.ts';
import { WellKnownCommunity } from '../iana.ts';
import { canonicalPrefix, parseIPv4, parseIPv6, parsePrefix } from '../wire/ip.ts';
import type { RibFamily } from '../rib/types.ts';

/**
 * A route to announce, in friendly values (docs/SPEAKER.md). Everything but `prefixes` is
 * optional: ORIGIN defaults to IGP, NEXT_HOP to self, AS_PATH to empty (the local AS is
 * prepended towards external peers), LOCAL_PREF to 100 towards internal peers.
 */
export interface RouteInput {
  /** IPv4 and/or IPv6 prefixes, e.g. `['10.1.0.0/24', '2001:db8::/48']`. */
  readonly prefixes: readonly string[];
  /** The next hop; IPv6 routes may give the global and link-local ones. Default: self. */
  readonly nextHop?: string | readonly string[];
  /** AS_PATH as a list of ASNs (one AS_SEQUENCE) or segments, before the local AS is prepended. */
  readonly asPath?: readonly number[] | readonly AsPathSegment[];
  /** ORIGIN (RFC 4271 5.1.1). Default IGP. */
  readonly origin?: 'IGP' | 'EGP' | 'INCOMPLETE';
  /** MULTI_EXIT_DISC, kept as given (RFC 4271 5.1.4). */
  readonly med?: number;
  /** LOCAL_PREF for internal peers (RFC 4271 5.1.5). Default 100. */
  readonly localPref?: number;
  /** `65000:1` or well-known names (`no-export`, `no-advertise`, `blackhole`, `graceful-shutdown`, ...). */
  readonly communities?: readonly string[];
  /** RFC 8092 `65000:1:2`. */
  readonly largeCommunities?: readonly string[];
  /** RFC 4360: values, or `rt:65000:1` / `soo:65000:1` / `rt:192.0.2.1:7` text. */
  readonly extendedCommunities?: readonly (ExtendedCommunity | string)[];
  /** ATOMIC_AGGREGATE (RFC 4271 5.1.6). */
  readonly atomicAggregate?: boolean;
  /** AGGREGATOR (RFC 4271 5.1.7). */
  readonly aggregator?: { readonly asn: number; readonly address: string };
  /** Any other attributes, sent as given (after the ones above). */
  readonly attributes?: readonly PathAttribute[];
  /** ADD-PATH path id where ADD-PATH send is negotiated. Default 1. */
  readonly pathId?: number;
}

/** One locally originated route: one prefix of a {@link RouteInput}. */
export interface LocalRoute {
  readonly family: RibFamily;
  /** Canonical prefix text. */
  readonly prefix: string;
  readonly pathId: number;
  /** The attributes common to every peer (no AS_PATH prepend, NEXT_HOP or LOCAL_PREF yet). */
  readonly attributes: readonly PathAttribute[];
  readonly asPath: readonly AsPathSegment[];
  readonly nextHop: readonly string[] | undefined;
  readonly localPref: number | undefined;
  readonly input: RouteInput;
}

const NAMED: Readonly<Record<string, number>> = {
  'no-export': WellKnownCommunity.NO_EXPORT,
  'no-advertise': WellKnownCommunity.NO_ADVERTISE,
  'no-export-subconfed': WellKnownCommunity.NO_EXPORT_SUBCONFED,
  'no-peer': 0xffffff04,
  blackhole: WellKnownCommunity.BLACKHOLE,
  'graceful-shutdown': WellKnownCommunity.GRACEFUL_SHUTDOWN,
  'accept-own': WellKnownCommunity.ACCEPT_OWN,
  'llgr-stale': WellKnownCommunity.LLGR_STALE,
  'no-llgr': WellKnownCommunity.NO_LLGR,
};

/** `65000:1`, `NO_EXPORT` or `no-export` as `ASN:value` text. @throws TypeError when it is none of these. */
export function communityText(c: string): string {
  if (typeof c !== 'string') throw new TypeError(`community: expected text, got ${String(c)}`);
  const named = NAMED[c.toLowerCase()];
  return formatCommunity(named ?? parseCommunity(c));
}

function u32(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new TypeError(`announce: ${name} must be an integer 0..4294967295, got ${String(v)}`);
  return v;
}

/** `rt:65000:1`, `soo:65000:1`, `rt:192.0.2.1:7` (RFC 4360 section 4, RFC 5668). */
function extendedCommunity(c: ExtendedCommunity | string): ExtendedCommunity {
  if (typeof c !== 'string') return c;
  const m = /^(rt|soo|ro|route-target|route-origin)[: ]([^:]+):(\d+)$/.exec(c.trim());
  if (m === null) throw new TypeError(`extended community ${JSON.stringify(c)}: expected rt:ASN:value, soo:ASN:value or rt:IPv4:value`);
  const kind = m[1] === 'rt' || m[1] === 'route-target' ? 'route-target' : 'route-origin';
  const subtype = kind === 'route-target' ? 2 : 3;
  const g = m[2] as string;
  const local = Number(m[3]);
  if (parseIPv4(g) !== undefined) return { kind, type: 0x01, subtype, global: g, local: checkRange(c, local, 0xffff) };
  const asn = Number(g);
  if (!Number.isInteger(asn) || asn < 0 || asn > 0xffffffff) throw new TypeError(`extended community ${JSON.stringify(c)}: ${g} is not an ASN or IPv4 address`);
  // Two-octet AS specific (type 0x00) when it fits, else four-octet AS specific (0x02, RFC 5668).
  return asn <= 0xffff ? { kind, type: 0x00, subtype, global: asn, local: checkRange(c, local, 0xffffffff) } : { kind, type: 0x02, subtype, global: asn, local: checkRange(c, local, 0xffff) };
}

function checkRange(c: string, v: number, max: number): number {
  if (!Number.isInteger(v) || v > max) throw new TypeError(`extended community ${JSON.stringify(c)}: local value ${v} exceeds ${max}`);
  return v;
}

function largeCommunity(c: string): string {
  const m = /^(\d+):(\d+):(\d+)$/.exec(String(c));
  if (m === null || [m[1], m[2], m[3]].some((x) => Number(x) > 0xffffffff)) throw new TypeError(`large community ${JSON.stringify(c)}: expected ASN:value:value`);
  return `${Number(m[1])}:${Number(m[2])}:${Number(m[3])}`;
}

function asPathOf(p: RouteInput['asPath']): AsPathSegment[] {
  if (p === undefined || p.length === 0) return [];
  if (typeof p[0] === 'number') {
    const asns = (p as readonly number[]).map((a) => u32('asPath entry', a));
    // RFC 4271 4.3: an AS_SEQUENCE holds at most 255 ASes.
    const out: AsPathSegment[] = [];
    for (let i = 0; i < asns.length; i += 255) out.push({ type: 'AS_SEQUENCE', asns: asns.slice(i, i + 255) });
    return out;
  }
  return [...(p as readonly AsPathSegment[])];
}

/**
 * Splits a {@link RouteInput} into one {@link LocalRoute} per prefix, checking every value.
 * @throws TypeError naming the first value that is wrong.
 */
export function localRoutes(input: RouteInput): LocalRoute[] {
  if (input === null || typeof input !== 'object' || !Array.isArray(input.prefixes)) throw new TypeError('announce: { prefixes: [...] } required');
  const attrs: PathAttribute[] = [{ type: 'ORIGIN', origin: input.origin ?? 'IGP' }];
  if (input.origin !== undefined && !['IGP', 'EGP', 'INCOMPLETE'].includes(input.origin)) throw new TypeError(`announce: origin ${JSON.stringify(input.origin)} is not IGP, EGP or INCOMPLETE`);
  if (input.med !== undefined) attrs.push({ type: 'MULTI_EXIT_DISC', med: u32('med', input.med) });
  if (input.atomicAggregate === true) attrs.push({ type: 'ATOMIC_AGGREGATE' });
  if (input.aggregator !== undefined) attrs.push({ type: 'AGGREGATOR', asn: u32('aggregator.asn', input.aggregator.asn), address: input.aggregator.address });
  if (input.communities !== undefined && input.communities.length > 0) attrs.push({ type: 'COMMUNITIES', communities: input.communities.map(communityText) });
  if (input.extendedCommunities !== undefined && input.extendedCommunities.length > 0) attrs.push({ type: 'EXTENDED_COMMUNITIES', communities: input.extendedCommunities.map(extendedCommunity) });
  if (input.largeCommunities !== undefined && input.largeCommunities.length > 0) attrs.push({ type: 'LARGE_COMMUNITY', communities: input.largeCommunities.map(largeCommunity) });
  for (const a of input.attributes ?? []) attrs.push(a);
  const nh = input.nextHop === undefined ? undefined : typeof input.nextHop === 'string' ? [input.nextHop] : [...input.nextHop];
  for (const a of nh ?? []) if (parseIPv4(a) === undefined && parseIPv6(a) === undefined) throw new TypeError(`announce: nextHop ${JSON.stringify(a)} is not an address`);
  const localPref = input.localPref === undefined ? undefined : u32('localPref', input.localPref);
  const asPath = asPathOf(input.asPath);
  const pathId = input.pathId === undefined ? 1 : u32('pathId', input.pathId);
  return input.prefixes.map((text) => {
    const p = typeof text === 'string' ? parsePrefix(text) : undefined;
    if (p === undefined) throw new TypeError(`announce: ${JSON.stringify(text)} is not a prefix`);
    return { family: p.size === 4 ? 'ipv4-unicast' : 'ipv6-unicast', prefix: canonicalPrefix(text) as string, pathId, attributes: attrs, asPath, nextHop: nh, localPref, input };
  });
}

/** The prefixes of a withdraw call, canonical and with their family. @throws TypeError on a non-prefix. */
export function withdrawnPrefixes(prefixes: readonly string[]): { family: RibFamily; prefix: string }[] {
  if (!Array.isArray(prefixes)) throw new TypeError('withdraw: an array of prefixes required');
  return prefixes.map((text) => {
    const p = typeof text === 'string' ? parsePrefix(text) : undefined;
    if (p === undefined) throw new TypeError(`withdraw: ${JSON.stringify(text)} is not a prefix`);
    return { family: p.size === 4 ? 'ipv4-unicast' : 'ipv6-unicast', prefix: canonicalPrefix(text) as string };
  });
}

/** The key of a route in the Adj-RIBs-Out and the local route tables: family, prefix, path id. */
export function routeKey(family: RibFamily, prefix: string, pathId: number): string {
  return `${family} ${prefix} ${pathId}`;
}
