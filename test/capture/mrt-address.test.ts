import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv4TextAt, ipv6TextAt } from '../../src/capture/mrt-address.ts';
import { bgp4mpContext, messageContext } from '../../src/capture/mrt-context.ts';
import { formatIPv4, formatIPv6 } from '../../src/wire/ip.ts';

// The reader's caches must give the text a fresh formatter gives, for any address, also after
// other addresses took the same slot (a small pool of addresses makes slots collide and repeat).

describe('address text caches', () => {
  it('ipv4TextAt equals formatIPv4, repeated and colliding', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 400 }), (pool, picks) => {
        for (const i of [0, ...picks]) {
          const a = pool[i % pool.length] as Uint8Array;
          const b = new Uint8Array(8);
          b.set(a, 3);
          expect(ipv4TextAt(b, 3)).toBe(formatIPv4(a, 0));
        }
      }),
    );
    // 0.0.0.0 and the slots never written.
    expect(ipv4TextAt(new Uint8Array(4), 0)).toBe('0.0.0.0');
    let n = 0;
    for (let x = 0; x < 70_000; x += 7) {
      const b = new Uint8Array([x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255]);
      if (ipv4TextAt(b, 0) === formatIPv4(b, 0)) n++;
    }
    expect(n).toBe(10_000);
    // Addresses that differ only in one octet, twice over: slots shared by near-equal keys.
    let m = 0;
    for (let round = 0; round < 2; round++) {
      for (let k = 0; k < 4; k++) {
        for (let v = 0; v < 256; v++) {
          const b = new Uint8Array([10, 20, 30, 40]);
          b[k] = v;
          if (ipv4TextAt(b, 0) === formatIPv4(b, 0)) m++;
        }
      }
    }
    expect(m).toBe(2048);
  });
  it('ipv6TextAt equals formatIPv6', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 200 }), (pool, picks) => {
        for (const i of [0, ...picks]) {
          const a = pool[i % pool.length] as Uint8Array;
          expect(ipv6TextAt(a, 0)).toBe(formatIPv6(a, 0));
        }
      }),
    );
  });
});

describe('messageContext', () => {
  it('equals bgp4mpContext for every combination, shared and frozen without ADD-PATH', () => {
    let n = 0;
    for (const isAs4 of [false, true]) {
      for (const isAddPath of [false, true]) {
        for (const length of [19, 4096, 4097]) {
          for (const [peerAs, localAs] of [[1, 1], [1, 2]] as const) {
            const message = new Uint8Array(length).fill(0xff, 0, 16);
            message[16] = length >> 8;
            message[17] = length & 255;
            message[18] = 4;
            const ctx = messageContext(isAs4, isAddPath, peerAs, localAs, message);
            expect(ctx).toEqual(bgp4mpContext(isAs4, isAddPath, peerAs, localAs, message));
            if (!isAddPath) {
              expect(Object.isFrozen(ctx) && Object.isFrozen(ctx.addPath)).toBe(true);
              expect(messageContext(isAs4, isAddPath, peerAs, localAs, message)).toBe(ctx);
            }
            n++;
          }
        }
      }
    }
    expect(n).toBe(24);
  });
});
