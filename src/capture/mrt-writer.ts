import { ChunkBuffer } from './chunk-buffer.ts';
import { MRT_HEADER_LENGTH, planMrtRecord, writeMrtPlan } from './mrt-encode.ts';
import type { MrtWritable } from './mrt-write-types.ts';
import { checkIterable, checkOptions, checkTyped } from '../wire/args.ts';

/** Options of {@link MrtWriter} (defaults in {@link resolveMrtWriterOptions}). */
export interface MrtWriterOptions {
  /** Size of the output chunks in octets (a larger record gets a chunk of its own). Default 64 KiB. */
  readonly chunkSize: number;
}

/** The defaults of {@link MrtWriterOptions}, merged with `options`. */
export function resolveMrtWriterOptions(options: Partial<MrtWriterOptions> = {}): MrtWriterOptions {
  checkOptions(options, 'resolveMrtWriterOptions', 'options');
  return { chunkSize: options.chunkSize ?? 64 * 1024 };
}

/**
 * An incremental MRT writer (RFC 6396, RFC 8050): give it records, take chunks of the file.
 * It holds at most one chunk; each chunk is a fresh buffer the writer never touches again.
 * Any record the reader returns is written back as it came (see docs/MRT.md for the few
 * forms that come back canonical instead: masked prefix host bits, BGP4MP_ENTRY interface
 * index and 32-octet next hops).
 * @example
 * const w = new MrtWriter();
 * const chunks = [...w.write({ type: 'bgp-message', timestamp: 1700000000, microseconds: 0, peerAs: 65001,
 *   localAs: 65000, peerAddress: '192.0.2.1', localAddress: '192.0.2.2', isAs4: true, message }), ...w.end()];
 */
export class MrtWriter {
  private readonly out: ChunkBuffer;
  /** Records written so far. */
  records = 0;

  constructor(options: Partial<MrtWriterOptions> = {}) {
    checkOptions(options, 'MrtWriter', 'options');
    this.out = new ChunkBuffer(resolveMrtWriterOptions(options).chunkSize);
  }

  /** Octets written so far. */
  get bytes(): number {
    return this.out.written;
  }

  /**
   * Adds one record; returns the chunks completed by it (usually none).
   * @throws TypeError / RangeError for a record that cannot be written (nothing is written then).
   */
  write(record: MrtWritable): readonly Uint8Array[] {
    checkTyped(record, 'MrtWriter.write', 'record');
    const plan = planMrtRecord(record);
    writeMrtPlan(plan, this.out.reserve(MRT_HEADER_LENGTH + plan.length));
    this.records++;
    return this.out.take();
  }

  /** The rest of the output (the last, partly filled chunk). */
  end(): readonly Uint8Array[] {
    return this.out.take(true);
  }
}

/**
 * The chunks of an MRT file holding `records`, as they are made.
 * @throws TypeError / RangeError as {@link MrtWriter.write}.
 * @example for (const chunk of writeMrt(records)) sink.write(chunk); // any byte sink
 */
export function* writeMrt(records: Iterable<MrtWritable>, options: Partial<MrtWriterOptions> = {}): Generator<Uint8Array, number, undefined> {
  checkIterable(records, 'writeMrt', 'records');
  const w = new MrtWriter(options);
  for (const r of records) yield* w.write(r);
  yield* w.end();
  return w.records;
}

/**
 * The chunks of an MRT file holding `records` from a sync or async source (e.g. a
 * `readMrtStream`), one chunk in memory at a time.
 * @throws TypeError / RangeError as {@link MrtWriter.write}.
 */
export async function* writeMrtStream(records: AsyncIterable<MrtWritable> | Iterable<MrtWritable>, options: Partial<MrtWriterOptions> = {}): AsyncGenerator<Uint8Array, number, undefined> {
  checkIterable(records, 'writeMrtStream', 'records');
  const w = new MrtWriter(options);
  for await (const r of records) yield* w.write(r);
  yield* w.end();
  return w.records;
}
