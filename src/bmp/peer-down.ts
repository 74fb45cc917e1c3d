import { BgpError, checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { BmpPeerBodyCodec } from './codec.ts';
import { BmpPeerDownReason } from './iana.ts';
import { PEER_HEADER_LENGTH, peerHeader } from './peer-header.ts';
import { PEER_DOWN_TLVS, tlvList } from './tlv.ts';
import type { BmpPeerDown, BmpPeerHeader } from './types.ts';

function bodyLength(v: BmpPeerDown): number {
  let n = 0;
  if (v.notification !== undefined) n += v.notification.length;
  if (v.fsmEvent !== undefined) n += 2;
  if (v.information !== undefined) n += tlvList.byteLength(v.information);
  if (v.data !== undefined) n += v.data.length;
  return n;
}

/**
 * Peer Down Notification body (RFC 7854 section 4.9), after the per-peer header:
 * ```
 * |    Reason     |
 * |            Data (present if Reason = 1, 2 or 3)               |
 * ```
 * Reasons 1 and 3 carry a NOTIFICATION PDU, 2 an FSM event code, 6 TLVs (RFC 9069 section
 * 5.3); whatever else follows the reason is kept as `data`.
 */
export const peerDown: BmpPeerBodyCodec<BmpPeerDown> = Object.freeze({
  byteLength(v: BmpPeerDown): number {
    return PEER_HEADER_LENGTH + 1 + bodyLength(v);
  },
  write(v: BmpPeerDown, w: Writer): void {
    peerHeader.write(v.peer, w);
    w.u8(checkUint('peer-down.reason', v.reason, 255));
    if (v.notification !== undefined) w.raw(v.notification);
    if (v.fsmEvent !== undefined) w.u16(checkUint('peer-down.fsmEvent', v.fsmEvent, 0xffff));
    if (v.information !== undefined) tlvList.write(v.information, w, PEER_DOWN_TLVS);
    if (v.data !== undefined) w.raw(v.data);
  },
  read(r: Reader, peer: BmpPeerHeader): BmpPeerDown {
    const reason = r.u8('reason');
    const left = r.end - r.pos;
    if (left === 0) return { type: 'peer-down', peer, reason };
    switch (reason) {
      case BmpPeerDownReason.LocalNotification:
      case BmpPeerDownReason.RemoteNotification:
        // The NOTIFICATION fills the rest of the message (RFC 7854 section 4.9).
        return { type: 'peer-down', peer, reason, notification: r.rest() };
      case BmpPeerDownReason.LocalFsmEvent:
        if (left === 2) return { type: 'peer-down', peer, reason, fsmEvent: r.u16() };
        break;
      case BmpPeerDownReason.LocalTlv: {
        // TLVs that do not parse are kept whole as `data` rather than failing the message.
        const at = r.pos;
        try {
          return { type: 'peer-down', peer, reason, information: tlvList.read(r, PEER_DOWN_TLVS) };
        } catch (e) {
          if (!(e instanceof BgpError)) throw e;
          r.pos = at;
        }
        break;
      }
    }
    return { type: 'peer-down', peer, reason, data: r.rest() };
  },
});
