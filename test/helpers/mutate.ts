// A structure-aware mutator for BGP messages: it knows where the header, the UPDATE's length
// fields, each path attribute and each prefix are, and breaks them the way hostile peers and
// buggy speakers do (flags, lengths, truncation, duplicates, order, prefix lengths, AS4).
// Deterministic: everything comes from one seeded PRNG.

/** A small fast PRNG (mulberry32): the same seed gives the same campaign. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 2^32). */
  u32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : this.u32() % n;
  }
  chance(p: number): boolean {
    return this.u32() < p * 4294967296;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 255;
    return out;
  }
}

/** One path attribute's place in a message. */
export interface AttrSpan {
  readonly start: number;
  /** Header size: 3, or 4 with Extended Length. */
  readonly hdr: number;
  readonly end: number;
  readonly code: number;
  readonly flags: number;
}

/** Where the fields of a message are (best effort: parsing stops where the bytes stop making sense). */
export interface Layout {
  readonly type: number;
  /** UPDATE only. */
  readonly withdrawn?: { readonly start: number; readonly end: number };
  readonly attrsStart?: number;
  readonly attrsEnd?: number;
  readonly attrs?: readonly AttrSpan[];
  readonly nlri?: { readonly start: number; readonly end: number };
}

function u16(b: Uint8Array, at: number): number {
  return (((b[at] ?? 0) << 8) | (b[at + 1] ?? 0)) >>> 0;
}

function put16(b: Uint8Array, at: number, v: number): void {
  if (at + 1 < b.length) {
    b[at] = (v >>> 8) & 255;
    b[at + 1] = v & 255;
  }
}

/** The layout of `b` (an UPDATE's sections and attributes; other types only the header). */
export function layoutOf(b: Uint8Array): Layout {
  const type = b[18] ?? 0;
  if (type !== 2 || b.length < 23) return { type };
  const wlen = u16(b, 19);
  const wEnd = Math.min(21 + wlen, b.length);
  const alenAt = wEnd;
  const alen = u16(b, alenAt);
  const attrsStart = alenAt + 2;
  const attrsEnd = Math.min(attrsStart + alen, b.length);
  const attrs: AttrSpan[] = [];
  let p = attrsStart;
  while (p + 3 <= attrsEnd) {
    const flags = b[p] as number;
    const hdr = flags & 0x10 ? 4 : 3;
    if (p + hdr > attrsEnd) break;
    const len = hdr === 4 ? u16(b, p + 2) : (b[p + 2] as number);
    const end = p + hdr + len;
    if (end > attrsEnd) break;
    attrs.push({ start: p, hdr, end, code: b[p + 1] as number, flags });
    p = end;
  }
  return { type, withdrawn: { start: 21, end: wEnd }, attrsStart, attrsEnd, attrs, nlri: { start: Math.min(attrsEnd, b.length), end: b.length } };
}

function splice(b: Uint8Array, atIn: number, removeIn: number, insert: Uint8Array = new Uint8Array(0)): Uint8Array {
  const at = Math.max(0, Math.min(atIn, b.length));
  const remove = Math.max(0, Math.min(removeIn, b.length - at));
  const out = new Uint8Array(b.length - remove + insert.length);
  out.set(b.subarray(0, at), 0);
  out.set(insert, at);
  out.set(b.subarray(at + remove), at + insert.length);
  return out;
}

/** Sets the header length to the actual size (when it fits 16 bits). */
export function fixHeader(b: Uint8Array): Uint8Array {
  if (b.length >= 19 && b.length <= 0xffff) put16(b, 16, b.length);
  return b;
}

/** Adds `delta` to the UPDATE's Total Path Attribute Length. */
function bumpAttrLength(b: Uint8Array, l: Layout, delta: number): void {
  if (l.attrsStart === undefined) return;
  put16(b, l.attrsStart - 2, (u16(b, l.attrsStart - 2) + delta) & 0xffff);
}

/** Offsets of the prefix-length octets of a prefix field (no ADD-PATH assumed). */
function prefixLengthOffsets(b: Uint8Array, start: number, end: number): number[] {
  const out: number[] = [];
  let p = start;
  while (p < end && out.length < 4096) {
    out.push(p);
    p += 1 + (((b[p] as number) + 7) >> 3);
  }
  return out;
}

function attribute(flags: number, code: number, value: Uint8Array): Uint8Array {
  const ext = value.length > 255 || (flags & 0x10) !== 0;
  const hdr = ext ? 4 : 3;
  const out = new Uint8Array(hdr + value.length);
  out[0] = ext ? flags | 0x10 : flags;
  out[1] = code;
  if (ext) put16(out, 2, value.length);
  else out[2] = value.length;
  out.set(value, hdr);
  return out;
}

function segments(rng: Rng, width: 2 | 4, count: number, asn?: number): Uint8Array {
  const parts: number[] = [];
  let left = count;
  while (left > 0) {
    const n = Math.min(left, 1 + rng.int(255));
    parts.push(rng.chance(0.85) ? 2 : rng.pick([1, 3, 4, 0, 5, 255]), n);
    for (let i = 0; i < n; i++) {
      const v = asn ?? (rng.chance(0.3) ? 23456 : rng.u32() >>> (width === 2 ? 16 : 0));
      if (width === 4) parts.push((v >>> 24) & 255, (v >>> 16) & 255);
      parts.push((v >>> 8) & 255, v & 255);
    }
    left -= n;
  }
  return Uint8Array.from(parts);
}

/** Inserts an attribute at an attribute boundary (or at the start of the list) and fixes lengths. */
function insertAttr(b: Uint8Array, l: Layout, rng: Rng, attr: Uint8Array, before?: number): Uint8Array {
  const attrs = l.attrs ?? [];
  const at = before ?? (attrs.length === 0 ? (l.attrsStart as number) : rng.chance(0.5) ? (rng.pick(attrs).start) : (attrs[attrs.length - 1] as AttrSpan).end);
  const out = splice(b, at, 0, attr);
  bumpAttrLength(out, l, attr.length);
  return out;
}

const FLAG_BITS = [0x80, 0x40, 0x20, 0x10, 0x08, 0x01];
const INTERESTING_LENGTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 16, 19, 20, 32, 127, 128, 255, 256, 4095, 4096, 4097, 65535];
const CODES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 22, 23, 25, 26, 29, 32, 35, 40, 99, 128, 255];

/** The mutation operators (name → function); each returns new bytes and never throws. */
export const MUTATIONS: Readonly<Record<string, (b: Uint8Array, rng: Rng, pool: readonly Uint8Array[]) => Uint8Array>> = {
  flags(b, rng) {
    const l = layoutOf(b);
    if (!l.attrs?.length) return MUTATIONS.bytes!(b, rng, []);
    const a = rng.pick(l.attrs);
    const out = b.slice();
    out[a.start] = rng.chance(0.7) ? a.flags ^ rng.pick(FLAG_BITS) : rng.pick([0x00, 0x40, 0x80, 0xc0, 0xe0, 0x50, 0x90, 0xd0, 0xff]);
    return out;
  },
  attrLength(b, rng) {
    const l = layoutOf(b);
    if (!l.attrs?.length) return MUTATIONS.headerLength!(b, rng, []);
    const a = rng.pick(l.attrs);
    const out = b.slice();
    const len = a.end - a.start - a.hdr;
    const v = rng.chance(0.5) ? len + rng.pick([-2, -1, 1, 2, 3, 4, 8]) : rng.pick(INTERESTING_LENGTHS);
    if (a.hdr === 4) put16(out, a.start + 2, v & 0xffff);
    else out[a.start + 2] = v & 255;
    return out;
  },
  totalAttrLength(b, rng) {
    const l = layoutOf(b);
    if (l.attrsStart === undefined) return MUTATIONS.headerLength!(b, rng, []);
    const out = b.slice();
    bumpAttrLength(out, l, rng.chance(0.6) ? rng.pick([-4, -3, -2, -1, 1, 2, 3, 4]) : rng.int(0x10000));
    return out;
  },
  withdrawnLength(b, rng) {
    if ((b[18] ?? 0) !== 2 || b.length < 23) return MUTATIONS.headerLength!(b, rng, []);
    const out = b.slice();
    put16(out, 19, rng.chance(0.6) ? (u16(b, 19) + rng.pick([-2, -1, 1, 2, 5])) & 0xffff : rng.int(0x10000));
    return out;
  },
  headerLength(b, rng) {
    const out = b.slice();
    put16(out, 16, rng.chance(0.5) ? (u16(b, 16) + rng.pick([-3, -2, -1, 1, 2, 3])) & 0xffff : rng.pick([0, 18, 19, 20, 22, 23, 28, 29, 4096, 4097, 65535, rng.int(0x10000)]));
    return out;
  },
  truncate(b, rng) {
    const out = b.slice(0, rng.int(b.length));
    return rng.chance(0.6) ? fixHeader(out) : out;
  },
  duplicate(b, rng) {
    const l = layoutOf(b);
    if (!l.attrs?.length) return MUTATIONS.insert!(b, rng, []);
    const a = rng.pick(l.attrs);
    return insertAttr(b, l, rng, b.slice(a.start, a.end));
  },
  reorder(b, rng) {
    const l = layoutOf(b);
    const attrs = l.attrs ?? [];
    if (attrs.length < 2) return MUTATIONS.flags!(b, rng, []);
    const list: Uint8Array[] = attrs.map((a) => b.slice(a.start, a.end));
    for (let i = list.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [list[i], list[j]] = [list[j] as Uint8Array, list[i] as Uint8Array];
    }
    const out = b.slice();
    let p = (attrs[0] as AttrSpan).start;
    for (const a of list) {
      out.set(a, p);
      p += a.length;
    }
    return out;
  },
  remove(b, rng) {
    const l = layoutOf(b);
    if (!l.attrs?.length) return MUTATIONS.truncate!(b, rng, []);
    const a = rng.pick(l.attrs);
    const out = splice(b, a.start, a.end - a.start);
    bumpAttrLength(out, l, -(a.end - a.start));
    return out;
  },
  insert(b, rng) {
    const l = layoutOf(b);
    if (l.attrsStart === undefined) return MUTATIONS.bytes!(b, rng, []);
    const code = rng.pick(CODES);
    const flags = rng.pick([0x40, 0x80, 0xc0, 0xe0, 0x00, 0x50, 0xd0]);
    const len = rng.chance(0.7) ? rng.int(12) : rng.pick(INTERESTING_LENGTHS.filter((n) => n < 600));
    return insertAttr(b, l, rng, attribute(flags, code, rng.bytes(len)));
  },
  prefixLength(b, rng) {
    const l = layoutOf(b);
    const fields: { start: number; end: number }[] = [];
    if (l.withdrawn && l.withdrawn.end > l.withdrawn.start) fields.push(l.withdrawn);
    if (l.nlri && l.nlri.end > l.nlri.start) fields.push(l.nlri);
    for (const a of l.attrs ?? []) {
      // MP_REACH: AFI, SAFI, next hop length, next hop, reserved, NLRI; MP_UNREACH: AFI, SAFI, withdrawn.
      const v = a.start + a.hdr;
      if (a.code === 14 && a.end - v >= 5) fields.push({ start: Math.min(v + 5 + (b[v + 3] as number), a.end), end: a.end });
      if (a.code === 15 && a.end - v > 3) fields.push({ start: v + 3, end: a.end });
    }
    if (fields.length === 0) return MUTATIONS.flood!(b, rng, []);
    const f = rng.pick(fields);
    const offsets = prefixLengthOffsets(b, f.start, f.end);
    if (offsets.length === 0) return b.slice();
    const out = b.slice();
    out[rng.pick(offsets)] = rng.pick([0, 1, 7, 8, 9, 24, 31, 32, 33, 64, 127, 128, 129, 200, 255, rng.int(256)]);
    return out;
  },
  flood(b, rng) {
    // Many /0 (one octet each) or /32 prefixes appended to the NLRI field, up to the extended maximum.
    // Mostly short floods; one in 100 fills the message (up to 65535 octets: the costly case).
    const n = rng.chance(0.01) ? rng.int(Math.max(1, 65535 - b.length)) : rng.chance(0.1) ? rng.int(Math.max(1, 4096 - b.length)) : rng.int(256);
    const unit = rng.chance(0.7) ? Uint8Array.of(0) : Uint8Array.of(32, 10, 0, 0, 1);
    const add = new Uint8Array(Math.floor(n / unit.length) * unit.length);
    for (let i = 0; i < add.length; i += unit.length) add.set(unit, i);
    return fixHeader(splice(b, b.length, 0, add));
  },
  as4(b, rng) {
    const l = layoutOf(b);
    if (l.attrsStart === undefined) return MUTATIONS.bytes!(b, rng, []);
    const attrs = l.attrs ?? [];
    const asPath = attrs.find((a) => a.code === 2);
    switch (rng.int(6)) {
      case 0: // AS4_PATH before AS_PATH
        return insertAttr(b, l, rng, attribute(0xc0, 17, segments(rng, 4, 1 + rng.int(4))), asPath?.start ?? l.attrsStart);
      case 1: // AS4_PATH longer than any AS_PATH
        return insertAttr(b, l, rng, attribute(0xc0, 17, segments(rng, 4, 20 + rng.int(600))));
      case 2: {
        // AS_PATH of AS_TRANS only, plus AS4_PATH and maybe AGGREGATOR AS_TRANS + AS4_AGGREGATOR.
        let out = insertAttr(b, l, rng, attribute(0xc0, 17, segments(rng, 4, 1 + rng.int(6))));
        const l2 = layoutOf(out);
        const p = l2.attrs?.find((a) => a.code === 2);
        if (p !== undefined) {
          out = out.slice();
          for (let i = p.start + p.hdr + 2; i + 1 < p.end; i += 2) put16(out, i, 23456);
        }
        if (rng.chance(0.5)) out = insertAttr(out, layoutOf(out), rng, attribute(0xc0, 7, rng.chance(0.5) ? Uint8Array.of(0x5b, 0xa0, 10, 0, 0, 1) : Uint8Array.of(0, 0, 0x5b, 0xa0, 10, 0, 0, 1)));
        if (rng.chance(0.7)) out = insertAttr(out, layoutOf(out), rng, attribute(0xc0, 18, rng.chance(0.8) ? rng.bytes(8) : rng.bytes(rng.int(12))));
        return out;
      }
      case 3: // AS4_PATH with confederation or unknown segment types
        return insertAttr(b, l, rng, attribute(0xc0, 17, Uint8Array.of(rng.pick([3, 4, 0, 9]), 1, 0, 0, 0xfd, 0xe9, 2, 1, 0, 0, 0x5b, 0xa0)));
      case 4: // thousands of 1-ASN segments
        return insertAttr(b, l, rng, attribute(rng.chance(0.5) ? 0x50 : 0xd0, rng.chance(0.5) ? 2 : 17, (() => {
          const n = 1 + (rng.chance(0.1) ? rng.int(8000) : rng.int(300));
          const out = new Uint8Array(Math.min(n * 6, 65000));
          for (let i = 0; i + 6 <= out.length; i += 6) out.set([2, 1, 0, 0, 0x5b, 0xa0], i);
          return out;
        })()));
      default: // AS_PATH segment count tweak
        if (asPath === undefined || asPath.end - asPath.start - asPath.hdr < 2) return b.slice();
        {
          const out = b.slice();
          out[asPath.start + asPath.hdr + 1] = rng.pick([0, 1, 2, 255, rng.int(256)]);
          return out;
        }
    }
  },
  bytes(b, rng) {
    const out = b.slice();
    const n = 1 + rng.int(4);
    for (let i = 0; i < n && out.length > 19; i++) out[19 + rng.int(out.length - 19)] = rng.chance(0.5) ? rng.u32() & 255 : (out[19 + rng.int(out.length - 19)] as number) ^ (1 << rng.int(8));
    return out;
  },
  splice(b, rng, pool) {
    if (pool.length === 0) return MUTATIONS.bytes!(b, rng, []);
    const other = rng.pick(pool);
    if (rng.chance(0.5)) {
      // Take an attribute from another message.
      const lo = layoutOf(other);
      const l = layoutOf(b);
      if (lo.attrs?.length && l.attrsStart !== undefined) {
        const a = rng.pick(lo.attrs);
        return insertAttr(b, l, rng, other.slice(a.start, a.end));
      }
    }
    const cut = 19 + rng.int(Math.max(1, b.length - 19));
    const from = 19 + rng.int(Math.max(1, other.length - 19));
    const out = new Uint8Array(cut + Math.max(0, other.length - from));
    out.set(b.subarray(0, cut), 0);
    out.set(other.subarray(from), cut);
    return rng.chance(0.7) ? fixHeader(out) : out;
  },
  extLength(b, rng) {
    // Re-encode one attribute with (or without) the Extended Length bit: legal, non-canonical.
    const l = layoutOf(b);
    if (!l.attrs?.length) return MUTATIONS.flags!(b, rng, []);
    const a = rng.pick(l.attrs);
    const value = b.slice(a.start + a.hdr, a.end);
    if (a.hdr === 4 && value.length > 255) return b.slice();
    const attr = a.hdr === 4 ? Uint8Array.of(a.flags & ~0x10, a.code, value.length, ...value) : attribute(a.flags | 0x10, a.code, value);
    const out = splice(b, a.start, a.end - a.start, attr);
    bumpAttrLength(out, l, attr.length - (a.end - a.start));
    return out;
  },
};

const NAMES = Object.keys(MUTATIONS);
// Structure-aware operators dominate; raw byte flips and splices are the minority.
const WEIGHTS: Readonly<Record<string, number>> = { bytes: 2, splice: 1, flood: 1, truncate: 2 };

const TABLE: string[] = NAMES.flatMap((n) => Array.from({ length: WEIGHTS[n] ?? 3 }, () => n));

/**
 * Applies 1 to 3 mutations to `seed`; the header length is then made to match the bytes most of
 * the time (so the body gets parsed), and left wrong otherwise.
 */
export function mutate(seed: Uint8Array, rng: Rng, pool: readonly Uint8Array[]): { bytes: Uint8Array; ops: string[] } {
  let b = seed;
  const ops: string[] = [];
  const n = 1 + (rng.chance(0.6) ? 0 : rng.int(3));
  for (let i = 0; i < n; i++) {
    const name = rng.pick(TABLE);
    ops.push(name);
    b = (MUTATIONS[name] as (b: Uint8Array, rng: Rng, pool: readonly Uint8Array[]) => Uint8Array)(b, rng, pool);
  }
  if (rng.chance(0.85) && !ops.includes('headerLength')) b = fixHeader(b.length === seed.length && b === seed ? b.slice() : b);
  return { bytes: b, ops };
}
