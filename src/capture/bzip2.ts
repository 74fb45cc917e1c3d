import { CaptureError } from './capture-error.ts';
import { decodeBzip2Block, type Bzip2Block, type Bzip2Scratch } from './bzip2-block.ts';
import { BitInput, NEED_MORE } from './bzip2-bits.ts';
import { checkBytes, checkIterable } from '../wire/args.ts';

/** Where and why a bzip2 input ended early (see {@link Bzip2Decoder.truncation}). */
export interface Bzip2Truncation {
  /** Byte offset in the compressed input of the first byte that could not be used (start of the incomplete block or header). */
  readonly offset: number;
  /** Decompressed bytes produced before the truncation. */
  readonly outputOffset: number;
  /** Short lowercase reason, e.g. `truncated inside block 12`. */
  readonly reason: string;
}

/** What {@link decompressBzip2} returns. */
export interface Bzip2Result {
  /** All decompressed bytes of the complete blocks. */
  readonly output: Uint8Array;
  /** Set when the input ended inside a stream. */
  readonly truncation?: Bzip2Truncation;
}

/** Block and end-of-stream magics (the digits of pi and of sqrt(pi)), in 24-bit halves; the encoder shares them. */
export const BLOCK_MAGIC_HI = 0x314159;
export const BLOCK_MAGIC_LO = 0x265359;
export const EOS_MAGIC_HI = 0x177245;
export const EOS_MAGIC_LO = 0x385090;
/** Default size of the chunks {@link Bzip2Decoder.pull} returns. */
const DEFAULT_CHUNK = 1 << 18;

type Phase = 'stream-header' | 'block-header' | 'output' | 'done';

/**
 * A streaming bzip2 decompressor (the format of bzip2 1.0: Huffman, MTF, RLE2, BWT, RLE1),
 * pure and bounded: it holds one compressed block and one decoded block (at most 900 kB
 * each) plus the input not yet used. Several concatenated streams (as `pbzip2` and `cat`
 * make) decode as one. Block and stream CRCs are checked.
 *
 * Push input with {@link push}, say {@link end} after the last chunk, and {@link pull}
 * output until it returns `undefined`. A truncated input is not an error: output stops
 * after the last complete block and {@link truncation} says where.
 * @example
 * const d = new Bzip2Decoder();
 * d.push(bytes); d.end();
 * for (let out = d.pull(); out !== undefined; out = d.pull()) use(out);
 */
export class Bzip2Decoder {
  private readonly input = new BitInput();
  private phase: Phase = 'stream-header';
  private ended = false;
  private blockSize100k = 0;
  private streamCrc = 0;
  private block: Bzip2Block | undefined;
  private blockIndex = 0;
  private streamIndex = 0;
  private produced = 0;
  private readonly chunkSize: number;
  // Retrying a block decode after every small push would be quadratic: wait for growth.
  private retryAt = 0;
  private readonly scratch: Bzip2Scratch = {};
  private truncationValue: Bzip2Truncation | undefined;
  private trailingValue = 0;

  constructor(chunkSize: number = DEFAULT_CHUNK) {
    this.chunkSize = Math.max(1, chunkSize | 0);
  }

  /** Feeds the next chunk of compressed input (the decoder keeps a reference until used). */
  push(chunk: Uint8Array): void {
    checkBytes(chunk, 'Bzip2Decoder.push', 'chunk');
    if (this.ended) throw new TypeError('bzip2: push after end');
    this.input.push(chunk);
  }

  /** Says no more input will come: a stream left open becomes a {@link truncation}. */
  end(): void {
    this.ended = true;
  }

  /** Whether all input has been decoded (or found truncated) and all output pulled. */
  get isDone(): boolean {
    return this.phase === 'done';
  }

  /** Set once the input ended inside a stream (valid after {@link end} and a `pull` returning `undefined`). */
  get truncation(): Bzip2Truncation | undefined {
    return this.truncationValue;
  }

  /** Bytes after the last stream that are not a bzip2 stream (bzip2(1) warns and ignores them). */
  get trailingGarbage(): number {
    return this.trailingValue;
  }

  /** Decompressed bytes produced so far. */
  get outputOffset(): number {
    return this.produced;
  }

  /** Compressed input bytes copied into the decoder's buffer so far (O(input), however it is chunked). */
  get bytesCopied(): number {
    return this.input.bytesCopied;
  }

  /** Compressed bytes fully used so far (the offset truncations are reported at). */
  get inputOffset(): number {
    return this.input.consumedBytes();
  }

  /**
   * The next piece of output, or `undefined` when more input is needed (or all is done).
   * @throws CaptureError on corrupt data (bad magic, Huffman tables or CRC), naming the byte offset.
   */
  pull(): Uint8Array | undefined {
    for (;;) {
      switch (this.phase) {
        case 'done':
          return undefined;
        case 'output': {
          const block = this.block as Bzip2Block;
          const out = block.read(this.chunkSize);
          if (out !== undefined) {
            this.produced += out.length;
            return out;
          }
          if (block.crc() !== block.expectedCrc) {
            this.corrupt(`block ${this.blockIndex} crc mismatch (${hex(block.crc())} != ${hex(block.expectedCrc)})`);
          }
          this.streamCrc = (((this.streamCrc << 1) | (this.streamCrc >>> 31)) ^ block.expectedCrc) >>> 0;
          this.block = undefined;
          this.blockIndex++;
          this.phase = 'block-header';
          break;
        }
        case 'stream-header':
          if (!this.readStreamHeader()) return this.starve('truncated in stream header');
          break;
        case 'block-header':
          if (!this.readBlock()) return this.starve(`truncated inside block ${this.blockIndex}`);
          break;
      }
    }
  }

  private starve(reason: string): undefined {
    if (this.ended && this.phase !== 'done') {
      this.truncationValue = { offset: this.input.consumedBytes(), outputOffset: this.produced, reason };
      this.phase = 'done';
    }
    return undefined;
  }

  private readStreamHeader(): boolean {
    const inp = this.input;
    if (this.streamIndex > 0) {
      // After a stream: end of input, another stream, or trailing garbage.
      if (inp.availableBytes() === 0) {
        if (this.ended) this.phase = 'done';
        return this.ended;
      }
      if (inp.availableBytes() < 4 && !this.ended) return false;
      if (!inp.startsWithMagic()) {
        this.trailingValue = inp.availableBytes();
        inp.skipAll();
        this.phase = 'done';
        return true;
      }
    }
    if (inp.availableBytes() < 4) return false;
    const b = inp.headerBytes();
    if (b[0] !== 0x42 || b[1] !== 0x5a || b[2] !== 0x68 || b[3] < 0x31 || b[3] > 0x39) {
      this.corrupt('not a bzip2 stream (no BZh1-9 header)');
    }
    this.blockSize100k = b[3] - 0x30;
    inp.skipBytes(4);
    this.streamCrc = 0;
    this.streamIndex++;
    this.phase = 'block-header';
    return true;
  }

  private readBlock(): boolean {
    const inp = this.input;
    const avail = inp.availableBytes();
    if (!this.ended && avail < this.retryAt) return false;
    const mark = inp.mark();
    try {
      const hi = inp.bits(24);
      const lo = inp.bits(24);
      if (hi === EOS_MAGIC_HI && lo === EOS_MAGIC_LO) {
        const crc = ((inp.bits(16) << 16) | inp.bits(16)) >>> 0;
        if (crc !== this.streamCrc) this.corrupt(`stream crc mismatch (${hex(this.streamCrc)} != ${hex(crc)})`);
        inp.alignToByte();
        this.phase = 'stream-header';
        this.retryAt = 0;
        return true;
      }
      if (hi !== BLOCK_MAGIC_HI || lo !== BLOCK_MAGIC_LO) this.corrupt(`bad block magic in block ${this.blockIndex}`);
      this.block = decodeBzip2Block(inp, this.blockSize100k * 100000, (m) => this.corrupt(`block ${this.blockIndex}: ${m}`), this.scratch);
      this.phase = 'output';
      this.retryAt = 0;
      inp.release();
      return true;
    } catch (e) {
      if (e !== NEED_MORE) throw e;
      inp.reset(mark);
      // Each failed attempt costs its input again: wait for the input to double, but never
      // for more than the largest compressed block (bzip2 expands at most ~1% + 600 bytes).
      this.retryAt = Math.min(Math.max(avail * 2, avail + (1 << 16)), this.blockSize100k * 102_000 + 1024);
      return false;
    }
  }

  private corrupt(message: string): never {
    throw new CaptureError('bad-block', `bzip2: ${message}`, this.input.consumedBytes());
  }
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** Whether `bytes` start like a bzip2 stream (`BZh1`..`BZh9`). */
export function isBzip2(bytes: Uint8Array): boolean {
  checkBytes(bytes, 'isBzip2', 'bytes');
  const d = bytes[3] ?? 0;
  return bytes[0] === 0x42 && bytes[1] === 0x5a && bytes[2] === 0x68 && d >= 0x31 && d <= 0x39;
}

/**
 * Decompresses a whole bzip2 buffer (all streams); a truncated input gives the output of
 * its complete blocks and a `truncation`.
 * @throws CaptureError on corrupt data.
 * @example const { output, truncation } = decompressBzip2(bytes);
 */
export function decompressBzip2(bytes: Uint8Array): Bzip2Result {
  checkBytes(bytes, 'decompressBzip2', 'bytes');
  const d = new Bzip2Decoder();
  d.push(bytes);
  d.end();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let out = d.pull(); out !== undefined; out = d.pull()) {
    parts.push(out);
    total += out.length;
  }
  const output = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    output.set(p, o);
    o += p.length;
  }
  const t = d.truncation;
  return t === undefined ? { output } : { output, truncation: t };
}

/**
 * Iterates over the decompressed chunks of `input` chunks (sync), for bounded-memory
 * pipelines; `onTruncation` hears where a truncated input ended.
 * @throws CaptureError on corrupt data.
 */
export function* bzip2Chunks(input: Iterable<Uint8Array>, onTruncation?: (t: Bzip2Truncation) => void): Generator<Uint8Array, void, undefined> {
  checkIterable(input, 'bzip2Chunks', 'input');
  const d = new Bzip2Decoder();
  for (const chunk of input) {
    d.push(chunk);
    for (let out = d.pull(); out !== undefined; out = d.pull()) yield out;
  }
  d.end();
  for (let out = d.pull(); out !== undefined; out = d.pull()) yield out;
  if (d.truncation !== undefined && onTruncation !== undefined) onTruncation(d.truncation);
}
