import type { Socket } from 'node:net';
import type { PathAttribute } from '../attributes/types.ts';
import type { Capability } from '../capabilities/types.ts';
import type { PeerType } from '../context/session-context.ts';
import type { FsmOptions } from '../fsm/types.ts';
import { Role } from '../iana.ts';
import { parseIPv4, parseIPv6 } from '../wire/ip.ts';
import type { RibFamily, RibRoute } from '../rib/types.ts';
import type { LocalRoute } from './route-input.ts';

/** RFC 9234 roles by name (section 4.1), or the code point. */
export type RoleName = 'provider' | 'rs' | 'rs-client' | 'customer' | 'peer';

/** ADD-PATH direction for one family (RFC 7911 section 4). */
export type AddPathMode = 'send' | 'receive' | 'both';

/** What an import or export hook sees: one route of one family. */
export interface HookRoute {
  readonly family: RibFamily;
  readonly prefix: string;
  /** ADD-PATH path id (0 without). */
  readonly pathId: number;
  /** The attributes as they would be stored (import) or sent (export). */
  readonly attributes: readonly PathAttribute[];
  /** Export only: the Loc-RIB route it comes from (learned), or undefined for a locally originated one. */
  readonly learned?: RibRoute;
  /** Export only: the locally originated route it comes from. */
  readonly local?: LocalRoute;
}

/**
 * A hook's answer: the attributes to use instead (a changed route), `true` or undefined to keep
 * the route as it is, `false` (or null) to drop it.
 */
export type HookResult = readonly PathAttribute[] | boolean | null | undefined;

/** An import or export hook: called once per route; it may change or drop it. */
export type RouteHook = (route: HookRoute) => HookResult;

/** Graceful restart as this speaker announces it (RFC 4724, RFC 8538 N bit). */
export interface GracefulRestartOptions {
  /** Restart Time in seconds (12 bits). Default 120. */
  readonly restartTime?: number;
  /** RFC 8538 N bit. Default true. */
  readonly notification?: boolean;
  /** Whether forwarding state is kept across a restart (F bit per family). Default false. */
  readonly forwarding?: boolean;
}

/**
 * Options of {@link Speaker.addPeer}. Only `address` and `peerAs` are required; the rest default
 * as documented per field (docs/SPEAKER.md lists them).
 */
export interface PeerOptions {
  /** The peer's address (IPv4 or IPv6 text): where to connect, and how incoming connections are matched. */
  readonly address: string;
  /** The peer's AS (4-octet). */
  readonly peerAs: number;
  /** TCP port to connect to. Default 179. */
  readonly port?: number;
  /** Local address to connect from (and the default NEXT_HOP self). Default: the kernel's choice. */
  readonly localAddress?: string;
  /** A name for logs and events. Default `address`. */
  readonly name?: string;
  /** Never open a connection, only accept the peer's (RFC 4271 8.1.1 PassiveTcpEstablishment). Default false. */
  readonly passive?: boolean;
  /** Start the session when added. Default true. */
  readonly autoStart?: boolean;
  /** HoldTime offered, seconds (RFC 4271 section 10). Default 90. */
  readonly holdTime?: number;
  /** KeepaliveTime bound, seconds. Default holdTime / 3. */
  readonly keepaliveTime?: number;
  /** ConnectRetryTime, seconds. Default 120 (RFC 4271 section 10). */
  readonly connectRetryTime?: number;
  /** The first IdleHoldTime after a failure, seconds; it doubles on repeated failures. Default 5. */
  readonly idleHoldTime?: number;
  /** The longest IdleHoldTime, seconds. Default 120. */
  readonly maxIdleHoldTime?: number;
  /** RFC 9687 SendHoldTime, seconds; 0 disables. Default `auto` (max(480, 2 × hold time)). */
  readonly sendHoldTime?: number | 'auto';
  /** DelayOpen (RFC 4271 8.1.1), seconds; 0 off. Default 0. */
  readonly delayOpenTime?: number;
  /** Families offered in the OPEN (RFC 4760). Default IPv4 and IPv6 unicast. */
  readonly families?: readonly RibFamily[];
  /** ADD-PATH per family and direction (RFC 7911). Default none. */
  readonly addPath?: Partial<Record<RibFamily, AddPathMode>>;
  /** Route refresh (RFC 2918). Default true. */
  readonly routeRefresh?: boolean;
  /** Enhanced route refresh (RFC 7313). Default true. */
  readonly enhancedRouteRefresh?: boolean;
  /** Extended messages (RFC 8654). Default true. */
  readonly extendedMessage?: boolean;
  /** Extended next hop: IPv4 unicast with an IPv6 next hop (RFC 8950). Default false. */
  readonly extendedNextHop?: boolean;
  /** Graceful restart (RFC 4724) as announced; false to announce none. Default false. */
  readonly gracefulRestart?: GracefulRestartOptions | false;
  /** BGP Role (RFC 9234), enabling OTC handling. Default none. */
  readonly role?: RoleName | number;
  /** RFC 9234 strict mode: the peer must announce a role. Default false. */
  readonly strictRole?: boolean;
  /** Extra capabilities appended to the OPEN. Default none. */
  readonly capabilities?: readonly Capability[];
  /** The kind of peer; default from the ASes (internal when equal). Set `confed-external` for a confederation peer. */
  readonly peerType?: PeerType;
  /** NEXT_HOP for IPv4 routes when a route gives none. Default the session's local IPv4 address. */
  readonly nextHop?: string;
  /**
   * IPv6 next hop(s) for IPv6 routes when a route gives none: global, then optionally link-local.
   * Default the session's local IPv6 address plus the link-local address of its interface
   * (RFC 2545 section 3); required over an IPv4 session.
   */
  readonly nextHop6?: string | readonly string[];
  /** Maximum prefixes accepted, in all or per family (RFC 4486 section 4: Cease 6/1 past it). Default none. */
  readonly maxPrefixes?: number | Partial<Record<RibFamily, number>>;
  /** Called for each learned route before it is stored (change or drop). Default: keep. */
  readonly import?: RouteHook;
  /**
   * Called for each route before it is sent. Learned routes are offered to it only when it is
   * set: without a hook nothing learned is re-advertised (RFC 8212 for external peers).
   */
  readonly export?: RouteHook;
  /**
   * Makes the outgoing socket instead of `net.connect` (e.g. `new net.Socket({ fd })` for a socket
   * a launcher prepared with TCP MD5, docs/SPEAKER.md), connected or connecting, or a promise of
   * one. Default `net.connect(target)`.
   */
  readonly createConnection?: (target: { readonly host: string; readonly port: number; readonly localAddress?: string }) => Socket | Promise<Socket>;
  /** Events buffered for a slow async-iterator consumer before reading pauses. Default 1024. */
  readonly maxQueuedEvents?: number;
  /** Received bytes held unprocessed while paused before the socket stops reading. Default 8 MiB. */
  readonly maxPendingBytes?: number;
  /** Longest time reading may stay paused, seconds; then Cease 8 (Out of Resources). Default 300. */
  readonly maxHoldTime?: number;
  /** Bytes queued for a slow socket before announce() throws. Default 32 MiB. */
  readonly maxSendQueueBytes?: number;
}

/** {@link PeerOptions} with every default filled in. */
export interface ResolvedPeerOptions {
  readonly address: string;
  readonly peerAs: number;
  readonly port: number;
  readonly localAddress: string | undefined;
  readonly name: string;
  readonly passive: boolean;
  readonly autoStart: boolean;
  readonly families: readonly RibFamily[];
  readonly maxPrefixes: Partial<Record<RibFamily, number>>;
  readonly nextHop: string | undefined;
  readonly nextHop6: readonly string[] | undefined;
  readonly import: RouteHook | undefined;
  readonly export: RouteHook | undefined;
  readonly role: number | undefined;
  readonly peerType: PeerType | undefined;
  readonly maxQueuedEvents: number;
  readonly maxPendingBytes: number;
  readonly maxHoldTime: number;
  readonly maxSendQueueBytes: number;
  readonly raw: PeerOptions;
}

const ROLES: Record<RoleName, number> = { provider: Role.Provider, rs: Role.RS, 'rs-client': Role['RS-Client'], customer: Role.Customer, peer: Role.Peer };
const FAMILY_CODES: Record<RibFamily, [number, number]> = {
  'ipv4-unicast': [1, 1],
  'ipv6-unicast': [2, 1],
  'ipv4-multicast': [1, 2],
  'ipv6-multicast': [2, 2],
  // Issue 21: every family with an NLRI codec is a RibFamily.
  'ipv4-labeled-unicast': [1, 4],
  'ipv6-labeled-unicast': [2, 4],
  'l3vpn-ipv4-unicast': [1, 128],
  'l3vpn-ipv6-unicast': [2, 128],
  'l3vpn-ipv4-multicast': [1, 129],
  'l3vpn-ipv6-multicast': [2, 129],
  rtc: [1, 132],
};

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`addPeer: ${name} must be a non-negative number, got ${String(value)}`);
  return value;
}

/** The AFI/SAFI of a RIB family name. @throws TypeError for an unknown name. */
export function familyCodes(f: RibFamily): [number, number] {
  const c = FAMILY_CODES[f];
  if (c === undefined) throw new TypeError(`unknown family ${JSON.stringify(f)} (ipv4-unicast, ipv6-unicast, ipv4-multicast, ipv6-multicast)`);
  return c;
}

/**
 * Checks and completes {@link PeerOptions}.
 * @throws TypeError naming the first option that is wrong.
 */
export function resolvePeerOptions(o: PeerOptions): ResolvedPeerOptions {
  if (o === null || typeof o !== 'object') throw new TypeError('addPeer: options object required');
  if (typeof o.address !== 'string' || (parseIPv4(o.address) === undefined && parseIPv6(o.address) === undefined)) {
    throw new TypeError(`addPeer: address must be an IPv4 or IPv6 address, got ${JSON.stringify(o.address)}`);
  }
  if (typeof o.peerAs !== 'number' || !Number.isInteger(o.peerAs) || o.peerAs < 1 || o.peerAs > 0xffffffff) {
    throw new TypeError(`addPeer: peerAs must be an AS number (1..4294967295), got ${String(o.peerAs)}`);
  }
  const families = o.families ?? ['ipv4-unicast', 'ipv6-unicast'];
  for (const f of families) familyCodes(f);
  const max = typeof o.maxPrefixes === 'number' ? Object.fromEntries(families.map((f) => [f, o.maxPrefixes as number])) : { ...(o.maxPrefixes ?? {}) };
  for (const [f, n] of Object.entries(max)) positive(`maxPrefixes[${f}]`, n, 0);
  let role: number | undefined;
  if (o.role !== undefined) {
    role = typeof o.role === 'number' ? o.role : ROLES[o.role];
    if (role === undefined || !Number.isInteger(role) || role < 0 || role > 255) throw new TypeError(`addPeer: role ${JSON.stringify(o.role)} is not one of ${Object.keys(ROLES).join(', ')}`);
  }
  const nh6 = o.nextHop6 === undefined ? undefined : typeof o.nextHop6 === 'string' ? [o.nextHop6] : [...o.nextHop6];
  for (const a of nh6 ?? []) if (parseIPv6(a) === undefined) throw new TypeError(`addPeer: nextHop6 ${JSON.stringify(a)} is not an IPv6 address`);
  if (o.nextHop !== undefined && parseIPv4(o.nextHop) === undefined && parseIPv6(o.nextHop) === undefined) throw new TypeError(`addPeer: nextHop ${JSON.stringify(o.nextHop)} is not an address`);
  if (o.import !== undefined && typeof o.import !== 'function') throw new TypeError('addPeer: import must be a function');
  if (o.export !== undefined && typeof o.export !== 'function') throw new TypeError('addPeer: export must be a function');
  return {
    address: o.address,
    peerAs: o.peerAs,
    port: positive('port', o.port, 179),
    localAddress: o.localAddress,
    name: o.name ?? o.address,
    passive: o.passive === true,
    autoStart: o.autoStart !== false,
    families,
    maxPrefixes: max,
    nextHop: o.nextHop,
    nextHop6: nh6,
    import: o.import,
    export: o.export,
    role,
    peerType: o.peerType,
    maxQueuedEvents: Math.max(1, positive('maxQueuedEvents', o.maxQueuedEvents, 1024)),
    maxPendingBytes: positive('maxPendingBytes', o.maxPendingBytes, 8 * 1024 * 1024),
    maxHoldTime: positive('maxHoldTime', o.maxHoldTime, 300),
    maxSendQueueBytes: positive('maxSendQueueBytes', o.maxSendQueueBytes, 32 * 1024 * 1024),
    raw: o,
  };
}

/** The capabilities of the OPEN for these options (RFC 5492), 4-octet AS always (RFC 6793). */
export function capabilitiesFor(o: ResolvedPeerOptions, localAs: number): Capability[] {
  const r = o.raw;
  const caps: Capability[] = [];
  for (const f of o.families) {
    const [afi, safi] = familyCodes(f);
    caps.push({ type: 'multiprotocol', afi, safi });
  }
  if (r.routeRefresh !== false) caps.push({ type: 'route-refresh' });
  if (r.enhancedRouteRefresh !== false) caps.push({ type: 'enhanced-route-refresh' });
  if (r.extendedMessage !== false) caps.push({ type: 'extended-message' });
  if (r.extendedNextHop === true) caps.push({ type: 'extended-next-hop', families: [{ afi: 1, safi: 1, nextHopAfi: 2 }] });
  const gr = r.gracefulRestart;
  if (gr !== undefined && gr !== false) {
    caps.push({
      type: 'graceful-restart',
      restarting: false,
      notification: gr.notification !== false,
      restartTime: Math.min(4095, Math.max(0, Math.floor(gr.restartTime ?? 120))),
      families: o.families.map((f) => {
        const [afi, safi] = familyCodes(f);
        return { afi, safi, forwarding: gr.forwarding === true };
      }),
    });
  }
  caps.push({ type: 'as4', asn: localAs });
  const ap = Object.entries(r.addPath ?? {}) as [RibFamily, AddPathMode][];
  if (ap.length > 0) {
    caps.push({
      type: 'add-path',
      families: ap.map(([f, mode]) => {
        const [afi, safi] = familyCodes(f);
        return { afi, safi, send: mode === 'send' || mode === 'both', receive: mode === 'receive' || mode === 'both' };
      }),
    });
  }
  if (o.role !== undefined) caps.push({ type: 'role', role: o.role });
  caps.push(...(r.capabilities ?? []));
  return caps;
}

/** The FSM session attributes for these options: automatic restart with back-off, passive when asked. */
export function fsmOptionsFor(o: ResolvedPeerOptions, localAs: number, bgpId: string): FsmOptions {
  const r = o.raw;
  const holdTime = positive('holdTime', r.holdTime, 90);
  const delay = positive('delayOpenTime', r.delayOpenTime, 0);
  const idle = positive('idleHoldTime', r.idleHoldTime, 5);
  return {
    localAs,
    bgpId,
    holdTime,
    ...(r.keepaliveTime === undefined ? {} : { keepaliveTime: positive('keepaliveTime', r.keepaliveTime, 30) }),
    connectRetryTime: positive('connectRetryTime', r.connectRetryTime, 120),
    // OpenSent's "large value" of the HoldTimer (section 8.2.2): 4 minutes, or the hold time when longer.
    largeHoldTime: Math.max(240, holdTime),
    capabilities: capabilitiesFor(o, localAs),
    expectations: {
      peerAs: o.peerAs,
      ...(o.peerType === undefined ? {} : { peerType: o.peerType }),
      ...(o.role === undefined ? {} : { localRole: o.role }),
      ...(r.strictRole === true ? { strictRole: true } : {}),
    },
    allowAutomaticStart: true,
    dampPeerOscillations: true,
    idleHoldTime: idle,
    maxIdleHoldTime: Math.max(idle, positive('maxIdleHoldTime', r.maxIdleHoldTime, 120)),
    passiveTcpEstablishment: o.passive,
    delayOpen: delay > 0,
    delayOpenTime: delay,
    sendHoldTime: r.sendHoldTime === 'auto' || r.sendHoldTime === undefined ? 'auto' : positive('sendHoldTime', r.sendHoldTime, 0),
  };
}
