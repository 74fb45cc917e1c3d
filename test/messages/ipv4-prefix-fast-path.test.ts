import { seededBytes } from '../attributes/fast-path-helpers.ts';
import { describe, expect, it } from 'vitest';
import { readPrefixes } from '../../src/nlri/prefix.ts';
import { Reader } from '../../src/wire/reader.ts';

// IPv4 prefixes without path ids take their own loop in readPrefixes; with path ids they take
// the general one. The same prefixes (path id 0 before each) must read the same, key for key
// apart from pathId, and a malformed field must fail with the same message.

function read(field: number[], addPath: boolean): { value?: unknown; error?: string } {
  try {
    const v = readPrefixes(new Reader(Uint8Array.from(field), 0, field.length, 3, 10, 'x'), 4, addPath);
    return { value: addPath ? v.map(({ pathId: _id, ...rest }) => rest) : v };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('IPv4 prefix fast path', () => {
  it('reads as the general loop does, trailing bits, lengths 0..33 and overruns included', () => {
    const rnd = seededBytes(31337);
    for (let k = 0; k < 5000; k++) {
      const plain: number[] = [];
      const withIds: number[] = [];
      const count = 1 + (k % 5);
      let lastN = 0;
      for (let j = 0; j < count; j++) {
        const length = k % 50 === 0 ? 33 + (rnd() % 3) : rnd() % 33;
        const n = (length + 7) >> 3;
        const bytes = Array.from({ length: n }, rnd);
        // Mostly canonical (bits beyond the length zero), sometimes not.
        if (n > 0 && (length & 7) !== 0 && k % 3 !== 0) bytes[n - 1] = (bytes[n - 1] as number) & ((0xff << (8 - (length & 7))) & 0xff);
        lastN = n;
        plain.push(length, ...bytes);
        withIds.push(0, 0, 0, 0, length, ...bytes);
      }
      // A field cut short inside its last prefix (not before a path id's prefix length).
      if (k % 29 === 0 && lastN > 0) {
        plain.pop();
        withIds.pop();
      }
      const a = read(plain, false);
      const b = read(withIds, true);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    }
  });

  it('gives the canonical text and the received one where bits beyond the length are set', () => {
    expect(read([24, 192, 0, 2, 0, 32, 10, 1, 2, 3, 12, 10, 31], false).value).toStrictEqual([
      { prefix: '192.0.2.0/24' },
      { prefix: '0.0.0.0/0' },
      { prefix: '10.1.2.3/32' },
      { prefix: '10.16.0.0/12', unmasked: '10.31.0.0/12' },
    ]);
  });
});
