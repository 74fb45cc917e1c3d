import { type AttributeScan, NO_ISSUES, scanAttributes } from '../attributes/decode.ts';
import { attributePlan, planAttributes, writePlannedAttribute } from '../attributes/encode.ts';
import { strongestAction, issue } from '../attributes/issues.ts';
import { attributeCode } from '../attributes/registry.ts';
import type { PathAttribute, UpdateIssue, UpdateMessage, UpdateWire } from '../attributes/types.ts';
import type { SessionContext } from '../context/session-context.ts';
import { hasAddPath } from '../context/session-context.ts';
import { UpdateErrorSubcode } from '../iana.ts';
import { prefixesLength, readPrefixes, writePrefixes } from '../nlri/prefix.ts';
import { BgpError, checkUint, EMPTY } from '../wire/errors.ts';
import { formatIPv4 } from '../wire/ip.ts';
import { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { DecodeOptions } from './options.ts';

/** Canonical position of an attribute code (RFC 7606 section 5.1: MP_REACH/MP_UNREACH first). */
function rank(code: number): number {
  return code === 14 ? -2 : code === 15 ? -1 : code;
}

/**
 * Reads an UPDATE body (RFC 4271 section 4.3) applying RFC 7606: issues come back in the
 * message; a session reset throws.
 * @throws BgpError for session-reset conditions, or any issue when `strict`.
 */
export function readUpdateBody(r: Reader, ctx: SessionContext, opts: DecodeOptions): UpdateMessage {
  const ap4 = hasAddPath(ctx, 1, 1);
  const b = r.bytes;
  // RFC 4271 section 6.3 / RFC 7606 section 3 b: lengths that exceed the message are a Malformed Attribute List.
  const wlen = r.u16('withdrawn routes length');
  if (wlen + 2 > r.remaining) r.fail(`withdrawn routes length ${wlen} exceeds the message`, 3, UpdateErrorSubcode.MalformedAttributeList);
  // RFC 7606 sections 3 i and 5.3: a withdrawn routes field that cannot be parsed resets the session.
  const wStart = r.pos;
  r.pos = wStart + wlen;
  const withdrawn = wlen === 0 ? [] : readPrefixes(withdrawnReader.reset(b, wStart, wStart + wlen), 4, ap4);
  // The reused readers do not keep the caller's buffer alive after the message.
  withdrawnReader.bytes = EMPTY;
  const alen = r.u16('total path attribute length');
  if (alen > r.remaining) r.fail(`total path attribute length ${alen} exceeds the message`, 3, UpdateErrorSubcode.MalformedAttributeList);
  const aStart = r.pos;
  r.pos = aStart + alen;
  const scan = updateScan;
  const attributes = scanAttributes(b, aStart, aStart + alen, ctx, scan);
  // The scan's issue list is the shared frozen NO_ISSUES when empty: only touched when not.
  let issues = scan.issues;
  const tail = scan.tail;
  scan.issues = NO_ISSUES;
  scan.tail = undefined;
  const nlri = r.pos === r.end ? [] : readPrefixes(nlriReader.reset(b, r.pos, r.end), 4, ap4);
  nlriReader.bytes = EMPTY;
  if (issues.length !== 0) {
    if (nlri.length === 0) ignoreNextHop(attributes, issues);
    checkMissingNlri(attributes, issues, nlri.length);
  }
  // After checkMissingNlri: the two never both add issues (it acts only without reachable routes).
  issues = checkMandatory(scan, issues, nlri.length);

  // Performance: no loop over the (shared, frozen) empty list of the usual message.
  if (issues.length !== 0) checkIssues(issues, opts);
  const unsorted = attributes.length > 1 && !scan.sorted;
  // Performance: each form of the message is one literal (no property added afterwards);
  // keys in the same order in every form: issues, action, then wire.
  if (issues.length === 0) {
    if (tail === undefined && !unsorted) return { type: 'UPDATE', withdrawn, attributes, nlri };
    return { type: 'UPDATE', withdrawn, attributes, nlri, wire: wireOf(tail, unsorted) };
  }
  const action = strongestAction(issues) as NonNullable<UpdateMessage['action']>;
  if (tail === undefined && !unsorted) return { type: 'UPDATE', withdrawn, attributes, nlri, issues, action };
  return { type: 'UPDATE', withdrawn, attributes, nlri, issues, action, wire: wireOf(tail, unsorted) };
}

/** Throws the first issue that resets the session (any that is an error, when `strict`). */
function checkIssues(issues: readonly UpdateIssue[], opts: DecodeOptions): void {
  for (const i of issues) {
    // Strict: a classic RFC 4271 speaker resets on every error (but not on a well-formed
    // attribute it merely ignores, such as LOCAL_PREF from an external peer).
    if (i.action === 'session-reset' || (opts.strict && i.subcode !== UpdateErrorSubcode.Unspecific)) {
      throw new BgpError(i.code, i.subcode, i.reason, i.data, i.attribute === undefined ? 'UPDATE' : `UPDATE.attributes[${i.index ?? '?'}]`);
    }
  }
}

function wireOf(tail: Uint8Array | undefined, unsorted: boolean): UpdateWire {
  if (tail === undefined) return { unsorted: true };
  return unsorted ? { attributesTail: tail, unsorted: true } : { attributesTail: tail };
}

const updateScan: AttributeScan = { present: 0, sorted: true, reach: false, issues: NO_ISSUES, tail: undefined };
// Performance: one reader per prefix field, reset per message (readUpdateBody never re-enters itself).
const withdrawnReader = new Reader(EMPTY, 0, 0, 3, UpdateErrorSubcode.InvalidNetworkField, 'UPDATE.withdrawn');
const nlriReader = new Reader(EMPTY, 0, 0, 3, UpdateErrorSubcode.InvalidNetworkField, 'UPDATE.nlri');

/**
 * RFC 4760 section 3: without an NLRI field a NEXT_HOP "SHOULD NOT" be sent, and when it is
 * "the BGP speaker that receives the message SHOULD ignore this attribute". An address that is
 * no host address (often 0.0.0.0 beside MP_REACH_NLRI) is then no error: the value is kept
 * typed. A bad length or flags only discard it instead of withdrawing the MP_REACH_NLRI
 * routes, and do not count for section 5.2.
 */
function ignoreNextHop(attributes: PathAttribute[], issues: UpdateIssue[]): void {
  for (let k = issues.length - 1; k >= 0; k--) {
    const i = issues[k] as UpdateIssue;
    if (i.attribute !== 3 || i.action !== 'treat-as-withdraw') continue;
    const raw = i.index === undefined ? undefined : attributes[i.index];
    // The scan keeps such a NEXT_HOP typed already (the value beside the issue): drop the issue.
    if (i.subcode === UpdateErrorSubcode.InvalidNextHopAttribute && (raw?.type === 'NEXT_HOP' || (raw?.type === 'raw' && raw.value.length === 4))) {
      if (raw.type === 'raw') attributes[i.index as number] = raw.flags === 0x40 ? { type: 'NEXT_HOP', nextHop: formatIPv4(raw.value, 0) } : { type: 'NEXT_HOP', nextHop: formatIPv4(raw.value, 0), flags: raw.flags };
      issues.splice(k, 1);
    } else if (i.subcode === UpdateErrorSubcode.AttributeFlagsError || i.subcode === UpdateErrorSubcode.AttributeLengthError) {
      issues[k] = { ...i, action: 'attribute-discard', reason: `${i.reason} (ignored without an NLRI field, RFC 4760 section 3)` };
    }
  }
}

const NEED_WITH_NLRI: readonly number[] = [1, 2, 3];
const NEED_MP_ONLY: readonly number[] = [1, 2];

/**
 * RFC 7606 section 3 d: a missing well-known mandatory attribute is treat-as-withdraw, with
 * the missing type code as data (RFC 4271 section 6.3). ORIGIN and AS_PATH are needed by
 * any reachable route; NEXT_HOP only by the IPv4 NLRI field (RFC 4760 section 3).
 */
function checkMandatory(scan: AttributeScan, issues: UpdateIssue[], nlriCount: number): UpdateIssue[] {
  if (nlriCount === 0 && !scan.reach) return issues;
  // Performance: the usual message has them all (bits 1..3, or 1..2 without NLRI).
  const mask = nlriCount > 0 ? 0b1110 : 0b0110;
  if ((scan.present & mask) === mask) return issues;
  const need = nlriCount > 0 ? NEED_WITH_NLRI : NEED_MP_ONLY;
  let out = issues;
  for (const code of need) {
    if ((scan.present & (1 << code)) === 0) {
      // A fresh list in place of the shared empty one.
      if (out.length === 0) out = [];
      out.push(issue('treat-as-withdraw', UpdateErrorSubcode.MissingWellKnownAttribute, Uint8Array.of(code), `missing well-known attribute ${code}`, { attribute: code }));
    }
  }
  return out;
}

/**
 * RFC 7606 section 5.2: an UPDATE with path attributes other than MP_UNREACH_NLRI but no
 * reachable NLRI, and an error whose approach is not attribute discard, resets the session.
 */
function checkMissingNlri(attributes: readonly PathAttribute[], issues: UpdateIssue[], nlriCount: number): void {
  if (nlriCount > 0 || issues.length === 0) return;
  let other = false;
  for (let k = 0; k < attributes.length; k++) {
    const a = attributes[k] as PathAttribute;
    // An MP_REACH_NLRI in error is typed beside its issue, but reaches nothing.
    if (a.type === 'MP_REACH_NLRI' && ((a.nlri?.length ?? 0) > 0 || (a.nlriBytes?.length ?? 0) > 0) && !issues.some((i) => i.index === k)) return;
    if (a.type !== 'MP_UNREACH_NLRI' && !(a.type === 'raw' && a.code === 15)) other = true;
  }
  if (!other) return;
  const worst = issues.find((i) => i.action === 'treat-as-withdraw' || i.action === 'afisafi-disable');
  if (worst !== undefined) {
    issues.push({ ...worst, action: 'session-reset', reason: `${worst.reason}, in an UPDATE with no reachable NLRI (RFC 7606 section 5.2)` });
  }
}

// Performance: what updateBodyLength found (codec, length and flags of each attribute), for
// the writeUpdateBody call that follows it for the same message and context (encodeMessage and
// encodeMessageInto always size right before writing); used once, then dropped.
// Encoding's scratch plan (pure: a bundle that only decodes drops it and the planner).
const plan = /* @__PURE__ */ attributePlan();
let plannedMessage: UpdateMessage | undefined;
let plannedContext: SessionContext | undefined;

/** Attribute indices in write order: as given when sorted or marked unsorted, else RFC 7606 section 5.1 order. */
function writeOrder(m: UpdateMessage, sorted: boolean): readonly number[] | undefined {
  if (m.wire?.unsorted === true || m.attributes.length < 2 || sorted) return undefined;
  const codes = m.attributes.map(attributeCode);
  // RFC 7606 section 5.1: MP_REACH_NLRI / MP_UNREACH_NLRI first; then by type code.
  return m.attributes
    .map((_, i) => ({ i, k: rank(codes[i] as number) }))
    .sort((x, y) => x.k - y.k || x.i - y.i)
    .map((x) => x.i);
}

/** Exact size of an UPDATE body. @throws TypeError/RangeError on values that do not encode. */
export function updateBodyLength(m: UpdateMessage, ctx: SessionContext): number {
  const ap4 = hasAddPath(ctx, 1, 1);
  plannedMessage = undefined;
  const n =
    4 +
    prefixesLength(m.withdrawn, 4, ap4) +
    planAttributes(m.attributes, ctx, plan) +
    (m.wire?.attributesTail?.length ?? 0) +
    prefixesLength(m.nlri, 4, ap4);
  plannedMessage = m;
  plannedContext = ctx;
  return n;
}

function patchLength(w: Writer, at: number, field: string): void {
  const n = checkUint(field, w.pos - at - 2, 0xffff);
  const b = w.bytes;
  b[at] = n >>> 8;
  b[at + 1] = n;
}

/** Writes an UPDATE body. */
export function writeUpdateBody(m: UpdateMessage, w: Writer, ctx: SessionContext): void {
  if (plannedMessage !== m || plannedContext !== ctx) updateBodyLength(m, ctx);
  plannedMessage = undefined;
  const ap4 = hasAddPath(ctx, 1, 1);
  // The message was sized exactly before writing (updateBodyLength); the two section lengths
  // are filled in after their sections instead of sizing every prefix and attribute again.
  const wAt = w.pos;
  w.u16(0);
  writePrefixes(m.withdrawn, w, 4, ap4);
  patchLength(w, wAt, 'withdrawn routes length');
  const tail = m.wire?.attributesTail;
  const aAt = w.pos;
  w.u16(0);
  const attrs = m.attributes;
  const order = writeOrder(m, plan.sorted);
  if (order === undefined) {
    for (let i = 0; i < attrs.length; i++) writePlannedAttribute(attrs[i] as PathAttribute, i, plan, w, ctx);
  } else {
    for (const i of order) writePlannedAttribute(attrs[i] as PathAttribute, i, plan, w, ctx);
  }
  if (tail !== undefined) w.raw(tail);
  patchLength(w, aAt, 'total path attribute length');
  writePrefixes(m.nlri, w, 4, ap4);
}
