/**
 * One prefix, the same shape everywhere (RFC 4271 section 4.3, RFC 4760, RFC 7911).
 * `prefix` is canonical: bits beyond the length are masked.
 */
export interface Prefix {
  /** `192.0.2.0/24` or `2001:db8::/32`. */
  readonly prefix: string;
  /** RFC 7911 Path Identifier: present exactly where ADD-PATH is on for this family and direction. */
  readonly pathId?: number;
  /** The prefix as received, when it had non-zero bits beyond its length (kept to re-encode byte for byte). */
  readonly unmasked?: string;
}

/**
 * A labeled prefix (RFC 8277, AFI 1/2 SAFI 4): an IPv4 or IPv6 prefix bound to a label stack.
 * In MP_REACH_NLRI `labels` holds the 20-bit label values, top of stack first; in
 * MP_UNREACH_NLRI it is empty and the 3-octet Compatibility field takes its place (section 2.4).
 */
export interface LabeledPrefix extends Prefix {
  /** Label values (20 bits each), top of stack first; empty in a withdrawal. */
  readonly labels: readonly number[];
  /**
   * The low 4 bits (Rsrv/TC and S) of each label entry, only when they are not canonical
   * (0, with S set on the last entry only): kept to re-encode byte for byte.
   */
  readonly labelBits?: readonly number[];
  /** Withdrawal only: the Compatibility field, only when it is not 0x800000 (RFC 8277 section 2.4). */
  readonly compatibility?: number;
}

/**
 * A VPN-IPv4 or VPN-IPv6 route (RFC 4364 section 4.3.4, RFC 4659 section 3.2; SAFI 128 and
 * the VPN multicast SAFI 129): route distinguisher, label stack and prefix.
 */
export interface VpnPrefix extends LabeledPrefix {
  /** Route distinguisher text: `65000:100` (type 0), `192.0.2.1:5` (type 1), `4200000000:7` (type 2). */
  readonly rd: string;
}

/**
 * Route Target membership NLRI (RFC 4684 section 4, AFI 1 SAFI 132): a prefix of up to 96
 * bits over origin AS (4 octets) and route target (8 octets); length 0 is the default route target.
 */
export interface RtcPrefix {
  /** RFC 7911 Path Identifier, where ADD-PATH is on. */
  readonly pathId?: number;
  /** Prefix length in bits: 0 (default), or 32 to 96. */
  readonly length: number;
  /** Origin AS, present when `length` is at least 32. */
  readonly originAs?: number;
  /** The route target as text (`65000:100`, `192.0.2.1:5`, `4200000000:7`), when `length` is 96 and the type is a route target's. */
  readonly routeTarget?: string;
  /** The route target octets present (`ceil((length - 32) / 8)`), where `routeTarget` is not given. */
  readonly routeTargetBytes?: Uint8Array;
}

/** One NLRI of any typed family; the attribute's AFI/SAFI tells which. */
export type Nlri = Prefix | LabeledPrefix | VpnPrefix | RtcPrefix;
