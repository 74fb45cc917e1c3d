import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefixCount } from '../../bench/cases.ts';
import { corpusUpdateFiles, mrtUpdates, readShared } from '../../bench/inputs.ts';
import type { UpdateMessage } from '../../src/attributes/types.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { arbContextAndUpdate } from '../arbitraries/update.ts';
import { captureMessages, sharedPcaps } from '../helpers/corpus.ts';
import { hasShared } from '../helpers/shared.ts';

/** Every prefix of the four fields, every attribute looked at. */
function fullCount(m: UpdateMessage): number {
  let n = m.withdrawn.length + m.nlri.length;
  for (const a of m.attributes) {
    if (a.type === 'MP_REACH_NLRI') n += a.nlri?.length ?? 0;
    else if (a.type === 'MP_UNREACH_NLRI') n += a.withdrawn?.length ?? 0;
  }
  return n;
}

/** An UPDATE message around a body. */
function update(body: number[]): Uint8Array {
  const len = 19 + body.length;
  return Uint8Array.from([...new Array(16).fill(0xff), len >> 8, len & 255, 2, ...body]);
}

// The bench's check reads the attributes only as far as MP_* can be (canonical order unless
// wire.unsorted): it must count what reading them all counts.
describe('bench prefixCount', () => {
  it('counts MP_* prefixes received after other attributes (wire.unsorted)', () => {
    const ctx = sessionContext({ asn4: true });
    const body = [
      0, 0, 0, 27,
      0x40, 1, 1, 0, // ORIGIN first
      0x40, 2, 0, // empty AS_PATH
      0x80, 15, 9, 0, 2, 1, 32, 0x20, 0x01, 0x0d, 0xb8, 0, // MP_UNREACH_NLRI 2001:db8::/32, ::/0, after them
      0x80, 14, 5, 0, 2, 133, 0, 0, // MP_REACH_NLRI of a raw family (IPv6 FlowSpec, SAFI 133; SAFI 128 is typed since issue 21): no typed prefixes
    ];
    const m = decodeMessage(update(body), ctx) as UpdateMessage;
    expect(m.wire?.unsorted).toBe(true);
    expect([prefixCount(m), fullCount(m)]).toEqual([2, 2]);
  });

  it('reads past an MP_REACH_NLRI kept raw to the MP_UNREACH_NLRI after it (canonical order)', () => {
    const ctx = sessionContext({ asn4: true, peerType: 'internal' });
    const body = [
      0, 0, 0, 34,
      0x80, 14, 5, 0, 2, 1, 200, 0, // MP_REACH_NLRI first, its next hop length 200 overrunning the value: kept raw (RFC 7606 section 7.11)
      0x80, 15, 9, 0, 2, 1, 32, 0x20, 0x01, 0x0d, 0xb8, 0, // then MP_UNREACH_NLRI: 2001:db8::/32, ::/0
      0x40, 1, 1, 0, // ORIGIN
      0x40, 2, 0, // empty AS_PATH (internal peer)
      0x40, 3, 4, 192, 0, 2, 1, // NEXT_HOP
      8, 10, // NLRI 10.0.0.0/8 (reachable routes: section 5.2 does not apply)
    ];
    const m = decodeMessage(update(body), ctx) as UpdateMessage;
    expect(m.wire?.unsorted).toBeUndefined();
    expect(m.attributes[0]).toMatchObject({ type: 'raw', code: 14 });
    expect([prefixCount(m), fullCount(m)]).toEqual([3, 3]);
  });

  it('equals the full count on random valid UPDATEs', () => {
    fc.assert(
      fc.property(arbContextAndUpdate, ({ ctx, update: m }) => {
        let d: UpdateMessage;
        try {
          d = decodeMessage(encodeMessage(m, ctx), ctx) as UpdateMessage;
        } catch {
          return; // values the decoder refuses (test/view covers them)
        }
        expect(prefixCount(d)).toBe(fullCount(d));
      }),
      { numRuns: 300 },
    );
  });

  it.skipIf(!hasShared)('equals the full count on every UPDATE of the shared captures and MRT update files', { timeout: 600_000 }, () => {
    let messages = 0;
    let prefixes = 0;
    let unsorted = 0;
    const check = (m: UpdateMessage): void => {
      const full = fullCount(m);
      if (prefixCount(m) !== full) expect(prefixCount(m)).toBe(full);
      messages++;
      prefixes += full;
      if (m.wire?.unsorted === true) unsorted++;
    };
    for (const rel of sharedPcaps()) {
      for (const msg of captureMessages(rel).messages) {
        if (msg.type !== 2 || msg.context === undefined) continue;
        try {
          check(decodeMessage(msg.bytes, msg.context) as UpdateMessage);
        } catch {
          // a BgpError: nothing to count
        }
      }
    }
    for (const rel of corpusUpdateFiles()) {
      for (const u of mrtUpdates(readShared(rel))) {
        if (u === undefined) continue;
        try {
          check(decodeMessage(u.message, u.ctx) as UpdateMessage);
        } catch {
          // a BgpError (the bench leaves these out too)
        }
      }
    }
    // How much was checked: at least the bench's own mrt-all input (201,063 UPDATEs), some received unsorted.
    expect(messages).toBeGreaterThan(201_063);
    expect(prefixes).toBeGreaterThan(923_323);
    expect(unsorted).toBeGreaterThan(0);
  });
});
