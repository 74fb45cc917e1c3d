import { EventEmitter } from 'node:events';
import { formatDistinguisher } from '../bmp/address.ts';
import type { BmpContextOption } from '../bmp/context.ts';
import { BmpError } from '../bmp/error.ts';
import { BmpFramer } from '../bmp/framer.ts';
import { decodeBmpMessage } from '../bmp/message.ts';
import { bmpPeerFlags } from '../bmp/peer-header.ts';
import { type BmpPdu, BmpPeers } from '../bmp/peers.ts';
import type { BmpInitiation, BmpMessage, BmpPeerHeader, BmpPeerUp, BmpTermination } from '../bmp/types.ts';
import { Rib } from '../rib/rib.ts';
import type { RibFamily, RibRoute } from '../rib/types.ts';
import type { UpdateMessage } from '../attributes/types.ts';

/**
 * What identifies one RIB of a monitored peer: the router, then Peer Type, Peer Distinguisher,
 * address, AS, BGP ID and the L and O flags, so pre- and post-policy, Adj-RIB-In and -Out and
 * RD instances never share a RIB (RFC 7854 section 4.2, RFC 8671 section 4).
 */
export interface BmpRibKey {
  readonly peerType: number;
  /** The Peer Distinguisher as route-distinguisher text (`0:0` for a global instance peer). */
  readonly distinguisher: string;
  readonly address: string;
  readonly as: number;
  readonly bgpId: string;
  /** L flag: post-policy. */
  readonly isPostPolicy: boolean;
  /** O flag: Adj-RIB-Out. */
  readonly isAdjRibOut: boolean;
}

/** One event of a router's stream: a BMP message with the BGP PDUs inside it decoded. */
export interface BmpRouterEvent {
  /** Arrival time, nanoseconds since the epoch. */
  readonly time: bigint;
  readonly message: BmpMessage;
  readonly pdus: readonly BmpPdu[];
}

/** Options of a router's state (see BmpStationOptions). */
export interface BmpRouterOptions {
  readonly rib: boolean;
  readonly maxRoutes: number;
  readonly context: BmpContextOption;
  readonly maxLength: number;
}

/** The RIB key of a message's per-peer header. */
export function bmpRibKey(peer: BmpPeerHeader): BmpRibKey {
  const f = bmpPeerFlags(peer);
  return {
    peerType: peer.peerType,
    distinguisher: formatDistinguisher(peer.distinguisher),
    address: peer.address,
    as: peer.as,
    bgpId: peer.bgpId,
    isPostPolicy: f.isPostPolicy,
    isAdjRibOut: f.isAdjRibOut,
  };
}

function keyText(k: BmpRibKey): string {
  return `${k.peerType}|${k.distinguisher}|${k.address}|${k.as}|${k.bgpId}|${k.isPostPolicy ? 'L' : '-'}|${k.isAdjRibOut ? 'O' : '-'}`;
}

interface PeerRib {
  readonly key: BmpRibKey;
  readonly rib: Rib;
  readonly id: number;
}

/**
 * One monitored router (by its address): its latest Initiation, its peers that are up, and
 * optionally one RIB per monitored peer and view. Emits `message` (a {@link BmpRouterEvent})
 * for every BMP message, then one of `initiation`, `peer-up`, `peer-down`,
 * `route-monitoring`, `statistics-report`, `route-mirroring`, `termination` or `unknown`; `limit`
 * once when the route limit is reached; `disconnect` when its connection ends; `error` (only
 * when listened to) for a broken stream.
 */
export class BmpRouter extends EventEmitter {
  /** The router's address (the BMP connection's remote address). */
  readonly address: string;
  /** The remote port of the current (or last) connection. */
  port = 0;
  /** The latest Initiation (RFC 7854 section 4.3). */
  initiation: BmpInitiation | undefined;
  /** The Termination, if the router sent one (RFC 7854 section 4.5). */
  termination: BmpTermination | undefined;
  /** Whether its connection is up. */
  connected = false;
  /** Messages received over all its connections. */
  messages = 0;
  /** Whether the route limit was reached on this connection (announcements are no longer stored). */
  limited = false;
  private readonly options: BmpRouterOptions;
  private peerState: BmpPeers;
  private framer: BmpFramer;
  private readonly up = new Map<string, BmpPeerUp>();
  private readonly ribs = new Map<string, PeerRib>();
  private count = 0;

  constructor(address: string, options: BmpRouterOptions) {
    super();
    this.address = address;
    this.options = options;
    this.peerState = new BmpPeers({ context: options.context });
    this.framer = new BmpFramer({ maxLength: options.maxLength });
  }

  /** The peers whose Peer Up was seen and no Peer Down since, by Peer Type, Distinguisher and address. */
  get peers(): readonly BmpPeerUp[] {
    return [...this.up.values()];
  }

  /** Routes stored in all its RIBs. */
  get routeCount(): number {
    return this.count;
  }

  /** The keys of its RIBs (one per monitored peer and view). */
  ribKeys(): BmpRibKey[] {
    return [...this.ribs.values()].map((r) => r.key);
  }

  /**
   * The routes of the RIBs matching `filter` (every field optional: `{ address: '192.0.2.1', isPostPolicy: false }`
   * is that peer's pre-policy Adj-RIB-In), optionally of one family.
   */
  routes(filter: Partial<BmpRibKey> = {}, family?: RibFamily): RibRoute[] {
    const out: RibRoute[] = [];
    for (const r of this.ribs.values()) {
      let ok = true;
      for (const [k, v] of Object.entries(filter)) if (v !== undefined && (r.key as unknown as Record<string, unknown>)[k] !== v) ok = false;
      if (ok) for (const route of r.rib.adjRibIn(r.id, family)) out.push(route);
    }
    return out;
  }

  /** A new connection from this router: everything learnt on the previous one is flushed (RFC 7854 section 3.3). */
  connect(port: number): void {
    this.port = port;
    this.connected = true;
    this.limited = false;
    this.initiation = undefined;
    this.termination = undefined;
    this.up.clear();
    this.ribs.clear();
    this.count = 0;
    this.peerState = new BmpPeers({ context: this.options.context });
    this.framer = new BmpFramer({ maxLength: this.options.maxLength });
  }

  /**
   * Bytes from the router's connection; returns false when the stream is broken (the caller closes it).
   */
  push(chunk: Uint8Array, time: bigint): boolean {
    let framed;
    try {
      framed = this.framer.push(chunk);
    } catch (e) {
      if (!(e instanceof BmpError)) throw e;
      this.report(e);
      return false;
    }
    for (const f of framed) {
      let message: BmpMessage;
      try {
        message = decodeBmpMessage(f.bytes);
      } catch (e) {
        if (!(e instanceof BmpError)) throw e;
        this.report(new BmpError(e.detail, f.offset + e.offset, 'BMP stream'));
        continue;
      }
      this.messages++;
      const pdus = this.peerState.read(message);
      this.apply(message, pdus);
      const ev: BmpRouterEvent = { time, message, pdus };
      this.safeEmit('message', ev);
      this.safeEmit(message.type, ev);
    }
    // A bad header after good messages in the same chunk.
    if (this.framer.error !== undefined) {
      this.report(this.framer.error);
      return false;
    }
    return true;
  }

  /** The connection ended. */
  disconnect(): void {
    this.connected = false;
    this.safeEmit('disconnect');
  }

  private apply(m: BmpMessage, pdus: readonly BmpPdu[]): void {
    switch (m.type) {
      case 'initiation':
        this.initiation = m;
        return;
      case 'termination':
        this.termination = m;
        return;
      case 'peer-up':
        this.up.set(peerKey(m.peer), m);
        return;
      case 'peer-down': {
        // RFC 7854 section 4.9: "A Peer Down message implicitly withdraws all routes".
        const k = peerKey(m.peer);
        this.up.delete(k);
        for (const [text, r] of this.ribs) {
          if (peerKey({ peerType: r.key.peerType, distinguisher: r.key.distinguisher, address: r.key.address }) !== k) continue;
          this.count -= r.rib.size;
          this.ribs.delete(text);
        }
        return;
      }
      case 'route-monitoring':
        if (this.options.rib) for (const p of pdus) if (p.message?.type === 'UPDATE') this.store(m.peer, p.message, p);
        return;
      default:
        return;
    }
  }

  private store(peer: BmpPeerHeader, update: UpdateMessage, pdu: BmpPdu): void {
    const key = bmpRibKey(peer);
    const text = keyText(key);
    let r = this.ribs.get(text);
    if (r === undefined) {
      const rib = new Rib({ local: { asn: peer.as, bgpId: peer.bgpId } });
      const id = rib.addPeer({ asn: peer.as, bgpId: peer.bgpId, address: peer.address, type: 'external', ...(pdu.context === undefined ? {} : { inbound: pdu.context }) });
      r = { key, rib, id };
      this.ribs.set(text, r);
    }
    const hasNew = update.nlri.length > 0 || update.attributes.some((a) => a.type === 'MP_REACH_NLRI');
    if (this.limited && hasNew) {
      // Over the limit: withdrawals still apply, announcements are not stored.
      if (update.withdrawn.length === 0 && !update.attributes.some((a) => a.type === 'MP_UNREACH_NLRI')) return;
      update = { ...update, nlri: [], attributes: update.attributes.filter((a) => a.type !== 'MP_REACH_NLRI') };
    }
    const before = r.rib.size;
    r.rib.applyUpdate(r.id, update);
    this.count += r.rib.size - before;
    if (!this.limited && this.count >= this.options.maxRoutes) {
      this.limited = true;
      this.safeEmit('limit', this.count);
    }
  }

  private report(e: BmpError): void {
    if (this.listenerCount('error') > 0) this.safeEmit('error', e);
  }

  /** Emits; a listener that throws is reported on `error` (when listened to), never let through. */
  private safeEmit(name: string, ...args: unknown[]): void {
    try {
      this.emit(name, ...args);
    } catch (e) {
      if (name !== 'error' && this.listenerCount('error') > 0) {
        try {
          this.emit('error', e);
        } catch {
          // An error listener that throws has nobody left to tell.
        }
      }
    }
  }
}

function peerKey(p: { peerType: number; distinguisher: Uint8Array | string; address: string }): string {
  const rd = typeof p.distinguisher === 'string' ? p.distinguisher : formatDistinguisher(p.distinguisher);
  return `${p.peerType}|${rd}|${p.address}`;
}
