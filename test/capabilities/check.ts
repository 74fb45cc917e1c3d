import { expect } from 'vitest';
import { capabilityByteLength, readCapability, writeCapability } from '../../src/capabilities/registry.ts';
import type { Capability } from '../../src/capabilities/types.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { Reader } from '../../src/wire/reader.ts';
import { Writer } from '../../src/wire/writer.ts';

/** Decodes one capability TLV from hex (the whole input must be consumed). */
export function decodeCap(hex: string): Capability {
  const bytes = fromHex(hex);
  const r = new Reader(bytes, 0, bytes.length, 2, 0, 'test');
  const c = readCapability(r);
  expect(r.remaining).toBe(0);
  return c;
}

/** Encodes one capability TLV to hex. */
export function encodeCap(c: Capability): string {
  const w = Writer.alloc(capabilityByteLength(c));
  writeCapability(c, w);
  expect(w.pos).toBe(w.bytes.length);
  return toHex(w.bytes);
}

/**
 * The codec laws for one hand vector: decode(bytes) equals value, encode(value) equals bytes,
 * byteLength is exact, and writing at an offset leaves the neighbouring bytes untouched.
 */
export function checkCapability(hex: string, value: Capability): void {
  const clean = hex.replace(/\s+/g, '');
  expect(decodeCap(clean)).toEqual(value);
  expect(encodeCap(value)).toBe(clean);
  const n = capabilityByteLength(value);
  expect(n).toBe(clean.length / 2);
  const buf = new Uint8Array(n + 6).fill(0xaa);
  const w = new Writer(buf, 3);
  writeCapability(value, w);
  expect(w.pos).toBe(3 + n);
  expect(toHex(buf.subarray(0, 3))).toBe('aaaaaa');
  expect(toHex(buf.subarray(3 + n))).toBe('aaaaaa');
  expect(toHex(buf.subarray(3, 3 + n))).toBe(clean);
}
