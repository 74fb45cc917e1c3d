import { Writer } from '../wire/writer.ts';
import { LinkType } from './link.ts';
import { kindOf } from '../wire/args.ts';

// One TCP segment as a captured frame, for the capture writers: an Ethernet II header
// (or none, for LINKTYPE_RAW), IPv4 (RFC 791) or IPv6 (RFC 8200), and TCP (RFC 9293) with
// correct checksums (RFC 1071 sums over the RFC 9293 3.1 pseudo-header), so that
// Wireshark and tshark find nothing to flag in what we write.
//
// RFC 9293 section 3.1, TCP header (20 octets here, 24 with the MSS option of a SYN):
//   | Source Port (16) | Destination Port (16) | Sequence Number (32) | Acknowledgment Number (32)
//   | Data Offset (4) | Rsrvd (4) | Flags (8) | Window (16) | Checksum (16) | Urgent Pointer (16)
//   | [Options] | Data

/** The link layers the writers frame packets in. */
export type WriterLink = 'ethernet' | 'raw';

/** The LINKTYPE_* of a writer link. */
export function writerLinkType(link: WriterLink): number {
  if (link !== 'ethernet' && link !== 'raw') throw new TypeError(`writerLinkType: link must be 'ethernet' or 'raw', got ${typeof link === 'string' ? JSON.stringify(link) : kindOf(link)}`);
  return link === 'ethernet' ? LinkType.ETHERNET : LinkType.RAW;
}

/** One segment to frame: addresses as octets (4 or 16, both the same size). */
export interface SegmentSpec {
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly ack: number;
  readonly flags: number;
  /** TCP MSS option value (RFC 9293 3.7.1), written on SYNs. */
  readonly mss?: number;
  readonly payload: Uint8Array;
  /** IPv4 Identification. */
  readonly ipId: number;
  /** Source and destination MAC addresses (6 octets each) for Ethernet. */
  readonly srcMac: Uint8Array;
  readonly dstMac: Uint8Array;
}

const WINDOW = 65535;
const TTL = 64;

/** RFC 1071 one's-complement sum of `b[start..end)` added to `sum` (not folded). */
function sum16(b: Uint8Array, start: number, end: number, sum: number): number {
  let s = sum;
  let i = start;
  for (; i + 1 < end; i += 2) s += ((b[i] as number) << 8) | (b[i + 1] as number);
  if (i < end) s += (b[i] as number) << 8;
  return s;
}

function fold(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

/** The frame length of a segment spec on `link`. */
export function segmentFrameLength(spec: SegmentSpec, link: WriterLink): number {
  const ip = spec.src.length === 4 ? 20 : 40;
  const tcp = spec.mss === undefined ? 20 : 24;
  return (link === 'ethernet' ? 14 : 0) + ip + tcp + spec.payload.length;
}

/**
 * Writes one segment as a frame on `link` (exactly {@link segmentFrameLength} octets).
 * @throws RangeError when the IP packet exceeds 65535 octets.
 */
export function writeSegmentFrame(spec: SegmentSpec, link: WriterLink, w: Writer): void {
  const b = w.bytes;
  const v4 = spec.src.length === 4;
  const tcpLength = (spec.mss === undefined ? 20 : 24) + spec.payload.length;
  if (tcpLength + (v4 ? 20 : 0) > 0xffff) throw new RangeError(`tcp segment of ${tcpLength} octets does not fit an IP packet`);
  if (link === 'ethernet') {
    w.raw(spec.dstMac);
    w.raw(spec.srcMac);
    w.u16(v4 ? 0x0800 : 0x86dd);
  }
  if (v4) {
    const at = w.pos;
    w.u8(0x45);
    w.u8(0);
    w.u16(20 + tcpLength);
    w.u16(spec.ipId & 0xffff);
    w.u16(0x4000); // DF, no fragments
    w.u8(TTL);
    w.u8(6);
    w.u16(0);
    w.raw(spec.src);
    w.raw(spec.dst);
    const c = fold(sum16(b, at, at + 20, 0));
    b[at + 10] = c >> 8;
    b[at + 11] = c & 0xff;
  } else {
    w.u32(0x60000000);
    w.u16(tcpLength);
    w.u8(6);
    w.u8(TTL);
    w.raw(spec.src);
    w.raw(spec.dst);
  }
  const at = w.pos;
  w.u16(spec.srcPort);
  w.u16(spec.dstPort);
  w.u32(spec.seq >>> 0);
  w.u32(spec.ack >>> 0);
  w.u8((spec.mss === undefined ? 5 : 6) << 4);
  w.u8(spec.flags);
  w.u16(WINDOW);
  w.u16(0);
  w.u16(0);
  if (spec.mss !== undefined) {
    w.u8(2);
    w.u8(4);
    w.u16(spec.mss);
  }
  w.raw(spec.payload);
  // RFC 9293 3.1: the checksum covers a pseudo-header (addresses, protocol, TCP length).
  let s = sum16(spec.src, 0, spec.src.length, 0);
  s = sum16(spec.dst, 0, spec.dst.length, s);
  s += 6 + tcpLength;
  s = sum16(b, at, at + tcpLength, s);
  const c = fold(s);
  b[at + 16] = c >> 8;
  b[at + 17] = c & 0xff;
}
