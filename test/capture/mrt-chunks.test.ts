import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MrtReader, type MrtRecord, readMrt } from '../../src/capture/mrt.ts';
import { noShared, runs, sharedPath } from '../helpers/shared.ts';
import { loadMrt } from './mrt-helpers.ts';

// The reader copies only a record cut by a chunk boundary and reads the rest of the chunk in
// place (queued behind it). Real update dumps of every record kind of the CLI's bench input
// (legacy type 5 of 2000, BGP4MP with invalid records and state changes of 2000, BGP4MP and
// MESSAGE_AS4 of 2010, BGP4MP_ET of 2015), concatenated and pushed in random chunks, with or
// without pulling records between pushes, must give the records of the whole buffer, contexts
// and all; records returned early must still hold their bytes at the end.

const FILES = [
  ['bgpkit', 'rrc00__updates.20000102.2014.gz'],
  ['bgpkit', 'rrc01__updates.20001104.0124.gz'],
  ['bgpdump', 'updates.20100722.2015.gz'],
  ['bgpdump', 'updates.et-header.2015.gz'],
] as const;
/** The first records of each file, up to this many bytes (whole records). */
const SLICE = 120_000;

function input(): Uint8Array | undefined {
  const parts: Uint8Array[] = [];
  for (const [dir, name] of FILES) {
    const p = sharedPath('corpus', 'mrt', dir, name);
    if (p === undefined) return undefined;
    const bytes = loadMrt(p).bytes;
    let end = 0;
    for (const rec of readMrt(bytes)) {
      if (rec.offset + 12 + rec.length > SLICE) break;
      end = rec.offset + 12 + rec.length;
    }
    parts.push(bytes.subarray(0, end));
  }
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const stream = noShared() ? undefined : input();

/** The record's fields with its byte arrays as plain arrays (so a later overwrite shows). */
function snapshot(rec: MrtRecord): unknown {
  return JSON.parse(JSON.stringify(rec, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v)));
}

describe.skipIf(stream === undefined)('MrtReader over random chunks of real dumps', () => {
  const bytes = stream as Uint8Array;
  const whole = [...readMrt(bytes)];
  const expected = whole.map(snapshot);

  it('reads the corpus slice as expected', () => {
    const kinds = new Map<string, number>();
    for (const r of whole) kinds.set(`${r.mrtType}/${r.subtype}/${r.type}`, (kinds.get(`${r.mrtType}/${r.subtype}/${r.type}`) ?? 0) + 1);
    expect(Object.fromEntries(kinds)).toEqual({
      '5/1/bgp-message': 1992,
      '5/3/state-change': 10,
      '5/7/bgp-message': 73,
      '16/0/state-change': 364,
      '16/1/bgp-message': 1284,
      '16/1/invalid': 21,
      '16/4/bgp-message': 756,
      '16/5/state-change': 14,
      '17/1/bgp-message': 1,
      '17/4/bgp-message': 328,
      '17/5/state-change': 4,
    });
  });

  it('any chunking and pull pattern gives the records of the whole buffer', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 12 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }), (sizes, pulls) => {
        const r = new MrtReader();
        const got: MrtRecord[] = [];
        let p = 0;
        for (let i = 0; p < bytes.length; i++) {
          const n = sizes[i % sizes.length] as number;
          r.push(bytes.subarray(p, p + n));
          p += n;
          // Sometimes push again before pulling: a chunk may wait behind an assembled record.
          if (pulls[i % pulls.length] === true) for (let x = r.next(); x !== undefined; x = r.next()) got.push(x);
        }
        r.end();
        for (let x = r.next(); x !== undefined; x = r.next()) got.push(x);
        expect(r.issues).toEqual([]);
        expect(got.length).toBe(expected.length);
        // Snapshots taken now: a record whose bytes were overwritten by a later push would differ.
        expect(got.map(snapshot)).toEqual(expected);
        expect(r.bytesCopied).toBeLessThanOrEqual(4 * bytes.length);
      }),
      { numRuns: runs(8, 100) },
    );
  });
});
