import { describe, expect, it } from 'vitest';
import { decodeLink, isLinkSkip, LinkType } from '../../src/capture/link.ts';
import { concat, ethernet, ipv4, ipv6, tcp, v6 } from '../helpers/pcap-builder.ts';

const ip4 = ipv4([10, 0, 0, 1], [10, 0, 0, 2], tcp(1, 179, 0, 0x10));
const ip6 = ipv6(v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 2), tcp(1, 179, 0, 0x10));

function found(linkType: number, frame: Uint8Array): [number, Uint8Array] | string {
  const r = decodeLink(linkType, frame);
  return isLinkSkip(r) ? r.reason : [r.version, r.ip];
}

describe('link layers', () => {
  it('Ethernet, with 802.1Q and QinQ tags', () => {
    expect(found(LinkType.ETHERNET, ethernet(ip4))).toEqual([4, ip4]);
    expect(found(LinkType.ETHERNET, ethernet(ip6, 6))).toEqual([6, ip6]);
    expect(found(LinkType.ETHERNET, ethernet(ip4, 4, [[0x8100, 100]]))).toEqual([4, ip4]);
    expect(found(LinkType.ETHERNET, ethernet(ip6, 6, [[0x88a8, 10], [0x8100, 20]]))).toEqual([6, ip6]);
    // ARP is a valid frame that carries no IP.
    expect(found(LinkType.ETHERNET, concat(new Uint8Array(12), Uint8Array.of(0x08, 0x06), new Uint8Array(28)))).toBe('not-ip');
    expect(found(LinkType.ETHERNET, new Uint8Array(10))).toBe('truncated');
  });

  it('MPLS under Ethernet and Cisco HDLC (label stack to the bottom)', () => {
    const labels = Uint8Array.of(0, 1, 0x20, 64, 0, 2, 0x21, 64);
    expect(found(LinkType.ETHERNET, concat(new Uint8Array(12), Uint8Array.of(0x88, 0x47), labels, ip4))).toEqual([4, ip4]);
    expect(found(LinkType.C_HDLC, concat(Uint8Array.of(0x0f, 0, 0x88, 0x47), labels, ip6))).toEqual([6, ip6]);
  });

  it('Linux cooked SLL and SLL2', () => {
    expect(found(LinkType.LINUX_SLL, concat(new Uint8Array(14), Uint8Array.of(0x08, 0x00), ip4))).toEqual([4, ip4]);
    expect(found(LinkType.LINUX_SLL2, concat(Uint8Array.of(0x86, 0xdd), new Uint8Array(18), ip6))).toEqual([6, ip6]);
  });

  it('raw IP link types', () => {
    for (const lt of [LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_BSD_14]) {
      expect(found(lt, ip4)).toEqual([4, ip4]);
      expect(found(lt, ip6)).toEqual([6, ip6]);
    }
    expect(found(LinkType.IPV4, ip4)).toEqual([4, ip4]);
    expect(found(LinkType.IPV6, ip6)).toEqual([6, ip6]);
  });

  it('loopback (NULL in either byte order, LOOP in network order)', () => {
    expect(found(LinkType.NULL, concat(Uint8Array.of(2, 0, 0, 0), ip4))).toEqual([4, ip4]);
    expect(found(LinkType.NULL, concat(Uint8Array.of(0, 0, 0, 2), ip4))).toEqual([4, ip4]);
    for (const af of [10, 24, 28, 30]) expect(found(LinkType.NULL, concat(Uint8Array.of(af, 0, 0, 0), ip6))).toEqual([6, ip6]);
    expect(found(LinkType.LOOP, concat(Uint8Array.of(0, 0, 0, 30), ip6))).toEqual([6, ip6]);
    expect(found(LinkType.NULL, concat(Uint8Array.of(7, 0, 0, 0), ip4))).toBe('not-ip');
  });

  it('Cisco HDLC, PPP, PPP in HDLC framing', () => {
    expect(found(LinkType.C_HDLC, concat(Uint8Array.of(0x0f, 0, 0x08, 0x00), ip4))).toEqual([4, ip4]);
    expect(found(LinkType.PPP, concat(Uint8Array.of(0x00, 0x21), ip4))).toEqual([4, ip4]);
    expect(found(LinkType.PPP, concat(Uint8Array.of(0xff, 0x03, 0x00, 0x57), ip6))).toEqual([6, ip6]);
    expect(found(LinkType.PPP_HDLC, concat(Uint8Array.of(0xff, 0x03, 0x00, 0x21), ip4))).toEqual([4, ip4]);
    expect(found(LinkType.PPP, Uint8Array.of(0xc0, 0x21, 1, 1))).toBe('not-ip');
  });

  it('Frame Relay: Cisco encapsulation, RFC 2427 NLPID and SNAP', () => {
    expect(found(LinkType.FRELAY, concat(Uint8Array.of(0x18, 0x61, 0x08, 0x00), ip4))).toEqual([4, ip4]);
    expect(found(LinkType.FRELAY, concat(Uint8Array.of(0x18, 0x61, 0x03, 0xcc), ip4))).toEqual([4, ip4]);
    expect(found(LinkType.FRELAY, concat(Uint8Array.of(0x18, 0x61, 0x03, 0x8e), ip6))).toEqual([6, ip6]);
    expect(found(LinkType.FRELAY, concat(Uint8Array.of(0x18, 0x61, 0x03, 0x00, 0x80, 0, 0, 0, 0x86, 0xdd), ip6))).toEqual([6, ip6]);
  });

  it('Juniper Ethernet, with and without extensions', () => {
    const eth = ethernet(ip4);
    expect(found(LinkType.JUNIPER_ETHER, concat(Uint8Array.of(0x4d, 0x47, 0x43, 0x00), eth))).toEqual([4, ip4]);
    expect(found(LinkType.JUNIPER_ETHER, concat(Uint8Array.of(0x4d, 0x47, 0x43, 0x80, 0, 3, 1, 1, 9), eth))).toEqual([4, ip4]);
    expect(found(LinkType.JUNIPER_ETHER, Uint8Array.of(1, 2, 3, 4, 5))).toBe('not-ip');
  });

  it('says when a link type is not supported', () => {
    expect(found(147, ip4)).toBe('unsupported-link');
  });
});
