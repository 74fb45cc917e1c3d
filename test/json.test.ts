import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeJSON, toJSON } from '../src/json.ts';
import { sampleMessages } from './fixtures/sample-session.ts';

describe('toJSON (docs/JSON.md)', () => {
  it('maps bytes to lowercase hex, bigints to decimal strings, drops undefined', () => {
    expect(toJSON({ a: Uint8Array.of(0, 0xab, 255), b: 18446744073709551615n, c: undefined, d: [1, 'x', null, true], e: { f: 2 } })).toEqual({
      a: '00abff',
      b: '18446744073709551615',
      d: [1, 'x', null, true],
      e: { f: 2 },
    });
  });

  it('gives text JSON.stringify accepts for any decoded value, and cuts absurd nesting', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(() => JSON.stringify(toJSON({ deep, n: 1n }))).not.toThrow();
  });
});

describe('encodeJSON: the bytes of JSON.stringify(toJSON(value))', () => {
  const encoder = new TextEncoder();
  const same = (v: unknown): void => {
    expect(encodeJSON(v)).toEqual(encoder.encode(JSON.stringify(toJSON(v))));
  };

  it('on any value: bytes, bigints, undefined, holes, boxed values, getters, odd strings and numbers', () => {
    const units = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });
    const leaf = fc.oneof(
      units,
      fc.string({ unit: 'binary' }),
      fc.double(),
      fc.integer(),
      fc.constantFrom(-0, 2 ** 32, 2 ** 53, 1e21, -1, Number.NaN, Infinity, undefined, null, () => 1, Symbol('s')),
      fc.bigInt(),
      fc.uint8Array({ maxLength: 8 }),
    );
    const value = fc.anything({ values: [leaf], key: units, withBigInt: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true, withNullPrototype: true, withMap: true, withDate: true, maxDepth: 3 });
    fc.assert(
      fc.property(fc.oneof(fc.array(value), fc.dictionary(units, value)), (v) => same(v)),
      { numRuns: 300 },
    );
  });

  it('on nesting past toJSON’s depth cut, escapes and decoded messages', () => {
    let deep: unknown = { x: 1 };
    for (let i = 0; i < 100; i++) deep = i % 2 === 0 ? [deep, Uint8Array.of(i)] : { d: deep, n: BigInt(i) };
    same(deep);
    same({ s: '"\\\u0000\u0001\u0008\t\n\u000b\f\r\u001f\u007f\u2028 \ud800 \udfff \ud83d\ude00 é', k: { 'a"b': 1, 2: 'two', 1: 'one' } });
    const o = Object.create({ inherited: 1 }) as Record<string, unknown>;
    o.own = 2;
    Object.defineProperty(o, 'hidden', { value: 3, enumerable: false });
    Object.defineProperty(o, 'got', { get: () => [4], enumerable: true });
    same(o);
    for (const [, m] of sampleMessages()) same({ time: 'x', message: m });
    expect(sampleMessages().length).toBeGreaterThan(5);
  });
});
