import { checkUint } from '../wire/errors.ts';
import { checkObject } from '../wire/args.ts';
import { formatIPv4, parseIPv4 } from '../wire/ip.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { BmpCodec } from './codec.ts';
import { readBmpAddress, writeBmpAddress } from './address.ts';
import { BmpPeerFlag, BmpPeerType } from './iana.ts';
import type { BmpPeerHeader } from './types.ts';

/** Length of the per-peer header (RFC 7854 section 4.2). */
export const PEER_HEADER_LENGTH = 42;

/**
 * The per-peer header codec (RFC 7854 section 4.2):
 * ```
 * |   Peer Type   |  Peer Flags   |
 * |         Peer Distinguisher (8)  |
 * |                 Peer Address (16 bytes)                       |
 * |                           Peer AS                             |
 * |                         Peer BGP ID                           |
 * |                    Timestamp (seconds)                        |
 * |                  Timestamp (microseconds)                     |
 * ```
 */
export const peerHeader: BmpCodec<BmpPeerHeader> = Object.freeze({
  byteLength(_v: BmpPeerHeader): number {
    return PEER_HEADER_LENGTH;
  },
  write(v: BmpPeerHeader, w: Writer): void {
    w.u8(checkUint('peer.peerType', v.peerType, 255));
    w.u8(checkUint('peer.flags', v.flags, 255));
    if (!(v.distinguisher instanceof Uint8Array) || v.distinguisher.length !== 8) throw new TypeError('peer.distinguisher: 8 bytes expected');
    w.raw(v.distinguisher);
    writeBmpAddress(w, v.address, 'peer.address');
    w.u32(checkUint('peer.as', v.as, 0xffffffff));
    w.room(4);
    if (parseIPv4(v.bgpId, w.bytes, w.pos) === undefined) throw new TypeError(`peer.bgpId: not a dotted quad: ${JSON.stringify(v.bgpId)}`);
    w.pos += 4;
    w.u32(checkUint('peer.seconds', v.seconds, 0xffffffff));
    w.u32(checkUint('peer.microseconds', v.microseconds, 0xffffffff));
  },
  read(r: Reader): BmpPeerHeader {
    r.need(PEER_HEADER_LENGTH, 'per-peer header');
    const peerType = r.u8();
    const flags = r.u8();
    const distinguisher = r.copy(8);
    // RFC 7854 section 4.2: the V flag says IPv6; it has no meaning for peer type 3 (RFC 9069 section 5.1: zero-filled).
    const address = readBmpAddress(r, peerType !== BmpPeerType.LocRib && (flags & BmpPeerFlag.V) !== 0, 'peer address');
    const as = r.u32();
    const bgpId = formatIPv4(r.bytes, r.pos);
    r.pos += 4;
    const seconds = r.u32();
    const microseconds = r.u32();
    return { peerType, flags, distinguisher, address, as, bgpId, seconds, microseconds };
  },
});

/** The flags of a per-peer header by name (RFC 7854 section 4.2, RFC 8671 section 4, RFC 9069 section 4.2). */
export interface BmpPeerFlags {
  /** V: IPv6 peer address (peer types 0-2). */
  readonly isIpv6: boolean;
  /** L: post-policy (peer types 0-2). */
  readonly isPostPolicy: boolean;
  /** A: legacy 2-octet AS_PATH (peer types 0-2). */
  readonly isAs2: boolean;
  /** O: Adj-RIB-Out (peer types 0-2, RFC 8671). */
  readonly isAdjRibOut: boolean;
  /** F: filtered Loc-RIB (peer type 3, RFC 9069). */
  readonly isFiltered: boolean;
}

/** Reads the peer flags by the peer type's registry: V/L/A/O for types 0-2, F for type 3. */
export function bmpPeerFlags(peer: Pick<BmpPeerHeader, 'peerType' | 'flags'>): BmpPeerFlags {
  checkObject(peer, 'bmpPeerFlags', 'peer');
  const f = peer.flags;
  if (peer.peerType === BmpPeerType.LocRib) {
    return { isIpv6: false, isPostPolicy: false, isAs2: false, isAdjRibOut: false, isFiltered: (f & BmpPeerFlag.F) !== 0 };
  }
  return {
    isIpv6: (f & BmpPeerFlag.V) !== 0,
    isPostPolicy: (f & BmpPeerFlag.L) !== 0,
    isAs2: (f & BmpPeerFlag.A) !== 0,
    isAdjRibOut: (f & BmpPeerFlag.O) !== 0,
    isFiltered: false,
  };
}

/** The flags as letters, as Wireshark lists them (`V`, `L`, `A`, `O`; `F` for type 3), `-` when none. */
export function formatBmpPeerFlags(peer: Pick<BmpPeerHeader, 'peerType' | 'flags'>): string {
  const f = bmpPeerFlags(peer);
  const s = `${f.isIpv6 ? 'V' : ''}${f.isPostPolicy ? 'L' : ''}${f.isAs2 ? 'A' : ''}${f.isAdjRibOut ? 'O' : ''}${f.isFiltered ? 'F' : ''}`;
  return s === '' ? '-' : s;
}
