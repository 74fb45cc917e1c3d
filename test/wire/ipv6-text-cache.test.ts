import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIPv6, Ipv6TextCache } from '../../src/wire/ip.ts';

// The cache must give exactly formatIPv6's text (RFC 5952), with `/tag` for a prefix length,
// whatever was stored before in the same slot.
describe('Ipv6TextCache', () => {
  it('gives formatIPv6 text for addresses and prefixes, across slot collisions', () => {
    const cache = new Ipv6TextCache(2); // 4 slots: nearly every lookup replaces another entry
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: -1, max: 128 })), { minLength: 1, maxLength: 40 }), (entries) => {
        for (const [bytes, tag] of entries) {
          const buf = new Uint8Array(20);
          buf.set(bytes, 3);
          const want = tag < 0 ? formatIPv6(bytes) : `${formatIPv6(bytes)}/${tag}`;
          expect(cache.text(buf, 3, tag)).toBe(want);
          expect(cache.text(buf, 3, tag)).toBe(want); // a hit
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps an address and prefixes of the same bytes apart (tags compared, not only the bytes)', () => {
    const a = Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, ...new Array(12).fill(0)]);
    const b = Uint8Array.from([0xfe, 0x80, ...new Array(13).fill(0), 1]);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(a, b), fc.integer({ min: -1, max: 3 })), { minLength: 2, maxLength: 30 }), (entries) => {
        const cache = new Ipv6TextCache(1); // 2 slots: the same bytes under other tags meet in them
        for (const [bytes, tag] of entries) expect(cache.text(bytes, 0, tag)).toBe(tag < 0 ? formatIPv6(bytes) : `${formatIPv6(bytes)}/${tag}`);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps an address and a prefix of the same bytes apart', () => {
    const cache = new Ipv6TextCache(8);
    const b = Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, ...new Array(12).fill(0)]);
    expect([cache.text(b, 0, -1), cache.text(b, 0, 32), cache.text(b, 0, 0), cache.text(b, 0, -1)]).toEqual(['2001:db8::', '2001:db8::/32', '2001:db8::/0', '2001:db8::']);
  });
});
