import { describe, expect, it } from 'vitest';
import { checkCapability, decodeCap } from './check.ts';

// RFC 9234 section 4.1: "Code: 9, Length: 1 (octet), Value: integer corresponding to the speaker's BGP Role".
describe('BGP role capability (code 9)', () => {
  it('Customer', () => checkCapability('09' /* code 9 */ + '01' /* length 1 */ + '03' /* Customer */, { type: 'role', role: 3 }));
  it('keeps unassigned values', () => checkCapability('09 01 05', { type: 'role', role: 5 }));
  it('a wrong length makes it raw', () => expect(decodeCap('09 02 0303')).toMatchObject({ type: 'raw', code: 9 }));
});
