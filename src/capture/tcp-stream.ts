// One direction of a TCP connection (RFC 9293), reassembled into an ordered byte stream:
// out-of-order segments wait, retransmissions and overlaps are trimmed (and compared with
// what was delivered), 32-bit sequence numbers wrap, and bytes that never arrive (lost or
// cut by the snaplen) become explicit gaps.

import { checkBytes, checkNumber, checkObject } from '../wire/args.ts';

/** What reassembly produced from one segment, in stream order. */
export type StreamEvent =
  /**
   * In-order bytes. `frame`/`timestamp` are set when the bytes come out at the end of the
   * capture (a hole that never filled): they are those of the packet that carried them.
   */
  | { readonly type: 'data'; readonly bytes: Uint8Array; readonly frame?: number; readonly timestamp?: bigint }
  | { readonly type: 'gap'; readonly length: number; readonly why: string }
  | { readonly type: 'overlap-mismatch'; readonly length: number };

/** Options of {@link TcpStream}. */
export interface TcpStreamOptions {
  /** Out-of-order bytes held at most while waiting for a hole to fill; beyond that the hole becomes a gap. Default 1 MiB. */
  readonly maxPending: number;
  /** Delivered bytes remembered to compare retransmissions with. Default 64 KiB. */
  readonly history: number;
}

/** Out-of-order segments held at most per direction (tiny segments must not make the list huge). */
const MAX_PENDING_SEGMENTS = 4096;

interface Pending {
  readonly seq: number;
  readonly data: Uint8Array;
  readonly wireLength: number;
  /** The packet that carried the segment (reported when it is delivered at end of capture). */
  readonly frame: number;
  readonly timestamp: bigint;
}

/** Signed distance from sequence number `b` to `a` (RFC 9293 section 3.4 modular arithmetic). */
export function seqDiff(a: number, b: number): number {
  checkNumber(a, 'seqDiff', 'a');
  checkNumber(b, 'seqDiff', 'b');
  return (a - b) | 0;
}

/** The sequence number `n` bytes after `seq`, modulo 2^32. */
export function seqAdd(seq: number, n: number): number {
  checkNumber(seq, 'seqAdd', 'seq');
  checkNumber(n, 'seqAdd', 'n');
  return (seq + n) >>> 0;
}

/**
 * Reassembles one direction of a TCP connection. Feed it segments with `segment()`;
 * it returns the stream events they release.
 */
export class TcpStream {
  /** Initial sequence number, when the SYN was seen. */
  isn: number | undefined;
  /** Next sequence number expected, once any segment was seen. */
  next: number | undefined;
  /** Whether this direction started with a SYN (so the stream starts at a message boundary). */
  sawSyn = false;
  /** Whether a FIN or RST was seen in this direction. */
  closed = false;
  /** Total bytes delivered in order. */
  delivered = 0;
  private readonly options: TcpStreamOptions;
  private pending: Pending[] = [];
  private pendingBytes = 0;
  private hist = new Uint8Array(0);
  private histLen = 0;
  private histEnd = 0;
  /** A SYN carried data: it should start at ISN+1, but some replay tools put it at ISN. */
  private synData = false;
  /** The pending segment being delivered by flush(), whose packet the data events name. */
  private origin: Pending | undefined;

  constructor(options: TcpStreamOptions) {
    checkObject(options, 'TcpStream', 'options');
    this.options = options;
  }

  /**
   * Takes one segment: `payload` is what was captured, `wireLength` how long it was on
   * the wire (more when the snaplen cut it). SYN consumes one sequence number.
   */
  segment(seq: number, isSyn: boolean, payload: Uint8Array, wireLength: number, frame = 0, timestamp = 0n): StreamEvent[] {
    checkBytes(payload, 'TcpStream.segment', 'payload');
    const events: StreamEvent[] = [];
    let dataSeq = seq;
    if (isSyn) {
      dataSeq = seqAdd(seq, 1);
      if (this.isn === undefined && this.delivered === 0) {
        this.isn = seq;
        this.sawSyn = true;
        this.next = dataSeq;
      }
    }
    if (wireLength === 0) return events;
    if (this.next === undefined) this.next = dataSeq;
    const synData = isSyn && this.delivered === 0;
    this.place(dataSeq, payload, wireLength, events, frame, timestamp);
    this.synData = synData;
    this.drain(events);
    return events;
  }

  /** Declares everything still pending undeliverable (end of capture): holes become gaps. */
  flush(): StreamEvent[] {
    const events: StreamEvent[] = [];
    this.flushing = true;
    while (this.pending.length > 0) this.skipToPending(events, 'end of capture with a hole');
    this.flushing = false;
    return events;
  }

  private flushing = false;

  private place(seq: number, payload: Uint8Array, wireLength: number, events: StreamEvent[], frame: number, timestamp: bigint): void {
    let d = seqDiff(seq, this.next as number);
    if (this.synData && d === -1) {
      // The segment after a SYN that carried data starts one byte early: the SYN's data
      // was at ISN, not ISN+1 (seen in replayed captures). Shift rather than lose a byte.
      this.next = seqAdd(this.next as number, -1);
      d = 0;
    }
    this.synData = false;
    if (d > 0) {
      // Out of order: wait for the hole to fill (copy: the frame is not ours to keep).
      // Insert in sequence order (binary search: segments usually arrive nearly in order).
      let lo = 0;
      let hi = this.pending.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (seqDiff((this.pending[mid] as Pending).seq, seq) <= 0) lo = mid + 1;
        else hi = mid;
      }
      this.pending.splice(lo, 0, { seq, data: payload.slice(), wireLength, frame, timestamp });
      this.pendingBytes += payload.length;
      while ((this.pendingBytes > this.options.maxPending || this.pending.length > MAX_PENDING_SEGMENTS) && this.pending.length > 0) {
        this.skipToPending(events, `out-of-order bytes above the limit ${this.options.maxPending}`);
        this.drain(events);
      }
      return;
    }
    const skip = -d;
    // Retransmitted bytes: compare with what was delivered.
    this.compare(seq, payload, Math.min(skip, payload.length), events);
    if (skip >= wireLength) return;
    if (skip < payload.length) this.deliver(payload.subarray(skip), events);
    if (payload.length < wireLength) {
      const lost = wireLength - Math.max(skip, payload.length);
      events.push({ type: 'gap', length: lost, why: `snaplen cut ${lost} bytes` });
    }
    this.next = seqAdd(seq, wireLength);
  }

  private drain(events: StreamEvent[]): void {
    for (;;) {
      const first = this.pending[0];
      if (first === undefined || seqDiff(first.seq, this.next as number) > 0) return;
      this.pending.shift();
      this.pendingBytes -= first.data.length;
      this.origin = this.flushing ? first : undefined;
      this.place(first.seq, first.data, first.wireLength, events, first.frame, first.timestamp);
      this.origin = undefined;
    }
  }

  private skipToPending(events: StreamEvent[], why: string): void {
    const first = this.pending[0];
    if (first === undefined) return;
    const lost = seqDiff(first.seq, this.next as number);
    if (lost > 0) {
      events.push({ type: 'gap', length: lost, why: `${why}: ${lost} bytes never captured` });
      this.next = first.seq;
    }
    this.drain(events);
  }

  private deliver(bytes: Uint8Array, events: StreamEvent[]): void {
    const o = this.origin;
    events.push(o === undefined ? { type: 'data', bytes } : { type: 'data', bytes, frame: o.frame, timestamp: o.timestamp });
    this.delivered += bytes.length;
    this.remember(bytes);
  }

  private remember(bytes: Uint8Array): void {
    const cap = this.options.history;
    if (cap === 0) return;
    // A ring of the last `cap` delivered bytes: histEnd is where the next byte goes.
    const src = bytes.length > cap ? bytes.subarray(bytes.length - cap) : bytes;
    if (this.hist.length < cap && this.histLen + src.length > this.hist.length) this.growHistory(Math.min(cap, Math.max(2 * this.hist.length, this.histLen + src.length, 1024)));
    const size = this.hist.length;
    const first = Math.min(src.length, size - this.histEnd);
    this.hist.set(src.subarray(0, first), this.histEnd);
    if (first < src.length) this.hist.set(src.subarray(first), 0);
    this.histEnd = (this.histEnd + src.length) % size;
    this.histLen = Math.min(size, this.histLen + src.length);
  }

  /** Grows the ring (sessions that carry little keep a small one), keeping its bytes in order. */
  private growHistory(size: number): void {
    const grown = new Uint8Array(size);
    const old = this.hist.length;
    for (let i = 0; i < this.histLen; i++) grown[i] = this.hist[(this.histEnd - this.histLen + i + old) % old] as number;
    this.hist = grown;
    this.histEnd = this.histLen % size;
  }

  /** Compares the first `n` bytes of a segment at `seq` (all before `next`) with the history. */
  private compare(seq: number, payload: Uint8Array, n: number, events: StreamEvent[]): void {
    if (n <= 0) return;
    // The byte `back` positions before `next` sits `back` bytes before histEnd in the ring.
    const back = seqDiff(this.next as number, seq);
    const cap = this.hist.length;
    let differ = 0;
    for (let i = 0; i < n; i++) {
      const age = back - i;
      if (age <= 0 || age > this.histLen) continue;
      if (this.hist[(this.histEnd - age + cap) % cap] !== payload[i]) differ++;
    }
    if (differ > 0) events.push({ type: 'overlap-mismatch', length: differ });
  }
}
