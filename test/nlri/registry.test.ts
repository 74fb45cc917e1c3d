import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NlriContext } from '../../src/nlri/codec.ts';
import { nlriCodec, nlriCodecByName, nlriCodecs } from '../../src/nlri/registry.ts';
import { nlriKey, nlriText } from '../../src/nlri/text.ts';
import { BgpError } from '../../src/wire/errors.ts';
import { Reader } from '../../src/wire/reader.ts';
import { Writer } from '../../src/wire/writer.ts';
import { arbNlri } from '../arbitraries/nlri.ts';
import { arbPrefix } from '../arbitraries/update.ts';
import { runs } from '../helpers/shared.ts';

const CONTEXTS: readonly NlriContext[] = [false, true].flatMap((addPath) => [0, 2, 255].flatMap((labels) => [false, true].map((withdrawal) => ({ addPath, labels, withdrawal }))));

describe('the NLRI registry (RFC 4760 section 5)', () => {
  it('one codec per AFI/SAFI, found by family and by name; the rest stays bytes', () => {
    const names = nlriCodecs.map((c) => `${c.afi}/${c.safi} ${c.name}`);
    expect(names).toEqual([
      '1/1 ipv4-unicast',
      '2/1 ipv6-unicast',
      '1/2 ipv4-multicast',
      '2/2 ipv6-multicast',
      '1/4 ipv4-labeled-unicast',
      '2/4 ipv6-labeled-unicast',
      '1/128 l3vpn-ipv4-unicast',
      '2/128 l3vpn-ipv6-unicast',
      '1/129 l3vpn-ipv4-multicast',
      '2/129 l3vpn-ipv6-multicast',
      '1/132 rtc',
    ]);
    for (const c of nlriCodecs) {
      expect(nlriCodec(c.afi, c.safi)).toBe(c);
      expect(nlriCodecByName(c.name)).toBe(c);
      expect(Object.isFrozen(c)).toBe(true);
    }
    for (const [afi, safi] of [[25, 70], [1, 133], [2, 5], [16388, 71], [1, 3]]) expect(nlriCodec(afi as number, safi as number)).toBeUndefined();
  });

  for (const codec of nlriCodecs) {
    it(`${codec.name}: decode(encode(v)) equals v and encode(decode(b)) equals b, under every context (fast-check)`, () => {
      for (const ctx of CONTEXTS) {
        const arb = codec.safi <= 2 ? arbPrefix(codec.afi === 2 ? 16 : 4, ctx.addPath) : arbNlri(codec, ctx);
        fc.assert(
          fc.property(arb, (v) => {
            const n = codec.byteLength(v, ctx);
            const w = Writer.alloc(n);
            codec.write(v, w, ctx);
            expect(w.pos).toBe(n);
            const r = new Reader(w.bytes, 0, n, 3, 9);
            expect(codec.read(r, ctx)).toEqual(v);
            expect(r.pos).toBe(n);
            // Text and key name the value; the key never holds a label.
            expect(nlriText(codec.afi, codec.safi, v)).toContain(codec.text(v));
            if ('labels' in v && v.labels.length > 0) expect(nlriKey(codec.afi, codec.safi, v)).toBe(codec.key({ ...v, labels: [] }));
          }),
          { numRuns: runs(40, 2000) },
        );
      }
    });
    it(`${codec.name}: random bytes read to a value or throw BgpError, nothing else`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 40 }), fc.constantFrom(...CONTEXTS), (b, ctx) => {
          const r = new Reader(b, 0, b.length, 3, 9);
          try {
            while (r.pos < r.end) codec.read(r, ctx);
          } catch (e) {
            if (!(e instanceof BgpError)) throw e;
          }
        }),
        { numRuns: runs(300, 20000) },
      );
    });
  }
});
