import { type Family, hasFamily } from './family.ts';
import { argError, checkOptionalContext } from '../wire/args.ts';

/** The kind of peer a session is with (RFC 4271 section 1.1, RFC 5065). */
export type PeerType = 'internal' | 'external' | 'confed-external';

/** A family carried with an IPv6 (or other) next hop per RFC 8950. */
export interface ExtendedNextHopFamily extends Family {
  /** The next hop's AFI (2 for IPv6). */
  readonly nextHopAfi: number;
}

/** A family with the RFC 8277 Multiple Labels Count negotiated for it. */
export interface LabelCountFamily extends Family {
  /** The most labels the receiver takes per NLRI (2 to 254; 255: "no limit has been placed"). */
  readonly count: number;
}

/**
 * Everything negotiated that changes how bytes decode or encode, for one direction of
 * one session (what `sender` sends to `receiver`). Plain data: it survives JSON.
 */
export interface SessionContext {
  /**
   * RFC 6793: both speakers announced the 4-octet AS capability (`as4`, capability code 65),
   * so AS_PATH and AGGREGATOR carry 4-octet ASNs (and AS4_PATH/AS4_AGGREGATOR are not used).
   */
  readonly as4: boolean;
  /**
   * The former name of {@link SessionContext.as4}; every context bgpwire makes carries both, equal.
   * A copy that changes one must change both (`{ ...ctx, as4: false, asn4: false }`), or build it
   * with `sessionContext({ ...ctx, as4: false, asn4: undefined })`: contexts whose two names
   * disagree are refused with a TypeError.
   * @deprecated read `as4`.
   */
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
  /**
   * RFC 8277 section 2.1: families for which both speakers sent the Multiple Labels
   * capability, with the receiver's Count: their labeled NLRI carry a label stack up to the
   * bottom of stack (section 2.3). Absent or not listed: one label (section 2.2).
   */
  readonly multipleLabels?: readonly LabelCountFamily[];
}

/** Options of {@link sessionContext} other than the 4-octet AS choice, which {@link SessionContextOptions} adds. */
export interface SessionContextDefaults {
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
  /** RFC 8277 Multiple Labels families and Counts. Default absent (one label per NLRI). */
  readonly multipleLabels?: readonly LabelCountFamily[];
}

/**
 * Options of {@link sessionContext}: `as4` must be said (no default: guessing is how codecs go
 * wrong), the rest default as documented. `asn4` is the deprecated spelling of `as4`.
 */
export type SessionContextOptions = SessionContextDefaults & (
  | {
    /** Whether AS numbers are 4 octets (RFC 6793). */
    readonly as4: boolean;
    /** @deprecated the former name of `as4`; when both are given they must agree. */
    readonly asn4?: boolean | undefined;
  }
  | {
    /** @deprecated the former name of `as4`. */
    readonly asn4: boolean;
    /** Whether AS numbers are 4 octets (RFC 6793). */
    readonly as4?: boolean | undefined;
  }
);

/**
 * Builds a {@link SessionContext} directly (for MRT files, tests and captures without OPENs).
 * @throws TypeError when `as4` is not given (or its deprecated alias `asn4` disagrees with it).
 * @example sessionContext({ as4: true, addPath: [{ afi: 1, safi: 1 }] })
 */
export function sessionContext(options: SessionContextOptions): SessionContext {
  if (options === null || typeof options !== 'object') throw new TypeError('sessionContext: options.as4 (boolean) is required');
  const as4 = as4Of(options, 'sessionContext: options');
  const ctx: SessionContext = {
    as4,
    asn4: as4,
    addPath: options.addPath ?? [],
    extendedMessage: options.extendedMessage ?? false,
    families: options.families ?? [],
    extendedNextHop: options.extendedNextHop ?? [],
    enhancedRouteRefresh: options.enhancedRouteRefresh ?? false,
    hardReset: options.hardReset ?? false,
    holdTime: options.holdTime ?? 90,
    peerType: options.peerType ?? 'external',
    ...(options.roles === undefined ? {} : { roles: options.roles }),
    ...(options.multipleLabels === undefined ? {} : { multipleLabels: options.multipleLabels }),
  };
  return ctx;
}

/** Whether NLRI of `afi`/`safi` carry ADD-PATH path ids under `ctx` (RFC 7911 section 3). */
export function hasAddPath(ctx: SessionContext, afi: number, safi: number): boolean {
  if (typeof ctx !== 'object' || ctx === null || !Array.isArray(ctx.addPath)) throw argError('hasAddPath', 'ctx', 'a SessionContext', ctx);
  return ctx.addPath.length !== 0 && hasFamily(ctx.addPath, afi, safi);
}

/** The largest message `ctx` allows for types other than OPEN and KEEPALIVE (RFC 8654 section 4). */
export function maxMessageLength(ctx: SessionContext | undefined): number {
  checkOptionalContext(ctx, 'maxMessageLength', 'ctx');
  return ctx?.extendedMessage === true ? 65535 : 4096;
}

/**
 * The 4-octet AS flag of a context or options object that may carry `as4`, its deprecated
 * alias `asn4`, or both (then equal).
 * @throws TypeError naming the field when neither is a boolean or they disagree.
 */
export function as4Of(v: { readonly as4?: unknown; readonly asn4?: unknown }, what: string): boolean {
  const { as4, asn4 } = v;
  if (as4 !== undefined && typeof as4 !== 'boolean') throw new TypeError(`${what}.as4 must be a boolean, got ${typeof as4}`);
  if (asn4 !== undefined && typeof asn4 !== 'boolean') throw new TypeError(`${what}.asn4 (deprecated alias of as4) must be a boolean, got ${typeof asn4}`);
  if (as4 !== undefined && asn4 !== undefined && as4 !== asn4) {
    throw new TypeError(`${what}.as4 (${as4}) and its deprecated alias asn4 (${asn4}) disagree`);
  }
  const value = as4 ?? asn4;
  if (value === undefined) throw new TypeError(`${what}.as4 (boolean) is required`);
  return value;
}

/**
 * Asserts a value is a SessionContext (UPDATE decoding requires one). A hand-made context
 * with only `as4` or only its deprecated alias `asn4` is completed with the other, so the
 * library reads `as4` everywhere.
 * @throws TypeError when it is not a context, or `as4` and `asn4` are not booleans or disagree.
 */
export function requireContext(ctx: SessionContext | undefined, what: string): SessionContext {
  if (ctx !== undefined && ctx !== null && typeof ctx === 'object' && typeof ctx.as4 === 'boolean' && ctx.asn4 === ctx.as4) return ctx;
  if (ctx === undefined || ctx === null || typeof ctx !== 'object' || (ctx.as4 === undefined && ctx.asn4 === undefined)) {
    throw new TypeError(`${what} needs a SessionContext (contextFor or sessionContext): 2- or 4-octet AS and ADD-PATH cannot be guessed`);
  }
  const as4 = as4Of(ctx, `${what}: ctx`);
  return { ...ctx, as4, asn4: as4 };
}
