import { describe, expect, it } from 'vitest';
import { checkCapability, decodeCap } from './check.ts';

// RFC 4760 section 8: "Capability Code set to 1 ... Capability Length set to 4 ...
//      0       7      15      23      31
//      +-------+-------+-------+-------+
//      |      AFI      | Res.  | SAFI  |
//      +-------+-------+-------+-------+"
describe('multiprotocol capability (code 1)', () => {
  it('IPv6 unicast', () => {
    checkCapability(
      '01' + // Capability Code 1
        '04' + // Capability Length 4
        '0002' + // AFI 2 (IPv6)
        '00' + // Reserved
        '01', // SAFI 1 (unicast)
      { type: 'multiprotocol', afi: 2, safi: 1 },
    );
  });
  it('keeps a non-zero reserved octet', () => {
    checkCapability('01 04 0001 07 80', { type: 'multiprotocol', afi: 1, safi: 128, reserved: 7 });
  });
  it('falls back to raw on a wrong length', () => {
    expect(decodeCap('01 03 000101')).toMatchObject({ type: 'raw', code: 1, malformed: expect.stringContaining('length 3') });
  });
});
