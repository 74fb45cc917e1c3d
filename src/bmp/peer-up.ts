import { checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { BmpPeerBodyCodec } from './codec.ts';
import { readBmpAddress, writeBmpAddress } from './address.ts';
import { PEER_HEADER_LENGTH, bmpPeerFlags, peerHeader } from './peer-header.ts';
import { readPdu } from './pdu.ts';
import { PEER_UP_TLVS, tlvList } from './tlv.ts';
import type { BmpPeerHeader, BmpPeerUp } from './types.ts';

/**
 * Peer Up Notification body (RFC 7854 section 4.10), after the per-peer header:
 * ```
 * |                 Local Address (16 bytes)                      |
 * |         Local Port            |        Remote Port            |
 * |                    Sent OPEN Message                          |
 * |                  Received OPEN Message                        |
 * |                 Information (variable)                        |
 * ```
 * Each OPEN's length is its own BGP header's; the information TLVs are RFC 9736 section 3.3's.
 */
export const peerUp: BmpPeerBodyCodec<BmpPeerUp> = Object.freeze({
  byteLength(v: BmpPeerUp): number {
    return PEER_HEADER_LENGTH + 20 + v.sentOpen.length + v.receivedOpen.length + tlvList.byteLength(v.information);
  },
  write(v: BmpPeerUp, w: Writer): void {
    peerHeader.write(v.peer, w);
    writeBmpAddress(w, v.localAddress, 'peer-up.localAddress');
    w.u16(checkUint('peer-up.localPort', v.localPort, 0xffff));
    w.u16(checkUint('peer-up.remotePort', v.remotePort, 0xffff));
    if (!(v.sentOpen instanceof Uint8Array) || !(v.receivedOpen instanceof Uint8Array)) throw new TypeError('peer-up: sentOpen and receivedOpen must be bytes');
    w.raw(v.sentOpen);
    w.raw(v.receivedOpen);
    tlvList.write(v.information, w, PEER_UP_TLVS);
  },
  read(r: Reader, peer: BmpPeerHeader): BmpPeerUp {
    // RFC 7854 section 4.10: the local address is 4 or 16 bytes "as determined by the V flag".
    const localAddress = readBmpAddress(r, bmpPeerFlags(peer).isIpv6, 'local address');
    const localPort = r.u16('local port');
    const remotePort = r.u16('remote port');
    const sentOpen = readPdu(r, 'sent OPEN');
    const receivedOpen = readPdu(r, 'received OPEN');
    const information = tlvList.read(r, PEER_UP_TLVS);
    return { type: 'peer-up', peer, localAddress, localPort, remotePort, sentOpen, receivedOpen, information };
  },
});
