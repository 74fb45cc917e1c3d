import type { PathAttribute } from '../attributes/types.ts';
import { toHex } from '../wire/hex.ts';

/** One interned set of path attributes: every route with equal attributes shares it. */
export interface AttrSet {
  readonly key: string;
  readonly attributes: readonly PathAttribute[];
  /** Routes referring to this set. */
  refs: number;
}

function keyOf(attrs: readonly PathAttribute[]): string {
  // Attribute values are small plain data: a JSON text with bytes as hex and bigints as
  // decimal is a faithful key (the same text means the same attributes).
  return JSON.stringify(attrs, (_k, v: unknown) => (v instanceof Uint8Array ? `0x${toHex(v)}` : typeof v === 'bigint' ? `${v}n` : v));
}

/**
 * Interned attribute sets (so that memory grows with distinct attribute sets, not with
 * routes). Sets are released when their last route goes.
 */
export class AttrSetTable {
  private readonly sets = new Map<string, AttrSet>();

  /** The shared set equal to `attrs` (created on first use, with no references yet). */
  intern(attrs: readonly PathAttribute[]): AttrSet {
    const key = keyOf(attrs);
    let set = this.sets.get(key);
    if (set === undefined) {
      set = { key, attributes: Object.freeze(attrs.slice()), refs: 0 };
      this.sets.set(key, set);
    }
    return set;
  }

  /** Drops a reference; the set is forgotten when none is left. */
  release(set: AttrSet): void {
    set.refs--;
    if (set.refs <= 0) this.sets.delete(set.key);
  }

  /** Number of distinct attribute sets held. */
  get size(): number {
    return this.sets.size;
  }
}
