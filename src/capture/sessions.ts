import type { SessionContext } from '../context/session-context.ts';
import { OtherTcp } from './other-tcp.ts';
import { maxMessageLength } from '../context/session-context.ts';
import type { OpenMessage } from '../messages/types.ts';
import { BmpSessions } from './bmp-sessions.ts';
import { BgpFramer, type FramedMessage, type FramerNote } from './bgp-framer.ts';
import type { CaptureIssue, CaptureIssueKind } from './capture-error.ts';
import type { CaptureMessage } from './capture-message.ts';
import type { CaptureOptions, ContextSource } from './capture-options.ts';
import { currentGuess, type GuessState, narrowGuess, startGuess } from './context-guess.ts';
import { applyContextOption, type ChosenContext, deriveContext, type OpenDecoding } from './session-contexts.ts';
import { decodeIp, isIpSkip, type TcpSegment, TcpFlag } from './ip.ts';
import { type IncompleteDatagram, isIPv4Fragment, Ipv4Defragmenter } from './ip-fragments.ts';
import { decodeLink, isLinkSkip } from './link.ts';
import type { CaptureRecord } from './packet-record.ts';
import { TcpStream } from './tcp-stream.ts';

interface Endpoint {
  readonly addr: string;
  readonly port: number;
}

interface Direction {
  readonly stream: TcpStream;
  framer: BgpFramer | undefined;
  open: OpenMessage | undefined;
  context: SessionContext | undefined;
  source: ContextSource | undefined;
  guess: GuessState | undefined;
}

interface Connection {
  readonly id: number;
  /** ends[0] sends direction 0. */
  readonly ends: readonly [Endpoint, Endpoint];
  readonly dirs: readonly [Direction, Direction];
  closed: boolean;
  /** Whether an RST was seen (the connection is over whatever the other side sends). */
  reset: boolean;
  /** The last packet of the connection (its end is reported there when it is freed). */
  lastFrame: number;
  lastTimestamp: bigint;
}

/** Finished connections followed at most for retransmissions before they are freed. */
const FINISHED_WINDOW = 64;
/** Packets after its end within which a finished connection is still followed. */
const FINISHED_PACKETS = 4096;
/** Freed connections remembered, so that their late segments do not start a new session. */
const MAX_RETIRED = 4096;

/**
 * Whether a connection has ended: an RST, or a FIN from each direction that was seen (a
 * direction with neither a SYN nor data, as in a one-sided capture, does not hold it open).
 */
function isFinished(conn: Connection): boolean {
  if (conn.reset) return true;
  for (const dir of conn.dirs) if (!dir.stream.closed && (dir.stream.sawSyn || dir.stream.next !== undefined)) return false;
  return conn.closed;
}

/**
 * Follows TCP connections on the BGP ports through packet records and turns them into
 * BGP messages with session and context. Messages queue up in `out`.
 */
export class SessionTracker {
  readonly out: CaptureMessage[] = [];
  readonly issues: CaptureIssue[] = [];
  /** Issues found, including those not kept. */
  issueCount = 0;
  /** Sessions seen. */
  sessions = 0;
  /** TCP on other ports than the BGP ones (what a capture without BGP held). */
  readonly otherTcp: OtherTcp = new OtherTcp();
  private readonly options: CaptureOptions;
  private readonly decoding: OpenDecoding | undefined;
  private readonly conns = new Map<string, Connection>();
  private readonly ports: ReadonlySet<number>;
  private readonly bmpPorts: ReadonlySet<number>;
  private readonly bmp: BmpSessions;
  private readonly defrag = new Ipv4Defragmenter();
  /**
   * Connections that saw their end (FIN both ways, or RST), oldest first, with the packet
   * count when they did. They stay followed for a short window, so that retransmissions
   * still fill holes, and are then closed and freed (see {@link retire}).
   */
  private readonly finished: { readonly key: string; readonly conn: Connection; readonly at: number }[] = [];
  /** Keys of connections freed after their end, with their session id: late segments of theirs are dropped. */
  private readonly retired = new Map<string, number>();
  private packets = 0;
  /** Bytes copied by the framers of connections already freed. */
  private retiredBytesCopied = 0;

  constructor(options: CaptureOptions, decoding?: OpenDecoding) {
    this.options = options;
    this.decoding = decoding;
    this.ports = new Set(options.ports);
    this.bmpPorts = new Set(options.bmpPorts);
    this.bmp = new BmpSessions({ out: this.out, newSession: () => ++this.sessions, issue: (k, m, f, e) => this.issue(k, m, f, e) }, options);
  }

  /** Records an issue (kept up to maxIssues, always counted and passed to onIssue). */
  issue(kind: CaptureIssueKind, message: string, frame: number, extra?: { session?: number; direction?: 0 | 1; offset?: number }): void {
    const issue: CaptureIssue = { kind, message, frame, ...extra };
    this.issueCount++;
    if (this.issues.length < this.options.maxIssues) this.issues.push(issue);
    this.options.onIssue?.(issue);
  }

  /** Bytes copied by every direction's framer so far (see {@link BgpFramer.bytesCopied}). */
  get bytesCopied(): number {
    let n = this.retiredBytesCopied;
    for (const conn of this.conns.values()) for (const dir of conn.dirs) n += dir.framer?.bytesCopied ?? 0;
    return n;
  }

  /** Connections followed now (open, or finished and inside the retransmission window). */
  get liveSessions(): number {
    return this.conns.size;
  }

  /** Takes one packet record. */
  packet(rec: CaptureRecord): void {
    this.packets++;
    const link = decodeLink(rec.linkType, rec.data);
    if (isLinkSkip(link)) {
      // Non-IP frames (ARP, STP, IS-IS...) are normal; only a broken or unknown link layer is news.
      if (link.reason !== 'not-ip') this.issue(link.reason === 'unsupported-link' ? 'unsupported-link' : 'bad-link', link.message, rec.frame, { offset: rec.offset });
      return;
    }
    let ip = link.ip;
    if (link.version === 4 && isIPv4Fragment(ip)) {
      const evicted: IncompleteDatagram[] = [];
      const r = this.defrag.add(ip, rec.frame, rec.timestamp, evicted);
      for (const d of evicted) this.incomplete(d);
      if (r.type === 'invalid') this.issue('ip-fragment', r.isFirst ? `${r.message}: first fragment read alone` : r.message, rec.frame, { offset: rec.offset });
      if (r.type === 'pending' || (r.type === 'invalid' && !r.isFirst)) return;
      if (r.type === 'complete') ip = r.ip;
    }
    const seg = decodeIp(link.version, ip);
    if (isIpSkip(seg)) {
      if (seg.kind !== 'not-tcp') this.issue(seg.kind, seg.message, rec.frame, { offset: rec.offset });
      return;
    }
    if (!this.ports.has(seg.srcPort) && !this.ports.has(seg.dstPort)) {
      if (this.bmpPorts.has(seg.srcPort) || this.bmpPorts.has(seg.dstPort)) this.bmp.segment(seg, rec.frame, rec.timestamp);
      else this.otherTcp.add(seg.src, seg.srcPort, seg.dst, seg.dstPort);
      return;
    }
    this.segment(seg, rec.frame, rec.timestamp);
  }

  /** A datagram whose fragments never all arrived: its first fragment is read alone (the rest is a gap). */
  private incomplete(d: IncompleteDatagram): void {
    if (d.first === undefined) {
      this.issue('ip-fragment', 'ipv4 fragments without their first fragment dropped', d.frame);
      return;
    }
    const seg = decodeIp(4, d.first);
    if (isIpSkip(seg) || (!this.ports.has(seg.srcPort) && !this.ports.has(seg.dstPort))) return;
    this.issue('ip-fragment', 'ipv4 datagram incomplete: its first fragment is read alone', d.frame);
    this.segment(seg, d.frame, d.timestamp);
  }

  /** End of capture: pending holes become gaps, and each stream's last chain is framed. */
  finish(frame: number, timestamp: bigint): void {
    for (const d of this.defrag.flush()) this.incomplete(d);
    for (const conn of this.conns.values()) this.close(conn, frame, timestamp);
    this.conns.clear();
    this.bmp.finish(frame, timestamp);
  }

  private segment(seg: TcpSegment, frameNo: number, timestamp: bigint): void {
    const a = `${seg.src}|${seg.srcPort}`;
    const b = `${seg.dst}|${seg.dstPort}`;
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    const isSyn = (seg.flags & TcpFlag.SYN) !== 0;
    const isAck = (seg.flags & TcpFlag.ACK) !== 0;
    let conn = this.conns.get(key);
    if (conn === undefined) {
      const id = this.retired.get(key);
      if (id !== undefined) {
        if (!isSyn) {
          // A retransmission or a last ACK of a connection freed after its end.
          if (seg.payload.length > 0) this.issue('gap', `segment after the end of the connection: ${seg.payload.length} bytes ignored`, frameNo, { session: id });
          return;
        }
        this.retired.delete(key);
      }
    }
    if (conn !== undefined && isSyn) {
      const d = directionOf(conn, seg);
      const s = conn.dirs[d].stream;
      // A SYN with a new ISN after FIN/RST (or after data) is a new connection on a reused 4-tuple.
      if (s.isn !== seg.seq && (conn.closed || s.delivered > 0 || s.isn !== undefined)) {
        this.close(conn, frameNo, timestamp);
        conn = undefined;
      }
    }
    if (conn === undefined) {
      if (this.conns.size >= this.options.maxSessions) {
        // Bounded memory: the least recently active connection (first in Map order) is closed.
        const [oldKey, old] = this.conns.entries().next().value as [string, Connection];
        this.conns.delete(oldKey);
        this.close(old, frameNo, timestamp);
      }
      const src = { addr: seg.src, port: seg.srcPort };
      const dst = { addr: seg.dst, port: seg.dstPort };
      // A SYN-ACK seen first was sent by the side that did not open the connection.
      const ends: [Endpoint, Endpoint] = isSyn && isAck ? [dst, src] : [src, dst];
      conn = { id: ++this.sessions, ends, dirs: [this.direction(), this.direction()], closed: false, reset: false, lastFrame: frameNo, lastTimestamp: timestamp };
      this.conns.set(key, conn);
      this.initial(conn);
    } else {
      // Keep Map order as recency order.
      this.conns.delete(key);
      this.conns.set(key, conn);
    }
    conn.lastFrame = frameNo;
    conn.lastTimestamp = timestamp;
    const d = directionOf(conn, seg);
    const dir = conn.dirs[d];
    if (this.options.perPacket) {
      const framer = new BgpFramer(true, this.framerOptions(dir));
      framer.push(seg.payload, frameNo, timestamp);
      if (seg.payload.length < seg.wireLength) framer.gap(frameNo, `snaplen cut ${seg.wireLength - seg.payload.length} bytes`);
      framer.finish();
      this.collect(conn, d, framer);
    } else {
      const events = dir.stream.segment(seg.seq, isSyn, seg.payload, seg.wireLength, frameNo, timestamp);
      for (const ev of events) {
        const framer = this.framerOf(dir);
        if (ev.type === 'data') {
          framer.push(ev.bytes, frameNo, timestamp);
        } else if (ev.type === 'gap') {
          framer.gap(frameNo, ev.why);
        } else {
          this.issue('overlap-mismatch', `retransmitted bytes differ from those first seen (${ev.length} bytes)`, frameNo, { session: conn.id, direction: d });
        }
        this.collect(conn, d, framer);
      }
    }
    if ((seg.flags & (TcpFlag.FIN | TcpFlag.RST)) !== 0) {
      const wasFinished = isFinished(conn);
      dir.stream.closed = true;
      conn.closed = true;
      if ((seg.flags & TcpFlag.RST) !== 0) conn.reset = true;
      // Per-packet framing keeps nothing per connection worth freeing, and must not drop late segments.
      if (!wasFinished && isFinished(conn) && !this.options.perPacket) this.finished.push({ key, conn, at: this.packets });
    }
    this.retire();
  }

  /**
   * Frees finished connections once they are out of the retransmission window: more than
   * {@link FINISHED_WINDOW} newer ones finished, or {@link FINISHED_PACKETS} packets went by.
   * Their last messages come out now, and their buffers (the retransmission history, the
   * framer's) go: memory follows the connections open, not all those a capture ever had.
   */
  private retire(): void {
    const f = this.finished;
    while (f.length > 0) {
      const oldest = f[0] as (typeof f)[number];
      if (f.length <= FINISHED_WINDOW && this.packets - oldest.at < FINISHED_PACKETS) return;
      f.shift();
      // Closed meanwhile (evicted, reused by a new SYN, or the capture ended): nothing to free.
      if (this.conns.get(oldest.key) !== oldest.conn) continue;
      this.conns.delete(oldest.key);
      this.close(oldest.conn, oldest.conn.lastFrame, oldest.conn.lastTimestamp);
      this.retired.set(oldest.key, oldest.conn.id);
      if (this.retired.size > MAX_RETIRED) this.retired.delete(this.retired.keys().next().value as string);
    }
  }

  private direction(): Direction {
    return {
      stream: new TcpStream({ maxPending: this.options.maxPending, history: 65536 }),
      framer: undefined,
      open: undefined,
      context: undefined,
      source: undefined,
      guess: undefined,
    };
  }

  private framerOptions(dir: Direction): { resyncChain: number; maxLength: number; maxBuffer: number } {
    return { resyncChain: this.options.resyncChain, maxLength: maxMessageLength(dir.context), maxBuffer: this.options.maxBuffer };
  }

  private framerOf(dir: Direction): BgpFramer {
    // Created on the first bytes: by then we know whether the stream began with a SYN.
    dir.framer ??= new BgpFramer(dir.stream.sawSyn, this.framerOptions(dir));
    return dir.framer;
  }

  private close(conn: Connection, frame: number, timestamp: bigint): void {
    for (const d of [0, 1] as const) {
      const dir = conn.dirs[d];
      for (const ev of dir.stream.flush()) {
        const framer = this.framerOf(dir);
        // Bytes held behind a hole that never filled keep the packet that carried them.
        if (ev.type === 'data') framer.push(ev.bytes, ev.frame ?? frame, ev.timestamp ?? timestamp);
        else if (ev.type === 'gap') framer.gap(frame, ev.why);
      }
      if (dir.framer !== undefined) {
        dir.framer.finish();
        this.collect(conn, d, dir.framer);
        this.retiredBytesCopied += dir.framer.bytesCopied;
      }
    }
  }

  private collect(conn: Connection, d: 0 | 1, framer: BgpFramer): void {
    for (const note of framer.takeNotes()) this.noteIssue(conn, d, note);
    for (const m of framer.take()) this.emit(conn, d, m);
  }

  private noteIssue(conn: Connection, d: 0 | 1, note: FramerNote): void {
    this.issue(note.kind, note.message, note.frame, { session: conn.id, direction: d });
  }

  private emit(conn: Connection, d: 0 | 1, m: FramedMessage): void {
    const type = m.bytes[18] ?? 0;
    const dir = conn.dirs[d];
    const from = conn.ends[d];
    const to = conn.ends[d === 0 ? 1 : 0];
    if (type === 1 && this.decoding !== undefined) {
      try {
        dir.open = this.decoding.decodeOpen(m.bytes);
        this.derive(conn);
      } catch (e) {
        this.issue('bad-open', `open does not decode: ${e instanceof Error ? e.message : String(e)}`, m.frame, { session: conn.id, direction: d });
      }
    }
    let context = dir.context;
    let source = dir.source;
    const score = this.decoding?.score;
    if (source === undefined && this.options.guess && score !== undefined) {
      // No OPEN and no option for this direction: the opt-in guess (context-guess.ts).
      const g = type === 2 ? narrowGuess((dir.guess ??= startGuess()), m.bytes, score) : dir.guess === undefined ? undefined : currentGuess(dir.guess);
      if (g !== undefined) {
        context = g.context;
        source = g.ambiguous ? 'ambiguous' : 'guess';
      }
    }
    this.out.push({
      bytes: m.bytes,
      type,
      timestamp: m.timestamp,
      frame: m.frame,
      src: from.addr,
      dst: to.addr,
      srcPort: from.port,
      dstPort: to.port,
      session: conn.id,
      direction: d,
      ...(context === undefined ? {} : { context }),
      ...(source === undefined ? {} : { contextSource: source }),
    });
  }

  /** Recomputes both directions' contexts from the OPENs seen (see CaptureOptions.oneSided). */
  private derive(conn: Connection): void {
    const decoding = this.decoding;
    if (decoding === undefined) return;
    for (const d of [0, 1] as const) {
      const mine = conn.dirs[d].open;
      const theirs = conn.dirs[d === 0 ? 1 : 0].open;
      let derived: ChosenContext = { context: undefined, source: undefined };
      try {
        derived = deriveContext(decoding, mine, theirs, this.options.oneSided);
      } catch (e) {
        this.issue('bad-open', `no context from the opens: ${e instanceof Error ? e.message : String(e)}`, 0, { session: conn.id, direction: d });
      }
      this.setContext(conn, d, derived);
    }
  }

  private setContext(conn: Connection, d: 0 | 1, derived: ChosenContext): void {
    const from = conn.ends[d];
    const to = conn.ends[d === 0 ? 1 : 0];
    const info = { session: conn.id, direction: d, src: from.addr, dst: to.addr, srcPort: from.port, dstPort: to.port };
    const chosen = applyContextOption(this.options.context, info, derived);
    const dir = conn.dirs[d];
    dir.context = chosen.context;
    dir.source = chosen.source;
    if (dir.framer !== undefined) dir.framer.options = this.framerOptions(dir);
  }

  /** Applies the `context` option to a new connection (before any OPEN). */
  private initial(conn: Connection): void {
    for (const d of [0, 1] as const) this.setContext(conn, d, { context: undefined, source: undefined });
  }
}

function directionOf(conn: Connection, seg: TcpSegment): 0 | 1 {
  const e = conn.ends[0];
  return e.addr === seg.src && e.port === seg.srcPort ? 0 : 1;
}
