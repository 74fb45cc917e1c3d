import { checkUint } from '../wire/errors.ts';
import { parseIPv4, parseIPv6 } from '../wire/ip.ts';
import { Writer } from '../wire/writer.ts';
import { TcpFlag } from './ip.ts';
import { type SegmentSpec, type WriterLink, segmentFrameLength, writeSegmentFrame, writerLinkType } from './tcp-packet.ts';
import { checkArray, checkBigint, checkBoolean, checkBytes, checkOptions } from '../wire/args.ts';

/** A frame to write into a capture: when it was seen and its octets (link layer included). */
export interface CapturePacket {
  /** Nanoseconds since the Unix epoch. */
  readonly timestamp: bigint;
  readonly data: Uint8Array;
  /** Length on the wire when more than `data` (a snaplen cut); default `data.length`. */
  readonly originalLength?: number;
  /** pcapng: a comment on the packet (opt_comment); pcap has nowhere to put it. */
  readonly comment?: string;
}

/** One end of a TCP connection. */
export interface TcpEndpoint {
  /** IPv4 or IPv6 text (both ends of one family). */
  readonly address: string;
  readonly port: number;
}

/** Options of {@link TcpSession} (defaults in {@link resolveTcpSessionOptions}). */
export interface TcpSessionOptions {
  /** The side that opens the connection (sends the SYN). Default 192.0.2.1 port 40179. */
  readonly client: TcpEndpoint;
  /** The side that accepts it. Default 192.0.2.2 port 179. */
  readonly server: TcpEndpoint;
  /** Maximum segment size: payload octets per segment (RFC 9293 3.7.1). Default 1460. */
  readonly mss: number;
  /** Link layer of the frames: Ethernet II (LINKTYPE_ETHERNET) or none (LINKTYPE_RAW). Default 'ethernet'. */
  readonly link: WriterLink;
  /** Initial sequence numbers of client and server. Default 1000 and 5000. */
  readonly isn: readonly [number, number];
  /** Send a bare ACK from the receiving side after each send (as a receiver's delayed ACK). Default true. */
  readonly acks: boolean;
}

/** The defaults of {@link TcpSessionOptions}, merged with `options`. */
export function resolveTcpSessionOptions(options: Partial<TcpSessionOptions> = {}): TcpSessionOptions {
  checkOptions(options, 'resolveTcpSessionOptions', 'options');
  return {
    client: options.client ?? { address: '192.0.2.1', port: 40179 },
    server: options.server ?? { address: '192.0.2.2', port: 179 },
    mss: options.mss ?? 1460,
    link: options.link ?? 'ethernet',
    isn: options.isn ?? [1000, 5000],
    acks: options.acks ?? true,
  };
}

/** How one send goes on the wire. */
export interface SendOptions {
  /** Put the segments of this send on the wire in reverse order (a reassembler must hold them). */
  readonly reorder?: boolean;
  /** Send every segment of this send a second time after all of them (retransmissions). */
  readonly retransmit?: boolean;
}

interface Side {
  readonly addr: Uint8Array;
  readonly port: number;
  readonly mac: Uint8Array;
  /** Next sequence number this side sends. */
  seq: number;
}

function endpointAddress(e: TcpEndpoint, field: string): Uint8Array {
  const a = typeof e?.address === 'string' ? (e.address.includes(':') ? parseIPv6(e.address) : parseIPv4(e.address)) : undefined;
  if (a === undefined) throw new TypeError(`${field}.address: ${JSON.stringify(e?.address)} is not an IPv4 or IPv6 address`);
  checkUint(`${field}.port`, e.port, 0xffff);
  return a;
}

/**
 * A TCP connection between two endpoints as captured frames (RFC 9293): the three-way
 * handshake, data segmented at the MSS with sequence and acknowledgment numbers (modulo
 * 2^32), optional reordering and retransmission, and the FIN exchange. Pure: timestamps
 * come from the caller; give the packets to a {@link PcapWriter} or {@link PcapngWriter}.
 * @example
 * const s = new TcpSession({ client: { address: '10.0.0.1', port: 40000 }, server: { address: '10.0.0.2', port: 179 } });
 * const packets = [...s.open(t0), ...s.send(true, encodeMessage(open), t0 + 1000n), ...s.close(t0 + 2000n)];
 */
export class TcpSession {
  private readonly options: TcpSessionOptions;
  private readonly client: Side;
  private readonly server: Side;
  private ipId = 1;
  /** The LINKTYPE_* of the frames (for the writer's header). */
  readonly linkType: number;

  constructor(options: Partial<TcpSessionOptions> = {}) {
    checkOptions(options, 'TcpSession', 'options');
    this.options = resolveTcpSessionOptions(options);
    const o = this.options;
    checkUint('mss', o.mss, 65495);
    if (o.mss < 1) throw new RangeError('mss: must be at least 1');
    if (o.link !== 'ethernet' && o.link !== 'raw') throw new TypeError(`link: ${JSON.stringify(o.link)} is not 'ethernet' or 'raw'`);
    const c = endpointAddress(o.client, 'client');
    const s = endpointAddress(o.server, 'server');
    if (c.length !== s.length) throw new TypeError('client and server addresses must be of one family');
    this.client = { addr: c, port: o.client.port, mac: Uint8Array.of(2, 0, 0, 0, 0, 1), seq: checkUint('isn[0]', o.isn[0], 0xffffffff) };
    this.server = { addr: s, port: o.server.port, mac: Uint8Array.of(2, 0, 0, 0, 0, 2), seq: checkUint('isn[1]', o.isn[1], 0xffffffff) };
    this.linkType = writerLinkType(o.link);
  }

  private frame(from: Side, to: Side, flags: number, payload: Uint8Array, seq: number, timestamp: bigint, mss?: number): CapturePacket {
    const spec: SegmentSpec = {
      src: from.addr,
      dst: to.addr,
      srcPort: from.port,
      dstPort: to.port,
      seq,
      ack: flags & TcpFlag.ACK ? to.seq : 0,
      flags,
      ...(mss === undefined ? {} : { mss }),
      payload,
      ipId: this.ipId++,
      srcMac: from.mac,
      dstMac: to.mac,
    };
    const w = Writer.alloc(segmentFrameLength(spec, this.options.link));
    writeSegmentFrame(spec, this.options.link, w);
    return { timestamp, data: w.bytes };
  }

  /** The three-way handshake (RFC 9293 3.5): SYN, SYN-ACK, ACK, all at `timestamp`. */
  open(timestamp: bigint): CapturePacket[] {
    checkBigint(timestamp, 'TcpSession.open', 'timestamp');
    const c = this.client;
    const s = this.server;
    const mss = this.options.mss;
    const syn = this.frame(c, s, TcpFlag.SYN, EMPTY, c.seq, timestamp, mss);
    c.seq = (c.seq + 1) >>> 0;
    const synAck = this.frame(s, c, TcpFlag.SYN | TcpFlag.ACK, EMPTY, s.seq, timestamp, mss);
    s.seq = (s.seq + 1) >>> 0;
    return [syn, synAck, this.frame(c, s, TcpFlag.ACK, EMPTY, c.seq, timestamp)];
  }

  /**
   * `data` (one buffer, or several sent back to back, e.g. BGP messages) from the client
   * (`fromClient`) or the server, in segments of at most the MSS, all at `timestamp`;
   * then the other side's ACK unless the `acks` option is off.
   */
  send(fromClient: boolean, data: Uint8Array | readonly Uint8Array[], timestamp: bigint, options: SendOptions = {}): CapturePacket[] {
    checkBoolean(fromClient, 'TcpSession.send', 'fromClient');
    if (!(data instanceof Uint8Array)) {
      checkArray(data, 'TcpSession.send', 'data');
      data.forEach((d, i) => checkBytes(d, 'TcpSession.send', `data[${i}]`));
    }
    checkBigint(timestamp, 'TcpSession.send', 'timestamp');
    checkOptions(options, 'TcpSession.send', 'options');
    const bytes = data instanceof Uint8Array ? data : join(data);
    const from = fromClient ? this.client : this.server;
    const to = fromClient ? this.server : this.client;
    const mss = this.options.mss;
    const segments: CapturePacket[] = [];
    for (let off = 0; off < bytes.length; off += mss) {
      const payload = bytes.subarray(off, Math.min(bytes.length, off + mss));
      const last = off + mss >= bytes.length;
      segments.push(this.frame(from, to, TcpFlag.ACK | (last ? TcpFlag.PSH : 0), payload, (from.seq + off) >>> 0, timestamp));
    }
    from.seq = (from.seq + bytes.length) >>> 0;
    const out = options.reorder === true ? segments.reverse() : segments;
    if (options.retransmit === true) out.push(...(options.reorder === true ? [...out].reverse() : [...out]));
    if (this.options.acks && bytes.length > 0) out.push(this.frame(to, from, TcpFlag.ACK, EMPTY, to.seq, timestamp));
    return out;
  }

  /** The closing exchange (RFC 9293 3.6): FIN-ACK from `fromClient`'s side, FIN-ACK back, ACK. */
  close(timestamp: bigint, fromClient = true): CapturePacket[] {
    checkBigint(timestamp, 'TcpSession.close', 'timestamp');
    const a = fromClient ? this.client : this.server;
    const b = fromClient ? this.server : this.client;
    const fin1 = this.frame(a, b, TcpFlag.FIN | TcpFlag.ACK, EMPTY, a.seq, timestamp);
    a.seq = (a.seq + 1) >>> 0;
    const fin2 = this.frame(b, a, TcpFlag.FIN | TcpFlag.ACK, EMPTY, b.seq, timestamp);
    b.seq = (b.seq + 1) >>> 0;
    return [fin1, fin2, this.frame(a, b, TcpFlag.ACK, EMPTY, a.seq, timestamp)];
  }
}

const EMPTY = new Uint8Array(0);

function join(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  n = 0;
  for (const p of parts) {
    out.set(p, n);
    n += p.length;
  }
  return out;
}
