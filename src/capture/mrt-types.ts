import type { SessionContext } from '../context/session-context.ts';

/** RFC 6396 section 4.4 and RFC 8050 section 3: BGP4MP and BGP4MP_ET subtypes. */
export const Bgp4mpSubtype = {
  STATE_CHANGE: 0,
  MESSAGE: 1,
  ENTRY: 2,
  SNAPSHOT: 3,
  MESSAGE_AS4: 4,
  STATE_CHANGE_AS4: 5,
  MESSAGE_LOCAL: 6,
  MESSAGE_AS4_LOCAL: 7,
  MESSAGE_ADDPATH: 8,
  MESSAGE_AS4_ADDPATH: 9,
  MESSAGE_LOCAL_ADDPATH: 10,
  MESSAGE_AS4_LOCAL_ADDPATH: 11,
} as const;

/** RFC 6396 section 4.3, RFC 6397 and RFC 8050 section 4: TABLE_DUMP_V2 subtypes. */
export const TableDumpV2Subtype = {
  PEER_INDEX_TABLE: 1,
  RIB_IPV4_UNICAST: 2,
  RIB_IPV4_MULTICAST: 3,
  RIB_IPV6_UNICAST: 4,
  RIB_IPV6_MULTICAST: 5,
  RIB_GENERIC: 6,
  GEO_PEER_TABLE: 7,
  RIB_IPV4_UNICAST_ADDPATH: 8,
  RIB_IPV4_MULTICAST_ADDPATH: 9,
  RIB_IPV6_UNICAST_ADDPATH: 10,
  RIB_IPV6_MULTICAST_ADDPATH: 11,
  RIB_GENERIC_ADDPATH: 12,
} as const;

/** RFC 6396 section 4.2: TABLE_DUMP subtypes are the AFI of the prefix. */
export const TableDumpSubtype = { AFI_IPv4: 1, AFI_IPv6: 2 } as const;

/** The deprecated MRT type 5 (BGP) subtypes of the original MRT format (RFC 6396 appendix B, draft-ietf-grow-mrt-00). */
export const LegacyBgpSubtype = {
  NULL: 0,
  UPDATE: 1,
  PREF_UPDATE: 2,
  STATE_CHANGE: 3,
  SYNC: 4,
  OPEN: 5,
  NOTIFY: 6,
  KEEPALIVE: 7,
} as const;

/** Fields every MRT record has: its common header (RFC 6396 section 2) and where it was read. */
export interface MrtRecordBase {
  /** Byte offset of the record's header in the (decompressed) stream. */
  readonly offset: number;
  /** Seconds since the Unix epoch (MRT common header). */
  readonly timestamp: number;
  /** Microseconds, exactly as written, for the _ET types (RFC 6396 section 3); `undefined` otherwise (always present: one object shape). */
  readonly microseconds: number | undefined;
  /** MRT type (see `MrtType` in iana.ts). */
  readonly mrtType: number;
  readonly subtype: number;
  /** The length the header declares (including the _ET microseconds field). */
  readonly length: number;
}

/** A BGP message carried in BGP4MP/BGP4MP_ET MESSAGE* (RFC 6396 4.4.2-4.4.6, RFC 8050 3) or legacy type 5. */
export interface MrtBgpMessageRecord extends MrtRecordBase {
  readonly type: 'bgp-message';
  readonly peerAs: number;
  readonly localAs: number;
  /** Interface index (0 when not known; absent in legacy type 5). */
  readonly interfaceIndex: number;
  /** AFI of the peer and local addresses (1 or 2). */
  readonly afi: number;
  readonly peerAddress: string;
  readonly localAddress: string;
  /** The subtype says the AS numbers in the record and in AS_PATH are 4 octets (MESSAGE_AS4*). */
  readonly isAs4: boolean;
  /** The message was sent by the local speaker (the _LOCAL subtypes, RFC 6396 4.4.6). */
  readonly isLocal: boolean;
  /** RFC 8050: the NLRI carry Path Identifiers (the ADDPATH subtypes). */
  readonly isAddPath: boolean;
  /**
   * The whole BGP message, header included (a view of the input, valid while it is unchanged).
   * For legacy type 5 records, which omit the header, a copy with a header made up for it (a
   * view of a block the reader shares among such copies, none written twice).
   */
  readonly message: Uint8Array;
  /** Legacy type 5: the 19-octet header was synthesized (the file has only the body). */
  readonly isHeaderSynthesized?: boolean;
  /** The context to decode `message` with (see mrt-context.ts for the rules). */
  readonly context: SessionContext;
  /**
   * Set by the opt-in `contextFromOpens`: `open` when both OPENs of the session were in the
   * file and negotiated ADD-PATH; `open-one-sided` when only the sender's OPEN was and the
   * NLRI parse only with path ids; `ambiguous` when they parse both ways (the context is
   * then left as the subtype says).
   */
  readonly contextSource?: 'open' | 'open-one-sided' | 'ambiguous';
}

/** BGP4MP STATE_CHANGE(_AS4) (RFC 6396 4.4.1, 4.4.5) or legacy type 5 STATE_CHANGE. */
export interface MrtStateChangeRecord extends MrtRecordBase {
  readonly type: 'state-change';
  readonly peerAs: number;
  readonly localAs?: number;
  readonly interfaceIndex?: number;
  readonly afi: number;
  readonly peerAddress: string;
  readonly localAddress?: string;
  /** RFC 4271 8.2.2 states: 1 Idle, 2 Connect, 3 Active, 4 OpenSent, 5 OpenConfirm, 6 Established (Quagga adds 7 Clearing, 8 Deleted). */
  readonly oldState: number;
  readonly newState: number;
  readonly isAs4: boolean;
}

/** One peer of a PEER_INDEX_TABLE (RFC 6396 4.3.1). */
export interface MrtPeer {
  /** Position in the table (what RIB entries refer to). */
  readonly index: number;
  /** Peer Type octet: bit 0 IPv6 address, bit 1 4-octet AS. */
  readonly peerType: number;
  readonly bgpId: string;
  readonly address: string;
  readonly as: number;
}

/** TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 4.3.1). */
export interface MrtPeerIndexTableRecord extends MrtRecordBase {
  readonly type: 'peer-index-table';
  readonly collectorBgpId: string;
  readonly viewName: string;
  readonly peers: readonly MrtPeer[];
}

/** One RIB entry (RFC 6396 4.3.4, RFC 8050 4). */
export interface MrtRibEntry {
  readonly peerIndex: number;
  /** The peer from the last PEER_INDEX_TABLE, when there was one and the index is in it. */
  readonly peer?: MrtPeer;
  readonly originatedTime: number;
  /** RFC 8050: the Path Identifier of the _ADDPATH subtypes. */
  readonly pathId?: number;
  /** The path attributes as written (a view); decode with `decodeRibAttributes`. */
  readonly attributes: Uint8Array;
}

/** TABLE_DUMP_V2 RIB_IPV4/IPV6_UNICAST/MULTICAST(_ADDPATH) (RFC 6396 4.3.2, RFC 8050 4). */
export interface MrtRibRecord extends MrtRecordBase {
  readonly type: 'rib';
  readonly sequence: number;
  readonly afi: number;
  readonly safi: number;
  /** The prefix as text, host bits masked (e.g. `192.0.2.0/24`). */
  readonly prefix: string;
  readonly isAddPath: boolean;
  readonly entries: readonly MrtRibEntry[];
  /** The context the entries' attributes decode with: 4-octet AS_PATH (RFC 6396 4.3.4). */
  readonly context: SessionContext;
}

/** TABLE_DUMP_V2 RIB_GENERIC(_ADDPATH) (RFC 6396 4.3.3): AFI/SAFI read, the rest kept raw. */
export interface MrtRibGenericRecord extends MrtRecordBase {
  readonly type: 'rib-generic';
  readonly sequence: number;
  readonly afi: number;
  readonly safi: number;
  /** NLRI, entry count and entries, as written (a view). */
  readonly body: Uint8Array;
}

/** Legacy TABLE_DUMP (RFC 6396 4.2) or the deprecated BGP4MP_ENTRY: one route with its attributes. */
export interface MrtTableDumpRecord extends MrtRecordBase {
  readonly type: 'table-dump' | 'bgp4mp-entry';
  readonly viewNumber: number;
  /** TABLE_DUMP sequence number (0 for BGP4MP_ENTRY). */
  readonly sequence: number;
  readonly afi: number;
  readonly safi: number;
  readonly prefix: string;
  /** TABLE_DUMP status octet / BGP4MP_ENTRY status field. */
  readonly status: number;
  readonly originatedTime: number;
  readonly peerAddress: string;
  readonly peerAs: number;
  /** BGP4MP_ENTRY only: the local side and the next hop field. */
  readonly localAddress?: string;
  readonly localAs?: number;
  readonly nextHop?: string;
  readonly attributes: Uint8Array;
  /** 2-octet AS_PATH: these formats predate RFC 6793 (RFC 6396 4.2). */
  readonly context: SessionContext;
}

/** Any type or subtype this reader does not parse (including legacy types 0-4, 6-11, OSPF, IS-IS): kept raw. */
export interface MrtUnknownRecord extends MrtRecordBase {
  readonly type: 'unknown';
  readonly body: Uint8Array;
}

/** A record of a known type whose body does not parse; the reader goes on with the next record. */
export interface MrtInvalidRecord extends MrtRecordBase {
  readonly type: 'invalid';
  /** Short lowercase reason naming the value. */
  readonly reason: string;
  readonly body: Uint8Array;
}

/** A decoded MRT record. */
export type MrtRecord =
  | MrtBgpMessageRecord
  | MrtStateChangeRecord
  | MrtPeerIndexTableRecord
  | MrtRibRecord
  | MrtRibGenericRecord
  | MrtTableDumpRecord
  | MrtUnknownRecord
  | MrtInvalidRecord;

/** Why the reader stopped early or skipped bytes. */
export type MrtIssueKind = 'truncated-record' | 'bad-length' | 'recovered-length';

/** A framing finding (the records themselves report body problems as `invalid`). */
export interface MrtIssue {
  readonly kind: MrtIssueKind;
  /** Byte offset of the record header concerned. */
  readonly offset: number;
  readonly message: string;
}
