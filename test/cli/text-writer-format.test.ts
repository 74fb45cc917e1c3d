import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeText, messageText } from '../../src/cli/format-text.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import type { BgpMessage } from '../../src/messages/types.ts';
import { isBgpError } from '../../src/wire/errors.ts';
import { arbContext, arbContextAndUpdate, arbUpdate } from '../arbitraries/update.ts';
import { arbKeepalive, arbNotification, arbOpen, arbRouteRefresh } from '../arbitraries/messages.ts';
import { arbMutated } from '../messages/mutate.ts';
import { oracleAttributeText, oracleMessageText } from './text-oracle.ts';

// Issue 19: the default text format writes a message's text piece by piece into a TextWriter
// (writeMessageText; messageText and attributeText read it back). It must be the text the
// string-built formatter gave (text-oracle.ts) for every message: valid UPDATEs of every
// shape, mutated ones (RFC 7606 issues shown, raw attributes), and the other message types.

function same(m: BgpMessage, seen: { messages: number; attributes: number }): void {
  expect(messageText(m)).toBe(oracleMessageText(m));
  seen.messages++;
  if (m.type !== 'UPDATE') return;
  for (const a of m.attributes) {
    expect(attributeText(a)).toBe(oracleAttributeText(a));
    seen.attributes++;
  }
}

describe('text format written piece by piece', () => {
  it('equals the string-built text for valid UPDATEs and the other messages', () => {
    const seen = { messages: 0, attributes: 0 };
    fc.assert(
      fc.property(arbContextAndUpdate, ({ update }) => same(update, seen)),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.oneof(arbOpen, arbKeepalive, arbNotification, arbRouteRefresh), (m) => same(m as BgpMessage, seen)),
      { numRuns: 300 },
    );
    // Edge cases of the AS path text: no segment, one empty segment, two empty ones.
    for (const segments of [[], [{ type: 'AS_SEQUENCE', asns: [] }], [{ type: 'AS_SEQUENCE', asns: [] }, { type: 'AS_SET', asns: [] }]] as const) {
      const a = { type: 'AS_PATH', segments } as unknown as Parameters<typeof attributeText>[0];
      expect(attributeText(a)).toBe(oracleAttributeText(a));
    }
    expect(attributeText({ type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [] }] })).toBe('as-path (empty)');
    expect(seen.messages).toBe(1300);
    expect(seen.attributes).toBeGreaterThan(3000);
  });

  it('equals it for mutated UPDATEs as decoded (issues, raw and malformed attributes)', () => {
    const seen = { messages: 0, attributes: 0 };
    let decoded = 0;
    const arb = arbContext.chain((ctx) => fc.tuple(fc.constant(ctx), arbMutated(arbUpdate(ctx), (u) => encodeMessage(u, ctx))));
    fc.assert(
      fc.property(arb, ([ctx, bytes]) => {
        let m: BgpMessage;
        try {
          m = decodeMessage(bytes, ctx);
        } catch (e) {
          if (!isBgpError(e)) throw e;
          return;
        }
        decoded++;
        same(m, seen);
      }),
      { numRuns: 2000 },
    );
    // 243 of the 2000 decode and 3264 attributes are compared with the default seed.
    expect(decoded).toBeGreaterThan(150);
    expect(seen.attributes).toBeGreaterThan(1500);
  });
});
