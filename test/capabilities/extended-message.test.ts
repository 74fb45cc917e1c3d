import { describe, expect, it } from 'vitest';
import { checkCapability, decodeCap } from './check.ts';

// RFC 8654 section 3: "Capability Code 6 and Capability Length 0".
describe('extended message capability (code 6)', () => {
  it('encodes as code and zero length', () => checkCapability('06' /* code 6 */ + '00' /* length 0 */, { type: 'extended-message' }));
  it('a value makes it raw', () => expect(decodeCap('06 02 0000')).toMatchObject({ type: 'raw', code: 6 }));
});
