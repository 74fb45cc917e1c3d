import type { SessionContext } from '../context/session-context.ts';
import { u32 } from '../wire/bytes.ts';
import { UpdateErrorSubcode } from '../iana.ts';
import { checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import { type AttributeCodec, defineAttribute } from './codec.ts';
import type { As4PathAttribute, AsPathAttribute, AsPathSegment, AsPathSegmentType } from './types.ts';

// RFC 4271 section 4.3: each AS path segment is <path segment type, path segment length,
// path segment value>; type 1 AS_SET, 2 AS_SEQUENCE; RFC 5065 section 3: 3
// AS_CONFED_SEQUENCE, 4 AS_CONFED_SET. The length counts ASes, 2 octets each, or 4 on a
// session where both speakers have the 4-octet AS capability (RFC 6793 section 4.1) and
// always 4 in AS4_PATH (RFC 6793 section 3).

const SEGMENT_TYPES: readonly (AsPathSegmentType | undefined)[] = [undefined, 'AS_SET', 'AS_SEQUENCE', 'AS_CONFED_SEQUENCE', 'AS_CONFED_SET'];
const SEGMENT_CODES: Readonly<Record<AsPathSegmentType, number>> = { AS_SET: 1, AS_SEQUENCE: 2, AS_CONFED_SEQUENCE: 3, AS_CONFED_SET: 4 };

/** Reads AS path segments of `width` (2 or 4) octets per ASN; RFC 7606 section 7.2 malformations throw 3/11. */
export function readSegments(r: Reader, width: 2 | 4): AsPathSegment[] {
  if (r.pos >= r.end) return [];
  const first = readSegment(r, width);
  // Performance: nearly every path is one segment; an array of exactly one, not a grown one.
  if (r.pos >= r.end) return [first];
  const segments: AsPathSegment[] = [first];
  while (r.pos < r.end) segments.push(readSegment(r, width));
  return segments;
}

function readSegment(r: Reader, width: 2 | 4): AsPathSegment {
  // RFC 7606 section 7.2: "an underrun where ... there is only a single octet remaining".
  if (r.end - r.pos < 2) r.fail('a single octet after the last segment', 3, UpdateErrorSubcode.MalformedAsPath);
  const b = r.bytes;
  let p = r.pos;
  const code = b[p] as number;
  const count = b[p + 1] as number;
  p += 2;
  r.pos = p;
  const type = SEGMENT_TYPES[code];
  if (type === undefined) r.fail(`unrecognized segment type ${code}`, 3, UpdateErrorSubcode.MalformedAsPath);
  // RFC 7606 section 7.2: "It has a Path Segment Length field of zero."
  if (count === 0) r.fail('segment length zero', 3, UpdateErrorSubcode.MalformedAsPath);
  if (p + count * width > r.end) r.fail(`segment of ${count} ASNs overruns the attribute`, 3, UpdateErrorSubcode.MalformedAsPath);
  // Bounds checked once for the segment just above; the ASNs are read without a check each.
  const asns = new Array<number>(count);
  if (width === 4) {
    for (let i = 0; i < count; i++, p += 4) asns[i] = u32(b, p);
  } else {
    for (let i = 0; i < count; i++, p += 2) asns[i] = ((b[p] as number) << 8) | (b[p + 1] as number);
  }
  r.pos = p;
  return { type, asns };
}

/** Encoded size of segments; a segment above 255 ASNs is split (RFC 4271 section 5.1.2). */
export function segmentsLength(segments: readonly AsPathSegment[], width: 2 | 4): number {
  let n = 0;
  for (const s of segments) {
    const pieces = s.asns.length === 0 ? 1 : Math.ceil(s.asns.length / 255);
    n += pieces * 2 + s.asns.length * width;
  }
  return n;
}

/**
 * An ASN written in 2 octets (a session without the 4-octet AS capability): a 4-octet AS gets
 * an error that says what to do (RFC 6793 section 4.2.2) rather than a bare range error.
 * @throws RangeError (or TypeError for a non-number).
 */
export function checkAsn2(field: string, asn: unknown): number {
  if (typeof asn === 'number' && Number.isInteger(asn) && asn > 0xffff && asn <= 0xffffffff) {
    throw new RangeError(`${field}: 4-octet AS ${asn} on a 2-octet session (no 4-octet AS capability): pass the attributes through prepareFor2Octet first (RFC 6793 section 4.2.2: AS_TRANS here, the real AS in AS4_PATH/AS4_AGGREGATOR)`);
  }
  return checkUint(field, asn, 0xffff);
}

/** Writes segments, splitting any of more than 255 ASNs into consecutive segments of the same type. */
export function writeSegments(segments: readonly AsPathSegment[], w: Writer, width: 2 | 4, field: string): void {
  const max = width === 4 ? 0xffffffff : 0xffff;
  for (const s of segments) {
    const code = SEGMENT_CODES[s.type];
    if (code === undefined) throw new TypeError(`${field}: unknown segment type ${String(s.type)}`);
    if (s.asns.length === 0) {
      w.u8(code);
      w.u8(0);
      continue;
    }
    for (let start = 0; start < s.asns.length; start += 255) {
      const end = Math.min(start + 255, s.asns.length);
      w.u8(code);
      w.u8(end - start);
      for (let i = start; i < end; i++) {
        let asn = s.asns[i] as number;
        // Performance: the field name is only built for the error.
        if (typeof asn !== 'number' || !(asn >= 0 && asn <= max) || !Number.isInteger(asn)) asn = width === 2 ? checkAsn2(`${field} ASN`, asn) : checkUint(`${field} ASN`, asn, max);
        if (width === 4) w.u32(asn);
        else w.u16(asn);
      }
    }
  }
}

function width(ctx: SessionContext): 2 | 4 {
  return ctx.as4 ? 4 : 2;
}

/**
 * An AS_PATH value with the received `flags` (or none when `flags` is negative) in one
 * literal. Performance: many speakers set Extended Length on every AS_PATH; the flags are
 * then part of the object from the start instead of a property added to it afterwards.
 */
export function readAsPath(r: Reader, ctx: SessionContext, flags: number): AsPathAttribute {
  const segments = readSegments(r, width(ctx));
  return flags < 0 ? { type: 'AS_PATH', segments } : { type: 'AS_PATH', segments, flags };
}

/**
 * The AS_PATH value of the usual form, one segment filling the `len` bytes at `at` with ASNs of
 * `width` octets, built straight from the bytes: the same value, key for key, as
 * {@link readAsPath} with the same `flags`; undefined for any other form (readAsPath then
 * reads it, or throws the error it names).
 */
export function oneSegmentAsPath(b: Uint8Array, at: number, len: number, width: 2 | 4, flags: number): AsPathAttribute | undefined {
  const count = b[at + 1] as number;
  const type = SEGMENT_TYPES[b[at] as number];
  if (type === undefined || count === 0 || len !== 2 + count * width) return undefined;
  const asns = new Array<number>(count);
  let p = at + 2;
  if (width === 4) {
    for (let i = 0; i < count; i++, p += 4) {
      const top = b[p] as number;
      // Performance: ASNs from 2^31 up (rare) take readAsPath, so that every number here is
      // a small integer (no deoptimisation, no array of doubles from this site).
      if (top > 0x7f) return undefined;
      asns[i] = (top << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number);
    }
  } else {
    for (let i = 0; i < count; i++, p += 2) asns[i] = ((b[p] as number) << 8) | (b[p + 1] as number);
  }
  const segments: AsPathSegment[] = [{ type, asns }];
  return flags < 0 ? { type: 'AS_PATH', segments } : { type: 'AS_PATH', segments, flags };
}

/** AS_PATH (RFC 4271 section 5.1.2): well-known mandatory; 2- or 4-octet ASNs by context (RFC 6793). */
export const asPath: AttributeCodec<AsPathAttribute> = defineAttribute<AsPathAttribute>({
  code: 2,
  name: 'AS_PATH',
  flags: 0x40,
  onError: 'treat-as-withdraw', // RFC 7606 section 7.2
  byteLength: (v, ctx) => segmentsLength(v.segments, width(ctx)),
  write: (v, w, ctx) => writeSegments(v.segments, w, width(ctx), 'AS_PATH'),
  read: (r, ctx) => readAsPath(r, ctx, -1),
});

/** AS4_PATH (RFC 6793 section 3): optional transitive, always 4-octet ASNs; malformed is discarded (section 6). */
export const as4Path: AttributeCodec<As4PathAttribute> = defineAttribute<As4PathAttribute>({
  code: 17,
  name: 'AS4_PATH',
  flags: 0xc0,
  onError: 'attribute-discard',
  byteLength: (v) => segmentsLength(v.segments, 4),
  write: (v, w) => writeSegments(v.segments, w, 4, 'AS4_PATH'),
  read(r) {
    // RFC 7606 section 4: of the attributes it covers only AS_PATH and ATOMIC_AGGREGATE may be empty.
    if (r.remaining === 0) r.fail('length 0');
    return { type: 'AS4_PATH', segments: readSegments(r, 4) };
  },
});
