import { packUpdates } from '../attributes/pack.ts';
import type { PathAttribute, UpdateMessage } from '../attributes/types.ts';
import type { LabeledPrefix, Nlri } from '../nlri/types.ts';
import { hasAddPath, sessionContext } from '../context/session-context.ts';
import type { LocalSpeaker } from '../decision/types.ts';
import { toHex } from '../wire/hex.ts';
import { exportAttributes } from './export-policy.ts';
import { familyAfiSafi, isMplsFamily } from './family.ts';
import type { LocRibChange, RibFamily, RibPeer } from './types.ts';
import { withPeerContexts } from './peer-contexts.ts';
import { checkObject } from '../wire/args.ts';

function keyOf(attrs: readonly PathAttribute[]): string {
  return JSON.stringify(attrs, (_k, v: unknown) => (v instanceof Uint8Array ? `0x${toHex(v)}` : typeof v === 'bigint' ? `${v}n` : v));
}

/**
 * The Adj-RIB-Out of one peer (RFC 4271 section 3.2, 9.2): what has been advertised to it.
 * Fed with Loc-RIB changes, it applies the export rules ({@link exportAttributes}) and
 * returns the UPDATEs to send, packed within the peer's maximum message length and one kind
 * of NLRI field per UPDATE (`packUpdates`). Only the best path is advertised (path id 1
 * where ADD-PATH send is on).
 */
export class AdjRibOut {
  readonly peer: RibPeer;
  private readonly local: LocalSpeaker;
  private readonly advertised = new Map<RibFamily, Map<string, string>>();
  /** Labeled, VPN and RTC routes: the NLRI advertised, by family and key (a withdrawal names its RD and prefix). */
  private readonly advertisedNlri = new Map<string, Nlri>();

  constructor(peer: RibPeer, local: LocalSpeaker) {
    checkObject(peer, 'AdjRibOut', 'peer');
    checkObject(local, 'AdjRibOut', 'local');
    this.peer = withPeerContexts(peer);
    this.local = local;
  }

  /** Number of prefixes advertised to the peer. */
  get size(): number {
    let n = 0;
    for (const m of this.advertised.values()) n += m.size;
    return n;
  }

  /** The attributes advertised for a prefix, if any. */
  has(family: RibFamily, prefix: string): boolean {
    return this.advertised.get(family)?.has(prefix) ?? false;
  }

  /** Turns Loc-RIB changes into the UPDATEs this peer must receive. */
  update(changes: readonly LocRibChange[]): UpdateMessage[] {
    const ctx = this.peer.outbound ?? sessionContext({ as4: true });
    const groups = new Map<string, { family: RibFamily; attrs: PathAttribute[]; prefixes: Nlri[] }>();
    const withdraw = new Map<RibFamily, Nlri[]>();
    for (const c of changes) {
      let fam = this.advertised.get(c.family);
      if (fam === undefined) {
        fam = new Map();
        this.advertised.set(c.family, fam);
      }
      const { afi, safi } = familyAfiSafi(c.family);
      const ap = hasAddPath(ctx, afi, safi);
      const mpls = isMplsFamily(c.family);
      const nid = `${c.family} ${c.prefix}`;
      // Labeled, VPN, RTC: the NLRI as the best route carries it (labels passed on unchanged:
      // allocating labels is the caller's), the one advertised for a withdrawal.
      const known = mpls ? (c.best?.nlri ?? this.advertisedNlri.get(nid)) : undefined;
      if (mpls && known === undefined) continue; // never advertised, nothing to withdraw
      const base: Nlri = known ?? { prefix: c.prefix };
      const p: Nlri = ap ? { ...base, pathId: 1 } : base;
      const attrs = c.best === undefined ? undefined : exportAttributes(c.best, this.peer, this.local);
      const before = fam.get(c.prefix);
      if (attrs === undefined) {
        if (before !== undefined) {
          fam.delete(c.prefix);
          const advertised = this.advertisedNlri.get(nid);
          this.advertisedNlri.delete(nid);
          const list = withdraw.get(c.family) ?? [];
          // RFC 8277 section 2.4: the withdrawal's Compatibility field replaces the labels.
          const w = mpls && advertised !== undefined ? ('labels' in advertised ? { ...(advertised as LabeledPrefix), labels: [] } : advertised) : base;
          list.push(ap ? { ...w, pathId: 1 } : w);
          withdraw.set(c.family, list);
        }
        continue;
      }
      // A new label alone (RFC 8277 section 2.5) is a change to advertise too.
      const key = mpls ? `${keyOf(attrs)} ${keyOf([base as unknown as PathAttribute])}` : keyOf(attrs);
      if (key === before) continue;
      fam.set(c.prefix, key);
      if (mpls) this.advertisedNlri.set(nid, base);
      const gk = `${c.family} ${key}`;
      let g = groups.get(gk);
      if (g === undefined) {
        g = { family: c.family, attrs, prefixes: [] };
        groups.set(gk, g);
      }
      g.prefixes.push(p);
    }
    const out: UpdateMessage[] = [];
    for (const [family, prefixes] of withdraw) out.push(...packUpdates({ ...familyAfiSafi(family), withdraw: prefixes }, ctx));
    for (const g of groups.values()) {
      const { afi, safi } = familyAfiSafi(g.family);
      if (afi === 1 && safi === 1) {
        out.push(...packUpdates({ afi, safi, attributes: g.attrs, announce: g.prefixes }, ctx));
      } else {
        const mp = g.attrs.find((a) => a.type === 'MP_REACH_NLRI');
        const nextHop = mp?.type === 'MP_REACH_NLRI' ? (mp.nextHop ?? []) : [];
        const attributes = g.attrs.filter((a) => a.type !== 'MP_REACH_NLRI' && a.type !== 'NEXT_HOP');
        out.push(...packUpdates({ afi, safi, attributes, nextHop, announce: g.prefixes }, ctx));
      }
    }
    return out;
  }
}
