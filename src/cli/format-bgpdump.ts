import { reconstructAsPath } from '../attributes/as4.ts';
import { decodeAttributes } from '../attributes/decode.ts';
import type { AsPathSegment, PathAttribute, Prefix } from '../attributes/types.ts';
import type { MrtBgpMessageRecord, MrtRecord, MrtRibRecord, MrtStateChangeRecord, MrtTableDumpRecord } from '../capture/mrt-types.ts';
import { decodeRibAttributes } from '../capture/mrt-rib-attributes.ts';
import { MrtType } from '../iana.ts';
import { decodeMessage } from '../messages/decode.ts';
import type { BgpMessage } from '../messages/types.ts';
import { isBgpError } from '../wire/errors.ts';
import type { TextWriter } from '../wire/text-writer.ts';

// The one-line-per-route format of `bgpdump -m` (RIPE NCC libbgpdump), field by field:
//   BGP4MP|<time>|A|<peer ip>|<peer as>|<prefix>|[<path id>|]<as path>|<origin>|<next hop>|
//     <local pref>|<med>|<communities>|<AG|NAG>|[<aggregator as> <aggregator ip>]|
//   BGP4MP|<time>|W|<peer ip>|<peer as>|<prefix>[|<path id>]
//   BGP4MP|<time>|STATE|<peer ip>|<peer as>|<old state>|<new state>
//   TABLE_DUMP2|<time>|B|<peer ip>|<peer as>|<prefix>|... as A
// Written from the format's observed output (Debian bgpdump 1.6.2), not from its code. The
// deliberate differences (host bits masked, large communities, ...) are in docs/CLI.md.

/** What a route line needs from its path attributes (the last of each kind wins). */
interface RouteFields {
  readonly asPath: readonly AsPathSegment[] | undefined;
  readonly origin: string;
  /** NEXT_HOP (or `255.255.255.255`, libbgpdump's "none", when absent). */
  readonly nextHop: string;
  readonly localPref: number;
  readonly med: number;
  readonly communities: readonly string[] | undefined;
  readonly large: readonly string[] | undefined;
  readonly atomic: boolean;
  /** AGGREGATOR, unless its address is libbgpdump's "no aggregator" (255.255.255.255). */
  readonly aggregator: { readonly asn: number; readonly address: string } | undefined;
  readonly attributes: readonly PathAttribute[];
}

const WELL_KNOWN: Record<string, string> = {
  '65535:65281': 'no-export',
  '65535:65282': 'no-advertise',
  '65535:65283': 'local-AS',
};

function routeFields(attributes: readonly PathAttribute[]): RouteFields {
  let asPath: readonly AsPathSegment[] | undefined;
  let origin = 'INCOMPLETE';
  let nextHop = '255.255.255.255';
  let localPref = 0;
  let med = 0;
  let communities: readonly string[] | undefined;
  let large: readonly string[] | undefined;
  let atomic = false;
  let aggregator: RouteFields['aggregator'];
  for (const a of attributes) {
    switch (a.type) {
      case 'AS_PATH':
        asPath = a.segments;
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
        communities = a.communities;
        break;
      case 'LARGE_COMMUNITY':
        large = a.communities;
        break;
      case 'ATOMIC_AGGREGATE':
        atomic = true;
        break;
      case 'AGGREGATOR':
        // libbgpdump takes 255.255.255.255 for "no aggregator".
        if (a.address !== '255.255.255.255') aggregator = a;
        break;
      default:
        break;
    }
  }
  return { asPath, origin, nextHop, localPref, med, communities, large, atomic, aggregator, attributes };
}

// AS_SEQUENCE `1 2`, AS_SET `{1,2}`, AS_CONFED_SEQUENCE `(1 2)`, AS_CONFED_SET `[1,2]`; segments
// separated by a space.
function writeAsPath(w: TextWriter, segments: readonly AsPathSegment[]): void {
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i] as AsPathSegment;
    if (i > 0) w.byte(32);
    const isSet = s.type === 'AS_SET' || s.type === 'AS_CONFED_SET';
    const open = s.type === 'AS_SET' ? 123 : s.type === 'AS_CONFED_SEQUENCE' ? 40 : s.type === 'AS_CONFED_SET' ? 91 : 0;
    if (open !== 0) w.byte(open);
    const asns = s.asns;
    for (let j = 0; j < asns.length; j++) {
      if (j > 0) w.byte(isSet ? 44 : 32);
      w.uint(asns[j] as number);
    }
    if (open !== 0) w.byte(open === 40 ? 41 : open + 2);
  }
}

// `<as path>|<origin>|<next hop>|<local pref>|<med>|<communities>|<AG|NAG>|[<aggregator>]|`
// (the legacy BGP type 5 lines lack the separator before the communities: a libbgpdump quirk).
function writeTail(w: TextWriter, f: RouteFields, nextHop: string, isLegacy: boolean): void {
  if (f.asPath !== undefined) writeAsPath(w, f.asPath);
  w.byte(124);
  w.text(f.origin);
  w.byte(124);
  w.text(nextHop);
  w.byte(124);
  w.uint(f.localPref);
  w.byte(124);
  w.uint(f.med);
  if (!isLegacy) w.byte(124);
  const c = f.communities;
  if (c !== undefined) {
    for (let i = 0; i < c.length; i++) {
      if (i > 0) w.byte(32);
      const text = c[i] as string;
      // Performance: only an 11-character text can be a well-known name's (a keyed lookup by
      // a fresh string hashes it first).
      w.text((text.length === 11 ? WELL_KNOWN[text] : undefined) ?? text);
    }
  }
  // Large communities (RFC 8092) follow the standard ones in the same field, as newer
  // bgpdump releases print them.
  const l = f.large;
  if (l !== undefined) {
    for (let i = 0; i < l.length; i++) {
      if (i > 0 || (c !== undefined && c.length > 0)) w.byte(32);
      w.text(l[i] as string);
    }
  }
  w.text(f.atomic ? '|AG|' : '|NAG|');
  if (f.aggregator !== undefined) {
    w.uint(f.aggregator.asn);
    w.byte(32);
    w.text(f.aggregator.address);
  }
  w.byte(124);
}

function writePrefix(w: TextWriter, p: Prefix, isAddPath: boolean): void {
  w.text(p.prefix);
  if (isAddPath) {
    w.byte(124);
    w.uint(p.pathId ?? 0);
  }
}

function timeText(rec: MrtRecord): string {
  return rec.microseconds === undefined ? String(rec.timestamp) : `${rec.timestamp}.${String(rec.microseconds).padStart(6, '0')}`;
}

function bgp4mpName(rec: MrtRecord, isAddPath: boolean): string {
  const base = rec.mrtType === MrtType.BGP4MP_ET ? 'BGP4MP_ET' : rec.mrtType === MrtType.BGP ? 'BGP' : 'BGP4MP';
  return isAddPath ? `${base}_AP` : base;
}

// libbgpdump reports the families it knows: IPv4/IPv6 unicast (1), multicast (2) and both (3),
// in that order after the IPv4 fields; other AFI/SAFIs are not printed (labeled unicast, VPN and
// RT-Constraint neither: bgpdump 1.6 prints no line for SAFI 4, 128 or 132), so the NLRI of
// the families printed are IP prefixes.
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

// Whether reconstructAsPath has anything to do (AS4_PATH or AS4_AGGREGATOR, typed or raw);
// without them it returns the same attributes. Performance: most messages have none.
function hasAs4Attributes(attributes: readonly PathAttribute[]): boolean {
  for (const a of attributes) if (a.type === 'AS4_PATH' || a.type === 'AS4_AGGREGATOR' || (a.type === 'raw' && (a.code === 17 || a.code === 18))) return true;
  return false;
}

// `<name>|<time>|<kind>|<peer ip>|<peer as>|`
function writeHead(w: TextWriter, src: RouteLineSource, kind: number): void {
  w.text(src.name);
  w.byte(124);
  w.text(src.time);
  w.byte(124);
  w.byte(kind);
  w.byte(124);
  w.text(src.peerAddress);
  w.byte(124);
  w.uint(src.peerAs);
  w.byte(124);
}

/**
 * The `bgpdump -m` W and A lines of one UPDATE, written to `w`. Performance: a message's
 * lines share their head and (per next hop) their attribute tail, so each is written once and
 * then copied from the first line that has it.
 */
export function updateLines(src: RouteLineSource, msg: BgpMessage, w: TextWriter): void {
  if (msg.type !== 'UPDATE') return;
  const isAddPath = src.isAddPath;
  const attrs = hasAs4Attributes(msg.attributes) ? reconstructAsPath(msg.attributes, { as4: src.as4 }) : msg.attributes;
  let unreach: Extract<PathAttribute, { type: 'MP_UNREACH_NLRI' }> | undefined;
  let reach: Extract<PathAttribute, { type: 'MP_REACH_NLRI' }> | undefined;
  for (const a of attrs) {
    if (a.type === 'MP_UNREACH_NLRI') unreach = a;
    else if (a.type === 'MP_REACH_NLRI') reach = a;
  }
  const withdrawn = unreach?.withdrawn !== undefined && isPrinted(unreach.afi, unreach.safi) ? [msg.withdrawn, unreach.withdrawn as readonly Prefix[]] : [msg.withdrawn];
  const wHead: Span = { start: -1, end: 0 };
  for (const list of withdrawn) {
    for (const p of list) {
      writeHeadOnce(w, src, 87, wHead);
      writePrefix(w, p, isAddPath);
      w.byte(10);
    }
  }
  if (msg.nlri.length === 0 && reach === undefined) return;
  const f = routeFields(attrs);
  const aHead: Span = { start: -1, end: 0 };
  announceLines(w, src, aHead, msg.nlri, f, f.nextHop, src.isLegacy);
  if (reach?.nlri !== undefined && isPrinted(reach.afi, reach.safi)) {
    const nh = reach.nextHop?.[0] ?? (reach.afi === 2 ? '::' : '0.0.0.0');
    announceLines(w, src, aHead, reach.nlri as readonly Prefix[], f, nh, false);
  }
}

/** Where a shared piece of line text stands in the writer, once written (start -1: not yet). */
interface Span {
  start: number;
  end: number;
}

/** Writes the line head (`W` 87 or `A` 65) for the first line, and copies it for the rest. */
function writeHeadOnce(w: TextWriter, src: RouteLineSource, letter: number, head: Span): void {
  if (head.start >= 0) return w.repeat(head.start, head.end);
  head.start = w.pos;
  writeHead(w, src, letter);
  head.end = w.pos;
}

/** One `A` line per prefix: the head and the attribute tail are written once, then copied. */
function announceLines(w: TextWriter, src: RouteLineSource, head: Span, prefixes: readonly Prefix[], f: RouteFields, nextHop: string, isLegacy: boolean): void {
  let tail = -1;
  let tailEnd = 0;
  for (const p of prefixes) {
    writeHeadOnce(w, src, 65, head);
    writePrefix(w, p, src.isAddPath);
    w.byte(124);
    if (tail < 0) {
      tail = w.pos;
      writeTail(w, f, nextHop, isLegacy);
      tailEnd = w.pos;
    } else w.repeat(tail, tailEnd);
    w.byte(10);
  }
}

function isPrinted(afi: number, safi: number): boolean {
  return FAMILY_ORDER.some(([a, s]) => a === afi && s === safi);
}

function recordUpdateLines(rec: MrtBgpMessageRecord, msg: BgpMessage, w: TextWriter): void {
  const src = {
    name: bgp4mpName(rec, rec.isAddPath),
    time: timeText(rec),
    peerAddress: rec.peerAddress,
    peerAs: rec.peerAs,
    isAddPath: rec.isAddPath,
    as4: rec.context.as4,
    isLegacy: rec.mrtType === MrtType.BGP,
  };
  updateLines(src, msg, w);
}

function stateLine(rec: MrtStateChangeRecord, w: TextWriter): void {
  w.text(`${bgp4mpName(rec, false)}|${timeText(rec)}|STATE|${rec.peerAddress}|${rec.peerAs}|${rec.oldState}|${rec.newState}\n`);
}

function ribNextHop(f: RouteFields): string {
  for (const a of f.attributes) if (a.type === 'MP_REACH_NLRI' && a.afi === 2 && a.safi === 1 && a.nextHop?.[0] !== undefined) return a.nextHop[0];
  return f.nextHop;
}

function ribLines(rec: MrtRibRecord, w: TextWriter, keepEntry: EntryFilter): void {
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
    w.text(`${name}|${rec.timestamp}|B|${e.peer.address}|${e.peer.as}|${rec.prefix}|`);
    if (rec.isAddPath) {
      w.uint(e.pathId ?? 0);
      w.byte(124);
    }
    writeTail(w, f, ribNextHop(f), false);
    w.byte(10);
  }
}

function tableDumpLine(rec: MrtTableDumpRecord, w: TextWriter, keepEntry: EntryFilter): void {
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
  w.text(`TABLE_DUMP|${rec.timestamp}|B|${rec.peerAddress}|${rec.peerAs}|${rec.prefix}|`);
  writeTail(w, f, ribNextHop(f), false);
  w.byte(10);
}

/** Decides whether a RIB entry (prefix, peer address, attributes) is printed. */
export type EntryFilter = (prefix: string, peer: string, attributes: readonly PathAttribute[]) => boolean;

/** Decides whether a decoded BGP message from `peer` is printed. */
export type MessageFilter = (m: BgpMessage, src: string, dst: string) => boolean;

/**
 * The `bgpdump -m` lines of one MRT record (RFC 6396), written to `w`: one per route
 * announced, withdrawn or stored, one per state change; nothing for OPEN, KEEPALIVE,
 * NOTIFICATION, PEER_INDEX_TABLE and records bgpdump does not print.
 */
export function bgpdumpLines(rec: MrtRecord, w: TextWriter, keepMessage: MessageFilter, keepEntry: EntryFilter): void {
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
      recordUpdateLines(rec, msg, w);
      return;
    }
    case 'state-change':
      stateLine(rec, w);
      return;
    case 'rib':
      ribLines(rec, w, keepEntry);
      return;
    case 'table-dump':
      tableDumpLine(rec, w, keepEntry);
      return;
    default:
      return;
  }
}
