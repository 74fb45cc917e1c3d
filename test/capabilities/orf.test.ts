import { describe, expect, it } from 'vitest';
import { checkCapability, decodeCap } from './check.ts';

// RFC 5291 section 5: per family <AFI (2), Reserved (1), SAFI (1), Number of ORFs (1),
// then per ORF <ORF Type (1), Send/Receive (1)>>; "receive ... (value 1), send ... (value 2), both (value 3)".
describe('ORF capability (codes 3 and 130)', () => {
  it('address-prefix ORF, both directions', () => {
    checkCapability(
      '03' + // code 3
        '07' + // length 7
        '0001' + '00' + '01' + // AFI 1, reserved, SAFI 1
        '01' + // one ORF
        '40' + '03', // ORF type 64 (address prefix), both
      { type: 'orf', families: [{ afi: 1, safi: 1, orfs: [{ orfType: 64, mode: 'both' }] }] },
    );
  });
  it("Cisco's code 130 with two types and another mode value", () => {
    checkCapability('82 09 0001 00 01 02 80 01 40 09', {
      type: 'orf',
      code: 130,
      families: [{ afi: 1, safi: 1, orfs: [{ orfType: 128, mode: 'receive' }, { orfType: 64, mode: 9 }] }],
    });
  });
  it('a count overrunning the value makes it raw', () => expect(decodeCap('03 07 0001 00 01 02 4003')).toMatchObject({ type: 'raw', code: 3 }));
});
