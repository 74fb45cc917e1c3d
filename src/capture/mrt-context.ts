import { u16 } from '../wire/bytes.ts';
import type { Family } from '../context/family.ts';
import { type SessionContext, sessionContext } from '../context/session-context.ts';
import { checkBoolean, checkBytes } from '../wire/args.ts';

// The SessionContext each MRT record's BGP bytes decode with. MRT keeps no OPENs for
// RIB dumps and cannot be trusted to have them in update dumps, so the rules come from
// the record types themselves:
//
// - BGP4MP MESSAGE_AS4 (and _LOCAL, _ADDPATH variants): as4 true. RFC 6396 4.4.3: "the
//   AS_PATH ... and AGGREGATOR attributes ... are encoded as 4-byte AS numbers".
// - BGP4MP MESSAGE: as4 false. The session was 2-octet: AS_PATH holds 2-octet ASNs and a
//   decoder rebuilds the path from AS4_PATH (RFC 6793 4.2.3).
// - The _ADDPATH subtypes (RFC 8050 3): ADD-PATH for every family of the message: IPv4
//   unicast (the NLRI and Withdrawn Routes fields) plus each AFI/SAFI found in its
//   MP_REACH_NLRI and MP_UNREACH_NLRI.
// - Messages longer than 4096 octets can only come from an RFC 8654 session: extendedMessage
//   is set for them so that the length is not an error.
// - peerType is `internal` when peer and local AS are equal, else `external`.
// - TABLE_DUMP_V2 RIB entries: as4 true always (RFC 6396 4.3.4: "AS_PATH attributes MUST be
//   encoded as 4-byte AS numbers"), no ADD-PATH inside the attributes (RFC 8050 puts the
//   path id in the entry). peerType `internal`: the entry stores what the collector kept,
//   so the RFC 7606 rules that discard LOCAL_PREF, ORIGINATOR_ID and CLUSTER_LIST received
//   from an external peer (7.5, 7.9, 7.10) must not apply.
// - TABLE_DUMP (v1), BGP4MP_ENTRY and legacy type 5: as4 false (they predate RFC 6793;
//   RFC 6396 4.2 limits TABLE_DUMP to 2-octet AS numbers).

const IPV4_UNICAST: Family = { afi: 1, safi: 1 };

/** The context of RIB entry attributes (RFC 6396 4.3.4): 4-octet AS, no ADD-PATH, internal. */
export const RIB_CONTEXT: SessionContext = Object.freeze(sessionContext({ as4: true, peerType: 'internal', extendedMessage: true }));

/** The context of TABLE_DUMP, BGP4MP_ENTRY and legacy type 5 records: 2-octet AS (RFC 6396 4.2). */
export const LEGACY_CONTEXT: SessionContext = Object.freeze(sessionContext({ as4: false, peerType: 'internal', extendedMessage: true }));

/**
 * The context of a BGP4MP message (RFC 6396 4.4, RFC 8050 3), by the rules above.
 * @example bgp4mpContext(true, false, 64500, 64501, message).as4 // true
 */
export function bgp4mpContext(isAs4: boolean, isAddPath: boolean, peerAs: number, localAs: number, message: Uint8Array): SessionContext {
  checkBoolean(isAs4, 'bgp4mpContext', 'isAs4');
  checkBoolean(isAddPath, 'bgp4mpContext', 'isAddPath');
  checkBytes(message, 'bgp4mpContext', 'message');
  return sessionContext({
    as4: isAs4,
    addPath: isAddPath ? updateFamilies(message) : [],
    extendedMessage: isExtended(message),
    peerType: peerAs === localAs ? 'internal' : 'external',
  });
}

/** Whether the message's header declares more than 4096 octets (an RFC 8654 extended message). */
function isExtended(message: Uint8Array): boolean {
  return message.length >= 18 && u16(message, 16) > 4096;
}

/**
 * The families whose NLRI an UPDATE carries: IPv4 unicast plus the AFI/SAFI of each
 * MP_REACH_NLRI/MP_UNREACH_NLRI (RFC 4760). Reads only attribute headers; stops quietly
 * at anything out of range (the decoder will report it).
 */
export function updateFamilies(message: Uint8Array): Family[] {
  checkBytes(message, 'updateFamilies', 'message');
  const out: Family[] = [IPV4_UNICAST];
  const b = message;
  if (b.length < 23 || b[18] !== 2) return out;
  const withdrawn = ((b[19] as number) << 8) | (b[20] as number);
  let p = 21 + withdrawn;
  if (p + 2 > b.length) return out;
  const end = Math.min(b.length, p + 2 + (((b[p] as number) << 8) | (b[p + 1] as number)));
  p += 2;
  while (p + 3 <= end) {
    const flags = b[p] as number;
    const code = b[p + 1] as number;
    const hdr = flags & 0x10 ? 4 : 3;
    if (p + hdr > end) break;
    const len = hdr === 4 ? ((b[p + 2] as number) << 8) | (b[p + 3] as number) : (b[p + 2] as number);
    const v = p + hdr;
    if ((code === 14 || code === 15) && len >= 3 && v + 3 <= end) {
      const afi = ((b[v] as number) << 8) | (b[v + 1] as number);
      const safi = b[v + 2] as number;
      if (!out.some((f) => f.afi === afi && f.safi === safi)) out.push({ afi, safi });
    }
    p = v + len;
  }
  return out;
}

// Performance: the contexts of messages without ADD-PATH take one of 8 values (as4, extended
// message, internal), built once and frozen instead of once per record.
const SHARED: (SessionContext | undefined)[] = new Array<SessionContext | undefined>(8).fill(undefined);

/**
 * {@link bgp4mpContext} for the reader: the same values, but one shared frozen object per
 * combination where ADD-PATH is off (the reader has checked its arguments).
 */
export function messageContext(isAs4: boolean, isAddPath: boolean, peerAs: number, localAs: number, message: Uint8Array): SessionContext {
  if (isAddPath) return bgp4mpContext(isAs4, isAddPath, peerAs, localAs, message);
  const i = (isAs4 ? 4 : 0) | (isExtended(message) ? 2 : 0) | (peerAs === localAs ? 1 : 0);
  const hit = SHARED[i];
  if (hit !== undefined) return hit;
  const ctx = bgp4mpContext(isAs4, false, peerAs, localAs, message);
  Object.freeze(ctx.addPath);
  Object.freeze(ctx.families);
  Object.freeze(ctx.extendedNextHop);
  SHARED[i] = Object.freeze(ctx);
  return ctx;
}
