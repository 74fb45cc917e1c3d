import { argError, checkBytes } from './args.ts';

// Performance: text output (the CLI's lines, JSON) written as UTF-8 straight into one
// growable byte buffer, so that a line costs no intermediate strings, no join and no
// string-to-UTF-8 conversion at the end. Decimal digits come from a table of pairs.

const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 48 + Math.floor(i / 10);
  PAIRS[2 * i + 1] = 48 + (i % 10);
}
const HEX = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);
// The decimal text of each octet value: 4 slots per value, the digit count then up to 3 digits.
const OCTETS = new Uint8Array(1024);
for (let i = 0; i < 256; i++) {
  const d = String(i);
  OCTETS[4 * i] = d.length;
  for (let j = 0; j < d.length; j++) OCTETS[4 * i + 1 + j] = d.charCodeAt(j);
}

/**
 * A growable UTF-8 text buffer: `bytes[0 .. pos)` is the text written so far. Writes grow
 * the buffer as needed (doubling); `reset()` starts over in the same buffer.
 */
export class TextWriter {
  bytes: Uint8Array;
  pos = 0;
  // Where a text() that ended in a lone high surrogate left `pos` (its U+FFFD the 3 bytes
  // before), and that unit: a next text() starting with the low half writes the pair instead,
  // so split strings give the bytes of their concatenation, as TextEncoder on the joined text.
  private highEnd = -1;
  private high = 0;

  /** A writer with room for `capacity` bytes before it first grows. */
  constructor(capacity: number = 1 << 16) {
    if (typeof capacity !== 'number' || !(capacity >= 0 && capacity <= 2 ** 31)) throw argError('TextWriter', 'capacity', 'a number from 0 to 2 ** 31', capacity);
    this.bytes = new Uint8Array(Math.max(16, Math.floor(capacity)));
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.pos));
    this.bytes = next;
  }

  /** Forgets the text written (the buffer is kept). */
  reset(): void {
    this.pos = 0;
    this.highEnd = -1;
  }

  /** One byte (an ASCII character code). */
  byte(c: number): void {
    if (this.pos >= this.bytes.length) this.ensure(1);
    this.bytes[this.pos++] = c;
  }

  /** The UTF-8 of `s`; a lone surrogate becomes U+FFFD, as `TextEncoder` and Node streams write it. */
  text(s: string): void {
    if (typeof s !== 'string') throw argError('TextWriter.text', 's', 'a string', s);
    const n = s.length;
    // At most 3 bytes per UTF-16 unit (a surrogate pair is 2 units and 4 bytes).
    if (this.pos + 3 * n > this.bytes.length) this.ensure(3 * n);
    const b = this.bytes;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = p;
        this.nonAscii(s, i);
        return;
      }
      b[p++] = c;
    }
    this.pos = p;
  }

  /** The decimal digits of a non-negative integer (up to 2 ** 53). */
  uint(v: number): void {
    if (typeof v !== 'number' || !(v >= 0)) throw argError('TextWriter.uint', 'v', 'a non-negative integer', v);
    if (v < 10) {
      this.byte(48 + v);
      return;
    }
    if (v >= 4294967296) {
      this.text(String(v));
      return;
    }
    let digits = 2;
    for (let t = 100; t <= v && digits < 10; t *= 10) digits++;
    if (this.pos + digits > this.bytes.length) this.ensure(digits);
    const b = this.bytes;
    let p = this.pos + digits;
    this.pos = p;
    let x = v;
    while (x >= 100) {
      const r = (x % 100) * 2;
      x = Math.floor(x / 100);
      b[--p] = PAIRS[r + 1] as number;
      b[--p] = PAIRS[r] as number;
    }
    if (x >= 10) {
      b[--p] = PAIRS[2 * x + 1] as number;
      b[--p] = PAIRS[2 * x] as number;
    } else b[--p] = 48 + x;
  }

  /** Lowercase hex of `src` (two digits per byte). */
  hex(src: Uint8Array): void {
    checkBytes(src, 'TextWriter.hex', 'src');
    const n = src.length;
    if (this.pos + 2 * n > this.bytes.length) this.ensure(2 * n);
    const b = this.bytes;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const x = src[i] as number;
      b[p++] = HEX[x >> 4] as number;
      b[p++] = HEX[x & 15] as number;
    }
    this.pos = p;
  }

  /** Writes again the bytes at `[start, end)` of the text already written (a repeated field). */
  repeat(start: number, end: number): void {
    const n = end - start;
    if (this.pos + n > this.bytes.length) this.ensure(n);
    this.bytes.copyWithin(this.pos, start, end);
    this.pos += n;
  }

  /**
   * Dotted-quad text of the IPv4 address whose 32 bits are `v` (`a.b.c.d`), digits by table.
   * `v` may be unsigned or signed (an int32 such as `x | 0`: the same 32 bits, and a number V8
   * never boxes).
   */
  ipv4(v: number): void {
    if (typeof v !== 'number' || !(v >= -0x80000000 && v <= 0xffffffff) || v !== Math.floor(v)) throw argError('TextWriter.ipv4', 'v', 'a 32-bit integer (signed or unsigned)', v);
    if (this.pos + 15 > this.bytes.length) this.ensure(15);
    const b = this.bytes;
    let p = this.pos;
    for (let shift = 24; shift >= 0; shift -= 8) {
      const k = ((v >>> shift) & 255) << 2;
      const n = OCTETS[k] as number;
      b[p] = OCTETS[k + 1] as number;
      if (n > 1) {
        b[p + 1] = OCTETS[k + 2] as number;
        if (n > 2) b[p + 2] = OCTETS[k + 3] as number;
      }
      p += n;
      if (shift !== 0) b[p++] = 46;
    }
    this.pos = p;
  }

  // The rest of `s` from its first non-ASCII unit `i` (room already made by text()).
  private nonAscii(s: string, from: number): void {
    const b = this.bytes;
    let p = this.pos;
    const joinsHigh = from === 0 && this.highEnd === p && p >= 3;
    this.highEnd = -1;
    for (let i = from; i < s.length; i++) {
      let cp = s.charCodeAt(i);
      if (cp < 0x80) {
        b[p++] = cp;
        continue;
      }
      if (cp >= 0xd800 && cp <= 0xdfff) {
        const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (cp <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (d - 0xdc00);
          i++;
        } else if (i === 0 && joinsHigh && cp >= 0xdc00) {
          // The low half of a pair whose high half ended the previous text(): replace its U+FFFD.
          p -= 3;
          cp = 0x10000 + ((this.high - 0xd800) << 10) + (cp - 0xdc00);
        } else {
          if (cp <= 0xdbff && i === s.length - 1) {
            this.high = cp;
            this.highEnd = p + 3;
          }
          cp = 0xfffd;
        }
      }
      if (cp < 0x800) {
        b[p++] = 0xc0 | (cp >> 6);
        b[p++] = 0x80 | (cp & 63);
      } else if (cp < 0x10000) {
        b[p++] = 0xe0 | (cp >> 12);
        b[p++] = 0x80 | ((cp >> 6) & 63);
        b[p++] = 0x80 | (cp & 63);
      } else {
        b[p++] = 0xf0 | (cp >> 18);
        b[p++] = 0x80 | ((cp >> 12) & 63);
        b[p++] = 0x80 | ((cp >> 6) & 63);
        b[p++] = 0x80 | (cp & 63);
      }
    }
    this.pos = p;
  }
}
