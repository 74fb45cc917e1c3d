import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv6Key } from '../../src/rib/prefix-key.ts';
import { canonicalPrefix } from '../../src/wire/ip.ts';
import { runs } from '../helpers/shared.ts';

describe('ipv6Key (number table keys for global unicast IPv6 prefixes up to /48)', () => {
  it('packs network bits 3 to 47 and the length, exact as a double', () => {
    expect(ipv6Key('2001:db8::/32')).toBe((0x0001 * 2 ** 32 + 0x0db8 * 65536) * 64 + 32);
    expect(ipv6Key('2001:db8:1::/48')).toBe((0x0001 * 2 ** 32 + 0x0db8 * 65536 + 1) * 64 + 48);
    expect(ipv6Key('3fff:ffff:ffff::/48')).toBe(2 ** 51 - 64 + 48);
    expect(ipv6Key('3fff:ffff:ffff::/48')).toBeLessThan(Number.MAX_SAFE_INTEGER);
    // Every spelling of the same prefix, and host bits, give the same key.
    for (const t of ['2001:DB8:1::/48', '2001:0db8:0001::/48', '2001:db8:1:0:0:0:0:0/48', '2001:db8:1::5/48', '2001:db8:1:0:0:0:0:5/48']) expect(ipv6Key(t), t).toBe(ipv6Key('2001:db8:1::/48'));
    expect(ipv6Key('2001:db8::1:2/32')).toBe(ipv6Key('2001:db8::/32'));
  });

  it('leaves other prefixes and anything odd to the text key', () => {
    for (const t of ['::/0', 'fe80::/10', '2001:db8::/64', '2001:db8::/2', '::ffff:1.2.3.4/48', '2001:db8:1:2:3:4:5:6:7/48', '2001:db8:::/32', '2001:db8::1::/32', ':2001::/16', '2001::/', '2001::', '2001:db8::/0x', '2001:db8::/123', '2001:db8:12345::/48', 'g001::/16', '10.0.0.0/8', '']) {
      expect(ipv6Key(t), t).toBe(-1);
    }
  });

  it('is one-to-one on canonical prefixes (property)', () => {
    const group = fc.nat({ max: 0xffff });
    const prefix = fc.tuple(fc.nat({ max: 0x1fff }), group, group, group, fc.integer({ min: 3, max: 48 })).map(
      ([a, b, c, d, len]) => canonicalPrefix(`${(0x2000 | a).toString(16)}:${b.toString(16)}:${c.toString(16)}:${d.toString(16)}::/${len}`) as string,
    );
    fc.assert(
      fc.property(prefix, prefix, (a, b) => {
        expect(ipv6Key(a)).toBeGreaterThanOrEqual(0);
        expect(ipv6Key(a) === ipv6Key(b)).toBe(a === b);
      }),
      { numRuns: runs(2000, 100_000) },
    );
  });
});
