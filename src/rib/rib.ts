import { reconstructAsPath } from '../attributes/as4.ts';
import { endOfRib } from '../attributes/helpers.ts';
import type { PathAttribute, Prefix, UpdateMessage } from '../attributes/types.ts';
import { canonicalPrefix } from '../wire/ip.ts';
import { resolveDecisionOptions } from '../decision/options.ts';
import { selectBest } from '../decision/select.ts';
import type { DecisionOptions, Route } from '../decision/types.ts';
import { type AttrSet, AttrSetTable } from './attr-sets.ts';
import { RIB_FAMILIES, ribFamily } from './family.ts';
import type { LocRibChange, RibFamily, RibOptions, RibPeer, RibRoute } from './types.ts';

/** One route of one peer for one prefix (Adj-RIB-In entry). */
interface Entry {
  readonly peer: number;
  readonly pathId: number;
  set: AttrSet;
  stale: boolean;
}

/** Everything known for one prefix: the Adj-RIB-In entries of every peer and the Loc-RIB best. */
interface Slot {
  readonly prefix: string;
  readonly entries: Entry[];
  best: Entry | undefined;
}

interface PeerState {
  readonly info: RibPeer;
  up: boolean;
  /** RFC 4760 section 7 / RFC 7606: families disabled for the rest of the session. */
  readonly disabled: Set<RibFamily>;
}

/**
 * The Adj-RIBs-In and the Loc-RIB of RFC 4271 section 3.2: fed with decoded UPDATEs per
 * peer, they keep every peer's routes and the best route per prefix (through `selectBest`),
 * and report each change of the best route. Pure: no I/O, no clock (graceful-restart timers
 * belong to the caller, who calls {@link Rib.expireStale}).
 */
export class Rib {
  private readonly tables = new Map<RibFamily, Map<string, Slot>>(RIB_FAMILIES.map((f) => [f, new Map()]));
  private readonly peers: PeerState[] = [];
  private readonly sets = new AttrSetTable();
  private readonly decision: DecisionOptions;
  private readonly options: RibOptions;
  private routeCount = 0;

  constructor(options: Pick<RibOptions, 'local'> & Partial<RibOptions>) {
    this.options = { local: options.local, decision: options.decision ?? {} };
    this.decision = resolveDecisionOptions(this.options.decision);
  }

  /** Registers a peer; returns its id for the other calls. */
  addPeer(peer: RibPeer): number {
    this.peers.push({ info: peer, up: true, disabled: new Set() });
    return this.peers.length - 1;
  }

  /** The peer registered under `id`. @throws RangeError for an unknown id. */
  peer(id: number): RibPeer {
    return this.state(id).info;
  }

  private state(id: number): PeerState {
    const p = this.peers[id];
    if (p === undefined) throw new RangeError(`rib: unknown peer ${id}`);
    return p;
  }

  /** Number of routes held in all Adj-RIBs-In. */
  get size(): number {
    return this.routeCount;
  }

  /** Number of distinct interned attribute sets. */
  get attributeSets(): number {
    return this.sets.size;
  }

  /**
   * Applies an UPDATE received from peer `id` (RFC 4271 section 9): withdrawals, announcements
   * (implicit withdraw of the same prefix and path id), MP_REACH/MP_UNREACH, RFC 7606 issues
   * (attribute-discard drops the attribute, treat-as-withdraw withdraws the UPDATE's routes,
   * afisafi-disable flushes and disables the family, RFC 4760 section 7) and End-of-RIB
   * (RFC 4724: the peer's stale routes of the family go). Returns the Loc-RIB changes.
   */
  applyUpdate(id: number, update: UpdateMessage): LocRibChange[] {
    const peer = this.state(id);
    const changes: LocRibChange[] = [];
    const eor = endOfRib(update);
    if (eor !== undefined) {
      const f = ribFamily(eor.afi, eor.safi);
      if (f !== undefined) this.sweep(id, f, (e) => e.stale, changes);
      return changes;
    }
    let withdrawAll = false;
    const discard = new Set<number>();
    for (const issue of update.issues ?? []) {
      if (issue.action === 'treat-as-withdraw') withdrawAll = true;
      else if (issue.action === 'attribute-discard' && issue.index !== undefined) discard.add(issue.index);
      else if (issue.action === 'afisafi-disable' && issue.afi !== undefined && issue.safi !== undefined) {
        const f = ribFamily(issue.afi, issue.safi);
        if (f !== undefined) {
          peer.disabled.add(f);
          this.sweep(id, f, () => true, changes);
        }
      }
    }
    // Withdrawals first (RFC 4271 9: an UPDATE may withdraw and announce).
    this.withdraw(id, 'ipv4-unicast', update.withdrawn, changes);
    for (const a of update.attributes) {
      if (a.type === 'MP_UNREACH_NLRI' && a.withdrawn !== undefined) {
        const f = ribFamily(a.afi, a.safi);
        if (f !== undefined) this.withdraw(id, f, a.withdrawn, changes);
      }
    }
    const announced: [RibFamily, readonly Prefix[]][] = [];
    if (update.nlri.length > 0) announced.push(['ipv4-unicast', update.nlri]);
    for (const a of update.attributes) {
      if (a.type === 'MP_REACH_NLRI' && a.nlri !== undefined && a.nlri.length > 0) {
        const f = ribFamily(a.afi, a.safi);
        if (f !== undefined) announced.push([f, a.nlri]);
      }
    }
    if (announced.length === 0) return changes;
    if (withdrawAll) {
      for (const [f, list] of announced) this.withdraw(id, f, list, changes);
      return changes;
    }
    const set = this.sets.intern(this.storedAttributes(update.attributes, discard, peer.info));
    for (const [f, list] of announced) {
      if (peer.disabled.has(f)) continue;
      const table = this.tables.get(f) as Map<string, Slot>;
      for (const p of list) this.announce(table, f, id, p, set, changes);
    }
    if (set.refs === 0) this.sets.release(set);
    return changes;
  }

  /**
   * The attributes kept for the routes of an UPDATE: RFC 7606 discards applied, AS path
   * reconstructed (RFC 6793 4.2.3), MP_UNREACH_NLRI dropped and MP_REACH_NLRI kept without
   * its NLRI (its next hop is the routes' next hop), so routes of many UPDATEs share one set.
   */
  private storedAttributes(attrs: readonly PathAttribute[], discard: ReadonlySet<number>, peer: RibPeer): PathAttribute[] {
    const kept: PathAttribute[] = [];
    attrs.forEach((a, i) => {
      if (discard.has(i) || a.type === 'MP_UNREACH_NLRI') return;
      if (a.type === 'MP_REACH_NLRI') {
        const { nlri: _nlri, ...rest } = a;
        kept.push({ ...rest, nlri: [] });
        return;
      }
      kept.push(a);
    });
    return reconstructAsPath(kept, { asn4: peer.inbound?.asn4 ?? true });
  }

  private announce(table: Map<string, Slot>, f: RibFamily, peer: number, p: Prefix, set: AttrSet, changes: LocRibChange[]): void {
    const pathId = p.pathId ?? 0;
    let slot = table.get(p.prefix);
    if (slot === undefined) {
      slot = { prefix: p.prefix, entries: [], best: undefined };
      table.set(p.prefix, slot);
    }
    const e = slot.entries.find((x) => x.peer === peer && x.pathId === pathId);
    set.refs++;
    if (e === undefined) {
      slot.entries.push({ peer, pathId, set, stale: false });
      this.routeCount++;
    } else {
      // RFC 4271 3.1: a new announcement of the same prefix (and path id) replaces the old one.
      this.sets.release(e.set);
      e.set = set;
      e.stale = false;
    }
    this.decide(f, slot, table, changes);
  }

  private withdraw(peer: number, f: RibFamily, list: readonly Prefix[], changes: LocRibChange[]): void {
    if (list.length === 0) return;
    const table = this.tables.get(f) as Map<string, Slot>;
    for (const p of list) {
      const slot = table.get(p.prefix);
      if (slot === undefined) continue;
      const pathId = p.pathId ?? 0;
      const i = slot.entries.findIndex((x) => x.peer === peer && x.pathId === pathId);
      if (i < 0) continue;
      this.removeAt(slot, i);
      this.decide(f, slot, table, changes);
    }
  }

  private removeAt(slot: Slot, i: number): void {
    const [e] = slot.entries.splice(i, 1);
    if (e !== undefined) {
      this.sets.release(e.set);
      this.routeCount--;
    }
  }

  /** Removes the peer's entries of a family that match `which`, deciding again where needed. */
  private sweep(peer: number, f: RibFamily, which: (e: Entry) => boolean, changes: LocRibChange[]): void {
    const table = this.tables.get(f) as Map<string, Slot>;
    for (const slot of [...table.values()]) {
      let touched = false;
      for (let i = slot.entries.length - 1; i >= 0; i--) {
        const e = slot.entries[i] as Entry;
        if (e.peer === peer && which(e)) {
          this.removeAt(slot, i);
          touched = true;
        }
      }
      if (touched) this.decide(f, slot, table, changes);
    }
  }

  /**
   * The peer's session went down (RFC 4271 9.1.1 / 8.2.2: its routes are removed), or, with
   * `gracefulRestart` (RFC 4724 4.2), its routes are kept and marked stale until End-of-RIB
   * or {@link Rib.expireStale}.
   */
  peerDown(id: number, options: { gracefulRestart?: boolean } = {}): LocRibChange[] {
    const peer = this.state(id);
    const changes: LocRibChange[] = [];
    peer.disabled.clear();
    if (options.gracefulRestart === true) {
      for (const table of this.tables.values()) for (const slot of table.values()) for (const e of slot.entries) if (e.peer === id) e.stale = true;
      return changes;
    }
    for (const f of RIB_FAMILIES) this.sweep(id, f, () => true, changes);
    return changes;
  }

  /** The restart timer of RFC 4724 4.2 expired (or the caller gives up): stale routes of the peer go. */
  expireStale(id: number, family?: RibFamily): LocRibChange[] {
    this.state(id);
    const changes: LocRibChange[] = [];
    for (const f of family === undefined ? RIB_FAMILIES : [family]) this.sweep(id, f, (e) => e.stale, changes);
    return changes;
  }

  private toRoute(f: RibFamily, slot: Slot, e: Entry): RibRoute {
    return { family: f, prefix: slot.prefix, pathId: e.pathId, peer: this.state(e.peer).info, attributes: e.set.attributes, stale: e.stale };
  }

  private decide(f: RibFamily, slot: Slot, table: Map<string, Slot>, changes: LocRibChange[]): void {
    const before = slot.best;
    const beforeSet = before?.set;
    let best: Entry | undefined;
    if (slot.entries.length > 0) {
      // Candidates in a fixed order (peer, path id) so that the result does not depend on the
      // order updates arrived in, whatever the decision options.
      const ordered = slot.entries.slice().sort((a, b) => a.peer - b.peer || a.pathId - b.pathId);
      const routes: Route[] = ordered.map((e) => ({ attributes: e.set.attributes, peer: this.state(e.peer).info, local: this.options.local }));
      const sel = selectBest(routes, this.decision);
      const i = sel.best === undefined ? -1 : routes.indexOf(sel.best);
      best = i < 0 ? undefined : ordered[i];
    }
    slot.best = best;
    if (slot.entries.length === 0) table.delete(slot.prefix);
    if (best === before && (best === undefined || best.set === beforeSet)) return;
    const prev = before === undefined ? undefined : { ...this.toRoute(f, slot, before), attributes: (beforeSet as AttrSet).attributes };
    if (best === undefined) changes.push({ family: f, prefix: slot.prefix, kind: 'removed', ...(prev === undefined ? {} : { previous: prev }) });
    else if (prev === undefined) changes.push({ family: f, prefix: slot.prefix, kind: 'new', best: this.toRoute(f, slot, best) });
    else changes.push({ family: f, prefix: slot.prefix, kind: 'changed', best: this.toRoute(f, slot, best), previous: prev });
  }

  /** The Loc-RIB best route for a prefix (text, masked to canonical form), or undefined. */
  best(family: RibFamily, prefix: string): RibRoute | undefined {
    const key = canonicalPrefix(prefix) ?? prefix;
    const slot = this.tables.get(family)?.get(key);
    return slot?.best === undefined ? undefined : this.toRoute(family, slot, slot.best);
  }

  /** Every route held for a prefix (all peers' Adj-RIB-In entries). */
  routes(family: RibFamily, prefix: string): RibRoute[] {
    const key = canonicalPrefix(prefix) ?? prefix;
    const slot = this.tables.get(family)?.get(key);
    return slot === undefined ? [] : slot.entries.map((e) => this.toRoute(family, slot, e));
  }

  /** The Loc-RIB: the best route of every prefix. */
  *locRib(family?: RibFamily): IterableIterator<RibRoute> {
    for (const f of family === undefined ? RIB_FAMILIES : [family]) {
      for (const slot of (this.tables.get(f) as Map<string, Slot>).values()) if (slot.best !== undefined) yield this.toRoute(f, slot, slot.best);
    }
  }

  /** A peer's Adj-RIB-In. */
  *adjRibIn(id: number, family?: RibFamily): IterableIterator<RibRoute> {
    this.state(id);
    for (const f of family === undefined ? RIB_FAMILIES : [family]) {
      for (const slot of (this.tables.get(f) as Map<string, Slot>).values()) for (const e of slot.entries) if (e.peer === id) yield this.toRoute(f, slot, e);
    }
  }
}
