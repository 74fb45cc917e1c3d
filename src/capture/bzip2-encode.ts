import { checkBytes, checkIterable } from '../wire/args.ts';
import { CRC_TABLE } from './bzip2-block.ts';
import { BLOCK_MAGIC_HI, BLOCK_MAGIC_LO, EOS_MAGIC_HI, EOS_MAGIC_LO } from './bzip2.ts';

// A bzip2 compressor (format of bzip2 1.0.x, block size 9): initial RLE (runs of 4-255),
// Burrows-Wheeler transform by prefix doubling over the rotations (O(n log n), also on
// repetitive input), move-to-front with RUNA/RUNB zero runs, and one Huffman length table
// (at most 17 bits) sent twice, as the format wants 2-6 tables; every selector is 0.

/** Most RLE1 bytes in a block: bzip2 -9's nblockMAX (100000 * 9 - 19). */
const MAX_BLOCK = 899_981;
const GROUP_SIZE = 50;
const MAX_CODE_LEN = 17;

/** An MSB-first bit writer over a growable buffer. */
class BitOutput {
  buf = new Uint8Array(1 << 16);
  pos = 0;
  private acc = 0;
  private count = 0;

  /** Writes the low `n` (1..24) bits of `v`. */
  bits(n: number, v: number): void {
    this.acc = (this.acc << n) | (v & ((1 << n) - 1));
    this.count += n;
    while (this.count >= 8) {
      this.count -= 8;
      if (this.pos === this.buf.length) {
        const next = new Uint8Array(this.buf.length * 2);
        next.set(this.buf);
        this.buf = next;
      }
      this.buf[this.pos++] = (this.acc >>> this.count) & 0xff;
    }
    this.acc &= (1 << this.count) - 1;
  }

  u32(v: number): void {
    this.bits(16, v >>> 16);
    this.bits(16, v & 0xffff);
  }

  /** Takes the whole bytes written so far (pads with zero bits first when `pad`). */
  take(pad: boolean): Uint8Array {
    if (pad && this.count > 0) this.bits(8 - this.count, 0);
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }
}

/**
 * Sorts the rotations of `b` by prefix doubling with counting sorts: at most
 * ceil(log2 n) + 1 linear rounds. Returns the rotation start of each sorted row.
 */
export function sortRotations(b: Uint8Array): Int32Array {
  const n = b.length;
  const sa = new Int32Array(n);
  const rank = new Int32Array(n);
  const tmp = new Int32Array(n);
  const cnt = new Int32Array(Math.max(256, n) + 1);
  for (let i = 0; i < n; i++) cnt[(b[i] as number) + 1] = cnt[(b[i] as number) + 1]! + 1;
  for (let i = 1; i <= 256; i++) cnt[i] = (cnt[i] as number) + (cnt[i - 1] as number);
  for (let i = 0; i < n; i++) sa[cnt[b[i] as number]!++] = i;
  let classes = 0;
  for (let j = 0; j < n; j++) {
    if (j === 0 || b[sa[j]!] !== b[sa[j - 1]!]) classes++;
    rank[sa[j]!] = classes - 1;
  }
  for (let k = 1; k < n && classes < n; k <<= 1) {
    // Order by the second half (rank of i + k) is sa shifted back by k; then a stable
    // counting sort by the first half's rank.
    for (let j = 0; j < n; j++) {
      let p = sa[j]! - k;
      if (p < 0) p += n;
      tmp[j] = p;
    }
    cnt.fill(0, 0, classes + 1);
    for (let j = 0; j < n; j++) {
      const r = rank[tmp[j]!]! + 1;
      cnt[r] = cnt[r]! + 1;
    }
    for (let i = 1; i <= classes; i++) cnt[i] = cnt[i]! + cnt[i - 1]!;
    for (let j = 0; j < n; j++) {
      const p = tmp[j]!;
      sa[cnt[rank[p]!]!++] = p;
    }
    // New ranks into tmp (indexed by position), then copied back.
    classes = 0;
    let prevA = -1;
    let prevB = -1;
    for (let j = 0; j < n; j++) {
      const p = sa[j]!;
      const a = rank[p]!;
      let q = p + k;
      if (q >= n) q -= n;
      const c = rank[q]!;
      if (a !== prevA || c !== prevB) classes++;
      prevA = a;
      prevB = c;
      tmp[p] = classes - 1;
    }
    rank.set(tmp);
  }
  return sa;
}

/** Huffman code lengths for `freq` (every symbol gets a code), none longer than 17 bits. */
function codeLengths(freq: Int32Array, alphaSize: number): Uint8Array {
  const lengths = new Uint8Array(alphaSize);
  const weight = new Float64Array(alphaSize);
  for (let i = 0; i < alphaSize; i++) weight[i] = Math.max(1, freq[i]!);
  for (;;) {
    // Simple O(n^2) Huffman over at most 258 symbols.
    const w: number[] = [];
    const parent: number[] = [];
    for (let i = 0; i < alphaSize; i++) {
      w.push(weight[i]!);
      parent.push(-1);
    }
    const live: number[] = [];
    for (let i = 0; i < alphaSize; i++) live.push(i);
    while (live.length > 1) {
      live.sort((x, y) => w[x]! - w[y]! || x - y);
      const a = live.shift()!;
      const c = live.shift()!;
      const node = w.length;
      w.push(w[a]! + w[c]!);
      parent.push(-1);
      parent[a] = node;
      parent[c] = node;
      live.push(node);
    }
    let max = 0;
    for (let i = 0; i < alphaSize; i++) {
      let d = 0;
      for (let p = i; parent[p] !== -1; p = parent[p]!) d++;
      lengths[i] = d;
      if (d > max) max = d;
    }
    if (max <= MAX_CODE_LEN) return lengths;
    // As bzip2 does: flatten the weights and try again.
    for (let i = 0; i < alphaSize; i++) weight[i] = 1 + Math.floor(weight[i]! / 2);
  }
}

/** Compresses one block of RLE1 bytes (length 1..MAX_BLOCK) into `out`. */
function writeBlock(out: BitOutput, block: Uint8Array, crc: number): void {
  const n = block.length;
  const sa = sortRotations(block);
  let origPtr = 0;
  const inUse = new Uint8Array(256);
  for (let i = 0; i < n; i++) inUse[block[i]!] = 1;
  const unseqToSeq = new Uint8Array(256);
  let nInUse = 0;
  for (let i = 0; i < 256; i++) if (inUse[i]) unseqToSeq[i] = nInUse++;
  const alphaSize = nInUse + 2;
  const eob = nInUse + 1;

  // MTF over the BWT's last column, zero runs as RUNA (0) / RUNB (1).
  const syms = new Uint16Array(n + 1);
  let nSyms = 0;
  const order = new Uint8Array(nInUse);
  for (let i = 0; i < nInUse; i++) order[i] = i;
  let zrun = 0;
  const flushRun = (): void => {
    let z = zrun - 1;
    for (;;) {
      syms[nSyms++] = z & 1;
      if (z < 2) break;
      z = (z - 2) >> 1;
    }
    zrun = 0;
  };
  for (let j = 0; j < n; j++) {
    const s = sa[j]!;
    if (s === 0) origPtr = j;
    const ch = unseqToSeq[block[s === 0 ? n - 1 : s - 1]!]!;
    if (order[0] === ch) {
      zrun++;
      continue;
    }
    if (zrun > 0) flushRun();
    let k = 1;
    let prev = order[0]!;
    while (order[k] !== ch) {
      const t = order[k]!;
      order[k] = prev;
      prev = t;
      k++;
    }
    order[k] = prev;
    order[0] = ch;
    syms[nSyms++] = k + 1;
  }
  if (zrun > 0) flushRun();
  syms[nSyms++] = eob;

  const freq = new Int32Array(alphaSize);
  for (let i = 0; i < nSyms; i++) freq[syms[i]!] = freq[syms[i]!]! + 1;
  const lengths = codeLengths(freq, alphaSize);
  const codes = new Int32Array(alphaSize);
  let code = 0;
  for (let len = 1; len <= MAX_CODE_LEN; len++) {
    for (let s = 0; s < alphaSize; s++) if (lengths[s] === len) codes[s] = code++;
    code <<= 1;
  }

  out.bits(24, BLOCK_MAGIC_HI);
  out.bits(24, BLOCK_MAGIC_LO);
  out.u32(crc);
  out.bits(1, 0); // not randomised
  out.bits(24, origPtr);
  let ranges = 0;
  for (let r = 0; r < 16; r++) for (let i = 0; i < 16; i++) if (inUse[r * 16 + i]) ranges |= 0x8000 >> r;
  out.bits(16, ranges);
  for (let r = 0; r < 16; r++) {
    if (!(ranges & (0x8000 >> r))) continue;
    let m = 0;
    for (let i = 0; i < 16; i++) if (inUse[r * 16 + i]) m |= 0x8000 >> i;
    out.bits(16, m);
  }
  const nSelectors = Math.ceil(nSyms / GROUP_SIZE);
  out.bits(3, 2);
  out.bits(15, nSelectors);
  for (let i = 0; i < nSelectors; i++) out.bits(1, 0); // MTF of selector 0: unary 0
  for (let t = 0; t < 2; t++) {
    let cur = lengths[0]!;
    out.bits(5, cur);
    for (let s = 0; s < alphaSize; s++) {
      const l = lengths[s]!;
      while (cur < l) {
        out.bits(2, 2);
        cur++;
      }
      while (cur > l) {
        out.bits(2, 3);
        cur--;
      }
      out.bits(1, 0);
    }
  }
  for (let i = 0; i < nSyms; i++) {
    const s = syms[i]!;
    out.bits(lengths[s]!, codes[s]!);
  }
}

/**
 * A streaming bzip2 compressor (bzip2 1.0 format, 900k blocks): push input, take the
 * compressed bytes of each finished block, end to flush the last block and the trailer.
 * Memory: one block plus its sort arrays (about 20 MB at most).
 * @example const e = new Bzip2Encoder(); const parts = [...e.push(bytes), ...e.end()];
 */
export class Bzip2Encoder {
  private readonly out = new BitOutput();
  private block = new Uint8Array(MAX_BLOCK);
  private blockLen = 0;
  private blockCrc = 0xffffffff;
  private combined = 0;
  private runByte = -1;
  private runLen = 0;
  private ended = false;
  private pending: Uint8Array[] = [];

  constructor() {
    this.out.bits(24, 0x425a68); // 'BZh'
    this.out.bits(8, 0x39); // '9'
  }

  /** Adds input; returns the compressed bytes ready so far (possibly none). */
  push(chunk: Uint8Array): Uint8Array[] {
    checkBytes(chunk, 'Bzip2Encoder.push', 'chunk');
    if (this.ended) throw new TypeError('Bzip2Encoder: push after end');
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === this.runByte && this.runLen < 255) this.runLen++;
      else {
        if (this.runLen > 0) this.flushRun();
        this.runByte = c;
        this.runLen = 1;
      }
    }
    return this.drain();
  }

  /** Flushes the last block and writes the end-of-stream marker and combined CRC. */
  end(): Uint8Array[] {
    if (this.ended) return [];
    if (this.runLen > 0) this.flushRun();
    if (this.blockLen > 0) this.endBlock();
    this.out.bits(24, EOS_MAGIC_HI);
    this.out.bits(24, EOS_MAGIC_LO);
    this.out.u32(this.combined);
    this.ended = true;
    this.pending.push(this.out.take(true));
    return this.drain();
  }

  private drain(): Uint8Array[] {
    const p = this.pending;
    this.pending = [];
    return p;
  }

  /** Writes the pending run (1..255 bytes) to the block as RLE1: 1-3 bytes, or 4 bytes and a count. */
  private flushRun(): void {
    const c = this.runByte;
    const n = this.runLen;
    const size = n < 4 ? n : 5;
    if (this.blockLen + size > MAX_BLOCK) this.endBlock();
    let crc = this.blockCrc;
    for (let k = 0; k < n; k++) crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ c) & 0xff]!;
    this.blockCrc = crc;
    const b = this.block;
    for (let k = 0; k < Math.min(n, 4); k++) b[this.blockLen++] = c;
    if (n >= 4) b[this.blockLen++] = n - 4;
    this.runLen = 0;
    this.runByte = -1;
  }

  private endBlock(): void {
    const crc = ~this.blockCrc >>> 0;
    writeBlock(this.out, this.block.subarray(0, this.blockLen), crc);
    this.combined = (((this.combined << 1) | (this.combined >>> 31)) ^ crc) >>> 0;
    this.blockLen = 0;
    this.blockCrc = 0xffffffff;
    const bytes = this.out.take(false);
    if (bytes.length > 0) this.pending.push(bytes);
  }
}

/**
 * Compresses a stream of chunks to bzip2 as they come (one block at a time).
 * @example for (const c of compressBzip2Chunks(writeMrtStream(records))) out.write(c);
 */
export function* compressBzip2Chunks(input: Iterable<Uint8Array>): Generator<Uint8Array, void, undefined> {
  checkIterable(input, 'compressBzip2Chunks', 'input');
  const e = new Bzip2Encoder();
  for (const chunk of input) yield* e.push(chunk);
  yield* e.end();
}

/** Compresses `bytes` to one bzip2 stream. @example decompressBzip2(compressBzip2(b)).output */
export function compressBzip2(bytes: Uint8Array): Uint8Array {
  checkBytes(bytes, 'compressBzip2', 'bytes');
  const parts = [...compressBzip2Chunks([bytes])];
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
