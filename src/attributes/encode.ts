import type { SessionContext } from '../context/session-context.ts';
import { checkUint } from '../wire/errors.ts';
import type { Writer } from '../wire/writer.ts';
import { attributeCodecsByName } from './registry.ts';
import type { PathAttribute } from './types.ts';
import type { AttributeCodec } from './codec.ts';
import { checkArray, checkContext, checkObject } from '../wire/args.ts';

function codecOf(a: PathAttribute): AttributeCodec | undefined {
  if (a.type === 'raw') return undefined;
  const c = attributeCodecsByName.get(a.type);
  if (c === undefined) throw new TypeError(`path attribute: unknown type ${JSON.stringify((a as { type: unknown }).type)}`);
  return c;
}

// Performance: the codec is looked up once per attribute and passed along (undefined for raw).
function valueLength(a: PathAttribute, codec: AttributeCodec | undefined, ctx: SessionContext): number {
  if (a.type === 'raw') {
    if (!(a.value instanceof Uint8Array)) throw new TypeError(`raw attribute ${a.code}: value must be a Uint8Array`);
    return a.value.length;
  }
  return (codec as AttributeCodec).byteLength(a, ctx);
}

/** The flags octet written for `a` with a value of `len` bytes (RFC 4271 section 4.3). */
function flagsFor(a: PathAttribute, codec: AttributeCodec | undefined, len: number): number {
  const given = a.flags;
  if (given !== undefined) {
    checkUint('attribute flags', given, 255);
    if (len > 255 && (given & 0x10) === 0) throw new RangeError(`${a.type}: value of ${len} bytes needs the Extended Length flag`);
    return given;
  }
  return (codec as AttributeCodec).flags | (len > 255 ? 0x10 : 0);
}

/** Exact encoded size of one attribute, header included. */
export function attributeLength(a: PathAttribute, ctx: SessionContext): number {
  const codec = codecOf(a);
  const len = valueLength(a, codec, ctx);
  if (len > 0xffff) checkUint(`${a.type} length`, len, 0xffff);
  return (flagsFor(a, codec, len) & 0x10 ? 4 : 3) + len;
}

/** Exact encoded size of a list of attributes. */
export function attributesLength(attrs: readonly PathAttribute[], ctx: SessionContext): number {
  checkArray(attrs, 'attributesLength', 'attrs');
  checkContext(ctx, 'attributesLength', 'ctx');
  let n = 0;
  for (const a of attrs) n += attributeLength(a, ctx);
  return n;
}

/** Writes one attribute: flags, type code, 1- or 2-octet length, value. */
export function writeAttribute(a: PathAttribute, w: Writer, ctx: SessionContext): void {
  const codec = codecOf(a);
  const len = valueLength(a, codec, ctx);
  const flags = flagsFor(a, codec, len);
  w.u8(flags);
  w.u8(a.type === 'raw' ? checkUint('attribute code', a.code, 255) : (codec as AttributeCodec).code);
  if (flags & 0x10) w.u16(len);
  else w.u8(len);
  const start = w.pos;
  if (a.type === 'raw') w.raw(a.value);
  else (codec as AttributeCodec).write(a, w, ctx);
  if (w.pos - start !== len) throw new Error(`internal: ${a.type} wrote ${w.pos - start} bytes, expected ${len}`);
}

/**
 * What sizing a list of attributes found, kept for writing it right after: the codec, value
 * length and flags octet of each, and whether the codes are in canonical order. Performance:
 * each attribute is looked up and sized once per message instead of once per pass.
 */
export interface AttributePlan {
  readonly codecs: (AttributeCodec | undefined)[];
  readonly lengths: number[];
  readonly flags: number[];
  /** RFC 7606 section 5.1 order (MP_REACH/MP_UNREACH first, then by code). */
  sorted: boolean;
}

/** An empty plan to fill with {@link planAttributes}. */
export function attributePlan(): AttributePlan {
  return { codecs: [], lengths: [], flags: [], sorted: true };
}

/** Sizes `attrs` exactly as {@link attributesLength} does (same checks, same errors), filling `plan`. */
export function planAttributes(attrs: readonly PathAttribute[], ctx: SessionContext, plan: AttributePlan): number {
  let n = 0;
  let prev = -3;
  let sorted = true;
  const { codecs, lengths, flags } = plan;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i] as PathAttribute;
    const codec = codecOf(a);
    const len = valueLength(a, codec, ctx);
    if (len > 0xffff) checkUint(`${a.type} length`, len, 0xffff);
    const f = flagsFor(a, codec, len);
    codecs[i] = codec;
    lengths[i] = len;
    flags[i] = f;
    n += (f & 0x10 ? 4 : 3) + len;
    const code = codec === undefined ? (a as { code: number }).code : codec.code;
    const rank = code === 14 ? -2 : code === 15 ? -1 : code;
    if (rank < prev) sorted = false;
    prev = rank;
  }
  plan.sorted = sorted;
  return n;
}

/** Writes attribute `i` of the list `plan` was filled from (as {@link writeAttribute}). */
export function writePlannedAttribute(a: PathAttribute, i: number, plan: AttributePlan, w: Writer, ctx: SessionContext): void {
  const codec = plan.codecs[i];
  const len = plan.lengths[i] as number;
  const flags = plan.flags[i] as number;
  const code = codec === undefined ? checkUint('attribute code', (a as { code: number }).code, 255) : codec.code;
  const b = w.bytes;
  let at = w.pos;
  w.room(flags & 0x10 ? 4 : 3);
  b[at++] = flags;
  b[at++] = code;
  if (flags & 0x10) b[at++] = len >>> 8;
  b[at++] = len;
  w.pos = at;
  if (codec === undefined) w.raw((a as { value: Uint8Array }).value);
  else codec.write(a, w, ctx);
  if (w.pos - at !== len) throw new Error(`internal: ${a.type} wrote ${w.pos - at} bytes, expected ${len}`);
}

/** Writes attributes in the order given (a decoded message keeps its wire order). */
export function writeAttributes(attrs: readonly PathAttribute[], w: Writer, ctx: SessionContext): void {
  checkArray(attrs, 'writeAttributes', 'attrs');
  checkObject(w, 'writeAttributes', 'w');
  checkContext(ctx, 'writeAttributes', 'ctx');
  for (const a of attrs) writeAttribute(a, w, ctx);
}
