import { describe, expect, it } from 'vitest';
import { checkCapability, decodeCap } from './check.ts';

// RFC 7911 section 4: tuples <AFI (2 octets), SAFI (1 octet), Send/Receive (1 octet)>,
// "able to receive ... (value 1), ... able to send ... (value 2), or ... both (value 3)".
describe('ADD-PATH capability (code 69)', () => {
  it('IPv4 unicast both, IPv6 unicast receive', () => {
    checkCapability(
      '45' + // code 69
        '08' + // length 8
        '0001' + '01' + '03' + // AFI 1, SAFI 1, send+receive
        '0002' + '01' + '01', // AFI 2, SAFI 1, receive
      {
        type: 'add-path',
        families: [
          { afi: 1, safi: 1, send: true, receive: true },
          { afi: 2, safi: 1, send: false, receive: true },
        ],
      },
    );
  });
  it('keeps another Send/Receive value ("SHOULD be treated as not understood")', () => {
    checkCapability('45 04 0001 01 07', { type: 'add-path', families: [{ afi: 1, safi: 1, send: true, receive: true, mode: 7 }] });
  });
  it('a length that is not 4n makes it raw', () => expect(decodeCap('45 03 000101')).toMatchObject({ type: 'raw', code: 69 }));
});
