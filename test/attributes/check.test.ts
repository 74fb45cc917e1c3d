import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODEC_FLAGS, isCleanValue } from '../../src/attributes/check.ts';
import { attributeCodecs } from '../../src/attributes/registry.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { AttributeCursor } from '../../src/view/attribute-cursor.ts';
import { viewUpdate } from '../../src/view/update-view.ts';
import { BgpError } from '../../src/wire/errors.ts';
import { Reader } from '../../src/wire/reader.ts';
import { arbContext, arbContextAndUpdate } from '../arbitraries/update.ts';

// The lazy view's fast path (isCleanValue) must never call a value clean that the codec's
// read refuses: this guards the two against drifting apart when either changes.
function readThrows(code: number, bytes: Uint8Array, start: number, end: number, ctx: Parameters<typeof isCleanValue>[4]): boolean {
  const codec = attributeCodecs.get(code);
  if (codec === undefined) return false;
  try {
    codec.read(new Reader(bytes, start, end, 3, 5, 'x'), ctx);
    return false;
  } catch (e) {
    if (!(e instanceof BgpError)) throw e;
    return true;
  }
}

describe('isCleanValue agrees with the attribute codecs', () => {
  it('CODEC_FLAGS lists exactly the registry', () => {
    for (let code = 0; code < 256; code++) expect(CODEC_FLAGS[code]).toBe(attributeCodecs.get(code)?.flags ?? -1);
  });

  it('never calls clean a random value the codec refuses', () => {
    const codes = [...attributeCodecs.keys()];
    fc.assert(
      fc.property(arbContext, fc.constantFrom(...codes), fc.uint8Array({ maxLength: 48 }), (ctx, code, value) => {
        if (isCleanValue(code, value, 0, value.length, ctx)) expect(readThrows(code, value, 0, value.length, ctx)).toBe(false);
      }),
      { numRuns: 20_000 },
    );
  });

  it('never calls clean a mutated real value the codec refuses', () => {
    fc.assert(
      fc.property(arbContextAndUpdate, fc.nat(), fc.nat({ max: 255 }), fc.nat({ max: 8 }), ({ ctx, update }, at, byte, cut) => {
        const bytes = encodeMessage(update, ctx).slice();
        let v;
        try {
          v = viewUpdate(bytes, ctx);
        } catch {
          return;
        }
        for (const a = v.attributes(new AttributeCursor()); a.next(); ) {
          const start = a.valueOffset;
          const end = Math.max(start, a.valueOffset + a.valueLength - (cut > 4 ? 0 : cut));
          const copy = bytes.slice();
          if (end > start) copy[start + (at % (end - start))] = byte;
          if (isCleanValue(a.code, copy, start, end, ctx)) expect(readThrows(a.code, copy, start, end, ctx)).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
