import { expect } from 'vitest';
import type { AttributeCodec } from '../src/attributes/codec.ts';
import type { PathAttribute } from '../src/attributes/types.ts';
import type { SessionContext } from '../src/context/session-context.ts';
import { Reader } from '../src/wire/reader.ts';
import { Writer } from '../src/wire/writer.ts';
import { toHex } from '../src/wire/hex.ts';

/**
 * The codec laws every attribute codec keeps (STYLE.md "Codec pattern"): the encoded length
 * equals byteLength; decode(encode(v)) equals v; encode(decode(b)) equals b for canonical b;
 * writing at an offset inside a larger buffer leaves the other bytes untouched.
 */
export function checkCodec<T extends PathAttribute>(codec: AttributeCodec<T>, value: T, ctx: SessionContext, canonicalHex?: string): void {
  const len = codec.byteLength(value, ctx);
  const w = Writer.alloc(len);
  codec.write(value, w, ctx);
  expect(w.pos).toBe(len);
  const bytes = w.bytes;
  if (canonicalHex !== undefined) expect(toHex(bytes)).toBe(canonicalHex);
  const back = codec.read(new Reader(bytes, 0, bytes.length, 3, 5), ctx);
  expect(back).toEqual(value);
  // At an offset inside a larger buffer: the bytes around stay as they were.
  const big = new Uint8Array(len + 10).fill(0xa5);
  const w2 = new Writer(big, 5);
  codec.write(value, w2, ctx);
  expect(toHex(big.subarray(0, 5))).toBe('a5a5a5a5a5');
  expect(toHex(big.subarray(5 + len))).toBe('a5a5a5a5a5');
  expect(toHex(big.subarray(5, 5 + len))).toBe(toHex(bytes));
  const back2 = codec.read(new Reader(big, 5, 5 + len, 3, 5), ctx);
  expect(back2).toEqual(value);
}
