import { reconstructAsPath } from '../attributes/as4.ts';
import { decodeAttributes } from '../attributes/decode.ts';
import type { PathAttribute } from '../attributes/types.ts';
import type { MrtBgpMessageRecord, MrtRecord, MrtRibRecord, MrtStateChangeRecord, MrtTableDumpRecord } from '../capture/mrt-types.ts';
import { decodeRibAttributes } from '../capture/mrt-rib-attributes.ts';
import { hasAddPath, type SessionContext } from '../context/session-context.ts';
import { MrtType } from '../iana.ts';
import { decodeMessage } from '../messages/decode.ts';
import type { BgpMessage } from '../messages/types.ts';
import { writePrefixText } from '../nlri/prefix.ts';
import { UpdateView, viewUpdateInto } from '../view/update-view.ts';
import { u32 } from '../wire/bytes.ts';
import { isBgpError } from '../wire/errors.ts';
import type { TextWriter } from '../wire/text-writer.ts';
import { RouteTail, writeTail } from './bgpdump-tail.ts';

// The one-line-per-route format of `bgpdump -m` (RIPE NCC libbgpdump), field by field:
//   BGP4MP|<time>|A|<peer ip>|<peer as>|<prefix>|[<path id>|]<as path>|<origin>|<next hop>|
//     <local pref>|<med>|<communities>|<AG|NAG>|[<aggregator as> <aggregator ip>]|
//   BGP4MP|<time>|W|<peer ip>|<peer as>|<prefix>[|<path id>]
//   BGP4MP|<time>|STATE|<peer ip>|<peer as>|<old state>|<new state>
//   TABLE_DUMP2|<time>|B|<peer ip>|<peer as>|<prefix>|... as A
// Written from the format's observed output (Debian bgpdump 1.6.2), not from its code. The
// deliberate differences (host bits masked, large communities, ...) are in docs/CLI.md.

function timeText(rec: MrtRecord): string {
  return rec.microseconds === undefined ? String(rec.timestamp) : `${rec.timestamp}.${String(rec.microseconds).padStart(6, '0')}`;
}

function bgp4mpName(rec: MrtRecord, isAddPath: boolean): string {
  if (rec.mrtType === MrtType.BGP4MP_ET) return isAddPath ? 'BGP4MP_ET_AP' : 'BGP4MP_ET';
  if (rec.mrtType === MrtType.BGP) return isAddPath ? 'BGP_AP' : 'BGP';
  return isAddPath ? 'BGP4MP_AP' : 'BGP4MP';
}

// libbgpdump reports the families it knows: IPv4/IPv6 unicast (1) and multicast (2), after the
// IPv4 fields; other AFI/SAFIs are not printed (nor SAFI 3, which the decoder keeps raw;
// labeled unicast, VPN and RT-Constraint neither: bgpdump 1.6 prints no line for SAFI 4, 128
// or 132). These are the families whose NLRI the view records as IP prefixes (its MP fields).

/** Where a BGP message's route lines come from: line type name, time, peer, AS handling. */
export interface RouteLineSource {
  readonly name: string;
  /** The time: seconds, and microseconds (written as 6 digits after a dot) or undefined. */
  readonly seconds: number;
  readonly micros: number | undefined;
  readonly peerAddress: string;
  readonly peerAs: number;
  readonly isAddPath: boolean;
  /** The session's AS width: a 2-octet session's AS_PATH is rebuilt with AS4_PATH (RFC 6793 4.2.3). */
  readonly as4: boolean;
  /** Legacy MRT type 5 lines (their communities field lacks its separator). */
  readonly isLegacy: boolean;
}

// `<name>|<time>|<kind>|<peer ip>|<peer as>|`
function writeHead(w: TextWriter, src: RouteLineSource, kind: number): void {
  w.text(src.name);
  w.byte(124);
  w.uint(src.seconds);
  const m = src.micros;
  if (m !== undefined) {
    w.byte(46);
    // Zero-padded to 6 digits (a field over 999999, possible in a damaged file, as it is).
    if (m > 999999) w.uint(m);
    else for (let d = 100000; d >= 1; d /= 10) w.byte(48 + (Math.floor(m / d) % 10));
  }
  w.byte(124);
  w.byte(kind);
  w.byte(124);
  w.text(src.peerAddress);
  w.byte(124);
  w.uint(src.peerAs);
  w.byte(124);
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

/**
 * One field of prefixes of the view: offsets `[from, to)` of `offsets` (their length octets),
 * addresses of `size` octets, each preceded by a Path Identifier when `ids` (RFC 7911 section 3).
 */
interface Field {
  from: number;
  to: number;
  size: 4 | 16;
  ids: boolean;
}

// `<prefix>` and, in ADD-PATH records, `|<path id>` (0 for a family without path ids).
function writePrefix(w: TextWriter, b: Uint8Array, at: number, f: Field, isAddPath: boolean): void {
  writePrefixText(w, b, at, f.size);
  if (isAddPath) {
    w.byte(124);
    w.uint(f.ids ? u32(b, at - 4) : 0);
  }
}

// Performance: one view, one offsets array and one tail for every message (the lines of a
// message are written before the next is read).
const view = new UpdateView();
let offsets = new Int32Array(4096);
const ends = new Int32Array(4);
const tail = new RouteTail();
// The heads of the message's W and A lines, once written.
const wHead: Span = { start: -1, end: 0 };
const aHead: Span = { start: -1, end: 0 };
const fields: Field[] = [0, 1, 2, 3].map(() => ({ from: 0, to: 0, size: 4, ids: false }));

/** Fills `fields` (withdrawn, NLRI, MP_REACH_NLRI, MP_UNREACH_NLRI) from the view's prefix offsets. */
function readFields(v: UpdateView, isAddPath: boolean): void {
  if (v.prefixCount > offsets.length) offsets = new Int32Array(v.prefixCount);
  v.prefixOffsets(offsets, ends);
  const ctx = v.ctx as SessionContext;
  const ids4 = isAddPath && hasAddPath(ctx, 1, 1);
  let from = 0;
  for (let i = 0; i < 4; i++) {
    const f = fields[i] as Field;
    f.from = from;
    f.to = ends[i] as number;
    from = f.to;
    f.size = 4;
    f.ids = ids4;
    if (i >= 2 && f.to > f.from) {
      const family = (i === 2 ? v.mpReachFamily() : v.mpUnreachFamily()) as { afi: number; safi: number };
      f.size = family.afi === 2 ? 16 : 4;
      f.ids = isAddPath && hasAddPath(ctx, family.afi, family.safi);
    }
  }
}

/**
 * The `bgpdump -m` W and A lines of the UPDATE in view `v`, written to `w`: from the
 * message's bytes (no decoded objects), the values as the decoder reads them (RFC 7606: an
 * attribute it would keep raw reads as absent). Performance: a message's lines share their
 * head and (per next hop) their attribute tail, so each is written once and then copied from
 * the first line that has it.
 */
export function updateLines(src: RouteLineSource, v: UpdateView, w: TextWriter): void {
  const isAddPath = src.isAddPath;
  readFields(v, isAddPath);
  const b = v.bytes;
  wHead.start = -1;
  withdrawLines(w, src, b, fields[0] as Field);
  withdrawLines(w, src, b, fields[3] as Field);
  const nlri = fields[1] as Field;
  const reach = fields[2] as Field;
  if (nlri.to === nlri.from && reach.to === reach.from) return;
  tail.fromView(v);
  // RFC 6793 section 4.2.3: on a 2-octet session AS4_PATH and AS4_AGGREGATOR are merged in
  // (by the decoder's reconstructAsPath on the decoded attributes; most messages have neither).
  if (!src.as4 && (v.hasAttribute(17) || v.hasAttribute(18))) tail.pathOf(reconstructAsPath(v.toOwned().attributes, { as4: false }));
  aHead.start = -1;
  announceLines(w, src, aHead, b, nlri, src.isLegacy);
  if (reach.to > reach.from) {
    tail.useMpNextHop(v, reach.size === 16 ? 2 : 1);
    announceLines(w, src, aHead, b, reach, false);
  }
}

/** One `W` line per prefix of field `f` (the head written once, then copied). */
function withdrawLines(w: TextWriter, src: RouteLineSource, b: Uint8Array, f: Field): void {
  for (let i = f.from; i < f.to; i++) {
    writeHeadOnce(w, src, 87, wHead);
    writePrefix(w, b, offsets[i] as number, f, src.isAddPath);
    w.byte(10);
  }
}

/** One `A` line per prefix of field `f`: the head and the attribute tail are written once, then copied. */
function announceLines(w: TextWriter, src: RouteLineSource, head: Span, b: Uint8Array, f: Field, isLegacy: boolean): void {
  let start = -1;
  let end = 0;
  for (let i = f.from; i < f.to; i++) {
    writeHeadOnce(w, src, 65, head);
    writePrefix(w, b, offsets[i] as number, f, src.isAddPath);
    w.byte(124);
    if (start < 0) {
      start = w.pos;
      writeTail(w, tail, isLegacy);
      end = w.pos;
    } else w.repeat(start, end);
    w.byte(10);
  }
}

// The source of a record's lines, one object for every record.
const recordSource: { -readonly [K in keyof RouteLineSource]: RouteLineSource[K] } = { name: '', seconds: 0, micros: undefined, peerAddress: '', peerAs: 0, isAddPath: false, as4: true, isLegacy: false };

function recordUpdateLines(rec: MrtBgpMessageRecord, v: UpdateView, w: TextWriter): void {
  const src = recordSource;
  src.name = bgp4mpName(rec, rec.isAddPath);
  src.seconds = rec.timestamp;
  src.micros = rec.microseconds;
  src.peerAddress = rec.peerAddress;
  src.peerAs = rec.peerAs;
  src.isAddPath = rec.isAddPath;
  src.as4 = rec.context.as4;
  src.isLegacy = rec.mrtType === MrtType.BGP;
  updateLines(src, v, w);
}

/**
 * The view of `bytes` when they hold an UPDATE that decodes (a view of the module, valid until
 * the next call), else undefined: the messages `bgpdump -m` prints lines for.
 */
export function viewOfUpdate(bytes: Uint8Array, ctx: SessionContext): UpdateView | undefined {
  if (bytes[18] !== 2) return undefined;
  try {
    return viewUpdateInto(view, bytes, ctx);
  } catch (err) {
    if (!isBgpError(err)) throw err;
    return undefined;
  }
}

function stateLine(rec: MrtStateChangeRecord, w: TextWriter): void {
  w.text(`${bgp4mpName(rec, false)}|${timeText(rec)}|STATE|${rec.peerAddress}|${rec.peerAs}|${rec.oldState}|${rec.newState}\n`);
}

// A RIB entry's IPv6 unicast next hop is MP_REACH_NLRI's (RFC 6396 section 4.3.4), else NEXT_HOP's.
function ribNextHop(attributes: readonly PathAttribute[], t: RouteTail): void {
  for (const a of attributes) {
    if (a.type === 'MP_REACH_NLRI' && a.afi === 2 && a.safi === 1 && a.nextHop?.[0] !== undefined) {
      t.nextHop.text = a.nextHop[0];
      return;
    }
  }
}

function ribLines(rec: MrtRibRecord, w: TextWriter, keepEntry: EntryFilter | undefined): void {
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
    if (keepEntry !== undefined && !keepEntry(rec.prefix, e.peer.address, attrs)) continue;
    tail.fromAttributes(attrs);
    ribNextHop(attrs, tail);
    w.text(`${name}|${rec.timestamp}|B|${e.peer.address}|${e.peer.as}|${rec.prefix}|`);
    if (rec.isAddPath) {
      w.uint(e.pathId ?? 0);
      w.byte(124);
    }
    writeTail(w, tail, false);
    w.byte(10);
  }
}

function tableDumpLine(rec: MrtTableDumpRecord, w: TextWriter, keepEntry: EntryFilter | undefined): void {
  if (rec.type !== 'table-dump') return;
  let attrs: readonly PathAttribute[];
  try {
    attrs = decodeAttributes(rec.attributes, rec.context).attributes;
  } catch (err) {
    if (!isBgpError(err)) throw err;
    return;
  }
  if (keepEntry !== undefined && !keepEntry(rec.prefix, rec.peerAddress, attrs)) return;
  tail.fromAttributes(attrs);
  ribNextHop(attrs, tail);
  w.text(`TABLE_DUMP|${rec.timestamp}|B|${rec.peerAddress}|${rec.peerAs}|${rec.prefix}|`);
  writeTail(w, tail, false);
  w.byte(10);
}

/** Decides whether a RIB entry (prefix, peer address, attributes) is printed. */
export type EntryFilter = (prefix: string, peer: string, attributes: readonly PathAttribute[]) => boolean;

/** Decides whether a decoded BGP message from `peer` is printed. */
export type MessageFilter = (m: BgpMessage, src: string, dst: string) => boolean;

/**
 * The `bgpdump -m` lines of one MRT record (RFC 6396), written to `w`: one per route
 * announced, withdrawn or stored, one per state change; nothing for OPEN, KEEPALIVE,
 * NOTIFICATION, PEER_INDEX_TABLE and records bgpdump does not print. Without filters
 * (`undefined`), UPDATEs are read through a view, never decoded into objects.
 */
export function bgpdumpLines(rec: MrtRecord, w: TextWriter, keepMessage: MessageFilter | undefined, keepEntry: EntryFilter | undefined): void {
  switch (rec.type) {
    case 'bgp-message': {
      if (keepMessage !== undefined) {
        let msg: BgpMessage;
        try {
          msg = decodeMessage(rec.message, rec.context);
        } catch (err) {
          if (!isBgpError(err)) throw err;
          return;
        }
        if (!keepMessage(msg, rec.peerAddress, rec.localAddress)) return;
      }
      const v = viewOfUpdate(rec.message, rec.context);
      if (v !== undefined) recordUpdateLines(rec, v, w);
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
