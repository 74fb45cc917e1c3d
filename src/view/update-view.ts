import { attributeCode, attributeCodecs } from '../attributes/registry.ts';
import type { PathAttribute, UpdateIssue, UpdateMessage, IssueAction, CommunitiesAttribute, ExtendedCommunity, LargeCommunitiesAttribute, MpReachAttribute, MpUnreachAttribute } from '../attributes/types.ts';
import type { Family } from '../context/family.ts';
import type { SessionContext } from '../context/session-context.ts';
import { hasAddPath, maxMessageLength, requireContext } from '../context/session-context.ts';
import { ErrorCode, UpdateErrorSubcode } from '../iana.ts';
import { decodeHeader } from '../messages/header.ts';
import { readUpdateBody } from '../messages/update.ts';
import { BgpError, EMPTY } from '../wire/errors.ts';
import { formatIPv4, formatIPv6 } from '../wire/ip.ts';
import { Reader } from '../wire/reader.ts';
import { AsPathCursor, checkedOriginAt, MALFORMED, originAsAt, pathLengthAt } from './as-path-view.ts';
import { CODEC_FLAGS, isCleanValue, isTypedFamily } from '../attributes/check.ts';
import { AttributeCursor } from './attribute-cursor.ts';
import { countPrefixes, PrefixCursor } from './prefix-cursor.ts';

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

const ORIGINS = ['IGP', 'EGP', 'INCOMPLETE'] as const;
const NO_ISSUES: readonly UpdateIssue[] = Object.freeze([]);
// Per attribute code, 4 int32 slots (code << 2): generation seen, header offset, value end,
// value state (gen when known clean, so typed by the decoder; -gen when the decoder keeps it raw).
const UNCHECKED = 0;
const CLEAN = 1;
const DECODED = 2;

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
export class UpdateView {
  /** The buffer holding the message (aliased, never copied). */
  bytes: Uint8Array = EMPTY;
  /** The session context the message was validated under. */
  ctx: SessionContext | undefined = undefined;
  /** Offset of the message (its marker) in `bytes`. */
  offset = 0;
  /** Message length, header included. */
  length = 0;
  /** Withdrawn Routes field: start and end offsets in `bytes`. */
  withdrawnStart = 0;
  withdrawnEnd = 0;
  /** Path Attributes field: start and end offsets. */
  attributesStart = 0;
  attributesEnd = 0;
  /** NLRI field: start and end offsets. */
  nlriStart = 0;
  nlriEnd = 0;
  /** Number of prefixes in the Withdrawn Routes and NLRI fields. */
  withdrawnCount = 0;
  nlriCount = 0;
  /** Number of attribute headers read (malformed ones included). */
  attributeCount = 0;
  private gen = 0;
  private readonly slots = new Int32Array(256 << 2);
  private foundIssues: readonly UpdateIssue[] = NO_ISSUES;
  /** UNCHECKED: framing and MP_* checked, other values on demand; CLEAN: every value clean; DECODED: the decoder decided (slot 4: gen typed, -gen raw). */
  private state = UNCHECKED;
  private ap4 = false;
  private width: 2 | 4 = 4;
  private maxLength = 4096;

  /**
   * Points this view at the UPDATE at `offset` in `bytes` and validates its framing.
   * @throws BgpError where `decodeMessage` would (a session reset: the same code, subcode and data).
   * @throws TypeError without a session context.
   */
  reset(bytes: Uint8Array, ctx: SessionContext, offset = 0): this {
    if (ctx !== this.ctx) {
      requireContext(ctx, 'viewing an UPDATE');
      this.ctx = ctx;
      this.ap4 = hasAddPath(ctx, 1, 1);
      this.width = ctx.asn4 ? 4 : 2;
      this.maxLength = maxMessageLength(ctx);
    }
    const b = bytes;
    const o = offset;
    // One branch for the whole marker (RFC 4271 section 4.1); any error is decodeHeader's.
    const marker =
      (b[o] as number) & (b[o + 1] as number) & (b[o + 2] as number) & (b[o + 3] as number) & (b[o + 4] as number) & (b[o + 5] as number) & (b[o + 6] as number) & (b[o + 7] as number) &
      (b[o + 8] as number) & (b[o + 9] as number) & (b[o + 10] as number) & (b[o + 11] as number) & (b[o + 12] as number) & (b[o + 13] as number) & (b[o + 14] as number) & (b[o + 15] as number);
    const length = ((b[o + 16] as number) << 8) | (b[o + 17] as number);
    if (marker !== 0xff || b[o + 18] !== 2 || length < 23 || length > this.maxLength || length > b.length - o) throw headerError(b, o, ctx);
    const end = offset + length;
    this.bytes = b;
    this.offset = offset;
    this.length = length;
    this.foundIssues = NO_ISSUES;
    let gen = this.gen + 1;
    if (gen > 0x7ffffff0) {
      this.slots.fill(0);
      gen = 1;
    }
    this.gen = gen;
    let p = offset + 19;
    const wlen = ((b[p] as number) << 8) | (b[p + 1] as number);
    p += 2;
    this.withdrawnStart = p;
    // Framing that does not add up is a session reset; the decoder throws it, with its data.
    if (wlen + 2 > end - p) return this.slow(true);
    this.withdrawnEnd = p + wlen;
    this.withdrawnCount = countPrefixes(b, p, p + wlen, 32, this.ap4);
    if (this.withdrawnCount < 0) return this.slow(true);
    p += wlen;
    const alen = ((b[p] as number) << 8) | (b[p + 1] as number);
    p += 2;
    if (alen > end - p) return this.slow(true);
    this.attributesStart = p;
    this.attributesEnd = p + alen;
    this.nlriStart = p + alen;
    this.nlriEnd = end;
    this.nlriCount = countPrefixes(b, p + alen, end, 32, this.ap4);
    if (this.nlriCount < 0) return this.slow(true);
    return this.walkAttributes(b, p, p + alen, ctx);
  }

  /**
   * One pass over the attribute headers: stores offsets and settles at once everything that
   * can reset the session (RFC 7606): headers in range, no repeated attribute, no
   * unrecognized well-known attribute, MP_REACH_NLRI/MP_UNREACH_NLRI well formed (section 7.11,
   * 3 g, 3 j). The other values are checked when an accessor or `issues` asks, except where
   * section 5.2 could turn their issues into a reset (no reachable NLRI beside other
   * attributes): then every value is checked here.
   */
  private walkAttributes(b: Uint8Array, start: number, aEnd: number, ctx: SessionContext): this {
    const slots = this.slots;
    const gen = this.gen;
    let clean = true;
    let q = start;
    let index = 0;
    while (q < aEnd) {
      const flags = b[q] as number;
      const hdr = flags & 0x10 ? 4 : 3;
      // RFC 7606 section 4: a header or value overrunning the field is an issue (the decoder's).
      if (aEnd - q < hdr) {
        clean = false;
        break;
      }
      const code = b[q + 1] as number;
      const len = hdr === 4 ? ((b[q + 2] as number) << 8) | (b[q + 3] as number) : (b[q + 2] as number);
      const vs = q + hdr;
      const ve = vs + len;
      if (ve > aEnd) {
        clean = false;
        break;
      }
      const s = code << 2;
      if (slots[s] === gen) {
        clean = false; // RFC 7606 section 3 g: a repeat (the decoder discards it, or resets for MP_*).
      } else {
        slots[s] = gen;
        slots[s + 1] = q;
        slots[s + 2] = ve;
        if (code === 14 || code === 15) {
          // RFC 7606 sections 3 j, 7.11: a malformed MP_* may reset the session; checked now.
          if ((flags & 0xc0) !== 0x80 || !isCleanValue(code, b, vs, ve, ctx)) clean = false;
          else slots[s + 3] = gen;
        } else if ((flags & 0x80) === 0 && (CODEC_FLAGS[code] as number) < 0) {
          clean = false; // unrecognized well-known: the decoder resets
        }
      }
      index++;
      q = ve;
    }
    this.attributeCount = index;
    if (!clean) return this.slow(false);
    this.state = UNCHECKED;
    // RFC 7606 section 5.2: without reachable NLRI, any treat-as-withdraw issue among the
    // other attributes resets the session, so their values must be known now.
    if (this.nlriCount === 0 && index > (slots[15 << 2] === gen ? 1 : 0) && !this.mpReachHasNlri()) this.checkAll();
    return this;
  }

  /** Whether a (well-formed) MP_REACH_NLRI is present and carries prefixes. */
  private mpReachHasNlri(): boolean {
    const s = 14 << 2;
    const slots = this.slots;
    if (slots[s] !== this.gen) return false;
    const vs = this.vsAt(slots[s + 1] as number);
    return vs + 5 + (this.bytes[vs + 3] as number) < (slots[s + 2] as number);
  }

  /** Checks every attribute value (and the mandatory ones); the decoder decides for anything not clean. */
  private checkAll(): void {
    if (this.state !== UNCHECKED) return;
    const b = this.bytes;
    const ctx = this.ctx as SessionContext;
    const slots = this.slots;
    const gen = this.gen;
    let q = this.attributesStart;
    const aEnd = this.attributesEnd;
    let clean = true;
    // Headers were validated by walkAttributes (in range, no repeats).
    while (q < aEnd) {
      const flags = b[q] as number;
      const hdr = flags & 0x10 ? 4 : 3;
      const code = b[q + 1] as number;
      const len = hdr === 4 ? ((b[q + 2] as number) << 8) | (b[q + 3] as number) : (b[q + 2] as number);
      const vs = q + hdr;
      q = vs + len;
      const s = code << 2;
      if (slots[s + 3] === gen) continue;
      const cf = CODEC_FLAGS[code] as number;
      if (cf < 0) continue;
      if ((flags & 0xc0) !== cf || !isCleanValue(code, b, vs, q, ctx)) {
        clean = false;
        break;
      }
    }
    if (clean && !this.hasMandatory()) clean = false;
    if (clean) this.state = CLEAN;
    else this.slow(false);
  }

  /**
   * Value start of attribute `code` (present, not malformed), checking its value on first
   * use: a clean value is one the decoder types whatever the other attributes hold; anything
   * else is settled by the decoder's own code.
   */
  private checkOne(code: number): number {
    const s = code << 2;
    const slots = this.slots;
    const b = this.bytes;
    const h = slots[s + 1] as number;
    const flags = b[h] as number;
    const vs = h + (flags & 0x10 ? 4 : 3);
    const cf = CODEC_FLAGS[code] as number;
    if (cf < 0) return vs; // kept raw by the decoder, no issue
    if ((flags & 0xc0) === cf && isCleanValue(code, b, vs, slots[s + 2] as number, this.ctx as SessionContext)) {
      slots[s + 3] = this.gen;
      return vs;
    }
    this.slow(false);
    return slots[s + 3] === -this.gen ? -1 : vs;
  }

  /** Value start of the attribute whose header is at `h`. */
  private vsAt(h: number): number {
    return h + ((this.bytes[h] as number) & 0x10 ? 4 : 3);
  }

  /** RFC 7606 section 3 d (as checkMandatory): reachable routes need ORIGIN, AS_PATH and, for the NLRI field, NEXT_HOP. */
  private hasMandatory(): boolean {
    const slots = this.slots;
    const gen = this.gen;
    const reach = this.nlriCount > 0 || this.mpReachHasNlri();
    if (!reach) return true;
    if (slots[1 << 2] !== gen || slots[2 << 2] !== gen) return false;
    return this.nlriCount === 0 || slots[3 << 2] === gen;
  }

  /**
   * The rare path: the message is not clean, so the decoder's own code (readUpdateBody and
   * readAttributes) decides, and throws where it must. Its issues become this view's, and every
   * attribute it kept raw reads as absent.
   */
  private slow(framing: boolean): this {
    const ctx = this.ctx as SessionContext;
    const m = readUpdateBody(new Reader(this.bytes, this.offset + 19, this.offset + this.length, ErrorCode.UpdateMessageError, 1, 'UPDATE'), ctx, { strict: false });
    if (framing) {
      // The decoder accepted what the framing check refused: never expected; fail loudly as malformed.
      throw new BgpError(3, UpdateErrorSubcode.MalformedAttributeList, 'view framing disagrees with the decoder', EMPTY, 'UPDATE');
    }
    this.foundIssues = m.issues ?? NO_ISSUES;
    this.state = DECODED;
    const slots = this.slots;
    const gen = this.gen;
    // The headers again (as walkAttributes, up to one that overruns): the first occurrence of
    // each code is the attribute at the same index in the decoder's list.
    const b = this.bytes;
    const aEnd = this.attributesEnd;
    let q = this.attributesStart;
    let index = 0;
    while (q < aEnd) {
      const flags = b[q] as number;
      const hdr = flags & 0x10 ? 4 : 3;
      if (aEnd - q < hdr) break;
      const s = (b[q + 1] as number) << 2;
      const ve = q + hdr + (hdr === 4 ? ((b[q + 2] as number) << 8) | (b[q + 3] as number) : (b[q + 2] as number));
      if (ve > aEnd) break;
      if (slots[s] === gen && slots[s + 1] === q) {
        const a = m.attributes[index];
        slots[s + 3] = a === undefined || a.type === 'raw' ? -gen : gen;
      }
      index++;
      q = ve;
    }
    return this;
  }

  /** RFC 7606 findings, as `decodeMessage` reports them (empty for a clean message); checks every value on first use. */
  get issues(): readonly UpdateIssue[] {
    if (this.state === UNCHECKED) this.checkAll();
    return this.foundIssues;
  }

  /** The strongest RFC 7606 action among `issues`, or undefined. */
  get action(): IssueAction | undefined {
    let out: IssueAction | undefined;
    const rank = ['attribute-discard', 'treat-as-withdraw', 'afisafi-disable', 'session-reset'];
    for (const i of this.issues) if (out === undefined || rank.indexOf(i.action) > rank.indexOf(out)) out = i.action;
    return out;
  }

  /** Whether attribute `code` is present (its first occurrence), malformed or not. */
  hasAttribute(code: number): boolean {
    return this.slots[code << 2] === this.gen;
  }

  /** Value start of a well-formed (typed by the decoder) attribute, or -1. */
  private valueStart(code: number): number {
    const s = code << 2;
    const slots = this.slots;
    const gen = this.gen;
    if (slots[s] !== gen) return -1;
    const st = slots[s + 3] as number;
    if (st === gen || this.state === CLEAN) return this.vsAt(slots[s + 1] as number);
    if (st === -gen) return -1;
    return this.state === DECODED ? this.vsAt(slots[s + 1] as number) : this.checkOne(code);
  }

  private valueEnd(code: number): number {
    return this.slots[(code << 2) + 2] as number;
  }

  /** The value bytes of attribute `code` (first occurrence, malformed or not), valid while the input bytes are unchanged. */
  attribute(code: number): Uint8Array | undefined {
    const s = code << 2;
    if (this.slots[s] !== this.gen) return undefined;
    return this.bytes.subarray(this.vsAt(this.slots[s + 1] as number), this.slots[s + 2] as number);
  }

  /** The flags octet of attribute `code` as received, or -1 when absent. */
  attributeFlags(code: number): number {
    const s = code << 2;
    return this.slots[s] === this.gen ? (this.bytes[this.slots[s + 1] as number] as number) : -1;
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
    return vs < 0 ? undefined : ORIGINS[this.bytes[vs] as number];
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
    const vs = this.valueStart(2);
    return vs < 0 ? undefined : originAsAt(this.bytes, vs, this.valueEnd(2), this.width);
  }

  /**
   * Writes the origin AS (as {@link originAs}) into `out[index]` and returns true, or returns
   * false when there is none. Allocation-free for every ASN: returning a number of 2^31 or
   * more (4-octet private ASNs) from a call that is not inlined boxes it on the heap.
   */
  originAsInto(out: Uint32Array | Float64Array, index = 0): boolean {
    const s = 2 << 2;
    const slots = this.slots;
    const gen = this.gen;
    if (slots[s] !== gen) return false;
    const b = this.bytes;
    const w = this.width;
    const h = slots[s + 1] as number;
    const flags = b[h] as number;
    const vs = h + (flags & 0x10 ? 4 : 3);
    const st = slots[s + 3] as number;
    if (st === -gen) return false;
    // Checked and walked in one pass unless already known (RFC 7606 section 7.2 as isCleanValue).
    let at = checkedOriginAt(b, vs, slots[s + 2] as number, w);
    if (st !== gen && this.state === UNCHECKED) {
      if (at !== MALFORMED && (flags & 0xc0) === 0x40) slots[s + 3] = gen;
      else if (this.checkOne(2) < 0) return false;
    }
    if (at < 0) return false;
    out[index] = w === 2 ? ((b[at] as number) << 8) | (b[at + 1] as number) : (((b[at] as number) << 24) | ((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number)) >>> 0;
    return true;
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

  /** MP_REACH_NLRI next hop addresses for typed families (IPv6: global then link-local), or undefined. */
  mpNextHop(): readonly string[] | undefined {
    const vs = this.valueStart(14);
    if (vs < 0) return undefined;
    const b = this.bytes;
    if (!isTypedFamily(u16(b, vs), b[vs + 2] as number)) return undefined;
    const n = b[vs + 3] as number;
    if (n === 4) return [formatIPv4(b, vs + 4)];
    const out: string[] = [];
    for (let i = 0; i < n; i += 16) out.push(formatIPv6(b, vs + 4 + i));
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
    const b = this.bytes;
    // Absent (most messages): no value lookup.
    if (this.slots[14 << 2] !== this.gen) return cursor.reset(b, 0, 0, 0, 0, false);
    const vs = this.valueStart(14);
    if (vs < 0) return cursor.reset(b, 0, 0, 0, 0, false);
    const afi = u16(b, vs);
    const safi = b[vs + 2] as number;
    if (!isTypedFamily(afi, safi)) return cursor.reset(b, 0, 0, afi, safi, false);
    return cursor.reset(b, vs + 5 + (b[vs + 3] as number), this.valueEnd(14), afi, safi, hasAddPath(this.ctx as SessionContext, afi, safi));
  }

  /** Points `cursor` at the MP_UNREACH_NLRI withdrawn prefixes of a typed family (none otherwise). */
  mpUnreachWithdrawn(cursor: PrefixCursor = new PrefixCursor()): PrefixCursor {
    const b = this.bytes;
    // Absent (most messages): no value lookup.
    if (this.slots[15 << 2] !== this.gen) return cursor.reset(b, 0, 0, 0, 0, false);
    const vs = this.valueStart(15);
    if (vs < 0) return cursor.reset(b, 0, 0, 0, 0, false);
    const afi = u16(b, vs);
    const safi = b[vs + 2] as number;
    if (!isTypedFamily(afi, safi)) return cursor.reset(b, 0, 0, afi, safi, false);
    return cursor.reset(b, vs + 3, this.valueEnd(15), afi, safi, hasAddPath(this.ctx as SessionContext, afi, safi));
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
  toString(): string {
    return `UPDATE ${this.withdrawnCount} withdrawn, ${this.nlriCount} nlri, ${this.attributeCount} attributes`;
  }
}

function u16(b: Uint8Array, p: number): number {
  return ((b[p] as number) << 8) | (b[p + 1] as number);
}

function u32(b: Uint8Array, p: number): number {
  return (((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number)) >>> 0;
}

function headerError(bytes: Uint8Array, offset: number, ctx: SessionContext): BgpError {
  // decodeHeader throws exactly what decodeMessage throws for a bad or truncated header.
  const h = decodeHeader(bytes, offset, ctx);
  return new BgpError(1, 3, `expected an UPDATE, got message type ${h.type}`, Uint8Array.of(h.type), 'header.type');
}

/**
 * Views the UPDATE at `offset` in `bytes` without copying (RFC 4271 section 4.3): framing is
 * validated once, values decode on demand and alias the input (valid while the input bytes
 * are unchanged). For a loop, keep one view and call `viewUpdateInto`.
 * @throws BgpError where `decodeMessage` would reset the session (same code, subcode, data).
 * @example const v = viewUpdate(buf, ctx, off); for (const c = v.nlri(); c.next(); ) count++
 */
export function viewUpdate(bytes: Uint8Array, ctx: SessionContext, offset = 0): UpdateView {
  return new UpdateView().reset(bytes, ctx, offset);
}

/**
 * Re-points `view` at the UPDATE at `offset` (allocation-free for a clean message).
 * @throws BgpError as {@link viewUpdate}.
 */
export function viewUpdateInto(view: UpdateView, bytes: Uint8Array, ctx: SessionContext, offset = 0): UpdateView {
  return view.reset(bytes, ctx, offset);
}
