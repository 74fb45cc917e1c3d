import { CaptureError, type CaptureIssue } from './capture-error.ts';
import { isPcap, type PcapHeader, readPcapHeader, readPcapRecord } from './pcap.ts';
import { isPcapng, pcapngState, type PcapngState, readPcapngBlock } from './pcapng.ts';
import { type CaptureRecord, NEED_MORE } from './packet-record.ts';
import { checkBytes, checkOptions } from '../wire/args.ts';

/** Options of {@link RecordReader}. */
export interface RecordReaderOptions {
  /** Largest pcap record or pcapng block accepted, in bytes. Default 16 MiB (snaplens are at most 256 KiB). */
  readonly maxRecordLength: number;
}

/** Fills in the defaults of {@link RecordReaderOptions}. */
export function resolveRecordReaderOptions(options?: Partial<RecordReaderOptions>): RecordReaderOptions {
  checkOptions(options, 'resolveRecordReaderOptions', 'options');
  return { maxRecordLength: options?.maxRecordLength ?? 16 * 1024 * 1024 };
}

/** The container format, known once 4 bytes have arrived. */
export type CaptureFormat = 'pcap' | 'pcapng';

/**
 * Frames packet records out of a pcap or pcapng byte stream pushed in chunks of any size
 * (format detected from the magic). Records are views into the pushed bytes, which are
 * never written to; buffered bytes are copied when a record spans chunks.
 * @example const r = new RecordReader(); r.push(bytes); r.end(); for (let rec; (rec = r.next()); ) use(rec)
 */
export class RecordReader {
  /** The detected format, once known. */
  format: CaptureFormat | undefined;
  /** The pcap global header, for pcap. */
  pcapHeader: PcapHeader | undefined;
  /** Non-fatal findings (a file truncated mid-record). */
  readonly issues: CaptureIssue[] = [];
  /** Input bytes copied into the reader's own buffer so far (records split across chunks); O(input). */
  bytesCopied = 0;
  private readonly options: RecordReaderOptions;
  private buf: Uint8Array = new Uint8Array(0);
  private start = 0;
  private end_ = 0;
  private owned = false;
  private consumed = 0;
  private ended = false;
  private frame = 0;
  private readonly ng: PcapngState = pcapngState();

  constructor(options?: Partial<RecordReaderOptions>) {
    checkOptions(options, 'RecordReader', 'options');
    this.options = resolveRecordReaderOptions(options);
  }

  /** Appends bytes; the chunk is kept by reference and never written to. */
  push(chunk: Uint8Array): void {
    checkBytes(chunk, 'RecordReader.push', 'chunk');
    if (this.ended) throw new Error('RecordReader: push after end');
    if (chunk.length === 0) return;
    const have = this.end_ - this.start;
    if (this.owned && this.buf.length - this.end_ >= chunk.length) {
      // Writing past end_ leaves every view handed out so far unchanged. Preferred even with
      // nothing buffered: tiny chunks adopted one by one would each cost a fresh buffer.
      this.buf.set(chunk, this.end_);
      this.end_ += chunk.length;
      this.bytesCopied += chunk.length;
      return;
    }
    if (have === 0) {
      // Adopt the chunk without copying; it is not ours to write into.
      this.consumed += this.start;
      this.buf = chunk;
      this.start = 0;
      this.end_ = chunk.length;
      this.owned = false;
      return;
    }
    // Geometric growth: as much room again as it holds, so each byte is copied a bounded
    // number of times however the input is chunked.
    const grown = new Uint8Array(Math.max(2 * (have + chunk.length), 65536));
    grown.set(this.buf.subarray(this.start, this.end_), 0);
    grown.set(chunk, have);
    this.bytesCopied += have + chunk.length;
    this.consumed += this.start;
    this.buf = grown;
    this.start = 0;
    this.end_ = have + chunk.length;
    this.owned = true;
  }

  /** Marks the end of input: a partial record left over is then reported as a truncated file. */
  end(): void {
    this.ended = true;
  }

  /** Whether end() was called and every complete record has been returned. */
  get done(): boolean {
    return this.ended && this.finished;
  }

  private finished = false;

  /** Byte offset in the file of the next unread byte. */
  get offset(): number {
    return this.consumed + this.start;
  }

  /**
   * The next packet record, or undefined when more bytes are needed (or the input ended).
   * @throws CaptureError when the container is corrupt or not pcap/pcapng.
   */
  next(): CaptureRecord | undefined {
    if (this.finished) return undefined;
    for (;;) {
      const view = this.buf.subarray(0, this.end_);
      if (this.format === undefined) {
        if (this.end_ - this.start < 4) return this.starve();
        const head = view.subarray(this.start);
        if (isPcapng(head)) this.format = 'pcapng';
        else if (isPcap(head)) this.format = 'pcap';
        else throw new CaptureError('bad-magic', 'not a pcap or pcapng file (unknown magic)', this.offset);
      }
      if (this.format === 'pcap') {
        if (this.pcapHeader === undefined) {
          const h = readPcapHeader(view, this.start);
          if (h === NEED_MORE) return this.starve();
          this.pcapHeader = h.value;
          this.start = h.next;
          continue;
        }
        const r = this.guard(() => readPcapRecord(view, this.start, this.pcapHeader as PcapHeader, this.frame + 1, this.options.maxRecordLength));
        if (r === NEED_MORE) return this.starve();
        this.frame++;
        this.start = r.next;
        return rebase(r.value, this.consumed);
      }
      const b = this.guard(() => readPcapngBlock(view, this.start, this.ng, this.frame + 1, this.options.maxRecordLength));
      if (b === NEED_MORE) return this.starve();
      this.start = b.next;
      if (b.value.type === 'packet') {
        this.frame++;
        return rebase(b.value.record, this.consumed);
      }
    }
  }

  private guard<T>(read: () => T): T {
    try {
      return read();
    } catch (e) {
      if (e instanceof CaptureError) throw new CaptureError(e.code, e.message.replace(/ at byte \d+$/, ''), e.offset + this.consumed);
      throw e;
    }
  }

  private starve(): undefined {
    if (this.ended) {
      this.finished = true;
      if (this.format === undefined) {
        throw new CaptureError('bad-magic', `not a pcap or pcapng file (${this.end_ - this.start} bytes)`, this.offset);
      }
      const left = this.end_ - this.start;
      if (left > 0) {
        this.issues.push({ kind: 'truncated-file', message: `file ends inside a record: ${left} bytes left over`, frame: this.frame + 1, offset: this.offset });
      }
    }
    return undefined;
  }
}

function rebase(r: CaptureRecord, consumed: number): CaptureRecord {
  return consumed === 0 ? r : { ...r, offset: r.offset + consumed };
}
