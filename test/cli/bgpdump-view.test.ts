import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionContext } from '../../src/context/session-context.ts';
import { updateLines, viewOfUpdate } from '../../src/cli/format-bgpdump.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import type { BgpMessage } from '../../src/messages/types.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { isBgpError } from '../../src/wire/errors.ts';
import { TextWriter } from '../../src/wire/text-writer.ts';
import { arbContext, arbContextAndUpdate, arbUpdate } from '../arbitraries/update.ts';
import { arbMutated } from '../messages/mutate.ts';
import { oracleUpdateLines } from './bgpdump-oracle.ts';

// Issue 19: the bgpdump format's W and A lines are written from the UPDATE's bytes through an
// UpdateView (no decoded objects). They must be the lines the decoded-object formatter wrote
// (bgpdump-oracle.ts) for every message: valid ones of every shape the arbitraries make (ADD-PATH,
// 2-octet sessions with AS4_PATH/AS4_AGGREGATOR, MP_REACH_NLRI/MP_UNREACH_NLRI, communities,
// large communities, AGGREGATOR, ATOMIC_AGGREGATE) and mutated ones (RFC 7606: a value the
// decoder keeps raw reads as absent; a message it refuses prints nothing).

const decoder = new TextDecoder();

interface Source {
  readonly seconds: number;
  readonly micros: number | undefined;
  readonly isLegacy: boolean;
}

const arbSource: fc.Arbitrary<Source> = fc.record({
  seconds: fc.nat(),
  micros: fc.option(fc.oneof(fc.integer({ min: 0, max: 999999 }), fc.integer({ min: 1000000, max: 2 ** 32 - 1 })), { nil: undefined }),
  isLegacy: fc.boolean(),
});

/** The two formatters' text for `bytes` under `ctx`; counts what was compared. */
function both(bytes: Uint8Array, ctx: SessionContext, s: Source, seen: { messages: number; lines: number; refused: number }): { view: string; oracle: string } {
  const src = { name: 'BGP4MP', peerAddress: '192.0.2.1', peerAs: 64500, isAddPath: ctx.addPath.length > 0, as4: ctx.as4, isLegacy: s.isLegacy };
  const time = s.micros === undefined ? String(s.seconds) : `${s.seconds}.${String(s.micros).padStart(6, '0')}`;
  let msg: BgpMessage | undefined;
  try {
    msg = decodeMessage(bytes, ctx);
  } catch (e) {
    if (!isBgpError(e)) throw e;
  }
  const a = new TextWriter(1);
  if (msg !== undefined) oracleUpdateLines({ ...src, time }, msg, a);
  const b = new TextWriter(1);
  const v = viewOfUpdate(bytes, ctx);
  if (v !== undefined) updateLines({ ...src, seconds: s.seconds, micros: s.micros }, v, b);
  seen.messages++;
  if (msg === undefined || msg.type !== 'UPDATE') seen.refused++;
  const view = decoder.decode(b.bytes.subarray(0, b.pos));
  seen.lines += view === '' ? 0 : view.split('\n').length - 1;
  return { view, oracle: decoder.decode(a.bytes.subarray(0, a.pos)) };
}

describe('bgpdump lines from the view', () => {
  it('equal the decoded-object formatter for valid UPDATEs of every shape', () => {
    const seen = { messages: 0, lines: 0, refused: 0 };
    fc.assert(
      fc.property(arbContextAndUpdate, arbSource, ({ ctx, update }, s) => {
        const { view, oracle } = both(encodeMessage(update, ctx), ctx, s, seen);
        expect(view).toBe(oracle);
      }),
      { numRuns: 1500 },
    );
    expect(seen.messages).toBe(1500);
    expect(seen.lines).toBeGreaterThan(5000);
  });

  it('equal it for mutated UPDATEs too (RFC 7606 values read as absent, refused messages print nothing)', () => {
    const seen = { messages: 0, lines: 0, refused: 0 };
    const arb = arbContext.chain((ctx) => fc.tuple(fc.constant(ctx), arbMutated(arbUpdate(ctx), (u) => encodeMessage(u, ctx))));
    fc.assert(
      fc.property(arb, arbSource, ([ctx, bytes], s) => {
        const { view, oracle } = both(bytes, ctx, s, seen);
        expect(view).toBe(oracle);
      }),
      { numRuns: 3000 },
    );
    expect(seen.messages).toBe(3000);
    // Both kinds are reached: messages refused (no lines) and mutated ones still printed.
    expect(seen.refused).toBeGreaterThan(300);
    expect(seen.lines).toBeGreaterThan(1000);
  });
});
