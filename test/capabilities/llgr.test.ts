import { describe, expect, it } from 'vitest';
import { checkCapability, decodeCap } from './check.ts';

// RFC 9494 section 3.1: tuples <AFI (16 bits), SAFI (8 bits), Flags (8 bits), Long-Lived Stale Time (24 bits)>.
describe('long-lived graceful restart capability (code 71)', () => {
  it('IPv4 unicast with F, one day', () => {
    checkCapability(
      '47' + // code 71
        '07' + // length 7
        '0001' + '01' + // AFI 1, SAFI 1
        '80' + // F bit
        '015180', // stale time 86400
      { type: 'llgr', families: [{ afi: 1, safi: 1, forwarding: true, staleTime: 86400 }] },
    );
  });
  it('no families', () => checkCapability('47 00', { type: 'llgr', families: [] }));
  it('a length that is not 7n makes it raw', () => expect(decodeCap('47 06 000101800151')).toMatchObject({ type: 'raw', code: 71 }));
});
