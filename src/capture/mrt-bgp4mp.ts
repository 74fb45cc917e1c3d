import { formatIPv4, formatIPv6 } from '../wire/ip.ts';
import type { Reader } from '../wire/reader.ts';
import { ipv4TextAt, ipv6TextAt } from './mrt-address.ts';
import { LEGACY_CONTEXT, messageContext } from './mrt-context.ts';
import type { MrtRecord, MrtRecordBase, MrtTableDumpRecord } from './mrt-types.ts';

/** Reads an address of `afi` (1: 4 octets, 2: 16 octets). @throws BgpError for any other AFI. */
export function readAddress(r: Reader, afi: number, what: string): string {
  // Performance: read in place (no view per address) through the address text caches.
  if (afi === 1) {
    r.skip(4, what);
    return ipv4TextAt(r.bytes, r.pos - 4);
  }
  if (afi === 2) {
    r.skip(16, what);
    return ipv6TextAt(r.bytes, r.pos - 16);
  }
  return r.fail(`${what}: unknown address family ${afi}`);
}

/** Reads a prefix of `lengthBits` bits (ceil(len/8) octets) as masked text. */
export function readPrefix(r: Reader, afi: number, what: string): string {
  const bits = r.u8(`${what} length`);
  const size = afi === 2 ? 16 : 4;
  if (afi !== 1 && afi !== 2) r.fail(`${what}: unknown address family ${afi}`);
  if (bits > size * 8) r.fail(`${what}: length ${bits} too long`);
  const bytes = r.view((bits + 7) >> 3, what);
  return prefixText(bytes, bits, size);
}

/** Text of a prefix from its significant octets, host bits masked. */
export function prefixText(bytes: Uint8Array, bits: number, size: 4 | 16): string {
  const addr = new Uint8Array(size);
  addr.set(bytes.subarray(0, size));
  const rem = bits & 7;
  const last = bits >> 3;
  if (rem !== 0) addr[last] = (addr[last] as number) & (0xff << (8 - rem));
  for (let i = (bits + 7) >> 3; i < size; i++) addr[i] = 0;
  return `${size === 4 ? formatIPv4(addr, 0) : formatIPv6(addr, 0)}/${bits}`;
}

// RFC 6396 4.4.1 / 4.4.2 (AS numbers 2 octets; 4 octets in the _AS4 subtypes, 4.4.3-4.4.5):
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Peer AS Number        |        Local AS Number        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |        Interface Index        |        Address Family         |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                Peer IP Address (variable)                     |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                Local IP Address (variable)                    |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  Old State (STATE_CHANGE)     |  New State (STATE_CHANGE)     |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                BGP Message (MESSAGE, variable)
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

// The subtypes of each kind as bit masks (bit n: subtype n), tested only for subtypes below 16.
const AS4_SUBTYPES = (1 << 4) | (1 << 5) | (1 << 7) | (1 << 9) | (1 << 11);
const LOCAL_SUBTYPES = (1 << 6) | (1 << 7) | (1 << 10) | (1 << 11);
const MESSAGE_SUBTYPES = (1 << 1) | (1 << 4) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11);

function isIn(mask: number, subtype: number): boolean {
  return subtype < 16 && ((mask >> subtype) & 1) === 1;
}

/**
 * Parses the body of a BGP4MP or BGP4MP_ET record (RFC 6396 4.4, RFC 8050 3) in `r`.
 * @throws BgpError when the body does not parse (the reader turns it into an `invalid` record).
 */
export function parseBgp4mp(base: MrtRecordBase, r: Reader): MrtRecord {
  const st = base.subtype;
  if (st === 2) return parseBgp4mpEntry(base, r);
  if (st !== 0 && st !== 5 && !isIn(MESSAGE_SUBTYPES, st)) return { offset: base.offset, timestamp: base.timestamp, microseconds: base.microseconds, mrtType: base.mrtType, subtype: base.subtype, length: base.length, type: 'unknown', body: r.view(r.remaining) };
  const isAs4 = isIn(AS4_SUBTYPES, st);
  if (st === 0 && r.remaining === 8) {
    // Zebra 0.9x wrote 8-octet STATE_CHANGE records (no interface, AFI or addresses); bgpdump reads them so.
    const peerAs = r.u16('peer AS');
    const localAs = r.u16('local AS');
    const oldState = r.u16('old state');
    const newState = r.u16('new state');
    return { offset: base.offset, timestamp: base.timestamp, microseconds: base.microseconds, mrtType: base.mrtType, subtype: base.subtype, length: base.length, type: 'state-change', peerAs, localAs, afi: 1, peerAddress: '0.0.0.0', oldState, newState, isAs4 };
  }
  const peerAs = isAs4 ? r.u32('peer AS') : r.u16('peer AS');
  const localAs = isAs4 ? r.u32('local AS') : r.u16('local AS');
  const interfaceIndex = r.u16('interface index');
  const afi = r.u16('address family');
  const peerAddress = readAddress(r, afi, 'peer address');
  const localAddress = readAddress(r, afi, 'local address');
  if (st === 0 || st === 5) {
    const oldState = r.u16('old state');
    const newState = r.u16('new state');
    return { offset: base.offset, timestamp: base.timestamp, microseconds: base.microseconds, mrtType: base.mrtType, subtype: base.subtype, length: base.length, type: 'state-change', peerAs, localAs, interfaceIndex, afi, peerAddress, localAddress, oldState, newState, isAs4 };
  }
  const message = r.view(r.remaining);
  if (message.length < 19) r.fail(`bgp message: ${message.length} octets, shorter than a header`);
  const isAddPath = st >= 8;
  return {
    offset: base.offset, timestamp: base.timestamp, microseconds: base.microseconds, mrtType: base.mrtType, subtype: base.subtype, length: base.length,
    type: 'bgp-message',
    peerAs,
    localAs,
    interfaceIndex,
    afi,
    peerAddress,
    localAddress,
    isAs4,
    isLocal: isIn(LOCAL_SUBTYPES, st),
    isAddPath,
    message,
    context: messageContext(isAs4, isAddPath, peerAs, localAs, message),
  };
}

// BGP4MP_ENTRY (subtype 2, draft-ietf-grow-mrt before RFC 6396 deprecated it; OpenBGPD
// writes it): Peer AS, Local AS, Interface Index, AFI (2 octets each), Peer IP, Local IP,
// View (2), Status (2), Time last change (4), prefix AFI (2), SAFI (1), Next-Hop Length (1),
// Next Hop, Prefix Length (1), Prefix, Attribute Length (2), Attributes.
function parseBgp4mpEntry(base: MrtRecordBase, r: Reader): MrtTableDumpRecord {
  const peerAs = r.u16('peer AS');
  const localAs = r.u16('local AS');
  r.u16('interface index');
  const afi = r.u16('address family');
  const peerAddress = readAddress(r, afi, 'peer address');
  const localAddress = readAddress(r, afi, 'local address');
  const viewNumber = r.u16('view');
  const status = r.u16('status');
  const originatedTime = r.u32('time last change');
  const prefixAfi = r.u16('prefix AFI');
  const safi = r.u8('SAFI');
  const nhLen = r.u8('next hop length');
  const nh = r.view(nhLen, 'next hop');
  const nextHop = nhLen === 4 ? formatIPv4(nh, 0) : nhLen === 16 || nhLen === 32 ? formatIPv6(nh, 0) : Array.from(nh, (x) => x.toString(16).padStart(2, '0')).join('');
  const prefix = readPrefix(r, prefixAfi, 'prefix');
  const attrLen = r.u16('attribute length');
  const attributes = r.view(attrLen, 'attributes');
  return {
    offset: base.offset, timestamp: base.timestamp, microseconds: base.microseconds, mrtType: base.mrtType, subtype: base.subtype, length: base.length,
    type: 'bgp4mp-entry',
    viewNumber,
    sequence: 0,
    afi: prefixAfi,
    safi,
    prefix,
    status,
    originatedTime,
    peerAddress,
    peerAs,
    localAddress,
    localAs,
    nextHop,
    attributes,
    context: LEGACY_CONTEXT,
  };
}
