import { segmentsLength, writeSegments } from '../attributes/as-path.ts';
import { parseCommunity } from '../attributes/communities.ts';
import type { AsPathSegment, PathAttribute } from '../attributes/types.ts';
import { AsPathCursor, SegmentType } from '../view/as-path-view.ts';
import type { UpdateView } from '../view/update-view.ts';
import type { TextWriter } from '../wire/text-writer.ts';
import { Writer } from '../wire/writer.ts';

// The attribute tail of a `bgpdump -m` route line:
//   <as path>|<origin>|<next hop>|<local pref>|<med>|<communities>|<AG|NAG>|[<aggregator as> <aggregator ip>]|
// What it needs from the path attributes is gathered into one RouteTail, from an UpdateView's
// bytes (UPDATEs: no decoded objects) or from decoded attributes (RIB entries, and an AS_PATH
// rebuilt with AS4_PATH); writeTail, the one writer of its text, reads only the RouteTail.

// RFC 1997 well-known communities as libbgpdump names them.
const NO_EXPORT = 0xffffff01;
const NO_ADVERTISE = 0xffffff02;
const NO_EXPORT_SUBCONFED = 0xffffff03;

/** What a route line's tail needs from its path attributes (absent ones as libbgpdump prints them). */
export class RouteTail {
  /** AS_PATH segments (on `pathBytes`, or the message's bytes); `hasPath` false: none. */
  readonly path: AsPathCursor = new AsPathCursor();
  hasPath = false;
  origin = 'INCOMPLETE';
  /** NEXT_HOP (or `255.255.255.255`, libbgpdump's "none", when absent). */
  nextHop = '255.255.255.255';
  localPref = 0;
  med = 0;
  /** COMMUNITIES as 32-bit values, `communityCount` of them. */
  communities: Uint32Array = new Uint32Array(64);
  communityCount = 0;
  large: readonly string[] | undefined = undefined;
  atomic = false;
  /** AGGREGATOR, unless its address is libbgpdump's "no aggregator" (255.255.255.255): AS -1 then. */
  aggregatorAs = -1;
  aggregatorAddress = '';
  // Segments decoded elsewhere, written back to bytes by the AS_PATH codec's own writer.
  private pathBytes = new Uint8Array(256);

  private clear(): void {
    this.hasPath = false;
    this.origin = 'INCOMPLETE';
    this.nextHop = '255.255.255.255';
    this.localPref = 0;
    this.med = 0;
    this.communityCount = 0;
    this.large = undefined;
    this.atomic = false;
    this.aggregatorAs = -1;
  }

  /** The fields of an UPDATE as its view reads them (the decoder's values, RFC 7606 included). */
  fromView(v: UpdateView): this {
    this.clear();
    if (v.hasAsPath()) {
      this.hasPath = true;
      v.asPath(this.path);
    }
    const origin = v.origin();
    if (origin !== undefined) this.origin = origin;
    const nh = v.nextHop();
    if (nh !== undefined) this.nextHop = nh;
    this.localPref = v.localPref() ?? 0;
    this.med = v.med() ?? 0;
    const n = v.communityCount();
    if (n > this.communities.length) this.communities = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.communities[i] = v.communityAt(i);
    this.communityCount = n;
    if (v.hasAttribute(32)) this.large = v.largeCommunities();
    if (v.hasAttribute(6)) this.atomic = v.decodeAttribute(6)?.type === 'ATOMIC_AGGREGATE';
    if (v.hasAttribute(7)) this.aggregator(v.decodeAttribute(7));
    return this;
  }

  /** The fields of decoded attributes (the last of each kind wins). */
  fromAttributes(attributes: readonly PathAttribute[]): this {
    this.clear();
    for (const a of attributes) {
      switch (a.type) {
        case 'AS_PATH':
          this.segments(a.segments);
          break;
        case 'ORIGIN':
          this.origin = a.origin;
          break;
        case 'NEXT_HOP':
          this.nextHop = a.nextHop;
          break;
        case 'LOCAL_PREF':
          this.localPref = a.localPref;
          break;
        case 'MULTI_EXIT_DISC':
          this.med = a.med;
          break;
        case 'COMMUNITIES': {
          const c = a.communities;
          if (c.length > this.communities.length) this.communities = new Uint32Array(c.length);
          for (let i = 0; i < c.length; i++) this.communities[i] = parseCommunity(c[i] as string);
          this.communityCount = c.length;
          break;
        }
        case 'LARGE_COMMUNITY':
          this.large = a.communities;
          break;
        case 'ATOMIC_AGGREGATE':
          this.atomic = true;
          break;
        case 'AGGREGATOR':
          this.aggregator(a);
          break;
        default:
          break;
      }
    }
    return this;
  }

  /**
   * AS_PATH and AGGREGATOR replaced by those of decoded attributes (an AS_PATH rebuilt with
   * AS4_PATH, RFC 6793 section 4.2.3), the other fields kept.
   */
  pathFrom(attributes: readonly PathAttribute[]): this {
    this.hasPath = false;
    this.aggregatorAs = -1;
    for (const a of attributes) {
      if (a.type === 'AS_PATH') this.segments(a.segments);
      else if (a.type === 'AGGREGATOR') this.aggregator(a);
    }
    return this;
  }

  private segments(segments: readonly AsPathSegment[]): void {
    const n = segmentsLength(segments, 4);
    if (n > this.pathBytes.length) this.pathBytes = new Uint8Array(n);
    const w = new Writer(this.pathBytes);
    writeSegments(segments, w, 4, 'AS_PATH');
    this.path.reset(this.pathBytes, 0, w.pos, 4);
    this.hasPath = true;
  }

  private aggregator(a: PathAttribute | undefined): void {
    // libbgpdump takes 255.255.255.255 for "no aggregator".
    if (a?.type !== 'AGGREGATOR' || a.address === '255.255.255.255') {
      this.aggregatorAs = -1;
      return;
    }
    this.aggregatorAs = a.asn;
    this.aggregatorAddress = a.address;
  }
}

// AS_SEQUENCE `1 2`, AS_SET `{1,2}`, AS_CONFED_SEQUENCE `(1 2)`, AS_CONFED_SET `[1,2]`; segments
// separated by a space.
function writeAsPath(w: TextWriter, c: AsPathCursor): void {
  for (let first = true; c.nextSegment(); first = false) {
    if (!first) w.byte(32);
    const type = c.type;
    const isSet = type === SegmentType.AS_SET || type === SegmentType.AS_CONFED_SET;
    const open = type === SegmentType.AS_SET ? 123 : type === SegmentType.AS_CONFED_SEQUENCE ? 40 : type === SegmentType.AS_CONFED_SET ? 91 : 0;
    if (open !== 0) w.byte(open);
    for (let j = 0; j < c.count; j++) {
      if (j > 0) w.byte(isSet ? 44 : 32);
      w.uint(c.asn(j));
    }
    if (open !== 0) w.byte(open === 40 ? 41 : open + 2);
  }
}

function writeCommunity(w: TextWriter, v: number): void {
  if (v === NO_EXPORT) w.text('no-export');
  else if (v === NO_ADVERTISE) w.text('no-advertise');
  else if (v === NO_EXPORT_SUBCONFED) w.text('local-AS');
  else {
    w.uint(v >>> 16);
    w.byte(58);
    w.uint(v & 0xffff);
  }
}

/**
 * `<as path>|<origin>|<next hop>|<local pref>|<med>|<communities>|<AG|NAG>|[<aggregator>]|`
 * (the legacy BGP type 5 lines lack the separator before the communities: a libbgpdump quirk).
 */
export function writeTail(w: TextWriter, t: RouteTail, nextHop: string, isLegacy: boolean): void {
  if (t.hasPath) writeAsPath(w, t.path.rewind());
  w.byte(124);
  w.text(t.origin);
  w.byte(124);
  w.text(nextHop);
  w.byte(124);
  w.uint(t.localPref);
  w.byte(124);
  w.uint(t.med);
  if (!isLegacy) w.byte(124);
  const n = t.communityCount;
  for (let i = 0; i < n; i++) {
    if (i > 0) w.byte(32);
    writeCommunity(w, t.communities[i] as number);
  }
  // Large communities (RFC 8092) follow the standard ones in the same field, as newer
  // bgpdump releases print them.
  const l = t.large;
  if (l !== undefined) {
    for (let i = 0; i < l.length; i++) {
      if (i > 0 || n > 0) w.byte(32);
      w.text(l[i] as string);
    }
  }
  w.text(t.atomic ? '|AG|' : '|NAG|');
  if (t.aggregatorAs >= 0) {
    w.uint(t.aggregatorAs);
    w.byte(32);
    w.text(t.aggregatorAddress);
  }
  w.byte(124);
}
