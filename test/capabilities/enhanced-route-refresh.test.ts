import { describe, expect, it } from 'vitest';
import { checkCapability, decodeCap } from './check.ts';

// RFC 7313 section 3.1: "a Capability Code of 70 ... The Capability Length field of this capability is zero."
describe('enhanced route refresh capability (code 70)', () => {
  it('encodes as code and zero length', () => checkCapability('46' /* code 70 */ + '00' /* length 0 */, { type: 'enhanced-route-refresh' }));
  it('a value makes it raw', () => expect(decodeCap('46 01 ff')).toMatchObject({ type: 'raw', code: 70 }));
});
