import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { BmpPeerBodyCodec } from './codec.ts';
import { PEER_HEADER_LENGTH, peerHeader } from './peer-header.ts';
import type { BmpPeerHeader, BmpRouteMonitoring } from './types.ts';

/**
 * Route Monitoring body (RFC 7854 section 4.6): "Following the common BMP header and per-peer
 * header is a BGP Update PDU." The PDU is kept as bytes (everything after the per-peer
 * header); decode it with the monitored peer's context (context.ts).
 */
export const routeMonitoring: BmpPeerBodyCodec<BmpRouteMonitoring> = Object.freeze({
  byteLength(v: BmpRouteMonitoring): number {
    return PEER_HEADER_LENGTH + v.pdu.length;
  },
  write(v: BmpRouteMonitoring, w: Writer): void {
    peerHeader.write(v.peer, w);
    if (!(v.pdu instanceof Uint8Array)) throw new TypeError('route-monitoring.pdu: expected bytes');
    w.raw(v.pdu);
  },
  read(r: Reader, peer: BmpPeerHeader): BmpRouteMonitoring {
    return { type: 'route-monitoring', peer, pdu: r.rest() };
  },
});
