import { describe, expect, it } from 'vitest';
import { checkCapability, decodeCap } from './check.ts';

// RFC 2918 section 2: "Capability code: 2, Capability length: 0"; Cisco's pre-standard code 128.
describe('route refresh capabilities (codes 2 and 128)', () => {
  it('code 2', () => checkCapability('02' /* code 2 */ + '00' /* length 0 */, { type: 'route-refresh' }));
  it('code 128', () => checkCapability('80' /* code 128 */ + '00' /* length 0 */, { type: 'route-refresh-cisco' }));
  it('a value makes it raw', () => {
    expect(decodeCap('02 01 00')).toMatchObject({ type: 'raw', code: 2, value: Uint8Array.of(0) });
  });
});
