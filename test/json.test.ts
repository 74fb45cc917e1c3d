import { describe, expect, it } from 'vitest';
import { toJSON } from '../src/json.ts';

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
