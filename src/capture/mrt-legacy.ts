import type { Reader } from '../wire/reader.ts';
import { Slab } from '../wire/slab.ts';
import { ipv4TextAt } from './mrt-address.ts';
import { messageContext } from './mrt-context.ts';
import type { MrtRecord, MrtRecordBase } from './mrt-types.ts';

// The deprecated MRT type 5 (BGP) of the original MRT format, still found in RIPE RIS
// files of 1999-2000 (RFC 6396 appendix B lists the type; its layout is that of
// draft-ietf-grow-mrt-00 section 5.2, and of bgpdump's reader):
//   UPDATE (1), OPEN (5), NOTIFY (6), KEEPALIVE (7):
//     Peer AS (2) | Peer IP (4) | Local AS (2) | Local IP (4) | BGP message without its 19-octet header
//   STATE_CHANGE (3):
//     Peer AS (2) | Peer IP (4) | Old State (2) | New State (2)
// IPv4 only, 2-octet AS numbers.

const MESSAGE_TYPE: Record<number, number> = { 1: 2, 5: 1, 6: 3, 7: 4 };

function readIPv4(r: Reader, what: string): string {
  r.skip(4, what);
  return ipv4TextAt(r.bytes, r.pos - 4);
}

/**
 * Where the reader makes the messages of legacy records (which need a header made up): ranges
 * of shared 64 KiB blocks (a message up to 4 KiB), so no message costs an ArrayBuffer of its
 * own (src/wire/slab.ts). The messages of a reader share blocks, as the records of a chunk do.
 */
export function messageSlab(): Slab {
  return new Slab(1 << 16, 4096);
}

/**
 * Parses a legacy type 5 (BGP) record body. The BGP message comes back with a synthesized
 * header (marker, length, type) so that it decodes like any other.
 * @throws BgpError when it does not parse.
 */
export function parseLegacyBgp(base: MrtRecordBase, r: Reader, slab: Slab = messageSlab()): MrtRecord {
  const st = base.subtype;
  if (st === 3) {
    const peerAs = r.u16('peer AS');
    const peerAddress = readIPv4(r, 'peer address');
    const oldState = r.u16('old state');
    const newState = r.u16('new state');
    return { offset: base.offset, timestamp: base.timestamp, microseconds: base.microseconds, mrtType: base.mrtType, subtype: base.subtype, length: base.length, type: 'state-change', peerAs, afi: 1, peerAddress, oldState, newState, isAs4: false };
  }
  const messageType = MESSAGE_TYPE[st];
  if (messageType === undefined) return { offset: base.offset, timestamp: base.timestamp, microseconds: base.microseconds, mrtType: base.mrtType, subtype: base.subtype, length: base.length, type: 'unknown', body: r.view(r.remaining) };
  const peerAs = r.u16('peer AS');
  const peerAddress = readIPv4(r, 'peer address');
  const localAs = r.u16('local AS');
  const localAddress = readIPv4(r, 'local address');
  const body = r.view(r.remaining);
  if (body.length + 19 > 65535) r.fail(`bgp message body of ${body.length} octets`);
  const message = slab.take(19 + body.length);
  message.fill(0xff, 0, 16);
  message[16] = (19 + body.length) >> 8;
  message[17] = (19 + body.length) & 0xff;
  message[18] = messageType;
  message.set(body, 19);
  return {
    offset: base.offset, timestamp: base.timestamp, microseconds: base.microseconds, mrtType: base.mrtType, subtype: base.subtype, length: base.length,
    type: 'bgp-message',
    peerAs,
    localAs,
    interfaceIndex: 0,
    afi: 1,
    peerAddress,
    localAddress,
    isAs4: false,
    isLocal: false,
    isAddPath: false,
    message,
    isHeaderSynthesized: true,
    context: messageContext(false, false, peerAs, localAs, message),
  };
}
