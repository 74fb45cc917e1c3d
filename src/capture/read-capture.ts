import type { CaptureOptions } from './capture-options.ts';
import { CaptureReader } from './capture-reader.ts';
import { openDecoding } from './open-decoding.ts';
import type { CaptureMessage } from './capture-message.ts';
import { checkBytes, checkIterable, checkOptions } from '../wire/args.ts';

/**
 * Reads BGP messages out of a whole pcap or pcapng file (detected by its magic), in the
 * order of the packets that complete them, each with its session and, where the OPENs
 * allow, its {@link SessionContext}. The returned reader is a sync iterator; its `issues`
 * list what was skipped or repaired. Message bytes are views into `bytes` where a message lies
 * within one TCP segment (no copy), else copies (see {@link CaptureMessage.bytes}).
 * @throws CaptureError (while iterating) when the container is corrupt; earlier messages were yielded.
 * @example
 * for (const m of readCapture(bytes, { ports: [179] })) decodeMessage(m.bytes, m.context)
 */
export function readCapture(bytes: Uint8Array, options?: Partial<CaptureOptions>): CaptureReader {
  checkBytes(bytes, 'readCapture', 'bytes');
  checkOptions(options, 'readCapture', 'options');
  return new CaptureReader(options, openDecoding).push(bytes).end();
}

/**
 * An incremental reader with the default session awareness: push chunks, pull messages.
 * @example const r = captureReader(); r.push(chunk); for (const m of r) use(m); r.end();
 */
export function captureReader(options?: Partial<CaptureOptions>): CaptureReader {
  checkOptions(options, 'captureReader', 'options');
  return new CaptureReader(options, openDecoding);
}

/**
 * Reads BGP messages from a capture arriving as chunks (a file or network stream), so
 * the file need not be in memory.
 * @throws CaptureError when the container is corrupt.
 * @example for await (const m of readCaptureStream(fs.createReadStream(path))) use(m)
 */
export async function* readCaptureStream(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options?: Partial<CaptureOptions>,
): AsyncGenerator<CaptureMessage, void, undefined> {
  checkIterable(chunks, 'readCaptureStream', 'chunks');
  const reader = captureReader(options);
  for await (const chunk of chunks) {
    reader.push(chunk);
    yield* reader;
  }
  reader.end();
  yield* reader;
}
