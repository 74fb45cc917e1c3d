import { type Family, hasFamily } from './family.ts';

/** The kind of peer a session is with (RFC 4271 section 1.1, RFC 5065). */
export type PeerType = 'internal' | 'external' | 'confed-external';

/** A family carried with an IPv6 (or other) next hop per RFC 8950. */
export interface ExtendedNextHopFamily extends Family {
  /** The next hop's AFI (2 for IPv6). */
  readonly nextHopAfi: number;
}

/**
 * Everything negotiated that changes how bytes decode or encode, for one direction of
 * one session (what `sender` sends to `receiver`). Plain data: it survives JSON.
 */
export interface SessionContext {
  /** RFC 6793: both speakers announced the 4-octet AS capability, so AS_PATH and AGGREGATOR carry 4-octet ASNs. */
  readonly asn4: boolean;
  /** RFC 7911: families whose NLRI carry a Path Identifier in this direction. */
  readonly addPath: readonly Family[];
  /** RFC 8654: messages (other than OPEN and KEEPALIVE) may be up to 65535 bytes in this direction. */
  readonly extendedMessage: boolean;
  /** RFC 4760: families both speakers announced (empty: IPv4 unicast only, RFC 4760 section 8). */
  readonly families: readonly Family[];
  /** RFC 8950: families whose next hop may be of another AFI in this direction. */
  readonly extendedNextHop: readonly ExtendedNextHopFamily[];
  /** RFC 7313: both speakers announced enhanced route refresh. */
  readonly enhancedRouteRefresh: boolean;
  /** RFC 8538: both speakers set the N bit in graceful restart, so errors are wrapped in Hard Reset. */
  readonly hardReset: boolean;
  /** RFC 4271 section 4.2: the negotiated hold time (the smaller of the two), in seconds. */
  readonly holdTime: number;
  /** The kind of peer: internal, external or confederation-external (RFC 7606 needs it). */
  readonly peerType: PeerType;
  /** RFC 9234: the sender's and receiver's roles, where announced. */
  readonly roles?: { readonly sender?: number; readonly receiver?: number };
}

/** Options of {@link sessionContext}: `asn4` must be said, the rest default as documented. */
export interface SessionContextOptions {
  /** Whether AS numbers are 4 octets (RFC 6793). No default: guessing is how codecs go wrong. */
  readonly asn4: boolean;
  /** Families with ADD-PATH path ids in this direction. Default none. */
  readonly addPath?: readonly Family[];
  /** RFC 8654. Default false. */
  readonly extendedMessage?: boolean;
  /** Negotiated families. Default none (IPv4 unicast only). */
  readonly families?: readonly Family[];
  /** RFC 8950 families. Default none. */
  readonly extendedNextHop?: readonly ExtendedNextHopFamily[];
  /** RFC 7313. Default false. */
  readonly enhancedRouteRefresh?: boolean;
  /** RFC 8538 N bit on both sides. Default false. */
  readonly hardReset?: boolean;
  /** Negotiated hold time in seconds. Default 90. */
  readonly holdTime?: number;
  /** Default `external`. */
  readonly peerType?: PeerType;
  /** RFC 9234 roles. Default absent. */
  readonly roles?: { readonly sender?: number; readonly receiver?: number };
}

/**
 * Builds a {@link SessionContext} directly (for MRT files, tests and captures without OPENs).
 * @throws TypeError when `asn4` is not given.
 * @example sessionContext({ asn4: true, addPath: [{ afi: 1, safi: 1 }] })
 */
export function sessionContext(options: SessionContextOptions): SessionContext {
  if (options === null || typeof options !== 'object' || typeof options.asn4 !== 'boolean') {
    throw new TypeError('sessionContext: options.asn4 (boolean) is required');
  }
  const ctx: SessionContext = {
    asn4: options.asn4,
    addPath: options.addPath ?? [],
    extendedMessage: options.extendedMessage ?? false,
    families: options.families ?? [],
    extendedNextHop: options.extendedNextHop ?? [],
    enhancedRouteRefresh: options.enhancedRouteRefresh ?? false,
    hardReset: options.hardReset ?? false,
    holdTime: options.holdTime ?? 90,
    peerType: options.peerType ?? 'external',
    ...(options.roles === undefined ? {} : { roles: options.roles }),
  };
  return ctx;
}

/** Whether NLRI of `afi`/`safi` carry ADD-PATH path ids under `ctx` (RFC 7911 section 3). */
export function hasAddPath(ctx: SessionContext, afi: number, safi: number): boolean {
  return ctx.addPath.length !== 0 && hasFamily(ctx.addPath, afi, safi);
}

/** The largest message `ctx` allows for types other than OPEN and KEEPALIVE (RFC 8654 section 4). */
export function maxMessageLength(ctx: SessionContext | undefined): number {
  return ctx?.extendedMessage === true ? 65535 : 4096;
}

/**
 * Asserts a value is a SessionContext (UPDATE decoding requires one).
 * @throws TypeError when it is not.
 */
export function requireContext(ctx: SessionContext | undefined, what: string): SessionContext {
  if (ctx === undefined || ctx === null || typeof ctx !== 'object' || typeof ctx.asn4 !== 'boolean') {
    throw new TypeError(`${what} needs a SessionContext (contextFor or sessionContext): 2- or 4-octet AS and ADD-PATH cannot be guessed`);
  }
  return ctx;
}
