import { describe, expect, it } from 'vitest';
import { checkCapability, decodeCap } from './check.ts';

// RFC 8950 section 4: triples "NLRI AFI (2 octets), NLRI SAFI (2 octets), Nexthop AFI (2 octets)".
describe('extended next hop capability (code 5)', () => {
  it('IPv4 unicast and VPN-IPv4 over IPv6', () => {
    checkCapability(
      '05' + // code 5
        '0c' + // length 12: two triples
        '0001' + '0001' + '0002' + // NLRI AFI 1, NLRI SAFI 1, next hop AFI 2
        '0001' + '0080' + '0002', // NLRI AFI 1, NLRI SAFI 128, next hop AFI 2
      {
        type: 'extended-next-hop',
        families: [
          { afi: 1, safi: 1, nextHopAfi: 2 },
          { afi: 1, safi: 128, nextHopAfi: 2 },
        ],
      },
    );
  });
  it('a length that is not 6n makes it raw', () => expect(decodeCap('05 04 00010001')).toMatchObject({ type: 'raw', code: 5 }));
});
