import { hasAddPath } from '../src/context/session-context.ts';
import { countPrefixes } from '../src/view/prefix-cursor.ts';
import type { Stream } from './inputs.ts';

// The view walk hand-fused into one function of locals: the same checks as UpdateView.reset
// (header, section lengths, every prefix length, every attribute header in range, repeats,
// MP_REACH/MP_UNREACH prefixes, the AS_PATH segments) and the same walk (every header's code,
// the origin AS, every prefix) with no objects or cursors; the prefix fields are checked by the
// view's own countPrefixes (inlined). Not an API: the JavaScript floor for a validated walk,
// measured in the same run so that the cost of the view's structure (objects, fields, calls
// V8 does not inline) can be read off beside it. Messages the view would send to the decoder
// (anything not clean) are only counted here.

const slots = new Int32Array(256 << 2);
const headers = new Int32Array(1 << 15);
let gen = 0;


/** Walks every message of `streams`; out[0] = sum of header codes, out[1] = origin ASes found, out[2] = messages not clean. Returns the prefixes. */
export function fusedWalk(streams: readonly Stream[], out: Int32Array): number {
  let prefixes = 0;
  let codes = 0;
  let origins = 0;
  let unclean = 0;
  for (const s of streams) {
    const b = s.bytes;
    const n = b.length;
    const ctx = s.ctx;
    const ap4 = hasAddPath(ctx, 1, 1);
    const ap6 = hasAddPath(ctx, 2, 1);
    const w = ctx.as4 ? 4 : 2;
    const max = ctx.extendedMessage ? 65535 : 4096;
    let o = 0;
    while (o < n) {
      const marker =
        (b[o] as number) & (b[o + 1] as number) & (b[o + 2] as number) & (b[o + 3] as number) & (b[o + 4] as number) & (b[o + 5] as number) & (b[o + 6] as number) & (b[o + 7] as number) &
        (b[o + 8] as number) & (b[o + 9] as number) & (b[o + 10] as number) & (b[o + 11] as number) & (b[o + 12] as number) & (b[o + 13] as number) & (b[o + 14] as number) & (b[o + 15] as number);
      const len = ((b[o + 16] as number) << 8) | (b[o + 17] as number);
      if (marker !== 0xff || b[o + 18] !== 2 || len < 23 || len > max || len > n - o) throw new Error('bad header');
      const end = o + len;
      gen++;
      let p = o + 19;
      const wlen = ((b[p] as number) << 8) | (b[p + 1] as number);
      p += 2;
      if (wlen + 2 > end - p) throw new Error('bad withdrawn length');
      const ws = p;
      const we = p + wlen;
      if (countPrefixes(b, ws, we, 32, ap4) < 0) throw new Error('bad withdrawn prefix');
      p = we;
      const alen = ((b[p] as number) << 8) | (b[p + 1] as number);
      p += 2;
      if (alen > end - p) throw new Error('bad attribute length');
      const ae = p + alen;
      if (countPrefixes(b, ae, end, 32, ap4) < 0) throw new Error('bad NLRI prefix');
      let q = p;
      let idx = 0;
      let bad = false;
      let mpS = -1;
      let mpE = 0;
      let mpAp = false;
      let muS = -1;
      let muE = 0;
      let muAp = false;
      while (q < ae) {
        const f = b[q] as number;
        let vs: number;
        let ve: number;
        if ((f & 0x10) === 0) {
          vs = q + 3;
          ve = vs + (b[q + 2] as number);
        } else {
          vs = q + 4;
          ve = vs + (((b[q + 2] as number) << 8) | (b[q + 3] as number));
        }
        if (vs > ae || ve > ae) {
          bad = true;
          break;
        }
        const code = b[q + 1] as number;
        const sl = code << 2;
        if (slots[sl] === gen) bad = true;
        else {
          slots[sl] = gen;
          slots[sl + 1] = q;
          slots[sl + 2] = ve;
          if (code === 14 || code === 15) {
            // RFC 4760: typed families only (IPv4/IPv6 unicast and multicast).
            const afi = ((b[vs] as number) << 8) | (b[vs + 1] as number);
            const safi = b[vs + 2] as number;
            if ((afi === 1 || afi === 2) && (safi === 1 || safi === 2)) {
              const start = code === 14 ? vs + 5 + (b[vs + 3] as number) : vs + 3;
              const ap = afi === 2 ? ap6 : ap4;
              if (countPrefixes(b, start, ve, afi === 2 ? 128 : 32, ap) < 0) bad = true;
              else if (code === 14) {
                mpS = start;
                mpE = ve;
                mpAp = ap;
              } else {
                muS = start;
                muE = ve;
                muAp = ap;
              }
            }
          }
        }
        headers[idx++] = q;
        q = ve;
      }
      if (bad) unclean++;
      // The walk: every header's code, the origin AS, every prefix.
      for (let i = 0; i < idx; i++) codes += b[(headers[i] as number) + 1] as number;
      if (slots[8] === gen) {
        // AS_PATH segments well formed (RFC 4271 section 4.3); origin AS of a final AS_SEQUENCE.
        const h = slots[9] as number;
        const e = slots[10] as number;
        let a = h + ((b[h] as number) & 0x10 ? 4 : 3);
        let last = 0;
        while (a < e) {
          const t = b[a] as number;
          const c = b[a + 1] as number;
          if (e - a < 2 || t < 1 || t > 4 || c === 0) {
            last = -1;
            break;
          }
          a += 2 + c * w;
          last = t;
        }
        if (last === 2 && a === e) origins++;
      }
      for (let r = ws; r < we; prefixes++) {
        if (ap4) r += 4;
        r += 1 + (((b[r] as number) + 7) >> 3);
      }
      for (let r = ae; r < end; prefixes++) {
        if (ap4) r += 4;
        r += 1 + (((b[r] as number) + 7) >> 3);
      }
      if (mpS >= 0) {
        for (let r = mpS; r < mpE; prefixes++) {
          if (mpAp) r += 4;
          r += 1 + (((b[r] as number) + 7) >> 3);
        }
      }
      if (muS >= 0) {
        for (let r = muS; r < muE; prefixes++) {
          if (muAp) r += 4;
          r += 1 + (((b[r] as number) + 7) >> 3);
        }
      }
      o = end;
    }
  }
  out[0] = codes;
  out[1] = origins;
  out[2] = unclean;
  return prefixes;
}
