import { reconstructAsPath } from '../../src/attributes/as4.ts';
import type { AsPathSegment, PathAttribute, Prefix } from '../../src/attributes/types.ts';
import type { BgpMessage } from '../../src/messages/types.ts';
import type { TextWriter } from '../../src/wire/text-writer.ts';

// The oracle of test/cli/bgpdump-view.test.ts: the bgpdump formatter's route lines as they were
// written from decoded objects (decodeMessage's UpdateMessage) before issue 19 wrote them from
// the UPDATE's bytes (src/cli/format-bgpdump.ts at 2f854ed, unchanged but for its names). Kept
// as a second, independent reading of the same rules: the view-based lines must equal these
// for every message, hostile ones included.

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
interface OracleSource {
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
function writeHead(w: TextWriter, src: OracleSource, kind: number): void {
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
export function oracleUpdateLines(src: OracleSource, msg: BgpMessage, w: TextWriter): void {
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
function writeHeadOnce(w: TextWriter, src: OracleSource, letter: number, head: Span): void {
  if (head.start >= 0) return w.repeat(head.start, head.end);
  head.start = w.pos;
  writeHead(w, src, letter);
  head.end = w.pos;
}

/** One `A` line per prefix: the head and the attribute tail are written once, then copied. */
function announceLines(w: TextWriter, src: OracleSource, head: Span, prefixes: readonly Prefix[], f: RouteFields, nextHop: string, isLegacy: boolean): void {
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

