import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/capture/capture-error.ts';
import { RecordReader } from '../../src/capture/packet-reader.ts';
import type { CaptureRecord } from '../../src/capture/packet-record.ts';
import { isPcapng, pcapngTimestamp } from '../../src/capture/pcapng.ts';
import { concat, epb, idb, pcapngBlock, shb, spb } from '../helpers/pcap-builder.ts';

function records(bytes: Uint8Array): CaptureRecord[] {
  const reader = new RecordReader();
  reader.push(bytes);
  reader.end();
  const recs: CaptureRecord[] = [];
  for (let r = reader.next(); r !== undefined; r = reader.next()) recs.push(r);
  return recs;
}

describe('pcapng', () => {
  it('reads sections with their own byte order, several interfaces and their resolutions', () => {
    const bytes = concat(
      // Section 1, little-endian: interface 0 in microseconds (default), interface 1 in nanoseconds.
      shb(true),
      idb(1, {}, true),
      idb(113, { tsresol: 9 }, true),
      epb(0, 1_700_000_000_000_001n, Uint8Array.of(1), 1, true),
      epb(1, 1_700_000_000_000_000_007n, Uint8Array.of(2, 2), 10, true),
      // An unknown block type is skipped.
      pcapngBlock(0x0bad, Uint8Array.of(1, 2, 3, 4), true),
      // Section 2, big-endian: interface 0 in 2^-20 s with an offset of 100 s; interface numbering restarts.
      shb(false),
      idb(101, { tsresol: 0x80 | 20, tsoffset: 100n }, false),
      epb(0, 3n << 20n, Uint8Array.of(3, 3, 3), 3, false),
      spb(Uint8Array.of(4, 4, 4, 4, 4), 5, false),
    );
    expect(isPcapng(bytes)).toBe(true);
    const recs = records(bytes);
    expect(recs.map((r) => [r.frame, r.interfaceId, r.linkType, r.capturedLength, r.originalLength])).toEqual([
      [1, 0, 1, 1, 1],
      [2, 1, 113, 2, 10],
      [3, 0, 101, 3, 3],
      [4, 0, 101, 5, 5],
    ]);
    expect(recs.map((r) => r.timestamp)).toEqual([
      1_700_000_000_000_001_000n,
      1_700_000_000_000_000_007n,
      // 3 s in 2^-20 units, plus the 100 s offset.
      103_000_000_000n,
      // A simple packet block carries no timestamp.
      0n,
    ]);
    expect([...(recs[3]?.data ?? [])]).toEqual([4, 4, 4, 4, 4]);
  });

  it('converts every resolution exactly, flooring below a nanosecond', () => {
    const iface = (tsBase: 2 | 10, tsExponent: number) => ({ linkType: 1, snaplen: 0, tsBase, tsExponent, tsOffset: 0n });
    expect(pcapngTimestamp(5n, iface(10, 0))).toBe(5_000_000_000n);
    expect(pcapngTimestamp(5n, iface(10, 3))).toBe(5_000_000n);
    expect(pcapngTimestamp(1234n, iface(10, 12))).toBe(1n);
    expect(pcapngTimestamp(1n, iface(2, 1))).toBe(500_000_000n);
    expect(pcapngTimestamp(1n, iface(2, 30))).toBe(0n);
  });

  it('limits a simple packet block to the interface snaplen', () => {
    const recs = records(concat(shb(), idb(1, { snaplen: 2 }), spb(Uint8Array.of(1, 2, 3, 4), 4)));
    expect(recs[0]?.capturedLength).toBe(2);
    expect(recs[0]?.originalLength).toBe(4);
  });

  it('rejects blocks whose lengths cannot be trusted with CaptureError', () => {
    const good = concat(shb(), idb(1), epb(0, 0n, Uint8Array.of(1, 2, 3, 4)));
    // The EPB is 36 bytes: 28 of fixed fields, 4 of data, the trailing length.
    const e = good.length - 36;
    const cases: [string, (dv: DataView) => void][] = [
      ['length not a multiple of 4', (dv) => dv.setUint32(e + 4, 31, true)],
      ['trailer mismatch', (dv) => dv.setUint32(good.length - 4, 40, true)],
      ['captured length beyond the block', (dv) => dv.setUint32(e + 20, 200, true)],
      ['undeclared interface', (dv) => dv.setUint32(e + 8, 7, true)],
      ['bad byte-order magic', (dv) => dv.setUint32(8, 0x12345678, true)],
    ];
    expect(records(good).length).toBe(1);
    for (const [what, mutate] of cases) {
      const bytes = good.slice();
      mutate(new DataView(bytes.buffer));
      expect(() => records(bytes), what).toThrow(CaptureError);
    }
  });
});
