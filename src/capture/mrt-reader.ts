import { MrtType } from '../iana.ts';
import { isBgpError } from '../wire/errors.ts';
import { u16, u32 } from '../wire/bytes.ts';
import { Reader } from '../wire/reader.ts';
import { CaptureError } from './capture-error.ts';
import { parseBgp4mp } from './mrt-bgp4mp.ts';
import { messageSlab, parseLegacyBgp } from './mrt-legacy.ts';
import { isExtendedTimestamp } from './mrt-names.ts';
import { MrtOpenTracker } from './mrt-open.ts';
import { parseTableDump, parseTableDumpV2, tableDumpBodyLength } from './mrt-table-dump.ts';
import type { MrtIssue, MrtPeer, MrtRecord, MrtRecordBase } from './mrt-types.ts';
import { checkBytes, checkIterable, checkOptions } from '../wire/args.ts';

// RFC 6396 section 2, the MRT common header (the _ET types add Microsecond Timestamp, 4
// octets, counted in Length, section 3):
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                           Timestamp                           |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |             Type              |            Subtype            |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                             Length                            |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                      Message... (variable)
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

const HEADER = 12;

type MutableHeader = { -readonly [K in keyof MrtRecordBase]: MrtRecordBase[K] };

/** Options of {@link MrtReader} (see {@link resolveMrtReaderOptions} for defaults). */
export interface MrtReaderOptions {
  /**
   * The largest record body accepted, in octets. A declared length above it stops the
   * reader with a `bad-length` issue instead of buffering it (MRT has no marker to
   * resynchronise on). Default 16 MiB (a full-table RIB record is well under 1 MiB).
   */
  readonly maxRecordLength: number;
  /**
   * Opt-in framing recovery for TABLE_DUMP records whose attribute length runs past the
   * declared record length (RIPE RIS rrc00 dumps of 2000 declare every record 4 octets
   * short): frame such records by their attribute length. Default false (strict, as bgpdump).
   */
  readonly recoverTableDumpLength: boolean;
  /**
   * Opt-in: follow the OPENs of each BGP4MP session and turn ADD-PATH on for UPDATEs of the
   * plain MESSAGE subtypes where the OPENs negotiated it (BIRD before RFC 8050 writes such
   * files). Default false: the subtype alone decides (RFC 8050).
   */
  readonly contextFromOpens: boolean;
}

/** The defaults of {@link MrtReaderOptions}, merged with `options`. */
export function resolveMrtReaderOptions(options: Partial<MrtReaderOptions> = {}): MrtReaderOptions {
  checkOptions(options, 'resolveMrtReaderOptions', 'options');
  return {
    maxRecordLength: options.maxRecordLength ?? 16 * 1024 * 1024,
    recoverTableDumpLength: options.recoverTableDumpLength ?? false,
    contextFromOpens: options.contextFromOpens ?? false,
  };
}

const KNOWN_TYPES = new Set<number>(Object.values(MrtType));

/**
 * Throws when the first bytes say the input is not MRT but something users mistake for it.
 * @throws CaptureError (`unsupported`) for gzip, bzip2 and BMP (RFC 7854) input.
 */
export function checkNotMrtLookalike(b: Uint8Array): void {
  checkBytes(b, 'checkNotMrtLookalike', 'b');
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) {
    throw new CaptureError('unsupported', 'input is gzip-compressed: decompress it first (bgpwire/node gunzipChunks)', 0);
  }
  if (b.length >= 3 && b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68) {
    throw new CaptureError('unsupported', 'input is bzip2-compressed: decompress it first (Bzip2Decoder)', 0);
  }
  // BMP v3 common header: Version (1) = 3, Message Length (4), Message Type (1) <= 6. As MRT
  // that would be a 1971 timestamp and (usually) an unassigned type.
  if (b.length >= 6 && b[0] === 3 && (b[5] as number) <= 6 && !KNOWN_TYPES.has(((b[4] as number) << 8) | (b[5] as number))) {
    throw new CaptureError('unsupported', 'input is a BMP (RFC 7854) stream, not MRT: read it with bgpwire/bmp (BmpFramer, decodeBmpMessage)', 0);
  }
}

/**
 * An incremental MRT reader (RFC 6396, RFC 8050): push chunks of a (decompressed) MRT
 * stream, pull records. Memory holds about twice a record plus the newest chunk. Records alias the
 * input chunks (valid while those are unchanged). A declared length is never trusted:
 * each body is parsed inside it by a bounded reader, a body that does not parse becomes
 * an `invalid` record, and a record cut by the end of input becomes a `truncated-record`
 * issue with its byte offset.
 * @example
 * const r = new MrtReader();
 * r.push(bytes); r.end();
 * for (let rec = r.next(); rec !== undefined; rec = r.next()) console.log(rec.type);
 */
export class MrtReader {
  private buf: Uint8Array = new Uint8Array(0);
  /** Whether `buf` is the reader's own (appendable past `limit`) rather than a pushed chunk. */
  private owned = false;
  private pos = 0;
  private limit = 0;
  /** A chunk whose first `queuedAt` bytes ended the record assembled in `buf`: read next. */
  private queued: Uint8Array | undefined = undefined;
  private queuedAt = 0;
  private base = 0;
  private ended = false;
  private done = false;
  private peers: readonly MrtPeer[] | undefined;
  private readonly options: MrtReaderOptions;
  /** Framing findings so far (truncation, bad lengths, recovered lengths). */
  readonly issues: MrtIssue[] = [];
  /** Records read so far (a batched TABLE_DUMP record counts its routes). */
  count = 0;
  /**
   * Input bytes copied into the reader's own buffer so far (a record split across chunks is
   * assembled there). At most about three times the input, however it is chunked.
   */
  bytesCopied = 0;
  // Routes of a batched TABLE_DUMP record (recovery mode) not yet returned.
  private pending: MrtRecord[] = [];
  private pendingAt = 0;
  private readonly opens: MrtOpenTracker | undefined;
  private readonly reader = new Reader(new Uint8Array(0), 0, 0, 0, 0, 'MRT');
  private readonly head: MutableHeader = { offset: 0, timestamp: 0, microseconds: undefined, mrtType: 0, subtype: 0, length: 0 };
  private readonly slab = messageSlab();

  constructor(options: Partial<MrtReaderOptions> = {}) {
    checkOptions(options, 'MrtReader', 'options');
    this.options = resolveMrtReaderOptions(options);
    this.opens = this.options.contextFromOpens ? new MrtOpenTracker() : undefined;
  }

  /** Feeds the next chunk (kept by reference until its records have been read). */
  push(chunk: Uint8Array): void {
    checkBytes(chunk, 'MrtReader.push', 'chunk');
    if (this.ended) throw new TypeError('mrt: push after end');
    if (chunk.length === 0) return;
    if (this.queued !== undefined) {
      // A chunk still waits behind an assembled record (push without draining next()).
      this.gather(chunk);
      return;
    }
    const live = this.limit - this.pos;
    const room = this.owned ? this.buf.length - this.limit : 0;
    if (room >= chunk.length) {
      // Append past `limit`: records already returned alias bytes before it, which stay as they are.
      this.buf.set(chunk, this.limit);
      this.limit += chunk.length;
      this.bytesCopied += chunk.length;
      return;
    }
    if (live === 0) {
      // Nothing buffered: read the chunk in place (records alias it, no copy).
      this.base += this.limit;
      this.buf = chunk;
      this.pos = 0;
      this.limit = chunk.length;
      this.owned = false;
      return;
    }
    const need = this.straddlingLength(chunk);
    if (need !== undefined && live < need && live + chunk.length >= need) {
      // Performance: only the record cut by the chunk boundary is copied (into an array of
      // its size); the records after it are read in place from the chunk, queued behind it.
      const rec = new Uint8Array(need);
      rec.set(this.buf.subarray(this.pos, this.limit), 0);
      rec.set(chunk.subarray(0, need - live), live);
      this.bytesCopied += need;
      this.base += this.pos;
      this.buf = rec;
      this.pos = 0;
      this.limit = need;
      this.owned = false;
      this.queued = chunk;
      this.queuedAt = need - live;
      return;
    }
    this.gather(chunk);
  }

  // The whole length (header included) of the record that starts at `pos`, when its header
  // (which may run past `limit` into `chunk`) says it; undefined when the header is not all there,
  // the length is over the limit (next() stops there) or TABLE_DUMP recovery frames it.
  private straddlingLength(chunk: Uint8Array): number | undefined {
    const live = this.limit - this.pos;
    if (live + chunk.length < HEADER) return undefined;
    const b = this.buf;
    const p = this.pos;
    const at = (i: number): number => (i < live ? (b[p + i] as number) : (chunk[i - live] as number));
    const mrtType = (at(4) << 8) | at(5);
    const subtype = (at(6) << 8) | at(7);
    const length = ((at(8) << 24) | (at(9) << 16) | (at(10) << 8) | at(11)) >>> 0;
    if (length > this.options.maxRecordLength) return undefined;
    if (this.options.recoverTableDumpLength && mrtType === MrtType.TABLE_DUMP && (subtype === 1 || subtype === 2)) return undefined;
    return HEADER + length;
  }

  // Copies what is left to read (and a queued chunk's rest) with `chunk` into a fresh buffer,
  // never copyWithin (records already returned alias the old one), with as much room again as
  // it holds: each byte is copied a bounded number of times however the input is chunked (a
  // record of n bytes in chunks of k once cost n * n / k).
  private gather(chunk: Uint8Array): void {
    const live = this.limit - this.pos;
    const queued = this.queued === undefined ? 0 : this.queued.length - this.queuedAt;
    const total = live + queued + chunk.length;
    const next = new Uint8Array(Math.max(2 * total, 1 << 16));
    next.set(this.buf.subarray(this.pos, this.limit), 0);
    if (this.queued !== undefined) next.set(this.queued.subarray(this.queuedAt), live);
    next.set(chunk, live + queued);
    this.bytesCopied += total;
    this.base += this.pos;
    this.buf = next;
    this.pos = 0;
    this.limit = total;
    this.owned = true;
    this.queued = undefined;
    this.queuedAt = 0;
  }

  // Moves on from an assembled record, read to its end, to the chunk queued behind it.
  private takeQueued(chunk: Uint8Array): void {
    this.base += this.limit - this.queuedAt;
    this.buf = chunk;
    this.pos = this.queuedAt;
    this.limit = chunk.length;
    this.owned = false;
    this.queued = undefined;
    this.queuedAt = 0;
  }

  /** Says no more input will come: a partial record left becomes a `truncated-record` issue. */
  end(): void {
    this.ended = true;
  }

  /** Whether the stream is finished (all records read, or stopped at a framing issue). */
  get isDone(): boolean {
    return this.done;
  }

  /** Stream offset of the next record header. */
  get offset(): number {
    return this.base + this.pos;
  }

  /**
   * The next record, or `undefined` when more input is needed or the stream is done.
   * @throws CaptureError when the input is gzip, bzip2 or BMP rather than MRT.
   */
  next(): MrtRecord | undefined {
    if (this.pendingAt < this.pending.length) return this.pending[this.pendingAt++];
    if (this.done) return undefined;
    if (this.pos === this.limit && this.queued !== undefined) this.takeQueued(this.queued);
    const b = this.buf;
    const p = this.pos;
    const avail = this.limit - p;
    if (this.base + p === 0 && avail > 0 && (avail >= 6 || this.ended)) checkNotMrtLookalike(b.subarray(p, this.limit));
    if (avail < HEADER) return this.starve(avail === 0 ? undefined : `record header at byte ${this.offset}: ${avail} of 12 octets`);
    const timestamp = u32(b, p);
    const mrtType = u16(b, p + 4);
    const subtype = u16(b, p + 6);
    const length = u32(b, p + 8);
    if (length > this.options.maxRecordLength) {
      this.issues.push({ kind: 'bad-length', offset: this.offset, message: `record at byte ${this.offset} declares ${length} octets (limit ${this.options.maxRecordLength}): stopped` });
      this.done = true;
      return undefined;
    }
    let bodyLength = length;
    const batch = this.options.recoverTableDumpLength && mrtType === MrtType.TABLE_DUMP && (subtype === 1 || subtype === 2);
    if (batch) {
      const real = tableDumpBodyLength(b, p + HEADER, Math.min(avail - HEADER, this.options.maxRecordLength), subtype, length);
      if (real === undefined) {
        if (avail - HEADER < this.options.maxRecordLength) return this.starve(`record at byte ${this.offset}: its routes run past the end of the input`);
        this.issues.push({ kind: 'bad-length', offset: this.offset, message: `record at byte ${this.offset}: routes longer than ${this.options.maxRecordLength} octets: stopped` });
        this.done = true;
        return undefined;
      }
      if (real !== length) {
        this.issues.push({ kind: 'recovered-length', offset: this.offset, message: `record at byte ${this.offset} declares ${length} octets, its routes end at ${real}` });
        bodyLength = real;
      }
    }
    if (avail < HEADER + bodyLength) {
      return this.starve(`record at byte ${this.offset} declares ${bodyLength} octets, ${avail - HEADER} present`);
    }
    const offset = this.offset;
    this.pos = p + HEADER + bodyLength;
    // Performance: one header object for every record; the parsers copy its fields.
    const header = this.head;
    header.offset = offset;
    header.timestamp = timestamp;
    header.microseconds = undefined;
    header.mrtType = mrtType;
    header.subtype = subtype;
    header.length = length;
    if (batch) {
      const routes = this.parseBatch(b, p + HEADER, p + HEADER + bodyLength, header);
      this.pending = routes;
      this.pendingAt = 1;
      this.count += routes.length;
      return routes[0];
    }
    this.count++;
    const rec = this.parse(b, p + HEADER, p + HEADER + bodyLength, header);
    return this.opens === undefined ? rec : this.opens.apply(rec);
  }

  private parseBatch(b: Uint8Array, start: number, end: number, header: MrtRecordBase): MrtRecord[] {
    const r = new Reader(b, start, end, 0, 0, 'MRT');
    try {
      return parseTableDump(header, r, true);
    } catch (e) {
      if (!isBgpError(e)) throw e;
      return [{ ...header, type: 'invalid', reason: e.message, body: b.subarray(start, end) }];
    }
  }

  private starve(message: string | undefined): undefined {
    if (!this.ended) return undefined;
    if (message !== undefined) this.issues.push({ kind: 'truncated-record', offset: this.offset, message });
    this.done = true;
    return undefined;
  }

  private parse(b: Uint8Array, start: number, end: number, header: MutableHeader): MrtRecord {
    // Performance: one reader for every record (no record keeps it).
    const r = this.reader.reset(b, start, end);
    const base = header;
    try {
      if (isExtendedTimestamp(header.mrtType)) header.microseconds = r.u32('microsecond timestamp');
      switch (header.mrtType) {
        case MrtType.BGP4MP:
        case MrtType.BGP4MP_ET:
          return parseBgp4mp(base, r);
        case MrtType.TABLE_DUMP:
          return parseTableDump(base, r)[0] as MrtRecord;
        case MrtType.TABLE_DUMP_V2: {
          const rec = parseTableDumpV2(base, r, this.peers);
          if (rec.type === 'peer-index-table') this.peers = rec.peers;
          return rec;
        }
        case MrtType.BGP:
          return parseLegacyBgp(base, r, this.slab);
        default:
          return { offset: base.offset, timestamp: base.timestamp, microseconds: base.microseconds, mrtType: base.mrtType, subtype: base.subtype, length: base.length, type: 'unknown', body: b.subarray(r.pos, end) };
      }
    } catch (e) {
      if (!isBgpError(e)) throw e;
      return { offset: base.offset, timestamp: base.timestamp, microseconds: base.microseconds, mrtType: base.mrtType, subtype: base.subtype, length: base.length, type: 'invalid', reason: e.message, body: b.subarray(start, end) };
    }
  }
}

/** What {@link readMrt} returns when it is done. */
export interface MrtSummary {
  readonly records: number;
  /** Framing findings: a truncation (with its byte offset), bad or recovered lengths. */
  readonly issues: readonly MrtIssue[];
}

/**
 * Iterates over the MRT records of a whole buffer (zero-copy: records alias `bytes`); the
 * generator's return value says how it ended.
 * @throws CaptureError when the input is gzip, bzip2 or BMP rather than MRT.
 * @example for (const rec of readMrt(bytes)) if (rec.type === 'bgp-message') use(rec.message, rec.context);
 */
export function* readMrt(bytes: Uint8Array, options: Partial<MrtReaderOptions> = {}): Generator<MrtRecord, MrtSummary, undefined> {
  checkBytes(bytes, 'readMrt', 'bytes');
  const reader = new MrtReader(options);
  reader.push(bytes);
  reader.end();
  for (let rec = reader.next(); rec !== undefined; rec = reader.next()) yield rec;
  return { records: reader.count, issues: reader.issues };
}

/**
 * Iterates over the MRT records of a stream of chunks (sync or async, e.g. a decompressor's
 * output), holding one record at a time.
 * @throws CaptureError when the input is gzip, bzip2 or BMP rather than MRT.
 */
export async function* readMrtStream(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: Partial<MrtReaderOptions> = {},
): AsyncGenerator<MrtRecord, MrtSummary, undefined> {
  checkIterable(chunks, 'readMrtStream', 'chunks');
  const reader = new MrtReader(options);
  for await (const chunk of chunks) {
    reader.push(chunk);
    for (let rec = reader.next(); rec !== undefined; rec = reader.next()) yield rec;
  }
  reader.end();
  for (let rec = reader.next(); rec !== undefined; rec = reader.next()) yield rec;
  return { records: reader.count, issues: reader.issues };
}
