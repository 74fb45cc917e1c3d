// Frames BGP messages (RFC 4271 section 4.1: 16-byte marker, length, type) out of one
// direction of a reassembled TCP stream, across gaps. In sync, the length field is
// trusted once the marker is right. Out of sync (a capture that starts mid-stream, or
// after a gap) a marker is accepted only where a chain of valid headers follows it:
// 16 bytes of 0xFF can occur inside an UPDATE (an all-ones prefix or community).

import { isMarker, isMarkerIn } from '../messages/header.ts';
import { checkBoolean, checkBytes, checkObject } from '../wire/args.ts';

const HEADER = 19;
const MARKER = 16;
const MAX_WIRE_LENGTH = 65535;

/** A framed message and the packet whose bytes completed it. */
export interface FramedMessage {
  /**
   * The whole message, header included. A view into the pushed bytes when the message lies
   * within one pushed chunk (valid while those bytes are unchanged: the framer never writes
   * to them); a copy owned by the framer when it spans chunks.
   */
  readonly bytes: Uint8Array;
  readonly frame: number;
  readonly timestamp: bigint;
}

/** What the framer reports besides messages. */
export interface FramerNote {
  readonly kind: 'desync' | 'resync' | 'gap' | 'buffer-overflow' | 'trailing-bytes';
  readonly message: string;
  readonly frame: number;
}

/** Options of {@link BgpFramer}. */
export interface BgpFramerOptions {
  /** Complete valid messages that must follow a marker before it is trusted out of sync. Default 2. */
  readonly resyncChain: number;
  /** Largest length accepted while resynchronising (4096 unless extended messages were negotiated). */
  readonly maxLength: number;
  /** Bytes buffered at most; beyond that the oldest bytes are dropped (with a note). Default 256 KiB. */
  readonly maxBuffer: number;
}

interface Mark {
  /** Stream offset just after the chunk. */
  readonly end: number;
  readonly frame: number;
  readonly timestamp: bigint;
}

/** Smallest length per known type (RFC 4271 section 6.1, RFC 2918 section 3); 0 for unknown types. */
function minLength(type: number): number {
  switch (type) {
    case 1:
      return 29;
    case 2:
      return 23;
    case 3:
      return 21;
    case 4:
      return 19;
    case 5:
      return 23;
    default:
      return 0;
  }
}

/**
 * One direction's BGP framing over a byte stream with gaps. Push bytes with the packet
 * they came from, call `gap()` where bytes were lost, `finish()` at the end; pull messages
 * with `take()`. In sync, messages inside a pushed chunk are framed where they lie (offsets
 * only, no copy); only a message split across chunks is assembled in the framer's buffer.
 */
export class BgpFramer {
  /** Whether the framer is aligned on message boundaries. */
  synced: boolean;
  options: BgpFramerOptions;
  private buf = new Uint8Array(0);
  private start = 0;
  private end = 0;
  /** Stream offset of buf[0]. */
  private base = 0;
  private marks: Mark[] = [];
  /** Stream offsets where a pushed chunk (a TCP segment's new bytes) began, oldest first. */
  private starts: number[] = [];
  private readonly out: FramedMessage[] = [];
  private readonly notes: FramerNote[] = [];
  private lastFrame = 0;
  /** Stream bytes copied into the framer's buffer or into messages so far; O(input). */
  bytesCopied = 0;

  constructor(synced: boolean, options: BgpFramerOptions) {
    checkBoolean(synced, 'BgpFramer', 'synced');
    checkObject(options, 'BgpFramer', 'options');
    this.synced = synced;
    this.options = options;
  }

  /** Appends stream bytes that arrived in `frame` (kept by reference, never written to). */
  push(bytes: Uint8Array, frame: number, timestamp: bigint): void {
    checkBytes(bytes, 'BgpFramer.push', 'bytes');
    if (bytes.length === 0) return;
    this.lastFrame = frame;
    // Stream offset where this chunk begins (base + end is kept by the buffer's growth).
    this.starts.push(this.base + this.end);
    if (this.starts.length > 64) this.starts.shift();
    let rest = bytes;
    // In sync with a message begun in an earlier chunk: copy in only what completes it.
    while (this.synced && this.start < this.end && rest.length > 0) {
      const have = this.end - this.start;
      const length = have < HEADER ? 0 : this.bufferedLength();
      if (have >= HEADER && length <= have) break; // a header extract refused: it has the bytes
      const take = Math.min(have < HEADER ? HEADER - have : length - have, rest.length);
      this.append(rest.subarray(0, take), frame, timestamp);
      rest = rest.subarray(take);
    }
    if (rest.length === 0) return;
    if (this.synced && this.start === this.end) {
      // Nothing buffered: frame in place; only a message this chunk does not complete is copied.
      const used = this.frameInPlace(rest, frame, timestamp);
      // The framed bytes pass by: the buffer (empty) now begins where they end.
      this.base += used;
      if (used === rest.length) return;
      rest = rest.subarray(used);
    }
    this.append(rest, frame, timestamp);
  }

  /** Length field of the message buffered at `start` (at least a header's worth is buffered). */
  private bufferedLength(): number {
    return ((this.buf[this.start + MARKER] as number) << 8) | (this.buf[this.start + MARKER + 1] as number);
  }

  /** Copies stream bytes into the buffer and frames what it can. */
  private append(bytes: Uint8Array, frame: number, timestamp: bigint): void {
    const have = this.end - this.start;
    if (this.buf.length - this.end < bytes.length) {
      const grown = new Uint8Array(Math.max(2 * (have + bytes.length), 4096));
      grown.set(this.buf.subarray(this.start, this.end), 0);
      this.bytesCopied += have;
      this.base += this.start;
      this.buf = grown;
      this.start = 0;
      this.end = have;
    }
    this.buf.set(bytes, this.end);
    this.end += bytes.length;
    this.bytesCopied += bytes.length;
    // Marks of chunks wholly consumed can no longer stamp a message: drop them (bounded memory).
    let drop = 0;
    while (drop < this.marks.length - 1 && (this.marks[drop] as Mark).end <= this.base + this.start) drop++;
    if (drop > 0) this.marks.splice(0, drop);
    // In sync, a mark ending inside the message being assembled can stamp no message (a
    // message takes the mark of the chunk that completes it): replace it, so a message in
    // many tiny segments keeps one mark, not one per segment.
    const last = this.marks[this.marks.length - 1];
    if (last !== undefined && this.synced && have >= HEADER && last.end - this.base - this.start < this.bufferedLength()) this.marks.pop();
    this.marks.push({ end: this.base + this.end, frame, timestamp });
    this.extract(false);
    if (this.end - this.start > this.options.maxBuffer) {
      const drop = this.end - this.start - this.options.maxBuffer;
      this.note('buffer-overflow', `dropped ${drop} unframed bytes (buffer limit ${this.options.maxBuffer})`);
      this.start += drop;
      this.synced = false;
      this.extract(false);
    }
  }

  /** Bytes were lost here: a partial message buffered is dropped and framing resynchronises. */
  gap(frame: number, why: string): void {
    this.lastFrame = frame;
    // What came before the gap may end in a chain of complete messages: frame those first.
    if (!this.synced) this.extract(true);
    const left = this.end - this.start;
    this.note('gap', left > 0 ? `${why}: dropped ${left} bytes of an incomplete message` : why);
    this.start = this.end;
    this.synced = false;
  }

  /** End of stream: accepts a final chain of complete messages and reports leftovers. */
  finish(): void {
    this.extract(true);
    const left = this.end - this.start;
    if (left > 0) this.note('trailing-bytes', `${left} bytes at the end of the stream are not a complete message`);
    this.start = this.end;
  }

  /** Messages framed so far (and clears them). */
  take(): FramedMessage[] {
    return this.out.splice(0, this.out.length);
  }

  /** Notes so far (and clears them). */
  takeNotes(): FramerNote[] {
    return this.notes.splice(0, this.notes.length);
  }

  private note(kind: FramerNote['kind'], message: string): void {
    this.notes.push({ kind, message, frame: this.lastFrame });
  }

  /** Length of a valid-looking header at `p` (all of it buffered), or 0. */
  private header(dv: DataView, p: number, strict: boolean): number {
    if (!isMarkerIn(dv, p)) return 0;
    const length = dv.getUint16(p + MARKER);
    const type = dv.getUint8(p + MARKER + 2);
    if (length < HEADER) return 0;
    if (!strict) return length;
    const min = minLength(type);
    if (min === 0 || length < min || length > this.options.maxLength) return 0;
    if (type === 4 && length !== HEADER) return 0;
    return length;
  }

  /**
   * Frames the complete messages at the start of `bytes` without copying (in sync, nothing
   * buffered) and returns how many bytes they hold; stops at a partial message or at a
   * header the synced path of `extract` would not accept (which then sees those bytes).
   */
  private frameInPlace(bytes: Uint8Array, frame: number, timestamp: bigint): number {
    const n = bytes.length;
    let p = 0;
    while (n - p >= HEADER) {
      const length = ((bytes[p + MARKER] as number) << 8) | (bytes[p + MARKER + 1] as number);
      if (!isMarker(bytes, p) || length < HEADER || length > n - p) break;
      this.out.push({ bytes: bytes.subarray(p, p + length), frame, timestamp });
      p += length;
    }
    return p;
  }

  private emit(from: number, length: number): void {
    const endOffset = this.base + from + length;
    // One splice, not a shift per mark: a message that came in many tiny segments leaves
    // many marks, and shifting a long array one by one is quadratic.
    let k = 0;
    while (k < this.marks.length - 1 && (this.marks[k] as Mark).end < endOffset) k++;
    if (k > 0) this.marks.splice(0, k);
    const mark = this.marks[0];
    this.bytesCopied += length;
    this.out.push({
      bytes: this.buf.slice(from, from + length),
      frame: mark?.frame ?? this.lastFrame,
      timestamp: mark?.timestamp ?? 0n,
    });
  }

  private extract(final: boolean): void {
    const dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    for (;;) {
      const avail = this.end - this.start;
      if (this.synced) {
        if (avail < HEADER) {
          // Check what has arrived of the marker now, so a desync is seen early.
          if (markerPrefix(dv, this.start, Math.min(avail, MARKER))) return;
          this.desync('marker is not all ones');
          continue;
        }
        const length = this.header(dv, this.start, false);
        if (length === 0) {
          this.desync(isMarkerIn(dv, this.start) ? `bad message length ${dv.getUint16(this.start + MARKER)}` : 'marker is not all ones');
          continue;
        }
        if (length > MAX_WIRE_LENGTH || length > avail) return;
        this.emit(this.start, length);
        this.start += length;
        continue;
      }
      if (!this.resync(dv, final)) return;
    }
  }

  private desync(why: string): void {
    this.note('desync', why);
    this.synced = false;
  }

  /** Looks for a trusted marker; returns whether framing is synced again. */
  private resync(dv: DataView, final: boolean): boolean {
    const skippedFrom = this.start;
    for (let p = this.start; this.end - p >= HEADER; p++) {
      if (dv.getUint8(p) !== 0xff) continue;
      const verdict = this.chain(dv, p, final);
      if (verdict === 'reject') continue;
      if (p > skippedFrom) this.note('resync', `skipped ${p - skippedFrom} bytes to a marker`);
      this.start = p;
      if (verdict === 'accept') {
        this.synced = true;
        return true;
      }
      // Undecided: keep the bytes from p on and wait for more.
      return false;
    }
    // No candidate: only the last HEADER-1 bytes can still begin one.
    if (!final) this.start = Math.max(this.start, this.end - (HEADER - 1));
    return false;
  }

  private chain(dv: DataView, p: number, final: boolean): 'accept' | 'reject' | 'wait' {
    let q = p;
    let count = 0;
    // Where a TCP segment began, one complete message of any type is enough: senders
    // start segments on message boundaries far more often than an UPDATE holds 16 0xFF
    // right at a segment start. Elsewhere a chain of strictly valid headers is needed.
    const atSegment = this.starts.includes(this.base + p);
    const need = atSegment ? 1 : Math.max(1, this.options.resyncChain);
    while (this.end - q >= HEADER) {
      const length = this.header(dv, q, !(atSegment && q === p));
      if (length > this.options.maxLength) return 'reject';
      if (length === 0) return 'reject';
      if (this.end - q < length) break;
      q += length;
      if (++count >= need) return 'accept';
    }
    if (!final) return 'wait';
    // At the end of the stream a shorter chain is enough if it ends exactly at the end.
    return count >= 1 && q === this.end ? 'accept' : 'reject';
  }
}

function markerPrefix(dv: DataView, p: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (dv.getUint8(p + i) !== 0xff) return false;
  return true;
}
