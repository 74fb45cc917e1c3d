import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { LocalSpeaker } from '../decision/types.ts';
import { Rib } from '../rib/rib.ts';
import type { LocRibChange, RibFamily } from '../rib/types.ts';
import { parseIPv4, parseIPv6 } from '../wire/ip.ts';
import type { PeerOptions } from './peer-options.ts';
import { plainAddress, rejectSocket } from './addresses.ts';
import { Peer } from './peer.ts';
import type { PeerHost } from './peer-host.ts';
import { type LocalRoute, localRoutes, type RouteInput, routeKey, withdrawnPrefixes } from './route-input.ts';

/** Options of a {@link Speaker}. */
export interface SpeakerOptions {
  /** The local AS (4-octet; the Member-AS inside a confederation). */
  readonly localAs: number;
  /** The BGP Identifier, dotted quad (RFC 6286). */
  readonly bgpId: string;
  /** The AS Confederation Identifier (RFC 5065), when in a confederation. */
  readonly confederationId?: number;
  /** The CLUSTER_ID when reflecting routes (RFC 4456). Default: none (no reflection). */
  readonly clusterId?: string;
}

/** Where {@link Speaker.listen} listens. */
export interface ListenOptions {
  /** Address to bind. Default `::` (every address, IPv4 too where the system allows). */
  readonly host?: string;
  /** TCP port. Default 179; 0 picks a free one (tests). */
  readonly port?: number;
  /** Adopt a listening socket a launcher created (e.g. with TCP MD5 keys set): `server.listen({ fd })`. */
  readonly fd?: number;
}

function sameAddress(a: string, b: string): boolean {
  if (a === b) return true;
  const x = parseIPv6(a);
  const y = parseIPv6(b);
  return x !== undefined && y !== undefined && x.every((v, i) => v === y[i]);
}


/**
 * One local BGP speaker (AS, BGP Identifier) with many peers, over `node:net`: `addPeer` for
 * each neighbour, `listen` for incoming connections (matched to a configured peer by address;
 * any other address gets a Cease 5 "Connection Rejected"), `announce` / `withdraw` for routes
 * sent to every peer, `close` to end every session with a Cease. The routes learned from all
 * peers are in {@link Speaker.rib} (`bgpwire/rib`).
 * @example
 * const speaker = new Speaker({ localAs: 65001, bgpId: '192.0.2.1' });
 * const peer = speaker.addPeer({ address: '192.0.2.2', peerAs: 65002 });
 * await peer.established();
 * speaker.announce({ prefixes: ['198.51.100.0/24'] });
 */
export class Speaker implements PeerHost {
  readonly localAs: number;
  readonly bgpId: string;
  readonly local: LocalSpeaker;
  /** Every peer's Adj-RIB-In and the Loc-RIB (RFC 4271 section 3.2). */
  readonly rib: Rib;
  private readonly peerList: Peer[] = [];
  private readonly servers = new Set<Server>();
  private readonly sockets = new Set<Socket>();
  private readonly shared = new Map<string, LocalRoute>();
  private closed = false;

  /** @throws TypeError when `localAs` or `bgpId` is missing or malformed. */
  constructor(options: SpeakerOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('Speaker: options { localAs, bgpId } required');
    const { localAs, bgpId } = options;
    if (typeof localAs !== 'number' || !Number.isInteger(localAs) || localAs < 1 || localAs > 0xffffffff) throw new TypeError(`Speaker: localAs must be an AS number, got ${String(localAs)}`);
    if (typeof bgpId !== 'string' || parseIPv4(bgpId) === undefined || bgpId === '0.0.0.0') throw new TypeError(`Speaker: bgpId must be a non-zero dotted quad, got ${JSON.stringify(bgpId)}`);
    this.localAs = localAs;
    this.bgpId = bgpId;
    this.local = {
      asn: localAs,
      bgpId,
      ...(options.clusterId === undefined ? {} : { clusterId: options.clusterId }),
      ...(options.confederationId === undefined ? {} : { confederationId: options.confederationId }),
    };
    this.rib = new Rib({ local: this.local });
  }

  /** The peers added. */
  get peers(): readonly Peer[] {
    return this.peerList;
  }

  /**
   * Adds a peer; its session starts on the next tick (so listeners can be attached) unless
   * `autoStart` is false.
   * @throws TypeError naming the first option that is wrong.
   */
  addPeer(options: PeerOptions): Peer {
    if (this.closed) throw new Error('Speaker: closed');
    const peer = new Peer(this, options);
    this.peerList.push(peer);
    if (peer.options.autoStart) {
      setImmediate(() => {
        if (!this.closed && this.peerList.includes(peer)) peer.start();
      });
    }
    return peer;
  }

  /** Stops a peer with a Cease (6/3 Peer De-configured is left to `peer.stop`) and forgets it. */
  async removePeer(peer: Peer): Promise<void> {
    const i = this.peerList.indexOf(peer);
    if (i < 0) return;
    this.peerList.splice(i, 1);
    await peer.close();
  }

  /**
   * Listens for incoming BGP connections; resolves with the bound address (port 0 picks one).
   * @example const { port } = await speaker.listen({ host: '127.0.0.1', port: 0 })
   */
  listen(options: ListenOptions = {}): Promise<AddressInfo> {
    if (this.closed) return Promise.reject(new Error('Speaker: closed'));
    const server = createServer((socket) => this.accept(socket));
    this.servers.add(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.fd === undefined ? { host: options.host ?? '::', port: options.port ?? 179 } : { fd: options.fd }, () => {
        server.off('error', reject);
        server.on('error', () => {
          // A listening server's later errors (EMFILE ...) affect one connection; keep listening.
        });
        resolve(server.address() as AddressInfo);
      });
    });
  }

  /**
   * Takes an incoming connection accepted elsewhere (a server you own, a socket adopted from a
   * launcher): matched to a peer by address as `listen` does.
   */
  accept(socket: Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => {
      // Reported by the peer that owns the socket; an unmatched one has nothing to report to.
    });
    const remote = plainAddress(socket.remoteAddress);
    const local = plainAddress(socket.localAddress);
    const matches = remote === undefined ? [] : this.peerList.filter((p) => sameAddress(p.options.address, remote));
    // Several peers on one address (tests on loopback): the one whose local address matches.
    const peer = matches.length > 1 ? (matches.find((p) => p.options.localAddress !== undefined && local !== undefined && sameAddress(p.options.localAddress, local)) ?? matches[0]) : matches[0];
    if (peer === undefined) {
      rejectSocket(socket);
      return;
    }
    peer.incoming(socket);
  }

  /**
   * Announces locally originated routes to every peer whose families allow them (docs/SPEAKER.md,
   * export rules). Returns the number of routes that changed over all Adj-RIBs-Out.
   * @throws TypeError on a malformed value.
   */
  announce(input: RouteInput): number {
    const routes = localRoutes(input);
    for (const r of routes) this.shared.set(routeKey(r.family, r.prefix, r.pathId), r);
    return this.changed(routes.map((r) => [r.family, r.prefix, r.pathId]));
  }

  /** Withdraws speaker-wide routes (every path id of each prefix). */
  withdraw(prefixes: readonly string[]): number {
    const list = withdrawnPrefixes(prefixes);
    const keys: [RibFamily, string, number][] = [];
    for (const [k, r] of this.shared) {
      if (list.some((p) => p.family === r.family && p.prefix === r.prefix)) {
        this.shared.delete(k);
        keys.push([r.family, r.prefix, r.pathId]);
      }
    }
    return this.changed(keys);
  }

  private changed(keys: [RibFamily, string, number][]): number {
    let n = 0;
    for (const p of this.peerList) n += p.sharedChanged(keys);
    return n;
  }

  /** @internal */
  sharedRoutes(): Iterable<LocalRoute> {
    return this.shared.values();
  }

  /** @internal */
  sharedRoute(key: string): LocalRoute | undefined {
    return this.shared.get(key);
  }

  /** @internal Loc-RIB changes learned from `from`: every other peer's export hook sees them. */
  learned(from: Peer, changes: readonly LocRibChange[]): void {
    if (changes.length === 0) return;
    for (const p of this.peerList) if (p !== from) p.learnedChanged(changes);
  }

  /**
   * Ends every session with a Cease (Administrative Shutdown), stops listening, and resolves
   * when every socket is closed; nothing is left running afterwards.
   */
  async close(): Promise<void> {
    this.closed = true;
    const closing = this.peerList.splice(0).map((p) => p.close());
    const servers = [...this.servers].map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    this.servers.clear();
    await Promise.all(closing);
    for (const s of this.sockets) s.destroy();
    await Promise.all(servers);
  }
}
