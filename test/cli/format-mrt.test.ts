import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageContext } from '../../src/capture/mrt-context.ts';
import { mrtRecordName } from '../../src/capture/mrt-names.ts';
import type { MrtBgpMessageRecord } from '../../src/capture/mrt-types.ts';
import { mrtLines } from '../../src/cli/format-mrt.ts';
import { messageText } from '../../src/cli/format-text.ts';
import { formatTime, formatUnixTime } from '../../src/cli/time.ts';
import { toJSON } from '../../src/json.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { TextWriter } from '../../src/wire/text-writer.ts';

// The JSON line of a BGP message record is written as a head (time, record name, both ends),
// copied while consecutive records share it, and the message by writeJSON. Every line must be
// the text of the line's object, JSON.stringify(toJSON(...)), whatever changes between records.

const KEEPALIVE = new Uint8Array([...new Array<number>(16).fill(0xff), 0, 19, 4]);
// UPDATE: ORIGIN IGP, AS_PATH 64500 (4 octets), NEXT_HOP 192.0.2.1, NLRI 10.0.0.0/8.
const UPDATE = new Uint8Array([
  ...new Array<number>(16).fill(0xff), 0, 45, 2,
  0, 0, // withdrawn routes length
  0, 20, // total path attribute length
  0x40, 1, 1, 0, // ORIGIN IGP
  0x40, 2, 6, 2, 1, 0, 0, 0xfb, 0xf4, // AS_PATH: AS_SEQUENCE [64500]
  0x40, 3, 4, 192, 0, 2, 1, // NEXT_HOP
  8, 10, // NLRI 10.0.0.0/8
]);

const record = fc.record({
  timestamp: fc.constantFrom(1_546_300_800, 1_546_300_801),
  microseconds: fc.constantFrom(undefined, 0, 5, 999_999),
  subtype: fc.constantFrom(1, 4, 7),
  peerAddress: fc.constantFrom('192.0.2.1', '2001:db8::1', 'a"b\\c\u00e9\u{1f600}'),
  localAddress: fc.constantFrom('192.0.2.2', '198.51.100.7'),
  peerAs: fc.constantFrom(64500, 4_200_000_000),
  localAs: fc.constantFrom(64500, 65001),
  isLocal: fc.boolean(),
  message: fc.constantFrom(KEEPALIVE, UPDATE),
});

type Drawn = typeof record extends fc.Arbitrary<infer T> ? T : never;

/** The MRT record of a drawn message. */
function recordOf(r: Drawn): MrtBgpMessageRecord {
  return {
    offset: 0, timestamp: r.timestamp, microseconds: r.microseconds, mrtType: r.microseconds === undefined ? 16 : 17, subtype: r.subtype, length: 0,
    type: 'bgp-message', peerAs: r.peerAs, localAs: r.localAs, interfaceIndex: 0, afi: 1, peerAddress: r.peerAddress, localAddress: r.localAddress,
    isAs4: true, isLocal: r.isLocal, isAddPath: false, message: r.message, context: messageContext(true, false, r.peerAs, r.localAs, r.message),
  };
}

/** The sender, receiver and time a line names (the local end first for a _LOCAL subtype). */
function lineHead(r: Drawn): { src: string; srcAs: number; dst: string; dstAs: number; time: string } {
  const time = formatTime(BigInt(r.timestamp) * 1_000_000_000n + BigInt(r.microseconds ?? 0) * 1000n);
  return r.isLocal ? { src: r.localAddress, srcAs: r.localAs, dst: r.peerAddress, dstAs: r.peerAs, time } : { src: r.peerAddress, srcAs: r.peerAs, dst: r.localAddress, dstAs: r.localAs, time };
}

describe('mrtLines --json', () => {
  it('every BGP message line is the text of its object, whatever the head shares with the line before', () => {
    let lines = 0;
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 12 }), (recs) => {
        const w = new TextWriter(64);
        const expected: string[] = [];
        for (const r of recs) {
          const rec = recordOf(r);
          mrtLines(rec, true, w, () => true, () => true, true);
          const { src, srcAs, dst, dstAs, time } = lineHead(r);
          const line = { time, record: mrtRecordName(rec.mrtType, rec.subtype), src, srcAs, dst, dstAs, message: decodeMessage(r.message, rec.context) };
          expected.push(`${JSON.stringify(toJSON(line))}\n`);
          lines++;
        }
        expect(new TextDecoder().decode(w.bytes.subarray(0, w.pos))).toBe(expected.join(''));
      }),
      { numRuns: 200 },
    );
    expect(lines).toBeGreaterThan(200);
  });

  it('text lines are the one template string they were, written piece by piece', () => {
    let lines = 0;
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), (recs) => {
        const w = new TextWriter(64);
        const expected: string[] = [];
        for (const r of recs) {
          const rec = recordOf(r);
          mrtLines(rec, false, w, () => true, () => true, true);
          const { src, srcAs, dst, dstAs, time } = lineHead(r);
          const msg = decodeMessage(r.message, rec.context);
          const text = messageText(msg);
          expected.push(`${time} ${src} AS${srcAs} -> ${dst} AS${dstAs} ${msg.type} len=${r.message.length}${text === '' ? '' : ` ${text}`}\n`);
          lines++;
        }
        expect(new TextDecoder().decode(w.bytes.subarray(0, w.pos))).toBe(expected.join(''));
      }),
      { numRuns: 50 },
    );
    expect(lines).toBeGreaterThan(50);
  });

  it('formatUnixTime gives formatTime\'s text, also when it returns the last text again', () => {
    for (const [s, us] of [[0, 0], [0, 0], [0, 1], [1_546_300_800, 0], [1_546_300_800, 0], [1_546_300_800, 999_999], [1_546_300_801, 999_999], [1_546_300_800, 0]] as const) {
      expect(formatUnixTime(s, us)).toBe(formatTime(BigInt(s) * 1_000_000_000n + BigInt(us) * 1000n));
    }
  });
});
