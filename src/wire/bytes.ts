// Big-endian reads at a known-good offset, for code that has already checked its bounds
// (the lazy views, the decoder's fast paths and text caches): one place for the byte
// arithmetic, as the style asks of src/wire.

/** The 2-octet big-endian value at `p` (the caller has checked `p + 2 <= b.length`). */
export function u16(b: Uint8Array, p: number): number {
  return ((b[p] as number) << 8) | (b[p + 1] as number);
}

/** The 4-octet big-endian value at `p` (the caller has checked `p + 4 <= b.length`). */
export function u32(b: Uint8Array, p: number): number {
  return (((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number)) >>> 0;
}

/**
 * The 4-octet big-endian value at `p` as a signed int32 (the caller has checked
 * `p + 4 <= b.length`): the same 32 bits as {@link u32}, a number V8 never boxes.
 */
export function i32(b: Uint8Array, p: number): number {
  return ((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number);
}
