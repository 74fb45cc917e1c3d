import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { BmpPeerBodyCodec } from './codec.ts';
import { PEER_HEADER_LENGTH, peerHeader } from './peer-header.ts';
import { MIRRORING_TLVS, tlvList } from './tlv.ts';
import type { BmpPeerHeader, BmpRouteMirroring } from './types.ts';

/**
 * Route Mirroring body (RFC 7854 section 4.7): TLVs after the per-peer header, BGP Message 0
 * (a BGP PDU, kept as bytes: "MUST occur last") and Information 1 (0 errored PDU, 1 messages lost).
 */
export const routeMirroring: BmpPeerBodyCodec<BmpRouteMirroring> = Object.freeze({
  byteLength(v: BmpRouteMirroring): number {
    return PEER_HEADER_LENGTH + tlvList.byteLength(v.tlvs);
  },
  write(v: BmpRouteMirroring, w: Writer): void {
    peerHeader.write(v.peer, w);
    tlvList.write(v.tlvs, w, MIRRORING_TLVS);
  },
  read(r: Reader, peer: BmpPeerHeader): BmpRouteMirroring {
    return { type: 'route-mirroring', peer, tlvs: tlvList.read(r, MIRRORING_TLVS) };
  },
});
