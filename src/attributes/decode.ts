import { requireContext, type SessionContext } from '../context/session-context.ts';
import { attributeName, UpdateErrorSubcode } from '../iana.ts';
import { BgpError, EMPTY } from '../wire/errors.ts';
import { Reader } from '../wire/reader.ts';
import { dataFor, issue } from './issues.ts';
import { aggregator, as4Aggregator } from './aggregator.ts';
import { as4Path, oneSegmentAsPath, readAsPath } from './as-path.ts';
import { clusterList, clusterListValue, communities, communitiesValue, largeCommunities } from './communities.ts';
import { extendedCommunities } from './extended-communities.ts';
import { mpReach, mpUnreach } from './mp-reach.ts';
import { ORIGIN_NAMES, origin } from './origin.ts';
import { attributeCodecs } from './registry.ts';
import { atomicAggregate, ipv4Text, isHostFirstOctet, localPref, med, nextHop, originatorId } from './simple.ts';
import type { AttributeCodec } from './codec.ts';
import type { IssueAction, MpReachAttribute, OriginAttribute, PathAttribute, UpdateIssue } from './types.ts';
import { u32 } from '../wire/bytes.ts';
import { checkBytes, checkContext } from '../wire/args.ts';
import { labelsOverCount } from '../nlri/labels.ts';
import { labelCount } from '../nlri/registry.ts';

/** The path attributes of an UPDATE (or an MRT RIB entry), with the RFC 7606 issues found. */
export interface DecodedAttributes {
  readonly attributes: PathAttribute[];
  readonly issues: UpdateIssue[];
  /** RFC 7606 section 4: bytes from the first attribute that overran the field, kept raw. */
  readonly tail?: Uint8Array;
}

function readFailed(code: number, e: BgpError, valueLength: number, onError: IssueAction): IssueAction {
  if (code === 14 || code === 15) {
    // RFC 7606 section 3 j, section 7.11: afisafi-disable when the AFI/SAFI can be read, else reset.
    return valueLength >= 3 ? 'afisafi-disable' : 'session-reset';
  }
  void e;
  return onError;
}

/**
 * What one scan of an attribute list learnt beside the values, so that the UPDATE decoder
 * needs no second pass (and no `type` → code lookup) over the attributes it just read.
 */
export interface AttributeScan {
  /** Bit `code` set for each of the codes 1..3 present (typed or raw). */
  present: number;
  /** Whether the codes are in canonical order (RFC 7606 section 5.1: MP_REACH/MP_UNREACH first, then by code). */
  sorted: boolean;
  /** Whether a typed MP_REACH_NLRI carries NLRI (typed or as bytes). */
  reach: boolean;
  /** The issues found: {@link NO_ISSUES} (shared, frozen) when there are none. */
  issues: UpdateIssue[];
  /** RFC 7606 section 4: bytes from the first attribute that overran the field, kept raw. */
  tail: Uint8Array | undefined;
}

/** The shared empty issue list of a scan without issues (frozen: copy before adding to it). */
export const NO_ISSUES: UpdateIssue[] = Object.freeze([]) as unknown as UpdateIssue[];

/**
 * Reads the path attributes in the window of `r` (RFC 4271 section 4.3), applying RFC 7606:
 * each attribute in error is named by an issue with its action and the RFC 4271 section 6.3
 * code/subcode/data. The value stays beside the issue: typed where it reads (flags that
 * conflict with the type, a NEXT_HOP that is no host address), raw where it does not (a
 * wrong length, a bad segment); either way the message re-encodes byte for byte.
 * @throws BgpError only for what no RFC 7606 action covers at this level: a duplicate
 *   MP_REACH/MP_UNREACH (section 3 g) or an unrecognized well-known attribute (RFC 4271 section 6.3).
 */
export function readAttributes(r: Reader, ctx: SessionContext): DecodedAttributes {
  const scan = scratchScan;
  const attributes = scanAttributes(r.bytes, r.pos, r.end, ctx, scan);
  const issues = scan.issues === NO_ISSUES ? [] : scan.issues;
  const tail = scan.tail;
  scan.issues = NO_ISSUES;
  scan.tail = undefined;
  return tail === undefined ? { attributes, issues } : { attributes, issues, tail };
}

const scratchScan: AttributeScan = { present: 0, sorted: true, reach: false, issues: NO_ISSUES, tail: undefined };

// Performance: one reader for every attribute value (codecs never keep their reader, and
// scanAttributes never re-enters itself), reset to each value's window.
const valueReader = new Reader(EMPTY, 0, 0, 3, UpdateErrorSubcode.AttributeLengthError, 'UPDATE.attributes');

// Performance: codecs by type code in an array (no Map lookup per attribute).
const CODECS: readonly (AttributeCodec | undefined)[] = Array.from({ length: 256 }, (_, code) => attributeCodecs.get(code));
// Performance: the codecs' Optional/Transitive flags by code. The codec objects have many
// shapes, so `codec.flags` per attribute would be a megamorphic load.
const FLAGS: Uint8Array = Uint8Array.from(CODECS, (c) => c?.flags ?? 0);

/**
 * Performance: the attributes nearly every UPDATE carries are called at their own call sites
 * (each sees one codec and can be inlined) instead of one call site shared by every codec.
 */
function readValue(code: number, codec: AttributeCodec, r: Reader, ctx: SessionContext, flags: number): PathAttribute {
  switch (code) {
    case 1:
      return origin.read(r, ctx);
    case 2:
      return readAsPath(r, ctx, flags);
    case 3:
      return nextHop.read(r, ctx);
    case 4:
      return med.read(r, ctx);
    case 5:
      return localPref.read(r, ctx);
    case 6:
      return atomicAggregate.read(r, ctx);
    case 7:
      return aggregator.read(r, ctx);
    case 8:
      return communities.read(r, ctx);
    case 16:
      return extendedCommunities.read(r, ctx);
    case 17:
      return as4Path.read(r, ctx);
    case 32:
      return largeCommunities.read(r, ctx);
    case 14:
      return mpReach.read(r, ctx);
    case 15:
      return mpUnreach.read(r, ctx);
    case 9:
      return originatorId.read(r, ctx);
    case 10:
      return clusterList.read(r, ctx);
    case 18:
      return as4Aggregator.read(r, ctx);
    default:
      return codec.read(r, ctx);
  }
}

/**
 * The value of ORIGIN, NEXT_HOP, MULTI_EXIT_DISC, LOCAL_PREF, COMMUNITIES, ORIGINATOR_ID or CLUSTER_LIST at `b[at, at + len)` when the
 * codec would read it without an error (the same value, key for key), else undefined (the
 * codec then reads it, or throws the error it names).
 */
function wellFormedValue(code: number, b: Uint8Array, at: number, len: number): PathAttribute | undefined {
  switch (code) {
    case 1: {
      if (len !== 1) return undefined;
      const v = b[at] as number;
      return v <= 2 ? { type: 'ORIGIN', origin: ORIGIN_NAMES[v] as OriginAttribute['origin'] } : undefined;
    }
    case 3: {
      if (len !== 4) return undefined;
      return isHostFirstOctet(b[at] as number) ? { type: 'NEXT_HOP', nextHop: ipv4Text(b, at) } : undefined;
    }
    case 4:
      return len === 4 ? { type: 'MULTI_EXIT_DISC', med: u32(b, at) } : undefined;
    case 8:
      return len !== 0 && (len & 3) === 0 ? communitiesValue(b, at, len) : undefined;
    case 5:
      return len === 4 ? { type: 'LOCAL_PREF', localPref: u32(b, at) } : undefined;
    case 9:
      return len === 4 ? { type: 'ORIGINATOR_ID', originatorId: ipv4Text(b, at) } : undefined;
    case 10:
      return len !== 0 && (len & 3) === 0 ? clusterListValue(b, at, len) : undefined;
    default:
      return undefined;
  }
}

/** RFC 7606 sections 7.5, 7.9, 7.10: from an external neighbor these are discarded. */
function isInternalOnly(code: number): boolean {
  return code === 5 || code === 9 || code === 10;
}

/** RFC 7606 section 3 f, RFC 6793 section 6, RFC 7311 section 3.2: flag errors discard these. */
function isDiscardOnFlags(code: number): boolean {
  return code === 6 || code === 7 || code === 17 || code === 18 || code === 26;
}

/**
 * {@link readAttributes} over `b[from, to)`: returns the attributes and fills `scan` with the
 * issues, the tail and what the UPDATE decoder needs (see {@link AttributeScan}).
 */
export function scanAttributes(b: Uint8Array, from: number, to: number, ctx: SessionContext, scan: AttributeScan): PathAttribute[] {
  // Performance: allocated once at its size (the headers are counted first); every attribute
  // whose header and length fit stores exactly one value below (or the scan throws).
  const attributes = new Array<PathAttribute>(countAttributes(b, from, to));
  let index = 0;
  // Performance: no issue list is allocated for the (usual) message without issues.
  let issues: UpdateIssue[] | undefined;
  // Performance: a generation stamp per code instead of a fresh 256-byte array per message
  // (readAttributes never re-enters itself: no codec reads nested attribute lists).
  let gen = seenGen + 1;
  if (gen > 0x7ffffff0) {
    seenStamp.fill(0);
    gen = 1;
  }
  seenGen = gen;
  const seen = seenStamp;
  let tail: Uint8Array | undefined;
  const external = ctx.peerType === 'external';
  const width = ctx.as4 ? 4 : 2;
  let present = 0;
  let sorted = true;
  let reach = false;
  let prevRank = -3;
  let pos = from;
  while (pos < to) {
    const start = pos;
    const left = to - start;
    const flags = b[start] as number;
    const hdr = flags & 0x10 ? 4 : 3;
    // RFC 7606 section 4: too few octets for an attribute header, or a length that overruns
    // the Total Attribute Length: treat-as-withdraw, and the NLRI is located by the total.
    if (left < hdr) {
      tail = b.slice(start, to);
      (issues ??= []).push(shortHeaderIssue(left));
      break;
    }
    const code = b[start + 1] as number;
    const len = hdr === 4 ? ((b[start + 2] as number) << 8) | (b[start + 3] as number) : (b[start + 2] as number);
    const end = start + hdr + len;
    if (end > to) {
      tail = b.slice(start, to);
      (issues ??= []).push(overrunIssue(code, len, end - to));
      break;
    }
    pos = end;
    // Every path below stores exactly one attribute of this code at `index` (or throws).
    if (code < 4) present |= 1 << code;
    const rank = code === 14 ? -2 : code === 15 ? -1 : code;
    if (rank < prevRank) sorted = false;
    prevRank = rank;
    if (seen[code] === gen) {
      (issues ??= []).push(duplicateIssue(code, index));
      attributes[index] = rawAttribute(code, flags, b, start + hdr, end);
      index++;
      continue;
    }
    seen[code] = gen;
    const codec = CODECS[code];
    if (codec === undefined) {
      if ((flags & 0x80) === 0) {
        // RFC 4271 section 6.3: "If any of the well-known mandatory attributes are not recognized".
        throw new BgpError(3, UpdateErrorSubcode.UnrecognizedWellKnownAttribute, `unrecognized well-known attribute ${code}`, b.slice(start, end), `UPDATE.attributes[${index}]`);
      }
      attributes[index++] = rawAttribute(code, flags, b, start + hdr, end);
      continue;
    }
    const codecFlags = FLAGS[code] as number;
    if ((flags & 0xc0) !== codecFlags) {
      // RFC 7606 section 3 c says what a speaker does with the route; a decoder still shows
      // the value (BIRD's MRT dumps write NEXT_HOP and LOCAL_PREF with flags 0x00): typed,
      // with the received flags, beside the issue. Raw only when the value does not read.
      attributes[index] = valueDespiteIssue(code, codec, b, start + hdr, end, ctx, flags);
      (issues ??= []).push(flagsIssue(code, codec, flags, external, b, start, hdr, len, index));
      index++;
      continue;
    }
    const canonical = codecFlags | (len > 255 ? 0x10 : 0);
    // The received flags where they differ from what the encoder would write (else -1).
    const extra = flags !== canonical ? flags : -1;
    // Performance: the small common attributes, well formed and with canonical flags, are
    // built straight from the bytes (no reader, no codec call).
    let value = code === 2 ? (len > 2 ? oneSegmentAsPath(b, start + hdr, len, width, extra) : undefined) : code < 11 && extra < 0 ? wellFormedValue(code, b, start + hdr, len) : undefined;
    if (value === undefined) {
      try {
        // Performance: a constant path. The path never escapes: every BgpError is caught just
        // below and only the last part of its message goes into the issue's reason.
        value = readValue(code, codec, valueReader.reset(b, start + hdr, end), ctx, extra);
      } catch (e) {
        if (!(e instanceof BgpError)) throw e;
        attributes[index] = semanticValue(code, b, start + hdr, len, extra) ?? rawAttribute(code, flags, b, start + hdr, end);
        (issues ??= []).push(readIssue(e, code, codec, external, b, start, hdr, len, index));
        index++;
        continue;
      }
    }
    if (code === 14) {
      const mp = value as MpReachAttribute;
      if ((mp.nlri?.length ?? 0) > 0 || (mp.nlriBytes?.length ?? 0) > 0) reach = true;
      if (ctx.multipleLabels !== undefined && mp.nlri !== undefined) {
        const over = labelsOverCount(mp.nlri as readonly { labels?: readonly number[] }[], labelCount(ctx, mp.afi, mp.safi));
        // RFC 8277 section 2.1: more labels than the receiver's Count: "treat-as-withdraw" (the value kept beside the issue).
        if (over > 0) (issues ??= []).push(issue('treat-as-withdraw', UpdateErrorSubcode.OptionalAttributeError, b.slice(start, end), `MP_REACH_NLRI: ${over} labels exceed the Multiple Labels Count ${labelCount(ctx, mp.afi, mp.safi)}`, { attribute: 14, index }));
      }
    }
    // Performance: every codec returns a fresh object, so the received flags are added to it
    // in place (same keys in the same order as a spread copy, without the copy). AS_PATH
    // (where non-canonical flags are common) has them already.
    if (extra >= 0 && code !== 2) (value as { flags?: number }).flags = flags;
    attributes[index] = value;
    if (external && isInternalOnly(code)) (issues ??= []).push(externalIssue(code, index));
    index++;
  }
  scan.present = present;
  scan.sorted = sorted;
  scan.reach = reach;
  scan.issues = issues ?? NO_ISSUES;
  scan.tail = tail;
  // The reused reader does not keep the caller's buffer alive after the scan.
  valueReader.bytes = EMPTY;
  return attributes;
}

// The rare paths of scanAttributes, out of its loop (each builds the issue it names).

function shortHeaderIssue(left: number): UpdateIssue {
  return issue('treat-as-withdraw', UpdateErrorSubcode.MalformedAttributeList, EMPTY, `${left} octets left, too few for an attribute header`);
}

function overrunIssue(code: number, len: number, by: number): UpdateIssue {
  return issue('treat-as-withdraw', UpdateErrorSubcode.MalformedAttributeList, EMPTY, `${attributeName(code)} length ${len} overruns the path attributes by ${by}`, { attribute: code });
}

function duplicateIssue(code: number, index: number): UpdateIssue {
  const name = attributeName(code);
  // RFC 7606 section 3 g.
  if (code === 14 || code === 15) {
    throw new BgpError(3, UpdateErrorSubcode.MalformedAttributeList, `${name} appears more than once`, EMPTY, `UPDATE.attributes[${index}].${name}`);
  }
  return issue('attribute-discard', UpdateErrorSubcode.MalformedAttributeList, EMPTY, `${name} appears more than once`, { attribute: code, index });
}

function flagsIssue(code: number, codec: AttributeCodec, flags: number, external: boolean, b: Uint8Array, start: number, hdr: number, len: number, index: number): UpdateIssue {
  const name = attributeName(code);
  // RFC 7606 section 3 c: Optional/Transitive bits in conflict.
  let action: IssueAction = isDiscardOnFlags(code) || (external && isInternalOnly(code)) ? 'attribute-discard' : 'treat-as-withdraw';
  if (code === 14 || code === 15) action = len >= 3 ? 'afisafi-disable' : 'session-reset';
  return issue(action, UpdateErrorSubcode.AttributeFlagsError, b.slice(start, start + hdr + len), `${name} flags 0x${flags.toString(16)} conflict with 0x${codec.flags.toString(16)}`, {
    attribute: code,
    index,
    ...mpFamily(code, b, start + hdr, len),
  });
}

function readIssue(e: BgpError, code: number, codec: AttributeCodec, external: boolean, b: Uint8Array, start: number, hdr: number, len: number, index: number): UpdateIssue {
  const name = attributeName(code);
  let action = readFailed(code, e, len, codec.onError);
  if (external && isInternalOnly(code)) action = 'attribute-discard';
  const subcode = code === 14 || code === 15 ? UpdateErrorSubcode.OptionalAttributeError : e.subcode;
  return issue(action, subcode, dataFor(subcode, b.subarray(start, start + hdr + len)), `${name}: ${e.message.slice(e.message.lastIndexOf(': ') + 2)}`, { attribute: code, index, ...mpFamily(code, b, start + hdr, len) });
}

function externalIssue(code: number, index: number): UpdateIssue {
  return issue('attribute-discard', UpdateErrorSubcode.Unspecific, EMPTY, `${attributeName(code)} from an external peer`, { attribute: code, index });
}

/** The attributes scanAttributes stores for `b[from, to)`: those whose header and length fit. */
function countAttributes(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  let pos = from;
  while (pos < to) {
    const hdr = (b[pos] as number) & 0x10 ? 4 : 3;
    if (to - pos < hdr) break;
    const len = hdr === 4 ? ((b[pos + 2] as number) << 8) | (b[pos + 3] as number) : (b[pos + 2] as number);
    pos += hdr + len;
    if (pos > to) break;
    n++;
  }
  return n;
}

const seenStamp = new Int32Array(256);
let seenGen = 0;

/**
 * The typed value of an attribute whose flags conflict with its type (RFC 7606 section 3 c),
 * carrying the received flags so that it re-encodes byte for byte; raw when the value itself
 * does not read either.
 */
function valueDespiteIssue(code: number, codec: AttributeCodec, b: Uint8Array, from: number, to: number, ctx: SessionContext, flags: number): PathAttribute {
  let value: PathAttribute | undefined;
  try {
    value = readValue(code, codec, valueReader.reset(b, from, to), ctx, flags);
  } catch (e) {
    if (!(e instanceof BgpError)) throw e;
    value = semanticValue(code, b, from, to - from, flags);
    if (value === undefined) return rawAttribute(code, flags, b, from, to);
    return value;
  }
  // AS_PATH carries its flags already (readAsPath was given them).
  if (code !== 2) (value as { flags?: number }).flags = flags;
  return value;
}

/**
 * The value of an attribute that is well formed but fails a semantic check, as the codec
 * would read it without that check (RFC 4271 section 6.3: a NEXT_HOP that is not a valid
 * host address, such as OpenBGPD's 0.0.0.0 for its own networks in table dumps); undefined
 * for every other failure (the value is then kept raw). `flags` >= 0 are the received flags.
 */
function semanticValue(code: number, b: Uint8Array, at: number, len: number, flags: number): PathAttribute | undefined {
  if (code !== 3 || len !== 4) return undefined;
  return flags < 0 ? { type: 'NEXT_HOP', nextHop: ipv4Text(b, at) } : { type: 'NEXT_HOP', nextHop: ipv4Text(b, at), flags };
}

function rawAttribute(code: number, flags: number, b: Uint8Array, from: number, to: number): PathAttribute {
  return { type: 'raw', code, flags, value: b.slice(from, to) };
}

function mpFamily(code: number, b: Uint8Array, at: number, len: number): { afi?: number; safi?: number } {
  if ((code !== 14 && code !== 15) || len < 3) return {};
  return { afi: ((b[at] as number) << 8) | (b[at + 1] as number), safi: b[at + 2] as number };
}

/**
 * Decodes a path attribute field on its own (for MRT RIB entries and tests).
 * @throws BgpError where RFC 7606 leaves no other choice (see {@link readAttributes}).
 */
export function decodeAttributes(bytes: Uint8Array, ctx: SessionContext): DecodedAttributes {
  checkBytes(bytes, 'decodeAttributes', 'bytes');
  checkContext(ctx, 'decodeAttributes', 'ctx');
  return readAttributes(new Reader(bytes, 0, bytes.length, 3, UpdateErrorSubcode.MalformedAttributeList, 'attributes'), requireContext(ctx, 'decodeAttributes'));
}
