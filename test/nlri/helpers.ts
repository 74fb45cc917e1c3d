import { expect } from 'vitest';
import type { NlriCodec, NlriContext } from '../../src/nlri/codec.ts';
import type { Nlri } from '../../src/nlri/types.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { Reader } from '../../src/wire/reader.ts';
import { Writer } from '../../src/wire/writer.ts';

/** An announcement context: no ADD-PATH, one label (RFC 8277 section 2.2). */
export const REACH: NlriContext = { addPath: false, labels: 0, withdrawal: false };
/** A withdrawal context (RFC 8277 section 2.4). */
export const UNREACH: NlriContext = { addPath: false, labels: 0, withdrawal: true };

/** Reads one NLRI from hex; the whole input must be consumed. */
export function readNlri(codec: NlriCodec, hex: string, ctx: NlriContext): Nlri {
  const b = fromHex(hex.replace(/\s+/g, ''));
  const r = new Reader(b, 0, b.length, 3, 9, 'test');
  const v = codec.read(r, ctx);
  expect(r.pos).toBe(b.length);
  return v;
}

/**
 * The codec laws (STYLE.md) for one NLRI: encoded length equals byteLength; decode(encode(v))
 * equals v; encode equals the canonical hex when given; writing at an offset leaves the
 * neighbouring bytes untouched.
 */
export function checkNlri(codec: NlriCodec, value: Nlri, ctx: NlriContext, canonicalHex?: string): void {
  const n = codec.byteLength(value, ctx);
  const w = Writer.alloc(n);
  codec.write(value, w, ctx);
  expect(w.pos).toBe(n);
  if (canonicalHex !== undefined) expect(toHex(w.bytes)).toBe(canonicalHex.replace(/\s+/g, ''));
  expect(codec.read(new Reader(w.bytes, 0, n, 3, 9), ctx)).toEqual(value);
  const big = new Uint8Array(n + 8).fill(0xa5);
  const w2 = new Writer(big, 4);
  codec.write(value, w2, ctx);
  expect(toHex(big.subarray(0, 4))).toBe('a5a5a5a5');
  expect(toHex(big.subarray(4 + n))).toBe('a5a5a5a5');
  expect(toHex(big.subarray(4, 4 + n))).toBe(toHex(w.bytes));
}
