import type { Input } from './inputs.ts';

// A pcap built at bench time from an input's messages: one TCP session per stream (SYN, then
// the stream's bytes in 1460-byte segments, cut wherever the MSS falls, as a sender's TCP
// does), Ethernet/IPv4, little-endian microsecond pcap. Nothing is committed or downloaded.

const MSS = 1460;
const ETH = 14;
const IP = 20;
const TCP = 20;
const RECORD = 16;

/** The capture of `input`: its bytes, packet count and the TCP payload bytes it carries. */
export interface CaptureInput {
  readonly bytes: Uint8Array;
  readonly packets: number;
  readonly payload: number;
}

export function captureOf(input: Input): CaptureInput {
  let packets = 0;
  let size = 24;
  for (const s of input.streams) {
    const segments = Math.ceil(s.bytes.length / MSS);
    packets += 1 + segments;
    size += (1 + segments) * (RECORD + ETH + IP + TCP) + s.bytes.length;
  }
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  // pcap global header (little-endian, microseconds, LINKTYPE_ETHERNET).
  dv.setUint32(0, 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, 262144, true);
  dv.setUint32(20, 1, true);
  let o = 24;
  let frame = 0;
  input.streams.forEach((s, i) => {
    const port = 40000 + i;
    const isn = 1000;
    const packet = (seq: number, flags: number, payload: Uint8Array): void => {
      const len = ETH + IP + TCP + payload.length;
      frame++;
      dv.setUint32(o, 1_700_000_000 + (frame >> 20), true);
      dv.setUint32(o + 4, frame & 0xfffff, true);
      dv.setUint32(o + 8, len, true);
      dv.setUint32(o + 12, len, true);
      o += RECORD;
      out.set([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00], o);
      o += ETH;
      out.set([0x45, 0, (IP + TCP + payload.length) >> 8, (IP + TCP + payload.length) & 255, 0, 1, 0x40, 0, 64, 6, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2], o);
      o += IP;
      dv.setUint16(o, port);
      dv.setUint16(o + 2, 179);
      dv.setUint32(o + 4, seq >>> 0);
      dv.setUint32(o + 8, 0);
      out[o + 12] = 0x50;
      out[o + 13] = flags;
      dv.setUint16(o + 14, 65535);
      o += TCP;
      out.set(payload, o);
      o += payload.length;
    };
    packet(isn, 0x02, new Uint8Array(0)); // SYN: the framer starts in sync
    for (let at = 0; at < s.bytes.length; at += MSS) packet(isn + 1 + at, 0x18, s.bytes.subarray(at, Math.min(at + MSS, s.bytes.length)));
  });
  return { bytes: out, packets, payload: input.bytes };
}
