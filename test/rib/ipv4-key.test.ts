import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv4Key } from '../../src/rib/prefix-key.ts';
import { canonicalPrefix } from '../../src/wire/ip.ts';
import { runs } from '../helpers/shared.ts';

describe('ipv4Key (integer table keys for IPv4 prefixes up to /24)', () => {
  it('packs the masked network bits and the length', () => {
    expect(ipv4Key('0.0.0.0/0')).toBe(0);
    expect(ipv4Key('10.0.0.0/8')).toBe(10 * 32 + 8);
    expect(ipv4Key('192.0.2.0/24')).toBe(((192 << 16) | (0 << 8) | 2) * 32 + 24);
    expect(ipv4Key('255.255.255.0/24')).toBe((2 ** 24 - 1) * 32 + 24);
    expect(ipv4Key('255.255.255.0/24')).toBeLessThan(2 ** 29);
    // Host bits are masked: the same key as the canonical prefix.
    expect(ipv4Key('10.1.2.3/8')).toBe(ipv4Key('10.0.0.0/8'));
  });

  it('leaves longer prefixes and anything odd to the text key', () => {
    for (const t of ['192.0.2.0/25', '192.0.2.1/32', '2001:db8::/32', '256.0.0.0/8', '1.2.3/24', '1.2.3.4.5/24', '1.2.3.4', '1.2.3.4/', '1..3.4/8', 'a.b.c.d/8', '1.2.3.4/8x', '1.2.3.4/123', '0001.2.3.4/8', '']) {
      expect(ipv4Key(t), t).toBe(-1);
    }
  });

  it('is one-to-one on canonical prefixes (property)', () => {
    const prefix = fc.tuple(fc.nat({ max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 24 })).map(([a, len]) => canonicalPrefix(`${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${len}`) as string);
    fc.assert(
      fc.property(prefix, prefix, (a, b) => {
        expect(ipv4Key(a)).toBeGreaterThanOrEqual(0);
        expect(ipv4Key(a) === ipv4Key(b)).toBe(a === b);
      }),
      { numRuns: runs(2000, 100_000) },
    );
  });
});
