import { reconstructAsPath } from '../attributes/as4.ts';
import { decodeAttributes } from '../attributes/decode.ts';
import type { AsPathSegment, PathAttribute, Prefix } from '../attributes/types.ts';
import type { MrtBgpMessageRecord, MrtRecord, MrtRibRecord, MrtStateChangeRecord, MrtTableDumpRecord } from '../capture/mrt-types.ts';
import { decodeRibAttributes } from '../capture/mrt-rib-attributes.ts';
import { MrtType } from '../iana.ts';
import { decodeMessage } from '../messages/decode.ts';
import type { BgpMessage } from '../messages/types.ts';
import { isBgpError } from '../wire/errors.ts';

// The one-line-per-route format of `bgpdump -m` (RIPE NCC libbgpdump), field by field:
//   BGP4MP|<time>|A|<peer ip>|<peer as>|<prefix>|[<path id>|]<as path>|<origin>|<next hop>|
//     <local pref>|<med>|<communities>|<AG|NAG>|[<aggregator as> <aggregator ip>]|
//   BGP4MP|<time>|W|<peer ip>|<peer as>|<prefix>[|<path id>]
//   BGP4MP|<time>|STATE|<peer ip>|<peer as>|<old state>|<new state>
//   TABLE_DUMP2|<time>|B|<peer ip>|<peer as>|<prefix>|... as A
// Written from the format's observed output (Debian bgpdump 1.6.2), not from its code. The
// deliberate differences (host bits masked, large communities, ...) are in docs/CLI.md.

/** What a route line needs from its path attributes, in bgpdump's terms. */
interface RouteFields {
  readonly asPath: string;
  readonly origin: string;
  /** NEXT_HOP (or `255.255.255.255`, libbgpdump's "none", when absent). */
  readonly nextHop: string;
  readonly localPref: number;
  readonly med: number;
  readonly communities: string;
  readonly atomic: 'AG' | 'NAG';
  readonly aggregator: string;
  readonly attributes: readonly PathAttribute[];
}

function segmentText(s: AsPathSegment): string {
  switch (s.type) {
    case 'AS_SEQUENCE':
      return s.asns.join(' ');
    case 'AS_SET':
      return `{${s.asns.join(',')}}`;
    case 'AS_CONFED_SEQUENCE':
      return `(${s.asns.join(' ')})`;
    case 'AS_CONFED_SET':
      return `[${s.asns.join(',')}]`;
  }
}

const WELL_KNOWN: Record<string, string> = {
  '65535:65281': 'no-export',
  '65535:65282': 'no-advertise',
  '65535:65283': 'local-AS',
};

function routeFields(attributes: readonly PathAttribute[]): RouteFields {
  let asPath = '';
  let origin = 'INCOMPLETE';
  let nextHop = '255.255.255.255';
  let localPref = 0;
  let med = 0;
  let communities = '';
  let large = '';
  let atomic: 'AG' | 'NAG' = 'NAG';
  let aggregator = '';
  for (const a of attributes) {
    switch (a.type) {
      case 'AS_PATH':
        asPath = a.segments.map(segmentText).join(' ');
        break;
      case 'ORIGIN':
        origin = a.origin;
        break;
      case 'NEXT_HOP':
        nextHop = a.nextHop;
        break;
      case 'LOCAL_PREF':
        localPref = a.localPref;
        break;
      case 'MULTI_EXIT_DISC':
        med = a.med;
        break;
      case 'COMMUNITIES':
        communities = a.communities.map((c) => WELL_KNOWN[c] ?? c).join(' ');
        break;
      case 'LARGE_COMMUNITY':
        large = a.communities.join(' ');
        break;
      case 'ATOMIC_AGGREGATE':
        atomic = 'AG';
        break;
      case 'AGGREGATOR':
        // libbgpdump takes 255.255.255.255 for "no aggregator".
        if (a.address !== '255.255.255.255') aggregator = `${a.asn} ${a.address}`;
        break;
      default:
        break;
    }
  }
  // Large communities (RFC 8092) follow the standard ones in the same field, as newer
  // bgpdump releases print them.
  if (large !== '') communities = communities === '' ? large : `${communities} ${large}`;
  return { asPath, origin, nextHop, localPref, med, communities, atomic, aggregator, attributes };
}

function routeTail(f: RouteFields, nextHop: string): string {
  return `${f.asPath}|${f.origin}|${nextHop}|${f.localPref}|${f.med}|${f.communities}|${f.atomic}|${f.aggregator}|`;
}

function prefixText(p: Prefix, isAddPath: boolean): string {
  return isAddPath ? `${p.prefix}|${p.pathId ?? 0}` : p.prefix;
}

function timeText(rec: MrtRecord): string {
  return rec.microseconds === undefined ? String(rec.timestamp) : `${rec.timestamp}.${String(rec.microseconds).padStart(6, '0')}`;
}

function bgp4mpName(rec: MrtRecord, isAddPath: boolean): string {
  const base = rec.mrtType === MrtType.BGP4MP_ET ? 'BGP4MP_ET' : rec.mrtType === MrtType.BGP ? 'BGP' : 'BGP4MP';
  return isAddPath ? `${base}_AP` : base;
}

// libbgpdump reports the families it knows: IPv4/IPv6 unicast (1), multicast (2) and both (3),
// in that order after the IPv4 fields; other AFI/SAFIs are not printed.
const FAMILY_ORDER = [
  [1, 1],
  [1, 2],
  [1, 3],
  [2, 1],
  [2, 2],
  [2, 3],
] as const;

/** Where a BGP message's route lines come from: line type name, time text, peer, AS handling. */
export interface RouteLineSource {
  readonly name: string;
  readonly time: string;
  readonly peerAddress: string;
  readonly peerAs: number;
  readonly isAddPath: boolean;
  /** The session's AS width: a 2-octet session's AS_PATH is rebuilt with AS4_PATH (RFC 6793 4.2.3). */
  readonly as4: boolean;
  /** Legacy MRT type 5 lines (their communities field lacks its separator). */
  readonly isLegacy: boolean;
}

/** The `bgpdump -m` W and A lines of one UPDATE, appended to `out`. */
export function updateLines(src: RouteLineSource, msg: BgpMessage, out: string[]): void {
  if (msg.type !== 'UPDATE') return;
  const { name, time: t, isAddPath } = src;
  const head = `${src.peerAddress}|${src.peerAs}|`;
  const attrs = reconstructAsPath(msg.attributes, { as4: src.as4 });
  let unreach: Extract<PathAttribute, { type: 'MP_UNREACH_NLRI' }> | undefined;
  let reach: Extract<PathAttribute, { type: 'MP_REACH_NLRI' }> | undefined;
  for (const a of attrs) {
    if (a.type === 'MP_UNREACH_NLRI') unreach = a;
    else if (a.type === 'MP_REACH_NLRI') reach = a;
  }
  for (const p of msg.withdrawn) out.push(`${name}|${t}|W|${head}${prefixText(p, isAddPath)}`);
  if (unreach?.withdrawn !== undefined && isPrinted(unreach.afi, unreach.safi)) {
    for (const p of unreach.withdrawn) out.push(`${name}|${t}|W|${head}${prefixText(p, isAddPath)}`);
  }
  if (msg.nlri.length === 0 && reach === undefined) return;
  const f = routeFields(attrs);
  for (const p of msg.nlri) {
    // The legacy BGP type 5 lines lack the separator before the communities (libbgpdump quirk).
    const tail = src.isLegacy ? `${f.asPath}|${f.origin}|${f.nextHop}|${f.localPref}|${f.med}${f.communities}|${f.atomic}|${f.aggregator}|` : routeTail(f, f.nextHop);
    out.push(`${name}|${t}|A|${head}${prefixText(p, isAddPath)}|${tail}`);
  }
  if (reach?.nlri !== undefined && isPrinted(reach.afi, reach.safi)) {
    const nh = reach.nextHop?.[0] ?? (reach.afi === 2 ? '::' : '0.0.0.0');
    for (const p of reach.nlri) out.push(`${name}|${t}|A|${head}${prefixText(p, isAddPath)}|${routeTail(f, nh)}`);
  }
}

function isPrinted(afi: number, safi: number): boolean {
  return FAMILY_ORDER.some(([a, s]) => a === afi && s === safi);
}

function recordUpdateLines(rec: MrtBgpMessageRecord, msg: BgpMessage, out: string[]): void {
  const src = {
    name: bgp4mpName(rec, rec.isAddPath),
    time: timeText(rec),
    peerAddress: rec.peerAddress,
    peerAs: rec.peerAs,
    isAddPath: rec.isAddPath,
    as4: rec.context.as4,
    isLegacy: rec.mrtType === MrtType.BGP,
  };
  updateLines(src, msg, out);
}

function stateLine(rec: MrtStateChangeRecord, out: string[]): void {
  out.push(`${bgp4mpName(rec, false)}|${timeText(rec)}|STATE|${rec.peerAddress}|${rec.peerAs}|${rec.oldState}|${rec.newState}`);
}

function ribNextHop(f: RouteFields): string {
  for (const a of f.attributes) if (a.type === 'MP_REACH_NLRI' && a.afi === 2 && a.safi === 1 && a.nextHop?.[0] !== undefined) return a.nextHop[0];
  return f.nextHop;
}

function ribLines(rec: MrtRibRecord, out: string[], keepEntry: EntryFilter): void {
  const name = rec.isAddPath ? 'TABLE_DUMP2_AP' : 'TABLE_DUMP2';
  for (const e of rec.entries) {
    if (e.peer === undefined) continue;
    let attrs: readonly PathAttribute[];
    try {
      attrs = decodeRibAttributes(e.attributes, rec.afi, rec.safi, rec.context).attributes;
    } catch (err) {
      if (!isBgpError(err)) throw err;
      continue;
    }
    if (!keepEntry(rec.prefix, e.peer.address, attrs)) continue;
    const f = routeFields(attrs);
    const pathId = rec.isAddPath ? `${e.pathId ?? 0}|` : '';
    out.push(`${name}|${rec.timestamp}|B|${e.peer.address}|${e.peer.as}|${rec.prefix}|${pathId}${routeTail(f, ribNextHop(f))}`);
  }
}

function tableDumpLine(rec: MrtTableDumpRecord, out: string[], keepEntry: EntryFilter): void {
  if (rec.type !== 'table-dump') return;
  let attrs: readonly PathAttribute[];
  try {
    attrs = decodeAttributes(rec.attributes, rec.context).attributes;
  } catch (err) {
    if (!isBgpError(err)) throw err;
    return;
  }
  if (!keepEntry(rec.prefix, rec.peerAddress, attrs)) return;
  const f = routeFields(attrs);
  out.push(`TABLE_DUMP|${rec.timestamp}|B|${rec.peerAddress}|${rec.peerAs}|${rec.prefix}|${routeTail(f, ribNextHop(f))}`);
}

/** Decides whether a RIB entry (prefix, peer address, attributes) is printed. */
export type EntryFilter = (prefix: string, peer: string, attributes: readonly PathAttribute[]) => boolean;

/** Decides whether a decoded BGP message from `peer` is printed. */
export type MessageFilter = (m: BgpMessage, src: string, dst: string) => boolean;

/**
 * The `bgpdump -m` lines of one MRT record (RFC 6396), appended to `out`: one per route
 * announced, withdrawn or stored, one per state change; nothing for OPEN, KEEPALIVE,
 * NOTIFICATION, PEER_INDEX_TABLE and records bgpdump does not print.
 */
export function bgpdumpLines(rec: MrtRecord, out: string[], keepMessage: MessageFilter, keepEntry: EntryFilter): void {
  switch (rec.type) {
    case 'bgp-message': {
      let msg: BgpMessage;
      try {
        msg = decodeMessage(rec.message, rec.context);
      } catch (err) {
        if (!isBgpError(err)) throw err;
        return;
      }
      if (!keepMessage(msg, rec.peerAddress, rec.localAddress)) return;
      recordUpdateLines(rec, msg, out);
      return;
    }
    case 'state-change':
      stateLine(rec, out);
      return;
    case 'rib':
      ribLines(rec, out, keepEntry);
      return;
    case 'table-dump':
      tableDumpLine(rec, out, keepEntry);
      return;
    default:
      return;
  }
}
