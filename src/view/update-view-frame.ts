import type { UpdateIssue, IssueAction } from '../attributes/types.ts';
import type { SessionContext } from '../context/session-context.ts';
import { hasAddPath, maxMessageLength, requireContext } from '../context/session-context.ts';
import { ErrorCode, UpdateErrorSubcode } from '../iana.ts';
import { decodeHeader, isMarker, isMarkerIn } from '../messages/header.ts';
import { readUpdateBody } from '../messages/update.ts';
import { BgpError, EMPTY } from '../wire/errors.ts';
import { Reader } from '../wire/reader.ts';
import { CODEC_FAMILY, CODEC_FLAGS, checkCodecNlri, checkedMpPrefixStart, exceedsLabelCount, isCleanValue, isTypedFamily, UNTYPED_FAMILY } from '../attributes/check.ts';
import { recordPrefixes } from './prefix-cursor.ts';
import { checkBytes, checkContextOnce } from '../wire/args.ts';

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

const NO_ISSUES: readonly UpdateIssue[] = Object.freeze([]);
// Per attribute code, 4 int32 slots (code << 2): generation seen, header offset, value end,
// value state (gen when known clean, so typed by the decoder; -gen when the decoder keeps it raw).
export const UNCHECKED = 0;
const CLEAN = 1;
const DECODED = 2;
// What walkAttributes does beyond recording offsets, by type code: MP_REACH_NLRI and
// MP_UNREACH_NLRI are checked at once (RFC 7606 section 7.11); a code without a codec is an
// unrecognized well-known attribute when its Optional bit is clear (RFC 4271 section 6.3).
const PLAIN = 0;
const MP = 1;
const UNTYPED = 2;
const KIND: Uint8Array = (() => {
  const out = new Uint8Array(256);
  for (let code = 0; code < 256; code++) out[code] = code === 14 || code === 15 ? MP : (CODEC_FLAGS[code] as number) < 0 ? UNTYPED : PLAIN;
  return out;
})();

/**
 * The framing half of {@link UpdateView}: `reset` validates the message once and keeps
 * offsets; values are checked on first use, and the decoder's own code decides for anything
 * not clean (RFC 7606). The accessors live in `update-view.ts`.
 */
export class UpdateViewFrame {
  /** The buffer holding the message (aliased, never copied). */
  bytes: Uint8Array = EMPTY;
  /** The session context the message was validated under. */
  ctx: SessionContext | undefined = undefined;
  /** The context last passed to {@link reset} (the cache key of the fields derived from it). */
  private given: SessionContext | undefined = undefined;
  /** Offset of the message (its marker) in `bytes`. */
  offset = 0;
  /** Message length, header included. */
  length = 0;
  /** Withdrawn Routes field: end offset in `bytes` (its start is {@link withdrawnStart}). */
  withdrawnEnd = 0;
  /** Path Attributes field: end offset (the NLRI field runs from here to the message's end). */
  attributesEnd = 0;
  /** Number of prefixes in the Withdrawn Routes and NLRI fields. */
  withdrawnCount = 0;
  nlriCount = 0;
  /** Number of prefixes in MP_REACH_NLRI and MP_UNREACH_NLRI (typed families only, as the cursors). */
  mpReachCount = 0;
  mpUnreachCount = 0;
  /** Number of prefixes in all four fields ({@link prefixOffsetAt} reads them). */
  prefixCount = 0;
  /** Number of attribute headers read (malformed ones included). */
  attributeCount = 0;
  protected gen = 0;
  // A DataView over `dvBytes`, the buffer of the messages seen last (for the marker).
  private dvBytes: Uint8Array | undefined = undefined;
  private dvLength = 0;
  private dv: DataView = new DataView(new ArrayBuffer(0));
  protected readonly slots: Int32Array = new Int32Array(256 << 2);
  /**
   * Header offset of each attribute in wire order, `attributeCount` of them. Room for a third
   * of the message's length (a header takes at least 3 octets), so the loop never checks.
   */
  protected headers: Int32Array = new Int32Array(1366);
  /**
   * Offset of every prefix's length octet, field after field (Withdrawn Routes, NLRI,
   * MP_REACH_NLRI, MP_UNREACH_NLRI), recorded while `reset` checks them; `prefixCount` of them.
   * At least the message's length: a prefix takes at least one octet.
   */
  protected prefixes: Int32Array = new Int32Array(4096);
  protected foundIssues: readonly UpdateIssue[] = NO_ISSUES;
  /** UNCHECKED: framing and MP_* checked, other values on demand; CLEAN: every value clean; DECODED: the decoder decided (slot 4: gen typed, -gen raw). */
  protected state: number = UNCHECKED;
  protected ap4 = false;
  protected width: 2 | 4 = 4;
  protected maxLength = 4096;

  /** Withdrawn Routes field: start offset in `bytes` (after the header and its length). */
  get withdrawnStart(): number {
    return this.offset + 21;
  }

  /** Path Attributes field: start offset (after the Total Path Attribute Length). */
  get attributesStart(): number {
    return this.withdrawnEnd + 2;
  }

  /** NLRI field: start offset (where the attributes end). */
  get nlriStart(): number {
    return this.attributesEnd;
  }

  /** NLRI field: end offset (the message's end). */
  get nlriEnd(): number {
    return this.offset + this.length;
  }

  /**
   * Points this view at the UPDATE at `offset` in `bytes` and validates its framing.
   * @throws BgpError where `decodeMessage` would (a session reset: the same code, subcode and data).
   * @throws TypeError without a session context.
   */
  reset(bytes: Uint8Array, ctx: SessionContext, offset = 0): this {
    checkBytes(bytes, 'UpdateView.reset', 'bytes');
    checkContextOnce(ctx, 'UpdateView.reset', 'ctx', false);
    if (ctx !== this.given) {
      // A hand-made context with only `as4` or only `asn4` comes back completed (a copy):
      // the caller's object stays the cache key, the completed one is what is read.
      const c = requireContext(ctx, 'viewing an UPDATE');
      this.given = ctx;
      this.ctx = c;
      this.ap4 = hasAddPath(c, 1, 1);
      this.width = c.as4 ? 4 : 2;
      this.maxLength = maxMessageLength(c);
    }
    const b = bytes;
    const o = offset;
    // One branch for the whole marker (RFC 4271 section 4.1); any error is decodeHeader's.
    const length = ((b[o + 16] as number) << 8) | (b[o + 17] as number);
    let marker: boolean;
    // (Same array and length as when the DataView was made: a detached or resized buffer never reaches it.)
    if (b === this.dvBytes && b.length === this.dvLength && o >= 0 && o + 16 <= b.length) {
      marker = isMarkerIn(this.dv, o);
    } else {
      marker = isMarker(b, o);
      // A second message in the same buffer: one DataView for the next ones (never one per
      // message; none over a detached or out-of-bounds buffer, whose length reads 0).
      if (b === this.bytes && b.length !== 0) this.useDataView(b);
    }
    if (!marker || b[o + 18] !== 2 || length < 23 || length > this.maxLength || length > b.length - o) throw headerError(b, o, ctx);
    const end = offset + length;
    if (length > this.prefixes.length) this.growForExtended();
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
    // Framing that does not add up is a session reset; the decoder throws it, with its data.
    if (wlen + 2 > end - p) return this.slow(true);
    this.withdrawnEnd = p + wlen;
    // Every prefix length checked for its family, and its offset recorded for prefixOffsetAt.
    const prefixes = this.prefixes;
    const w = recordPrefixes(b, p, p + wlen, 32, this.ap4, prefixes, 0);
    if (w < 0) return this.slow(true);
    this.withdrawnCount = w;
    p += wlen;
    const alen = ((b[p] as number) << 8) | (b[p + 1] as number);
    p += 2;
    if (alen > end - p) return this.slow(true);
    this.attributesEnd = p + alen;
    const nl = recordPrefixes(b, p + alen, end, 32, this.ap4, prefixes, w);
    if (nl < 0) return this.slow(true);
    this.nlriCount = nl - w;
    this.prefixCount = nl;
    this.mpReachCount = 0;
    this.mpUnreachCount = 0;
    // The attribute headers, in a method of their own: reset keeps no loop, so V8 never
    // compiles it on-stack (OSR), and inlines the small scan where it optimizes reset.
    if (!this.scan(b, p, p + alen, gen)) return this.slow(false); // records the MP prefixes the decoder types
    this.state = UNCHECKED;
    // Both MP_* with prefixes (rare): recorded again in field order, in case MP_UNREACH_NLRI came first.
    if (this.mpReachCount !== 0 && this.mpUnreachCount !== 0) this.recordMp();
    // RFC 7606 section 5.2: without reachable NLRI, any treat-as-withdraw issue among the
    // other attributes resets the session, so their values must be known now.
    if (nl === w && this.attributeCount > (this.slots[15 << 2] === gen ? 1 : 0) && !this.mpReachHasNlri()) this.checkAll();
    return this;
  }

  /**
   * One pass over the attribute headers of `b[p, attrEnd)`: offsets stored, and everything
   * that can reset the session settled at once (RFC 7606): headers in range, no repeated
   * attribute, no unrecognized well-known attribute, MP_REACH_NLRI/MP_UNREACH_NLRI well formed
   * (sections 3 g, 3 j, 7.11). The other values are checked when an accessor or `issues` asks,
   * except where section 5.2 could turn their issues into a reset. False when the decoder must decide.
   */
  private scan(b: Uint8Array, p: number, attrEnd: number, gen: number): boolean {
    const slots = this.slots;
    const headers = this.headers;
    let clean = true;
    let q = p;
    let index = 0;
    while (q < attrEnd) {
      const flags = b[q] as number;
      let vs: number;
      let ve: number;
      if ((flags & 0x10) === 0) {
        vs = q + 3;
        ve = vs + (b[q + 2] as number);
      } else {
        vs = q + 4;
        ve = vs + (((b[q + 2] as number) << 8) | (b[q + 3] as number));
      }
      // RFC 7606 section 4: a header or value overrunning the field is an issue (the decoder's).
      // (vs > attrEnd first: the length octets themselves may lie past the field.)
      if (vs > attrEnd || ve > attrEnd) {
        clean = false;
        break;
      }
      const code = b[q + 1] as number;
      const s = code << 2;
      if (slots[s] === gen) {
        clean = false; // RFC 7606 section 3 g: a repeat (the decoder discards it, or resets for MP_*).
      } else {
        slots[s] = gen;
        slots[s + 1] = q;
        slots[s + 2] = ve;
        const kind = KIND[code] as number;
        if (kind === MP) {
          if (!this.checkMp(code as 14 | 15, flags, vs, ve)) clean = false;
        } else if (kind === UNTYPED && (flags & 0x80) === 0) {
          clean = false; // unrecognized well-known: the decoder resets
        }
      }
      headers[index++] = q;
      q = ve;
    }
    this.attributeCount = index;
    return clean;
  }

  /**
   * RFC 7606 sections 3 j, 7.11: a malformed MP_REACH_NLRI/MP_UNREACH_NLRI may reset the
   * session, so it is checked at once, and its prefixes recorded as they are checked (RFC 4760
   * sections 3, 4) after those before it.
   */
  private checkMp(code: 14 | 15, flags: number, vs: number, ve: number): boolean {
    const b = this.bytes;
    const ctx = this.ctx as SessionContext;
    const at = (flags & 0xc0) === 0x80 ? checkedMpPrefixStart(code, b, vs, ve, ctx) : -1;
    if (at === UNTYPED_FAMILY) {
      this.slots[(code << 2) + 3] = this.gen;
      return true;
    }
    // Labeled, VPN and RT-Constraint NLRI: checked by their codec (not IP prefixes, so not
    // recorded among `prefixes`; UpdateView.mpNlriOffsets walks them on request).
    if (at === CODEC_FAMILY) {
      if (checkCodecNlri(code, b, vs, ve, ctx) < 0 || exceedsLabelCount(code, b, vs, ve, ctx)) return false;
      this.slots[(code << 2) + 3] = this.gen;
      return true;
    }
    if (at < 0) return false;
    const afi = b[vs + 1] as number; // 1 or 2: a typed family
    const n = this.prefixCount;
    const r = recordPrefixes(b, at, ve, afi === 2 ? 128 : 32, hasAddPath(ctx, afi, b[vs + 2] as number), this.prefixes, n);
    if (r < 0) return false;
    this.slots[(code << 2) + 3] = this.gen;
    if (code === 14) this.mpReachCount = r - n;
    else this.mpUnreachCount = r - n;
    this.prefixCount = r;
    return true;
  }

  /**
   * Records the MP_REACH_NLRI and MP_UNREACH_NLRI prefixes after the NLRI field's, for the
   * attributes the decoder types (typed families: IPv4/IPv6 unicast and multicast).
   */
  protected recordMp(): void {
    const from = this.withdrawnCount + this.nlriCount;
    const reach = this.recordMpField(14, from);
    const unreach = this.recordMpField(15, reach);
    this.mpReachCount = reach - from;
    this.mpUnreachCount = unreach - reach;
    this.prefixCount = unreach;
  }

  private recordMpField(code: 14 | 15, n: number): number {
    const vs = this.valueStart(code);
    if (vs < 0) return n;
    const b = this.bytes;
    const afi = ((b[vs] as number) << 8) | (b[vs + 1] as number);
    const safi = b[vs + 2] as number;
    if (!isTypedFamily(afi, safi)) return n;
    const at = recordPrefixes(b, mpPrefixStart(b, code, vs), this.valueEnd(code), afi === 2 ? 128 : 32, hasAddPath(this.ctx as SessionContext, afi, safi), this.prefixes, n);
    return at < 0 ? n : at; // typed by the decoder, so well formed: never negative
  }

  /** Whether a (well-formed) MP_REACH_NLRI is present and carries prefixes. */
  protected mpReachHasNlri(): boolean {
    const s = 14 << 2;
    const slots = this.slots;
    if (slots[s] !== this.gen) return false;
    const vs = this.vsAt(slots[s + 1] as number);
    return vs + 5 + (this.bytes[vs + 3] as number) < (slots[s + 2] as number);
  }

  // One DataView for the messages of `b` (made on the second message in the same buffer).
  private useDataView(b: Uint8Array): void {
    this.dvBytes = b;
    this.dvLength = b.length;
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  // The first message over 4096 octets (RFC 8654 extended messages): room for the largest.
  private growForExtended(): void {
    this.prefixes = new Int32Array(65536);
    this.headers = new Int32Array(21846);
  }

  /** Checks every attribute value (and the mandatory ones); the decoder decides for anything not clean. */
  protected checkAll(): void {
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
  protected checkOne(code: number): number {
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
  protected vsAt(h: number): number {
    return h + ((this.bytes[h] as number) & 0x10 ? 4 : 3);
  }

  /** RFC 7606 section 3 d (as checkMandatory): reachable routes need ORIGIN, AS_PATH and, for the NLRI field, NEXT_HOP. */
  protected hasMandatory(): boolean {
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
  protected slow(framing: boolean): this {
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
    this.recordMp();
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
  protected valueStart(code: number): number {
    const s = code << 2;
    const slots = this.slots;
    const gen = this.gen;
    if (slots[s] !== gen) return -1;
    const st = slots[s + 3] as number;
    if (st === gen || this.state === CLEAN) return this.vsAt(slots[s + 1] as number);
    if (st === -gen) return -1;
    return this.state === DECODED ? this.vsAt(slots[s + 1] as number) : this.checkOne(code);
  }

  protected valueEnd(code: number): number {
    return this.slots[(code << 2) + 2] as number;
  }

}

function headerError(bytes: Uint8Array, offset: number, ctx: SessionContext): BgpError {
  // decodeHeader throws exactly what decodeMessage throws for a bad or truncated header.
  const h = decodeHeader(bytes, offset, ctx);
  return new BgpError(1, 3, `expected an UPDATE, got message type ${h.type}`, Uint8Array.of(h.type), 'header.type');
}

/**
 * Where the prefixes of MP_REACH_NLRI (14: after AFI, SAFI, next hop and the reserved octet,
 * RFC 4760 section 3) or MP_UNREACH_NLRI (15: after AFI and SAFI, section 4) begin.
 */
export function mpPrefixStart(bytes: Uint8Array, code: 14 | 15, vs: number): number {
  return code === 14 ? vs + 5 + (bytes[vs + 3] as number) : vs + 3;
}
