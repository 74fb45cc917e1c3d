import { attributeCode, attributeCodecs } from '../attributes/registry.ts';
import { ORIGIN_NAMES } from '../attributes/origin.ts';
import type { PathAttribute, UpdateMessage, CommunitiesAttribute, ExtendedCommunity, LargeCommunitiesAttribute, MpReachAttribute, MpUnreachAttribute } from '../attributes/types.ts';
import type { Family } from '../context/family.ts';
import type { SessionContext } from '../context/session-context.ts';
import { hasAddPath } from '../context/session-context.ts';
import { ErrorCode, UpdateErrorSubcode } from '../iana.ts';
import { readUpdateBody } from '../messages/update.ts';
import { BgpError } from '../wire/errors.ts';
import { formatIPv4, formatIPv6 } from '../wire/ip.ts';
import { Reader } from '../wire/reader.ts';
import { u16, u32 } from '../wire/bytes.ts';
import { AsPathCursor, checkedOriginAt, MALFORMED, pathLengthAt } from './as-path-view.ts';
import { CODEC_FLAGS, isTypedFamily } from '../attributes/check.ts';
import type { NlriCodec } from '../nlri/codec.ts';
import { readNextHopFor } from '../nlri/next-hop.ts';
import { nlriCodec, nlriContext } from '../nlri/registry.ts';
import type { Nlri } from '../nlri/types.ts';
import { walkNlri } from '../nlri/walk.ts';
import { AttributeCursor } from './attribute-cursor.ts';
import { PrefixCursor } from './prefix-cursor.ts';
import { mpPrefixStart, UNCHECKED, UpdateViewFrame } from './update-view-frame.ts';
import { argError, checkBytes, checkContextOnce } from '../wire/args.ts';

// UPDATE (RFC 4271 section 4.3):
//      +-----------------------------------------------------+
//      |   Withdrawn Routes Length (2 octets)                |
//      +-----------------------------------------------------+
//      |   Withdrawn Routes (variable)                       |
//      +-----------------------------------------------------+
//      |   Total Path Attribute Length (2 octets)            |
//      +-----------------------------------------------------+
//      |   Path Attributes (variable)                        |
//      +-----------------------------------------------------+
//      |   Network Layer Reachability Information (variable) |
//      +-----------------------------------------------------+

/**
 * A lazy, zero-copy view of one UPDATE inside a larger buffer (RFC 4271 section 4.3).
 * `reset` validates the framing once (section lengths, every attribute header, every prefix
 * length for its family) and stores offsets only; accessors decode on demand. A view is
 * reusable: `reset` it on the next message and nothing is allocated for a well-formed one.
 *
 * Every accessor answers as `decodeMessage` does: a malformed attribute that RFC 7606 makes
 * the decoder keep raw reads as absent here, and `issues` lists the decoder's own findings
 * (computed by the decoder's code, only for messages that are not clean). Values returned by
 * `attribute()`, the cursors and `bytes` alias the input: they are valid while the input
 * bytes are unchanged; `toOwned()` copies.
 */
export class UpdateView extends UpdateViewFrame {
  /** The value bytes of attribute `code` (first occurrence, malformed or not), valid while the input bytes are unchanged. */
  attribute(code: number): Uint8Array | undefined {
    const s = code << 2;
    if (this.slots[s] !== this.gen) return undefined;
    return this.bytes.subarray(this.vsAt(this.slots[s + 1] as number), this.slots[s + 2] as number);
  }

  /**
   * Offset in `bytes` of the value of attribute `code` (its first occurrence) when the decoder
   * types it (present, well formed, RFC 7606 checked on first use, and a code with a codec),
   * else -1: its octets for a caller that reads them itself. The value runs for
   * {@link typedValueLength} octets.
   */
  typedValueOffset(code: number): number {
    return code >>> 0 < 256 && (CODEC_FLAGS[code] as number) >= 0 ? this.valueStart(code) : -1;
  }

  /** Length of the value of attribute `code` when {@link typedValueOffset} finds it, else -1. */
  typedValueLength(code: number): number {
    const vs = this.typedValueOffset(code);
    return vs < 0 ? -1 : this.valueEnd(code) - vs;
  }

  /** The flags octet of attribute `code` as received, or -1 when absent. */
  attributeFlags(code: number): number {
    const s = code << 2;
    return this.slots[s] === this.gen ? (this.bytes[this.slots[s + 1] as number] as number) : -1;
  }

  /**
   * Type code of the `i`th attribute header in wire order (`0 <= i < attributeCount`; -1 past the end), read
   * from the offsets `reset` recorded: with the three accessors below, a walk of every header
   * that reads nothing twice.
   * @example for (let i = 0; i < v.attributeCount; i++) if (v.attributeCodeAt(i) === 8) ...
   */
  attributeCodeAt(i: number): number {
    return i >>> 0 < this.attributeCount ? (this.bytes[(this.headers[i] as number) + 1] as number) : -1;
  }

  /** Flags octet of the `i`th attribute header (wire order), or -1 past the end. */
  attributeFlagsAt(i: number): number {
    return i >>> 0 < this.attributeCount ? (this.bytes[this.headers[i] as number] as number) : -1;
  }

  /** Offset in `bytes` of the `i`th attribute's value (wire order), or -1 past the end. */
  attributeValueOffsetAt(i: number): number {
    return i >>> 0 < this.attributeCount ? this.vsAt(this.headers[i] as number) : -1;
  }

  /** Length of the `i`th attribute's value (wire order), or -1 past the end. */
  attributeValueLengthAt(i: number): number {
    if (i >>> 0 >= this.attributeCount) return -1;
    const h = this.headers[i] as number;
    const b = this.bytes;
    return (b[h] as number) & 0x10 ? ((b[h + 2] as number) << 8) | (b[h + 3] as number) : (b[h + 2] as number);
  }

  /** Points `cursor` before the first attribute header of the message. */
  attributes(cursor: AttributeCursor = new AttributeCursor()): AttributeCursor {
    return cursor.reset(this.bytes, this.attributesStart, this.attributesEnd);
  }

  /**
   * Attribute `code` decoded by the decoder's own codec, exactly as `decodeMessage` lists it
   * (raw for unknown codes; undefined when absent or malformed).
   */
  decodeAttribute(code: number): PathAttribute | undefined {
    const vs = this.valueStart(code);
    if (vs < 0) return undefined;
    const ve = this.valueEnd(code);
    const flags = this.attributeFlags(code);
    const codec = attributeCodecs.get(code);
    if (codec === undefined) return { type: 'raw', code, flags, value: this.bytes.slice(vs, ve) };
    let value: PathAttribute;
    try {
      value = codec.read(new Reader(this.bytes, vs, ve, 3, UpdateErrorSubcode.AttributeLengthError, `UPDATE.attributes.${code}`), this.ctx as SessionContext);
    } catch (e) {
      if (!(e instanceof BgpError)) throw e;
      // The decoder keeps some values its codec alone refuses (RFC 4760 section 3: a NEXT_HOP
      // beside MP_REACH_NLRI with no NLRI field is ignored, so 0.0.0.0 is no error): ask it.
      return this.toOwned().attributes.find((a) => a.type !== 'raw' && attributeCode(a) === code);
    }
    const canonical = codec.flags | (ve - vs > 255 ? 0x10 : 0);
    return flags === canonical ? value : { ...value, flags };
  }

  /** ORIGIN (RFC 4271 section 5.1.1), or undefined. */
  origin(): 'IGP' | 'EGP' | 'INCOMPLETE' | undefined {
    const vs = this.valueStart(1);
    return vs < 0 ? undefined : ORIGIN_NAMES[this.bytes[vs] as number];
  }

  /** Whether a well-formed AS_PATH is present. */
  hasAsPath(): boolean {
    return this.valueStart(2) >= 0;
  }

  /** Points `cursor` at the AS_PATH segments (none when absent or malformed); allocates nothing when given a cursor. */
  asPath(cursor: AsPathCursor = new AsPathCursor()): AsPathCursor {
    const vs = this.valueStart(2);
    return vs < 0 ? cursor.reset(this.bytes, 0, 0, this.width) : cursor.reset(this.bytes, vs, this.valueEnd(2), this.width);
  }

  /** Points `cursor` at the AS4_PATH segments (RFC 6793, always 4-octet). */
  as4Path(cursor: AsPathCursor = new AsPathCursor()): AsPathCursor {
    const vs = this.valueStart(17);
    return vs < 0 ? cursor.reset(this.bytes, 0, 0, 4) : cursor.reset(this.bytes, vs, this.valueEnd(17), 4);
  }

  /**
   * The origin AS: the last ASN of AS_PATH when its last segment is an AS_SEQUENCE. A path
   * ending in an AS_SET (an aggregate) or in a confederation segment, an empty path or none:
   * undefined (RFC 6811 section 2: NONE). The AS_PATH as received (no RFC 6793 AS4_PATH merge).
   */
  originAs(): number | undefined {
    const at = this.slots[2 << 2] === this.gen ? this.originOffset() : -1;
    return at < 0 ? undefined : this.width === 2 ? u16(this.bytes, at) : u32(this.bytes, at);
  }

  /**
   * Writes the origin AS (as {@link originAs}) into `out[index]` and returns true, or returns
   * false when there is none. Allocation-free for every ASN: returning a number of 2^31 or
   * more (4-octet private ASNs) from a call that is not inlined boxes it on the heap.
   */
  originAsInto(out: Uint32Array | Float64Array, index = 0): boolean {
    // Small enough to inline in a loop; the checks are in originOffset.
    const at = this.slots[2 << 2] === this.gen ? this.originOffset() : -1;
    if (at < 0) return false;
    const b = this.bytes;
    // The reads written out, not u16/u32: this method is inlined into the caller's loop, and
    // two more calls in it cost the walk ≈2 ns per message (V8's inlining budget).
    out[index] = this.width === 2 ? ((b[at] as number) << 8) | (b[at + 1] as number) : (((b[at] as number) << 24) | ((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number)) >>> 0;
    return true;
  }

  // Offset of the origin AS in `bytes` (AS_PATH present), or negative when there is none.
  private originOffset(): number {
    const s = 2 << 2;
    const slots = this.slots;
    const gen = this.gen;
    const st = slots[s + 3] as number;
    if (st === -gen) return -1;
    const b = this.bytes;
    const h = slots[s + 1] as number;
    const flags = b[h] as number;
    // Checked and walked in one pass unless already known (RFC 7606 section 7.2 as isCleanValue).
    const at = checkedOriginAt(b, h + (flags & 0x10 ? 4 : 3), slots[s + 2] as number, this.width);
    if (st !== gen && this.state === UNCHECKED) {
      if (at !== MALFORMED && (flags & 0xc0) === 0x40) slots[s + 3] = gen;
      else if (this.checkOne(2) < 0) return -1;
    }
    return at;
  }

  /**
   * AS_PATH length as RFC 4271 section 9.1.2.2 a counts it: an AS_SET counts 1 (so a path
   * ending in an AS_SET counts that set as one hop), confederation segments count 0.
   * Undefined when there is no well-formed AS_PATH.
   */
  pathLength(): number | undefined {
    const vs = this.valueStart(2);
    return vs < 0 ? undefined : pathLengthAt(this.bytes, vs, this.valueEnd(2), this.width);
  }

  /** NEXT_HOP (RFC 4271 section 5.1.3) as text, or undefined. */
  nextHop(): string | undefined {
    const vs = this.valueStart(3);
    return vs < 0 ? undefined : formatIPv4(this.bytes, vs);
  }

  /** MULTI_EXIT_DISC (RFC 4271 section 5.1.4), or undefined. */
  med(): number | undefined {
    const vs = this.valueStart(4);
    return vs < 0 ? undefined : u32(this.bytes, vs);
  }

  /** LOCAL_PREF (RFC 4271 section 5.1.5), or undefined (also when RFC 7606 discards it from an external peer). */
  localPref(): number | undefined {
    const vs = this.valueStart(5);
    return vs < 0 ? undefined : u32(this.bytes, vs);
  }

  /** Number of COMMUNITIES (RFC 1997) values; 0 when absent. */
  communityCount(): number {
    const vs = this.valueStart(8);
    return vs < 0 ? 0 : (this.valueEnd(8) - vs) >> 2;
  }

  /** The `i`-th community as a 32-bit number (allocates nothing). */
  communityAt(i: number): number {
    return u32(this.bytes, this.valueStart(8) + 4 * i);
  }

  /** COMMUNITIES as `asn:value` text, or undefined. */
  communities(): readonly string[] | undefined {
    return (this.decodeAttribute(8) as CommunitiesAttribute | undefined)?.communities;
  }

  /** LARGE_COMMUNITY (RFC 8092) as `a:b:c` text, or undefined. */
  largeCommunities(): readonly string[] | undefined {
    return (this.decodeAttribute(32) as LargeCommunitiesAttribute | undefined)?.communities;
  }

  /** EXTENDED_COMMUNITIES (RFC 4360), or undefined. */
  extendedCommunities(): readonly ExtendedCommunity[] | undefined {
    const a = this.decodeAttribute(16);
    return a?.type === 'EXTENDED_COMMUNITIES' ? a.communities : undefined;
  }

  /** MP_REACH_NLRI fully decoded (RFC 4760 section 3), or undefined. */
  mpReach(): MpReachAttribute | undefined {
    return this.decodeAttribute(14) as MpReachAttribute | undefined;
  }

  /** MP_UNREACH_NLRI fully decoded (RFC 4760 section 4), or undefined. */
  mpUnreach(): MpUnreachAttribute | undefined {
    return this.decodeAttribute(15) as MpUnreachAttribute | undefined;
  }

  /** The AFI/SAFI of MP_REACH_NLRI, or undefined. */
  mpReachFamily(): Family | undefined {
    const vs = this.valueStart(14);
    return vs < 0 ? undefined : { afi: u16(this.bytes, vs), safi: this.bytes[vs + 2] as number };
  }

  /** The AFI/SAFI of MP_UNREACH_NLRI, or undefined. */
  mpUnreachFamily(): Family | undefined {
    const vs = this.valueStart(15);
    return vs < 0 ? undefined : { afi: u16(this.bytes, vs), safi: this.bytes[vs + 2] as number };
  }

  /**
   * MP_REACH_NLRI next hop addresses for typed families (IPv6: global then link-local; VPN
   * families without their RD of zero), or undefined (as the decoder's `nextHop`).
   */
  mpNextHop(): readonly string[] | undefined {
    const vs = this.valueStart(14);
    if (vs < 0) return undefined;
    const b = this.bytes;
    if (!isTypedFamily(u16(b, vs), b[vs + 2] as number)) {
      const codec = nlriCodec(u16(b, vs), b[vs + 2] as number);
      return codec === undefined ? undefined : readNextHopFor(codec, b, vs + 4, b[vs + 3] as number);
    }
    const n = b[vs + 3] as number;
    if (n === 4) return [formatIPv4(b, vs + 4)];
    const out: string[] = [];
    for (let i = 0; i < n; i += 16) out.push(formatIPv6(b, vs + 4 + i));
    return out;
  }

  /**
   * Every prefix of the message at once, without a cursor: writes the offset in `bytes` of
   * each prefix's length octet (the address follows it; with ADD-PATH the 4-octet Path
   * Identifier precedes it, RFC 7911 section 3) into `out`, field after field: Withdrawn
   * Routes, NLRI, MP_REACH_NLRI, MP_UNREACH_NLRI (typed families only, as the cursors). When
   * `ends` is given, `ends[f]` is the index in `out` just after field `f`'s prefixes (0
   * withdrawn, 1 NLRI, 2 MP_REACH_NLRI, 3 MP_UNREACH_NLRI). Returns the number of prefixes;
   * when `out` is shorter, only the first `out.length` offsets are written. Allocates
   * nothing: it copies the offsets `reset` recorded ({@link prefixOffsetAt} reads them in
   * place). The offsets are valid while the input bytes are unchanged.
   * @example const n = view.prefixOffsets(offsets); for (let i = 0; i < n; i++) bits += bytes[offsets[i]]
   */
  prefixOffsets(out: Int32Array, ends?: Int32Array): number {
    const n = this.prefixCount;
    const prefixes = this.prefixes;
    const m = n < out.length ? n : out.length;
    for (let i = 0; i < m; i++) out[i] = prefixes[i] as number;
    if (ends !== undefined) {
      const nlri = this.withdrawnCount + this.nlriCount;
      ends[0] = this.withdrawnCount;
      ends[1] = nlri;
      ends[2] = nlri + this.mpReachCount;
      ends[3] = n;
    }
    return n;
  }

  /**
   * Offset in `bytes` of the length octet of prefix `i` (`0 <= i < prefixCount`; -1 past the
   * end), in the order of {@link prefixOffsets}, recorded by `reset` while it checked the
   * prefixes: no copy, no walk. Valid while the input bytes are unchanged.
   * @example for (let i = 0; i < v.prefixCount; i++) bits += bytes[v.prefixOffsetAt(i)]
   */
  prefixOffsetAt(i: number): number {
    return i >>> 0 < this.prefixCount ? (this.prefixes[i] as number) : -1;
  }

  /**
   * The NLRI codec of MP_REACH_NLRI (14) or MP_UNREACH_NLRI (15) when the attribute is present,
   * well formed and of a family with a codec (src/nlri/registry.ts), else undefined: the family
   * of {@link mpNlriOffsets} and {@link mpNlriAt}.
   */
  mpNlriCodec(code: 14 | 15): NlriCodec | undefined {
    const vs = this.valueStart(code);
    return vs < 0 ? undefined : nlriCodec(u16(this.bytes, vs), this.bytes[vs + 2] as number);
  }

  /**
   * The offset in `bytes` of each NLRI of MP_REACH_NLRI (14) or MP_UNREACH_NLRI (15) — its Path
   * Identifier where ADD-PATH is on, else its Length octet — for every family with an NLRI
   * codec (labeled unicast, VPN and RT-Constraint included), written into `out`; returns the
   * number of NLRI (0 when absent, malformed or kept as bytes). Walked on request through the
   * family's codec (reset does not record them, so the walk of other messages costs nothing).
   * When `out` is shorter, only the first `out.length` offsets are written.
   */
  mpNlriOffsets(code: 14 | 15, out: Int32Array): number {
    const codec = this.mpNlriCodec(code);
    if (codec === undefined) return 0;
    const b = this.bytes;
    const vs = this.valueStart(code);
    const ve = this.valueEnd(code);
    const start = mpPrefixStart(b, code, vs);
    const ctx = nlriContext(this.ctx as SessionContext, codec.afi, codec.safi, code === 15);
    const n = walkNlri(codec, b, start, ve, ctx);
    if (n <= 0) return 0;
    if (out.length >= n) walkNlri(codec, b, start, ve, ctx, out, 0);
    else {
      const all = new Int32Array(n);
      walkNlri(codec, b, start, ve, ctx, all, 0);
      out.set(all.subarray(0, out.length));
    }
    return n;
  }

  /**
   * The NLRI of MP_REACH_NLRI (14) or MP_UNREACH_NLRI (15) that begins at `offset` (one of
   * {@link mpNlriOffsets}), read by the family's codec: the value `decodeMessage` lists.
   * @throws RangeError when the attribute has no codec or the offset is outside its NLRI;
   *   BgpError when `offset` is not the start of one (read as such, it does not parse).
   */
  mpNlriAt(code: 14 | 15, offset: number): Nlri {
    const codec = this.mpNlriCodec(code);
    const vs = this.valueStart(code);
    const ve = this.valueEnd(code);
    if (codec === undefined || offset < mpPrefixStart(this.bytes, code, vs) || offset >= ve) throw new RangeError(`mpNlriAt: no NLRI of attribute ${code} at offset ${offset}`);
    const r = new Reader(this.bytes, offset, ve, 3, UpdateErrorSubcode.OptionalAttributeError, `UPDATE.attributes.${code}`);
    return codec.read(r, nlriContext(this.ctx as SessionContext, codec.afi, codec.safi, code === 15));
  }

  /** Every NLRI of MP_REACH_NLRI (14) or MP_UNREACH_NLRI (15) typed by the family's codec (empty when none). */
  mpNlri(code: 14 | 15): Nlri[] {
    const codec = this.mpNlriCodec(code);
    if (codec === undefined) return [];
    const offsets = new Int32Array(this.valueEnd(code) - this.valueStart(code));
    const n = this.mpNlriOffsets(code, offsets);
    const out: Nlri[] = [];
    for (let i = 0; i < n; i++) out.push(this.mpNlriAt(code, offsets[i] as number));
    return out;
  }

  /** Points `cursor` at the Withdrawn Routes field (IPv4 unicast). */
  withdrawn(cursor: PrefixCursor = new PrefixCursor()): PrefixCursor {
    return cursor.reset(this.bytes, this.withdrawnStart, this.withdrawnEnd, 1, 1, this.ap4);
  }

  /** Points `cursor` at the NLRI field (IPv4 unicast). */
  nlri(cursor: PrefixCursor = new PrefixCursor()): PrefixCursor {
    return cursor.reset(this.bytes, this.nlriStart, this.nlriEnd, 1, 1, this.ap4);
  }

  /** Points `cursor` at the MP_REACH_NLRI prefixes of a typed family (none otherwise: see `attribute(14)`). */
  mpReachNlri(cursor: PrefixCursor = new PrefixCursor()): PrefixCursor {
    // Absent (most messages): small enough to inline, no value lookup.
    if (this.slots[14 << 2] !== this.gen) return cursor.reset(this.bytes, 0, 0, 0, 0, false);
    return this.mpField(cursor, 14);
  }

  /** Points `cursor` at the MP_UNREACH_NLRI withdrawn prefixes of a typed family (none otherwise). */
  mpUnreachWithdrawn(cursor: PrefixCursor = new PrefixCursor()): PrefixCursor {
    if (this.slots[15 << 2] !== this.gen) return cursor.reset(this.bytes, 0, 0, 0, 0, false);
    return this.mpField(cursor, 15);
  }

  // Points `cursor` at the prefixes of MP_REACH_NLRI (14) or MP_UNREACH_NLRI (15), typed families only.
  private mpField(cursor: PrefixCursor, code: 14 | 15): PrefixCursor {
    const b = this.bytes;
    const vs = this.valueStart(code);
    if (vs < 0) return cursor.reset(b, 0, 0, 0, 0, false);
    const afi = u16(b, vs);
    const safi = b[vs + 2] as number;
    if (!isTypedFamily(afi, safi)) return cursor.reset(b, 0, 0, afi, safi, false);
    return cursor.reset(b, mpPrefixStart(b, code, vs), this.valueEnd(code), afi, safi, hasAddPath(this.ctx as SessionContext, afi, safi));
  }

  /** The whole message, valid while the input bytes are unchanged. */
  messageBytes(): Uint8Array {
    return this.bytes.subarray(this.offset, this.offset + this.length);
  }

  /** The message decoded to plain owned objects (what `decodeMessage` returns). */
  toOwned(): UpdateMessage {
    return readUpdateBody(new Reader(this.bytes, this.offset + 19, this.offset + this.length, ErrorCode.UpdateMessageError, 1, 'UPDATE'), this.ctx as SessionContext, { strict: false });
  }

  /** The same as {@link toOwned}, for JSON.stringify. */
  toJSON(): UpdateMessage {
    return this.toOwned();
  }

  /** A short summary: `UPDATE 2 withdrawn, 3 nlri, 5 attributes`. */
  override toString(): string {
    return `UPDATE ${this.withdrawnCount} withdrawn, ${this.nlriCount} nlri, ${this.attributeCount} attributes`;
  }
}


/**
 * Views the UPDATE at `offset` in `bytes` without copying (RFC 4271 section 4.3): framing is
 * validated once, values decode on demand and alias the input (valid while the input bytes
 * are unchanged). For a loop, keep one view and call `viewUpdateInto`.
 * @throws BgpError where `decodeMessage` would reset the session (same code, subcode, data).
 * @example const v = viewUpdate(buf, ctx, off); for (const c = v.nlri(); c.next(); ) count++
 */
export function viewUpdate(bytes: Uint8Array, ctx: SessionContext, offset = 0): UpdateView {
  checkBytes(bytes, 'viewUpdate', 'bytes');
  checkContextOnce(ctx, 'viewUpdate', 'ctx', false);
  return new UpdateView().reset(bytes, ctx, offset);
}

/**
 * Re-points `view` at the UPDATE at `offset` (allocation-free for a clean message).
 * @throws BgpError as {@link viewUpdate}.
 */
export function viewUpdateInto(view: UpdateView, bytes: Uint8Array, ctx: SessionContext, offset = 0): UpdateView {
  if (!(view instanceof UpdateView)) throw argError('viewUpdateInto', 'view', 'an UpdateView', view);
  checkBytes(bytes, 'viewUpdateInto', 'bytes');
  checkContextOnce(ctx, 'viewUpdateInto', 'ctx', false);
  return view.reset(bytes, ctx, offset);
}

