import { describe, expect, it } from 'vitest';
import { asPath } from '../../src/attributes/as-path.ts';
import { decodeAttributes } from '../../src/attributes/decode.ts';
import { Reader } from '../../src/wire/reader.ts';
import { attribute, ctxs, expectAsCodec, keys, seededBytes } from './fast-path-helpers.ts';

// The attribute scan builds some values without their codec (ORIGIN, NEXT_HOP, MED, LOCAL_PREF
// and COMMUNITIES straight from the bytes; AS_PATH with its flags in one literal). Each must be
// exactly what the codec reads, key for key, or the same error where the codec throws.


describe('attribute scan fast paths', () => {
  it('ORIGIN, NEXT_HOP, MED, LOCAL_PREF and COMMUNITIES decode as their codecs read them', () => {
    const rnd = seededBytes(12345);
    for (const ctx of ctxs) {
      for (const code of [1, 3, 4, 5, 8]) {
        for (let len = 0; len <= 9; len++) {
          for (let k = 0; k < 300; k++) {
            const value = new Uint8Array(len);
            for (let i = 0; i < len; i++) value[i] = k < 256 && i === 0 ? k : rnd();
            const flags = code === 4 ? 0x80 : code === 8 ? 0xc0 : 0x40;
            expectAsCodec(code, flags, value, ctx);
          }
        }
      }
    }
  });

  it('AS_PATH keeps received flags as the last key, and one segment as an array of one', () => {
    const ctx = ctxs[0] as (typeof ctxs)[number];
    const value = Uint8Array.of(2, 2, 0, 0, 0xfd, 0xe8, 0, 0, 0xfd, 0xe9);
    for (const flags of [0x40, 0x50, 0x60, 0x41]) {
      const got = decodeAttributes(attribute(flags, 2, value), ctx).attributes[0];
      const want = asPath.read(new Reader(value, 0, value.length), ctx);
      const expected = flags === 0x40 ? want : { ...want, flags };
      expect(got).toStrictEqual(expected);
      expect(keys(got)).toBe(keys(expected));
    }
    const two = Uint8Array.of(2, 1, 0, 0, 0xfd, 0xe8, 1, 1, 0, 0, 0xfd, 0xe9);
    expect(decodeAttributes(attribute(0x40, 2, two), ctx).attributes[0]).toStrictEqual({
      type: 'AS_PATH',
      segments: [
        { type: 'AS_SEQUENCE', asns: [65000] },
        { type: 'AS_SET', asns: [65001] },
      ],
    });
  });
});
