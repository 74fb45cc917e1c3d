import type { PathAttribute } from '../attributes/types.ts';
import type { Nlri } from '../nlri/types.ts';
import type { SessionContext } from '../context/session-context.ts';
import type { DecisionOptions, LocalSpeaker, RoutePeer } from '../decision/types.ts';

/** A peer of the local speaker, as the RIBs need to know it. */
export interface RibPeer extends RoutePeer {
  /** Context of what this peer sends us (decoding; 4-octet AS reconstruction). */
  readonly inbound?: SessionContext;
  /** Context of what we send this peer (encoding: 4-octet AS, ADD-PATH, maximum length). */
  readonly outbound?: SessionContext;
  /** RFC 4456: this internal peer is a route-reflection client of ours. */
  readonly routeReflectorClient?: boolean;
  /** Our address on this session: the NEXT_HOP we set towards external peers (RFC 4271 5.1.3). */
  readonly localAddress?: string;
  /** IPv6 next hop(s) we set towards external peers for IPv6 routes. */
  readonly localAddress6?: readonly string[];
}

/** The address families the RIBs keep routes for: every family with an NLRI codec, by its name. */
export type RibFamily =
  | 'ipv4-unicast'
  | 'ipv6-unicast'
  | 'ipv4-multicast'
  | 'ipv6-multicast'
  | 'ipv4-labeled-unicast'
  | 'ipv6-labeled-unicast'
  | 'l3vpn-ipv4-unicast'
  | 'l3vpn-ipv6-unicast'
  | 'l3vpn-ipv4-multicast'
  | 'l3vpn-ipv6-multicast'
  | 'rtc';

/** A route as the RIBs hold it: one prefix (and path id) from one peer with its attributes. */
export interface RibRoute {
  readonly family: RibFamily;
  /**
   * The route's key in its family (src/nlri/text.ts nlriKey): the prefix; `RD prefix` for VPN
   * families (RFC 4364 section 4.1); the RT-Constraint text. Labels are never part of it.
   */
  readonly prefix: string;
  /** Labeled, VPN and RT-Constraint families: the NLRI as last announced (labels, RD), without its path id. */
  readonly nlri?: Nlri;
  /** ADD-PATH path id as received (0 without ADD-PATH). */
  readonly pathId: number;
  readonly peer: RibPeer;
  /** Interned and shared by every route with the same attributes (do not modify). */
  readonly attributes: readonly PathAttribute[];
  /** RFC 4724: kept across a graceful restart, until End-of-RIB or the restart timer. */
  readonly stale: boolean;
}

/** A change of the Loc-RIB's best route for a prefix. */
export interface LocRibChange {
  readonly family: RibFamily;
  readonly prefix: string;
  /** `new`: a best route where there was none; `changed`: another best; `removed`: no route left. */
  readonly kind: 'new' | 'changed' | 'removed';
  readonly best?: RibRoute;
  readonly previous?: RibRoute;
}

/** Options of the RIBs. */
export interface RibOptions {
  /** The local speaker (AS, BGP identifier, cluster id for route reflection). */
  readonly local: LocalSpeaker;
  /** Options of the decision process (RFC 4271 9.1). Default: its own defaults. */
  readonly decision: Partial<DecisionOptions>;
}
