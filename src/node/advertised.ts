import { packUpdates } from '../attributes/pack.ts';
import type { PathAttribute, Prefix, UpdateMessage } from '../attributes/types.ts';
import { attributesLength } from '../attributes/encode.ts';
import { hasAddPath, maxMessageLength } from '../context/session-context.ts';
import { prefixesLength } from '../nlri/prefix.ts';
import type { SessionContext } from '../context/session-context.ts';
import { familyAfiSafi } from '../rib/family.ts';
import type { RibFamily } from '../rib/types.ts';
import { toHex } from '../wire/hex.ts';
import { routeKey } from './route-input.ts';

/** A route as advertised to one peer: what its Adj-RIB-Out holds (RFC 4271 section 3.2). */
export interface OutRoute {
  readonly family: RibFamily;
  readonly prefix: string;
  readonly pathId: number;
  /** The attributes sent, without MP_REACH_NLRI (the next hop of other families is `nextHop`). */
  readonly attributes: readonly PathAttribute[];
  /** MP_REACH_NLRI next hop(s) for families other than IPv4 unicast. */
  readonly nextHop?: readonly string[];
}

interface Entry {
  readonly route: OutRoute;
  readonly key: string;
}

// Performance: routes announced together share one attribute array; its text key is made once.
const keys = new WeakMap<readonly PathAttribute[], { readonly nextHop: readonly string[] | undefined; readonly key: string }>();

function attrKey(r: OutRoute): string {
  const hit = keys.get(r.attributes);
  if (hit !== undefined && hit.nextHop === r.nextHop) return hit.key;
  const key = JSON.stringify([r.attributes, r.nextHop ?? null], (_k, v: unknown) => (v instanceof Uint8Array ? `0x${toHex(v)}` : typeof v === 'bigint' ? `${v}n` : v));
  keys.set(r.attributes, { nextHop: r.nextHop, key });
  return key;
}

/**
 * The Adj-RIB-Out of one peer: the routes advertised, with their attributes, so that a
 * ROUTE-REFRESH is answered from it (RFC 2918, RFC 7313) and only changes are sent. Changes
 * accumulate until {@link AdvertisedRoutes.takeUpdates} packs them (`packUpdates`) within the
 * session's maximum message length.
 */
export class AdvertisedRoutes {
  private readonly routes = new Map<string, Entry>();
  /** Keys changed since the last takeUpdates: the new entry, or undefined for a withdrawal. */
  private readonly dirty = new Map<string, Entry | { readonly withdraw: { family: RibFamily; prefix: string; pathId: number } }>();

  /** Number of routes advertised. */
  get size(): number {
    return this.routes.size;
  }

  /** Records a route; false when the same attributes were already advertised. */
  set(route: OutRoute): boolean {
    const k = routeKey(route.family, route.prefix, route.pathId);
    const entry: Entry = { route, key: attrKey(route) };
    const before = this.routes.get(k);
    if (before !== undefined && before.key === entry.key) return false;
    this.routes.set(k, entry);
    this.dirty.set(k, entry);
    return true;
  }

  /** Records a withdrawal; false when the route was not advertised. */
  delete(family: RibFamily, prefix: string, pathId: number): boolean {
    const k = routeKey(family, prefix, pathId);
    if (!this.routes.delete(k)) {
      // A route set and deleted before it was sent: nothing to tell the peer.
      if (this.dirty.get(k) !== undefined) this.dirty.delete(k);
      return false;
    }
    this.dirty.set(k, { withdraw: { family, prefix, pathId } });
    return true;
  }

  /** The route advertised for a key, if any. */
  get(family: RibFamily, prefix: string, pathId: number): OutRoute | undefined {
    return this.routes.get(routeKey(family, prefix, pathId))?.route;
  }

  /** Every route advertised (of one family). */
  *all(family?: RibFamily): IterableIterator<OutRoute> {
    for (const e of this.routes.values()) if (family === undefined || e.route.family === family) yield e.route;
  }

  /** Forgets everything (the session went down). */
  clear(): void {
    this.routes.clear();
    this.dirty.clear();
  }

  /**
   * The UPDATEs for the changes since the last call (withdrawals first), packed for `ctx`; a
   * route that cannot be packed (attributes too long, a missing mandatory one) is left out and
   * reported to `onError`.
   */
  takeUpdates(ctx: SessionContext, onError: (err: unknown) => void): UpdateMessage[] {
    const withdraw = new Map<RibFamily, Prefix[]>();
    const announce: Entry[] = [];
    for (const d of this.dirty.values()) {
      if ('withdraw' in d) {
        const w = d.withdraw;
        const list = withdraw.get(w.family) ?? [];
        list.push(prefixOf(w.family, w.prefix, w.pathId, ctx));
        withdraw.set(w.family, list);
      } else announce.push(d);
    }
    this.dirty.clear();
    const out: UpdateMessage[] = [];
    for (const [family, prefixes] of withdraw) out.push(...packUpdates({ ...familyAfiSafi(family), withdraw: prefixes }, ctx));
    out.push(...packRoutes(announce, ctx, onError));
    return out;
  }

  /** UPDATEs announcing every route of `family` (a ROUTE-REFRESH answer), packed for `ctx`. */
  updatesFor(family: RibFamily, ctx: SessionContext, onError: (err: unknown) => void): UpdateMessage[] {
    const list: Entry[] = [];
    for (const e of this.routes.values()) if (e.route.family === family) list.push(e);
    return packRoutes(list, ctx, onError);
  }
}

function prefixOf(family: RibFamily, prefix: string, pathId: number, ctx: SessionContext): Prefix {
  const { afi, safi } = familyAfiSafi(family);
  // RFC 7911 section 3: a Path Identifier exactly where ADD-PATH send is negotiated.
  return hasAddPath(ctx, afi, safi) ? { prefix, pathId } : { prefix };
}

/** Groups routes by family and attributes, and packs each group (RFC 4271 section 4.3). */
function packRoutes(entries: readonly Entry[], ctx: SessionContext, onError: (err: unknown) => void): UpdateMessage[] {
  const groups = new Map<string, { route: OutRoute; prefixes: Prefix[] }>();
  for (const e of entries) {
    const gk = `${e.route.family} ${e.key}`;
    let g = groups.get(gk);
    if (g === undefined) {
      g = { route: e.route, prefixes: [] };
      groups.set(gk, g);
    }
    g.prefixes.push(prefixOf(e.route.family, e.route.prefix, e.route.pathId, ctx));
  }
  const out: UpdateMessage[] = [];
  for (const g of groups.values()) {
    const { afi, safi } = familyAfiSafi(g.route.family);
    try {
      if (g.route.family === 'ipv4-unicast' && g.route.nextHop !== undefined) out.push(...packIpv4Mp(g.route.attributes, g.route.nextHop, g.prefixes, ctx));
      else out.push(...packUpdates({ afi, safi, attributes: g.route.attributes, ...(g.route.nextHop === undefined ? {} : { nextHop: g.route.nextHop }), announce: g.prefixes }, ctx));
    } catch (err) {
      onError(err);
    }
  }
  return out;
}

/**
 * IPv4 unicast in MP_REACH_NLRI with an IPv6 next hop (RFC 8950 section 3), which `packUpdates`
 * keeps to the classic fields: as many UPDATEs as the maximum message length needs.
 * @throws RangeError when the attributes alone do not fit.
 */
function packIpv4Mp(attrs: readonly PathAttribute[], nextHop: readonly string[], prefixes: readonly Prefix[], ctx: SessionContext): UpdateMessage[] {
  const ap = hasAddPath(ctx, 1, 1);
  // Header 19, two length fields 4, MP_REACH_NLRI header (flags, type, 2-octet length) 4, AFI/SAFI/length/reserved 5.
  const room = maxMessageLength(ctx) - 23 - attributesLength(attrs, ctx) - 4 - 5 - 16 * nextHop.length;
  if (room <= 0) throw new RangeError(`attributes leave no room for NLRI in ${maxMessageLength(ctx)} bytes`);
  const out: UpdateMessage[] = [];
  let cur: Prefix[] = [];
  let used = 0;
  const flush = (): void => {
    if (cur.length > 0) out.push({ type: 'UPDATE', withdrawn: [], attributes: [{ type: 'MP_REACH_NLRI', afi: 1, safi: 1, nextHop, nlri: cur }, ...attrs], nlri: [] });
    cur = [];
    used = 0;
  };
  for (const p of prefixes) {
    const n = prefixesLength([p], 4, ap);
    if (used + n > room) flush();
    cur.push(p);
    used += n;
  }
  flush();
  return out;
}
