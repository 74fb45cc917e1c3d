import { type BitInput, NEED_MORE } from './bzip2-bits.ts';

// The decoder indexes its own tables in the hot loops; every index is bounded by
// construction (symbols < alphaSize, positions < nblock checked before use), so the
// `as number` casts stand for checks already made.

const MAX_GROUPS = 6;
const MAX_ALPHA = 258;
const MAX_CODE_LEN = 20;
const GROUP_SIZE = 50;
/** bzip2 1.0.8 reads at most this many selectors and ignores the rest (CVE-2019-12900). */
const MAX_SELECTORS = 18002;
const FAST_BITS = 10;

/** The bzip2 CRC-32 table (polynomial 0x04c11db7, MSB first); the encoder shares it. */
export const CRC_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** One decoded block: its BWT vector, read out through RLE1 in pieces. */
export interface Bzip2Block {
  /** The block CRC stored in the stream. */
  readonly expectedCrc: number;
  /** Up to `max` more output bytes, or `undefined` when the block is exhausted. */
  read(max: number): Uint8Array | undefined;
  /** The CRC of the output read so far (equals `expectedCrc` once exhausted, if intact). */
  crc(): number;
}

interface Table {
  minLen: number;
  maxLen: number;
  limit: Int32Array;
  base: Int32Array;
  perm: Int32Array;
  /** (length << 16) | symbol for codes of at most FAST_BITS bits, else 0. */
  fast: Int32Array;
}

function buildTable(lengths: Uint8Array, alphaSize: number): Table {
  let minLen = 32;
  let maxLen = 0;
  for (let i = 0; i < alphaSize; i++) {
    const l = lengths[i] as number;
    if (l > maxLen) maxLen = l;
    if (l < minLen) minLen = l;
  }
  const perm = new Int32Array(MAX_ALPHA);
  const base = new Int32Array(MAX_CODE_LEN + 3);
  const limit = new Int32Array(MAX_CODE_LEN + 3);
  let pp = 0;
  for (let i = minLen; i <= maxLen; i++) for (let j = 0; j < alphaSize; j++) if (lengths[j] === i) perm[pp++] = j;
  for (let i = 0; i < alphaSize; i++) {
    const at = (lengths[i] as number) + 1;
    base[at] = (base[at] as number) + 1;
  }
  for (let i = 1; i < base.length; i++) base[i] = (base[i] as number) + (base[i - 1] as number);
  let vec = 0;
  for (let i = minLen; i <= maxLen; i++) {
    vec += (base[i + 1] as number) - (base[i] as number);
    limit[i] = vec - 1;
    vec <<= 1;
  }
  for (let i = minLen + 1; i <= maxLen; i++) base[i] = (((limit[i - 1] as number) + 1) << 1) - (base[i] as number);
  // The fast table: code c of length L decodes to perm[c - base[L]] (as the slow path).
  const fast = new Int32Array(1 << FAST_BITS);
  for (let len = minLen; len <= Math.min(maxLen, FAST_BITS); len++) {
    let count = 0;
    for (let i = 0; i < alphaSize; i++) if (lengths[i] === len) count++;
    const last = limit[len] as number;
    for (let code = last - count + 1; code <= last; code++) {
      const entry = (len << 16) | (perm[code - (base[len] as number)] as number);
      const from = code << (FAST_BITS - len);
      fast.fill(entry, from, from + (1 << (FAST_BITS - len)));
    }
  }
  return { minLen, maxLen, limit, base, perm, fast };
}

/** Buffers one decoder reuses from block to block (the BWT vector is up to 3.6 MB: allocate it once). */
export interface Bzip2Scratch {
  tt?: Uint32Array;
}

/**
 * Decodes one block after its magic (RFC-less format: bzip2 1.0 `decompress.c`), into
 * a {@link Bzip2Block}. Throws {@link NEED_MORE} when the input runs out.
 */
export function decodeBzip2Block(inp: BitInput, maxBlock: number, fail: (message: string) => never, scratch: Bzip2Scratch): Bzip2Block {
  const expectedCrc = ((inp.bits(16) << 16) | inp.bits(16)) >>> 0;
  if (inp.bits(1) !== 0) fail('randomised blocks (bzip2 < 0.9.5) are not supported');
  const origPtr = inp.bits(24);

  const seqToUnseq = new Uint8Array(256);
  let nInUse = 0;
  const used = inp.bits(16);
  for (let i = 0; i < 16; i++) {
    if ((used & (0x8000 >> i)) === 0) continue;
    const v = inp.bits(16);
    for (let j = 0; j < 16; j++) if (v & (0x8000 >> j)) seqToUnseq[nInUse++] = i * 16 + j;
  }
  if (nInUse === 0) fail('no symbols in use');
  const alphaSize = nInUse + 2;

  const nGroups = inp.bits(3);
  if (nGroups < 2 || nGroups > MAX_GROUPS) fail(`bad number of Huffman groups ${nGroups}`);
  const nSelectorsRaw = inp.bits(15);
  if (nSelectorsRaw < 1) fail('no selectors');
  const nSelectors = Math.min(nSelectorsRaw, MAX_SELECTORS);
  const selectors = new Uint8Array(nSelectors);
  const pos = [0, 1, 2, 3, 4, 5];
  for (let i = 0; i < nSelectorsRaw; i++) {
    let j = 0;
    while (inp.bits(1) === 1) if (++j >= nGroups) fail('bad selector');
    if (i >= nSelectors) continue;
    const v = pos[j] as number;
    for (let k = j; k > 0; k--) pos[k] = pos[k - 1] as number;
    pos[0] = v;
    selectors[i] = v;
  }

  const tables: Table[] = [];
  const lengths = new Uint8Array(MAX_ALPHA);
  for (let t = 0; t < nGroups; t++) {
    let curr = inp.bits(5);
    for (let i = 0; i < alphaSize; i++) {
      for (;;) {
        if (curr < 1 || curr > MAX_CODE_LEN) fail(`bad code length ${curr}`);
        if (inp.bits(1) === 0) break;
        curr += inp.bits(1) === 0 ? 1 : -1;
      }
      lengths[i] = curr;
    }
    tables.push(buildTable(lengths, alphaSize));
  }

  if (scratch.tt === undefined || scratch.tt.length < maxBlock) scratch.tt = new Uint32Array(maxBlock);
  const tt = scratch.tt;
  const unzftab = new Int32Array(256);
  const mtf = new Uint8Array(256);
  for (let i = 0; i < 256; i++) mtf[i] = i;
  const eob = nInUse + 1;
  let nblock = 0;
  let groupNo = -1;
  let groupPos = 0;
  let table = tables[0] as Table;
  let runLength = 0;
  let runBit = 0;
  // Local copies of the bit reader's state for the hot loop, written back on exit.
  const buf = inp.buf;
  const end = inp.end;
  let bytePos = inp.bytePos;
  let bitBuf = inp.bitBuf;
  let bitCount = inp.bitCount;
  try {
    for (;;) {
      if (groupPos === 0) {
        if (++groupNo >= nSelectors) fail('ran out of selectors');
        groupPos = GROUP_SIZE;
        table = tables[selectors[groupNo] as number] as Table;
      }
      groupPos--;
      while (bitCount < 24 && bytePos < end) {
        bitBuf = ((bitBuf << 8) | (buf[bytePos++] as number)) & 0xffffffff;
        bitCount += 8;
      }
      // Peek 20 bits (zero-padded when the input ends: a code longer than the bits left needs more input).
      const peek = bitCount >= MAX_CODE_LEN ? (bitBuf >>> (bitCount - MAX_CODE_LEN)) & 0xfffff : (bitBuf << (MAX_CODE_LEN - bitCount)) & 0xfffff;
      let sym: number;
      let len: number;
      const f = table.fast[peek >>> (MAX_CODE_LEN - FAST_BITS)] as number;
      if (f !== 0) {
        len = f >>> 16;
        sym = f & 0xffff;
      } else {
        len = Math.max(table.minLen, FAST_BITS + 1);
        let code = peek >>> (MAX_CODE_LEN - len);
        while (len <= table.maxLen && code > (table.limit[len] as number)) {
          len++;
          code = peek >>> (MAX_CODE_LEN - len);
        }
        if (len > table.maxLen) fail('bad Huffman code');
        const k = code - (table.base[len] as number);
        if (k < 0 || k >= MAX_ALPHA) fail('bad Huffman code');
        sym = table.perm[k] as number;
      }
      if (len > bitCount) throw NEED_MORE;
      bitCount -= len;
      bitBuf &= (1 << bitCount) - 1;

      if (sym <= 1) {
        // RUNA/RUNB: a bijective base-2 run length of the front symbol.
        if (runBit > 21) fail('run too long');
        runLength += (sym + 1) << runBit;
        runBit++;
        continue;
      }
      if (runLength > 0) {
        const uc = seqToUnseq[mtf[0] as number] as number;
        if (nblock + runLength > maxBlock) fail('block longer than declared size');
        unzftab[uc] = (unzftab[uc] as number) + runLength;
        tt.fill(uc, nblock, nblock + runLength);
        nblock += runLength;
        runLength = 0;
        runBit = 0;
      }
      if (sym === eob) break;
      if (sym > eob) fail('bad symbol');
      if (nblock >= maxBlock) fail('block longer than declared size');
      const nn = sym - 1;
      const v = mtf[nn] as number;
      // Move to front: a short loop for the usual small indexes, memmove for large ones.
      if (nn < 16) for (let k = nn; k > 0; k--) mtf[k] = mtf[k - 1] as number;
      else mtf.copyWithin(1, 0, nn);
      mtf[0] = v;
      const uc = seqToUnseq[v] as number;
      unzftab[uc] = (unzftab[uc] as number) + 1;
      tt[nblock++] = uc;
    }
  } finally {
    inp.bytePos = bytePos;
    inp.bitBuf = bitBuf;
    inp.bitCount = bitCount;
  }
  if (origPtr >= nblock) fail(`origin pointer ${origPtr} out of range (${nblock})`);

  // Inverse BWT: link each position to its successor (bzip2's "fast" tt layout).
  const cftab = new Int32Array(257);
  for (let i = 0; i < 256; i++) cftab[i + 1] = (cftab[i] as number) + (unzftab[i] as number);
  for (let i = 0; i < nblock; i++) {
    const uc = (tt[i] as number) & 0xff;
    const at = cftab[uc] as number;
    tt[at] = (tt[at] as number) | (i << 8);
    cftab[uc] = at + 1;
  }
  return blockReader(tt, nblock, origPtr, expectedCrc);
}

function blockReader(tt: Uint32Array, nblock: number, origPtr: number, expectedCrc: number): Bzip2Block {
  let tPos = (tt[origPtr] as number) >>> 8;
  let i = 0;
  let crc = 0xffffffff;
  let last = -1;
  let runLen = 0;
  let rep = 0;
  return {
    expectedCrc,
    crc: () => ~crc >>> 0,
    read(max: number): Uint8Array | undefined {
      if (rep === 0 && i >= nblock) return undefined;
      let out = new Uint8Array(Math.min(max, 1 << 16));
      let o = 0;
      let c = crc;
      while (o < max) {
        if (o === out.length) {
          const next = new Uint8Array(Math.min(max, out.length * 4));
          next.set(out);
          out = next;
        }
        if (rep > 0) {
          // RLE1: a count byte after four equal bytes repeats the byte 0..255 more times.
          const n = Math.min(rep, out.length - o);
          out.fill(last, o, o + n);
          for (let k = 0; k < n; k++) c = (c << 8) ^ (CRC_TABLE[((c >>> 24) ^ last) & 0xff] as number);
          o += n;
          rep -= n;
          continue;
        }
        if (i >= nblock) break;
        tPos = tt[tPos] as number;
        const ch = tPos & 0xff;
        tPos >>>= 8;
        i++;
        if (runLen === 4) {
          rep = ch;
          runLen = 0;
          continue;
        }
        if (ch === last) runLen++;
        else {
          last = ch;
          runLen = 1;
        }
        out[o++] = ch;
        c = (c << 8) ^ (CRC_TABLE[((c >>> 24) ^ ch) & 0xff] as number);
      }
      crc = c;
      return o === 0 ? undefined : out.subarray(0, o);
    },
  };
}
