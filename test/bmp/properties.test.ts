// Round trips and robustness of the BMP codec by fast-check (STYLE.md "Tests").
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BmpError, BmpFramer, BmpPeers, decodeBmpMessage, encodeBmpMessage } from '../../src/bmp/index.ts';
import { toHex } from '../../src/wire/hex.ts';
import { arbBmpMessage } from '../arbitraries/bmp.ts';

describe('BMP codec properties', () => {
  it('decode(encode(v)) deep-equals v for every message type', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbBmpMessage, (m) => {
        seen.add(m.type);
        expect(decodeBmpMessage(encodeBmpMessage(m))).toEqual(m);
      }),
      { numRuns: 2000, seed: 20 },
    );
    expect(seen.size).toBe(8);
  });

  it('any bytes give a value that re-encodes to them, or a BmpError; never another exception', () => {
    let values = 0;
    let errors = 0;
    const peers = new BmpPeers();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7), (body, type) => {
        // A valid common header (version 3, the length of the bytes) over random bodies, so most reach a body decoder.
        const b = new Uint8Array(6 + body.length);
        b[0] = 3;
        new DataView(b.buffer).setUint32(1, b.length);
        b[5] = type;
        b.set(body, 6);
        try {
          const m = decodeBmpMessage(b);
          values++;
          expect(toHex(encodeBmpMessage(m))).toBe(toHex(b));
          for (const p of peers.read(m)) expect(p.message !== undefined || p.error !== undefined || p.missing !== undefined).toBe(true);
        } catch (e) {
          if (!(e instanceof BmpError)) throw e;
          errors++;
        }
      }),
      { numRuns: 4000, seed: 21 },
    );
    expect(values).toBeGreaterThan(400);
    expect(errors).toBeGreaterThan(400);
  });

  it('the framer gives the same messages whatever the chunking', () => {
    fc.assert(
      fc.property(fc.array(arbBmpMessage, { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }), (msgs, cuts) => {
        const parts = msgs.map((m) => encodeBmpMessage(m));
        const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        let o = 0;
        for (const p of parts) {
          all.set(p, o);
          o += p.length;
        }
        const f = new BmpFramer();
        const got: string[] = [];
        let at = 0;
        let i = 0;
        while (at < all.length) {
          const n = cuts[i++ % cuts.length] as number;
          for (const m of f.push(all.subarray(at, at + n))) got.push(toHex(m.bytes));
          at += n;
        }
        f.end();
        expect(got).toEqual(parts.map((p) => toHex(p)));
        expect(f.buffered).toBe(0);
      }),
      { numRuns: 300, seed: 22 },
    );
  });
});
