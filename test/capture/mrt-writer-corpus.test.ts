import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMrt, type MrtRecord, type MrtSummary } from '../../src/capture/mrt.ts';
import { writeMrt } from '../../src/capture/mrt-writer.ts';
import { bytesEqual } from '../../src/wire/hex.ts';
import { sharedMrtFiles } from '../helpers/corpus.ts';
import { noShared, sharedRoot } from '../helpers/shared.ts';
import { loadMrt } from './mrt-helpers.ts';

// Read, write, read over every MRT file of ../shared/corpus/mrt: the records come back the
// same (all fields but where they were read: offset and declared length), and the file
// comes back byte for byte wherever the reader read all of it as written.

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Deep equality of two record values (bytes by content), ignoring `offset` and `length` at the top. */
function same(a: unknown, b: unknown, top = false): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array && bytesEqual(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => !(top && (k === 'offset' || k === 'length')));
  const kb = Object.keys(b).filter((k) => !(top && (k === 'offset' || k === 'length')));
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

function readAll(bytes: Uint8Array, options: { recoverTableDumpLength?: boolean } = {}): { records: MrtRecord[]; summary: MrtSummary } {
  const records: MrtRecord[] = [];
  const g = readMrt(bytes, options);
  for (let n = g.next(); ; n = g.next()) {
    if (n.done === true) return { records, summary: n.value };
    records.push(n.value);
  }
}

// Files the reader stops in (a truncated last record, or a bogus length): the output is the
// input up to that point, byte for byte.
const STOPPED: Record<string, number> = {
  'bgpkit/rrc00__updates.20000325.0345.gz': 15024, // bad-length: a bogus header at 15024
  'pyasn/rib.20080501.0644_firstMB.bz2': 9876131, // the first MB of a dump: last record cut
  'pyasn/rib.20140523.0600_firstMB.bz2': 15273283,
  'pyasn/rib6.20151101.0600_firstMB.bz2': 12131168,
};
// RIS rrc00 2000 batches many routes in one TABLE_DUMP record and declares lengths 4 octets
// short: strictly, the first record's first route and then a bogus record (raw) are read; the
// route is written back alone (its record shorter), and the reader stops at byte 794177.
const REWRITTEN = 'bgpkit/rrc00__bview.20000111.0032.gz';

describe.skipIf(noShared())('MRT writer round trip over ../shared/corpus/mrt (RFC 6396, RFC 8050)', () => {
  it('reads back the same records from every file, and the same bytes where the input was read whole', () => {
    const files = sharedMrtFiles();
    expect(files.length).toBe(41);
    let records = 0;
    let identical = 0;
    let prefixes = 0;
    for (const file of files) {
      const name = relative(join(sharedRoot, 'corpus', 'mrt'), file);
      const { bytes } = loadMrt(file);
      const first = readAll(bytes);
      const out = concat([...writeMrt(first.records)]);
      const second = readAll(out);
      expect(second.records.length, name).toBe(first.records.length);
      expect(second.summary.issues, name).toEqual([]);
      for (let i = 0; i < first.records.length; i++) {
        if (!same(first.records[i], second.records[i], true)) expect(second.records[i], `${name} record ${i}`).toEqual(first.records[i]);
      }
      records += first.records.length;
      if (name === REWRITTEN) {
        expect(first.summary.issues.map((i) => i.offset)).toEqual([794177]);
        // One IPv4 route: View, Sequence (4), Prefix (4), Length, Status, Time (4), Peer (4), AS, Attribute Length (4), 22 octets of attributes.
        expect(out.length).toBe(12 + 44 + 12 + 786433);
        continue;
      }
      const stop = STOPPED[name];
      if (stop === undefined) {
        expect(first.summary.issues, name).toEqual([]);
        expect(bytesEqual(out, bytes), `${name}: byte-identical`).toBe(true);
        identical++;
      } else {
        expect(out.length, name).toBe(stop);
        expect(bytesEqual(out, bytes.subarray(0, stop)), `${name}: the input up to byte ${stop}`).toBe(true);
        prefixes++;
      }
    }
    expect(identical).toBe(36);
    expect(prefixes).toBe(4);
    expect(records).toBe(523516);
  });

  it('writes the batched routes of RIS rrc00 2000 one per record (recoverTableDumpLength), read back strictly', () => {
    const { bytes } = loadMrt(join(sharedRoot, 'corpus', 'mrt', REWRITTEN));
    const first = readAll(bytes, { recoverTableDumpLength: true });
    expect(first.records.length).toBe(452018);
    const second = readAll(concat([...writeMrt(first.records)]));
    expect(second.summary.issues).toEqual([]);
    expect(second.records.length).toBe(452018);
    for (let i = 0; i < first.records.length; i++) {
      if (!same(first.records[i], second.records[i], true)) expect(second.records[i], `record ${i}`).toEqual(first.records[i]);
    }
  });
});
