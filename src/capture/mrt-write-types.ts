// What the MRT writer takes (RFC 6396, RFC 8050): the reader's record model with every
// field it can derive made optional, so that a record read by `MrtReader` is written back
// as it came and a record built by hand needs only its values.

/** Fields of the MRT common header (RFC 6396 section 2) a written record may set. */
export interface MrtWriteHeader {
  /** Seconds since the Unix epoch. */
  readonly timestamp: number;
  /** The _ET Microsecond Timestamp (RFC 6396 section 3); its presence selects BGP4MP_ET by default. */
  readonly microseconds?: number | undefined;
  /** The MRT type, where the record's kind allows more than one (see each input). */
  readonly mrtType?: number;
}

/**
 * A BGP message as BGP4MP or BGP4MP_ET MESSAGE* (RFC 6396 4.4.2-4.4.6, RFC 8050 3), or as
 * legacy type 5 (`mrtType: 5`; the 19-octet header is left out, IPv4 and 2-octet AS only).
 * The subtype follows from `isAs4`, `isLocal` and `isAddPath`. `mrtType` defaults to
 * BGP4MP_ET when `microseconds` is given, else BGP4MP.
 */
export interface MrtBgpMessageInput extends MrtWriteHeader {
  readonly type: 'bgp-message';
  readonly peerAs: number;
  readonly localAs: number;
  /** Default 0. */
  readonly interfaceIndex?: number;
  /** AFI of the addresses (1 or 2); default from `peerAddress`. */
  readonly afi?: number;
  readonly peerAddress: string;
  readonly localAddress: string;
  /** MESSAGE_AS4*: 4-octet AS numbers in the record, and in the message's AS_PATH. */
  readonly isAs4: boolean;
  /** The message was sent by the local speaker (the _LOCAL subtypes). Default false. */
  readonly isLocal?: boolean;
  /** RFC 8050: the NLRI carry Path Identifiers (the _ADDPATH subtypes). Default false. */
  readonly isAddPath?: boolean;
  /** The whole BGP message, header included. */
  readonly message: Uint8Array;
}

/**
 * A BGP4MP(_ET) STATE_CHANGE / STATE_CHANGE_AS4 (RFC 6396 4.4.1, 4.4.4) or legacy type 5
 * STATE_CHANGE. Without `localAddress`, a 2-octet BGP4MP state change takes Zebra's 8-octet
 * form (Peer AS, Local AS, Old State, New State), as the reader reads it.
 */
export interface MrtStateChangeInput extends MrtWriteHeader {
  readonly type: 'state-change';
  readonly peerAs: number;
  readonly localAs?: number | undefined;
  readonly interfaceIndex?: number | undefined;
  readonly afi?: number;
  readonly peerAddress: string;
  readonly localAddress?: string | undefined;
  readonly oldState: number;
  readonly newState: number;
  readonly isAs4: boolean;
}

/** One peer of a PEER_INDEX_TABLE (RFC 6396 4.3.1). */
export interface MrtPeerInput {
  /** Peer Type (bit 0 IPv6, bit 1 4-octet AS); default from `address` and `as`. */
  readonly peerType?: number;
  readonly bgpId: string;
  readonly address: string;
  readonly as: number;
}

/** TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 4.3.1). */
export interface MrtPeerIndexTableInput extends MrtWriteHeader {
  readonly type: 'peer-index-table';
  readonly collectorBgpId: string;
  /** Default ''. */
  readonly viewName?: string;
  readonly peers: readonly MrtPeerInput[];
}

/** One RIB entry (RFC 6396 4.3.4, RFC 8050 4). */
export interface MrtRibEntryInput {
  readonly peerIndex: number;
  readonly originatedTime: number;
  /** The Path Identifier of the _ADDPATH subtypes (default 0). */
  readonly pathId?: number;
  /** The path attributes as written (4-octet AS_PATH, RFC 6396 4.3.4). */
  readonly attributes: Uint8Array;
}

/** TABLE_DUMP_V2 RIB_IPV4/IPV6_UNICAST/MULTICAST(_ADDPATH) (RFC 6396 4.3.2, RFC 8050 4). */
export interface MrtRibInput extends MrtWriteHeader {
  readonly type: 'rib';
  readonly sequence: number;
  /** 1 or 2. */
  readonly afi: number;
  /** 1 or 2 (other families go in RIB_GENERIC). */
  readonly safi: number;
  readonly prefix: string;
  /** The _ADDPATH subtypes. Default false. */
  readonly isAddPath?: boolean;
  readonly entries: readonly MrtRibEntryInput[];
}

/** TABLE_DUMP_V2 RIB_GENERIC(_ADDPATH) (RFC 6396 4.3.3): NLRI, entry count and entries as raw octets. */
export interface MrtRibGenericInput extends MrtWriteHeader {
  readonly type: 'rib-generic';
  /** 6 (RIB_GENERIC, the default) or 12 (RIB_GENERIC_ADDPATH). */
  readonly subtype?: number;
  readonly sequence: number;
  readonly afi: number;
  readonly safi: number;
  readonly body: Uint8Array;
}

/**
 * Legacy TABLE_DUMP (RFC 6396 4.2; 2-octet AS) or the deprecated BGP4MP_ENTRY (OpenBGPD):
 * one route with its attributes.
 */
export interface MrtTableDumpInput extends MrtWriteHeader {
  readonly type: 'table-dump' | 'bgp4mp-entry';
  /** Default 0. */
  readonly viewNumber?: number;
  /** TABLE_DUMP only (BGP4MP_ENTRY has none). */
  readonly sequence?: number;
  /** BGP4MP_ENTRY: the prefix's SAFI (default 1). */
  readonly safi?: number;
  readonly prefix: string;
  /** Default 1 (RFC 6396 4.2: "the Status octet is unused ... SHOULD be set to 1"). */
  readonly status?: number;
  readonly originatedTime: number;
  readonly peerAddress: string;
  readonly peerAs: number;
  /** BGP4MP_ENTRY: the local side and the next hop (an address, or hex for other lengths). */
  readonly localAddress?: string | undefined;
  readonly localAs?: number | undefined;
  readonly nextHop?: string | undefined;
  readonly attributes: Uint8Array;
}

/** Any record as raw octets: the reader's `unknown` and `invalid` records. */
export interface MrtRawInput extends MrtWriteHeader {
  readonly type: 'unknown' | 'invalid';
  readonly mrtType: number;
  readonly subtype: number;
  /**
   * The body after the common header. For an `unknown` record of an _ET type it follows the
   * microsecond field (written from `microseconds`); an `invalid` record's body includes it.
   */
  readonly body: Uint8Array;
}

/** A record the MRT writer takes: any {@link MrtRecord} the reader returns, or one built by hand. */
export type MrtWritable =
  | MrtBgpMessageInput
  | MrtStateChangeInput
  | MrtPeerIndexTableInput
  | MrtRibInput
  | MrtRibGenericInput
  | MrtTableDumpInput
  | MrtRawInput;
