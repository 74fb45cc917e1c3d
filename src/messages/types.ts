import type { Capability } from '../capabilities/types.ts';
import type { UpdateMessage } from '../attributes/types.ts';

/**
 * OPEN (RFC 4271 section 4.2, RFC 5492, RFC 9072).
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *      +-+-+-+-+-+-+-+-+
 *      |    Version    |
 *      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *      |     My Autonomous System      |
 *      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *      |           Hold Time           |
 *      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *      |                         BGP Identifier                        |
 *      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *      | Opt Parm Len  |
 *      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *      |             Optional Parameters (variable)                    |
 *      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
export interface OpenMessage {
  readonly type: 'OPEN';
  /** Always 4 for BGP-4; other values are decoded (strict decoding rejects them with 2/1). */
  readonly version: number;
  /** The 2-octet My Autonomous System field (AS_TRANS 23456 when the real ASN needs 4 octets). */
  readonly myAs: number;
  /** Hold time in seconds. */
  readonly holdTime: number;
  /** BGP Identifier as dotted quad. */
  readonly bgpId: string;
  /** Every capability of every Capabilities optional parameter, in order (RFC 5492 section 4). */
  readonly capabilities: readonly Capability[];
  /** Optional parameters other than Capabilities (type 2), kept raw (e.g. type 1 authentication). */
  readonly parameters?: readonly { readonly code: number; readonly value: Uint8Array }[];
  /** Wire details recorded by the decoder so the message re-encodes byte for byte. */
  readonly wire?: OpenWire;
}

/** How an OPEN's optional parameters were laid out on the wire. */
export interface OpenWire {
  /** RFC 9072: the extended optional parameters length form was used. */
  readonly extendedLength?: boolean;
  /**
   * RFC 9072: the Non-Ext OP Len octet of the extended form when it was not 255 (it "MUST be
   * ignored on receipt"; kept only to re-encode byte for byte).
   */
  readonly nonExtendedLength?: number;
  /**
   * One entry per optional parameter, in wire order: `n >= 0` is a Capabilities parameter
   * holding the next `n` capabilities; `-1` is the next entry of `parameters`.
   */
  readonly layout?: readonly number[];
}

/** KEEPALIVE (RFC 4271 section 4.4): a header only. */
export interface KeepaliveMessage {
  readonly type: 'KEEPALIVE';
}

/**
 * NOTIFICATION (RFC 4271 section 4.5). `code`, `subcode` and `data` are the wire truth; the
 * decoder adds `details` (never needed to encode) where the data has a defined meaning.
 */
export interface NotificationMessage {
  readonly type: 'NOTIFICATION';
  readonly code: number;
  readonly subcode: number;
  readonly data: Uint8Array;
  readonly details?: NotificationDetails;
}

/** What a NOTIFICATION's data means, where an RFC defines it. */
export type NotificationDetails =
  /** RFC 9003: Cease 2/4 shutdown communication; `valid` false when the length or UTF-8 is bad. */
  | { readonly kind: 'shutdown'; readonly communication: string; readonly valid: boolean; readonly reason?: string; readonly trailing?: Uint8Array }
  /** RFC 4486 section 4: Cease 1, maximum number of prefixes reached. */
  | { readonly kind: 'max-prefix'; readonly afi: number; readonly safi: number; readonly limit: number }
  /** RFC 8538 section 3: Cease 9 Hard Reset wrapping the original code/subcode/data. */
  | { readonly kind: 'hard-reset'; readonly code: number; readonly subcode: number; readonly data: Uint8Array; readonly details?: NotificationDetails };

/**
 * ROUTE-REFRESH (RFC 2918 section 3, RFC 7313 section 3.2, RFC 5291 section 4).
 *
 *      0       7      15      23      31
 *      +-------+-------+-------+-------+
 *      |      AFI      |Subtyp.|  SAFI |
 *      +-------+-------+-------+-------+
 */
export interface RouteRefreshMessage {
  readonly type: 'ROUTE-REFRESH';
  readonly afi: number;
  readonly safi: number;
  /** RFC 7313: 0 request, 1 BoRR, 2 EoRR; other values kept. */
  readonly subtype: number;
  /** RFC 5291 ORF entries carried by a request. */
  readonly orf?: RouteRefreshOrf;
  /** Bytes after the AFI/SAFI that are not ORF entries, kept raw. */
  readonly trailing?: Uint8Array;
}

/** RFC 5291 section 4: When-to-refresh plus ORFs of one or more types. */
export interface RouteRefreshOrf {
  /** 1 IMMEDIATE, 2 DEFER. */
  readonly whenToRefresh: number;
  readonly orfs: readonly OrfList[];
}

/** The entries of one ORF type: RFC 5292 address-prefix entries typed, others raw. */
export type OrfList =
  | { readonly orfType: 64; readonly entries: readonly AddressPrefixOrfEntry[] }
  | { readonly orfType: number; readonly raw: Uint8Array };

/** RFC 5292 section 3 / RFC 5291 section 5: one address-prefix ORF entry. */
export interface AddressPrefixOrfEntry {
  /** 0 ADD, 1 REMOVE, 2 REMOVE-ALL. */
  readonly action: number;
  /** 0 PERMIT, 1 DENY. */
  readonly match: number;
  /** Present unless action is REMOVE-ALL. */
  readonly sequence?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly prefix?: string;
}

/** Any BGP message, tagged by `type`. */
export type BgpMessage = OpenMessage | UpdateMessage | NotificationMessage | KeepaliveMessage | RouteRefreshMessage;
