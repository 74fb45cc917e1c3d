import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packUpdates } from '../../src/attributes/pack.ts';
import type { Prefix, UpdateMessage } from '../../src/attributes/types.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { arbPrefix } from '../arbitraries/update.ts';
import { runs } from '../helpers/shared.ts';

const attrs = [
  { type: 'ORIGIN', origin: 'IGP' },
  { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65001, 65002, 65003, 65004] }] },
  { type: 'NEXT_HOP', nextHop: '192.0.2.1' },
] as const;

function roundTrip(updates: UpdateMessage[], ctx: ReturnType<typeof sessionContext>): { sizes: number[]; announced: Prefix[]; withdrawn: Prefix[] } {
  const sizes: number[] = [];
  const announced: Prefix[] = [];
  const withdrawn: Prefix[] = [];
  for (const u of updates) {
    const bytes = encodeMessage(u, ctx);
    sizes.push(bytes.length);
    const d = decodeMessage(bytes, ctx) as UpdateMessage;
    expect(d.issues).toBeUndefined();
    // RFC 7606 5.1: only one of withdrawn routes, NLRI, MP_REACH_NLRI, MP_UNREACH_NLRI.
    const kinds = [d.withdrawn.length > 0, d.nlri.length > 0, d.attributes.some((a) => a.type === 'MP_REACH_NLRI'), d.attributes.some((a) => a.type === 'MP_UNREACH_NLRI')];
    expect(kinds.filter(Boolean).length).toBe(1);
    announced.push(...d.nlri);
    withdrawn.push(...d.withdrawn);
    for (const a of d.attributes) {
      if (a.type === 'MP_REACH_NLRI') announced.push(...((a.nlri ?? []) as Prefix[]));
      if (a.type === 'MP_UNREACH_NLRI') withdrawn.push(...((a.withdrawn ?? []) as Prefix[]));
    }
  }
  return { sizes, announced, withdrawn };
}

describe('packUpdates (RFC 4271 4.3, RFC 7606 5.1, RFC 8654)', () => {
  it('splits a full IPv4 table slice into UPDATEs within 4096 bytes', () => {
    const ctx = sessionContext({ asn4: true });
    const announce = Array.from({ length: 3000 }, (_, i) => ({ prefix: `10.${i >> 8}.${i & 255}.0/24` }));
    const withdraw = Array.from({ length: 2000 }, (_, i) => ({ prefix: `172.16.${i & 255}.${(i >> 8) * 16}/28` }));
    const ups = packUpdates({ afi: 1, safi: 1, attributes: attrs, announce, withdraw }, ctx);
    const r = roundTrip(ups, ctx);
    expect(Math.max(...r.sizes)).toBeLessThanOrEqual(4096);
    expect(r.announced).toEqual(announce);
    expect(r.withdrawn).toEqual(withdraw);
    // 3000 /24s at 4 bytes each fit in ceil(12000 / (4096 - 23 - 24)) messages.
    expect(ups.filter((u) => u.nlri.length > 0).length).toBe(Math.ceil(12000 / (4096 - 23 - 24)));
  });

  it('uses MP_REACH/MP_UNREACH for IPv6 and larger messages with extended messages', () => {
    for (const extendedMessage of [false, true]) {
      const ctx = sessionContext({ asn4: true, extendedMessage, addPath: [{ afi: 2, safi: 1 }] });
      const announce = Array.from({ length: 5000 }, (_, i) => ({ prefix: `2001:db8:${(i + 1).toString(16)}::/48`, pathId: i % 3 }));
      const ups = packUpdates({ afi: 2, safi: 1, attributes: attrs.slice(0, 2), nextHop: ['2001:db8::1', 'fe80::1'], announce, withdraw: announce.slice(0, 100) }, ctx);
      const r = roundTrip(ups, ctx);
      expect(Math.max(...r.sizes)).toBeLessThanOrEqual(extendedMessage ? 65535 : 4096);
      expect(r.announced).toEqual(announce);
      expect(r.withdrawn).toEqual(announce.slice(0, 100));
      if (extendedMessage) expect(ups.length).toBeLessThan(5);
    }
  });

  it('gives back exactly the prefixes it was given (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(arbPrefix(4, false), { maxLength: 2000 }), (announce) => {
        const ctx = sessionContext({ asn4: false });
        const ups = packUpdates({ afi: 1, safi: 1, attributes: attrs, announce }, ctx);
        expect(roundTrip(ups, ctx).announced).toEqual(announce);
      }),
      { numRuns: runs(30, 1000) },
    );
  });
});
