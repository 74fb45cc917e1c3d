import { MrtReader } from '../capture/mrt-reader.ts';
import type { MrtRecord } from '../capture/mrt-types.ts';
import { MrtType } from '../iana.ts';
import { decompressChunks } from '../node/decompress.ts';
import { InputError } from './input-error.ts';

// Performance: a promise per record cost more than its formatting; a batch this small is
// still garbage before the next scavenge (a whole chunk's records were not, and got promoted).
const BATCH = 64;

const KNOWN_TYPES = new Set<number>(Object.values(MrtType));

/**
 * Reads the MRT records of an input (plain, gzip or bzip2, by magic) in bounded memory, as
 * its chunks come, in batches of up to {@link BATCH} records (one promise per batch, not per
 * record). Records up to a truncation come out first; then the truncation throws an
 * {@link InputError} with its offset.
 * @throws InputError on a truncated or non-MRT input; CaptureError on BMP or corrupt compression.
 */
export async function* readMrtInput(input: AsyncIterable<Uint8Array>): AsyncGenerator<MrtRecord[], number, undefined> {
  const reader = new MrtReader();
  const chunks = decompressChunks(input);
  let first = true;
  const check = (rec: MrtRecord): void => {
    if (!first) return;
    first = false;
    // A file whose first record has no MRT type is no MRT file (nor pcap, pcapng or hex).
    if (!KNOWN_TYPES.has(rec.mrtType)) throw new InputError(`not a pcap, pcapng, MRT or hex file: byte 0 starts no known record (MRT type ${rec.mrtType})`);
  };
  const take = (): MrtRecord[] => {
    const batch: MrtRecord[] = [];
    for (let rec = batch.length < BATCH ? reader.next() : undefined; rec !== undefined; rec = batch.length < BATCH ? reader.next() : undefined) {
      check(rec);
      batch.push(rec);
    }
    return batch;
  };
  let n = await chunks.next();
  for (; n.done !== true; n = await chunks.next()) {
    reader.push(n.value);
    for (let batch = take(); batch.length > 0; batch = take()) yield batch;
  }
  reader.end();
  for (let batch = take(); batch.length > 0; batch = take()) yield batch;
  const summary = n.value;
  const where = summary.compression === 'none' ? '' : ` (${summary.compression})`;
  if (summary.truncation !== undefined) {
    const t = summary.truncation;
    throw new InputError(`truncated${where}: ${t.reason} at compressed byte ${t.offset} (decompressed byte ${t.outputOffset}) after ${reader.count} records`);
  }
  for (const issue of reader.issues) {
    if (issue.kind === 'recovered-length') continue;
    if (issue.offset === 0 && reader.count === 0) throw new InputError(`not a pcap, pcapng, MRT or hex file: ${issue.message}`);
    throw new InputError(`${issue.kind === 'truncated-record' ? 'truncated' : 'bad record'}${where}: ${issue.message}, after ${reader.count} records`);
  }
  return reader.count;
}
