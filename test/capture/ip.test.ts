import { describe, expect, it } from 'vitest';
import { decodeIp, isIpSkip, type TcpSegment } from '../../src/capture/ip.ts';
import { concat, ipv4, ipv6, tcp, v6 } from '../helpers/pcap-builder.ts';

const payload = Uint8Array.of(1, 2, 3, 4, 5);

describe('IPv4, IPv6 and TCP headers', () => {
  it('reads IPv4 addresses, ports, sequence number, flags and payload', () => {
    const seg = decodeIp(4, ipv4([192, 0, 2, 1], [198, 51, 100, 7], tcp(40000, 179, 0xfffffff0, 0x18, payload, 5)));
    expect(isIpSkip(seg)).toBe(false);
    const s = seg as TcpSegment;
    expect({ ...s, payload: [...s.payload] }).toEqual({
      version: 4,
      src: '192.0.2.1',
      dst: '198.51.100.7',
      srcPort: 40000,
      dstPort: 179,
      seq: 0xfffffff0,
      ack: 5,
      flags: 0x18,
      payload: [1, 2, 3, 4, 5],
      wireLength: 5,
    });
  });

  it('trims Ethernet padding by the IPv4 total length, and sees snaplen cuts', () => {
    const padded = concat(ipv4([10, 0, 0, 1], [10, 0, 0, 2], tcp(1, 179, 1, 0x10)), new Uint8Array(6));
    expect((decodeIp(4, padded) as TcpSegment).payload.length).toBe(0);
    const cut = ipv4([10, 0, 0, 1], [10, 0, 0, 2], tcp(1, 179, 1, 0x10, payload), { totalLength: 20 + 20 + 100 });
    const s = decodeIp(4, cut) as TcpSegment;
    expect([s.payload.length, s.wireLength]).toEqual([5, 100]);
  });

  it('reports fragments: a first fragment is read alone, later ones are skipped', () => {
    const first = decodeIp(4, ipv4([10, 0, 0, 1], [10, 0, 0, 2], tcp(1, 179, 1, 0x10, payload), { fragment: 0x2000 }));
    expect((first as TcpSegment).firstFragment).toBe(true);
    const later = decodeIp(4, ipv4([10, 0, 0, 1], [10, 0, 0, 2], payload, { fragment: 0x0003 }));
    expect(isIpSkip(later) && later.kind).toBe('ip-fragment');
  });

  it('skips IPv6 extension headers and formats addresses per RFC 5952', () => {
    const hopByHop = new Uint8Array(6);
    const dstOpts = new Uint8Array(14);
    const pkt = ipv6(v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), v6(0xfe80, 0, 0, 0, 0x1, 0, 0, 2), tcp(179, 1179, 7, 0x18, payload), [
      [0, hopByHop],
      [60, dstOpts],
    ]);
    const s = decodeIp(6, pkt) as TcpSegment;
    expect([s.src, s.dst, s.srcPort, s.dstPort, s.seq, s.payload.length]).toEqual(['2001:db8::1', 'fe80::1:0:0:2', 179, 1179, 7, 5]);
    const frag = ipv6(v6(1, 0, 0, 0, 0, 0, 0, 1), v6(1, 0, 0, 0, 0, 0, 0, 2), tcp(1, 2, 3, 0), [[44, new Uint8Array(6)]]);
    expect(isIpSkip(decodeIp(6, frag)) && (decodeIp(6, frag) as { kind: string }).kind).toBe('ip-fragment');
  });

  it('says why a packet has no usable TCP segment, never throwing', () => {
    const kind = (v: 4 | 6, b: Uint8Array) => {
      const r = decodeIp(v, b);
      return isIpSkip(r) ? r.kind : 'tcp';
    };
    expect(kind(4, ipv4([1, 1, 1, 1], [2, 2, 2, 2], payload, { proto: 17 }))).toBe('not-tcp');
    expect(kind(4, new Uint8Array(10))).toBe('bad-ip');
    expect(kind(4, ipv4([1, 1, 1, 1], [2, 2, 2, 2], new Uint8Array(12)))).toBe('bad-tcp');
    expect(kind(6, new Uint8Array(39))).toBe('bad-ip');
    const badOffset = tcp(1, 2, 3, 0);
    badOffset[12] = 0x20;
    expect(kind(4, ipv4([1, 1, 1, 1], [2, 2, 2, 2], badOffset))).toBe('bad-tcp');
    for (let n = 0; n < 80; n++) {
      const junk = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(() => decodeIp(4, junk)).not.toThrow();
      expect(() => decodeIp(6, junk)).not.toThrow();
    }
  });
});
