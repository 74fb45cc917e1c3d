import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CaptureError } from '../capture/capture-error.ts';

/** Where a gzip input ended early. */
export interface GzipTruncation {
  /** Compressed bytes consumed when the input ran out. */
  readonly offset: number;
  /** Decompressed bytes produced before it. */
  readonly outputOffset: number;
  readonly reason: string;
}

/** What {@link gunzipChunks} returns when done. */
export interface GzipSummary {
  readonly outputBytes: number;
  readonly truncation?: GzipTruncation;
}

/** Whether `bytes` start like a gzip member (RFC 1952 section 2.3.1: ID1 ID2 CM=8). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 8;
}

/**
 * Decompresses a gzip stream (RFC 1952; several members decode as one, as gzip(1) does)
 * through node:zlib, streaming with backpressure: memory stays at zlib's window plus a
 * chunk. A truncated input is not an error: the output up to the cut comes out and the
 * generator's return value carries the truncation with its byte offset.
 * @throws CaptureError (`bad-block`) on corrupt data, with the compressed offset.
 * @example for await (const chunk of gunzipChunks(createReadStream(path))) reader.push(chunk);
 */
export async function* gunzipChunks(input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Uint8Array, GzipSummary, undefined> {
  const z = createGunzip();
  const src = Readable.from(input, { objectMode: false });
  src.on('error', (e) => z.destroy(e));
  src.pipe(z);
  let outputBytes = 0;
  try {
    for await (const chunk of z as AsyncIterable<Buffer>) {
      outputBytes += chunk.length;
      yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err.message)) {
      return { outputBytes, truncation: { offset: z.bytesWritten, outputOffset: outputBytes, reason: 'gzip: unexpected end of file' } };
    }
    if (err.code !== undefined && err.code.startsWith('Z_')) throw new CaptureError('bad-block', `gzip: ${err.message}`, z.bytesWritten);
    throw e;
  } finally {
    src.destroy();
  }
  return { outputBytes };
}
