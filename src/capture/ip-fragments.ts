import { viewOf } from './packet-record.ts';
import { checkBytes } from '../wire/args.ts';

// IPv4 fragment reassembly (RFC 791 section 3.2), kept simple and bounded: fragments of
// one datagram (same source, destination, protocol and identification) are joined once
// they cover it from offset 0 to the last fragment without holes. Overlaps keep the
// bytes that arrived first.

interface Piece {
  readonly offset: number;
  readonly data: Uint8Array;
}

interface Datagram {
  /** Header of the fragment at offset 0, once seen. */
  header: Uint8Array | undefined;
  /** Payload length, once the last fragment (more-fragments clear) was seen. */
  total: number | undefined;
  pieces: Piece[];
  bytes: number;
  /** The first-arriving fragment's frame and time, to report an incomplete datagram. */
  readonly frame: number;
  readonly timestamp: bigint;
}

/** Whether an IPv4 packet (header present) is a fragment. */
export function isIPv4Fragment(ip: Uint8Array): boolean {
  checkBytes(ip, 'isIPv4Fragment', 'ip');
  return ip.length >= 20 && (viewOf(ip).getUint16(6, false) & 0x3fff) !== 0;
}

/** What the reassembler did with a fragment. */
export type DefragResult =
  | { readonly type: 'complete'; readonly ip: Uint8Array }
  | { readonly type: 'pending' }
  | { readonly type: 'invalid'; readonly message: string; readonly isFirst: boolean };

/** An incomplete datagram given up (evicted or at the end of the capture). */
export interface IncompleteDatagram {
  /** The fragment at offset 0, if it arrived (it holds the TCP header). */
  readonly first: Uint8Array | undefined;
  readonly frame: number;
  readonly timestamp: bigint;
}

/** Joins IPv4 fragments, holding at most `maxDatagrams` datagrams of at most 65535 bytes each. */
export class Ipv4Defragmenter {
  private readonly pending = new Map<string, Datagram>();
  private readonly maxDatagrams: number;

  constructor(maxDatagrams = 256) {
    this.maxDatagrams = maxDatagrams;
  }

  /** Adds a fragment (a whole IPv4 packet, header checked by the caller). Evicted datagrams go to `evicted`. */
  add(ip: Uint8Array, frame: number, timestamp: bigint, evicted: IncompleteDatagram[]): DefragResult {
    checkBytes(ip, 'Ipv4Defragmenter.add', 'ip');
    const dv = viewOf(ip);
    const ihl = (dv.getUint8(0) & 15) * 4;
    const totalLength = dv.getUint16(2, false);
    const field = dv.getUint16(6, false);
    const offset = (field & 0x1fff) * 8;
    // A fragment cut by the snaplen cannot be joined; the first one can still be read alone.
    if (ihl < 20 || totalLength < ihl || totalLength > ip.length) {
      return { type: 'invalid', message: 'ipv4 fragment length does not fit the frame', isFirst: offset === 0 };
    }
    const more = (field & 0x2000) !== 0;
    const data = ip.subarray(ihl, totalLength);
    if (offset + data.length > 65535 - ihl) return { type: 'invalid', message: `ipv4 fragment beyond 65535 bytes (offset ${offset})`, isFirst: false };
    const key = `${dv.getUint32(12)}|${dv.getUint32(16)}|${dv.getUint8(9)}|${dv.getUint16(4)}`;
    let d = this.pending.get(key);
    if (d === undefined) {
      if (this.pending.size >= this.maxDatagrams) {
        const [oldKey, old] = this.pending.entries().next().value as [string, Datagram];
        this.pending.delete(oldKey);
        evicted.push(incomplete(old));
      }
      d = { header: undefined, total: undefined, pieces: [], bytes: 0, frame, timestamp };
      this.pending.set(key, d);
    }
    if (offset === 0) d.header = ip.slice(0, ihl);
    if (!more) d.total = offset + data.length;
    d.pieces.push({ offset, data: data.slice() });
    d.bytes += data.length;
    const whole = assemble(d);
    if (whole === undefined) return { type: 'pending' };
    this.pending.delete(key);
    return { type: 'complete', ip: whole };
  }

  /** Gives up every incomplete datagram (end of capture). */
  flush(): IncompleteDatagram[] {
    const out = [...this.pending.values()].map(incomplete);
    this.pending.clear();
    return out;
  }
}

function incomplete(d: Datagram): IncompleteDatagram {
  const first = d.pieces.find((p) => p.offset === 0);
  if (d.header === undefined || first === undefined) return { first: undefined, frame: d.frame, timestamp: d.timestamp };
  // The first fragment as a packet of its own: its header and its data.
  const ip = new Uint8Array(d.header.length + first.data.length);
  ip.set(d.header, 0);
  ip.set(first.data, d.header.length);
  viewOf(ip).setUint16(2, ip.length, false);
  return { first: ip, frame: d.frame, timestamp: d.timestamp };
}

function assemble(d: Datagram): Uint8Array | undefined {
  if (d.header === undefined || d.total === undefined) return undefined;
  const total = d.total;
  const pieces = [...d.pieces].sort((a, b) => a.offset - b.offset);
  let covered = 0;
  for (const p of pieces) {
    if (p.offset > covered) return undefined;
    covered = Math.max(covered, p.offset + p.data.length);
  }
  if (covered < total) return undefined;
  const hl = d.header.length;
  const ip = new Uint8Array(hl + total);
  ip.set(d.header, 0);
  // Write later pieces first so the bytes that arrived first win on overlaps.
  for (let i = d.pieces.length - 1; i >= 0; i--) {
    const p = d.pieces[i] as Piece;
    const n = Math.min(p.data.length, total - p.offset);
    if (n > 0) ip.set(p.data.subarray(0, n), hl + p.offset);
  }
  const dv = viewOf(ip);
  dv.setUint16(2, hl + total, false);
  // Clear more-fragments and the offset: this is now a whole datagram.
  dv.setUint16(6, dv.getUint16(6, false) & 0x4000, false);
  return ip;
}
