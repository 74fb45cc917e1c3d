import { describe, expect, it } from 'vitest';
import { rdBytes, rdText } from '../../src/nlri/route-distinguisher.ts';
import { vpnIpv4, vpnIpv6, vpnIpv4Multicast } from '../../src/nlri/vpn.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { BgpError } from '../../src/wire/errors.ts';
import { checkNlri, REACH, readNlri, UNREACH } from './helpers.ts';

// RFC 4364 section 4.2: RD = Type (2 octets) + Value (6 octets).
describe('route distinguisher text (RFC 4364 section 4.2)', () => {
  const cases: [string, string][] = [
    ['0000' + 'fde8' + '00000064', '65000:100'], // type 0: 2-octet AS, 4-octet number
    ['0001' + 'c0000201' + '0005', '192.0.2.1:5'], // type 1: IPv4, 2-octet number
    ['0002' + 'fa56ea00' + '0007', '4200000000:7'], // type 2: 4-octet AS, 2-octet number
    ['0002' + 'fbf00049' + '000b', '4226809929:11'], // pmacct 502: "2:4226809929:11"
    ['0002' + '0000fde8' + '0007', '65000L:7'], // type 2 with a 2-octet AS: L tells it from type 0
    ['0001' + '0ad7b696' + '0000', '10.215.182.150:0'], // pmacct 300: "1:10.215.182.150:0"
    ['0003' + '010203040506', '0x0003010203040506'], // any other type: the 8 octets
  ];
  for (const [hex, text] of cases) {
    it(`${text}`, () => {
      expect(rdText(fromHex(hex), 0)).toBe(text);
      expect(toHex(rdBytes(text))).toBe(hex);
    });
  }
  it('refuses text it cannot write', () => {
    for (const bad of ['65000', '65000:4294967296', '4200000000:65536', '192.0.2.1:65536', '1.2.3:4', 'x:1', '', '0x00']) expect(() => rdBytes(bad)).toThrow(TypeError);
  });
});

// RFC 4364 section 4.3.4 / RFC 8277: Length, label(s), RD, prefix; RFC 4659 section 3.2 for IPv6.
describe('VPN NLRI (SAFI 128, 129)', () => {
  it('VPN-IPv4: pmacct 300 frame 3, 193.135.110.64/28 RD 1:10.215.182.150:0 label 917600', () => {
    checkNlri(
      vpnIpv4,
      { rd: '10.215.182.150:0', prefix: '193.135.110.64/28', labels: [917600] },
      REACH,
      '74' + // Length 116 = 24 + 64 + 28
        'e00601' + // label 917600, S=1
        '0001' + '0ad7b696' + '0000' + // RD type 1, 10.215.182.150, 0
        'c1876e40', // 193.135.110.64/28
    );
  });
  it('VPN-IPv6 (RFC 4659 section 3.2) and VPN multicast (SAFI 129, the same NLRI)', () => {
    const v = { rd: '65000:100', prefix: '2001:db8:1::/48', labels: [16] };
    const hex = '88' + '000101' + '0000fde800000064' + '20010db80001';
    checkNlri(vpnIpv6, v, REACH, hex);
    checkNlri(vpnIpv4Multicast, { rd: '4200000000:7', prefix: '232.1.0.0/16', labels: [16] }, REACH, '68' + '000101' + '0002fa56ea000007' + 'e801');
  });
  it('withdrawal: Compatibility field, then RD and prefix (RFC 8277 section 2.4)', () => {
    checkNlri(vpnIpv4, { rd: '100:1', prefix: '10.0.0.0/24', labels: [] }, UNREACH, '70' + '800000' + '0000006400000001' + '0a0000');
    expect(readNlri(vpnIpv4, '70 000000 0000006400000001 0a0000', { ...UNREACH, labels: 4 })).toEqual({ rd: '100:1', prefix: '10.0.0.0/24', labels: [], compatibility: 0 });
  });
  it('malformed: too short for the RD, prefix too long, overrun', () => {
    expect(() => readNlri(vpnIpv4, '34 000011 00000064', REACH)).toThrow(/route distinguisher/);
    expect(() => readNlri(vpnIpv4, '79 000011 0000006400000001 0a000000 00', REACH)).toThrow(/exceeds 32/);
    expect(() => readNlri(vpnIpv4, '70 000011 0000006400000001 0a00', REACH)).toThrow(BgpError);
  });
  it('text and key: the RD is part of the key, labels never are', () => {
    const a = { rd: '65000:100', prefix: '10.0.0.0/8', labels: [16] };
    expect(vpnIpv4.text(a)).toBe('rd 65000:100 10.0.0.0/8 label 16');
    expect(vpnIpv4.key(a)).toBe(vpnIpv4.key({ ...a, labels: [17] }));
    expect(vpnIpv4.key(a)).not.toBe(vpnIpv4.key({ ...a, rd: '65000:101' }));
    expect(() => checkNlri(vpnIpv4, { prefix: '10.0.0.0/8', labels: [16] } as never, REACH)).toThrow(/rd/);
  });
});
