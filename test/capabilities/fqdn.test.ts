import { describe, expect, it } from 'vitest';
import { checkCapability, decodeCap } from './check.ts';

// draft-walton-bgp-hostname-capability section 3: Hostname Length (1), Hostname, Domain Name Length (1), Domain Name.
describe('FQDN capability (code 73)', () => {
  it('host r1, domain example.net', () => {
    checkCapability(
      '49' + // code 73
        '0f' + // length 15
        '02' + '7231' + // hostname length 2, "r1"
        '0b' + '6578616d706c652e6e6574', // domain length 11, "example.net"
      { type: 'fqdn', hostname: 'r1', domain: 'example.net' },
    );
  });
  it('invalid UTF-8 makes it raw', () => expect(decodeCap('49 03 01 ff 00')).toMatchObject({ type: 'raw', code: 73, malformed: expect.stringContaining('UTF-8') }));
  it('a hostname overrunning the value makes it raw', () => expect(decodeCap('49 02 05 41')).toMatchObject({ type: 'raw', code: 73 }));
});
