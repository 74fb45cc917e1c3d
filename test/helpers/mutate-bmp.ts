// A structure-aware mutator for BMP messages (RFC 7854 section 4): it knows the common header,
// the per-peer header, the TLV lists, the Stats Count and the BGP PDUs inside, and breaks them
// as a buggy or hostile router would (versions, lengths, flags and peer types, TLV lengths,
// counts, the embedded BGP PDU through the BGP mutator, truncation). Deterministic (one PRNG).
import { mutate, type Rng } from './mutate.ts';

const HEADER = 6;
const PEER = 42;

function setU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = v >>> 16;
  b[at + 2] = v >>> 8;
  b[at + 3] = v;
}

/** Offsets of the TLV length fields in a TLV list starting at `from`. */
function tlvLengths(b: Uint8Array, from: number): number[] {
  const out: number[] = [];
  for (let p = from; p + 4 <= b.length; ) {
    out.push(p + 2);
    p += 4 + (((b[p + 2] as number) << 8) | (b[p + 3] as number));
  }
  return out;
}

/** Where the BGP PDUs of a message start (Route Monitoring, Peer Up's two OPENs, Peer Down 1/3). */
function pduStarts(b: Uint8Array): number[] {
  const type = b[5];
  const base = HEADER + PEER;
  if (type === 0) return [base];
  if (type === 2 && (b[base] === 1 || b[base] === 3)) return [base + 1];
  if (type === 3) {
    const first = base + 20;
    const len = ((b[first + 16] ?? 0) << 8) | (b[first + 17] ?? 0);
    return [first, first + len];
  }
  return [];
}

const OPS: Readonly<Record<string, (b: Uint8Array, rng: Rng, pool: readonly Uint8Array[]) => Uint8Array>> = {
  version: (b, rng) => {
    const c = b.slice();
    c[0] = rng.pick([0, 1, 2, 4, 255]);
    return c;
  },
  length: (b, rng) => {
    const c = b.slice();
    setU32(c, 1, rng.pick([0, 5, 6, 47, 48, b.length - 1, b.length + 1, 0xffffffff, rng.u32()]));
    return c;
  },
  type: (b, rng) => {
    const c = b.slice();
    c[5] = rng.int(9) === 8 ? rng.int(256) : rng.int(8);
    return c;
  },
  flags: (b, rng) => {
    if (b.length < HEADER + 2) return b;
    const c = b.slice();
    c[HEADER + 1] = (c[HEADER + 1] as number) ^ rng.pick([0x80, 0x40, 0x20, 0x10, 0x0f, 0xff]);
    return c;
  },
  peerType: (b, rng) => {
    if (b.length < HEADER + 1) return b;
    const c = b.slice();
    c[HEADER] = rng.pick([0, 1, 2, 3, 4, 255]);
    return c;
  },
  tlvLength: (b, rng) => {
    const from = b[5] === 4 || b[5] === 5 ? HEADER : b[5] === 6 ? HEADER + PEER : -1;
    const at = from < 0 ? [] : tlvLengths(b, from);
    if (at.length === 0) return b;
    const c = b.slice();
    const p = rng.pick(at);
    const v = rng.pick([0, 1, 0xffff, rng.int(64)]);
    c[p] = v >> 8;
    c[p + 1] = v & 255;
    return c;
  },
  statsCount: (b, rng) => {
    if (b[5] !== 1 || b.length < HEADER + PEER + 4) return b;
    const c = b.slice();
    setU32(c, HEADER + PEER, rng.pick([0, 1, 0xffffffff, rng.int(20)]));
    return c;
  },
  pdu: (b, rng, pool) => {
    const starts = pduStarts(b).filter((s) => s + 19 <= b.length);
    if (starts.length === 0) return b;
    const s = rng.pick(starts);
    const len = Math.min(b.length - s, ((b[s + 16] as number) << 8) | (b[s + 17] as number));
    const inner = mutate(b.subarray(s, s + len), rng, pool).bytes;
    const c = new Uint8Array(b.length - len + inner.length);
    c.set(b.subarray(0, s));
    c.set(inner, s);
    c.set(b.subarray(s + len), s + inner.length);
    return c;
  },
  truncate: (b, rng) => b.slice(0, rng.int(b.length + 1)),
  bytes: (b, rng) => {
    const c = b.slice();
    for (let i = 1 + rng.int(4); i > 0 && c.length > 0; i--) c[rng.int(c.length)] = rng.u32() & 255;
    return c;
  },
  splice: (b, rng, pool) => {
    const o = rng.pick(pool);
    const cut = rng.int(b.length + 1);
    const from = rng.int(o.length + 1);
    const c = new Uint8Array(cut + o.length - from);
    c.set(b.subarray(0, cut));
    c.set(o.subarray(from), cut);
    return c;
  },
};
// Breaking the version, the length or the end always gives an error: less often than the rest.
const WEIGHTS: Readonly<Record<string, number>> = { version: 1, length: 1, truncate: 1, splice: 1 };
const NAMES: string[] = Object.keys(OPS).flatMap((n) => Array.from({ length: WEIGHTS[n] ?? 3 }, () => n));

/**
 * Applies 1 to 3 BMP mutations to `seed`; the common header's length is then made to match the
 * bytes most of the time (so the body gets parsed). `pool` holds BGP PDUs and BMP messages to splice.
 */
export function mutateBmp(seed: Uint8Array, rng: Rng, pool: readonly Uint8Array[]): { bytes: Uint8Array; ops: string[] } {
  let b = seed;
  const ops: string[] = [];
  for (let n = 1 + (rng.chance(0.6) ? 0 : rng.int(3)); n > 0; n--) {
    const name = rng.pick(NAMES);
    ops.push(`bmp-${name}`);
    b = (OPS[name] as (b: Uint8Array, rng: Rng, pool: readonly Uint8Array[]) => Uint8Array)(b, rng, pool);
  }
  if (rng.chance(0.85) && !ops.includes('bmp-length') && b.length >= 5) {
    b = b === seed ? b.slice() : b;
    setU32(b, 1, b.length);
  }
  return { bytes: b, ops };
}
