import type { PathAttribute, UpdateMessage } from '../attributes/types.ts';
import type { SessionContext } from '../context/session-context.ts';
import type { LocalSpeaker } from '../decision/types.ts';
import { familyAfiSafi } from '../rib/family.ts';
import type { Rib } from '../rib/rib.ts';
import type { RibFamily, RibPeer, RibRoute } from '../rib/types.ts';
import { AdvertisedRoutes, type OutRoute } from './advertised.ts';
import { type ExportSession, exportLearned, exportLocal } from './export.ts';
import type { RouteHook } from './peer-options.ts';
import { type LocalRoute, type RouteInput, routeKey } from './route-input.ts';

/** What the export side of a peer needs. */
export interface PeerExportHost {
  readonly name: string;
  readonly hook: RouteHook | undefined;
  readonly local: LocalSpeaker;
  readonly rib: Rib;
  /** The speaker-wide locally originated route under a key, if any. */
  sharedRoute(key: string): LocalRoute | undefined;
  report(err: Error): void;
}

/** One export result for every prefix of one announce call and family (the prefix is filled in later). */
type Template = OutRoute | { readonly error: string } | undefined;

/**
 * What one peer is sent: its own locally originated routes, the speaker's, and (through the
 * export hook only) learned Loc-RIB routes, resolved per key into its Adj-RIB-Out
 * ({@link AdvertisedRoutes}). A locally originated route wins over a learned one.
 */
export class PeerExport {
  readonly advertised: AdvertisedRoutes = new AdvertisedRoutes();
  /** This peer's own locally originated routes, by {@link routeKey}. */
  readonly own: Map<string, LocalRoute> = new Map();
  private readonly host: PeerExportHost;
  private session: ExportSession | undefined;
  private ribPeer: RibPeer | undefined;
  /** Export results per announce call and family, for this session (routes announced together share them). */
  private memo = new WeakMap<RouteInput, Map<RibFamily, Template>>();

  constructor(host: PeerExportHost) {
    this.host = host;
  }

  /** Whether a session is up to export to. */
  get isUp(): boolean {
    return this.session !== undefined;
  }

  /** A session came up: everything is advertised afresh. */
  up(session: ExportSession, ribPeer: RibPeer): void {
    this.session = session;
    this.ribPeer = ribPeer;
    this.memo = new WeakMap();
    this.advertised.clear();
  }

  /** The session went down: nothing is advertised any more. */
  down(): void {
    this.session = undefined;
    this.ribPeer = undefined;
    this.advertised.clear();
  }

  /** Recomputes the Adj-RIB-Out for the given keys; returns how many routes changed. */
  refresh(keys: Iterable<readonly [RibFamily, string, number]>): number {
    const s = this.session;
    if (s === undefined) return 0;
    let n = 0;
    for (const [family, prefix, pathId] of keys) {
      const out = this.resolve(family, prefix, pathId, s);
      const changed = out === undefined ? this.advertised.delete(family, prefix, pathId) : this.advertised.set(out);
      if (changed) n++;
    }
    return n;
  }

  /** The UPDATEs for the changes not yet sent. */
  take(ctx: SessionContext): UpdateMessage[] {
    return this.advertised.takeUpdates(ctx, (err) => this.host.report(new Error(`${this.host.name}: routes not sent: ${String(err)}`)));
  }

  /** Every route of a family as UPDATEs (a ROUTE-REFRESH answer). */
  updatesFor(family: RibFamily, ctx: SessionContext): UpdateMessage[] {
    return this.advertised.updatesFor(family, ctx, (err) => this.host.report(new Error(`${this.host.name}: routes not sent: ${String(err)}`)));
  }

  /** The route this peer is to be sent for a key: its own local route, the speaker's, or a learned one. */
  private resolve(family: RibFamily, prefix: string, pathId: number, s: ExportSession): OutRoute | undefined {
    const key = routeKey(family, prefix, pathId);
    const local = this.own.get(key) ?? this.host.sharedRoute(key);
    if (local !== undefined) {
      const out = this.exportLocal(local, s);
      return out === undefined || 'error' in out ? undefined : this.exportHook(out, { local });
    }
    if (this.host.hook === undefined || pathId !== 1 || this.ribPeer === undefined) return undefined;
    const best = this.host.rib.best(family, prefix);
    if (best === undefined || best.peer === this.ribPeer) return undefined;
    const out = exportLearned(best, this.ribPeer, this.host.local, s);
    return out === undefined ? undefined : this.exportHook(out, { learned: best });
  }

  private exportLocal(local: LocalRoute, s: ExportSession): Template {
    let byFamily = this.memo.get(local.input);
    if (byFamily === undefined) {
      byFamily = new Map();
      this.memo.set(local.input, byFamily);
    }
    let t = byFamily.get(local.family);
    if (!byFamily.has(local.family)) {
      t = exportLocal(local, s);
      byFamily.set(local.family, t);
      // Reported once per announce call and family, not once per prefix.
      if (t !== undefined && 'error' in t) this.host.report(new Error(`${this.host.name}: ${local.prefix} (and the other ${local.family} routes announced with it) not sent: ${t.error}`));
    }
    if (t === undefined || 'error' in t) return t;
    return t.prefix === local.prefix && t.pathId === local.pathId ? t : { ...t, prefix: local.prefix, pathId: local.pathId };
  }

  private exportHook(out: OutRoute, from: { local?: LocalRoute; learned?: RibRoute }): OutRoute | undefined {
    const hook = this.host.hook;
    if (hook === undefined) return out;
    const { afi, safi } = familyAfiSafi(out.family);
    const shown: PathAttribute[] = out.nextHop === undefined ? [...out.attributes] : [{ type: 'MP_REACH_NLRI', afi, safi, nextHop: out.nextHop, nlri: [] }, ...out.attributes];
    let r: ReturnType<typeof hook>;
    try {
      r = hook({ family: out.family, prefix: out.prefix, pathId: out.pathId, attributes: shown, ...from });
    } catch (err) {
      this.host.report(new Error(`${this.host.name}: export hook threw: ${String(err)}`));
      return undefined;
    }
    if (r === false || r === null) return undefined;
    if (r === true || r === undefined || !Array.isArray(r)) return out;
    const mp = r.find((a) => a.type === 'MP_REACH_NLRI');
    const nextHop = mp?.type === 'MP_REACH_NLRI' ? mp.nextHop : out.nextHop;
    return { family: out.family, prefix: out.prefix, pathId: out.pathId, attributes: r.filter((a) => a.type !== 'MP_REACH_NLRI'), ...(nextHop === undefined ? {} : { nextHop }) };
  }
}
