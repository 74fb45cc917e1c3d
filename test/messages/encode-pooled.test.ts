import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeMessage, encodeMessagePooled } from '../../src/index.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { arbContextAndUpdate } from '../arbitraries/update.ts';

describe('encodeMessagePooled (opt-in: results share a slab)', () => {
  it('gives the bytes encodeMessage gives, each result its own bytes of a shared 64 KiB slab', () => {
    const seen: Uint8Array[] = [];
    fc.assert(
      fc.property(arbContextAndUpdate, ({ ctx, update }) => {
        let fresh: Uint8Array;
        try {
          fresh = encodeMessage(update, ctx);
        } catch (e) {
          expect(() => encodeMessagePooled(update, ctx)).toThrow((e as Error).constructor as new () => Error);
          return;
        }
        const pooled = encodeMessagePooled(update, ctx);
        expect(pooled).toEqual(fresh);
        seen.push(pooled, pooled.slice());
      }),
      { numRuns: 300 },
    );
    // Earlier results are untouched by later ones (no slab space is handed out twice).
    for (let i = 0; i < seen.length; i += 2) expect(seen[i]).toEqual(seen[i + 1]);
    const a = encodeMessagePooled({ type: 'KEEPALIVE' });
    const b = encodeMessagePooled({ type: 'KEEPALIVE' });
    expect(a.buffer).toBe(b.buffer);
    expect(a.buffer.byteLength).toBe(65536);
    expect(b.byteOffset).toBe(a.byteOffset + 24);
  });

  it('gives a message over 8 KiB its own buffer', () => {
    const ctx = sessionContext({ asn4: true, extendedMessage: true });
    const nlri = Array.from({ length: 3000 }, (_, i) => ({ prefix: `10.${i >> 8}.${i & 255}.0/24` }));
    const big = encodeMessagePooled({ type: 'UPDATE', withdrawn: [], attributes: [{ type: 'ORIGIN', origin: 'IGP' }, { type: 'AS_PATH', segments: [] }, { type: 'NEXT_HOP', nextHop: '192.0.2.1' }], nlri }, ctx);
    expect(big.length).toBeGreaterThan(8192);
    expect(big.buffer.byteLength).toBe(big.length);
  });
});
