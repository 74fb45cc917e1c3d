import type { PathAttribute, Prefix, UpdateMessage } from '../attributes/types.ts';
import type { BgpMessage } from '../messages/types.ts';
import { hasPrefix } from '../nlri/text.ts';
import { parsePrefix } from '../wire/ip.ts';
import type { DecodeArgs } from './args.ts';

interface Range {
  readonly bytes: Uint8Array;
  readonly length: number;
  readonly size: 4 | 16;
}

function contains(outer: Range, inner: Range): boolean {
  if (outer.size !== inner.size || outer.length > inner.length) return false;
  const full = outer.length >> 3;
  for (let i = 0; i < full; i++) if (outer.bytes[i] !== inner.bytes[i]) return false;
  const rem = outer.length & 7;
  if (rem === 0) return true;
  const mask = (0xff << (8 - rem)) & 0xff;
  return (((outer.bytes[full] as number) ^ (inner.bytes[full] as number)) & mask) === 0;
}

/** Whether prefix text `p` covers or is covered by one of `wanted`. */
export function prefixMatches(p: string, wanted: readonly Range[]): boolean {
  const r = parsePrefix(p);
  if (r === undefined) return false;
  return wanted.some((w) => contains(w, r) || contains(r, w));
}

/** Every IP prefix an UPDATE announces or withdraws (IPv4 fields and typed MP attributes: labeled and VPN ones too). */
export function updatePrefixes(m: UpdateMessage): Prefix[] {
  const out: Prefix[] = [...m.withdrawn, ...m.nlri];
  for (const a of m.attributes) {
    if (a.type === 'MP_REACH_NLRI' && a.nlri !== undefined) for (const n of a.nlri) if (hasPrefix(n)) out.push(n);
    if (a.type === 'MP_UNREACH_NLRI' && a.withdrawn !== undefined) for (const n of a.withdrawn) if (hasPrefix(n)) out.push(n);
  }
  return out;
}

/** Whether an attribute list's AS_PATH (or AS4_PATH) contains `asn`. */
export function pathHasAsn(attrs: readonly PathAttribute[], asns: readonly number[]): boolean {
  for (const a of attrs) {
    if (a.type === 'AS_PATH' || a.type === 'AS4_PATH') for (const s of a.segments) for (const n of s.asns) if (asns.includes(n)) return true;
  }
  return false;
}

/** Builds the message filter of the command line. @throws Error on a bad --prefix. */
export function messageFilter(args: DecodeArgs): (m: BgpMessage, src: string, dst: string) => boolean {
  const ranges = args.prefixes.map((p) => {
    const r = parsePrefix(p);
    if (r === undefined) throw new Error(`bad --prefix ${JSON.stringify(p)}`);
    return r;
  });
  return (m, src, dst) => {
    if (args.types.length > 0 && !args.types.includes(m.type)) return false;
    if (args.peers.length > 0 && !args.peers.includes(src) && !args.peers.includes(dst)) return false;
    if (ranges.length > 0) {
      if (m.type !== 'UPDATE') return false;
      if (!updatePrefixes(m).some((p) => prefixMatches(p.prefix, ranges))) return false;
    }
    if (args.asns.length > 0) {
      if (m.type !== 'UPDATE' || !pathHasAsn(m.attributes, args.asns)) return false;
    }
    return true;
  };
}

/**
 * Builds the filter of RIB entries (MRT TABLE_DUMP/TABLE_DUMP_V2): `--prefix`, `--peer` and
 * `--asn` as for UPDATEs; `--type` keeps them only when it names UPDATE (a RIB entry is a route).
 * @throws Error on a bad --prefix.
 */
export function entryFilter(args: DecodeArgs): (prefix: string, peer: string, attributes: readonly PathAttribute[]) => boolean {
  const ranges = args.prefixes.map((p) => {
    const r = parsePrefix(p);
    if (r === undefined) throw new Error(`bad --prefix ${JSON.stringify(p)}`);
    return r;
  });
  return (prefix, peer, attributes) => {
    if (args.types.length > 0 && !args.types.includes('UPDATE')) return false;
    if (args.peers.length > 0 && !args.peers.includes(peer)) return false;
    if (ranges.length > 0 && !prefixMatches(prefix, ranges)) return false;
    if (args.asns.length > 0 && !pathHasAsn(attributes, args.asns)) return false;
    return true;
  };
}
