import type { PathAttribute } from '../attributes/types.ts';
import type { Candidate } from '../decision/facts.ts';
import type { Ineligibility, Route } from '../decision/types.ts';
import { hashWireKey, sameWireKey, wireKeyText } from './wire-key.ts';
import { checkArray } from '../wire/args.ts';

/** One interned set of path attributes: every route with equal attributes shares it. */
export interface AttrSet {
  readonly attributes: readonly PathAttribute[];
  /** Structural hash of `attributes` (the interning key; equal sets have equal hashes). */
  readonly hash: number;
  /** Routes referring to this set. */
  refs: number;
  /**
   * The decision process's view of this set as received from peer `peer` (RIB peer id, -1 for
   * none yet): one Route object and its prepared candidate, computed once and reused by every
   * prefix and every selection (most sets come from one peer, so one slot is enough).
   */
  peer: number;
  route: Route | undefined;
  prepared: Candidate | Ineligibility | undefined;
  /**
   * The attribute bytes this set was first decoded from ({@link updateWireKey}, one character
   * per byte), by whom (`wireOwner`, a token of one peer's session) and their hash; undefined
   * until a caller hands the RIB an UPDATE's bytes.
   */
  wire: string | undefined;
  wireOwner: number;
  wireHash: number;
}

// A structural hash over decoded attribute values (plain data: numbers, strings, booleans,
// bigints, Uint8Arrays, arrays, objects). Storing no key text keeps memory per set to the
// attributes themselves; a lookup walks the attributes twice at most (hash, then equality).
function mix(h: number, v: number): number {
  return Math.imul(h ^ v, 0x01000193);
}

function hashString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return mix(h, s.length);
}

function hashValue(h: number, v: unknown): number {
  switch (typeof v) {
    case 'number':
      return (v | 0) === v ? mix(mix(h, 1), v) : hashString(mix(h, 2), String(v));
    case 'string':
      return hashString(mix(h, 3), v);
    case 'boolean':
      return mix(h, v ? 4 : 5);
    case 'bigint':
      return hashString(mix(h, 6), v.toString(16));
    case 'undefined':
      return mix(h, 7);
    case 'object': {
      if (v === null) return mix(h, 8);
      if (v instanceof Uint8Array) {
        h = mix(h, 9);
        for (let i = 0; i < v.length; i++) h = mix(h, v[i] as number);
        return mix(h, v.length);
      }
      if (Array.isArray(v)) {
        h = mix(h, 10);
        for (const x of v as unknown[]) h = hashValue(h, x);
        return mix(h, v.length);
      }
      h = mix(h, 11);
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined) continue;
        h = hashValue(hashString(h, k), x);
      }
      return h;
    }
    default:
      return mix(h, 12);
  }
}

function hashNumbers(h: number, list: readonly unknown[]): number {
  for (const x of list) h = mix(h, typeof x === 'number' ? x | 0 : 0);
  return mix(h, list.length);
}

/**
 * The hash of one attribute. Hot types hash only the fields that tell sets apart (no walk
 * over property names, strings by length and a few characters); equal attributes still
 * hash equal, as a field left out is equal too, and a lookup compares the whole value.
 */
function hashAttribute(a: PathAttribute): number {
  let h = mix(0x811c9dc5, a.flags ?? 256);
  switch (a.type) {
    case 'ORIGIN':
      return hashString(h, a.origin);
    case 'NEXT_HOP':
      return hashString(h, a.nextHop);
    case 'MULTI_EXIT_DISC':
      return mix(mix(h, 4), a.med);
    case 'LOCAL_PREF':
      return mix(mix(h, 5), a.localPref);
    case 'AS_PATH':
    case 'AS4_PATH':
      h = mix(h, a.type.length);
      for (const seg of a.segments) h = hashNumbers(mix(h, seg.type.length), seg.asns);
      return h;
    case 'COMMUNITIES':
      h = mix(h, 8);
      for (const c of a.communities) h = mix(mix(mix(h, c.length), c.charCodeAt(c.length - 1)), c.charCodeAt(c.length - 3));
      return mix(h, a.communities.length);
    case 'MP_REACH_NLRI':
      h = mix(mix(mix(h, 14), a.afi), a.safi);
      for (const n of a.nextHop ?? []) h = hashString(h, n);
      return h;
    default:
      return hashValue(h, a);
  }
}

/** Structural equality of decoded attribute values (undefined properties count as absent). */
function equalValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equalValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || b instanceof Uint8Array) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let na = 0;
  for (const k in ra) {
    if (ra[k] === undefined) continue;
    na++;
    if (!equalValue(ra[k], rb[k])) return false;
  }
  let nb = 0;
  for (const k in rb) if (rb[k] !== undefined) nb++;
  return na === nb;
}

/** The structural hash of an attribute list (what {@link AttrSetTable} interns by). */
export function hashAttributes(attrs: readonly PathAttribute[]): number {
  let h = 0x811c9dc5;
  for (const a of attrs) h = mix(h, hashAttribute(a));
  return mix(h, attrs.length) >>> 0;
}

/**
 * A copy of decoded attribute data with exact-size arrays and objects and flat strings:
 * decoders build arrays by pushing, which leaves spare capacity that would be kept as long as
 * the set lives.
 */
function compact<T>(v: T): T {
  // Long strings made by concatenation (addresses) are V8 cons strings: store one flat copy.
  if (typeof v === 'string') return (v.length >= 13 ? JSON.parse(JSON.stringify(v)) : v) as T;
  if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map(compact) as T;
  const out: Record<string, unknown> = {};
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = compact(x);
  }
  return out as T;
}

interface Shared {
  readonly value: PathAttribute;
  readonly hash: number;
  refs: number;
}

/** A hash map whose buckets hold one value or, on a collision, an array of them. */
class HashBuckets<T extends object, Q> {
  private readonly map = new Map<number, T | T[]>();
  private readonly match: (x: T, q: Q) => boolean;
  constructor(match: (x: T, q: Q) => boolean) {
    this.match = match;
  }
  find(hash: number, q: Q): T | undefined {
    const found = this.map.get(hash);
    if (found === undefined) return undefined;
    if (!Array.isArray(found)) return this.match(found, q) ? found : undefined;
    for (const x of found) if (this.match(x, q)) return x;
    return undefined;
  }
  add(hash: number, x: T): void {
    const found = this.map.get(hash);
    if (found === undefined) this.map.set(hash, x);
    else if (Array.isArray(found)) found.push(x);
    else this.map.set(hash, [found, x]);
  }
  remove(hash: number, x: T): boolean {
    const found = this.map.get(hash);
    if (found === x) return this.map.delete(hash);
    if (!Array.isArray(found)) return false;
    const i = found.indexOf(x);
    if (i < 0) return false;
    found.splice(i, 1);
    if (found.length === 1) this.map.set(hash, found[0] as T);
    return true;
  }
}

interface WireQuery {
  key: Uint8Array;
  length: number;
  owner: number;
}

function sameSet(x: AttrSet, attrs: readonly PathAttribute[]): boolean {
  const n = attrs.length;
  if (x.attributes.length !== n) return false;
  for (let i = 0; i < n; i++) if (!equalValue(x.attributes[i], attrs[i])) return false;
  return true;
}

/**
 * Interned attribute sets (so that memory grows with distinct attribute sets, not with
 * routes). Two levels: each attribute value is shared by every set holding an equal one
 * (ORIGIN, NEXT_HOP, MED, COMMUNITIES repeat across sets that differ only in AS_PATH), and
 * each set is one frozen array of shared attributes. A lookup hashes each attribute once and
 * compares a candidate set value by value; only a new set looks its attributes up. Sets and attributes are released when their last user goes.
 */
export class AttrSetTable {
  private readonly sets = new HashBuckets<AttrSet, readonly PathAttribute[]>(sameSet);
  private readonly attrs = new HashBuckets<Shared, PathAttribute>((x, a) => x.value === a || equalValue(x.value, a));
  /** Sets by the bytes they were decoded from (a hit skips hashing and comparing values). */
  private readonly wires = new HashBuckets<AttrSet, WireQuery>((x, q) => x.wireOwner === q.owner && sameWireKey(x.wire as string, q.key, q.length));
  private readonly query: WireQuery = { key: new Uint8Array(0), length: 0, owner: 0 };
  private count = 0;
  // Scratch: the hashes of the attributes being interned.
  private readonly hashes: number[] = [];

  /**
   * The set held for attribute bytes (an {@link updateWireKey} of `length` bytes in `key`)
   * from session `owner`, or undefined. Valid because decoding is a function of the bytes and
   * the session: the same bytes in the same session decode to an equal set.
   */
  findWire(key: Uint8Array, length: number, owner: number): AttrSet | undefined {
    const q = this.query;
    q.key = key;
    q.length = length;
    q.owner = owner;
    return this.wires.find(hashWireKey(key, length, owner), q);
  }

  /** Records the bytes `set` was decoded from in session `owner` (the first bytes only: one entry per set). */
  attachWire(set: AttrSet, key: Uint8Array, length: number, owner: number): void {
    if (set.wire !== undefined) return;
    set.wire = wireKeyText(key, length);
    set.wireOwner = owner;
    set.wireHash = hashWireKey(key, length, owner);
    this.wires.add(set.wireHash, set);
  }

  /** The shared set equal to `attrs` (created on first use, with no references yet). */
  intern(attrs: readonly PathAttribute[]): AttrSet {
    checkArray(attrs, 'AttrSetTable.intern', 'attrs');
    const n = attrs.length;
    const hashes = this.hashes;
    hashes.length = n;
    let h = 0x811c9dc5;
    for (let i = 0; i < n; i++) {
      const ah = hashAttribute(attrs[i] as PathAttribute);
      hashes[i] = ah;
      h = mix(h, ah);
    }
    const hash = mix(h, n) >>> 0;
    // A hit (most UPDATEs: churn, and every UPDATE of a set already held) compares the set
    // with the attributes directly: one table lookup, not one per attribute.
    const found = this.sets.find(hash, attrs);
    if (found !== undefined) return found;
    const list = new Array<PathAttribute>(n);
    for (let i = 0; i < n; i++) {
      const a = attrs[i] as PathAttribute;
      const ah = hashes[i] as number;
      let s = this.attrs.find(ah, a);
      if (s === undefined) {
        s = { value: Object.freeze(compact(a)), hash: ah, refs: 0 };
        this.attrs.add(ah, s);
      }
      s.refs++;
      list[i] = s.value;
    }
    const set: AttrSet = { attributes: Object.freeze(list), hash, refs: 0, peer: -1, route: undefined, prepared: undefined, wire: undefined, wireOwner: -1, wireHash: 0 };
    this.sets.add(hash, set);
    this.count++;
    return set;
  }

  /** Drops a reference; the set (and attributes no other set holds) is forgotten when none is left. */
  release(set: AttrSet): void {
    set.refs--;
    if (set.refs > 0 || !this.sets.remove(set.hash, set)) return;
    this.count--;
    if (set.wire !== undefined) this.wires.remove(set.wireHash, set);
    for (const a of set.attributes) {
      const ah = hashAttribute(a);
      const s = this.attrs.find(ah, a);
      if (s !== undefined && --s.refs <= 0) this.attrs.remove(ah, s);
    }
  }

  /** Number of distinct attribute sets held. */
  get size(): number {
    return this.count;
  }
}
