import { formatIPv4, formatIPv6 } from '../wire/ip.ts';
import { viewOf } from './packet-record.ts';
import { checkBytes } from '../wire/args.ts';

// IPv4 (RFC 791), IPv6 (RFC 8200) and the TCP header (RFC 9293), as far as needed to
// find TCP segments: addresses, ports, sequence number, flags and payload.

/** TCP flag bits (RFC 9293 section 3.1). */
export const TcpFlag = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20 } as const;

/** A TCP segment with its IP addresses. */
export interface TcpSegment {
  readonly version: 4 | 6;
  /** Source address text (dotted quad or RFC 5952). */
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  /** Sequence number (uint32). */
  readonly seq: number;
  readonly ack: number;
  readonly flags: number;
  /** The captured payload: a view into the frame. */
  readonly payload: Uint8Array;
  /** The payload length on the wire (greater than payload.length when the snaplen cut it). */
  readonly wireLength: number;
  /** Set when this came from an IPv4 first fragment (more fragments follow, not reassembled). */
  readonly firstFragment?: boolean;
}

/** Why an IP packet yields no TCP segment. */
export interface IpSkip {
  readonly kind: 'not-tcp' | 'bad-ip' | 'ip-fragment' | 'bad-tcp';
  readonly message: string;
}

/** Whether {@link decodeIp} found no TCP segment. */
export function isIpSkip(v: TcpSegment | IpSkip): v is IpSkip {
  // A type guard answers for any value (plain JavaScript callers may pass anything).
  return typeof v === 'object' && v !== null && 'kind' in v;
}

const PROTO_TCP = 6;
const MAX_EXTENSION_HEADERS = 16;

/**
 * Parses an IPv4 or IPv6 packet down to its TCP segment, or says why it has none.
 * Checksums are not verified (offloading leaves them wrong in captures); fragments are reported for the caller to reassemble (Ipv4Defragmenter). Never throws.
 */
export function decodeIp(version: 4 | 6, ip: Uint8Array): TcpSegment | IpSkip {
  checkBytes(ip, 'decodeIp', 'ip');
  return version === 4 ? decodeIPv4(ip) : decodeIPv6(ip);
}

function decodeIPv4(ip: Uint8Array): TcpSegment | IpSkip {
  if (ip.length < 20) return { kind: 'bad-ip', message: `ipv4 header truncated: ${ip.length} bytes` };
  const dv = viewOf(ip);
  const vihl = dv.getUint8(0);
  if (vihl >> 4 !== 4) return { kind: 'bad-ip', message: `ipv4 version ${vihl >> 4}` };
  const ihl = (vihl & 15) * 4;
  if (ihl < 20 || ihl > ip.length) return { kind: 'bad-ip', message: `ipv4 header length ${ihl}` };
  const total = dv.getUint16(2, false);
  // TSO captures write 0 (the NIC fills it in): fall back to what was captured.
  const totalLength = total === 0 ? ip.length : total;
  if (totalLength < ihl) return { kind: 'bad-ip', message: `ipv4 total length ${total} below header length ${ihl}` };
  const fragment = dv.getUint16(6, false);
  const proto = dv.getUint8(9);
  if (proto !== PROTO_TCP) return { kind: 'not-tcp', message: `ip protocol ${proto}` };
  if ((fragment & 0x1fff) !== 0) {
    return { kind: 'ip-fragment', message: `ipv4 fragment at offset ${(fragment & 0x1fff) * 8} (reassemble with Ipv4Defragmenter)` };
  }
  const captured = Math.min(ip.length, totalLength);
  // A first fragment (more-fragments set) holds the TCP header and the start of the
  // payload: read alone, it is flagged so the caller can say the rest is missing.
  return decodeTcp(4, ip.subarray(ihl, captured), totalLength - ihl, formatIPv4(ip, 12), formatIPv4(ip, 16), (fragment & 0x2000) !== 0);
}

function decodeIPv6(ip: Uint8Array): TcpSegment | IpSkip {
  if (ip.length < 40) return { kind: 'bad-ip', message: `ipv6 header truncated: ${ip.length} bytes` };
  const dv = viewOf(ip);
  if (dv.getUint8(0) >> 4 !== 6) return { kind: 'bad-ip', message: `ipv6 version ${dv.getUint8(0) >> 4}` };
  const payloadLength = dv.getUint16(4, false);
  // Payload length 0 is a jumbogram (RFC 2675) or a TSO capture: use what was captured.
  const end = payloadLength === 0 ? ip.length : 40 + payloadLength;
  const captured = Math.min(ip.length, end);
  let next = dv.getUint8(6);
  let p = 40;
  for (let n = 0; n < MAX_EXTENSION_HEADERS; n++) {
    if (next === PROTO_TCP) {
      return decodeTcp(6, ip.subarray(p, captured), end - p, formatIPv6(ip, 8), formatIPv6(ip, 24));
    }
    if (next === 44) return { kind: 'ip-fragment', message: 'ipv6 fragment' };
    // Hop-by-hop (0), routing (43), destination options (60), mobility (135), HIP (139), shim6 (140): (len+1)*8.
    // AH (51): (len+2)*4.
    const isExt = next === 0 || next === 43 || next === 60 || next === 135 || next === 139 || next === 140;
    if (!isExt && next !== 51) return { kind: 'not-tcp', message: `ipv6 next header ${next}` };
    if (captured - p < 2) return { kind: 'bad-ip', message: 'ipv6 extension header truncated' };
    const len = next === 51 ? (dv.getUint8(p + 1) + 2) * 4 : (dv.getUint8(p + 1) + 1) * 8;
    next = dv.getUint8(p);
    p += len;
    if (p > captured) return { kind: 'bad-ip', message: 'ipv6 extension header truncated' };
  }
  return { kind: 'bad-ip', message: 'too many ipv6 extension headers' };
}

function decodeTcp(version: 4 | 6, tcp: Uint8Array, wireLength: number, src: string, dst: string, firstFragment = false): TcpSegment | IpSkip {
  if (tcp.length < 20) return { kind: 'bad-tcp', message: `tcp header truncated: ${tcp.length} bytes` };
  const dv = viewOf(tcp);
  const offset = (dv.getUint8(12) >> 4) * 4;
  if (offset < 20) return { kind: 'bad-tcp', message: `tcp data offset ${offset}` };
  if (offset > tcp.length) return { kind: 'bad-tcp', message: `tcp header length ${offset} beyond the ${tcp.length} captured bytes` };
  return {
    version,
    src,
    dst,
    srcPort: dv.getUint16(0, false),
    dstPort: dv.getUint16(2, false),
    seq: dv.getUint32(4, false),
    ack: dv.getUint32(8, false),
    flags: dv.getUint8(13),
    payload: tcp.subarray(offset),
    wireLength: Math.max(wireLength - offset, tcp.length - offset),
    ...(firstFragment ? { firstFragment } : {}),
  };
}
