import { BgpError, EMPTY } from '../wire/errors.ts';
import { Reader } from '../wire/reader.ts';
import type { NlriCodec, NlriContext } from './codec.ts';

// One reader for every walk (walkNlri never re-enters itself; codecs keep no reader).
const reader = new Reader(EMPTY, 0, 0, 3, 9, 'NLRI');

/**
 * Checks the NLRI field `b[start, end)` of `codec`'s family the way the codec reads it: the
 * number of NLRI, or -1 when one cannot be parsed (RFC 7606 section 5.3). With `out`, writes
 * the offset in `b` of each NLRI's first octet (its Path Identifier where ADD-PATH is on, else
 * its Length) from `out[n]` on and returns the index after the last one (the caller makes
 * room: `end - start` entries always suffice).
 */
export function walkNlri(codec: NlriCodec, b: Uint8Array, start: number, end: number, ctx: NlriContext, out?: Int32Array, n = 0): number {
  const r = reader.reset(b, start, end);
  let i = n;
  try {
    while (r.pos < end) {
      if (out !== undefined) out[i] = r.pos;
      i++;
      codec.read(r, ctx);
    }
  } catch (e) {
    if (e instanceof BgpError) return -1;
    throw e;
  } finally {
    reader.reset(EMPTY, 0, 0);
  }
  return out === undefined ? i - n : i;
}
