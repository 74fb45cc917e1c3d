// The BMP framer over a byte stream (RFC 7854 section 3.2): chunks, splits, and clean errors
// with the stream offset for a bad version or length.
import { describe, expect, it } from 'vitest';
import { BmpError, BmpFramer, encodeBmpMessage, frameBmp } from '../../src/bmp/index.ts';
import { toHex } from '../../src/wire/hex.ts';

const INIT = encodeBmpMessage({ type: 'initiation', information: [{ type: 2, text: 'r1' }] }); // 12 bytes
const TERM = encodeBmpMessage({ type: 'termination', information: [{ type: 1, code: 0 }] }); // 12 bytes

function catchBmp(fn: () => unknown): BmpError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BmpError);
    return e as BmpError;
  }
  throw new Error('no error');
}

describe('BmpFramer', () => {
  it('frames messages split anywhere, one byte at a time included; a message in one chunk is a view', () => {
    const all = new Uint8Array([...INIT, ...TERM, ...INIT]);
    const f = new BmpFramer();
    const got: string[] = [];
    for (let i = 0; i < all.length; i++) for (const m of f.push(all.subarray(i, i + 1))) got.push(`${m.offset}:${toHex(m.bytes)}`);
    expect(got).toEqual([`0:${toHex(INIT)}`, `12:${toHex(TERM)}`, `24:${toHex(INIT)}`]);
    const whole = new BmpFramer().push(all);
    expect(whole.map((m) => m.bytes.buffer === all.buffer)).toEqual([true, true, true]);
    expect(f.buffered).toBe(0);
    expect(f.offset).toBe(36);
  });

  it('a bad version is an error at its stream offset, as soon as its first byte arrives, and stays', () => {
    const f = new BmpFramer();
    expect(f.push(INIT)).toHaveLength(1);
    const e = catchBmp(() => f.push(Uint8Array.of(4)));
    expect(e.offset).toBe(12);
    expect(e.message).toMatch(/version 4 is not 3 \(at byte 12\)/);
    expect(catchBmp(() => f.push(INIT))).toBe(e);
    expect(() => f.end()).toThrow(e);
  });

  it('a length below the minimum or above the limit is an error before anything is buffered', () => {
    expect(catchBmp(() => new BmpFramer().push(Uint8Array.of(3, 0, 0, 0, 47, 0))).message).toMatch(/route-monitoring length 47 is below 48 \(at byte 1\)/);
    const big = new BmpFramer({ maxLength: 1000 });
    const e = catchBmp(() => big.push(Uint8Array.of(3, 0xff, 0xff, 0xff, 0xff, 4)));
    expect(e.message).toMatch(/length 4294967295 exceeds the limit 1000/);
    expect(big.buffered).toBe(6);
  });

  it('end() inside a message is an error naming the bytes left; frameBmp does it on a buffer', () => {
    const f = new BmpFramer();
    f.push(INIT.subarray(0, 5));
    expect(catchBmp(() => f.end()).message).toMatch(/stream ends inside a message: 5 bytes left \(at byte 0\)/);
    expect(frameBmp(new Uint8Array([...INIT, ...TERM])).map((m) => m.offset)).toEqual([0, 12]);
    expect(catchBmp(() => frameBmp(new Uint8Array([...INIT, 3]))).offset).toBe(12);
    expect(() => new BmpFramer().push('x' as never)).toThrow(TypeError);
    // Good messages before a bad header in one chunk come out; the error waits in `error` and the next call.
    const g = new BmpFramer();
    expect(g.push(new Uint8Array([...INIT, 9, 9])).map((m) => m.offset)).toEqual([0]);
    expect(g.error?.offset).toBe(12);
    expect(catchBmp(() => g.push(INIT))).toBe(g.error);
  });

  it('memory is bounded: 10,000 one-byte chunks of a large message are copied once', () => {
    const m = encodeBmpMessage({ type: 'unknown', messageType: 200, body: new Uint8Array(10_000).fill(7) });
    const f = new BmpFramer();
    let out = 0;
    for (let i = 0; i < m.length; i++) out += f.push(m.subarray(i, i + 1)).length;
    expect(out).toBe(1);
    expect(f.buffered).toBe(0);
  });
});
