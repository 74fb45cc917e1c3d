import type { IssueAction } from '../../src/attributes/types.ts';
import { type SessionContext, sessionContext } from '../../src/context/session-context.ts';

// The conformance table of RFC 4271 section 6, RFC 7313 section 5 and RFC 7606 sections 3, 4,
// 5 and 7 (plus the attribute RFCs they defer to): one hand-made message per condition, the
// RFC sentence, and what bgpwire must answer. Shared by conformance.test.ts (which checks every
// row) and fuzz.test.ts (which must reach every (code, subcode, action) triple).

/** Hex with `// comments` and whitespace removed. */
export function hx(text: string): string {
  return text.replace(/\/\/[^\n]*/g, '').replace(/\s+/g, '').toLowerCase();
}

/** A whole message: marker, computed length, type, then the commented body hex. */
export function msg(type: number, body: string): string {
  const b = hx(body);
  return `${'ff'.repeat(16)}${(19 + b.length / 2).toString(16).padStart(4, '0')}${type.toString(16).padStart(2, '0')}${b}`;
}

export const ctx4: SessionContext = sessionContext({ asn4: true, peerType: 'external' });
export const ctx2: SessionContext = sessionContext({ asn4: false, peerType: 'external' });
export const ctxInternal: SessionContext = sessionContext({ asn4: true, peerType: 'internal' });
export const ctxConfed: SessionContext = sessionContext({ asn4: true, peerType: 'confed-external' });
export const ctxErr: SessionContext = sessionContext({ asn4: true, enhancedRouteRefresh: true });
export const ctxExt: SessionContext = sessionContext({ asn4: true, extendedMessage: true });
export const ctxLabels2: SessionContext = sessionContext({ as4: true, peerType: 'external', multipleLabels: [{ afi: 1, safi: 4, count: 2 }] });
export const ctxLabels: SessionContext = sessionContext({ as4: true, peerType: 'external', multipleLabels: [{ afi: 1, safi: 4, count: 8 }] });

// Attribute pieces for a 4-octet session: 4 + 9 + 7 = 20 (0x14) octets.
export const ORIGIN = '40 01 01 00'; //             flags 0x40 (well-known transitive), type 1, length 1, IGP
export const AS_PATH = '40 02 06 02 01 0000fde9'; // type 2, length 6: AS_SEQUENCE of 1 ASN, 65001
export const NEXT_HOP = '40 03 04 c0000201'; //      type 3, length 4: 192.0.2.1
export const BASE = `${ORIGIN} ${AS_PATH} ${NEXT_HOP}`;
// On a 2-octet session AS_PATH is 7 octets, so BASE2 is 18 (0x12).
export const AS_PATH2 = '40 02 04 02 01 fde9';
export const BASE2 = `${ORIGIN} ${AS_PATH2} ${NEXT_HOP}`;
export const NLRI = '18 c63364'; // 198.51.100.0/24

/** What a row expects. `session-reset` in a triple stands for a thrown BgpError. */
export type Expect =
  | { readonly kind: 'ok' }
  | { readonly kind: 'issue'; readonly action: IssueAction; readonly code: number; readonly subcode: number; readonly data: string; readonly messageAction?: IssueAction }
  | { readonly kind: 'throw'; readonly code: number; readonly subcode: number; readonly data?: string };

export interface ConformanceCase {
  readonly id: string;
  /** Where the rule is: `RFC 4271 6.3`, `RFC 7606 7.2` … */
  readonly rfc: string;
  /** The RFC's sentence (abridged with …). */
  readonly quote: string;
  /** The message as hex (with comments in the source). */
  readonly hex: string;
  readonly ctx?: SessionContext;
  readonly strict?: boolean;
  /** Strict decoding accepts it too (an error RFC 4760 says to ignore). */
  readonly strictAccepts?: boolean;
  readonly expect: Expect;
}

const ok = { kind: 'ok' } as const;
const reset = (code: number, subcode: number, data = ''): Expect => ({ kind: 'throw', code, subcode, data: hx(data) });
const twa = (subcode: number, data = '', messageAction?: IssueAction): Expect => ({ kind: 'issue', action: 'treat-as-withdraw', code: 3, subcode, data: hx(data), ...(messageAction ? { messageAction } : {}) });
const discard = (subcode: number, data = ''): Expect => ({ kind: 'issue', action: 'attribute-discard', code: 3, subcode, data: hx(data) });
const disable = (subcode: number, data = ''): Expect => ({ kind: 'issue', action: 'afisafi-disable', code: 3, subcode, data: hx(data) });

const Q = {
  marker: 'If the Marker field of the message header is not as expected, then a synchronization error has occurred and the Error Subcode MUST be set to Connection Not Synchronized.',
  length:
    'If the Length field of the message header is less than 19 or greater than 4096, or if the Length field of an OPEN message is less than the minimum length of the OPEN message, … or if the Length field of a KEEPALIVE message is not equal to 19, … then the Error Subcode MUST be set to Bad Message Length. The Data field MUST contain the erroneous Length field.',
  extended: 'RFC 8654 6: Section 6.1 of [RFC4271] specifies raising an error if the length of a message is over 4,096 octets. For all messages except for OPEN and KEEPALIVE messages, if the receiver has advertised the BGP Extended Message Capability, this document raises that limit to 65,535.',
  type: 'If the Type field of the message header is not recognized, then the Error Subcode MUST be set to Bad Message Type. The Data field MUST contain the erroneous Type field.',
  version: 'If the version number in the Version field of the received OPEN message is not supported, then the Error Subcode MUST be set to Unsupported Version Number. The Data field is a 2-octet unsigned integer, which indicates the largest, locally-supported version number less than the version the remote BGP peer bid …',
  hold: 'If the Hold Time field of the OPEN message is unacceptable, then the Error Subcode MUST be set to Unacceptable Hold Time. An implementation MUST reject Hold Time values of one or two seconds.',
  bgpId: 'RFC 6286 2.2: If the BGP Identifier field of the OPEN message is zero, … then the Error Subcode is set to "Bad BGP Identifier".',
  optMalformed: 'If one of the Optional Parameters in the OPEN message is recognized, but is malformed, then the Error Subcode MUST be set to 0 (Unspecific).',
  listLength: 'If the Withdrawn Routes Length or Total Attribute Length is too large (i.e., if Withdrawn Routes Length + Total Attribute Length + 23 exceeds the message Length), then the Error Subcode MUST be set to Malformed Attribute List.',
  unrecognized: 'If any of the well-known mandatory attributes are not recognized, then the Error Subcode MUST be set to Unrecognized Well-known Attribute. The Data field MUST contain the unrecognized attribute (type, length, and value).',
  missing: 'RFC 7606 3 d: If any of the well-known mandatory attributes are not present in an UPDATE message, then "treat-as-withdraw" MUST be used. (RFC 4271: The Data field MUST contain the Attribute Type Code of the missing, well-known attribute.)',
  flags: 'RFC 7606 3 c: If the value of either the Optional or Transitive bits in the Attribute Flags is in conflict with their specified values, then the attribute MUST be treated as malformed and the "treat-as-withdraw" approach used, unless the specification for the attribute mandates different handling for incorrect Attribute Flags.',
  origin: 'RFC 7606 7.1: The attribute is considered malformed if its length is not 1 or if it has an undefined value. … "treat-as-withdraw". (RFC 4271: Invalid Origin Attribute, the Data field MUST contain the unrecognized attribute.)',
  asPath: 'RFC 7606 7.2: An AS_PATH is considered malformed if an unrecognized segment type is encountered or if it contains a malformed segment. … "treat-as-withdraw".',
  nextHop: 'RFC 7606 7.3: The attribute is considered malformed if its length is not 4. … "treat-as-withdraw".',
  nextHopHost: 'RFC 4271 6.3: If the NEXT_HOP attribute field is syntactically incorrect, then the Error Subcode MUST be set to Invalid NEXT_HOP Attribute. … Syntactic correctness means that the NEXT_HOP attribute represents a valid IP host address. (RFC 7606 3 e: treat-as-withdraw.)',
  mpNextHopIgnored: 'RFC 4760 3: An UPDATE message that carries no NLRI, other than the one encoded in the MP_REACH_NLRI attribute, SHOULD NOT carry the NEXT_HOP attribute. If such a message contains the NEXT_HOP attribute, the BGP speaker that receives the message SHOULD ignore this attribute.',
  med: 'RFC 7606 7.4: The attribute is considered malformed if its length is not 4. … "treat-as-withdraw".',
  localPref: 'RFC 7606 7.5: if the LOCAL_PREF attribute is received from an external neighbor, it SHALL be discarded using the approach of "attribute discard"; or if received from an internal neighbor, it SHALL be considered malformed if its length is not equal to 4.',
  atomic: 'RFC 7606 7.6: The attribute SHALL be considered malformed if its length is not 0. … "attribute discard".',
  aggregator: 'RFC 7606 7.7: Its length is not 8 (when the 4-octet AS number capability is both advertised to and received from the peer). … "attribute discard".',
  community: 'RFC 7606 7.8: The Community attribute SHALL be considered malformed if its length is not a non-zero multiple of 4. … "treat-as-withdraw".',
  originator: 'RFC 7606 7.9: if the ORIGINATOR_ID attribute is received from an external neighbor, it SHALL be discarded …; if received from an internal neighbor, it SHALL be considered malformed if its length is not equal to 4 … "treat-as-withdraw".',
  cluster: 'RFC 7606 7.10: if received from an internal neighbor, it SHALL be considered malformed if its length is not a non-zero multiple of 4. … "treat-as-withdraw".',
  mpNextHop: 'RFC 7606 7.11: If the Length of Next Hop Network Address field of the MP_REACH attribute is inconsistent with that which was expected, the attribute is considered malformed. … the "session reset" or "AFI/SAFI disable" approach MUST be used.',
  mpShort: 'RFC 7606 5.3: … the length of the MP_UNREACH_NLRI attribute is less than 3, or the length of the MP_REACH_NLRI attribute is less than 5. (3 j: if the AFI/SAFI cannot be parsed, "session reset".)',
  mpNlri: 'RFC 7606 5.3: The length of any of the included NLRI is inconsistent with the given AFI/SAFI (for example, … an IPv6 NLRI has a length greater than 128).',
  mplsNlri: 'RFC 7606 5.3: The length of any of the included NLRI is inconsistent with the given AFI/SAFI … (3 j: if the MP_REACH_NLRI … attribute cannot be parsed, "AFI/SAFI disable" or "session reset".)',
  labelsOne: 'RFC 8277 2.2: As long as the Multiple Labels Capability is not sent and received by both BGP speakers on a given BGP session, this document REQUIRES that only one label be specified in the NLRI.',
  rtcLength: 'RFC 4684 4: Except for the default route target, which is encoded as a zero-length prefix, the minimum prefix length is 32 bits.',
  labelCount: 'RFC 8277 2.1: If a BGP speaker receives an UPDATE that binds more labels to a given prefix than the number of labels the BGP speaker is prepared to receive (as announced in its Multiple Labels Capability), the BGP speaker MUST apply the "treat-as-withdraw" strategy of [RFC7606] to that UPDATE.',
  compatibility: 'RFC 8277 2.4: This encoding is used whether or not the Multiple Labels Capability has been sent or received on the session. … it is REQUIRED that it be ignored upon reception.',
  mpFlags: 'RFC 7606 5.3: The attribute flags of the attribute are inconsistent with those specified in [RFC4760].',
  duplicateMp: 'RFC 7606 3 g: If the MP_REACH_NLRI attribute or the MP_UNREACH_NLRI attribute appears more than once in the UPDATE message, then a NOTIFICATION message MUST be sent with the Error Subcode "Malformed Attribute List".',
  duplicate: 'RFC 7606 3 g: If any other attribute (whether recognized or unrecognized) appears more than once in an UPDATE message, then all the occurrences of the attribute other than the first one SHALL be discarded.',
  overrun: 'RFC 7606 4: the length of the last encountered path attribute would cause the Total Attribute Length to be exceeded … the "treat-as-withdraw" approach MUST be used … and the Total Attribute Length MUST be relied upon to enable the beginning of the NLRI field to be located.',
  short: 'RFC 7606 4: fewer than three octets remain (or fewer than four octets, if the Attribute Flags field has the Extended Length bit set) when beginning to parse the attribute.',
  zero: 'RFC 7606 4: For all path attributes other than those specified as having an attribute length that may be zero, it SHALL be considered a syntax error for the attribute to have a length of zero. … only AS_PATH and ATOMIC_AGGREGATE may validly have an attribute length of zero.',
  nlri: 'RFC 7606 5.3: The NLRI field or Withdrawn Routes field SHALL be considered "syntactically incorrect" if … The length of any of the included NLRI is greater than 32 … the length of the last NLRI found exceeds the amount of unconsumed data remaining in the field. (RFC 4271: Invalid Network Field; 3 j: session reset.)',
  missingNlri: 'RFC 7606 5.2: if any path attribute errors are encountered in such an UPDATE message and if any encountered error specifies an error-handling approach other than "attribute discard", then the "session reset" approach MUST be used.',
  strongest: 'RFC 7606 3 h: When multiple attribute errors exist in an UPDATE message, … the approach with the strongest action MUST be used.',
  as4: 'RFC 6793 6: … if the AS4_PATH attribute or the AS4_AGGREGATOR attribute is found to be malformed, … the attribute MUST be discarded and the UPDATE message continues to be processed.',
  mpOnly: 'RFC 4760 3: An UPDATE message that carries the MP_REACH_NLRI MUST also carry the ORIGIN and the AS_PATH attributes … an UPDATE message that carries no NLRI, other than the one encoded in the MP_REACH_NLRI attribute, SHOULD NOT carry the NEXT_HOP attribute.',
  eor: 'RFC 4724 2: An UPDATE message with no reachable NLRI and empty withdrawn NLRI is specified as the End-of-RIB marker … (RFC 7606 5.2: an UPDATE that contains only a MP_UNREACH_NLRI attribute that encodes no NLRI.)',
  extComm: 'RFC 7606 7.14: The Extended Community attribute SHALL be considered malformed if its length is not a non-zero multiple of 8. … "treat-as-withdraw".',
  v6ExtComm: 'RFC 7606 7.15: … malformed if its length is not a non-zero multiple of 20. … "treat-as-withdraw".',
  large: 'RFC 8092 6: The error handling of BGP Large Communities is as follows: … length … not a non-zero multiple of 12 … "treat-as-withdraw".',
  aigp: 'RFC 7311 3.2: … if the AIGP attribute is malformed … the attribute MUST be discarded (attribute discard, RFC 7606 section 7 lists AIGP as already consistent).',
  otc: 'RFC 9234 5: The OTC Attribute is considered malformed if the length value is not 4. An UPDATE message with a malformed OTC Attribute SHALL be handled using the approach of "treat-as-withdraw".',
  unknownOptional: 'RFC 4271 5: If a path with an unrecognized transitive optional attribute is accepted and passed to other BGP peers, then the unrecognized transitive optional attribute of that path MUST be passed …',
  confedLocalPref: 'RFC 5065 5.2: … LOCAL_PREF attribute … MAY be included in UPDATE messages sent to BGP peers in other Member-ASs (so it is not discarded from a confederation-external peer).',
  strict: 'RFC 4271 6.3: All errors detected while processing the UPDATE message MUST be indicated by sending the NOTIFICATION message with the Error Code UPDATE Message Error (strict mode: a classic speaker).',
  rrLength: 'RFC 7313 5: If the length, excluding the fixed-size message header, of the received ROUTE-REFRESH message with Message Subtype 1 and 2 is not 4, then the BGP speaker MUST send a NOTIFICATION message with the Error Code of "ROUTE-REFRESH Message Error" and the subcode of "Invalid Message Length". The Data field of the NOTIFICATION message MUST contain the complete ROUTE-REFRESH message.',
  rrOrf: 'RFC 5291 4: the ROUTE-REFRESH message … carries ORF entries after the AFI/SAFI (a plain request may be longer than 4 octets).',
  rrSubtype: 'RFC 7313 5: When the BGP speaker receives a ROUTE-REFRESH message with a "Message Subtype" field other than 0, 1, or 2, it MUST ignore the received ROUTE-REFRESH message.',
} as const;

const FF = 'ff'.repeat(16);
const OPEN_BODY = (version: string, hold: string, id: string, params = '00'): string => [version, 'fde9 // my AS 65001', hold, id, params].join('\n');

/** Every row of the conformance table. */
export const CASES: readonly ConformanceCase[] = [
  // RFC 4271 section 6.1: message header errors.
  { id: 'header/marker', rfc: 'RFC 4271 6.1', quote: Q.marker, hex: hx(`fe ${'ff'.repeat(15)} // marker with one bit clear
    0013 04                                               // length 19, KEEPALIVE`), expect: reset(1, 1) },
  { id: 'header/length-18', rfc: 'RFC 4271 6.1', quote: Q.length, hex: hx(`${FF} 0012 04 // length 18 < 19`), expect: reset(1, 2, '0012') },
  { id: 'header/length-4097', rfc: 'RFC 4271 6.1, RFC 8654 6', quote: Q.length, hex: hx(`${FF} 1001 02 // UPDATE of 4097 octets without extended messages`), ctx: ctx4, expect: reset(1, 2, '1001') },
  { id: 'header/open-4097-extended', rfc: 'RFC 8654 6', quote: Q.extended, ctx: ctxExt, hex: hx(`${FF} 1001 01 // OPEN of 4097 octets: OPEN stays within 4096 even with extended messages`), expect: reset(1, 2, '1001') },
  { id: 'header/update-4097-extended', rfc: 'RFC 8654 6', quote: Q.extended, ctx: ctxExt, hex: msg(2, `0000 0014 ${BASE}
      ${'00'.repeat(4054)} // 4054 prefixes 0.0.0.0/0: an UPDATE of 4097 octets`), expect: ok },
  { id: 'header/open-short', rfc: 'RFC 4271 6.1', quote: Q.length, hex: hx(`${FF} 001c 01 // OPEN of 28 octets
    04 fde9 00b4 c0000201                                  // version, AS, hold time, id: no optional parameters length`), expect: reset(1, 2, '001c') },
  { id: 'header/update-short', rfc: 'RFC 4271 6.1', quote: Q.length, hex: hx(`${FF} 0016 02 // UPDATE of 22 octets
    0000 00                                                // withdrawn length 0, one octet of the attribute length`), ctx: ctx4, expect: reset(1, 2, '0016') },
  { id: 'header/keepalive-20', rfc: 'RFC 4271 6.1', quote: Q.length, hex: hx(`${FF} 0014 04 00 // KEEPALIVE of 20 octets`), expect: reset(1, 2, '0014') },
  { id: 'header/notification-short', rfc: 'RFC 4271 6.1', quote: Q.length, hex: hx(`${FF} 0014 03 06 // NOTIFICATION of 20 octets: code only`), expect: reset(1, 2, '0014') },
  { id: 'header/route-refresh-short', rfc: 'RFC 4271 6.1, RFC 2918 3', quote: Q.length, hex: hx(`${FF} 0016 05 0001 00 // ROUTE-REFRESH of 22 octets`), expect: reset(1, 2, '0016') },
  { id: 'header/type-6', rfc: 'RFC 4271 6.1', quote: Q.type, hex: hx(`${FF} 0013 06 // type 6 is not assigned`), expect: reset(1, 3, '06') },
  { id: 'header/type-0', rfc: 'RFC 4271 6.1', quote: Q.type, hex: hx(`${FF} 0013 00 // type 0 is reserved`), expect: reset(1, 3, '00') },

  // RFC 4271 section 6.2: OPEN message errors (the ones needing no configuration; validateOpen covers the rest).
  { id: 'open/version-3', rfc: 'RFC 4271 6.2', quote: Q.version, strict: true, hex: msg(1, OPEN_BODY('03 // version 3', '00b4', 'c0000201')), expect: reset(2, 1, '0004') },
  { id: 'open/version-5', rfc: 'RFC 4271 6.2', quote: Q.version, strict: true, hex: msg(1, OPEN_BODY('05 // version 5', '00b4', 'c0000201')), expect: reset(2, 1, '0004') },
  { id: 'open/hold-1', rfc: 'RFC 4271 6.2', quote: Q.hold, strict: true, hex: msg(1, OPEN_BODY('04', '0001 // hold time 1', 'c0000201')), expect: reset(2, 6) },
  { id: 'open/hold-2', rfc: 'RFC 4271 6.2', quote: Q.hold, strict: true, hex: msg(1, OPEN_BODY('04', '0002 // hold time 2', 'c0000201')), expect: reset(2, 6) },
  { id: 'open/bgp-id-zero', rfc: 'RFC 4271 6.2, RFC 6286 2.2', quote: Q.bgpId, strict: true, hex: msg(1, OPEN_BODY('04', '00b4', '00000000 // BGP identifier 0.0.0.0')), expect: reset(2, 3) },
  { id: 'open/capability-overrun', rfc: 'RFC 4271 6.2, RFC 5492 4', quote: Q.optMalformed, hex: msg(1, OPEN_BODY('04', '00b4', 'c0000201', `04 // optional parameters length 4
      02 02       // parameter 2 (Capabilities), length 2
      41 04       // capability 65 claims 4 octets: overruns the parameter`)), expect: reset(2, 0) },
  { id: 'open/parameter-overrun', rfc: 'RFC 4271 6.2', quote: Q.optMalformed, hex: msg(1, OPEN_BODY('04', '00b4', 'c0000201', `02 // optional parameters length 2
      02 05       // parameter 2 claims 5 octets, 0 left`)), expect: reset(2, 0) },
  { id: 'open/trailing', rfc: 'RFC 4271 6.2', quote: Q.optMalformed, hex: msg(1, OPEN_BODY('04', '00b4', 'c0000201', `00 // no optional parameters
      ab          // one octet beyond them`)), expect: reset(2, 0) },

  // RFC 7313 section 5 (and RFC 2918 / RFC 5291 for what is not an error).
  { id: 'rr/borr-5', rfc: 'RFC 7313 5', quote: Q.rrLength, ctx: ctxErr, hex: msg(5, `0001 // AFI 1
      01 01     // subtype 1 (BoRR), SAFI 1
      00        // one octet too many`), expect: reset(7, 1, msg(5, '0001 01 01 00')) },
  { id: 'rr/eorr-6', rfc: 'RFC 7313 5', quote: Q.rrLength, ctx: ctxErr, hex: msg(5, `0002 02 01 // AFI 2, subtype 2 (EoRR), SAFI 1
      0000      // two octets too many`), expect: reset(7, 1, msg(5, '0002 02 01 0000')) },
  { id: 'rr/borr-5-without-err', rfc: 'RFC 7313 5', quote: Q.rrLength, ctx: ctx4, hex: msg(5, '0001 01 01 00 // BoRR + 1 octet, enhanced route refresh not negotiated'), expect: ok },
  { id: 'rr/request-orf', rfc: 'RFC 5291 4', quote: Q.rrOrf, ctx: ctxErr, hex: msg(5, `0001 00 01 // AFI 1, subtype 0 (request), SAFI 1
      01        // when-to-refresh IMMEDIATE
      40 0001   // ORF type 64 (address prefix), 1 octet of entries
      80        // action REMOVE-ALL`), expect: ok },
  { id: 'rr/subtype-255', rfc: 'RFC 7313 5', quote: Q.rrSubtype, ctx: ctxErr, hex: msg(5, '0001 ff 01 // subtype 255: decoded, for the caller to ignore'), expect: ok },

  // RFC 4271 section 6.3 and RFC 7606 section 3: UPDATE message errors.
  { id: 'update/withdrawn-length', rfc: 'RFC 4271 6.3, RFC 7606 3 b', quote: Q.listLength, ctx: ctx4, hex: msg(2, `0007 // withdrawn routes length 7
      18 c63364 // 4 octets of withdrawn routes
      0000      // total path attribute length 0: 7 + 0 + 23 > 29`), expect: reset(3, 1) },
  { id: 'update/attribute-length', rfc: 'RFC 4271 6.3, RFC 7606 3 b', quote: Q.listLength, ctx: ctx4, hex: msg(2, `0000 // no withdrawn routes
      0015      // total path attribute length 21, but 20 octets follow
      ${BASE}`), expect: reset(3, 1) },
  { id: 'update/unrecognized-well-known', rfc: 'RFC 4271 6.3', quote: Q.unrecognized, ctx: ctx4, hex: msg(2, `0000 0018 // total path attribute length 24
      ${BASE}
      40 63 01 00 // flags 0x40 (well-known), type 99: not recognized
      ${NLRI}`), expect: reset(3, 2, '40630100') },
  { id: 'update/missing-origin', rfc: 'RFC 7606 3 d', quote: Q.missing, ctx: ctx4, hex: msg(2, `0000 0010 // attributes: 16 octets
      ${AS_PATH} ${NEXT_HOP} // no ORIGIN
      ${NLRI}`), expect: twa(3, '01') },
  { id: 'update/missing-as-path', rfc: 'RFC 7606 3 d', quote: Q.missing, ctx: ctx4, hex: msg(2, `0000 000b // attributes: 11 octets
      ${ORIGIN} ${NEXT_HOP} // no AS_PATH
      ${NLRI}`), expect: twa(3, '02') },
  { id: 'update/missing-next-hop', rfc: 'RFC 7606 3 d, RFC 4760 3', quote: Q.missing, ctx: ctx4, hex: msg(2, `0000 000d // attributes: 13 octets
      ${ORIGIN} ${AS_PATH} // no NEXT_HOP, but IPv4 NLRI in the NLRI field
      ${NLRI}`), expect: twa(3, '03') },
  { id: 'update/mp-reach-without-next-hop', rfc: 'RFC 4760 3', quote: Q.mpOnly, ctx: ctx4, hex: msg(2, `0000 002a // attributes: 42 octets
      80 0e 1a        // MP_REACH_NLRI, length 26
      0002 01 10      // AFI 2, SAFI 1, next hop length 16
      20010db8000000000000000000000001 // 2001:db8::1
      00              // reserved
      20 20010db8     // 2001:db8::/32
      ${ORIGIN} ${AS_PATH} // no NEXT_HOP, no NLRI field`), expect: ok },
  { id: 'update/end-of-rib-ipv4', rfc: 'RFC 4724 2', quote: Q.eor, ctx: ctx4, hex: msg(2, '0000 0000 // no withdrawn routes, no attributes, no NLRI'), expect: ok },
  { id: 'update/end-of-rib-mp', rfc: 'RFC 4724 2', quote: Q.eor, ctx: ctx4, hex: msg(2, `0000 0006
      80 0f 03 0002 01 // MP_UNREACH_NLRI, IPv6 unicast, nothing withdrawn`), expect: ok },
  { id: 'update/flags-origin', rfc: 'RFC 7606 3 c', quote: Q.flags, ctx: ctx4, hex: msg(2, `0000 0014
      c0 01 01 00 // ORIGIN marked optional
      ${AS_PATH} ${NEXT_HOP} ${NLRI}`), expect: twa(4, 'c0010100') },
  { id: 'update/flags-aggregator', rfc: 'RFC 7606 3 c, 3 f', quote: Q.flags, ctx: ctx4, hex: msg(2, `0000 001f
      ${BASE}
      80 07 08 0000fde9 c0000201 // AGGREGATOR marked non-transitive
      ${NLRI}`), expect: discard(4, '80070800 00fde9c0000201') },
  { id: 'update/flags-as4-path', rfc: 'RFC 7606 3 c, RFC 6793 6', quote: Q.as4, ctx: ctx2, hex: msg(2, `0000 001b
      ${BASE2}
      80 11 06 02 01 0000fde9 // AS4_PATH marked non-transitive
      ${NLRI}`), expect: discard(4, '80110602010000fde9') },
  { id: 'update/origin-length', rfc: 'RFC 7606 7.1', quote: Q.origin, ctx: ctx4, hex: msg(2, `0000 0015
      40 01 02 00 00 // ORIGIN of length 2
      ${AS_PATH} ${NEXT_HOP} ${NLRI}`), expect: twa(5, '4001020000') },
  { id: 'update/origin-value', rfc: 'RFC 7606 7.1, RFC 4271 6.3', quote: Q.origin, ctx: ctx4, hex: msg(2, `0000 0014
      40 01 01 03 // ORIGIN 3: undefined
      ${AS_PATH} ${NEXT_HOP} ${NLRI}`), expect: twa(6, '40010103') },
  { id: 'update/as-path-zero-segment', rfc: 'RFC 7606 7.2', quote: Q.asPath, ctx: ctx4, hex: msg(2, `0000 0010
      ${ORIGIN}
      40 02 02 02 00 // AS_SEQUENCE with Path Segment Length 0
      ${NEXT_HOP} ${NLRI}`), expect: twa(11) },
  { id: 'update/as-path-segment-type', rfc: 'RFC 7606 7.2', quote: Q.asPath, ctx: ctx4, hex: msg(2, `0000 0014
      ${ORIGIN}
      40 02 06 05 01 0000fde9 // segment type 5: unrecognized
      ${NEXT_HOP} ${NLRI}`), expect: twa(11) },
  { id: 'update/as-path-overrun', rfc: 'RFC 7606 7.2', quote: Q.asPath, ctx: ctx4, hex: msg(2, `0000 0014
      ${ORIGIN}
      40 02 06 02 02 0000fde9 // 2 ASNs announced, 1 present
      ${NEXT_HOP} ${NLRI}`), expect: twa(11) },
  { id: 'update/as-path-underrun', rfc: 'RFC 7606 7.2', quote: Q.asPath, ctx: ctx4, hex: msg(2, `0000 0015
      ${ORIGIN}
      40 02 07 02 01 0000fde9 02 // a single octet after the last segment
      ${NEXT_HOP} ${NLRI}`), expect: twa(11) },
  { id: 'update/next-hop-length', rfc: 'RFC 7606 7.3', quote: Q.nextHop, ctx: ctx4, hex: msg(2, `0000 0015
      ${ORIGIN} ${AS_PATH}
      40 03 05 c000020100 // NEXT_HOP of length 5
      ${NLRI}`), expect: twa(5, '400305c000020100') },
  { id: 'update/next-hop-zero-length', rfc: 'RFC 7606 4', quote: Q.zero, ctx: ctx4, hex: msg(2, `0000 0010
      ${ORIGIN} ${AS_PATH}
      40 03 00 // NEXT_HOP of length 0
      ${NLRI}`), expect: twa(5, '400300') },
  { id: 'update/next-hop-zero', rfc: 'RFC 4271 6.3, RFC 7606 3 e', quote: Q.nextHopHost, ctx: ctx4, hex: msg(2, `0000 0014
      ${ORIGIN} ${AS_PATH}
      40 03 04 00000000 // NEXT_HOP 0.0.0.0
      ${NLRI}`), expect: twa(8, '40030400000000') },
  { id: 'update/next-hop-multicast', rfc: 'RFC 4271 6.3, RFC 7606 3 e', quote: Q.nextHopHost, ctx: ctx4, hex: msg(2, `0000 0014
      ${ORIGIN} ${AS_PATH}
      40 03 04 e0000001 // NEXT_HOP 224.0.0.1
      ${NLRI}`), expect: twa(8, '400304e0000001') },
  { id: 'update/next-hop-zero-mp-only', rfc: 'RFC 4760 3, RFC 7606 5.2', quote: Q.mpNextHopIgnored, ctx: ctx4, hex: msg(2, `0000 0031
      80 0e 1a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8 // MP_REACH_NLRI, IPv6 unicast
      ${ORIGIN} ${AS_PATH}
      40 03 04 00000000 // NEXT_HOP 0.0.0.0 beside it, no NLRI field: ignored, no error`), expect: ok },
  { id: 'update/next-hop-length-mp-only', rfc: 'RFC 4760 3, RFC 7606 5.2', quote: Q.mpNextHopIgnored, ctx: ctx4, hex: msg(2, `0000 002f
      80 0e 1a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8 // MP_REACH_NLRI, IPv6 unicast
      ${ORIGIN} ${AS_PATH}
      40 03 02 0000 // NEXT_HOP of length 2 beside it, no NLRI field: discarded, not a withdrawal or a reset`), expect: discard(5, '4003020000') },
  { id: 'update/med-length', rfc: 'RFC 7606 7.4', quote: Q.med, ctx: ctx4, hex: msg(2, `0000 001a
      ${BASE}
      80 04 03 000064 // MULTI_EXIT_DISC of length 3
      ${NLRI}`), expect: twa(5, '800403000064') },
  { id: 'update/local-pref-external', rfc: 'RFC 7606 7.5', quote: Q.localPref, ctx: ctx4, hex: msg(2, `0000 001b
      ${BASE}
      40 05 04 00000064 // LOCAL_PREF 100 from an external peer
      ${NLRI}`), expect: discard(0) },
  { id: 'update/local-pref-confed', rfc: 'RFC 5065 5.2, RFC 7606 7.5', quote: Q.confedLocalPref, ctx: ctxConfed, hex: msg(2, `0000 001b
      ${BASE}
      40 05 04 00000064 // LOCAL_PREF 100 from a confederation-external peer: kept
      ${NLRI}`), expect: ok },
  { id: 'update/local-pref-internal-length', rfc: 'RFC 7606 7.5', quote: Q.localPref, ctx: ctxInternal, hex: msg(2, `0000 0019
      ${BASE}
      40 05 02 0064 // LOCAL_PREF of length 2 from an internal peer
      ${NLRI}`), expect: twa(5, '4005020064') },
  { id: 'update/local-pref-external-length', rfc: 'RFC 7606 7.5', quote: Q.localPref, ctx: ctx4, hex: msg(2, `0000 0019
      ${BASE}
      40 05 02 0064 // LOCAL_PREF of length 2 from an external peer: discarded all the same
      ${NLRI}`), expect: discard(5, '4005020064') },
  { id: 'update/atomic-aggregate-length', rfc: 'RFC 7606 7.6, 3 f', quote: Q.atomic, ctx: ctx4, hex: msg(2, `0000 0018
      ${BASE}
      40 06 01 00 // ATOMIC_AGGREGATE of length 1
      ${NLRI}`), expect: discard(5, '40060100') },
  { id: 'update/aggregator-length', rfc: 'RFC 7606 7.7, 3 f', quote: Q.aggregator, ctx: ctx4, hex: msg(2, `0000 001d
      ${BASE}
      c0 07 06 fde9 c0000201 // AGGREGATOR of length 6 on a 4-octet session
      ${NLRI}`), expect: discard(5, 'c00706fde9c0000201') },
  { id: 'update/communities-length', rfc: 'RFC 7606 7.8', quote: Q.community, ctx: ctx4, hex: msg(2, `0000 001c
      ${BASE}
      c0 08 05 fde90064 00 // COMMUNITIES of length 5
      ${NLRI}`), expect: twa(5, 'c00805fde9006400') },
  { id: 'update/communities-zero', rfc: 'RFC 7606 4, 7.8', quote: Q.zero, ctx: ctx4, hex: msg(2, `0000 0017
      ${BASE}
      c0 08 00 // COMMUNITIES of length 0
      ${NLRI}`), expect: twa(5, 'c00800') },
  { id: 'update/originator-id-internal-length', rfc: 'RFC 7606 7.9', quote: Q.originator, ctx: ctxInternal, hex: msg(2, `0000 001a
      ${BASE}
      80 09 03 c00002 // ORIGINATOR_ID of length 3 from an internal peer
      ${NLRI}`), expect: twa(5, '800903c00002') },
  { id: 'update/originator-id-external', rfc: 'RFC 7606 7.9', quote: Q.originator, ctx: ctx4, hex: msg(2, `0000 001b
      ${BASE}
      80 09 04 c0000202 // ORIGINATOR_ID from an external peer
      ${NLRI}`), expect: discard(0) },
  { id: 'update/cluster-list-internal-length', rfc: 'RFC 7606 7.10', quote: Q.cluster, ctx: ctxInternal, hex: msg(2, `0000 001d
      ${BASE}
      80 0a 06 c0000201 0000 // CLUSTER_LIST of length 6 from an internal peer
      ${NLRI}`), expect: twa(5, '800a06c00002010000') },
  { id: 'update/mp-reach-next-hop-length', rfc: 'RFC 7606 7.11', quote: Q.mpNextHop, ctx: ctx4, hex: msg(2, `0000 0025
      80 0e 0e        // MP_REACH_NLRI, length 14
      0002 01 04      // AFI 2, SAFI 1, next hop length 4: not expected for IPv6
      c0000201 00     // 192.0.2.1, reserved
      20 20010db8     // 2001:db8::/32
      ${BASE} ${NLRI}`), expect: disable(9, '800e0e00020104c00002010020 20010db8') },
  { id: 'update/mp-reach-next-hop-length-no-nlri', rfc: 'RFC 7606 7.11, 5.2', quote: Q.missingNlri, ctx: ctx4, hex: msg(2, `0000 001e
      80 0e 0e 0002 01 04 c0000201 00 20 20010db8 // the same MP_REACH_NLRI
      ${ORIGIN} ${AS_PATH} // and no NLRI field`), expect: reset(3, 9, '800e0e00020104c0000201002020010db8') },
  { id: 'update/mp-reach-short', rfc: 'RFC 7606 5.3, 3 j', quote: Q.mpShort, ctx: ctx4, hex: msg(2, `0000 0019
      80 0e 02 0002 // MP_REACH_NLRI of length 2: no SAFI
      ${BASE} ${NLRI}`), expect: reset(3, 9, '800e020002') },
  { id: 'update/mp-unreach-short', rfc: 'RFC 7606 5.3, 3 j', quote: Q.mpShort, ctx: ctx4, hex: msg(2, `0000 0005
      80 0f 02 0002 // MP_UNREACH_NLRI of length 2`), expect: reset(3, 9, '800f020002') },
  { id: 'update/mp-unreach-prefix-length', rfc: 'RFC 7606 5.3', quote: Q.mpNlri, ctx: ctx4, hex: msg(2, `0000 0008
      80 0f 05 0002 01 // MP_UNREACH_NLRI, IPv6 unicast
      81 20            // a prefix of length 129`), expect: disable(9, '800f050002018120') },
  { id: 'update/mp-reach-flags', rfc: 'RFC 7606 5.3', quote: Q.mpFlags, ctx: ctx4, hex: msg(2, `0000 0031
      c0 0e 1a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8 // MP_REACH_NLRI marked transitive
      ${BASE} ${NLRI}`), expect: disable(4, 'c00e1a00020110 20010db8000000000000000000000001 00 20 20010db8') },
  { id: 'update/duplicate-mp-unreach', rfc: 'RFC 7606 3 g', quote: Q.duplicateMp, ctx: ctx4, hex: msg(2, `0000 000c
      80 0f 03 0002 01 // MP_UNREACH_NLRI
      80 0f 03 0002 01 // and again`), expect: reset(3, 1) },
  { id: 'update/duplicate-origin', rfc: 'RFC 7606 3 g', quote: Q.duplicate, ctx: ctx4, hex: msg(2, `0000 0018
      ${BASE}
      40 01 01 02 // a second ORIGIN: discarded
      ${NLRI}`), expect: discard(1) },
  { id: 'update/attribute-overrun', rfc: 'RFC 7606 4', quote: Q.overrun, ctx: ctx4, hex: msg(2, `0000 0014
      ${ORIGIN} ${AS_PATH}
      40 03 08 c0000201 // NEXT_HOP claims 8 octets, 4 left in the attributes
      ${NLRI}`), expect: twa(1) },
  { id: 'update/attribute-header-short', rfc: 'RFC 7606 4', quote: Q.short, ctx: ctx4, hex: msg(2, `0000 0016
      ${BASE}
      40 01 // two octets: too few for an attribute header
      ${NLRI}`), expect: twa(1) },
  { id: 'update/nlri-length-33', rfc: 'RFC 7606 5.3, RFC 4271 6.3', quote: Q.nlri, ctx: ctx4, hex: msg(2, `0000 0014 ${BASE}
      21 c633640001 // prefix length 33`), expect: reset(3, 10) },
  { id: 'update/nlri-overrun', rfc: 'RFC 7606 5.3', quote: Q.nlri, ctx: ctx4, hex: msg(2, `0000 0014 ${BASE}
      18 c633 // a /24 with two octets`), expect: reset(3, 10) },
  { id: 'update/withdrawn-length-33', rfc: 'RFC 7606 3 i, 5.3', quote: Q.nlri, ctx: ctx4, hex: msg(2, `0006
      21 c633640001 // withdrawn prefix length 33
      0000`), expect: reset(3, 10) },
  { id: 'update/missing-nlri', rfc: 'RFC 7606 5.2', quote: Q.missingNlri, ctx: ctx4, hex: msg(2, `0004 18 c63364 // a withdrawn route
      0006
      80 04 03 000064 // malformed MULTI_EXIT_DISC, no NLRI: session reset`), expect: reset(3, 5, '800403000064') },
  { id: 'update/missing-nlri-discard', rfc: 'RFC 7606 5.2', quote: Q.missingNlri, ctx: ctx4, hex: msg(2, `0000 0004
      40 06 01 00 // malformed ATOMIC_AGGREGATE (attribute discard), no NLRI: no reset`), expect: discard(5, '40060100') },
  { id: 'update/strongest', rfc: 'RFC 7606 3 h', quote: Q.strongest, ctx: ctx4, hex: msg(2, `0000 001e
      ${BASE}
      80 04 03 000064 // malformed MULTI_EXIT_DISC: treat-as-withdraw
      40 06 01 00     // malformed ATOMIC_AGGREGATE: attribute discard
      ${NLRI}`), expect: { ...(discard(5, '40060100') as object), messageAction: 'treat-as-withdraw' } as Expect },
  { id: 'update/as4-path-malformed', rfc: 'RFC 6793 6', quote: Q.as4, ctx: ctx2, hex: msg(2, `0000 0017
      ${BASE2}
      c0 11 02 02 00 // AS4_PATH with a zero-length segment
      ${NLRI}`), expect: discard(11) },
  { id: 'update/as4-path-malformed-no-nlri', rfc: 'RFC 6793 6, RFC 7606 5.2', quote: Q.as4, ctx: ctx2, hex: msg(2, `0000 0010
      ${ORIGIN} ${AS_PATH2}
      c0 11 02 02 00 // malformed AS4_PATH (discard): no reset although there is no NLRI`), expect: discard(11) },
  { id: 'update/as4-path-zero', rfc: 'RFC 7606 4, RFC 6793 6', quote: Q.zero, ctx: ctx2, hex: msg(2, `0000 0015
      ${BASE2}
      c0 11 00 // AS4_PATH of length 0
      ${NLRI}`), expect: discard(5, 'c01100') },
  { id: 'update/as4-aggregator-length', rfc: 'RFC 6793 6', quote: Q.as4, ctx: ctx2, hex: msg(2, `0000 001b
      ${BASE2}
      c0 12 06 fde9 c0000201 // AS4_AGGREGATOR of length 6
      ${NLRI}`), expect: discard(5, 'c01206fde9c0000201') },
  { id: 'update/extended-communities-length', rfc: 'RFC 7606 7.14', quote: Q.extComm, ctx: ctx4, hex: msg(2, `0000 001e
      ${BASE}
      c0 10 07 0002fde90000 00 // EXTENDED_COMMUNITIES of length 7
      ${NLRI}`), expect: twa(5, 'c010070002fde9000000') },
  { id: 'update/ipv6-extended-communities-length', rfc: 'RFC 7606 7.15', quote: Q.v6ExtComm, ctx: ctx4, hex: msg(2, `0000 002a
      ${BASE}
      c0 19 13 0002 20010db8000000000000000000000001 00 // IPv6 extended communities of length 19
      ${NLRI}`), expect: twa(5, 'c019130002 20010db8000000000000000000000001 00') },
  { id: 'update/large-community-length', rfc: 'RFC 8092 6', quote: Q.large, ctx: ctx4, hex: msg(2, `0000 0022
      ${BASE}
      c0 20 0b 0000fde9 00000001 000000 // LARGE_COMMUNITY of length 11
      ${NLRI}`), expect: twa(5, 'c0200b0000fde900000001000000') },
  { id: 'update/aigp-tlv', rfc: 'RFC 7311 3.2', quote: Q.aigp, ctx: ctx4, hex: msg(2, `0000 0022
      ${BASE}
      80 1a 0b 01 000a 0000000000000001 // AIGP TLV of length 10 (must be 11)
      ${NLRI}`), expect: discard(5, '801a0b01000a0000000000000001') },
  { id: 'update/otc-length', rfc: 'RFC 9234 5', quote: Q.otc, ctx: ctx4, hex: msg(2, `0000 001a
      ${BASE}
      c0 23 03 00fde9 // OTC of length 3
      ${NLRI}`), expect: twa(5, 'c0230300fde9') },
  { id: 'update/unknown-optional', rfc: 'RFC 4271 5', quote: Q.unknownOptional, ctx: ctx4, hex: msg(2, `0000 0019
      ${BASE}
      c0 63 02 abcd // unrecognized optional transitive attribute 99: kept as is
      ${NLRI}`), expect: ok },
  { id: 'update/strict-med', rfc: 'RFC 4271 6.3', quote: Q.strict, ctx: ctx4, strict: true, hex: msg(2, `0000 001a
      ${BASE}
      80 04 03 000064 // malformed MULTI_EXIT_DISC, strict: the classic session reset
      ${NLRI}`), expect: reset(3, 5, '800403000064') },
  { id: 'update/vpn-nlri-short-for-rd', rfc: 'RFC 7606 5.3; RFC 4364 4.3.4', quote: Q.mplsNlri, ctx: ctx4, hex: msg(2, `0000 0030
      80 0e 19 0001 80 0c 0000000000000000 c0000201 00 34 000011 00000064 // VPN-IPv4 NLRI of length 52: 28 bits left for the 64-bit RD
      ${BASE} ${NLRI}`), expect: disable(9, '800e190001800c0000000000000000c0000201003400001100000064') },
  { id: 'update/labeled-no-bottom-of-stack', rfc: 'RFC 7606 5.3; RFC 8277 2.3', quote: Q.mplsNlri, ctx: ctxLabels, hex: msg(2, `0000 0027
      80 0e 10 0001 04 04 c0000201 00 30 000100 000100 // two label entries with S=0 under Multiple Labels: no bottom of stack
      ${BASE} ${NLRI}`), expect: disable(9, '800e1000010404c00002010030000100000100') },
  { id: 'update/labeled-two-labels-without-capability', rfc: 'RFC 7606 5.3; RFC 8277 2.2', quote: Q.labelsOne, ctx: ctx4, hex: msg(2, `0000 002a
      80 0e 13 0001 04 04 c0000201 00 48 dbc430 dbc421 010300 // two labels without the capability: one label, then a 48-bit IPv4 prefix
      ${BASE} ${NLRI}`), expect: disable(9, '800e1300010404c00002010048dbc430dbc421010300') },
  { id: 'update/vpn-next-hop-length', rfc: 'RFC 7606 7.11; RFC 4364 4.3.2', quote: Q.mpNextHop, ctx: ctx4, hex: msg(2, `0000 002f
      80 0e 18 0001 80 04 c0000201 00 70 000011 0000006400000001 0a0000 // VPN-IPv4 with a next hop of 4 octets, not 12 (RD + IPv4)
      ${BASE} ${NLRI}`), expect: disable(9, '800e1800018004c0000201007000001100000064000000010a0000') },
  { id: 'update/rtc-prefix-length', rfc: 'RFC 7606 5.3; RFC 4684 4', quote: Q.rtcLength, ctx: ctx4, hex: msg(2, `0000 0023
      80 0e 0c 0001 84 04 c0000201 00 10 0000 // RT-Constraint prefix of length 16
      ${BASE} ${NLRI}`), expect: disable(9, '800e0c00018404c000020100100000') },
  { id: 'update/labeled-withdrawal-compatibility', rfc: 'RFC 8277 2.4', quote: Q.compatibility, ctx: ctxLabels, hex: msg(2, `0000 000e
      80 0f 0b 0001 04 38 800000 1e010101 // MP_UNREACH_NLRI 1/4: Compatibility 0x800000 (S=0), never scanned for the bottom of stack`), expect: ok },
  { id: 'update/labeled-over-count', rfc: 'RFC 8277 2.1', quote: Q.labelCount, ctx: ctxLabels2, hex: msg(2, `0000 002b
      80 0e 14 0001 04 04 c0000201 00 50 000100 000110 000121 0a // three labels, the receiver's Count is 2
      ${BASE} ${NLRI}`), expect: twa(9, '800e1400010404c000020100500001000001100001210a') },
];

/** The (code, subcode, action) triple of an expectation, or undefined for `ok`. */
export function tripleOf(e: Expect): string | undefined {
  if (e.kind === 'ok') return undefined;
  return `${e.code}/${e.subcode}/${e.kind === 'throw' ? 'session-reset' : e.action}`;
}
