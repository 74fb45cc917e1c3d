import { viewOf } from './packet-record.ts';
import { checkBytes } from '../wire/args.ts';

// Link-layer headers down to IP (https://www.tcpdump.org/linktypes.html).

/** LINKTYPE_* values this reader decodes. */
export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  PPP: 9,
  RAW_BSD: 12,
  RAW_BSD_14: 14,
  PPP_HDLC: 50,
  RAW: 101,
  C_HDLC: 104,
  FRELAY: 107,
  LOOP: 108,
  LINUX_SLL: 113,
  JUNIPER_ETHER: 178,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** An IP packet found under a link-layer header (a view into the frame). */
export interface LinkPayload {
  readonly version: 4 | 6;
  readonly ip: Uint8Array;
}

/** Why a frame holds no IP packet. */
export interface LinkSkip {
  /** `not-ip`: a valid frame carrying something else (ARP, IS-IS, LCP...). */
  readonly reason: 'not-ip' | 'unsupported-link' | 'truncated';
  readonly message: string;
}

const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
const ETH_VLAN = [0x8100, 0x88a8, 0x9100, 0x9200] as const;
const ETH_MPLS = [0x8847, 0x8848] as const;
const MAX_TAGS = 8;

/** Whether {@link decodeLink} found no IP packet. */
export function isLinkSkip(v: LinkPayload | LinkSkip): v is LinkSkip {
  // A type guard answers for any value (plain JavaScript callers may pass anything).
  return typeof v === 'object' && v !== null && 'reason' in v;
}

const truncated = (what: string): LinkSkip => ({ reason: 'truncated', message: `${what} header truncated` });
const notIp = (what: string, proto: number): LinkSkip => ({ reason: 'not-ip', message: `${what} protocol 0x${proto.toString(16)} is not IP` });

/** Looks at the IP version nibble (for raw IP and after MPLS). */
function byVersion(ip: Uint8Array, what: string): LinkPayload | LinkSkip {
  if (ip.length < 1) return truncated(what);
  const v = viewOf(ip).getUint8(0) >> 4;
  if (v === 4 || v === 6) return { version: v, ip };
  return { reason: 'not-ip', message: `${what}: ip version ${v}` };
}

/** Ethertype dispatch, following VLAN tags (802.1Q, QinQ) and MPLS label stacks. */
function byEthertype(frame: Uint8Array, at: number, what: string): LinkPayload | LinkSkip {
  const dv = viewOf(frame);
  let p = at;
  for (let tags = 0; ; tags++) {
    if (frame.length - p < 2) return truncated(what);
    const type = dv.getUint16(p, false);
    if (type === ETH_IPV4) return { version: 4, ip: frame.subarray(p + 2) };
    if (type === ETH_IPV6) return { version: 6, ip: frame.subarray(p + 2) };
    if ((ETH_VLAN as readonly number[]).includes(type) && tags < MAX_TAGS) {
      // TPID(2) TCI(2) then the inner ethertype.
      p += 4;
      continue;
    }
    if ((ETH_MPLS as readonly number[]).includes(type)) return afterMpls(frame, p + 2, what);
    return notIp(what, type);
  }
}

function afterMpls(frame: Uint8Array, at: number, what: string): LinkPayload | LinkSkip {
  const dv = viewOf(frame);
  let p = at;
  for (let labels = 0; labels < 16; labels++) {
    if (frame.length - p < 4) return truncated(`${what} mpls`);
    const bottom = (dv.getUint8(p + 2) & 1) === 1;
    p += 4;
    // RFC 3032: after the bottom of the stack the payload type is implied; IP says it in its first nibble.
    if (bottom) return byVersion(frame.subarray(p), `${what} mpls`);
  }
  return { reason: 'not-ip', message: `${what}: mpls label stack too deep` };
}

/** BSD/Linux address families of DLT_NULL / DLT_LOOP. */
function byFamily(family: number): 4 | 6 | undefined {
  if (family === 2) return 4;
  // AF_INET6 differs per OS: 10 Linux, 24 NetBSD/OpenBSD, 28 FreeBSD, 30 macOS, 23 Windows.
  if (family === 10 || family === 24 || family === 28 || family === 30 || family === 23) return 6;
  return undefined;
}

function ppp(frame: Uint8Array, at: number, what: string): LinkPayload | LinkSkip {
  const dv = viewOf(frame);
  let p = at;
  if (frame.length - p >= 2 && dv.getUint16(p, false) === 0xff03) p += 2;
  if (frame.length - p < 2) return truncated(what);
  const proto = dv.getUint16(p, false);
  if (proto === 0x0021) return { version: 4, ip: frame.subarray(p + 2) };
  if (proto === 0x0057) return { version: 6, ip: frame.subarray(p + 2) };
  if (proto === 0x0281 || proto === 0x0283) return afterMpls(frame, p + 2, what);
  return notIp(what, proto);
}

/**
 * Strips the link-layer header of a frame of type `linkType` and returns the IP packet
 * inside (a view into `frame`), or why there is none. Never throws.
 */
export function decodeLink(linkType: number, frame: Uint8Array): LinkPayload | LinkSkip {
  checkBytes(frame, 'decodeLink', 'frame');
  const dv = viewOf(frame);
  switch (linkType) {
    case LinkType.ETHERNET:
      // dst(6) src(6) ethertype(2)
      return byEthertype(frame, 12, 'ethernet');
    case LinkType.LINUX_SLL:
      // packet type(2) ARPHRD(2) address length(2) address(8) protocol(2)
      return byEthertype(frame, 14, 'linux sll');
    case LinkType.LINUX_SLL2: {
      // protocol(2) reserved(2) ifindex(4) ARPHRD(2) packet type(1) address length(1) address(8)
      if (frame.length < 20) return truncated('linux sll2');
      const proto = dv.getUint16(0, false);
      if (proto === ETH_IPV4) return { version: 4, ip: frame.subarray(20) };
      if (proto === ETH_IPV6) return { version: 6, ip: frame.subarray(20) };
      return notIp('linux sll2', proto);
    }
    case LinkType.RAW:
    case LinkType.RAW_BSD:
    case LinkType.RAW_BSD_14:
      return byVersion(frame, 'raw ip');
    case LinkType.IPV4:
      return { version: 4, ip: frame };
    case LinkType.IPV6:
      return { version: 6, ip: frame };
    case LinkType.NULL:
    case LinkType.LOOP: {
      if (frame.length < 4) return truncated('loopback');
      // DLT_NULL is in the writer's host order and DLT_LOOP in network order, but files
      // are moved between hosts: a family that is valid in one order only settles it.
      const fam = byFamily(dv.getUint32(0, linkType === LinkType.NULL)) ?? byFamily(dv.getUint32(0, linkType !== LinkType.NULL));
      if (fam === undefined) return notIp('loopback', dv.getUint32(0, true));
      return { version: fam, ip: frame.subarray(4) };
    }
    case LinkType.C_HDLC:
      // address(1) control(1) ethertype(2)
      return byEthertype(frame, 2, 'cisco hdlc');
    case LinkType.PPP:
    case LinkType.PPP_HDLC:
      return ppp(frame, 0, 'ppp');
    case LinkType.FRELAY: {
      // Q.922 address (2 bytes here), then either RFC 2427 (control 0x03, optional pad,
      // NLPID) or Cisco's encapsulation (an ethertype right after the address).
      if (frame.length < 4) return truncated('frame relay');
      if (dv.getUint8(2) !== 0x03) return byEthertype(frame, 2, 'frame relay');
      let p = 3;
      if (dv.getUint8(p) === 0x00) p++;
      if (frame.length - p < 1) return truncated('frame relay');
      const nlpid = dv.getUint8(p);
      if (nlpid === 0xcc) return { version: 4, ip: frame.subarray(p + 1) };
      if (nlpid === 0x8e) return { version: 6, ip: frame.subarray(p + 1) };
      // SNAP: OUI(3) then an ethertype.
      if (nlpid === 0x80) return byEthertype(frame, p + 4, 'frame relay snap');
      return notIp('frame relay nlpid', nlpid);
    }
    case LinkType.JUNIPER_ETHER: {
      // magic "MGC"(3) flags(1) [extension length(2) extensions] then Ethernet.
      if (frame.length < 4) return truncated('juniper');
      if (dv.getUint8(0) !== 0x4d || dv.getUint8(1) !== 0x47 || dv.getUint8(2) !== 0x43) {
        return { reason: 'not-ip', message: 'juniper: bad magic' };
      }
      const flags = dv.getUint8(3);
      let p = 4;
      if ((flags & 0x80) !== 0) {
        if (frame.length < 6) return truncated('juniper');
        p = 6 + dv.getUint16(4, false);
      }
      // Flag 0x02 (no L2 header): the packet starts right away; otherwise Ethernet follows.
      if ((flags & 0x02) !== 0) return byVersion(frame.subarray(p), 'juniper');
      if (frame.length - p < 14) return truncated('juniper ethernet');
      return byEthertype(frame, p + 12, 'juniper ethernet');
    }
    default:
      return { reason: 'unsupported-link', message: `link type ${linkType} is not supported` };
  }
}
