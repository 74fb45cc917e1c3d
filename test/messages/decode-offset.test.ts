import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/read-capture.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { BgpError } from '../../src/wire/errors.ts';
import { runs } from '../helpers/shared.ts';
import { mutate } from './mutate.ts';

// decodeMessage(bytes, ctx, { offset }) decodes the message at `offset` of a larger buffer
// exactly as decodeMessage of that message alone: the same value, or the same BgpError.

const sample = [...readCapture(new Uint8Array(readFileSync(new URL('../fixtures/sample-session.pcap', import.meta.url))))];
const fallback = sessionContext({ asn4: true, peerType: 'external' });

function outcome(fn: () => unknown): unknown {
  try {
    return { value: fn() };
  } catch (e) {
    if (!(e instanceof BgpError)) throw e;
    return { error: [e.code, e.subcode, [...e.data], e.message] };
  }
}

describe('decodeMessage at an offset', () => {
  it('has messages to work on', () => {
    expect(sample.length).toBeGreaterThanOrEqual(6);
  });

  it('equals the decode of the message alone, for real and mutated messages, strict or not, with bytes around it', () => {
    const arbMutation = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.nat({ max: sample.length - 1 }),
        fc.array(arbMutation, { maxLength: 3 }),
        fc.boolean(),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.boolean(),
        (i, mutations, keepLength, before, after, strict) => {
          const m = sample[i] as (typeof sample)[number];
          const msg = mutations.length === 0 ? m.bytes : mutate(m.bytes, mutations, keepLength);
          const ctx = m.context ?? fallback;
          const alone = new Uint8Array(msg.length + after.length);
          alone.set(msg);
          alone.set(after, msg.length);
          const inside = new Uint8Array(before.length + alone.length);
          inside.set(before);
          inside.set(alone, before.length);
          const want = outcome(() => decodeMessage(alone, ctx, { strict }));
          const got = outcome(() => decodeMessage(inside, ctx, { strict, offset: before.length }));
          if (!isDeepStrictEqual(got, want)) expect(got).toEqual(want);
        },
      ),
      { numRuns: runs(500, 20_000) },
    );
  });

  it('reuses one options object with a moving offset', () => {
    const stream = new Uint8Array(sample.reduce((n, m) => n + m.bytes.length, 0));
    let at = 0;
    for (const m of sample) {
      stream.set(m.bytes, at);
      at += m.bytes.length;
    }
    const opts = { offset: 0 };
    for (const m of sample) {
      expect(decodeMessage(stream, m.context ?? fallback, opts)).toEqual(decodeMessage(m.bytes, m.context ?? fallback));
      opts.offset += m.bytes.length;
    }
  });

  it('a negative or fractional offset is a TypeError; one past the end a truncated header', () => {
    const bytes = (sample[0] as (typeof sample)[number]).bytes;
    expect(() => decodeMessage(bytes, fallback, { offset: -1 })).toThrow(TypeError);
    expect(() => decodeMessage(bytes, fallback, { offset: 1.5 })).toThrow(TypeError);
    expect(() => decodeMessage(bytes, fallback, { offset: bytes.length })).toThrow(BgpError);
    expect(() => decodeMessage(bytes, fallback, { offset: bytes.length + 10 })).toThrow(BgpError);
  });
});
