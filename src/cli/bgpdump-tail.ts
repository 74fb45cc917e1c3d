import { parseCommunity } from '../attributes/communities.ts';
import type { AsPathSegment, PathAttribute } from '../attributes/types.ts';
import { AsPathCursor, SegmentType } from '../view/as-path-view.ts';
import type { UpdateView } from '../view/update-view.ts';
import { Ipv6TextCache } from '../wire/ip.ts';
import { i32, u16 } from '../wire/bytes.ts';
import type { TextWriter } from '../wire/text-writer.ts';

// The attribute tail of a `bgpdump -m` route line:
//   <as path>|<origin>|<next hop>|<local pref>|<med>|<communities>|<AG|NAG>|[<aggregator as> <aggregator ip>]|
// What it needs from the path attributes is gathered into one RouteTail, from an UpdateView's
// bytes (UPDATEs: no decoded objects) or from decoded attributes (RIB entries, and an AS_PATH
// rebuilt with AS4_PATH); writeTail, the one writer of its text, reads only the RouteTail (an
// AS path through one cursor interface, whichever form it has).
// Performance: 32-bit values are kept as int32 (never a boxed number), addresses as numbers.

// RFC 1997 well-known communities as libbgpdump names them (as int32).
const NO_EXPORT = 0xffffff01 | 0;
const NO_ADVERTISE = 0xffffff02 | 0;
const NO_EXPORT_SUBCONFED = 0xffffff03 | 0;
// libbgpdump's "none" for a next hop or an aggregator address.
const NONE = '255.255.255.255';

/** An address to print: IPv4 as an int32 (`text` empty), or text. */
class Address {
  v4 = 0;
  text: string = NONE;

  setV4(v: number): void {
    this.v4 = v;
    this.text = '';
  }

  write(w: TextWriter): void {
    if (this.text === '') w.ipv4(this.v4);
    else w.text(this.text);
  }
}

/** What writeAsPath reads: an AS path's segments one by one (AsPathCursor over bytes, SegmentsCursor over decoded segments). */
interface Segments {
  rewind(): this;
  nextSegment(): boolean;
  readonly type: number;
  readonly count: number;
  asn(i: number): number;
}

/** Decoded AS_PATH segments read as {@link AsPathCursor} reads their bytes. */
class SegmentsCursor implements Segments {
  type = 0;
  count = 0;
  private segments: readonly AsPathSegment[] = [];
  private asns: readonly number[] = [];
  private next = 0;

  reset(segments: readonly AsPathSegment[]): this {
    this.segments = segments;
    return this.rewind();
  }

  rewind(): this {
    this.next = 0;
    this.type = 0;
    this.count = 0;
    return this;
  }

  nextSegment(): boolean {
    const s = this.segments[this.next];
    if (s === undefined) return false;
    this.next++;
    this.type = SegmentType[s.type];
    this.asns = s.asns;
    this.count = s.asns.length;
    return true;
  }

  asn(i: number): number {
    return this.asns[i] as number;
  }
}

/** What a route line's tail needs from its path attributes (absent ones as libbgpdump prints them). */
export class RouteTail {
  /** AS_PATH: `path` (the message's bytes) or `decodedPath` (decoded segments), as `pathFrom` says; `hasPath` false: none. */
  readonly path: AsPathCursor = new AsPathCursor();
  private readonly decodedPath = new SegmentsCursor();
  pathFrom: Segments = this.path;
  hasPath = false;
  origin = 'INCOMPLETE';
  /** The next hop printed: NEXT_HOP (`255.255.255.255` when absent), or MP_REACH_NLRI's. */
  readonly nextHop: Address = new Address();
  localPref = 0;
  med = 0;
  /** COMMUNITIES as int32 values, `communityCount` of them. */
  communities: Int32Array = new Int32Array(64);
  communityCount = 0;
  /** LARGE_COMMUNITY as int32 triples, `largeCount` of them. */
  large: Int32Array = new Int32Array(48);
  largeCount = 0;
  atomic = false;
  /** AGGREGATOR, unless its address is libbgpdump's "no aggregator" (255.255.255.255): AS -1 then. */
  aggregatorAs = -1;
  readonly aggregatorAddress: Address = new Address();
  // MP_REACH_NLRI's IPv6 next hops (a session names few).
  private readonly nextHops6 = new Ipv6TextCache(8);

  private clear(): void {
    this.hasPath = false;
    this.origin = 'INCOMPLETE';
    this.nextHop.text = NONE;
    this.localPref = 0;
    this.med = 0;
    this.communityCount = 0;
    this.largeCount = 0;
    this.atomic = false;
    this.aggregatorAs = -1;
  }

  /** The fields of an UPDATE as its view reads them (the decoder's values, RFC 7606 included). */
  fromView(v: UpdateView): this {
    this.clear();
    const b = v.bytes;
    if (v.hasAsPath()) {
      this.hasPath = true;
      this.pathFrom = v.asPath(this.path);
    }
    const origin = v.origin();
    if (origin !== undefined) this.origin = origin;
    let at = v.typedValueOffset(3);
    if (at >= 0) this.nextHop.setV4(i32(b, at));
    at = v.typedValueOffset(5);
    if (at >= 0) this.localPref = i32(b, at) >>> 0;
    at = v.typedValueOffset(4);
    if (at >= 0) this.med = i32(b, at) >>> 0;
    at = v.typedValueOffset(8);
    if (at >= 0) {
      const n = v.typedValueLength(8) >> 2;
      if (n > this.communities.length) this.communities = new Int32Array(n);
      for (let i = 0; i < n; i++) this.communities[i] = i32(b, at + 4 * i);
      this.communityCount = n;
    }
    at = v.typedValueOffset(32);
    if (at >= 0) {
      const n = (v.typedValueLength(32) / 12) | 0;
      if (3 * n > this.large.length) this.large = new Int32Array(3 * n);
      for (let i = 0; i < 3 * n; i++) this.large[i] = i32(b, at + 4 * i);
      this.largeCount = n;
    }
    this.atomic = v.typedValueOffset(6) >= 0;
    at = v.typedValueOffset(7);
    if (at >= 0) {
      // RFC 4271 section 5.1.7 (2-octet AS) / RFC 6793 section 3 (4-octet): AS, then the address.
      const wide = v.typedValueLength(7) === 8;
      const address = i32(b, at + (wide ? 4 : 2));
      if (address !== -1) {
        this.aggregatorAs = wide ? i32(b, at) >>> 0 : u16(b, at);
        this.aggregatorAddress.setV4(address);
      }
    }
    return this;
  }

  /**
   * The next hop of MP_REACH_NLRI (RFC 4760 section 3) for the lines of its NLRI: the first
   * address (IPv4, or the IPv6 global one), as the decoder's `nextHop[0]`.
   */
  useMpNextHop(v: UpdateView, afi: number): void {
    const at = v.typedValueOffset(14);
    const b = v.bytes;
    const n = at < 0 ? 0 : (b[at + 3] as number);
    if (n === 4) this.nextHop.setV4(i32(b, at + 4));
    else if (n >= 16) this.nextHop.text = this.nextHops6.text(b, at + 4, -1);
    else this.nextHop.text = afi === 2 ? '::' : '0.0.0.0';
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
          this.nextHop.text = a.nextHop;
          break;
        case 'LOCAL_PREF':
          this.localPref = a.localPref;
          break;
        case 'MULTI_EXIT_DISC':
          this.med = a.med;
          break;
        case 'COMMUNITIES': {
          const c = a.communities;
          if (c.length > this.communities.length) this.communities = new Int32Array(c.length);
          for (let i = 0; i < c.length; i++) this.communities[i] = parseCommunity(c[i] as string) | 0;
          this.communityCount = c.length;
          break;
        }
        case 'LARGE_COMMUNITY': {
          const c = a.communities;
          if (3 * c.length > this.large.length) this.large = new Int32Array(3 * c.length);
          // The decoder's `global:local1:local2` text, each part a 32-bit decimal (RFC 8092 section 3).
          for (let i = 0; i < c.length; i++) (c[i] as string).split(':').forEach((x, k) => (this.large[3 * i + k] = Number(x) | 0));
          this.largeCount = c.length;
          break;
        }
        case 'ATOMIC_AGGREGATE':
          this.atomic = true;
          break;
        case 'AGGREGATOR':
          this.aggregator(a.asn, a.address);
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
  pathOf(attributes: readonly PathAttribute[]): this {
    this.hasPath = false;
    this.aggregatorAs = -1;
    for (const a of attributes) {
      if (a.type === 'AS_PATH') this.segments(a.segments);
      else if (a.type === 'AGGREGATOR') this.aggregator(a.asn, a.address);
    }
    return this;
  }

  private segments(segments: readonly AsPathSegment[]): void {
    this.pathFrom = this.decodedPath.reset(segments);
    this.hasPath = true;
  }

  private aggregator(asn: number, address: string): void {
    if (address === NONE) {
      this.aggregatorAs = -1;
      return;
    }
    this.aggregatorAs = asn;
    this.aggregatorAddress.text = address;
  }
}

// AS_SEQUENCE `1 2`, AS_SET `{1,2}`, AS_CONFED_SEQUENCE `(1 2)`, AS_CONFED_SET `[1,2]`; segments
// separated by a space.
function writeAsPath(w: TextWriter, c: Segments): void {
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

// `asn:value`, or libbgpdump's name of a well-known community.
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
export function writeTail(w: TextWriter, t: RouteTail, isLegacy: boolean): void {
  if (t.hasPath) writeAsPath(w, t.pathFrom.rewind());
  w.byte(124);
  w.text(t.origin);
  w.byte(124);
  t.nextHop.write(w);
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
  // bgpdump releases print them: `global:local1:local2`.
  const l = t.large;
  for (let i = 0; i < t.largeCount; i++) {
    if (i > 0 || n > 0) w.byte(32);
    w.uint((l[3 * i] as number) >>> 0);
    w.byte(58);
    w.uint((l[3 * i + 1] as number) >>> 0);
    w.byte(58);
    w.uint((l[3 * i + 2] as number) >>> 0);
  }
  w.text(t.atomic ? '|AG|' : '|NAG|');
  if (t.aggregatorAs >= 0) {
    w.uint(t.aggregatorAs);
    w.byte(32);
    t.aggregatorAddress.write(w);
  }
  w.byte(124);
}
