// BMP code points (IANA "BGP Monitoring Protocol (BMP) Parameters", ../shared/rfc/iana/bmp-parameters.xml).

/** BMP Message Types (RFC 7854 section 10.1). */
export const BmpMessageType = {
  RouteMonitoring: 0,
  StatisticsReport: 1,
  PeerDown: 2,
  PeerUp: 3,
  Initiation: 4,
  Termination: 5,
  RouteMirroring: 6,
} as const;

/** BMP Peer Types (RFC 7854 section 10.2, RFC 9069 section 8.1). */
export const BmpPeerType = {
  Global: 0,
  Rd: 1,
  Local: 2,
  LocRib: 3,
} as const;

/** Peer flags for peer types 0-2 (RFC 7854 section 4.2, RFC 8671 section 4) and type 3 (RFC 9069 section 4.2). */
export const BmpPeerFlag = {
  /** V: the peer address is IPv6. */
  V: 0x80,
  /** L: post-policy (Adj-RIB-In or Adj-RIB-Out). */
  L: 0x40,
  /** A: legacy 2-octet AS_PATH. */
  A: 0x20,
  /** O: Adj-RIB-Out (RFC 8671). */
  O: 0x10,
  /** F (peer type 3 only): the Loc-RIB is filtered (RFC 9069). */
  F: 0x80,
} as const;

/** Peer Down reason codes (RFC 7854 section 10.8, RFC 9069 section 8.4). */
export const BmpPeerDownReason = {
  LocalNotification: 1,
  LocalFsmEvent: 2,
  RemoteNotification: 3,
  RemoteNoData: 4,
  PeerDeconfigured: 5,
  LocalTlv: 6,
} as const;

/** Initiation Information TLV types (RFC 9736 section 3.1). */
export const BmpInitiationTlv = { String: 0, SysDescr: 1, SysName: 2 } as const;
/** Termination TLV types (RFC 7854 section 4.5). */
export const BmpTerminationTlv = { String: 0, Reason: 1 } as const;
/** Peer Up Information TLV types (RFC 9736 section 3.3). */
export const BmpPeerUpTlv = { String: 0, VrfTableName: 3, AdminLabel: 4 } as const;
/** Route Mirroring TLV types (RFC 7854 section 4.7). */
export const BmpMirroringTlv = { BgpMessage: 0, Information: 1 } as const;

const MESSAGE_NAMES: readonly string[] = ['route-monitoring', 'statistics-report', 'peer-down', 'peer-up', 'initiation', 'termination', 'route-mirroring'];
const PEER_TYPE_NAMES: readonly string[] = ['global', 'rd', 'local', 'loc-rib'];
const PEER_DOWN_NAMES: readonly string[] = [
  'reserved',
  'local-notification',
  'local-fsm-event',
  'remote-notification',
  'remote-no-data',
  'peer-deconfigured',
  'local-tlv',
];
const TERMINATION_REASONS: readonly string[] = ['administratively-closed', 'unspecified', 'out-of-resources', 'redundant-connection', 'permanently-administratively-closed'];

/** Name of a BMP message type (`route-monitoring` ...), `unknown-N` otherwise; never throws. */
export function bmpMessageTypeName(code: number): string {
  return MESSAGE_NAMES[code] ?? `unknown-${code}`;
}

/** Name of a peer type (`global`, `rd`, `local`, `loc-rib`), `unknown-N` otherwise. */
export function bmpPeerTypeName(code: number): string {
  return PEER_TYPE_NAMES[code] ?? `unknown-${code}`;
}

/** Name of a Peer Down reason code, `unknown-N` otherwise. */
export function bmpPeerDownReasonName(code: number): string {
  return PEER_DOWN_NAMES[code] ?? `unknown-${code}`;
}

/** Name of a Termination reason code, `unknown-N` otherwise. */
export function bmpTerminationReasonName(code: number): string {
  return TERMINATION_REASONS[code] ?? `unknown-${code}`;
}

/** The value shape of a statistics type (RFC 7854 section 4.8 and the IANA registry). */
export type BmpStatShape = 'counter' | 'gauge' | 'afi-safi-gauge';

// RFC 7854 section 4.8 (0-13), RFC 8671 section 6.2 (14-17), and the later registry entries
// (18-43, RFC 9972 and draft-ietf-grow-bmp-bgp-rib-stats): "per-AFI/SAFI" ones carry AFI/SAFI
// plus a 64-bit gauge, the others a 64-bit gauge; 0-6 and 11-13 are 32-bit counters.
const COUNTERS = new Set([0, 1, 2, 3, 4, 5, 6, 11, 12, 13]);
const AFI_SAFI = new Set([9, 10, 16, 17, 19, 21, 22, 23, 24, 25, 26, 27, 28, 30, 32, 34, 35, 36, 37, 38, 40, 41, 42, 43]);
const GAUGES = new Set([7, 8, 14, 15, 18, 20, 29, 31, 33, 39]);

/** The value shape of stat type `code`, or undefined for unassigned and experimental types. */
export function bmpStatShape(code: number): BmpStatShape | undefined {
  if (COUNTERS.has(code)) return 'counter';
  if (GAUGES.has(code)) return 'gauge';
  if (AFI_SAFI.has(code)) return 'afi-safi-gauge';
  return undefined;
}

const STAT_NAMES: Readonly<Record<number, string>> = {
  0: 'rejected-prefixes',
  1: 'duplicate-prefixes',
  2: 'duplicate-withdraws',
  3: 'cluster-list-loops',
  4: 'as-path-loops',
  5: 'originator-id-invalidated',
  6: 'as-confed-loops',
  7: 'adj-rib-in-routes',
  8: 'loc-rib-routes',
  9: 'adj-rib-in-routes-per-afi-safi',
  10: 'loc-rib-routes-per-afi-safi',
  11: 'treat-as-withdraw-updates',
  12: 'treat-as-withdraw-prefixes',
  13: 'duplicate-updates',
  14: 'pre-policy-adj-rib-out-routes',
  15: 'post-policy-adj-rib-out-routes',
  16: 'pre-policy-adj-rib-out-routes-per-afi-safi',
  17: 'post-policy-adj-rib-out-routes-per-afi-safi',
};

/** A short name of a stat type (RFC 7854 section 4.8 wording), `stat-N` for the rest. */
export function bmpStatName(code: number): string {
  return STAT_NAMES[code] ?? `stat-${code}`;
}
