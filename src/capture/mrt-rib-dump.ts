import { attributesLength, writeAttributes } from '../attributes/encode.ts';
import type { PathAttribute } from '../attributes/types.ts';
import { checkUint } from '../wire/errors.ts';
import { Writer } from '../wire/writer.ts';
import { familyAfiSafi, RIB_FAMILIES } from '../rib/family.ts';
import type { Rib } from '../rib/rib.ts';
import type { RibFamily, RibPeer, RibRoute } from '../rib/types.ts';
import { RIB_CONTEXT } from './mrt-context.ts';
import type { MrtPeerIndexTableInput, MrtRibEntryInput, MrtRibInput } from './mrt-write-types.ts';
import { type MrtWriterOptions, MrtWriter } from './mrt-writer.ts';
import { checkObject } from '../wire/args.ts';

/** Options of {@link ribDumpRecords} and {@link writeRibDump}. */
export interface RibDumpOptions {
  /** The dump's time, seconds since the Unix epoch (every record's header). Required: the core reads no clock. */
  readonly timestamp: number;
  /** Originated Time of every entry (the RIBs keep no arrival time). Default `timestamp`. */
  readonly originatedTime: number;
  /** Collector BGP ID of the PEER_INDEX_TABLE. Default '0.0.0.0'. */
  readonly collectorBgpId: string;
  /** View Name of the PEER_INDEX_TABLE. Default ''. */
  readonly viewName: string;
  /** `adj-rib-in`: every route of every peer (a collector's dump); `loc-rib`: the best route per prefix. Default 'adj-rib-in'. */
  readonly routes: 'adj-rib-in' | 'loc-rib';
  /** Families dumped, in this order. Default all four (IPv4/IPv6 unicast and multicast). */
  readonly families: readonly RibFamily[];
}

function resolve(options: Partial<RibDumpOptions> & Pick<RibDumpOptions, 'timestamp'>): RibDumpOptions {
  if (options === null || typeof options !== 'object') throw new TypeError('rib dump: options with a timestamp are required');
  const timestamp = checkUint('timestamp', options.timestamp, 0xffffffff);
  return {
    timestamp,
    originatedTime: checkUint('originatedTime', options.originatedTime ?? timestamp, 0xffffffff),
    collectorBgpId: options.collectorBgpId ?? '0.0.0.0',
    viewName: options.viewName ?? '',
    routes: options.routes ?? 'adj-rib-in',
    families: options.families ?? RIB_FAMILIES,
  };
}

/** The peers registered in `rib`, by id (ids are dense from 0; `peer(id)` throws past the last). */
function ribPeers(rib: Rib): RibPeer[] {
  const out: RibPeer[] = [];
  for (;;) {
    try {
      out.push(rib.peer(out.length));
    } catch (e) {
      if (e instanceof RangeError) return out;
      throw e;
    }
  }
}

/**
 * A RIB entry's attribute field (RFC 6396 4.3.4): 4-octet AS_PATH, and MP_REACH_NLRI cut
 * to its Next Hop Length and Next Hop ("only the next hop address length and next hop
 * address fields are included"). The RIBs keep MP_REACH_NLRI without NLRI (rib.ts), so its
 * full value is AFI (2), SAFI (1), Next Hop Length (1), Next Hop, Reserved (1).
 */
function entryAttributes(attrs: readonly PathAttribute[]): Uint8Array {
  const full = Writer.alloc(attributesLength(attrs, RIB_CONTEXT));
  writeAttributes(attrs, full, RIB_CONTEXT);
  const b = full.bytes;
  let p = 0;
  while (p + 3 <= b.length) {
    const hdr = (b[p] as number) & 0x10 ? 4 : 3;
    const len = hdr === 4 ? ((b[p + 2] as number) << 8) | (b[p + 3] as number) : (b[p + 2] as number);
    if (b[p + 1] === 14 && len >= 5) {
      const nh = b[p + hdr + 3] as number;
      const value = b.subarray(p + hdr + 3, p + hdr + 4 + nh);
      // Flags keep Optional (and Partial); Extended Length is dropped: a next hop fits 255 octets.
      const out = new Uint8Array(b.length - (hdr + len) + 3 + value.length);
      out.set(b.subarray(0, p), 0);
      out[p] = (b[p] as number) & ~0x10;
      out[p + 1] = 14;
      out[p + 2] = value.length;
      out.set(value, p + 3);
      out.set(b.subarray(p + hdr + len), p + 3 + value.length);
      return out;
    }
    p += hdr + len;
  }
  return b;
}

/**
 * The records of a TABLE_DUMP_V2 dump of `rib` (RFC 6396 4.3, RFC 8050 4), made one at a
 * time: a PEER_INDEX_TABLE of every peer registered (peer index = peer id), then one
 * RIB_IPV4/IPV6_UNICAST/MULTICAST record per prefix with every route held (or only the best,
 * for `loc-rib`), sequence numbers from 0. A record takes the _ADDPATH subtype when one of its
 * routes has a path id, or came from a peer whose inbound context has ADD-PATH for the family.
 * Attribute encodings are made once per interned attribute set.
 * @throws TypeError / RangeError for bad options.
 * @example for (const chunk of writeRibDump(rib, { timestamp: 1700000000 })) file.write(chunk);
 */
export function* ribDumpRecords(rib: Rib, options: Partial<RibDumpOptions> & Pick<RibDumpOptions, 'timestamp'>): Generator<MrtPeerIndexTableInput | MrtRibInput, void, undefined> {
  checkObject(rib, 'ribDumpRecords', 'rib');
  if (typeof (rib as { peer?: unknown }).peer !== 'function') throw new TypeError('ribDumpRecords: rib must be a Rib');
  checkObject(options, 'ribDumpRecords', 'options');
  const o = resolve(options);
  const peers = ribPeers(rib);
  const ids = new Map<RibPeer, number>(peers.map((p, i) => [p, i]));
  yield { type: 'peer-index-table', timestamp: o.timestamp, collectorBgpId: o.collectorBgpId, viewName: o.viewName, peers: peers.map((p) => ({ bgpId: p.bgpId, address: p.address, as: p.asn })) };
  const encoded = new WeakMap<readonly PathAttribute[], Uint8Array>();
  let sequence = 0;
  for (const family of o.families) {
    const { afi, safi } = familyAfiSafi(family);
    const addPathPeers = new Set(peers.filter((p) => p.inbound?.addPath.some((f) => f.afi === afi && f.safi === safi) === true));
    const seen = new Set<string>();
    const record = (prefix: string, routes: readonly RibRoute[]): MrtRibInput => {
      let isAddPath = false;
      const entries: MrtRibEntryInput[] = routes.map((r) => {
        if (r.pathId !== 0 || addPathPeers.has(r.peer)) isAddPath = true;
        let attributes = encoded.get(r.attributes);
        if (attributes === undefined) {
          attributes = entryAttributes(r.attributes);
          encoded.set(r.attributes, attributes);
        }
        return { peerIndex: ids.get(r.peer) ?? 0, originatedTime: o.originatedTime, pathId: r.pathId, attributes };
      });
      return { type: 'rib', timestamp: o.timestamp, sequence: sequence++ >>> 0, afi, safi, prefix, isAddPath, entries };
    };
    if (o.routes === 'loc-rib') {
      for (const best of rib.locRib(family)) yield record(best.prefix, [best]);
      continue;
    }
    // Every prefix with a route, once: each peer's Adj-RIB-In names the prefixes it holds.
    for (let id = 0; id < peers.length; id++) {
      for (const r of rib.adjRibIn(id, family)) {
        if (seen.has(r.prefix)) continue;
        seen.add(r.prefix);
        yield record(r.prefix, rib.routes(family, r.prefix));
      }
    }
  }
}

/**
 * The chunks of a TABLE_DUMP_V2 file of `rib`'s content ({@link ribDumpRecords}), one chunk
 * in memory at a time.
 * @throws TypeError / RangeError for bad options.
 * @example for (const chunk of writeRibDump(rib, { timestamp: 1700000000 })) sink.write(chunk); // any byte sink
 */
export function* writeRibDump(rib: Rib, options: Partial<RibDumpOptions> & Pick<RibDumpOptions, 'timestamp'>, writer: Partial<MrtWriterOptions> = {}): Generator<Uint8Array, number, undefined> {
  checkObject(rib, 'writeRibDump', 'rib');
  if (typeof (rib as { peer?: unknown }).peer !== 'function') throw new TypeError('writeRibDump: rib must be a Rib');
  checkObject(options, 'writeRibDump', 'options');
  const w = new MrtWriter(writer);
  for (const rec of ribDumpRecords(rib, options)) yield* w.write(rec);
  yield* w.end();
  return w.records;
}
