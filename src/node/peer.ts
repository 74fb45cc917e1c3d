import type { Socket } from 'node:net';
import { endOfRibMessage } from '../attributes/helpers.ts';
import type { UpdateMessage } from '../attributes/types.ts';
import type { SessionContext } from '../context/session-context.ts';
import type { FsmAction, FsmOptions, FsmStateName, NegotiatedSession } from '../fsm/types.ts';
import { CeaseSubcode } from '../iana.ts';
import { encodeMessage } from '../messages/encode.ts';
import { shutdownNotification } from '../messages/notification.ts';
import type { BgpMessage, NotificationMessage, RouteRefreshMessage } from '../messages/types.ts';
import { familyAfiSafi, ribFamily } from '../rib/family.ts';
import type { LocRibChange, RibFamily, RibPeer, RibRoute } from '../rib/types.ts';
import type { OutRoute } from './advertised.ts';
import { Connection, type ConnectionHost, type ConnectionInfo, resolveCollision } from './connection.ts';
import type { PeerHost } from './peer-host.ts';
import { carries } from './export.ts';
import { importUpdate, maxPrefixData, PrefixLimits, RefreshWindow } from './import.ts';
import { nextHopsSelf, plainAddress, rejectSocket } from './addresses.ts';
import { downInfo, EventQueue, listenerArgs, type PeerEvent, type PeerEventMap, SafeEmitter } from './peer-events.ts';
import { fsmOptionsFor, type PeerOptions, type ResolvedPeerOptions, resolvePeerOptions } from './peer-options.ts';
import { PeerExport } from './peer-export.ts';
import { localRoutes, type RouteInput, routeKey, withdrawnPrefixes } from './route-input.ts';

/**
 * One BGP peer of a {@link Speaker}: its session (the `bgpwire/fsm` reducer over real TCP
 * connections and timers, collisions resolved per RFC 4271 section 6.8), the routes announced
 * to it (its Adj-RIB-Out) and learned from it (its Adj-RIB-In in the speaker's `Rib`).
 * Events: `established`, `update`, `down`, `notification`, `state`, `error`; also an async
 * iterator of {@link PeerEvent}s.
 * @example
 * const peer = speaker.addPeer({ address: '192.0.2.2', peerAs: 65002 });
 * peer.on('update', (update, changes) => console.log(changes));
 * await peer.established();
 * peer.announce({ prefixes: ['198.51.100.0/24'], communities: ['65001:1'] });
 */
export class Peer extends SafeEmitter implements ConnectionHost {
  /** The options as resolved (defaults filled in). */
  readonly options: ResolvedPeerOptions;
  private readonly host: PeerHost;
  private readonly fsmOptions: FsmOptions;
  private primary: Connection;
  private secondary: Connection | undefined;
  private stopped = true;
  private removed = false;
  private ribId: number | undefined;
  /** The Adj-RIB-In id whose routes are kept stale across a graceful restart (RFC 4724). */
  private retainedId: number | undefined;
  private staleTimer: ReturnType<typeof setTimeout> | undefined;
  private ribPeer: RibPeer | undefined;
  private established_: Connection | undefined;
  private readonly out: PeerExport;
  private readonly limits: PrefixLimits;
  private readonly window = new RefreshWindow();
  private readonly iterators = new Set<EventQueue>();
  private paused = false;
  private holdLimit: ReturnType<typeof setTimeout> | undefined;
  private waiters: { resolve: (s: NegotiatedSession) => void; reject: (e: Error) => void }[] = [];
  private readonly closing = new Set<Promise<void>>();

  /** @throws TypeError naming the first option that is wrong. */
  constructor(host: PeerHost, options: PeerOptions) {
    super();
    this.host = host;
    this.options = resolvePeerOptions(options);
    this.fsmOptions = fsmOptionsFor(this.options, host.localAs, host.bgpId);
    this.primary = new Connection(this, this.fsmOptions);
    this.limits = new PrefixLimits(this.options.maxPrefixes);
    this.out = new PeerExport({
      name: this.options.name,
      hook: this.options.export,
      local: host.local,
      rib: host.rib,
      sharedRoute: (key) => host.sharedRoute(key),
      report: (err) => this.report(err),
    });
  }

  /** The peer's address. */
  get address(): string {
    return this.options.address;
  }

  /** The FSM state of the session (RFC 4271 section 8.2.2). */
  get state(): FsmStateName {
    return this.established_?.state.name ?? this.primary.state.name;
  }

  /** The negotiated session while Established. */
  get session(): NegotiatedSession | undefined {
    return this.established_?.state.session;
  }

  /** The TCP connection of the session (or of the connection being set up), if any. */
  get connection(): ConnectionInfo | undefined {
    return (this.established_ ?? this.primary).info();
  }

  /** Received bytes held unprocessed for a slow consumer (bounded by `maxPendingBytes` plus one read). */
  get heldBytes(): number {
    return this.primary.pendingLength + (this.secondary?.pendingLength ?? 0);
  }

  /** Starts the session (ManualStart; passive peers only listen, Event 4). */
  start(): void {
    if (this.removed) throw new Error(`peer ${this.options.name}: removed from its speaker`);
    this.stopped = false;
    this.primary.fire({ type: this.options.passive ? 'ManualStart_with_PassiveTcpEstablishment' : 'ManualStart' });
  }

  /**
   * Stops the session: a Cease 6/2 Administrative Shutdown, with `reason` as the RFC 9003
   * shutdown communication; resolves when the connection is closed. The peer stays stopped
   * until `start()`.
   * @throws RangeError when `reason` exceeds 255 octets of UTF-8 (RFC 9003 section 2).
   */
  stop(reason?: string): Promise<void> {
    const data = reason === undefined ? undefined : shutdownNotification(reason).data;
    this.stopped = true;
    for (const c of [this.primary, this.secondary]) {
      if (c === undefined) continue;
      c.fire({ type: 'ManualStop', subcode: CeaseSubcode.AdministrativeShutdown, ...(data === undefined ? {} : { data }) });
      // ManualStop is ignored in Idle: a pending automatic restart must not fire either.
      c.cancelTimers();
    }
    if (this.secondary !== undefined) this.discardSecondary();
    for (const w of this.waiters.splice(0)) w.reject(new Error(`peer ${this.options.name}: stopped`));
    return this.whenClosed();
  }

  /** Resolves with the session once it is Established (at once when it is). */
  established(): Promise<NegotiatedSession> {
    const s = this.session;
    if (s !== undefined && this.state === 'Established') return Promise.resolve(s);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /**
   * Announces locally originated routes to this peer (docs/SPEAKER.md, export rules); sent at
   * once when Established, else when the session comes up. Returns the number of routes that
   * changed in the Adj-RIB-Out.
   * @throws TypeError on a malformed value; RangeError when the send queue is over its bound.
   */
  announce(input: RouteInput): number {
    const routes = localRoutes(input);
    this.checkSendQueue();
    for (const r of routes) this.out.own.set(routeKey(r.family, r.prefix, r.pathId), r);
    return this.refreshKeys(routes.map((r) => [r.family, r.prefix, r.pathId]));
  }

  /** Withdraws locally originated routes of this peer (every path id of each prefix). */
  withdraw(prefixes: readonly string[]): number {
    const list = withdrawnPrefixes(prefixes);
    const keys: [RibFamily, string, number][] = [];
    for (const [k, r] of this.out.own) {
      if (list.some((p) => p.family === r.family && p.prefix === r.prefix)) {
        this.out.own.delete(k);
        keys.push([r.family, r.prefix, r.pathId]);
      }
    }
    return this.refreshKeys(keys);
  }

  /**
   * Sends a ROUTE-REFRESH request (RFC 2918) for `family`, or for every family of the session.
   * @throws Error when not Established or the peer did not announce route refresh.
   */
  refresh(family?: RibFamily): void {
    const c = this.established_;
    const s = c?.state.session;
    if (c === undefined || s === undefined) throw new Error(`peer ${this.options.name}: refresh needs an Established session`);
    if (!(c.peerOpen?.capabilities.some((x) => x.type === 'route-refresh' || x.type === 'route-refresh-cisco') ?? false)) {
      throw new Error(`peer ${this.options.name}: the peer did not announce route refresh (RFC 2918 section 4)`);
    }
    for (const f of family === undefined ? this.carried(s.send) : [family]) {
      const { afi, safi } = familyAfiSafi(f);
      c.write(encodeMessage({ type: 'ROUTE-REFRESH', afi, safi, subtype: 0 }, s.send));
    }
  }

  /** The routes learned from this peer (its Adj-RIB-In), as the speaker's `Rib` holds them. */
  *adjRibIn(family?: RibFamily): IterableIterator<RibRoute> {
    if (this.ribId !== undefined) yield* this.host.rib.adjRibIn(this.ribId, family);
  }

  /** The routes advertised to this peer (its Adj-RIB-Out). */
  adjRibOut(family?: RibFamily): IterableIterator<OutRoute> {
    return this.out.advertised.all(family);
  }

  /** Holds reading (UPDATEs wait, KEEPALIVEs still count) until {@link Peer.resume}. */
  pause(): void {
    this.paused = true;
    this.holdChanged();
  }

  /** Ends a {@link Peer.pause}. */
  resume(): void {
    this.paused = false;
    this.holdChanged();
  }

  /** Resolves when the socket's send buffer has drained. */
  drained(): Promise<void> {
    return this.established_?.drained() ?? Promise.resolve();
  }

  /** The events as an async iterator (bounded: a consumer behind by `maxQueuedEvents` holds reading). */
  [Symbol.asyncIterator](): AsyncIterableIterator<PeerEvent> {
    const q = new EventQueue(this.options.maxQueuedEvents, (x) => {
      if (x.isDone) this.iterators.delete(x);
      this.holdChanged();
    });
    this.iterators.add(q);
    return q;
  }

  // ---- ConnectionHost

  /** Whether a slow consumer holds reading. */
  get holding(): boolean {
    if (this.paused) return true;
    for (const q of this.iterators) if (q.isFull) return true;
    return false;
  }

  /** Bytes held unprocessed before the socket stops reading. */
  get maxPendingBytes(): number {
    return this.options.maxPendingBytes;
  }

  /** @internal The transport's report of something the FSM does not model. */
  error(_conn: Connection, err: Error): void {
    this.report(err);
  }

  /** @internal A NOTIFICATION went out on a connection. */
  sent(conn: Connection, message: NotificationMessage): void {
    conn.lastNotification = { message, direction: 'sent' };
    if (!conn.discarded) this.emitEvent({ type: 'notification', notification: message, direction: 'sent' });
  }

  /** @internal A decoded message, before the FSM sees it: collisions, NOTIFICATIONs. */
  received(conn: Connection, message: BgpMessage): boolean {
    if (message.type === 'NOTIFICATION') {
      conn.lastNotification = { message, direction: 'received' };
      this.emitEvent({ type: 'notification', notification: message, direction: 'received' });
      return true;
    }
    if (message.type !== 'OPEN') return true;
    conn.peerOpen = message;
    const other = conn === this.primary ? this.secondary : this.primary;
    return other === undefined || resolveCollision(conn, other, message, this.host.bgpId, this.host.localAs);
  }

  /** @internal The reducer's actions that are not the transport's. */
  handle(conn: Connection, a: FsmAction): void {
    switch (a.type) {
      case 'connect':
        this.connect(conn);
        return;
      case 'stateChange':
        this.stateChanged(conn, a.from, a.to);
        return;
      case 'processUpdate':
        this.processUpdate(conn, a.update);
        return;
      case 'processRouteRefresh':
        this.processRefresh(conn, a.message);
        return;
      case 'deleteRoutes':
        this.dropRoutes(false);
        return;
      case 'retainRoutes':
        this.dropRoutes(true, a.restartTime);
        return;
      case 'logError':
        this.report(new Error(`${this.options.name}: ${a.reason}`));
        return;
      default:
        // listen (the speaker's server listens), accept/track (the peer placed the socket already),
        // counters, resources and damping need nothing here.
        return;
    }
  }

  // ---- incoming connections (from the Speaker)

  /** @internal An incoming TCP connection from this peer's address. */
  incoming(socket: Socket): void {
    const p = this.primary;
    if (this.stopped || this.removed || p.state.name === 'Idle') {
      rejectSocket(socket);
      return;
    }
    if (p.socket === undefined && (p.state.name === 'Connect' || p.state.name === 'Active')) {
      p.attach(socket, false);
      p.fire({ type: 'TcpConnection_Valid' });
      p.fire({ type: 'TcpConnectionConfirmed' });
      return;
    }
    if (this.secondary !== undefined) {
      // A third connection while two are tracked: refused (RFC 4486 Cease 5).
      rejectSocket(socket);
      return;
    }
    // "the second connection SHALL be tracked until it sends an OPEN message" (section 8.2.2).
    p.fire({ type: 'TcpConnection_Valid' });
    const s = new Connection(this, this.fsmOptions);
    this.secondary = s;
    s.fire({ type: 'ManualStart_with_PassiveTcpEstablishment' });
    s.attach(socket, false);
    s.fire({ type: 'TcpConnection_Valid' });
    s.fire({ type: 'TcpConnectionConfirmed' });
  }

  /** @internal Stops for good (Speaker.close / removePeer): Cease, then closed sockets. */
  async close(): Promise<void> {
    await this.stop();
    this.removed = true;
    for (const q of this.iterators) q.end();
    if (this.holdLimit !== undefined) clearTimeout(this.holdLimit);
    if (this.staleTimer !== undefined) clearTimeout(this.staleTimer);
    this.primary.discard();
    await this.whenClosed();
  }

  // ---- internals

  private whenClosed(): Promise<void> {
    const all = [...this.closing, this.primary.whenClosed(), ...(this.secondary === undefined ? [] : [this.secondary.whenClosed()])];
    return Promise.all(all).then(() => undefined);
  }

  private connect(conn: Connection): void {
    // A passive peer never opens a connection (the reducer does not ask once PassiveTcpEstablishment is set).
    if (this.options.passive || this.removed) return;
    const o = this.options;
    const target = { host: o.address, port: o.port, ...(o.localAddress === undefined ? {} : { localAddress: o.localAddress }) };
    conn.open(target, o.raw.createConnection, (err) => this.report(new Error(`${o.name}: createConnection failed: ${String(err)}`)));
  }

  /** Keeps a discarded connection's closing in view for stop()/close(), until it is closed. */
  private linger(c: Connection): void {
    const p = c.whenClosed();
    this.closing.add(p);
    void p.then(() => this.closing.delete(p));
  }

  private discardSecondary(): void {
    const s = this.secondary;
    if (s === undefined) return;
    this.secondary = undefined;
    s.discard();
    this.linger(s);
  }

  /** Makes the second connection the session's: the first one is dropped. */
  private promote(): void {
    const s = this.secondary;
    if (s === undefined) return;
    const old = this.primary;
    this.primary = s;
    this.secondary = undefined;
    old.discard();
    this.linger(old);
  }

  private stateChanged(conn: Connection, from: FsmStateName, to: FsmStateName): void {
    if (conn === this.secondary) {
      if (to === 'Idle') {
        this.discardSecondary();
        return;
      }
      // The second connection passed its OPEN while the first one has none under way (still
      // connecting: no collision to detect), or it won: it becomes the session.
      const p = this.primary.state.name;
      const first = p === 'Idle' || p === 'Connect' || p === 'Active';
      if ((to === 'OpenConfirm' && first) || to === 'Established') this.promote();
      else return;
    }
    if (conn !== this.primary) return;
    // The first connection lost a collision before Established: the second one carries on, silently.
    if (to === 'Idle' && from !== 'Established' && this.secondary !== undefined) {
      this.promote();
      return;
    }
    if (from === 'Established') this.down(conn);
    this.emitEvent({ type: 'state', from, to });
    if (to === 'Established') this.up(conn);
    // The first connection lost a collision (or failed) while the second lives on: it takes over.
    if (to === 'Idle' && this.secondary !== undefined) this.promote();
  }

  private up(conn: Connection): void {
    const session = conn.state.session as NegotiatedSession;
    const o = this.options;
    const { nextHop4, nextHop6 } = nextHopsSelf(o.nextHop, o.nextHop6, plainAddress(conn.socket?.localAddress));
    this.established_ = conn;
    this.ribPeer = {
      asn: session.peerAs,
      bgpId: session.peerBgpId,
      address: o.address,
      type: session.receive.peerType,
      inbound: session.receive,
      outbound: session.send,
      ...(nextHop4 === undefined ? {} : { localAddress: nextHop4 }),
      ...(nextHop6 === undefined ? {} : { localAddress6: nextHop6 }),
    };
    // After a graceful restart the stale routes wait under the old id: End-of-RIB sweeps them there.
    this.ribId = this.retainedId ?? this.host.rib.addPeer(this.ribPeer);
    this.retainedId = undefined;
    this.out.up({ localAs: this.host.localAs, peerType: session.send.peerType, send: session.send, nextHop4, nextHop6, role: o.role }, this.ribPeer);
    this.limits.reset();
    this.window.reset();
    // The initial table: every locally originated route, the learned ones the export hook lets
    // through, then End-of-RIB per family (RFC 4724 section 2).
    const keys: [RibFamily, string, number][] = [];
    for (const r of this.out.own.values()) keys.push([r.family, r.prefix, r.pathId]);
    for (const r of this.host.sharedRoutes()) keys.push([r.family, r.prefix, r.pathId]);
    if (o.export !== undefined) for (const r of this.host.rib.locRib()) if (r.peer !== this.ribPeer) keys.push([r.family, r.prefix, 1]);
    this.refreshKeys(keys);
    for (const f of this.carried(session.send)) {
      const { afi, safi } = familyAfiSafi(f);
      conn.write(encodeMessage(endOfRibMessage(afi, safi), session.send));
    }
    for (const w of this.waiters.splice(0)) w.resolve(session);
    this.emitEvent({ type: 'established', session });
  }

  private down(conn: Connection): void {
    if (this.established_ === conn) this.established_ = undefined;
    this.out.down();
    this.emitEvent({ type: 'down', down: downInfo(conn.lastNotification) });
  }

  private dropRoutes(retain: boolean, restartTime = 0): void {
    const id = this.ribId;
    if (id === undefined) return;
    const changes = this.host.rib.peerDown(id, { gracefulRestart: retain });
    if (retain) {
      // RFC 4724 section 4.2: stale until End-of-RIB, or gone when the restart time passes.
      this.retainedId = id;
      if (this.staleTimer !== undefined) clearTimeout(this.staleTimer);
      this.staleTimer = setTimeout(() => {
        this.staleTimer = undefined;
        this.host.learned(this, this.host.rib.expireStale(id));
      }, restartTime * 1000);
    }
    this.ribId = undefined;
    this.limits.reset();
    this.window.reset();
    this.host.learned(this, changes);
  }

  private carried(send: SessionContext): RibFamily[] {
    return this.options.families.filter((f) => carries(send, f));
  }

  private processUpdate(conn: Connection, update: UpdateMessage): void {
    const id = this.ribId;
    const session = conn.state.session;
    if (id === undefined || session === undefined) return;
    if (!this.checkMaxPrefixes(conn, update)) return;
    const updates = importUpdate(update, {
      hook: this.options.import,
      remoteRole: session.receive.roles?.sender,
      peerAs: session.peerAs,
      onHookError: (err) => this.report(new Error(`${this.options.name}: import hook threw: ${String(err)}`)),
    });
    this.window.note(update);
    this.learnedUpdate(id, update, updates);
  }

  /** Stores what an UPDATE brought and tells the listeners and the other peers. */
  private learnedUpdate(id: number, update: UpdateMessage, updates: readonly UpdateMessage[]): void {
    const changes: LocRibChange[] = [];
    for (const u of updates) for (const c of this.host.rib.applyUpdate(id, u)) changes.push(c);
    this.emitEvent({ type: 'update', update, changes });
    this.host.learned(this, changes);
  }

  /** RFC 4486 section 4: past the limit, Cease 6/1 with AFI, SAFI and the limit; false when it reset. */
  private checkMaxPrefixes(conn: Connection, update: UpdateMessage): boolean {
    const over = this.limits.check(update);
    if (over === undefined) return true;
    this.report(new Error(`${this.options.name}: maximum prefixes ${over.limit} for ${over.family} exceeded: Cease 6/1 (RFC 4486)`));
    conn.fire({ type: 'AutomaticStop', subcode: CeaseSubcode.MaximumNumberOfPrefixesReached, data: maxPrefixData(over.family, over.limit) });
    return false;
  }

  /** RFC 2918 / RFC 7313: a request is answered from the Adj-RIB-Out (BoRR, routes, EoRR when enhanced). */
  private processRefresh(conn: Connection, m: RouteRefreshMessage): void {
    const s = conn.state.session;
    const family = ribFamily(m.afi, m.safi);
    // RFC 2918 section 4: a family not negotiated is ignored.
    if (s === undefined || family === undefined || !carries(s.send, family)) return;
    if (m.subtype === 1 || m.subtype === 2) {
      // RFC 7313 section 4: the peer re-advertises between BoRR and EoRR; what it did not send again goes.
      if (m.subtype === 1) this.window.begin(family);
      const id = this.ribId;
      const u = m.subtype === 2 && id !== undefined ? this.window.end(family, this.host.rib.adjRibIn(id, family)) : undefined;
      if (u !== undefined && id !== undefined) this.learnedUpdate(id, u, [u]);
      return;
    }
    if (m.subtype !== 0) return;
    const enhanced = s.send.enhancedRouteRefresh;
    if (enhanced) conn.write(encodeMessage({ type: 'ROUTE-REFRESH', afi: m.afi, safi: m.safi, subtype: 1 }, s.send));
    for (const u of this.out.updatesFor(family, s.send)) conn.write(encodeMessage(u, s.send));
    if (enhanced) conn.write(encodeMessage({ type: 'ROUTE-REFRESH', afi: m.afi, safi: m.safi, subtype: 2 }, s.send));
  }

  /** @internal The speaker's shared routes changed for these keys. */
  sharedChanged(keys: readonly [RibFamily, string, number][]): number {
    return this.refreshKeys(keys);
  }

  /** @internal Loc-RIB changes from another peer: offered to the export hook (nothing learned goes without one). */
  learnedChanged(changes: readonly LocRibChange[]): void {
    if (this.options.export === undefined || !this.out.isUp) return;
    this.refreshKeys(changes.map((c) => [c.family, c.prefix, 1]));
  }

  /** Recomputes what this peer is sent for the given keys, and sends the changes. */
  private refreshKeys(keys: readonly [RibFamily, string, number][]): number {
    if (this.established_ === undefined) return 0;
    const n = this.out.refresh(keys);
    this.flush();
    return n;
  }

  private flush(): void {
    const c = this.established_;
    const s = c?.state.session;
    if (c === undefined || s === undefined) return;
    for (const u of this.out.take(s.send)) {
      try {
        c.write(encodeMessage(u, s.send));
      } catch (err) {
        this.report(new Error(`${this.options.name}: an UPDATE could not be encoded: ${String(err)}`));
      }
    }
  }

  private checkSendQueue(): void {
    const n = this.established_?.writableLength ?? 0;
    if (n > this.options.maxSendQueueBytes) {
      throw new RangeError(`${this.options.name}: send queue holds ${n} bytes, over maxSendQueueBytes ${this.options.maxSendQueueBytes}: await peer.drained()`);
    }
  }

  private holdChanged(): void {
    const holding = this.holding;
    if (!holding) {
      if (this.holdLimit !== undefined) clearTimeout(this.holdLimit);
      this.holdLimit = undefined;
      for (const c of [this.primary, this.secondary]) c?.resume();
      return;
    }
    if (this.holdLimit !== undefined || this.options.maxHoldTime === 0) return;
    const limit = this.options.maxHoldTime;
    this.holdLimit = setTimeout(() => {
      this.holdLimit = undefined;
      if (!this.holding) return;
      // The hold is bounded: past it the session resets with a clear reason (RFC 4486 Cease 8).
      this.report(new Error(`${this.options.name}: reading held by a slow consumer for ${limit} s (maxHoldTime): Cease 8 Out of Resources`));
      this.established_?.fire({ type: 'AutomaticStop', subcode: CeaseSubcode.OutOfResources });
    }, limit * 1000);
  }

  private report(err: Error): void {
    this.lastError = err;
    if (this.listenerCount('error') > 0 || this.iterators.size > 0) this.emitEvent({ type: 'error', error: err });
  }

  private emitEvent(e: PeerEvent): void {
    if (this.removed) return;
    this.deliver(e.type, listenerArgs(e));
    for (const q of this.iterators) q.push(e);
  }
}

// Typed listeners (declaration merging adds these overloads to the EventEmitter ones).
export interface Peer {
  on<K extends keyof PeerEventMap>(name: K, listener: (...args: PeerEventMap[K]) => void): this;
  once<K extends keyof PeerEventMap>(name: K, listener: (...args: PeerEventMap[K]) => void): this;
  off<K extends keyof PeerEventMap>(name: K, listener: (...args: PeerEventMap[K]) => void): this;
}
