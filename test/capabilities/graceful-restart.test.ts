import { describe, expect, it } from 'vitest';
import { checkCapability, decodeCap } from './check.ts';

// RFC 4724 section 3: Restart Flags (4 bits: R, then reserved), Restart Time (12 bits), then
// <AFI (16 bits), SAFI (8 bits), Flags (8 bits: F, reserved)>; RFC 8538 section 2 adds the N bit
// as "the second most significant bit".
describe('graceful restart capability (code 64)', () => {
  it('R and N bits, restart time 120, IPv4 unicast with F', () => {
    checkCapability(
      '40' + // code 64
        '06' + // length 6
        'c078' + // flags 1100 (R, N), restart time 0x078 = 120
        '0001' + '01' + '80', // AFI 1, SAFI 1, F bit
      {
        type: 'graceful-restart',
        restarting: true,
        notification: true,
        restartTime: 120,
        families: [{ afi: 1, safi: 1, forwarding: true }],
      },
    );
  });
  it('helper only: no families, reserved bits kept', () => {
    checkCapability('40 02 3fff', { type: 'graceful-restart', restarting: false, notification: false, reservedFlags: 3, restartTime: 4095, families: [] });
  });
  it('keeps reserved per-family flags', () => {
    checkCapability('40 06 0000 0002 01 01', {
      type: 'graceful-restart',
      restarting: false,
      notification: false,
      restartTime: 0,
      families: [{ afi: 2, safi: 1, forwarding: false, reservedFlags: 1 }],
    });
  });
  it('a length that is not 2 + 4n makes it raw', () => expect(decodeCap('40 03 007800')).toMatchObject({ type: 'raw', code: 64 }));
});
