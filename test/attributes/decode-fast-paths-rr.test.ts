import { describe, expect, it } from 'vitest';
import { decodeAttributes } from '../../src/attributes/decode.ts';
import { attribute, codecResult, ctxs, expectAsCodec, keys, seededBytes } from './fast-path-helpers.ts';

// ORIGINATOR_ID, CLUSTER_LIST and one-segment AS_PATHs are built straight from the bytes by the attribute scan, and
// LARGE_COMMUNITY texts come from a cache of recent values: each must be exactly what the
// codec (or the plain notation) gives, key for key, or the same error where the codec throws.



describe('attribute scan fast paths (route reflection, large communities)', () => {
  it('ORIGINATOR_ID and CLUSTER_LIST decode as their codecs read them', () => {
    const rnd = seededBytes(777);
    for (const ctx of ctxs) {
      for (const code of [9, 10]) {
        for (let len = 0; len <= 13; len++) {
          for (let k = 0; k < 100; k++) {
            const value = new Uint8Array(len);
            for (let i = 0; i < len; i++) value[i] = rnd();
            expectAsCodec(code, 0x80, value, ctx);
          }
        }
      }
    }
  });

  it('AS_PATH of any form and flags decodes as its codec reads it (with the received flags last)', () => {
    const rnd = seededBytes(4242);
    for (const ctx of ctxs) {
      const width = ctx.asn4 ? 4 : 2;
      for (let k = 0; k < 3000; k++) {
        // Mostly well-formed one-segment paths, with types 0..5, counts near the right one,
        // zero counts, trailing or missing bytes, and second segments.
        const type = k % 10 === 0 ? rnd() % 6 : 1 + (rnd() % 4);
        const count = k % 13 === 0 ? 0 : 1 + (rnd() % 8);
        const bytes = [type, count];
        for (let i = 0; i < count * width; i++) bytes.push(rnd());
        if (k % 7 === 0) bytes.push(rnd());
        if (k % 11 === 0) bytes.pop();
        if (k % 17 === 0) bytes.push(2, 1, ...Array.from({ length: width }, rnd));
        const value = Uint8Array.from(bytes);
        const want = codecResult(2, value, ctx);
        for (const flags of [0x40, 0x50]) {
          const got = decodeAttributes(attribute(flags, 2, value), ctx);
          const a = got.attributes[0] as { type: string };
          if (want.error !== undefined) {
            expect(a.type).toBe('raw');
            expect(got.issues.some((i) => i.reason.endsWith(want.error as string))).toBe(true);
          } else {
            const expected = flags === 0x40 ? want.value : { ...want.value, flags };
            expect(a).toStrictEqual(expected);
            expect(keys(a)).toBe(keys(expected));
          }
        }
      }
    }
  });

  it('LARGE_COMMUNITY texts are the values read, through cache hits and collisions', () => {
    const ctx = ctxs[0] as (typeof ctxs)[number];
    let seed = 99;
    const rnd32 = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    // A pool small enough to hit, large enough to collide in 1024 slots; zeros included.
    const pool: [number, number, number][] = [[0, 0, 0], [4294967295, 4294967295, 4294967295]];
    for (let i = 0; i < 3000; i++) pool.push([rnd32() % 7 === 0 ? 0 : rnd32(), rnd32() & 0xff, rnd32()]);
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < pool.length; i += 3) {
        const picked = [pool[i], pool[(i * 7 + round) % pool.length], pool[(i * 13 + 1) % pool.length]] as [number, number, number][];
        const value = new Uint8Array(12 * picked.length);
        const dv = new DataView(value.buffer);
        picked.forEach(([g, a, b], j) => {
          dv.setUint32(12 * j, g);
          dv.setUint32(12 * j + 4, a);
          dv.setUint32(12 * j + 8, b);
        });
        const got = decodeAttributes(attribute(0xc0, 32, value), ctx).attributes[0];
        expect(got).toStrictEqual({ type: 'LARGE_COMMUNITY', communities: picked.map(([g, a, b]) => `${g}:${a}:${b}`) });
      }
    }
  });
});
