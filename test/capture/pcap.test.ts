import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/capture/capture-error.ts';
import { RecordReader } from '../../src/capture/packet-reader.ts';
import { isPcap, readPcapHeader } from '../../src/capture/pcap.ts';
import { NEED_MORE } from '../../src/capture/packet-record.ts';
import { pcapFile } from '../helpers/pcap-builder.ts';

function records(bytes: Uint8Array): { reader: RecordReader; recs: ReturnType<RecordReader['next']>[] } {
  const reader = new RecordReader();
  reader.push(bytes);
  reader.end();
  const recs = [];
  for (let r = reader.next(); r !== undefined; r = reader.next()) recs.push(r);
  return { reader, recs };
}

describe('classic pcap', () => {
  const packets = [
    { ts: 1_700_000_000_123_456_000n, data: Uint8Array.of(1, 2, 3) },
    { ts: 1_700_000_001_000_001_000n, data: Uint8Array.of(4, 5), orig: 60 },
  ];
  for (const le of [true, false]) {
    it(`reads a ${le ? 'little' : 'big'}-endian microsecond file exactly`, () => {
      const bytes = pcapFile(packets, { le, linkType: 113 });
      expect(isPcap(bytes)).toBe(true);
      const { reader, recs } = records(bytes);
      expect(reader.format).toBe('pcap');
      expect(reader.pcapHeader).toMatchObject({ littleEndian: le, nanosecond: false, versionMajor: 2, versionMinor: 4, linkType: 113 });
      expect(recs.map((r) => r?.timestamp)).toEqual([1_700_000_000_123_456_000n, 1_700_000_001_000_001_000n]);
      expect(recs.map((r) => [r?.frame, r?.capturedLength, r?.originalLength, r?.linkType])).toEqual([
        [1, 3, 3, 113],
        [2, 2, 60, 113],
      ]);
      expect([...(recs[0]?.data ?? [])]).toEqual([1, 2, 3]);
      // 24-byte global header, then a 16-byte record header and 3 bytes.
      expect(recs.map((r) => r?.offset)).toEqual([24, 24 + 16 + 3]);
    });
  }

  it('keeps nanoseconds from the nanosecond magic', () => {
    const ts = 1_700_000_000_123_456_789n;
    for (const le of [true, false]) {
      const { reader, recs } = records(pcapFile([{ ts, data: Uint8Array.of(9) }], { le, nano: true }));
      expect(reader.pcapHeader?.nanosecond).toBe(true);
      expect(recs[0]?.timestamp).toBe(ts);
    }
  });

  it('drops the FCS bits from the link type field', () => {
    const bytes = pcapFile([], { linkType: 0x10000001 });
    const h = readPcapHeader(bytes, 0);
    expect(h !== NEED_MORE && h.value.linkType).toBe(1);
  });

  it('reports a file truncated inside a record, after the complete ones', () => {
    const bytes = pcapFile(packets);
    const { reader, recs } = records(bytes.subarray(0, bytes.length - 1));
    expect(recs.length).toBe(1);
    expect(reader.issues).toMatchObject([{ kind: 'truncated-file', frame: 2, offset: 24 + 19 }]);
  });

  it('rejects an unknown magic and an absurd record length with CaptureError', () => {
    expect(() => records(Uint8Array.of(1, 2, 3, 4, 5, 6))).toThrow(CaptureError);
    const bytes = pcapFile(packets);
    new DataView(bytes.buffer).setUint32(24 + 8, 0x7fffffff, true);
    try {
      records(bytes);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CaptureError);
      expect((e as CaptureError).code).toBe('too-large');
      expect((e as CaptureError).offset).toBe(24);
    }
  });

  it('frames the same records from chunks of any size', () => {
    const bytes = pcapFile(packets);
    for (const size of [1, 2, 5, 17]) {
      const reader = new RecordReader();
      const got: bigint[] = [];
      for (let i = 0; i < bytes.length; i += size) {
        reader.push(bytes.subarray(i, i + size));
        for (let r = reader.next(); r !== undefined; r = reader.next()) got.push(r.timestamp);
      }
      reader.end();
      expect(reader.next()).toBeUndefined();
      expect(got).toEqual(packets.map((p) => p.ts));
      expect(reader.issues).toEqual([]);
    }
  });
});
