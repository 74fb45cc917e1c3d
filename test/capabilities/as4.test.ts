import { describe, expect, it } from 'vitest';
import { checkCapability, decodeCap } from './check.ts';

// RFC 6793 section 3: "Capability Code 65 ... Capability Length 4 ... Capability Value: the four-octet AS number".
describe('4-octet AS capability (code 65)', () => {
  it('AS 4200000000', () => checkCapability('41' /* code 65 */ + '04' /* length 4 */ + 'fa56ea00' /* 4200000000 */, { type: 'as4', asn: 4200000000 }));
  it('a short value makes it raw', () => expect(decodeCap('41 02 fde8')).toMatchObject({ type: 'raw', code: 65, malformed: expect.any(String) }));
});
