import { createGunzip } from 'node:zlib';

/** How far past the last reported progress the byte-by-byte search goes before it gives up. */
const MAX_SEARCH = 1 << 20;

/**
 * The exact compressed byte at which gzip data stops decoding (RFC 1952): node:zlib reports an
 * error with the input it had consumed before the failing call, up to a chunk short of where it
 * failed. The input is decompressed again from its start, in its own chunks up to `from` (that
 * progress, known good), then one byte at a time; the offset of the byte whose arrival makes
 * zlib fail is returned. Undefined when no error is met within 1 MiB after `from`. Memory stays
 * at zlib's window; time is one more pass over the input, on the error path only.
 * @example await locateGzipError(createReadStream(path), err.offset) // 1506760
 */
export async function locateGzipError(input: AsyncIterable<Uint8Array>, from: number): Promise<number | undefined> {
  const z = createGunzip();
  let failed = false;
  // Whichever comes first wakes the writer: the write's callback or the error.
  let wake: (() => void) | undefined;
  z.on('error', () => {
    failed = true;
    wake?.();
  });
  z.on('data', () => {}); // output is not needed: flowing mode keeps zlib going
  const write = (bytes: Uint8Array): Promise<void> =>
    new Promise((resolve) => {
      if (failed || z.destroyed) {
        resolve();
        return;
      }
      wake = resolve;
      z.write(bytes, () => resolve());
    });
  let at = 0;
  try {
    for await (const chunk of input) {
      const end = at + chunk.length;
      if (end <= from) {
        await write(chunk);
        if (failed) return undefined; // not the same input (it failed before `from`)
        at = end;
        continue;
      }
      let i = 0;
      if (at < from) {
        i = from - at;
        await write(chunk.subarray(0, i));
        if (failed) return undefined;
      }
      for (; i < chunk.length; i++) {
        if (at + i - from > MAX_SEARCH) return undefined;
        await write(chunk.subarray(i, i + 1));
        if (failed) return at + i;
      }
      at = end;
    }
    return undefined;
  } finally {
    z.destroy();
  }
}
