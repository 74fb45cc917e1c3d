/**
 * The bytes an UPDATE's stored attribute set is decoded from (RFC 4271 section 4.3): the path
 * attributes field without MP_UNREACH_NLRI, and MP_REACH_NLRI without its length and NLRI
 * (RFC 4760 section 3), which is what the RIB keeps of them. Equal keys from the same peer in
 * the same session decode to equal sets, so a set already held can be found by these bytes
 * alone: one pass over a few dozen contiguous bytes instead of hashing and comparing decoded
 * values. Writes the key into `out` and returns its length, or -1 when the message is not a
 * well-formed UPDATE, `out` is too small, or an MP_REACH_NLRI family is not one the RIB types
 * (its NLRI would be kept as bytes in the set).
 */
export function updateWireKey(msg: Uint8Array, out: Uint8Array): number {
  const n = msg.length;
  // Header (19), Withdrawn Routes Length (2).
  if (n < 23 || msg[18] !== 2) return -1;
  const wl = ((msg[19] as number) << 8) | (msg[20] as number);
  let p = 21 + wl;
  if (p + 2 > n) return -1;
  const al = ((msg[p] as number) << 8) | (msg[p + 1] as number);
  p += 2;
  const end = p + al;
  if (end > n) return -1;
  let k = 0;
  while (p < end) {
    if (p + 3 > end) return -1;
    const flags = msg[p] as number;
    const type = msg[p + 1] as number;
    const ext = (flags & 0x10) !== 0;
    const h = ext ? 4 : 3;
    if (p + h > end) return -1;
    const len = ext ? ((msg[p + 2] as number) << 8) | (msg[p + 3] as number) : (msg[p + 2] as number);
    const v = p + h;
    if (v + len > end) return -1;
    if (type === 15) {
      p = v + len;
      continue;
    }
    let from = p;
    let to = v + len;
    if (type === 14) {
      // AFI (2), SAFI (1), Next Hop length (1), Next Hop, Reserved (1); then the NLRI.
      if (len < 5) return -1;
      const afi = ((msg[v] as number) << 8) | (msg[v + 1] as number);
      const safi = msg[v + 2] as number;
      if ((afi !== 1 && afi !== 2) || (safi !== 1 && safi !== 2)) return -1;
      to = v + 5 + (msg[v + 3] as number);
      if (to > v + len) return -1;
      // Flags and type, then the value without the length field (it counts the NLRI).
      if (k + 2 > out.length) return -1;
      out[k++] = flags;
      out[k++] = type;
      from = v;
    }
    if (k + (to - from) > out.length) return -1;
    for (let i = from; i < to; i++) out[k++] = msg[i] as number;
    p = v + len;
  }
  return k;
}

/** FNV-1a over the first `length` bytes of `key`, seeded with `seed`. */
export function hashWireKey(key: Uint8Array, length: number, seed: number): number {
  let h = Math.imul(0x811c9dc5 ^ seed, 0x01000193);
  for (let i = 0; i < length; i++) h = Math.imul(h ^ (key[i] as number), 0x01000193);
  return h >>> 0;
}

/** Whether `text` (one character per byte) holds exactly the first `length` bytes of `key`. */
export function sameWireKey(text: string, key: Uint8Array, length: number): boolean {
  if (text.length !== length) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(i) !== key[i]) return false;
  return true;
}

/** The first `length` bytes of `key` as one flat string, one character per byte. */
export function wireKeyText(key: Uint8Array, length: number): string {
  // One call gives a flat string; chunks (joined, then flattened once) keep the argument count small.
  if (length <= 1024) return String.fromCharCode.apply(null, key.subarray(0, length) as unknown as number[]);
  let s = '';
  for (let i = 0; i < length; i += 1024) s += String.fromCharCode.apply(null, key.subarray(i, Math.min(length, i + 1024)) as unknown as number[]);
  return JSON.parse(JSON.stringify(s)) as string;
}
