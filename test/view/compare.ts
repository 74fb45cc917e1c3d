import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import { asPathLength } from '../../src/attributes/as4.ts';
import { findAttribute } from '../../src/attributes/helpers.ts';
import type { AsPathSegment, PathAttribute, Prefix, UpdateMessage } from '../../src/attributes/types.ts';
import { attributeCode } from '../../src/attributes/registry.ts';
import { isTypedFamily } from '../../src/attributes/check.ts';
import { nlriCodec } from '../../src/nlri/registry.ts';
import { AsPathCursor } from '../../src/view/as-path-view.ts';
import { AttributeCursor } from '../../src/view/attribute-cursor.ts';
import { PrefixCursor } from '../../src/view/prefix-cursor.ts';
import type { UpdateView } from '../../src/view/update-view.ts';

const TYPES = ['', 'AS_SET', 'AS_SEQUENCE', 'AS_CONFED_SEQUENCE', 'AS_CONFED_SET'];
const cursor = new PrefixCursor();
const pathCursor = new AsPathCursor();
const originOut = new Uint32Array(1);

function prefixes(c: PrefixCursor): Prefix[] {
  const out: Prefix[] = [];
  while (c.next()) out.push(c.toJSON());
  return out;
}

function segments(c: AsPathCursor): AsPathSegment[] {
  const out: AsPathSegment[] = [];
  while (c.nextSegment()) {
    const asns: number[] = [];
    for (let i = 0; i < c.count; i++) asns.push(c.asn(i));
    out.push({ type: TYPES[c.type] as AsPathSegment['type'], asns });
  }
  return out;
}

/** The origin AS by the view's documented rule, computed from decoded segments. */
function originOf(segs: readonly AsPathSegment[]): number | undefined {
  const last = segs[segs.length - 1];
  return last?.type === 'AS_SEQUENCE' ? last.asns[last.asns.length - 1] : undefined;
}

/** Every accessor of `v`, as plain values. */
export function viewValues(v: UpdateView): Record<string, unknown> {
  const comms: string[] = [];
  for (let i = 0; i < v.communityCount(); i++) {
    const n = v.communityAt(i);
    comms.push(`${n >>> 16}:${n & 0xffff}`);
  }
  const codes: number[] = [];
  const headers: number[][] = [];
  for (const a = v.attributes(new AttributeCursor()); a.next(); ) {
    codes.push(a.code);
    headers.push([a.flags, a.code, a.valueOffset, a.valueLength]);
  }
  // The indexed accessors read the offsets reset recorded: the same headers as the cursor's walk.
  const indexed: number[][] = [];
  for (let i = 0; i < v.attributeCount; i++) indexed.push([v.attributeFlagsAt(i), v.attributeCodeAt(i), v.attributeValueOffsetAt(i), v.attributeValueLengthAt(i)]);
  if (!isDeepStrictEqual(indexed, headers)) expect(indexed).toEqual(headers);
  checkPrefixOffsets(v);
  const past = v.attributeCount;
  if (v.attributeCodeAt(past) !== -1 || v.attributeFlagsAt(-1) !== -1 || v.attributeValueOffsetAt(past) !== -1 || v.attributeValueLengthAt(past) !== -1) {
    throw new Error('indexed attribute accessors must answer -1 past the end');
  }
  const typed: unknown[] = [];
  const seen = new Set<number>();
  for (const code of codes) {
    if (seen.has(code)) continue;
    seen.add(code);
    const d = v.decodeAttribute(code);
    typed.push(d ?? { type: 'raw', code, flags: v.attributeFlags(code), value: v.attribute(code)?.slice() });
  }
  // typedValueOffset/typedValueLength: the first occurrences the decoder types, each pointing
  // at the value attribute(code) gives; -1 for the others (absent, malformed, no codec).
  const kept = [...seen].filter((code) => v.typedValueOffset(code) >= 0);
  for (const code of kept) {
    const value = v.attribute(code) as Uint8Array;
    if (v.typedValueOffset(code) !== value.byteOffset - v.bytes.byteOffset || v.typedValueLength(code) !== value.length) throw new Error(`typedValueOffset/Length of attribute ${code} disagree with attribute()`);
  }
  for (const code of [0, 255, ...[...seen].filter((c) => !kept.includes(c))]) if (!seen.has(code) || !kept.includes(code)) if (v.typedValueOffset(code) !== -1 || v.typedValueLength(code) !== -1) throw new Error(`typedValueOffset of absent or malformed attribute ${code}`);
  const issues = v.issues;
  // Again once `issues` has checked every value (a message found not clean re-records its MP prefixes).
  checkPrefixOffsets(v);
  return {
    issues,
    action: v.action,
    withdrawn: prefixes(v.withdrawn(cursor)),
    nlri: prefixes(v.nlri(cursor)),
    withdrawnCount: v.withdrawnCount,
    nlriCount: v.nlriCount,
    origin: v.origin(),
    asPath: segments(v.asPath(pathCursor)),
    // rewind(): the same segments again.
    asPathAgain: segments(pathCursor.rewind()),
    hasAsPath: v.hasAsPath(),
    pathLength: v.pathLength(),
    originAs: v.originAs(),
    originAsInto: v.originAsInto(originOut) ? originOut[0] : undefined,
    as4Path: segments(v.as4Path(pathCursor)),
    nextHop: v.nextHop(),
    med: v.med(),
    localPref: v.localPref(),
    communities: v.communities(),
    communityNumbers: v.communities() === undefined ? undefined : comms,
    largeCommunities: v.largeCommunities(),
    extendedCommunities: v.extendedCommunities(),
    mpReach: v.mpReach(),
    mpUnreach: v.mpUnreach(),
    mpReachFamily: v.mpReachFamily(),
    mpUnreachFamily: v.mpUnreachFamily(),
    mpNextHop: v.mpNextHop(),
    mpReachNlri: prefixes(v.mpReachNlri(cursor)),
    mpUnreachWithdrawn: prefixes(v.mpUnreachWithdrawn(cursor)),
    // Issue 21: every family with an NLRI codec, through mpNlriOffsets and mpNlriAt.
    mpNlri: v.mpNlri(14),
    mpNlriWithdrawn: v.mpNlri(15),
    mpNlriFamilies: [v.mpNlriCodec(14)?.name, v.mpNlriCodec(15)?.name],
    codes,
    attributeCount: v.attributeCount,
    typed,
    kept,
  };
}

/** The same values computed from the decoded message. */
export function decodedValues(m: UpdateMessage): Record<string, unknown> {
  const path = findAttribute(m, 'AS_PATH');
  const comms = findAttribute(m, 'COMMUNITIES')?.communities;
  const reach = findAttribute(m, 'MP_REACH_NLRI');
  const unreach = findAttribute(m, 'MP_UNREACH_NLRI');
  const typed: unknown[] = [];
  const seen = new Set<number>();
  for (const a of m.attributes) {
    const code = attributeCode(a);
    if (seen.has(code)) continue;
    seen.add(code);
    typed.push(a);
  }
  return {
    issues: m.issues ?? [],
    action: m.action,
    withdrawn: m.withdrawn,
    nlri: m.nlri,
    withdrawnCount: m.withdrawn.length,
    nlriCount: m.nlri.length,
    origin: findAttribute(m, 'ORIGIN')?.origin,
    asPath: path?.segments ?? [],
    asPathAgain: path?.segments ?? [],
    hasAsPath: path !== undefined,
    pathLength: path === undefined ? undefined : asPathLength(path.segments),
    originAs: path === undefined ? undefined : originOf(path.segments),
    originAsInto: path === undefined ? undefined : originOf(path.segments),
    as4Path: findAttribute(m, 'AS4_PATH')?.segments ?? [],
    nextHop: findAttribute(m, 'NEXT_HOP')?.nextHop,
    med: findAttribute(m, 'MULTI_EXIT_DISC')?.med,
    localPref: findAttribute(m, 'LOCAL_PREF')?.localPref,
    communities: comms,
    communityNumbers: comms,
    largeCommunities: findAttribute(m, 'LARGE_COMMUNITY')?.communities,
    extendedCommunities: findAttribute(m, 'EXTENDED_COMMUNITIES')?.communities,
    mpReach: reach,
    mpUnreach: unreach,
    mpReachFamily: reach === undefined ? undefined : { afi: reach.afi, safi: reach.safi },
    mpUnreachFamily: unreach === undefined ? undefined : { afi: unreach.afi, safi: unreach.safi },
    mpNextHop: reach?.nextHop,
    // The prefix cursors cover IPv4/IPv6 unicast and multicast only.
    mpReachNlri: reach !== undefined && isTypedFamily(reach.afi, reach.safi) ? (reach.nlri ?? []) : [],
    mpUnreachWithdrawn: unreach !== undefined && isTypedFamily(unreach.afi, unreach.safi) ? (unreach.withdrawn ?? []) : [],
    mpNlri: reach?.nlri ?? [],
    mpNlriWithdrawn: unreach?.withdrawn ?? [],
    mpNlriFamilies: [reach?.nlri === undefined ? undefined : nlriCodec(reach.afi, reach.safi)?.name, unreach?.withdrawn === undefined ? undefined : nlriCodec(unreach.afi, unreach.safi)?.name],
    codes: m.attributes.map(attributeCode),
    attributeCount: m.attributes.length,
    typed,
    kept: typed.filter((a) => (a as PathAttribute).type !== 'raw').map((a) => attributeCode(a as PathAttribute)),
  };
}

/** Asserts every accessor of `v` equals the corresponding value of the decoded message `m` (fast deep compare, vitest diff on failure). */
export function expectViewMatches(v: UpdateView, m: UpdateMessage): void {
  // The walk's accessor first, before anything else has checked the AS_PATH value: the view
  // checks each value on first use (originAsInto in the same pass as its walk).
  const originFirst = v.originAsInto(originOut) ? originOut[0] : undefined;
  const a = { originFirst, ...viewValues(v) };
  const d = decodedValues(m);
  const b = { originFirst: d.originAsInto, ...d };
  if (!isDeepStrictEqual(a, b)) expect(a).toEqual(b);
}

/**
 * prefixOffsets, prefixOffsetAt and the prefix counts against the four cursors: every prefix's
 * length octet, field after field.
 */
function checkPrefixOffsets(v: UpdateView): void {
  const cursor = new PrefixCursor();
  // prefixOffsets: every prefix's length octet, field after field, as the four cursors walk them.
  const fromCursors: number[] = [];
  const fieldEnds: number[] = [];
  for (const field of [(c: PrefixCursor) => v.withdrawn(c), (c: PrefixCursor) => v.nlri(c), (c: PrefixCursor) => v.mpReachNlri(c), (c: PrefixCursor) => v.mpUnreachWithdrawn(c)]) {
    for (const c = field(cursor); c.next(); ) fromCursors.push(c.offset - 1);
    fieldEnds.push(fromCursors.length);
  }
  const offsets = new Int32Array(fromCursors.length + 1).fill(-7);
  const ends = new Int32Array(4);
  const count = v.prefixOffsets(offsets, ends);
  if (count !== fromCursors.length || !isDeepStrictEqual([...offsets.subarray(0, count)], fromCursors) || offsets[count] !== -7 || !isDeepStrictEqual([...ends], fieldEnds)) {
    expect({ count, offsets: [...offsets.subarray(0, count)], ends: [...ends] }).toEqual({ count: fromCursors.length, offsets: fromCursors, ends: fieldEnds });
  }
  if (count > 1) {
    // A short `out`: the first offsets only, the whole count returned.
    const short = new Int32Array(1);
    if (v.prefixOffsets(short) !== count || short[0] !== fromCursors[0]) throw new Error('prefixOffsets into a short array');
  }
  // prefixOffsetAt reads the same offsets where reset recorded them; -1 outside.
  const at: number[] = [];
  for (let i = 0; i < v.prefixCount; i++) at.push(v.prefixOffsetAt(i));
  const counts = [v.withdrawnCount, v.nlriCount, v.mpReachCount, v.mpUnreachCount, v.prefixCount];
  const fromEnds = [fieldEnds[0], (fieldEnds[1] as number) - (fieldEnds[0] as number), (fieldEnds[2] as number) - (fieldEnds[1] as number), (fieldEnds[3] as number) - (fieldEnds[2] as number), fieldEnds[3]];
  if (!isDeepStrictEqual(at, fromCursors) || !isDeepStrictEqual(counts, fromEnds)) expect({ at, counts }).toEqual({ at: fromCursors, counts: fromEnds });
  if (v.prefixOffsetAt(v.prefixCount) !== -1 || v.prefixOffsetAt(-1) !== -1) throw new Error('prefixOffsetAt must answer -1 outside 0..prefixCount-1');
}
