// IANA code points as `as const` tables keyed by their RFC names, checked against
// ../shared/rfc/iana/ by test/iana.test.ts. Lookups never throw on a number: an unknown
// code is named `unknown-N` (a value that is no number is a TypeError naming the lookup).

import { checkNumber } from './wire/args.ts';

/** BGP Message Types (RFC 4271 section 4.1, RFC 2918). */
export const MessageType = {
  OPEN: 1,
  UPDATE: 2,
  NOTIFICATION: 3,
  KEEPALIVE: 4,
  'ROUTE-REFRESH': 5,
} as const;

/** BGP Path Attributes registry. */
export const AttrType = {
  ORIGIN: 1,
  AS_PATH: 2,
  NEXT_HOP: 3,
  MULTI_EXIT_DISC: 4,
  LOCAL_PREF: 5,
  ATOMIC_AGGREGATE: 6,
  AGGREGATOR: 7,
  COMMUNITIES: 8,
  ORIGINATOR_ID: 9,
  CLUSTER_LIST: 10,
  DPA: 11,
  ADVERTISER: 12,
  RCID_PATH: 13,
  MP_REACH_NLRI: 14,
  MP_UNREACH_NLRI: 15,
  EXTENDED_COMMUNITIES: 16,
  AS4_PATH: 17,
  AS4_AGGREGATOR: 18,
  SSA: 19,
  CONNECTOR: 20,
  AS_PATHLIMIT: 21,
  PMSI_TUNNEL: 22,
  TUNNEL_ENCAPSULATION: 23,
  TRAFFIC_ENGINEERING: 24,
  IPV6_EXTENDED_COMMUNITIES: 25,
  AIGP: 26,
  PE_DISTINGUISHER_LABELS: 27,
  BGP_LS: 29,
  LARGE_COMMUNITY: 32,
  BGPSEC_PATH: 33,
  OTC: 35,
  D_PATH: 36,
  SFP: 37,
  BFD_DISCRIMINATOR: 38,
  NHC: 39,
  PREFIX_SID: 40,
  BIER: 41,
  ATTR_SET: 128,
} as const;

/** BGP Error (Notification) Codes. */
export const ErrorCode = {
  MessageHeaderError: 1,
  OpenMessageError: 2,
  UpdateMessageError: 3,
  HoldTimerExpired: 4,
  FiniteStateMachineError: 5,
  Cease: 6,
  RouteRefreshMessageError: 7,
  SendHoldTimerExpired: 8,
  LossOfLsdbSynchronization: 9,
} as const;

/** Message Header Error subcodes (RFC 4271 section 6.1). */
export const HeaderErrorSubcode = {
  Unspecific: 0,
  ConnectionNotSynchronized: 1,
  BadMessageLength: 2,
  BadMessageType: 3,
} as const;

/** OPEN Message Error subcodes (RFC 4271 section 6.2, RFC 5492, RFC 9234). */
export const OpenErrorSubcode = {
  Unspecific: 0,
  UnsupportedVersionNumber: 1,
  BadPeerAs: 2,
  BadBgpIdentifier: 3,
  UnsupportedOptionalParameter: 4,
  UnacceptableHoldTime: 6,
  UnsupportedCapability: 7,
  RoleMismatch: 11,
} as const;

/** UPDATE Message Error subcodes (RFC 4271 section 6.3). */
export const UpdateErrorSubcode = {
  Unspecific: 0,
  MalformedAttributeList: 1,
  UnrecognizedWellKnownAttribute: 2,
  MissingWellKnownAttribute: 3,
  AttributeFlagsError: 4,
  AttributeLengthError: 5,
  InvalidOriginAttribute: 6,
  InvalidNextHopAttribute: 8,
  OptionalAttributeError: 9,
  InvalidNetworkField: 10,
  MalformedAsPath: 11,
} as const;

/** BGP Finite State Machine Error subcodes (RFC 6608). */
export const FsmErrorSubcode = {
  UnspecifiedError: 0,
  UnexpectedMessageInOpenSent: 1,
  UnexpectedMessageInOpenConfirm: 2,
  UnexpectedMessageInEstablished: 3,
} as const;

/** Cease subcodes (RFC 4486, RFC 9003, RFC 8538, RFC 9384). */
export const CeaseSubcode = {
  MaximumNumberOfPrefixesReached: 1,
  AdministrativeShutdown: 2,
  PeerDeconfigured: 3,
  AdministrativeReset: 4,
  ConnectionRejected: 5,
  OtherConfigurationChange: 6,
  ConnectionCollisionResolution: 7,
  OutOfResources: 8,
  HardReset: 9,
  BfdDown: 10,
} as const;

/** ROUTE-REFRESH Message Error subcodes (RFC 7313 section 5). */
export const RouteRefreshErrorSubcode = {
  InvalidMessageLength: 1,
} as const;

/** Capability Codes (RFC 5492 and the IANA registry). */
export const CapabilityCode = {
  MULTIPROTOCOL: 1,
  ROUTE_REFRESH: 2,
  OUTBOUND_ROUTE_FILTERING: 3,
  MULTIPLE_ROUTES: 4,
  EXTENDED_NEXT_HOP: 5,
  EXTENDED_MESSAGE: 6,
  BGPSEC: 7,
  MULTIPLE_LABELS: 8,
  ROLE: 9,
  GRACEFUL_RESTART: 64,
  FOUR_OCTET_AS: 65,
  DYNAMIC_CAPABILITY: 67,
  MULTISESSION: 68,
  ADD_PATH: 69,
  ENHANCED_ROUTE_REFRESH: 70,
  LONG_LIVED_GRACEFUL_RESTART: 71,
  ROUTING_POLICY_DISTRIBUTION: 72,
  FQDN: 73,
  BFD_STRICT_MODE: 74,
  SOFTWARE_VERSION: 75,
  PATHS_LIMIT: 76,
  LINK_LOCAL_NEXT_HOP: 77,
  ROUTE_REFRESH_CISCO: 128,
  ORF_CISCO: 130,
} as const;

/** BGP OPEN Optional Parameter Types (RFC 5492, RFC 9072). */
export const OptionalParameterType = {
  Authentication: 1,
  Capabilities: 2,
  ExtendedLength: 255,
} as const;

/** Address Family Numbers (the ones BGP uses). */
export const Afi = {
  IPv4: 1,
  IPv6: 2,
  L2VPN: 25,
  BGP_LS: 16388,
} as const;

/** SAFI values (RFC 4760 and the IANA registry). */
export const Safi = {
  UNICAST: 1,
  MULTICAST: 2,
  MPLS_LABEL: 4,
  MCAST_VPN: 5,
  VPLS: 65,
  MDT: 66,
  EVPN: 70,
  BGP_LS: 71,
  BGP_LS_VPN: 72,
  SR_POLICY: 73,
  MUP: 85,
  MPLS_VPN: 128,
  MCAST_MPLS_VPN: 129,
  ROUTE_TARGET: 132,
  FLOWSPEC: 133,
  FLOWSPEC_VPN: 134,
} as const;

/** BGP Role values (RFC 9234 section 4.1). */
export const Role = {
  Provider: 0,
  RS: 1,
  'RS-Client': 2,
  Customer: 3,
  Peer: 4,
} as const;

/** Well-known communities (RFC 1997, RFC 7999, RFC 8326, RFC 8642, IANA registry). */
export const WellKnownCommunity = {
  GRACEFUL_SHUTDOWN: 0xffff0000,
  ACCEPT_OWN: 0xffff0001,
  ROUTE_FILTER_TRANSLATED_v4: 0xffff0002,
  ROUTE_FILTER_v4: 0xffff0003,
  ROUTE_FILTER_TRANSLATED_v6: 0xffff0004,
  ROUTE_FILTER_v6: 0xffff0005,
  LLGR_STALE: 0xffff0006,
  NO_LLGR: 0xffff0007,
  'accept-own-nexthop': 0xffff0008,
  STANDBY_PE: 0xffff0009,
  BLACKHOLE: 0xffff029a,
  NO_EXPORT: 0xffffff01,
  NO_ADVERTISE: 0xffffff02,
  NO_EXPORT_SUBCONFED: 0xffffff03,
  NOPEER: 0xffffff04,
} as const;

/** BGP Route Refresh Subcodes (RFC 7313 section 3.2). */
export const RouteRefreshSubtype = {
  Request: 0,
  BoRR: 1,
  EoRR: 2,
} as const;

/** MRT types (RFC 6396 section 4, RFC 8050). */
export const MrtType = {
  NULL: 0,
  START: 1,
  DIE: 2,
  I_AM_DEAD: 3,
  PEER_DOWN: 4,
  BGP: 5,
  RIP: 6,
  IDRP: 7,
  RIPNG: 8,
  BGP4PLUS: 9,
  BGP4PLUS_01: 10,
  OSPFv2: 11,
  TABLE_DUMP: 12,
  TABLE_DUMP_V2: 13,
  BGP4MP: 16,
  BGP4MP_ET: 17,
  ISIS: 32,
  ISIS_ET: 33,
  OSPFv3: 48,
  OSPFv3_ET: 49,
} as const;

type Table = Readonly<Record<string, number>>;

function reverse<T extends Table>(table: T): ReadonlyMap<number, string> {
  const m = new Map<number, string>();
  for (const [k, v] of Object.entries(table)) if (!m.has(v)) m.set(v, k);
  return m;
}

function lookup(table: ReadonlyMap<number, string>, code: number): string {
  return table.get(code) ?? `unknown-${code}`;
}

// The name tables are built at load; /* @__PURE__ */ lets a bundler drop those a program never
// looks up (importing only decodeMessage needs attributeName alone).
const messageNames = /* @__PURE__ */ reverse(MessageType);
const attrNames = /* @__PURE__ */ reverse(AttrType);
const errorNames = /* @__PURE__ */ reverse(ErrorCode);
const capabilityNames = /* @__PURE__ */ reverse(CapabilityCode);
const afiNames = /* @__PURE__ */ new Map<number, string>([
  [1, 'ipv4'],
  [2, 'ipv6'],
  [25, 'l2vpn'],
  [16388, 'bgp-ls'],
]);
const safiNames = /* @__PURE__ */ new Map<number, string>([
  [1, 'unicast'],
  [2, 'multicast'],
  [4, 'labeled-unicast'],
  [5, 'mcast-vpn'],
  [65, 'vpls'],
  [66, 'mdt'],
  [70, 'evpn'],
  [71, 'bgp-ls'],
  [72, 'bgp-ls-vpn'],
  [73, 'sr-policy'],
  [85, 'mup'],
  [128, 'mpls-vpn'],
  [129, 'mcast-mpls-vpn'],
  [132, 'rtc'],
  [133, 'flowspec'],
  [134, 'flowspec-vpn'],
]);
const subcodeNames = /* @__PURE__ */ new Map<number, ReadonlyMap<number, string>>([
  [1, /* @__PURE__ */ reverse(HeaderErrorSubcode)],
  [2, /* @__PURE__ */ reverse(OpenErrorSubcode)],
  [3, /* @__PURE__ */ reverse(UpdateErrorSubcode)],
  [5, /* @__PURE__ */ reverse(FsmErrorSubcode)],
  [6, /* @__PURE__ */ reverse(CeaseSubcode)],
  [7, /* @__PURE__ */ reverse(RouteRefreshErrorSubcode)],
]);
const communityNames = /* @__PURE__ */ reverse(WellKnownCommunity);
const roleNames = /* @__PURE__ */ reverse(Role);

/** Name of a BGP message type (`unknown-N` when unassigned). */
export function messageTypeName(code: number): string {
  checkNumber(code, 'messageTypeName', 'code');
  return lookup(messageNames, code);
}
/** Name of a path attribute type code, e.g. `AS_PATH`. */
export function attributeName(code: number): string {
  checkNumber(code, 'attributeName', 'code');
  return lookup(attrNames, code);
}
/** Name of a NOTIFICATION error code. */
export function errorCodeName(code: number): string {
  checkNumber(code, 'errorCodeName', 'code');
  return lookup(errorNames, code);
}
/** Name of a NOTIFICATION error subcode under its code (`Unspecific` for subcode 0). */
export function errorSubcodeName(code: number, subcode: number): string {
  checkNumber(code, 'errorSubcodeName', 'code');
  checkNumber(subcode, 'errorSubcodeName', 'subcode');
  const table = subcodeNames.get(code);
  if (table === undefined) return subcode === 0 ? 'Unspecific' : `unknown-${subcode}`;
  return lookup(table, subcode);
}
/** Name of a capability code. */
export function capabilityName(code: number): string {
  checkNumber(code, 'capabilityName', 'code');
  return lookup(capabilityNames, code);
}
/** Name of an AFI (`ipv4`, `ipv6`, ...). */
export function afiName(afi: number): string {
  checkNumber(afi, 'afiName', 'afi');
  return afiNames.get(afi) ?? `afi-${afi}`;
}
/** Name of a SAFI (`unicast`, `multicast`, ...). */
export function safiName(safi: number): string {
  checkNumber(safi, 'safiName', 'safi');
  return safiNames.get(safi) ?? `safi-${safi}`;
}
/** Name of an AFI/SAFI pair as GoBGP and bgpctl write it, e.g. `ipv4-unicast`. */
export function familyName(afi: number, safi: number): string {
  checkNumber(afi, 'familyName', 'afi');
  checkNumber(safi, 'familyName', 'safi');
  return `${afiName(afi)}-${safiName(safi)}`;
}
/** Name of a well-known community value (e.g. `NO_EXPORT`), or `undefined`. */
export function wellKnownCommunityName(value: number): string | undefined {
  checkNumber(value, 'wellKnownCommunityName', 'value');
  return communityNames.get(value >>> 0);
}
/** Name of a BGP role (RFC 9234). */
export function roleName(role: number): string {
  checkNumber(role, 'roleName', 'role');
  return lookup(roleNames, role);
}
