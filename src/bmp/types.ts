/**
 * The per-peer header (RFC 7854 section 4.2; O flag RFC 8671 section 4; peer type 3 and its
 * F flag RFC 9069 section 4). Plain data: `flags` is the octet as sent (reserved bits kept),
 * read its bits with the helpers of peer-header.ts.
 */
export interface BmpPeerHeader {
  /** Peer Type: 0 global, 1 RD, 2 local instance (RFC 7854), 3 Loc-RIB instance (RFC 9069). */
  readonly peerType: number;
  /** Peer Flags octet: V 0x80, L 0x40, A 0x20, O 0x10 for types 0-2; F 0x80 for type 3. */
  readonly flags: number;
  /** Peer Distinguisher (8 bytes): zero for a global instance peer, else an RD or local value. */
  readonly distinguisher: Uint8Array;
  /**
   * Peer Address: IPv4 text when the V flag is clear and the 12 leading bytes are zero,
   * otherwise IPv6 text of all 16 bytes (so nothing sent is lost).
   */
  readonly address: string;
  /** Peer AS (a 2-octet AS is zero-padded on the wire). */
  readonly as: number;
  /** Peer BGP ID, dotted quad. */
  readonly bgpId: string;
  /** Timestamp, seconds since the epoch (0: unavailable). */
  readonly seconds: number;
  /** Timestamp, microseconds. */
  readonly microseconds: number;
}

/**
 * A TLV of the Initiation, Termination, Peer Up, Peer Down (reason 6) or Route Mirroring
 * message. String types (RFC 9736 section 2) decode to `text` when the bytes are UTF-8 that
 * re-encodes to the same bytes; 2-octet codes (Termination Reason, Mirroring Information) to
 * `code`; everything else, and any value that does not fit its type's shape, stays `value`.
 */
export type BmpTlv = BmpStringTlv | BmpCodeTlv | BmpRawTlv;

/** A string TLV (RFC 9736 section 2). */
export interface BmpStringTlv {
  readonly type: number;
  readonly text: string;
}

/** A TLV whose value is a 2-octet code (Termination Reason, Route Mirroring Information). */
export interface BmpCodeTlv {
  readonly type: number;
  readonly code: number;
}

/** A TLV kept as bytes (unknown types, the mirrored BGP Message TLV, malformed shapes). */
export interface BmpRawTlv {
  readonly type: number;
  readonly value: Uint8Array;
}

/** One statistic of a Statistics Report (RFC 7854 section 4.8), decoded by its value shape. */
export type BmpStat = BmpCounterStat | BmpGaugeStat | BmpAfiSafiGaugeStat | BmpRawStat;

/** A 32-bit counter (RFC 7854 section 4.8). */
export interface BmpCounterStat {
  readonly type: number;
  readonly counter: number;
}

/** A 64-bit gauge (RFC 7854 section 4.8). */
export interface BmpGaugeStat {
  readonly type: number;
  readonly gauge: bigint;
}

/** AFI (2), SAFI (1) and a 64-bit gauge (RFC 7854 section 4.8, types 9 and 10 and their kin). */
export interface BmpAfiSafiGaugeStat {
  readonly type: number;
  readonly afi: number;
  readonly safi: number;
  readonly gauge: bigint;
}

/** An unknown or experimental stat type, or a known one whose length does not fit its shape. */
export interface BmpRawStat {
  readonly type: number;
  readonly value: Uint8Array;
}

/** Route Monitoring (RFC 7854 section 4.6): a per-peer header and a BGP UPDATE PDU. */
export interface BmpRouteMonitoring {
  readonly type: 'route-monitoring';
  readonly peer: BmpPeerHeader;
  /** The BGP PDU, header included (decode it with the monitored peer's context: context.ts). */
  readonly pdu: Uint8Array;
}

/** Statistics Report (RFC 7854 section 4.8). */
export interface BmpStatisticsReport {
  readonly type: 'statistics-report';
  readonly peer: BmpPeerHeader;
  readonly stats: readonly BmpStat[];
}

/** Peer Down Notification (RFC 7854 section 4.9; reason 6 RFC 9069 section 5.3). */
export interface BmpPeerDown {
  readonly type: 'peer-down';
  readonly peer: BmpPeerHeader;
  /** Reason: 1-3 local/remote closed with NOTIFICATION or FSM event, 4 remote no data, 5 de-configured, 6 TLVs follow. */
  readonly reason: number;
  /** Reasons 1 and 3: the BGP NOTIFICATION PDU, header included. */
  readonly notification?: Uint8Array;
  /** Reason 2: the FSM Event code (RFC 4271 section 8.1), 0 when none applies. */
  readonly fsmEvent?: number;
  /** Reason 6: the Peer Down information TLVs (VRF/Table Name, type 3). */
  readonly information?: readonly BmpTlv[];
  /** Any other data (unknown reasons, or data a reason does not define), as sent. */
  readonly data?: Uint8Array;
}

/** Peer Up Notification (RFC 7854 section 4.10; TLVs RFC 9736 section 3.3). */
export interface BmpPeerUp {
  readonly type: 'peer-up';
  readonly peer: BmpPeerHeader;
  /** Local Address, formatted by the V flag as the peer address is. */
  readonly localAddress: string;
  readonly localPort: number;
  readonly remotePort: number;
  /** The OPEN the monitored router sent, header included. */
  readonly sentOpen: Uint8Array;
  /** The OPEN the monitored router received, header included. */
  readonly receivedOpen: Uint8Array;
  /** Peer Up information TLVs (String 0, VRF/Table Name 3, Admin Label 4). */
  readonly information: readonly BmpTlv[];
}

/** Initiation (RFC 7854 section 4.3; TLVs RFC 9736 section 3.1). */
export interface BmpInitiation {
  readonly type: 'initiation';
  /** String 0, sysDescr 1, sysName 2 (kept in order). */
  readonly information: readonly BmpTlv[];
}

/** Termination (RFC 7854 section 4.5). */
export interface BmpTermination {
  readonly type: 'termination';
  /** String 0, Reason 1 (`code`). */
  readonly information: readonly BmpTlv[];
}

/** Route Mirroring (RFC 7854 section 4.7). */
export interface BmpRouteMirroring {
  readonly type: 'route-mirroring';
  readonly peer: BmpPeerHeader;
  /** BGP Message 0 (`value`: the PDU), Information 1 (`code`: 0 errored PDU, 1 messages lost). */
  readonly tlvs: readonly BmpTlv[];
}

/** A message type this library does not know (RFC 7854 section 4.1: "MUST ignore"), kept raw. */
export interface BmpUnknownMessage {
  readonly type: 'unknown';
  /** The Message Type octet. */
  readonly messageType: number;
  /** Everything after the common header. */
  readonly body: Uint8Array;
}

/** A BMP version 3 message (RFC 7854 section 4). */
export type BmpMessage =
  | BmpRouteMonitoring
  | BmpStatisticsReport
  | BmpPeerDown
  | BmpPeerUp
  | BmpInitiation
  | BmpTermination
  | BmpRouteMirroring
  | BmpUnknownMessage;

/** A BMP message that carries a per-peer header. */
export type BmpPeerMessage = Extract<BmpMessage, { readonly peer: BmpPeerHeader }>;
