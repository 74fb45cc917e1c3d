import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameMessages, MessageFramer } from '../../src/messages/framing.ts';
import { BgpError } from '../../src/wire/errors.ts';
import { concat } from '../helpers/pcap-builder.ts';

function message(type: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(19 + body.length);
  out.fill(0xff, 0, 16);
  out[16] = out.length >> 8;
  out[17] = out.length & 255;
  out[18] = type;
  out.set(body, 19);
  return out;
}

const arbMessages = fc.array(
  fc.tuple(fc.integer({ min: 1, max: 5 }), fc.uint8Array({ maxLength: 300 })).map(([t, b]) => message(t, b)),
  { minLength: 1, maxLength: 20 },
);

describe('MessageFramer', () => {
  it('frames a stream cut anywhere into chunks, copying only messages that span chunks', () => {
    fc.assert(
      fc.property(arbMessages, fc.array(fc.nat(), { maxLength: 10 }), (messages, cuts) => {
        const all = concat(...messages);
        const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
        const f = new MessageFramer();
        const got: Uint8Array[] = [];
        const types: number[] = [];
        expect(f.type).toBe(0);
        let prev = 0;
        const chunks: Uint8Array[] = [];
        for (const p of [...points, all.length]) {
          chunks.push(all.subarray(prev, p));
          prev = p;
        }
        for (const c of chunks) {
          f.push(c);
          while (f.next()) {
            got.push(f.bytes.slice(f.offset, f.offset + f.length));
            types.push(f.type);
            if (f.bytes !== c) expect(f.offset).toBe(0); // assembled in the scratch buffer
          }
        }
        expect(got).toEqual(messages);
        expect(types).toEqual(messages.map((m) => m[18]));
        expect(f.pending).toBe(0);
      }),
    );
  });

  it('frames one large buffer in place (offsets into it)', () => {
    fc.assert(
      fc.property(arbMessages, (messages) => {
        const all = concat(...messages);
        const f = new MessageFramer();
        f.push(all);
        const offsets: number[] = [];
        while (f.next()) {
          expect(f.bytes).toBe(all);
          offsets.push(f.offset);
        }
        const expected: number[] = [];
        let at = 0;
        for (const m of messages) {
          expected.push(at);
          at += m.length;
        }
        expect(offsets).toEqual(expected);
        const seen: number[] = [];
        expect(frameMessages(all, (o) => seen.push(o))).toBe(all.length);
        expect(seen).toEqual(expected);
      }),
    );
  });

  it('throws BgpError on a bad marker and waits on a partial message', () => {
    const m = message(4, new Uint8Array(0));
    const f = new MessageFramer();
    f.push(m.subarray(0, 10));
    expect(f.next()).toBe(false);
    f.push(m.subarray(10));
    expect(f.next()).toBe(true);
    const bad = m.slice();
    bad[3] = 0;
    f.push(bad);
    expect(() => f.next()).toThrow(BgpError);
  });
});
