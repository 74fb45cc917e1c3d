import { BmpError } from '../bmp/error.ts';
import { BmpFramer } from '../bmp/framer.ts';
import { decodeBmpMessage } from '../bmp/message.ts';
import { type BmpPdu, BmpPeers } from '../bmp/peers.ts';
import type { BmpMessage } from '../bmp/types.ts';
import type { CaptureIssueKind } from './capture-error.ts';
import type { CaptureMessage } from './capture-message.ts';
import type { CaptureOptions } from './capture-options.ts';
import { type TcpSegment, TcpFlag } from './ip.ts';
import { TcpStream } from './tcp-stream.ts';

/** What a capture says about a BMP message (RFC 7854) it carries: see {@link CaptureMessage.bmp}. */
export interface CaptureBmp {
  /** The decoded BMP message (BGP PDUs inside as bytes), unless it does not decode. */
  readonly message?: BmpMessage;
  /** Why the BMP message does not decode (offset within the message). */
  readonly error?: BmpError;
  /** Its BGP PDUs decoded with the monitored peer's context from its Peer Up (or the option). */
  readonly pdus: readonly BmpPdu[];
}

interface BmpDirection {
  readonly stream: TcpStream;
  framer: BmpFramer | undefined;
  readonly peers: BmpPeers;
}

interface BmpConnection {
  readonly id: number;
  readonly ends: readonly [{ addr: string; port: number }, { addr: string; port: number }];
  readonly dirs: readonly [BmpDirection, BmpDirection];
  closed: boolean;
}

/** What the BMP follower needs from the session tracker. */
export interface BmpHost {
  readonly out: CaptureMessage[];
  newSession(): number;
  issue(kind: CaptureIssueKind, message: string, frame: number, extra?: { session?: number; direction?: 0 | 1; offset?: number }): void;
}

/**
 * Follows TCP connections on the BMP ports (RFC 7854 section 3.2: the router connects to the
 * station, or the other way) and turns each direction's bytes into BMP messages, each with the
 * BGP PDUs inside decoded per monitored peer (bmp/peers.ts). A gap or a bad header stops that
 * direction (BMP has no marker to resynchronise on), with an issue.
 */
export class BmpSessions {
  private readonly host: BmpHost;
  private readonly options: CaptureOptions;
  private readonly conns = new Map<string, BmpConnection>();

  constructor(host: BmpHost, options: CaptureOptions) {
    this.host = host;
    this.options = options;
  }

  segment(seg: TcpSegment, frame: number, timestamp: bigint): void {
    const a = `${seg.src}|${seg.srcPort}`;
    const b = `${seg.dst}|${seg.dstPort}`;
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    const isSyn = (seg.flags & TcpFlag.SYN) !== 0;
    const isAck = (seg.flags & TcpFlag.ACK) !== 0;
    let conn = this.conns.get(key);
    if (conn !== undefined && isSyn && conn.closed) {
      this.close(conn, frame, timestamp);
      this.conns.delete(key);
      conn = undefined;
    }
    if (conn === undefined) {
      if (this.conns.size >= this.options.maxSessions) {
        const [oldKey, old] = this.conns.entries().next().value as [string, BmpConnection];
        this.conns.delete(oldKey);
        this.close(old, frame, timestamp);
      }
      const src = { addr: seg.src, port: seg.srcPort };
      const dst = { addr: seg.dst, port: seg.dstPort };
      const ends: BmpConnection['ends'] = isSyn && isAck ? [dst, src] : [src, dst];
      conn = { id: this.host.newSession(), ends, dirs: [this.direction(), this.direction()], closed: false };
      this.conns.set(key, conn);
    }
    const d: 0 | 1 = conn.ends[0].addr === seg.src && conn.ends[0].port === seg.srcPort ? 0 : 1;
    for (const ev of conn.dirs[d].stream.segment(seg.seq, isSyn, seg.payload, seg.wireLength, frame, timestamp)) {
      if (ev.type === 'data') this.data(conn, d, ev.bytes, frame, timestamp);
      else if (ev.type === 'gap') this.gap(conn, d, frame, ev.why);
    }
    if ((seg.flags & (TcpFlag.FIN | TcpFlag.RST)) !== 0) conn.closed = true;
  }

  /** End of capture: held bytes are framed, and a message cut short is reported. */
  finish(frame: number, timestamp: bigint): void {
    for (const conn of this.conns.values()) this.close(conn, frame, timestamp);
    this.conns.clear();
  }

  private direction(): BmpDirection {
    return {
      stream: new TcpStream({ maxPending: this.options.maxPending, history: 65536 }),
      framer: new BmpFramer({ maxLength: this.options.maxRecordLength }),
      peers: new BmpPeers({ context: this.options.bmpContext }),
    };
  }

  private close(conn: BmpConnection, frame: number, timestamp: bigint): void {
    for (const d of [0, 1] as const) {
      const dir = conn.dirs[d];
      for (const ev of dir.stream.flush()) {
        if (ev.type === 'data') this.data(conn, d, ev.bytes, ev.frame ?? frame, ev.timestamp ?? timestamp);
        else if (ev.type === 'gap') this.gap(conn, d, frame, ev.why);
      }
      if (dir.framer !== undefined && dir.framer.buffered > 0) {
        this.host.issue('bmp', `bmp stream ends inside a message: ${dir.framer.buffered} bytes at stream offset ${dir.framer.offset} not read`, frame, { session: conn.id, direction: d });
      }
      dir.framer = undefined;
    }
  }

  private gap(conn: BmpConnection, d: 0 | 1, frame: number, why: string): void {
    const dir = conn.dirs[d];
    if (dir.framer === undefined) return;
    // BMP has no marker: after lost bytes the next message boundary is unknown.
    this.host.issue('bmp', `bmp stream has a gap (${why}): the rest of this direction is not read`, frame, { session: conn.id, direction: d });
    dir.framer = undefined;
  }

  private data(conn: BmpConnection, d: 0 | 1, bytes: Uint8Array, frame: number, timestamp: bigint): void {
    const dir = conn.dirs[d];
    if (dir.framer === undefined) return;
    let framed;
    try {
      framed = dir.framer.push(bytes);
    } catch (e) {
      if (!(e instanceof BmpError)) throw e;
      this.host.issue('bmp', `${e.message}: the rest of this direction is not read`, frame, { session: conn.id, direction: d });
      dir.framer = undefined;
      return;
    }
    const from = conn.ends[d];
    const to = conn.ends[d === 0 ? 1 : 0];
    for (const f of framed) {
      let bmp: CaptureBmp;
      try {
        const message = decodeBmpMessage(f.bytes);
        bmp = { message, pdus: dir.peers.read(message) };
      } catch (e) {
        if (!(e instanceof BmpError)) throw e;
        bmp = { error: e, pdus: [] };
      }
      this.host.out.push({
        bytes: f.bytes,
        type: f.bytes[5] as number,
        timestamp,
        frame,
        src: from.addr,
        dst: to.addr,
        srcPort: from.port,
        dstPort: to.port,
        session: conn.id,
        direction: d,
        bmp,
      });
    }
    const e = dir.framer.error;
    if (e !== undefined) {
      this.host.issue('bmp', `${e.message}: the rest of this direction is not read`, frame, { session: conn.id, direction: d });
      dir.framer = undefined;
    }
  }
}
