import { formatIPv4 } from '../wire/ip.ts';
import type { Reader } from '../wire/reader.ts';
import { decodeUtf8Lenient } from '../wire/text.ts';
import { readAddress, readPrefix, prefixText } from './mrt-bgp4mp.ts';
import { LEGACY_CONTEXT, RIB_CONTEXT } from './mrt-context.ts';
import type { MrtPeer, MrtPeerIndexTableRecord, MrtRecord, MrtRecordBase, MrtRibEntry, MrtTableDumpRecord } from './mrt-types.ts';

// RFC 6396 4.2, TABLE_DUMP (subtype = AFI of the prefix and the peer):
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         View Number           |       Sequence Number         |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                        Prefix (variable)                      |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   | Prefix Length |    Status     |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                         Originated Time                       |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Peer IP Address (variable)                 |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |           Peer AS             |       Attribute Length        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                   BGP Attribute... (variable)
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/**
 * Parses a TABLE_DUMP record body (RFC 6396 4.2): one route. With `batch` (the opt-in
 * recovery for RIS 2000 dumps), the body holds View and Sequence once and then many routes
 * (Prefix .. Attributes repeated); each comes out as its own record.
 * @throws BgpError when it does not parse.
 */
export function parseTableDump(base: MrtRecordBase, r: Reader, batch = false): MrtRecord[] {
  const afi = base.subtype;
  if (afi !== 1 && afi !== 2) return [{ offset: base.offset, timestamp: base.timestamp, microseconds: base.microseconds, mrtType: base.mrtType, subtype: base.subtype, length: base.length, type: 'unknown', body: r.view(r.remaining) }];
  const viewNumber = r.u16('view');
  const sequence = r.u16('sequence');
  const out: MrtRecord[] = [readRoute(base, r, afi, viewNumber, sequence)];
  while (batch && r.remaining > 0) out.push(readRoute(base, r, afi, viewNumber, sequence));
  return out;
}

function readRoute(base: MrtRecordBase, r: Reader, afi: number, viewNumber: number, sequence: number): MrtTableDumpRecord {
  const size = afi === 1 ? 4 : 16;
  const prefixBytes = r.view(size, 'prefix');
  const bits = r.u8('prefix length');
  if (bits > size * 8) r.fail(`prefix length ${bits} too long`);
  const status = r.u8('status');
  const originatedTime = r.u32('originated time');
  const peerAddress = readAddress(r, afi, 'peer address');
  const peerAs = r.u16('peer AS');
  const attrLen = r.u16('attribute length');
  const attributes = r.view(attrLen, 'attributes');
  return {
    offset: base.offset,
    timestamp: base.timestamp,
    microseconds: base.microseconds,
    mrtType: base.mrtType,
    subtype: base.subtype,
    length: base.length,
    type: 'table-dump',
    viewNumber,
    sequence,
    afi,
    safi: 1,
    prefix: prefixText(prefixBytes, bits, size),
    status,
    originatedTime,
    peerAddress,
    peerAs,
    attributes,
    context: LEGACY_CONTEXT,
  };
}

/**
 * For the opt-in recovery: the real body length of a TABLE_DUMP record whose writer
 * declared a wrong length and batched routes (RIS rrc00 2000: 4 octets short). Walks the
 * routes by their attribute lengths until the declared length is reached. `undefined` when
 * the routes run past the `available` octets (more input needed, or truncated).
 */
export function tableDumpBodyLength(bytes: Uint8Array, start: number, available: number, afi: number, declared: number): number | undefined {
  const size = afi === 2 ? 16 : 4;
  const fixed = size + 1 + 1 + 4 + size + 2 + 2;
  let pos = 4;
  do {
    if (pos + fixed > available) return undefined;
    const at = start + pos + fixed - 2;
    pos += fixed + (((bytes[at] as number) << 8) | (bytes[at + 1] as number));
  } while (pos < declared);
  return pos;
}

// RFC 6396 4.3.1, PEER_INDEX_TABLE:
//   | Collector BGP ID (4) | View Name Length (2) | View Name | Peer Count (2) | Peer Entries
// Peer Entry: Peer Type (1: bit 0 IPv6, bit 1 AS4), Peer BGP ID (4), Peer IP (4/16), Peer AS (2/4).

/**
 * Parses a PEER_INDEX_TABLE body (RFC 6396 4.3.1).
 * @throws BgpError when it does not parse.
 */
export function parsePeerIndexTable(base: MrtRecordBase, r: Reader): MrtPeerIndexTableRecord {
  const collectorBgpId = formatIPv4(r.view(4, 'collector BGP ID'), 0);
  const viewName = decodeUtf8Lenient(r.view(r.u16('view name length'), 'view name'));
  const count = r.u16('peer count');
  // Each peer takes at least 7 octets: check before building the list.
  r.need(count * 7, 'peer entries');
  const peers: MrtPeer[] = [];
  for (let index = 0; index < count; index++) {
    const peerType = r.u8('peer type');
    const bgpId = formatIPv4(r.view(4, 'peer BGP ID'), 0);
    const address = readAddress(r, peerType & 1 ? 2 : 1, 'peer address');
    const as = peerType & 2 ? r.u32('peer AS') : r.u16('peer AS');
    peers.push({ index, peerType, bgpId, address, as });
  }
  return { offset: base.offset, timestamp: base.timestamp, microseconds: base.microseconds, mrtType: base.mrtType, subtype: base.subtype, length: base.length, type: 'peer-index-table', collectorBgpId, viewName, peers };
}

const RIB_FAMILY: Record<number, readonly [number, number, boolean]> = {
  2: [1, 1, false],
  3: [1, 2, false],
  4: [2, 1, false],
  5: [2, 2, false],
  8: [1, 1, true],
  9: [1, 2, true],
  10: [2, 1, true],
  11: [2, 2, true],
};

// RFC 6396 4.3.2 (RIB_IPV4_UNICAST ...) and RFC 8050 4 (_ADDPATH: a Path Identifier after the time):
//   | Sequence Number (4) | Prefix Length (1) | Prefix (variable) | Entry Count (2) | RIB Entries
// RIB Entry (4.3.4): Peer Index (2), Originated Time (4), [Path Identifier (4)], Attribute Length (2), Attributes.

/**
 * Parses a TABLE_DUMP_V2 body (RFC 6396 4.3, RFC 8050 4); `peers` is the last PEER_INDEX_TABLE.
 * @throws BgpError when it does not parse.
 */
export function parseTableDumpV2(base: MrtRecordBase, r: Reader, peers: readonly MrtPeer[] | undefined): MrtRecord {
  const st = base.subtype;
  if (st === 1) return parsePeerIndexTable(base, r);
  if (st === 6 || st === 12) {
    const sequence = r.u32('sequence');
    const afi = r.u16('AFI');
    const safi = r.u8('SAFI');
    return { offset: base.offset, timestamp: base.timestamp, microseconds: base.microseconds, mrtType: base.mrtType, subtype: base.subtype, length: base.length, type: 'rib-generic', sequence, afi, safi, body: r.view(r.remaining) };
  }
  const family = RIB_FAMILY[st];
  if (family === undefined) return { offset: base.offset, timestamp: base.timestamp, microseconds: base.microseconds, mrtType: base.mrtType, subtype: base.subtype, length: base.length, type: 'unknown', body: r.view(r.remaining) };
  const [afi, safi, isAddPath] = family;
  const sequence = r.u32('sequence');
  const prefix = readPrefix(r, afi, 'prefix');
  const count = r.u16('entry count');
  r.need(count * (isAddPath ? 12 : 8), 'rib entries');
  const entries: MrtRibEntry[] = [];
  for (let i = 0; i < count; i++) {
    const peerIndex = r.u16('peer index');
    const originatedTime = r.u32('originated time');
    const pathId = isAddPath ? r.u32('path identifier') : undefined;
    const attributes = r.view(r.u16('attribute length'), 'attributes');
    const peer = peers?.[peerIndex];
    entries.push({
      peerIndex,
      ...(peer === undefined ? {} : { peer }),
      originatedTime,
      ...(pathId === undefined ? {} : { pathId }),
      attributes,
    });
  }
  return { offset: base.offset, timestamp: base.timestamp, microseconds: base.microseconds, mrtType: base.mrtType, subtype: base.subtype, length: base.length, type: 'rib', sequence, afi, safi, prefix, isAddPath, entries, context: RIB_CONTEXT };
}
