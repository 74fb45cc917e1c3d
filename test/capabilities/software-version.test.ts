import { describe, expect, it } from 'vitest';
import { checkCapability, decodeCap } from './check.ts';

// draft-abraitis-bgp-version-capability section 3: Software Version Length (1), Software Version (UTF-8).
describe('software version capability (code 75)', () => {
  it('"FRRouting/8.4"', () => {
    checkCapability(
      '4b' + // code 75
        '0e' + // length 14
        '0d' + // version length 13
        '4652526f7574696e672f382e34', // "FRRouting/8.4"
      { type: 'software-version', version: 'FRRouting/8.4' },
    );
  });
  it('bytes after the text make it raw', () => expect(decodeCap('4b 03 01 41 42')).toMatchObject({ type: 'raw', code: 75 }));
});
