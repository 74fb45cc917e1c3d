import { hasPrefix } from '../nlri/text.ts';
import { endOfRib } from '../attributes/helpers.ts';
import type { MpReachAttribute, PathAttribute, Prefix, UpdateMessage } from '../attributes/types.ts';
import { Role } from '../iana.ts';
import { familyAfiSafi, ribFamily } from '../rib/family.ts';
import type { RibFamily } from '../rib/types.ts';
import type { HookResult, RouteHook } from './peer-options.ts';

/** What the import step needs from the session. */
export interface ImportContext {
  readonly hook: RouteHook | undefined;
  /** The peer's BGP Role as it announced it (RFC 9234), when both announced one. */
  readonly remoteRole: number | undefined;
  readonly peerAs: number;
  /** Reports a hook that threw (the route is dropped). */
  readonly onHookError: (err: unknown) => void;
}

function withdrawAll(u: UpdateMessage): UpdateMessage {
  const attrs: PathAttribute[] = [];
  for (const a of u.attributes) {
    if (a.type === 'MP_UNREACH_NLRI') attrs.push(a);
    // An MP_REACH_NLRI's routes become withdrawals of the same family.
    else if (a.type === 'MP_REACH_NLRI' && a.nlri !== undefined && a.nlri.length > 0) attrs.push({ type: 'MP_UNREACH_NLRI', afi: a.afi, safi: a.safi, withdrawn: a.nlri });
  }
  return { type: 'UPDATE', withdrawn: [...u.withdrawn, ...u.nlri], attributes: attrs, nlri: [] };
}

/**
 * RFC 9234 section 5, the ingress procedure: a route with OTC from a Customer or RS-Client, or
 * from a Peer with an OTC other than its AS, is a route leak and ineligible (withdrawn here);
 * from a Provider, Peer or RS without OTC, OTC is added with the peer's AS.
 */
function applyRole(u: UpdateMessage, c: ImportContext): UpdateMessage {
  const role = c.remoteRole;
  if (role === undefined || endOfRib(u) !== undefined) return u;
  const otc = u.attributes.find((a) => a.type === 'OTC');
  const announces = u.nlri.length > 0 || u.attributes.some((a) => a.type === 'MP_REACH_NLRI' && (a.nlri?.length ?? 0) > 0);
  if (!announces) return u;
  if (otc !== undefined && (role === Role.Customer || role === Role['RS-Client'] || (role === Role.Peer && otc.asn !== c.peerAs))) return withdrawAll(u);
  if (otc === undefined && (role === Role.Provider || role === Role.Peer || role === Role.RS)) {
    return { ...u, attributes: [...u.attributes, { type: 'OTC', asn: c.peerAs }] };
  }
  return u;
}

interface Group {
  readonly attributes: readonly PathAttribute[];
  readonly mp: MpReachAttribute | undefined;
  readonly v4: Prefix[];
  readonly other: Prefix[];
}

function hookResult(r: HookResult, attrs: readonly PathAttribute[]): readonly PathAttribute[] | undefined {
  if (r === false || r === null) return undefined;
  if (r === true || r === undefined) return attrs;
  return Array.isArray(r) ? r : attrs;
}

/**
 * The import step of one UPDATE: RFC 9234 roles, then the peer's import hook per route (which
 * may change the attributes or drop the route; a dropped route is withdrawn, so an earlier
 * accepted version of it goes). Returns the UPDATEs to store. An UPDATE with RFC 7606 issues
 * goes to the RIB as it is (its treat-as-withdraw is the RIB's).
 */
export function importUpdate(update: UpdateMessage, c: ImportContext): UpdateMessage[] {
  const u = applyRole(update, c);
  if (c.hook === undefined || u.issues !== undefined || endOfRib(u) !== undefined) return [u];
  const mp = u.attributes.find((a): a is MpReachAttribute => a.type === 'MP_REACH_NLRI');
  const mpFamily = mp === undefined ? undefined : ribFamily(mp.afi, mp.safi);
  const base = u.attributes.filter((a) => a.type !== 'MP_REACH_NLRI' && a.type !== 'MP_UNREACH_NLRI');
  const shown: PathAttribute[] = mp === undefined ? base : [{ type: 'MP_REACH_NLRI', afi: mp.afi, safi: mp.safi, nextHop: mp.nextHop ?? [], nlri: [] }, ...base];
  const dropped4: Prefix[] = [];
  const droppedMp: Prefix[] = [];
  const groups = new Map<readonly PathAttribute[], Group>();
  const route = (family: RibFamily, p: Prefix, isMp: boolean): void => {
    let r: HookResult;
    try {
      r = (c.hook as RouteHook)({ family, prefix: p.prefix, pathId: p.pathId ?? 0, attributes: shown });
    } catch (err) {
      c.onHookError(err);
      r = false;
    }
    const attrs = hookResult(r, shown);
    if (attrs === undefined) {
      (isMp ? droppedMp : dropped4).push(p);
      return;
    }
    let g = groups.get(attrs);
    if (g === undefined) {
      const m = attrs.find((a): a is MpReachAttribute => a.type === 'MP_REACH_NLRI');
      g = { attributes: attrs.filter((a) => a.type !== 'MP_REACH_NLRI'), mp: m ?? mp, v4: [], other: [] };
      groups.set(attrs, g);
    }
    (isMp ? g.other : g.v4).push(p);
  };
  for (const p of u.nlri) route('ipv4-unicast', p, false);
  if (mp !== undefined && mpFamily !== undefined) for (const p of mp.nlri ?? []) if (hasPrefix(p)) route(mpFamily, p, true);
  const out: UpdateMessage[] = [];
  // The UPDATE's own withdrawals, plus the routes the hook dropped.
  const unreach = u.attributes.filter((a) => a.type === 'MP_UNREACH_NLRI');
  if (droppedMp.length > 0 && mp !== undefined) unreach.push({ type: 'MP_UNREACH_NLRI', afi: mp.afi, safi: mp.safi, withdrawn: droppedMp });
  const withdrawn = [...u.withdrawn, ...dropped4];
  if (withdrawn.length > 0 || unreach.length > 0) out.push({ type: 'UPDATE', withdrawn, attributes: unreach, nlri: [] });
  for (const g of groups.values()) {
    const attrs: PathAttribute[] = [...g.attributes];
    if (g.other.length > 0 && g.mp !== undefined) attrs.unshift({ type: 'MP_REACH_NLRI', afi: g.mp.afi, safi: g.mp.safi, nextHop: g.mp.nextHop ?? [], nlri: g.other });
    if (g.v4.length > 0 || g.other.length > 0) out.push({ type: 'UPDATE', withdrawn: [], attributes: attrs, nlri: g.v4 });
  }
  return out;
}

/** The family of each announced and withdrawn prefix of an UPDATE (RFC 7606 treat-as-withdraw applied). */
export function prefixesOf(u: UpdateMessage): { announced: [RibFamily, Prefix][]; withdrawn: [RibFamily, Prefix][] } {
  const announced: [RibFamily, Prefix][] = [];
  const withdrawn: [RibFamily, Prefix][] = [];
  const taw = u.issues?.some((i) => i.action === 'treat-as-withdraw' || i.action === 'session-reset') === true;
  for (const p of u.withdrawn) withdrawn.push(['ipv4-unicast', p]);
  for (const p of u.nlri) (taw ? withdrawn : announced).push(['ipv4-unicast', p]);
  for (const a of u.attributes) {
    if (a.type !== 'MP_REACH_NLRI' && a.type !== 'MP_UNREACH_NLRI') continue;
    const f = ribFamily(a.afi, a.safi);
    if (f === undefined) continue;
    // NLRI with an IP prefix (RT-Constraint routes have none; issue 21 types them).
    if (a.type === 'MP_UNREACH_NLRI') {
      for (const p of a.withdrawn ?? []) if (hasPrefix(p)) withdrawn.push([f, p]);
    } else {
      for (const p of a.nlri ?? []) if (hasPrefix(p)) (taw ? withdrawn : announced).push([f, p]);
    }
  }
  return { announced, withdrawn };
}

/** RFC 4486 section 4: the Cease 6/1 data, AFI (2 octets), SAFI (1) and the upper bound (4). */
export function maxPrefixData(family: RibFamily, limit: number): Uint8Array {
  const { afi, safi } = familyAfiSafi(family);
  const d = new Uint8Array(7);
  const dv = new DataView(d.buffer);
  dv.setUint16(0, afi);
  dv.setUint8(2, safi);
  dv.setUint32(3, Math.min(limit, 0xffffffff));
  return d;
}

/**
 * Maximum prefixes per family (RFC 4486 section 4): counts what the peer announced and withdrew
 * (before the import hook, RFC 7606 treat-as-withdraw applied); memory is bounded by the limits.
 */
export class PrefixLimits {
  private readonly limits: Partial<Record<RibFamily, number>>;
  private counts = new Map<RibFamily, Set<string>>();

  constructor(limits: Partial<Record<RibFamily, number>>) {
    this.limits = limits;
  }

  /** Forgets the counts (a new session). */
  reset(): void {
    this.counts = new Map();
  }

  /** Counts an UPDATE; the family and limit exceeded, if any. */
  check(update: UpdateMessage): { family: RibFamily; limit: number } | undefined {
    if (Object.keys(this.limits).length === 0) return undefined;
    const { announced, withdrawn } = prefixesOf(update);
    for (const [f, p] of withdrawn) this.counts.get(f)?.delete(`${p.prefix} ${p.pathId ?? 0}`);
    for (const [f, p] of announced) {
      const limit = this.limits[f];
      if (limit === undefined) continue;
      let set = this.counts.get(f);
      if (set === undefined) {
        set = new Set();
        this.counts.set(f, set);
      }
      set.add(`${p.prefix} ${p.pathId ?? 0}`);
      if (set.size > limit) return { family: f, limit };
    }
    return undefined;
  }
}

/**
 * Enhanced route refresh as a receiver (RFC 7313 section 4): between the peer's BoRR and EoRR
 * for a family, the routes it sends again are noted; at EoRR the others ("stale") are withdrawn.
 * An EoRR without a BoRR is ignored.
 */
export class RefreshWindow {
  private readonly open = new Map<RibFamily, Set<string>>();

  /** A BoRR for `family` (a second one starts over). */
  begin(family: RibFamily): void {
    this.open.set(family, new Set());
  }

  /** Notes the routes an UPDATE announces in open windows. */
  note(update: UpdateMessage): void {
    if (this.open.size === 0) return;
    for (const [f, p] of prefixesOf(update).announced) this.open.get(f)?.add(`${p.prefix} ${p.pathId ?? 0}`);
  }

  /** An EoRR: the UPDATE withdrawing the routes of `held` not sent again, if any. */
  end(family: RibFamily, held: Iterable<{ readonly prefix: string; readonly pathId: number }>): UpdateMessage | undefined {
    const seen = this.open.get(family);
    this.open.delete(family);
    if (seen === undefined) return undefined;
    const stale: Prefix[] = [];
    for (const r of held) if (!seen.has(`${r.prefix} ${r.pathId}`)) stale.push(r.pathId === 0 ? { prefix: r.prefix } : { prefix: r.prefix, pathId: r.pathId });
    if (stale.length === 0) return undefined;
    if (family === 'ipv4-unicast') return { type: 'UPDATE', withdrawn: stale, attributes: [], nlri: [] };
    const { afi, safi } = familyAfiSafi(family);
    return { type: 'UPDATE', withdrawn: [], attributes: [{ type: 'MP_UNREACH_NLRI', afi, safi, withdrawn: stale }], nlri: [] };
  }

  /** Forgets every open window (a new session). */
  reset(): void {
    this.open.clear();
  }
}
