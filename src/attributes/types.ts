import type { Nlri, Prefix } from '../nlri/types.ts';

// `Prefix` lives in src/nlri/types.ts (NLRI must not depend on attributes); it is re-exported
// here so that code importing it from this module, including work in parallel branches, keeps
// compiling. New code imports it from '../nlri/types.ts'.
export type { Prefix } from '../nlri/types.ts';

/** Attribute flag bits (RFC 4271 section 4.3). */
export const AttrFlag = {
  OPTIONAL: 0x80,
  TRANSITIVE: 0x40,
  PARTIAL: 0x20,
  EXTENDED_LENGTH: 0x10,
} as const;

interface Base {
  /**
   * The flags octet as received, only when it differs from what the encoder would write
   * for this value (Partial bit, Extended Length on a short value, low bits, or O/T bits).
   */
  readonly flags?: number;
}

/** ORIGIN (RFC 4271 section 5.1.1). */
export interface OriginAttribute extends Base {
  readonly type: 'ORIGIN';
  readonly origin: 'IGP' | 'EGP' | 'INCOMPLETE';
}

/** AS_PATH segment types (RFC 4271 section 4.3, RFC 5065 section 3). */
export type AsPathSegmentType = 'AS_SET' | 'AS_SEQUENCE' | 'AS_CONFED_SEQUENCE' | 'AS_CONFED_SET';

/** One AS_PATH segment. */
export interface AsPathSegment {
  readonly type: AsPathSegmentType;
  readonly asns: readonly number[];
}

/** AS_PATH (RFC 4271 section 5.1.2): 2- or 4-octet ASNs by context (RFC 6793). */
export interface AsPathAttribute extends Base {
  readonly type: 'AS_PATH';
  readonly segments: readonly AsPathSegment[];
}

/** AS4_PATH (RFC 6793 section 3): always 4-octet ASNs. */
export interface As4PathAttribute extends Base {
  readonly type: 'AS4_PATH';
  readonly segments: readonly AsPathSegment[];
}

/** NEXT_HOP (RFC 4271 section 5.1.3). */
export interface NextHopAttribute extends Base {
  readonly type: 'NEXT_HOP';
  readonly nextHop: string;
}

/** MULTI_EXIT_DISC (RFC 4271 section 5.1.4). */
export interface MedAttribute extends Base {
  readonly type: 'MULTI_EXIT_DISC';
  readonly med: number;
}

/** LOCAL_PREF (RFC 4271 section 5.1.5). */
export interface LocalPrefAttribute extends Base {
  readonly type: 'LOCAL_PREF';
  readonly localPref: number;
}

/** ATOMIC_AGGREGATE (RFC 4271 section 5.1.6). */
export interface AtomicAggregateAttribute extends Base {
  readonly type: 'ATOMIC_AGGREGATE';
}

/** AGGREGATOR (RFC 4271 section 5.1.7; 2- or 4-octet AS by context). */
export interface AggregatorAttribute extends Base {
  readonly type: 'AGGREGATOR';
  readonly asn: number;
  readonly address: string;
}

/** AS4_AGGREGATOR (RFC 6793 section 3). */
export interface As4AggregatorAttribute extends Base {
  readonly type: 'AS4_AGGREGATOR';
  readonly asn: number;
  readonly address: string;
}

/** COMMUNITIES (RFC 1997): `65000:100`, well-known ones as `65535:65281`. */
export interface CommunitiesAttribute extends Base {
  readonly type: 'COMMUNITIES';
  readonly communities: readonly string[];
}

/** ORIGINATOR_ID (RFC 4456 section 8). */
export interface OriginatorIdAttribute extends Base {
  readonly type: 'ORIGINATOR_ID';
  readonly originatorId: string;
}

/** CLUSTER_LIST (RFC 4456 section 8). */
export interface ClusterListAttribute extends Base {
  readonly type: 'CLUSTER_LIST';
  readonly clusterIds: readonly string[];
}

/**
 * MP_REACH_NLRI (RFC 4760 section 3). Families with an NLRI codec (src/nlri/registry.ts: IPv4/
 * IPv6 unicast and multicast, labeled unicast, VPN-IPv4/IPv6, RT-Constraint) are typed; any
 * other family keeps its next hop and NLRI as bytes so it re-encodes exactly. A next hop of a
 * length the family does not expect, or a VPN next hop whose RD is not zero, is kept as bytes.
 */
export interface MpReachAttribute extends Base {
  readonly type: 'MP_REACH_NLRI';
  readonly afi: number;
  readonly safi: number;
  /**
   * Next hop addresses (IPv6: global, then the optional link-local); for VPN families without
   * their RD of zero (RFC 4364 section 4.3.2, RFC 4659 section 3.2); absent when kept as bytes.
   */
  readonly nextHop?: readonly string[];
  /** The next hop field as bytes, for families or lengths not typed. */
  readonly nextHopBytes?: Uint8Array;
  /** The Reserved octet (RFC 2858's SNPA count), only when not zero. */
  readonly reserved?: number;
  /**
   * Typed NLRI: {@link Prefix} for IPv4/IPv6 unicast and multicast, `LabeledPrefix` for SAFI 4,
   * `VpnPrefix` for SAFI 128/129, `RtcPrefix` for SAFI 132 (src/nlri/types.ts).
   */
  readonly nlri?: readonly Nlri[];
  /** The NLRI field as bytes for other families. */
  readonly nlriBytes?: Uint8Array;
}

/** MP_UNREACH_NLRI (RFC 4760 section 4). */
export interface MpUnreachAttribute extends Base {
  readonly type: 'MP_UNREACH_NLRI';
  readonly afi: number;
  readonly safi: number;
  /** Typed withdrawn routes, of the same types as MP_REACH_NLRI's `nlri`. */
  readonly withdrawn?: readonly Nlri[];
  /** The withdrawn routes field as bytes for other families. */
  readonly withdrawnBytes?: Uint8Array;
}

/**
 * One extended community (RFC 4360, RFC 5668, RFC 7153). Every form carries `type` and
 * `subtype`; known forms carry typed fields, others the 6 value bytes.
 */
export type ExtendedCommunity =
  /** Route target (subtype 2) and route origin (subtype 3): global is an ASN (types 0x00/0x02) or an IPv4 address (0x01). */
  | {
      readonly kind: 'route-target' | 'route-origin';
      readonly type: number;
      readonly subtype: number;
      readonly global: number | string;
      readonly local: number;
    }
  /** Link bandwidth (type 0x40/0x00, subtype 4): 2-octet AS and IEEE float bytes per second. */
  | { readonly kind: 'link-bandwidth'; readonly type: number; readonly subtype: number; readonly asn: number; readonly bandwidth: number }
  /** Encapsulation (type 0x03, subtype 0x0c, RFC 9012): tunnel type. */
  | { readonly kind: 'encapsulation'; readonly type: number; readonly subtype: number; readonly tunnelType: number }
  /** Anything else: the 6 value bytes. */
  | { readonly kind: 'raw'; readonly type: number; readonly subtype: number; readonly value: Uint8Array };

/** EXTENDED_COMMUNITIES (RFC 4360 section 2). */
export interface ExtendedCommunitiesAttribute extends Base {
  readonly type: 'EXTENDED_COMMUNITIES';
  readonly communities: readonly ExtendedCommunity[];
}

/** One IPv6 address specific extended community (RFC 5701 section 2). */
export type Ipv6ExtendedCommunity =
  | { readonly kind: 'route-target' | 'route-origin'; readonly type: number; readonly subtype: number; readonly global: string; readonly local: number }
  | { readonly kind: 'raw'; readonly type: number; readonly subtype: number; readonly value: Uint8Array };

/** IPv6 Address Specific Extended Community (RFC 5701). */
export interface Ipv6ExtendedCommunitiesAttribute extends Base {
  readonly type: 'IPV6_EXTENDED_COMMUNITIES';
  readonly communities: readonly Ipv6ExtendedCommunity[];
}

/** One AIGP TLV (RFC 7311 section 3): type 1 carries a 64-bit metric. */
export type AigpTlv = { readonly tlvType: 1; readonly metric: bigint } | { readonly tlvType: number; readonly value: Uint8Array };

/** AIGP (RFC 7311). */
export interface AigpAttribute extends Base {
  readonly type: 'AIGP';
  readonly tlvs: readonly AigpTlv[];
}

/** LARGE_COMMUNITY (RFC 8092): `65001:1:1`. */
export interface LargeCommunitiesAttribute extends Base {
  readonly type: 'LARGE_COMMUNITY';
  readonly communities: readonly string[];
}

/** Only to Customer (RFC 9234 section 5). */
export interface OtcAttribute extends Base {
  readonly type: 'OTC';
  readonly asn: number;
}

/**
 * Any attribute not typed above, or a typed one whose value is malformed (RFC 7606),
 * kept raw with its flags so it re-encodes byte for byte.
 */
export interface RawAttribute {
  readonly type: 'raw';
  readonly code: number;
  readonly flags: number;
  readonly value: Uint8Array;
}

/** A path attribute (RFC 4271 section 4.3). */
export type PathAttribute =
  | OriginAttribute
  | AsPathAttribute
  | As4PathAttribute
  | NextHopAttribute
  | MedAttribute
  | LocalPrefAttribute
  | AtomicAggregateAttribute
  | AggregatorAttribute
  | As4AggregatorAttribute
  | CommunitiesAttribute
  | OriginatorIdAttribute
  | ClusterListAttribute
  | MpReachAttribute
  | MpUnreachAttribute
  | ExtendedCommunitiesAttribute
  | Ipv6ExtendedCommunitiesAttribute
  | AigpAttribute
  | LargeCommunitiesAttribute
  | OtcAttribute
  | RawAttribute;

/** RFC 7606 actions, weakest first. */
export type IssueAction = 'attribute-discard' | 'treat-as-withdraw' | 'afisafi-disable' | 'session-reset';

/** One RFC 7606 finding in an UPDATE, with the RFC 4271 section 6.3 NOTIFICATION it corresponds to. */
export interface UpdateIssue {
  readonly action: IssueAction;
  readonly code: number;
  readonly subcode: number;
  readonly data: Uint8Array;
  /** The attribute type code concerned, when one is. */
  readonly attribute?: number;
  /** Index in `attributes` of the attribute concerned, when it is kept there. */
  readonly index?: number;
  /** For afisafi-disable: the family. */
  readonly afi?: number;
  readonly safi?: number;
  /** Short lowercase reason naming the value. */
  readonly reason: string;
}

/**
 * UPDATE (RFC 4271 section 4.3).
 *
 *      +-----------------------------------------------------+
 *      |   Withdrawn Routes Length (2 octets)                |
 *      +-----------------------------------------------------+
 *      |   Withdrawn Routes (variable)                       |
 *      +-----------------------------------------------------+
 *      |   Total Path Attribute Length (2 octets)            |
 *      +-----------------------------------------------------+
 *      |   Path Attributes (variable)                        |
 *      +-----------------------------------------------------+
 *      |   Network Layer Reachability Information (variable) |
 *      +-----------------------------------------------------+
 */
export interface UpdateMessage {
  readonly type: 'UPDATE';
  readonly withdrawn: readonly Prefix[];
  readonly attributes: readonly PathAttribute[];
  readonly nlri: readonly Prefix[];
  /** RFC 7606 findings, present only when there are any. */
  readonly issues?: readonly UpdateIssue[];
  /** The strongest action among `issues`, present only when there are any. */
  readonly action?: IssueAction;
  /** Wire details recorded by the decoder so that a malformed message re-encodes byte for byte. */
  readonly wire?: UpdateWire;
}

/** Bytes of an UPDATE that do not decode into values. */
export interface UpdateWire {
  /**
   * The attributes were received in an order other than the canonical one (MP_REACH_NLRI,
   * MP_UNREACH_NLRI, then by type code, RFC 7606 section 5.1): encode them as given.
   */
  readonly unsorted?: boolean;
  /** RFC 7606 section 4: the path attribute bytes from the first attribute that overruns the field. */
  readonly attributesTail?: Uint8Array;
}
