// Performance: on V8 a Uint8Array over 64 bytes gets its own off-heap ArrayBuffer (a backing
// store, its tracking and its sweeping: ≈ 300 ns), more than writing a small message costs; a
// view of a shared block costs a few nanoseconds. Node's pool of small buffers works the same way.

/**
 * Hands out fresh byte ranges carved from shared blocks of `blockBytes`, 8-byte aligned; a
 * range over `maxCarved` bytes gets an array of its own. No range is handed out twice, and each
 * comes zeroed (from a fresh block). The ranges share their `buffer`: never transfer one
 * (`postMessage` would detach the block under the others), and a kept range keeps its block alive.
 */
export class Slab {
  private block: ArrayBuffer = new ArrayBuffer(0);
  private used = 0;
  private readonly blockBytes: number;
  private readonly maxCarved: number;

  constructor(blockBytes: number, maxCarved: number) {
    this.blockBytes = blockBytes;
    this.maxCarved = maxCarved;
  }

  /** `n` zeroed bytes nobody else holds. */
  take(n: number): Uint8Array {
    if (n > this.maxCarved) return new Uint8Array(n);
    if (this.used + n > this.block.byteLength) {
      this.block = new ArrayBuffer(this.blockBytes);
      this.used = 0;
    }
    const out = new Uint8Array(this.block, this.used, n);
    this.used += (n + 7) & ~7;
    return out;
  }
}
