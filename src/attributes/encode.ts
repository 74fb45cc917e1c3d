import type { SessionContext } from '../context/session-context.ts';
import { checkUint } from '../wire/errors.ts';
import type { Writer } from '../wire/writer.ts';
import { attributeCodecsByName } from './registry.ts';
import type { PathAttribute } from './types.ts';
import type { AttributeCodec } from './codec.ts';

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

/** Writes attributes in the order given (a decoded message keeps its wire order). */
export function writeAttributes(attrs: readonly PathAttribute[], w: Writer, ctx: SessionContext): void {
  for (const a of attrs) writeAttribute(a, w, ctx);
}
