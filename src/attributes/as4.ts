import { as4Of, type SessionContext } from '../context/session-context.ts';
import { findAttribute } from './helpers.ts';
import type { AggregatorAttribute, As4AggregatorAttribute, As4PathAttribute, AsPathAttribute, AsPathSegment, PathAttribute } from './types.ts';
import { checkArray, checkObject } from '../wire/args.ts';

/** RFC 6793 section 9: the reserved 2-octet AS that stands in for a 4-octet one. */
export const AS_TRANS = 23456;

/**
 * Number of ASes in a path as RFC 4271 section 9.1.2.2 a counts them: an AS_SET counts 1,
 * however many ASes it holds; confederation segments (RFC 5065 section 5.3) count 0.
 */
export function asPathLength(segments: readonly AsPathSegment[]): number {
  checkArray(segments, 'asPathLength', 'segments');
  let n = 0;
  for (const s of segments) {
    if (s.type === 'AS_SEQUENCE') n += s.asns.length;
    else if (s.type === 'AS_SET') n += 1;
  }
  return n;
}

/**
 * The AS path and aggregator a route really carries, per RFC 6793 section 4.2.3: on a
 * 2-octet session AS4_PATH/AS4_AGGREGATOR are merged in; on a 4-octet session they are
 * discarded (section 4.1); an AGGREGATOR other than AS_TRANS means the AS4 attributes are
 * ignored; an AS4_PATH longer than AS_PATH is ignored; AS_CONFED segments in AS4_PATH are
 * discarded (section 6); malformed AS4 attributes (kept raw by the decoder) are ignored.
 * Returns the attributes with AS_PATH/AGGREGATOR replaced and the AS4 ones removed.
 */
export function reconstructAsPath(attributes: readonly PathAttribute[], ctx: Pick<SessionContext, 'as4'> | Pick<SessionContext, 'asn4'>): PathAttribute[] {
  checkArray(attributes, 'reconstructAsPath', 'attributes');
  checkObject(ctx, 'reconstructAsPath', 'ctx');
  const as4Path = findAttribute(attributes, 'AS4_PATH');
  const as4Agg = findAttribute(attributes, 'AS4_AGGREGATOR');
  const rest = attributes.filter((a) => a.type !== 'AS4_PATH' && a.type !== 'AS4_AGGREGATOR' && !(a.type === 'raw' && (a.code === 17 || a.code === 18)));
  if (as4Of(ctx, 'reconstructAsPath: ctx') || (as4Path === undefined && as4Agg === undefined)) return rest;
  const agg = findAttribute(attributes, 'AGGREGATOR');
  if (agg !== undefined && agg.asn !== AS_TRANS) return rest;
  let newAgg: AggregatorAttribute | undefined;
  if (agg !== undefined && as4Agg !== undefined) newAgg = { type: 'AGGREGATOR', asn: as4Agg.asn, address: as4Agg.address };
  const asPath = findAttribute(attributes, 'AS_PATH');
  let newPath: AsPathAttribute | undefined;
  if (asPath !== undefined && as4Path !== undefined) {
    const merged = mergePaths(asPath.segments, as4Path.segments.filter((s) => s.type === 'AS_SEQUENCE' || s.type === 'AS_SET'));
    if (merged !== undefined) newPath = { type: 'AS_PATH', segments: merged };
  }
  return rest.map((a) => (a.type === 'AS_PATH' && newPath !== undefined ? newPath : a.type === 'AGGREGATOR' && newAgg !== undefined ? newAgg : a));
}

function mergePaths(path: readonly AsPathSegment[], path4: readonly AsPathSegment[]): AsPathSegment[] | undefined {
  let need = asPathLength(path) - asPathLength(path4);
  if (need < 0) return undefined; // section 4.2.3: AS4_PATH longer than AS_PATH is ignored
  const lead: AsPathSegment[] = [];
  let lastTaken = true;
  for (const s of path) {
    const confed = s.type === 'AS_CONFED_SEQUENCE' || s.type === 'AS_CONFED_SET';
    if (confed) {
      // "a valid AS_CONFED_SEQUENCE or AS_CONFED_SET path segment SHALL be prepended if it is
      // either the leading path segment or is adjacent to a path segment that is prepended."
      if (lastTaken || need > 0) lead.push(s);
      continue;
    }
    if (need === 0) break;
    if (s.type === 'AS_SET') {
      lead.push(s);
      need -= 1;
    } else {
      const take = Math.min(need, s.asns.length);
      lead.push({ type: s.type, asns: s.asns.slice(0, take) });
      need -= take;
    }
    lastTaken = true;
  }
  const out = [...lead];
  for (const s of path4) {
    const last = out[out.length - 1];
    if (last !== undefined && last.type === 'AS_SEQUENCE' && s.type === 'AS_SEQUENCE') out[out.length - 1] = { type: 'AS_SEQUENCE', asns: [...last.asns, ...s.asns] };
    else out.push(s);
  }
  return out;
}

/**
 * Prepares attributes for a 2-octet (OLD) peer, RFC 6793 section 4.2.2: ASNs above 65535 in
 * AS_PATH and AGGREGATOR become AS_TRANS, and AS4_PATH (without confederation segments) and
 * AS4_AGGREGATOR carry the real values. Attributes that need nothing are returned as is.
 */
export function prepareFor2Octet(attributes: readonly PathAttribute[]): PathAttribute[] {
  checkArray(attributes, 'prepareFor2Octet', 'attributes');
  const out: PathAttribute[] = [];
  let as4Path: As4PathAttribute | undefined;
  let as4Agg: As4AggregatorAttribute | undefined;
  for (const a of attributes) {
    if (a.type === 'AS4_PATH' || a.type === 'AS4_AGGREGATOR') continue;
    if (a.type === 'AS_PATH' && a.segments.some((s) => s.asns.some((n) => n > 0xffff))) {
      out.push({ ...a, segments: a.segments.map((s) => ({ type: s.type, asns: s.asns.map((n) => (n > 0xffff ? AS_TRANS : n)) })) });
      as4Path = { type: 'AS4_PATH', segments: a.segments.filter((s) => s.type === 'AS_SEQUENCE' || s.type === 'AS_SET') };
      continue;
    }
    if (a.type === 'AGGREGATOR' && a.asn > 0xffff) {
      out.push({ ...a, asn: AS_TRANS });
      as4Agg = { type: 'AS4_AGGREGATOR', asn: a.asn, address: a.address };
      continue;
    }
    out.push(a);
  }
  if (as4Path !== undefined) out.push(as4Path);
  if (as4Agg !== undefined) out.push(as4Agg);
  return out;
}
