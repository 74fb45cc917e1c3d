import fc from 'fast-check';
import { describe, it } from 'vitest';
import { CaptureError } from '../../src/capture/capture-error.ts';
import { readCapture } from '../../src/capture/read-capture.ts';
import { hasShared, readShared, runs } from '../helpers/shared.ts';
import { ACK, as4Cap, concat, epb, frame, idb, keepalive, open, pcapFile, PSH, shb, SYN, update } from '../helpers/pcap-builder.ts';

const conv = { a: [10, 0, 0, 1], b: [10, 0, 0, 2], aPort: 40000, bPort: 179 };
const o = open(65001, [1, 2, 3, 4], [as4Cap(65001)]);
const packets = [
  { ts: 1n, data: frame(conv, true, 7, SYN) },
  { ts: 2n, data: frame(conv, false, 70, SYN | ACK) },
  { ts: 3n, data: frame(conv, true, 8, ACK | PSH, concat(o, keepalive())) },
  { ts: 4n, data: frame(conv, false, 71, ACK | PSH, concat(o, keepalive(), update([[[10, 1, 0, 0], 16]]))) },
];
const samples: Uint8Array[] = [pcapFile(packets), pcapFile(packets, { le: false, nano: true }), concat(shb(), idb(1), ...packets.map((p) => epb(0, p.ts, p.data)))];
if (hasShared) {
  for (const rel of ['pcap/packetlife/BGP_MP_NLRI.cap', 'pcap/tcpdump/bgp-role.pcapng', 'pcap/packetlife/bgp_med.pcapng.cap', 'pcap/bgp-rs/bgp_withdraw.cap']) {
    samples.push(readShared('corpus', rel) as Uint8Array);
  }
}

/** Reads everything, also decoding OPEN contexts; only CaptureError may escape. */
function drain(bytes: Uint8Array, perPacket = false): void {
  try {
    for (const m of readCapture(bytes, { perPacket })) {
      if (m.bytes.length < 19) throw new Error('short message');
    }
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
  }
}

describe('robustness: truncated and mutated captures', () => {
  it('every truncation of the samples reads without anything but CaptureError', () => {
    for (const s of samples) {
      const step = Math.max(1, Math.floor(s.length / 300));
      for (let n = 0; n <= s.length; n += step) drain(s.subarray(0, n));
    }
  });

  it('random byte mutations and splices never raise RangeError or TypeError', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: samples.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        (which, flips, perPacket) => {
          const bytes = (samples[which] as Uint8Array).slice();
          for (const [at, v] of flips) bytes[at % bytes.length] = v;
          drain(bytes, perPacket);
        },
      ),
      { numRuns: runs(500, 20000) },
    );
  });

  it('random bytes after a valid header never raise anything but CaptureError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 0, max: samples.length - 1 }), (junk, which) => {
        const s = samples[which] as Uint8Array;
        drain(concat(s.subarray(0, Math.min(s.length, 24 + (junk.length % 64))), junk));
      }),
      { numRuns: runs(300, 10000) },
    );
  });
});
