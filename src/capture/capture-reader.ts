import type { CaptureIssue } from './capture-error.ts';
import { type CaptureOptions, resolveCaptureOptions } from './capture-options.ts';
import { type CaptureFormat, RecordReader } from './packet-reader.ts';
import type { OpenDecoding } from './session-contexts.ts';
import type { CaptureMessage } from './capture-message.ts';
import { SessionTracker } from './sessions.ts';
import { checkBytes, checkOptions } from '../wire/args.ts';

/**
 * The incremental capture reader: push chunks of a pcap or pcapng file (any sizes), pull
 * BGP messages. Memory stays bounded by the limits in {@link CaptureOptions}, not by the
 * file size. It is a sync iterator over what has been pushed: iteration stops when more
 * bytes are needed, and ends for good after `end()`.
 * @example
 * const r = new CaptureReader({ ports: [179] }, openDecoding);
 * for (const chunk of chunks) { r.push(chunk); for (const m of r) use(m); }
 * r.end(); for (const m of r) use(m);
 */
export class CaptureReader implements Iterable<CaptureMessage> {
  private readonly records: RecordReader;
  private readonly tracker: SessionTracker;
  private finished = false;
  private lastFrame = 0;
  private lastTimestamp = 0n;

  constructor(options?: Partial<CaptureOptions>, decoding?: OpenDecoding) {
    checkOptions(options, 'CaptureReader', 'options');
    checkOptions(decoding, 'CaptureReader', 'decoding');
    const opts = resolveCaptureOptions(options);
    this.records = new RecordReader({ maxRecordLength: opts.maxRecordLength });
    this.tracker = new SessionTracker(opts, decoding);
  }

  /** Appends bytes of the capture file (kept by reference, never written to). */
  push(chunk: Uint8Array): this {
    checkBytes(chunk, 'CaptureReader.push', 'chunk');
    this.records.push(chunk);
    return this;
  }

  /** Marks the end of the file: streams are flushed on the next pulls. */
  end(): this {
    this.records.end();
    return this;
  }

  /** The container format, once known. */
  get format(): CaptureFormat | undefined {
    return this.records.format;
  }

  /** Issues found so far (container, link, IP, TCP and framing), in order. */
  get issues(): readonly CaptureIssue[] {
    return [...this.records.issues, ...this.tracker.issues];
  }

  /**
   * Connections followed now: open ones, and ended ones (FIN both ways or RST) still inside
   * the retransmission window. Ended connections are freed after it, so memory follows this
   * number, not {@link sessions}.
   */
  get liveSessions(): number {
    return this.tracker.liveSessions;
  }

  /** Sessions seen so far. */
  get sessions(): number {
    return this.tracker.sessions;
  }

  /** TCP connections seen so far on ports other than the BGP ports, and their commonest ports. */
  get otherTcp(): { readonly sessions: number; readonly ports: readonly number[] } {
    return { sessions: this.tracker.otherTcp.sessions, ports: this.tracker.otherTcp.topPorts(3) };
  }

  /**
   * Input bytes copied so far by the record reader (records split across chunks) and the BGP
   * framers (messages split across segments): O(input), however the input is chunked.
   */
  get bytesCopied(): number {
    return this.records.bytesCopied + this.tracker.bytesCopied;
  }

  /** Packet records read so far. */
  get frames(): number {
    return this.lastFrame;
  }

  /**
   * The next message, or undefined when more bytes are needed (or, after end(), when done).
   * @throws CaptureError when the container is corrupt (earlier messages were returned).
   */
  pull(): CaptureMessage | undefined {
    const out = this.tracker.out;
    while (out.length === 0) {
      const rec = this.records.next();
      if (rec === undefined) {
        if (this.records.done && !this.finished) {
          this.finished = true;
          this.tracker.finish(this.lastFrame, this.lastTimestamp);
          continue;
        }
        return undefined;
      }
      this.lastFrame = rec.frame;
      this.lastTimestamp = rec.timestamp;
      this.tracker.packet(rec);
    }
    return out.shift();
  }

  /** Iterates the messages available now (see the class note). */
  [Symbol.iterator](): Iterator<CaptureMessage> {
    return {
      next: (): IteratorResult<CaptureMessage> => {
        const m = this.pull();
        return m === undefined ? { done: true, value: undefined } : { done: false, value: m };
      },
    };
  }
}
