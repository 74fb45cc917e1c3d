import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packUpdates } from '../src/attributes/pack.ts';
import type { AsPathSegment, PathAttribute, Prefix, UpdateMessage } from '../src/attributes/types.ts';
import { decodeRibAttributes } from '../src/capture/index.ts';
import { type SessionContext, sessionContext } from '../src/context/session-context.ts';
import { encodeMessage } from '../src/messages/encode.ts';
import { readMrtFile } from '../src/node/index.ts';
import type { RibPeer } from '../src/rib/index.ts';
import { formatIPv4Number } from '../src/wire/ip.ts';

/** ../shared beside the repository (GPL data stays there; nothing is copied in). */
const sharedRoot: string = process.env.BGPWIRE_SHARED ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'shared');

// The full-table RIB input (issue 9): real attribute sets from the corpus RIB dumps, their
// prefixes replicated into distinct address space until the table is full-sized, sent by K
// synthetic external peers as UPDATEs packed the way a peer sends its table (one attribute
// set per UPDATE, as many prefixes as fit), then a churn phase (withdraw, re-announce).

/**
 * The corpus TABLE_DUMP_V2 RIB dumps read by default. The TABLE_DUMP (v1) dumps
 * (pyasn rib.20080501, bgpdump bview.20020722) can be added through `files`: they hold one
 * route per record and few prefixes from every one of the fullest peers.
 */
export const RIB_FILES: readonly string[] = [
  'corpus/mrt/pyasn/rib.20140523.0600_firstMB.bz2',
  'corpus/mrt/pyasn/rib6.20151101.0600_firstMB.bz2',
  'corpus/mrt/bgpdump/bview.ipv4_unicast_add_path.gz',
  'corpus/mrt/bgpdump/bview.ipv6_unicast_add_path.gz',
  'corpus/mrt/mrtparse/quagga_rib',
  'corpus/mrt/mrtparse/openbgpd_rib_table-v2',
  'corpus/mrt/mrtparse/bird-mrtdump_rib',
  'corpus/mrt/mrtparse/bird6-mrtdump_rib',
];

export interface RibInputOptions {
  /** Shared-relative MRT files. */
  readonly files: readonly string[];
  /** Distinct prefixes in the table (IPv4 and IPv6 together). Default 1.2 million. */
  readonly prefixes: number;
  /** Share of IPv6 prefixes. Default 220/1220 (issue 9: ~1M IPv4, ~220k IPv6). */
  readonly ipv6Share: number;
  /** Synthetic peers, each fed by one of the source dumps' fullest peers. Default 4. */
  readonly peers: number;
  /**
   * Distinct attribute sets to aim for: replicas of a source set get up to this many variants
   * in all (the origin AS changed), so that sharing stays like a real table's. Default 300k
   * ("a few hundred thousand", issue 9).
   */
  readonly sets: number;
  /** Share of each peer's prefixes withdrawn and re-announced in the churn phase. Default 0.1. */
  readonly churn: number;
  /** Stop reading each file after this many RIB records (smoke runs). */
  readonly maxRecords: number;
}

/** One peer's UPDATE messages, encoded back to back. */
export interface PeerStream {
  readonly bytes: Uint8Array;
  readonly messages: number;
  /** Prefixes announced plus withdrawn. */
  readonly prefixes: number;
}

export interface RibInput {
  readonly local: { asn: number; bgpId: string };
  readonly peers: readonly RibPeer[];
  readonly ctx: SessionContext;
  readonly load: readonly PeerStream[];
  readonly churn: readonly PeerStream[];
  readonly prefixes: { ipv4: number; ipv6: number };
  /** Adj-RIB-In routes after the load (prefix × peer that has it). */
  readonly routes: number;
  /** Distinct source attribute sets used and the variants made of them. */
  readonly sourceSets: number;
  readonly variants: number;
  readonly sourcePrefixes: { ipv4: number; ipv6: number };
  readonly files: readonly string[];
}

interface Source {
  readonly length: number;
  /** Attributes per synthetic peer (undefined where that peer has no route). */
  readonly attrs: (PathAttribute[] | undefined)[];
}

export function resolveRibInputOptions(o: Partial<RibInputOptions> = {}): RibInputOptions {
  return {
    files: o.files ?? RIB_FILES,
    prefixes: o.prefixes ?? 1_200_000,
    ipv6Share: o.ipv6Share ?? 220 / 1220,
    peers: o.peers ?? 4,
    sets: o.sets ?? 300_000,
    churn: o.churn ?? 0.1,
    maxRecords: o.maxRecords ?? Infinity,
  };
}

/** Reads the sources: per family, prefixes with the attributes of the K fullest peers of their file. */
async function readSources(o: RibInputOptions): Promise<{ v4: Source[]; v6: Source[]; files: string[] }> {
  const v4: Source[] = [];
  const v6: Source[] = [];
  const files: string[] = [];
  for (const rel of o.files) {
    const path = join(sharedRoot, rel);
    if (!existsSync(path)) continue;
    files.push(rel);
    // prefix key -> peer key -> attribute bytes and context
    const byPrefix = new Map<string, { afi: number; safi: number; length: number; routes: Map<string, { bytes: Uint8Array; ctx: SessionContext }> }>();
    const count = new Map<string, number>();
    let records = 0;
    for await (const rec of readMrtFile(path)) {
      if (rec.type !== 'rib' && rec.type !== 'table-dump') continue;
      if (rec.safi !== 1 || (rec.afi !== 1 && rec.afi !== 2)) continue;
      if (++records > o.maxRecords) break;
      let p = byPrefix.get(rec.prefix);
      if (p === undefined) {
        p = { afi: rec.afi, safi: rec.safi, length: Number(rec.prefix.split('/')[1]), routes: new Map() };
        byPrefix.set(rec.prefix, p);
      }
      const entries = rec.type === 'rib' ? rec.entries.map((e) => ({ key: `#${e.peerIndex}`, bytes: e.attributes })) : [{ key: rec.peerAddress, bytes: rec.attributes }];
      for (const e of entries) {
        p.routes.set(e.key, { bytes: e.bytes.slice(), ctx: rec.context });
        count.set(e.key, (count.get(e.key) ?? 0) + 1);
      }
    }
    const top = [...count].sort((a, b) => b[1] - a[1]).slice(0, o.peers).map(([k]) => k);
    const cache = new Map<string, PathAttribute[] | undefined>();
    for (const p of byPrefix.values()) {
      const attrs = top.map((k) => {
        const r = p.routes.get(k);
        if (r === undefined) return undefined;
        const hex = Buffer.from(r.bytes).toString('latin1');
        if (cache.has(hex)) return cache.get(hex);
        let a: PathAttribute[] | undefined;
        try {
          const d = decodeRibAttributes(r.bytes, p.afi, p.safi, r.ctx);
          // The prefix and next hop travel outside the shared attributes when packed.
          const hasHop = p.afi === 1 ? d.attributes.some((x) => x.type === 'NEXT_HOP') : d.attributes.some((x) => x.type === 'MP_REACH_NLRI' && (x.nextHop?.length ?? 0) > 0);
          a = d.issues.length > 0 || !hasHop ? undefined : d.attributes.filter((x) => x.type !== 'MP_UNREACH_NLRI').map((x): PathAttribute => (x.type === 'MP_REACH_NLRI' ? { type: 'MP_REACH_NLRI', afi: x.afi, safi: x.safi, nextHop: x.nextHop ?? [], nlri: [] } : x));
        } catch {
          a = undefined;
        }
        cache.set(hex, a);
        return a;
      });
      if (attrs.some((a) => a !== undefined)) (p.afi === 1 ? v4 : v6).push({ length: p.length, attrs });
    }
  }
  return { v4, v6, files };
}

/** The k-th distinct prefix of a length (k below 2^length): distinct text keys, lengths kept. */
function nthPrefix(afi: number, length: number, k: number): string {
  if (afi === 1) return `${formatIPv4Number(length === 0 ? 0 : (k * 2 ** (32 - length)) % 2 ** 32)}/${length}`;
  const v = BigInt(k) << BigInt(128 - length);
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((v >> BigInt(i * 16)) & 0xffffn).toString(16));
  return `${groups.join(':')}/${length}`;
}

/** A variant of an attribute set: its origin AS changed (variant 0 is the set itself). */
function variantOf(attrs: PathAttribute[], v: number): PathAttribute[] {
  if (v === 0) return attrs;
  return attrs.map((a) => {
    if (a.type !== 'AS_PATH' || a.segments.length === 0) return a;
    const segs = a.segments.slice();
    const last = segs[segs.length - 1] as AsPathSegment;
    const asns = last.asns.slice();
    // 4-octet private-use range (RFC 6996), one origin per variant.
    asns[asns.length - 1] = 4_200_000_000 + ((((asns[asns.length - 1] ?? 0) * 131 + v) >>> 0) % 94_967_295);
    segs[segs.length - 1] = { type: last.type, asns };
    return { ...a, segments: segs };
  });
}

class Writer {
  private chunks: Uint8Array[] = [];
  private size = 0;
  messages = 0;
  prefixes = 0;
  private readonly ctx: SessionContext;
  constructor(ctx: SessionContext) {
    this.ctx = ctx;
  }
  add(u: UpdateMessage): void {
    const b = encodeMessage(u, this.ctx);
    this.chunks.push(b);
    this.size += b.length;
    this.messages++;
    const mp = u.attributes.find((a) => a.type === 'MP_REACH_NLRI' || a.type === 'MP_UNREACH_NLRI');
    this.prefixes += u.nlri.length + u.withdrawn.length + (mp?.type === 'MP_REACH_NLRI' ? (mp.nlri?.length ?? 0) : mp?.type === 'MP_UNREACH_NLRI' ? (mp.withdrawn?.length ?? 0) : 0);
  }
  done(): PeerStream {
    const bytes = new Uint8Array(this.size);
    let o = 0;
    for (const c of this.chunks) {
      bytes.set(c, o);
      o += c.length;
    }
    this.chunks = [];
    return { bytes, messages: this.messages, prefixes: this.prefixes };
  }
}

interface Group {
  readonly afi: number;
  readonly attrs: PathAttribute[];
  readonly prefixes: Prefix[];
}

function announce(w: Writer, g: Group, prefixes: readonly Prefix[], ctx: SessionContext): void {
  if (g.afi === 1) {
    for (const u of packUpdates({ afi: 1, safi: 1, attributes: g.attrs, announce: prefixes }, ctx)) w.add(u);
    return;
  }
  const mp = g.attrs.find((a) => a.type === 'MP_REACH_NLRI');
  const nextHop = mp?.type === 'MP_REACH_NLRI' ? (mp.nextHop ?? []) : [];
  for (const u of packUpdates({ afi: 2, safi: 1, nextHop, attributes: g.attrs.filter((a) => a.type !== 'MP_REACH_NLRI' && a.type !== 'NEXT_HOP'), announce: prefixes }, ctx)) w.add(u);
}

/** A small deterministic PRNG (mulberry32), so that every run churns the same prefixes. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds the full-table input from the corpus RIB dumps (see {@link RibInputOptions}). */
export async function buildRibInput(options: Partial<RibInputOptions> = {}): Promise<RibInput> {
  const o = resolveRibInputOptions(options);
  const { v4, v6, files } = await readSources(o);
  const ctx = sessionContext({ as4: true, peerType: 'external' });
  const local = { asn: 64512, bgpId: '192.0.2.1' };
  const peers: RibPeer[] = [];
  for (let i = 0; i < o.peers; i++) {
    peers.push({ asn: 65000 + i, bgpId: `10.0.${i >> 8}.${(i & 255) + 1}`, address: `192.0.2.${(i % 250) + 2}`, type: 'external', inbound: ctx, localAddress: '192.0.2.1' });
  }
  const sourceSets = new Set<PathAttribute[]>();
  for (const s of [...v4, ...v6]) for (const a of s.attrs) if (a !== undefined) sourceSets.add(a);
  const want6 = v6.length === 0 ? 0 : Math.round(o.prefixes * o.ipv6Share);
  const want = { 1: v4.length === 0 ? 0 : o.prefixes - want6, 2: want6 };
  // Variants so that about `o.sets` distinct sets are made; replicas cycle through them.
  const variants = Math.max(1, Math.round(o.sets / Math.max(1, sourceSets.size)));
  const groups: Map<PathAttribute[], Group>[] = peers.map(() => new Map());
  const variantCache = new Map<PathAttribute[], PathAttribute[][]>();
  let routes = 0;
  for (const [afi, pool] of [
    [1, v4],
    [2, v6],
  ] as const) {
    const next = new Map<number, number>();
    for (let i = 0; i < want[afi]; i++) {
      const s = pool[i % pool.length] as Source;
      const replica = Math.floor(i / pool.length);
      let length = s.length;
      let k = next.get(length) ?? 0;
      // Short lengths run out of distinct values: move on to the next length.
      while (k >= 2 ** Math.min(length, 52)) {
        length++;
        k = next.get(length) ?? 0;
      }
      next.set(length, k + 1);
      const prefix = { prefix: nthPrefix(afi, length, k) };
      s.attrs.forEach((a, peer) => {
        if (a === undefined) return;
        let vs = variantCache.get(a);
        if (vs === undefined) {
          vs = [a];
          variantCache.set(a, vs);
        }
        const v = replica % variants;
        let va = vs[v];
        if (va === undefined) {
          va = variantOf(a, v);
          vs[v] = va;
        }
        const gm = groups[peer] as Map<PathAttribute[], Group>;
        let g = gm.get(va);
        if (g === undefined) {
          g = { afi, attrs: va, prefixes: [] };
          gm.set(va, g);
        }
        g.prefixes.push(prefix);
        routes++;
      });
    }
  }
  const load: PeerStream[] = [];
  const churn: PeerStream[] = [];
  const rnd = random(9);
  for (const gm of groups) {
    const w = new Writer(ctx);
    for (const g of gm.values()) announce(w, g, g.prefixes, ctx);
    load.push(w.done());
    // Churn: a share of the prefixes withdrawn (packed per family), then announced again.
    const c = new Writer(ctx);
    const again: [Group, Prefix[]][] = [];
    const gone: Record<number, Prefix[]> = { 1: [], 2: [] };
    for (const g of gm.values()) {
      const picked = g.prefixes.filter(() => rnd() < o.churn);
      if (picked.length === 0) continue;
      again.push([g, picked]);
      (gone[g.afi] as Prefix[]).push(...picked);
    }
    for (const afi of [1, 2]) if ((gone[afi] as Prefix[]).length > 0) for (const u of packUpdates({ afi, safi: 1, withdraw: gone[afi] as Prefix[] }, ctx)) c.add(u);
    for (const [g, picked] of again) announce(c, g, picked, ctx);
    churn.push(c.done());
  }
  return { local, peers, ctx, load, churn, prefixes: { ipv4: want[1], ipv6: want[2] }, routes, sourceSets: sourceSets.size, variants, sourcePrefixes: { ipv4: v4.length, ipv6: v6.length }, files };
}
