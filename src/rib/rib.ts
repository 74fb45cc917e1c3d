import { reconstructAsPath } from '../attributes/as4.ts';
import { endOfRib } from '../attributes/helpers.ts';
import type { MpReachAttribute, PathAttribute, Prefix, UpdateIssue, UpdateMessage } from '../attributes/types.ts';
import { canonicalPrefix } from '../wire/ip.ts';
import { resolveDecisionOptions } from '../decision/options.ts';
import { prepareRoute } from '../decision/eligibility.ts';
import type { Candidate } from '../decision/facts.ts';
import { selectPrepared } from '../decision/select.ts';
import type { DecisionOptions, Ineligibility, Route } from '../decision/types.ts';
import { type AttrSet, AttrSetTable } from './attr-sets.ts';
import { isMplsFamily, RIB_FAMILIES, ribFamily } from './family.ts';
import { nlriKey } from '../nlri/text.ts';
import type { Nlri } from '../nlri/types.ts';
import { flatText, ipv4Key, ipv6Key } from './prefix-key.ts';
import { updateWireKey } from './wire-key.ts';
import type { LocRibChange, RibFamily, RibOptions, RibPeer, RibRoute } from './types.ts';
import { withPeerContexts } from './peer-contexts.ts';
import { checkObject } from '../wire/args.ts';

/**
 * Everything known for one prefix, as one flat array (the memory bet: a full table holds
 * millions of routes, and an object per route plus an array per prefix cost several times
 * more): `[prefix, bestOffset, key0, pathId0, set0, key1, pathId1, set1, ...]`. Each route
 * is three slots: `key` = peer id * 2 + stale bit, the ADD-PATH path id (0 without), and its
 * interned attribute set; routes are kept in (peer, path id) order, the order the decision
 * process sees them in. A withdrawal leaves its cells as a tombstone (key -2) that the next
 * announcement sorting there reuses, so churn allocates nothing; a slot with no live route
 * goes, and a flush compacts. `bestOffset` is the Loc-RIB best's offset, or -1. Arrays are
 * replaced, not grown, when a route comes or goes, so they never carry spare capacity.
 */
type Slot = (string | number | AttrSet)[];

/**
 * Prefix key -> slot: a small integer for IPv4 up to /24 ({@link ipv4Key}), an integer for
 * global unicast IPv6 up to /48 ({@link ipv6Key}), else the text.
 */
type Table = Map<string | number, Slot>;

/** The key of a withdrawn route's cells, kept for reuse (peer -1 matches no peer). */
const TOMBSTONE = -2;
const PREFIX = 0;
const BEST = 1;
const FIRST = 2;
const STRIDE = 3;

const keyAt = (s: Slot, o: number): number => s[o] as number;
const pathIdAt = (s: Slot, o: number): number => s[o + 1] as number;
const setAt = (s: Slot, o: number): AttrSet => s[o + 2] as AttrSet;

interface PeerState {
  readonly info: RibPeer;
  up: boolean;
  /** RFC 4760 section 7 / RFC 7606: families disabled for the rest of the session. */
  readonly disabled: Set<RibFamily>;
  /**
   * A token of the current session, renewed when it goes down: attribute bytes are looked up
   * per session, since what they decode to depends on its context (4-octet AS).
   */
  wireOwner: number;
}

/**
 * The Adj-RIBs-In and the Loc-RIB of RFC 4271 section 3.2: fed with decoded UPDATEs per
 * peer, they keep every peer's routes and the best route per prefix (through `selectBest`),
 * and report each change of the best route. Pure: no I/O, no clock (graceful-restart timers
 * belong to the caller, who calls {@link Rib.expireStale}). The decision options' next-hop
 * resolver and `externalPreference` are asked once per attribute set and peer, and their
 * answers kept while the set is held.
 */
export class Rib {
  private readonly tables = new Map<RibFamily, Table>(RIB_FAMILIES.map((f) => [f, new Map()]));
  private readonly peers: PeerState[] = [];
  private readonly sets = new AttrSetTable();
  private readonly decision: DecisionOptions;
  private readonly options: RibOptions;
  private routeCount = 0;
  private readonly candidates: Candidate[] = [];
  private readonly offsets: number[] = [];
  /** Scratch candidate lists by length (index n holds an array of length n). */
  private readonly byCount: Candidate[][] = [];
  private sessions = 0;
  /** Scratch for an UPDATE's attribute key ({@link updateWireKey}); longer fields go by value. */
  private readonly wireKey = new Uint8Array(4096);
  /**
   * Labeled, VPN and RT-Constraint routes: the NLRI as announced (labels, RD), by family, key,
   * peer and path id ({@link nlriId}). Labels are route data, not part of the key (RFC 8277
   * section 2.4) nor of the shared attribute set.
   */
  private readonly nlri = new Map<string, Nlri>();

  constructor(options: Pick<RibOptions, 'local'> & Partial<RibOptions>) {
    checkObject(options, 'Rib', 'options');
    checkObject(options.local, 'Rib', 'options.local');
    this.options = { local: options.local, decision: options.decision ?? {} };
    this.decision = resolveDecisionOptions(this.options.decision);
  }

  /** Registers a peer; returns its id for the other calls. */
  addPeer(peer: RibPeer): number {
    this.peers.push({ info: withPeerContexts(peer), up: true, disabled: new Set(), wireOwner: this.sessions++ });
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
   *
   * `bytes`, when given, must be the message `update` was decoded from with the peer's session
   * context (valid while unchanged; not kept): an attribute set already held is then found by
   * its bytes, without hashing and comparing the decoded attributes.
   */
  applyUpdate(id: number, update: UpdateMessage, bytes?: Uint8Array): LocRibChange[] {
    const peer = this.state(id);
    const changes: LocRibChange[] = [];
    const eor = endOfRib(update);
    if (eor !== undefined) {
      const f = ribFamily(eor.afi, eor.safi);
      if (f !== undefined) this.sweep(id, f, isStale, changes);
      return changes;
    }
    let withdrawAll = false;
    let discard: Set<number> | undefined;
    for (const issue of update.issues ?? NO_ISSUES) {
      if (issue.action === 'treat-as-withdraw') withdrawAll = true;
      else if (issue.action === 'attribute-discard' && issue.index !== undefined) (discard ??= new Set()).add(issue.index);
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
    let mpReach: readonly Prefix[] | undefined;
    let mpFamily: RibFamily | undefined;
    let mpNlri: readonly Nlri[] | undefined;
    for (const a of update.attributes) {
      if (a.type === 'MP_UNREACH_NLRI' && a.withdrawn !== undefined) {
        const f = ribFamily(a.afi, a.safi);
        if (f !== undefined) this.withdraw(id, f, isMplsFamily(f) ? keyed(a.afi, a.safi, a.withdrawn) : (a.withdrawn as readonly Prefix[]), changes);
      } else if (a.type === 'MP_REACH_NLRI' && a.nlri !== undefined && a.nlri.length > 0) {
        mpFamily = ribFamily(a.afi, a.safi);
        if (mpFamily !== undefined) {
          // Labeled, VPN, RTC: keyed by RD and prefix (RFC 4364 section 4.1), never by label.
          if (isMplsFamily(mpFamily)) {
            mpReach = keyed(a.afi, a.safi, a.nlri);
            mpNlri = a.nlri;
          } else mpReach = a.nlri as readonly Prefix[];
        }
      }
    }
    if (update.nlri.length === 0 && mpReach === undefined) return changes;
    if (withdrawAll) {
      this.withdraw(id, 'ipv4-unicast', update.nlri, changes);
      if (mpReach !== undefined) this.withdraw(id, mpFamily as RibFamily, mpReach, changes);
      return changes;
    }
    let set: AttrSet | undefined;
    let keyLength = -1;
    // Only a message decoded without findings: its attributes are exactly what its bytes say.
    if (bytes !== undefined && update.issues === undefined && update.wire === undefined) {
      keyLength = updateWireKey(bytes, this.wireKey);
      if (keyLength >= 0) set = this.sets.findWire(this.wireKey, keyLength, peer.wireOwner);
    }
    if (set === undefined) {
      set = this.sets.intern(this.storedAttributes(update.attributes, discard, peer.info));
      if (keyLength >= 0) this.sets.attachWire(set, this.wireKey, keyLength, peer.wireOwner);
    }
    if (update.nlri.length > 0 && !peer.disabled.has('ipv4-unicast')) this.announceAll('ipv4-unicast', id, update.nlri, set, changes);
    if (mpReach !== undefined && !peer.disabled.has(mpFamily as RibFamily)) this.announceAll(mpFamily as RibFamily, id, mpReach, set, changes, mpNlri);
    if (set.refs === 0) this.sets.release(set);
    return changes;
  }

  /**
   * The attributes kept for the routes of an UPDATE: RFC 7606 discards applied, AS path
   * reconstructed (RFC 6793 4.2.3), MP_UNREACH_NLRI dropped and MP_REACH_NLRI kept without
   * its NLRI (its next hop is the routes' next hop), so routes of many UPDATEs share one set.
   */
  private storedAttributes(attrs: readonly PathAttribute[], discard: ReadonlySet<number> | undefined, peer: RibPeer): PathAttribute[] {
    const kept: PathAttribute[] = [];
    let as4 = false;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs[i] as PathAttribute;
      if (a.type === 'MP_UNREACH_NLRI' || discard?.has(i) === true) continue;
      if (a.type === 'MP_REACH_NLRI') {
        kept.push(withoutNlri(a));
        continue;
      }
      if (a.type === 'AS4_PATH' || a.type === 'AS4_AGGREGATOR' || (a.type === 'raw' && (a.code === 17 || a.code === 18))) as4 = true;
      kept.push(a);
    }
    // Without AS4 attributes the reconstruction changes nothing: skip its copies.
    return as4 ? reconstructAsPath(kept, { as4: peer.inbound?.as4 ?? true }) : kept;
  }

  private announceAll(f: RibFamily, peer: number, list: readonly Prefix[], set: AttrSet, changes: LocRibChange[], originals?: readonly Nlri[]): void {
    const table = this.tables.get(f) as Table;
    if (originals === undefined) {
      for (const p of list) this.announce(table, f, peer, p, set, changes);
      return;
    }
    for (let i = 0; i < list.length; i++) {
      const p = list[i] as Prefix;
      const pathId = p.pathId ?? 0;
      const nid = nlriId(f, p.prefix, peer, pathId);
      const old = this.nlri.get(nid);
      const now = withoutPathId(originals[i] as Nlri);
      this.nlri.set(nid, now);
      const before = changes.length;
      this.announce(table, f, peer, p, set, changes);
      // RFC 8277 section 2.5: a new label for the same prefix (and path id) replaces the old
      // binding; with the same attributes the best route's set is unchanged, so say it here.
      if (old !== undefined && changes.length === before && JSON.stringify(old) !== JSON.stringify(now)) {
        const best = this.best(f, p.prefix);
        if (best !== undefined && best.peer === this.state(peer).info && best.pathId === pathId) changes.push({ family: f, prefix: p.prefix, kind: 'changed', best, previous: { ...best, nlri: old } });
      }
    }
  }

  private announce(table: Table, f: RibFamily, peer: number, p: Prefix, set: AttrSet, changes: LocRibChange[]): void {
    const pathId = p.pathId ?? 0;
    set.refs++;
    const tk = this.keyOf(f, p.prefix);
    const slot = table.get(tk);
    if (slot === undefined) {
      const text = flatText(p.prefix);
      const fresh = freshSlot(text, peer * 2, pathId, set, this.peers.length);
      table.set(typeof tk === 'number' ? tk : text, fresh);
      this.routeCount++;
      this.decide(f, fresh, table, changes, -1, 0, undefined, tk);
      return;
    }
    const b = slot[BEST] as number;
    const bk = b < 0 ? -1 : keyAt(slot, b);
    const bp = b < 0 ? 0 : pathIdAt(slot, b);
    const bs = b < 0 ? undefined : setAt(slot, b);
    let at = slot.length;
    let tomb = -1;
    for (let o = FIRST; o < slot.length; o += STRIDE) {
      const q = keyAt(slot, o) >> 1;
      const id = pathIdAt(slot, o);
      if (q < 0) {
        if (at === slot.length && tomb < 0) tomb = o;
        continue;
      }
      if (q === peer && id === pathId) {
        // RFC 4271 3.1: a new announcement of the same prefix (and path id) replaces the old one.
        this.sets.release(setAt(slot, o));
        slot[o] = peer * 2;
        slot[o + 2] = set;
        this.decide(f, slot, table, changes, bk, bp, bs, tk);
        return;
      }
      if (q < peer || (q === peer && id < pathId)) tomb = -1;
      else if (at === slot.length) at = o;
    }
    this.routeCount++;
    if (tomb >= 0) {
      // A withdrawn route's cells where this one sorts: reuse them (withdraw and re-announce allocate nothing).
      slot[tomb] = peer * 2;
      slot[tomb + 1] = pathId;
      slot[tomb + 2] = set;
      this.decide(f, slot, table, changes, bk, bp, bs, tk);
      return;
    }
    const grown: Slot = new Array<string | number | AttrSet>(slot.length + STRIDE);
    for (let i = 0; i < at; i++) grown[i] = slot[i] as string | number | AttrSet;
    grown[at] = peer * 2;
    grown[at + 1] = pathId;
    grown[at + 2] = set;
    for (let i = at; i < slot.length; i++) grown[i + STRIDE] = slot[i] as string | number | AttrSet;
    table.set(tk, grown);
    this.decide(f, grown, table, changes, bk, bp, bs, tk);
  }

  private withdraw(peer: number, f: RibFamily, list: readonly Prefix[], changes: LocRibChange[]): void {
    if (list.length === 0) return;
    const table = this.tables.get(f) as Table;
    for (const p of list) {
      const tk = this.keyOf(f, p.prefix);
      const slot = table.get(tk);
      if (slot === undefined) continue;
      const pathId = p.pathId ?? 0;
      for (let o = FIRST; o < slot.length; o += STRIDE) {
        if (keyAt(slot, o) >> 1 === peer && pathIdAt(slot, o) === pathId) {
          const b = slot[BEST] as number;
          const bk = b < 0 ? -1 : keyAt(slot, b);
          const bp = b < 0 ? 0 : pathIdAt(slot, b);
          const bs = b < 0 ? undefined : setAt(slot, b);
          this.sets.release(setAt(slot, o));
          this.routeCount--;
          // Left as a tombstone in place: no allocation now, and a re-announcement reuses it.
          slot[o] = TOMBSTONE;
          slot[o + 1] = 0;
          slot[o + 2] = 0;
          this.decide(f, slot, table, changes, bk, bp, bs, tk);
          if (this.nlri.size !== 0) this.nlri.delete(nlriId(f, slot[PREFIX] as string, peer, pathId));
          break;
        }
      }
    }
  }

  /** Removes the routes of a slot that match, then decides again (replacing or dropping the slot). */
  private removeWhere(f: RibFamily, table: Table, slot: Slot, which: (key: number, pathId: number) => boolean, changes: LocRibChange[]): void {
    const b = slot[BEST] as number;
    const kept: Slot = [slot[PREFIX] as string, -1];
    let gone: string[] | undefined;
    for (let o = FIRST; o < slot.length; o += STRIDE) {
      if (keyAt(slot, o) < 0) continue; // tombstones go too
      const s = setAt(slot, o);
      if (which(keyAt(slot, o), pathIdAt(slot, o))) {
        this.sets.release(s);
        this.routeCount--;
        if (this.nlri.size !== 0) (gone ??= []).push(nlriId(f, slot[PREFIX] as string, keyAt(slot, o) >> 1, pathIdAt(slot, o)));
      } else kept.push(keyAt(slot, o), pathIdAt(slot, o), s);
    }
    // push leaves spare capacity: copy to an exact-size array when the slot stays.
    const next = kept.length > FIRST ? kept.slice() : kept;
    const tk = this.keyOf(f, slot[PREFIX] as string);
    if (next.length > FIRST) table.set(tk, next);
    this.decide(f, next, table, changes, b < 0 ? -1 : keyAt(slot, b), b < 0 ? 0 : pathIdAt(slot, b), b < 0 ? undefined : setAt(slot, b), tk);
    if (gone !== undefined) for (const id of gone) this.nlri.delete(id);
  }

  /** Removes the peer's routes of a family whose key (peer id * 2 + stale bit) matches, deciding again where needed. */
  private sweep(peer: number, f: RibFamily, which: (key: number) => boolean, changes: LocRibChange[]): void {
    const table = this.tables.get(f) as Table;
    // Replacing or deleting entries of a Map while iterating it is well defined.
    for (const slot of table.values()) {
      let hit = false;
      for (let o = FIRST; o < slot.length; o += STRIDE) if (keyAt(slot, o) >> 1 === peer && which(keyAt(slot, o))) hit = true;
      if (hit) this.removeWhere(f, table, slot, (k) => k >> 1 === peer && which(k), changes);
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
    // The next session may decode the same bytes differently (another context).
    peer.wireOwner = this.sessions++;
    if (options.gracefulRestart === true) {
      for (const table of this.tables.values()) {
        for (const slot of table.values()) for (let o = FIRST; o < slot.length; o += STRIDE) if (keyAt(slot, o) >> 1 === id) slot[o] = id * 2 + 1;
      }
      return changes;
    }
    for (const f of RIB_FAMILIES) this.sweep(id, f, () => true, changes);
    return changes;
  }

  /** The restart timer of RFC 4724 4.2 expired (or the caller gives up): stale routes of the peer go. */
  expireStale(id: number, family?: RibFamily): LocRibChange[] {
    this.state(id);
    const changes: LocRibChange[] = [];
    for (const f of family === undefined ? RIB_FAMILIES : [family]) this.sweep(id, f, isStale, changes);
    return changes;
  }

  private keyOf(f: RibFamily, prefix: string): string | number {
    // The families are interned strings: compare, not hash.
    if (f === 'ipv4-unicast' || f === 'ipv4-multicast') {
      const k = ipv4Key(prefix);
      return k < 0 ? prefix : k;
    }
    if (f === 'ipv6-unicast' || f === 'ipv6-multicast') {
      const k = ipv6Key(prefix);
      return k < 0 ? prefix : k;
    }
    // Labeled, VPN, RTC: the key text (RD and prefix), as nlriKey wrote it.
    return prefix;
  }

  private toRoute(f: RibFamily, prefix: string, key: number, pathId: number, set: AttrSet): RibRoute {
    const peer = this.state(key >> 1).info;
    if (this.nlri.size !== 0 && isMplsFamily(f)) {
      const nlri = this.nlri.get(nlriId(f, prefix, key >> 1, pathId));
      if (nlri !== undefined) return { family: f, prefix, nlri, pathId, peer, attributes: set.attributes, stale: (key & 1) === 1 };
    }
    return { family: f, prefix, pathId, peer, attributes: set.attributes, stale: (key & 1) === 1 };
  }

  /**
   * The decision process's view of a route: one Route object and prepared candidate per
   * attribute set and peer, made once (eligibility and compared values do not change while
   * the set is held), instead of a Route and facts per route per selection.
   */
  private prepared(set: AttrSet, peer: number): Candidate | Ineligibility {
    if (set.peer === peer && set.prepared !== undefined) return set.prepared;
    const route: Route = { attributes: set.attributes, peer: this.state(peer).info, local: this.options.local };
    const prepared = prepareRoute(route, this.decision);
    set.peer = peer;
    set.route = route;
    set.prepared = prepared;
    return prepared;
  }

  /**
   * Selects the slot's best route and reports a change against the best before the update
   * (its key, path id and set, or key -1 for none).
   */
  private decide(f: RibFamily, slot: Slot, table: Table, changes: LocRibChange[], bk: number, bp: number, bs: AttrSet | undefined, tk: string | number): void {
    let best = -1;
    let live = 0;
    let only = -1;
    for (let o = FIRST; o < slot.length; o += STRIDE) {
      if (keyAt(slot, o) >= 0) {
        live++;
        only = o;
      }
    }
    if (live === 1) {
      const b = slot[BEST] as number;
      // The best before, left alone: still the best (its eligibility is kept per set and peer),
      // without reading its set.
      if (b === only && keyAt(slot, b) >> 1 === bk >> 1 && bk >= 0 && pathIdAt(slot, b) === bp && setAt(slot, b) === bs) best = only;
      // One route: the common case in a table loading; it is the best when it is eligible.
      else if (!('reason' in this.prepared(setAt(slot, only), keyAt(slot, only) >> 1))) best = only;
    } else if (live > 1) {
      // Candidates in a fixed order (peer, path id) so that the result does not depend on the
      // order updates arrived in, whatever the decision options. Scratch arrays reused across
      // decisions (selectPrepared keeps no reference to them), filled by index: setting an
      // array's length is a call into the runtime.
      const pool = this.candidates;
      const offsets = this.offsets;
      let m = 0;
      for (let o = FIRST; o < slot.length; o += STRIDE) {
        if (keyAt(slot, o) < 0) continue;
        const c = this.prepared(setAt(slot, o), keyAt(slot, o) >> 1);
        if ('reason' in c) continue;
        if (m < pool.length) {
          pool[m] = c;
          offsets[m] = o;
        } else {
          pool.push(c);
          offsets.push(o);
        }
        m++;
      }
      const candidates = (this.byCount[m] ??= new Array<Candidate>(m));
      for (let i = 0; i < m; i++) candidates[i] = pool[i] as Candidate;
      const won = selectPrepared(candidates, this.decision);
      if (won !== undefined) best = offsets[candidates.indexOf(won)] ?? -1;
    }
    slot[BEST] = best;
    const prefix = slot[PREFIX] as string;
    if (live === 0) table.delete(tk);
    if (best < 0 && bk < 0) return;
    if (best >= 0 && bk >= 0 && keyAt(slot, best) >> 1 === bk >> 1 && pathIdAt(slot, best) === bp && setAt(slot, best) === bs) return;
    const prev = bk < 0 ? undefined : this.toRoute(f, prefix, bk, bp, bs as AttrSet);
    // Literals of one shape each (no spread: it costs a temporary object and a slower copy).
    if (best < 0) changes.push(prev === undefined ? { family: f, prefix, kind: 'removed' } : { family: f, prefix, kind: 'removed', previous: prev });
    else {
      const now = this.toRoute(f, prefix, keyAt(slot, best), pathIdAt(slot, best), setAt(slot, best));
      if (prev === undefined) changes.push({ family: f, prefix, kind: 'new', best: now });
      else changes.push({ family: f, prefix, kind: 'changed', best: now, previous: prev });
    }
  }

  /** The Loc-RIB best route for a prefix (text, masked to canonical form), or undefined. */
  best(family: RibFamily, prefix: string): RibRoute | undefined {
    const key = canonicalPrefix(prefix) ?? prefix;
    const slot = this.tables.get(family)?.get(this.keyOf(family, key));
    const b = slot === undefined ? -1 : (slot[BEST] as number);
    return slot === undefined || b < 0 ? undefined : this.toRoute(family, key, keyAt(slot, b), pathIdAt(slot, b), setAt(slot, b));
  }

  /** Every route held for a prefix (all peers' Adj-RIB-In entries). */
  routes(family: RibFamily, prefix: string): RibRoute[] {
    const key = canonicalPrefix(prefix) ?? prefix;
    const slot = this.tables.get(family)?.get(this.keyOf(family, key));
    const out: RibRoute[] = [];
    if (slot !== undefined) for (let o = FIRST; o < slot.length; o += STRIDE) if (keyAt(slot, o) >= 0) out.push(this.toRoute(family, key, keyAt(slot, o), pathIdAt(slot, o), setAt(slot, o)));
    return out;
  }

  /** The Loc-RIB: the best route of every prefix. */
  *locRib(family?: RibFamily): IterableIterator<RibRoute> {
    for (const f of family === undefined ? RIB_FAMILIES : [family]) {
      for (const slot of (this.tables.get(f) as Table).values()) {
        const b = slot[BEST] as number;
        if (b >= 0) yield this.toRoute(f, slot[PREFIX] as string, keyAt(slot, b), pathIdAt(slot, b), setAt(slot, b));
      }
    }
  }

  /** A peer's Adj-RIB-In. */
  *adjRibIn(id: number, family?: RibFamily): IterableIterator<RibRoute> {
    this.state(id);
    for (const f of family === undefined ? RIB_FAMILIES : [family]) {
      for (const slot of (this.tables.get(f) as Table).values()) {
        for (let o = FIRST; o < slot.length; o += STRIDE) if (keyAt(slot, o) >> 1 === id) yield this.toRoute(f, slot[PREFIX] as string, keyAt(slot, o), pathIdAt(slot, o), setAt(slot, o));
      }
    }
  }
}

/** MP_REACH_NLRI without its NLRI (built field by field: object rest/spread is slow here). */
function withoutNlri(a: MpReachAttribute): MpReachAttribute {
  const out: { -readonly [K in keyof MpReachAttribute]: MpReachAttribute[K] } = { type: 'MP_REACH_NLRI', afi: a.afi, safi: a.safi };
  if (a.flags !== undefined) out.flags = a.flags;
  if (a.nextHop !== undefined) out.nextHop = a.nextHop;
  if (a.nextHopBytes !== undefined) out.nextHopBytes = a.nextHopBytes;
  if (a.reserved !== undefined) out.reserved = a.reserved;
  out.nlri = [];
  if (a.nlriBytes !== undefined) out.nlriBytes = a.nlriBytes;
  return out;
}

const isStale = (key: number): boolean => (key & 1) === 1;

/** The id of one labeled/VPN/RTC route in the NLRI map: family, key text, peer id and path id. */
function nlriId(f: RibFamily, key: string, peer: number, pathId: number): string {
  return `${f}\u0000${key}\u0000${peer}\u0000${pathId}`;
}

/** Prefixes keyed as the RIB keys the family (RD and prefix; labels never), with their path ids. */
function keyed(afi: number, safi: number, list: readonly Nlri[]): Prefix[] {
  return list.map((n) => (n.pathId === undefined ? { prefix: nlriKey(afi, safi, n) } : { prefix: nlriKey(afi, safi, n), pathId: n.pathId }));
}

/** The NLRI without its path id (the route's cell holds that). */
function withoutPathId(n: Nlri): Nlri {
  if (n.pathId === undefined) return n;
  const { pathId: _p, ...rest } = n;
  return rest as Nlri;
}

/**
 * A new slot with its first route and room (tombstones) for the routes of other peers, up to
 * 4 routes in all: a table load otherwise replaces each slot with a larger copy once per peer
 * (an allocation, a copy, a second table write, and an old array for the GC). Peers that come
 * up later sort after it and reuse the cells; an unused cell costs 24 bytes.
 */
function freshSlot(text: string, key: number, pathId: number, set: AttrSet, peers: number): Slot {
  const T = TOMBSTONE;
  switch (Math.min(peers, 4)) {
    case 2:
      return [text, -1, key, pathId, set, T, 0, 0];
    case 3:
      return [text, -1, key, pathId, set, T, 0, 0, T, 0, 0];
    case 4:
      return [text, -1, key, pathId, set, T, 0, 0, T, 0, 0, T, 0, 0];
    default:
      return [text, -1, key, pathId, set];
  }
}

const NO_ISSUES: readonly UpdateIssue[] = [];
