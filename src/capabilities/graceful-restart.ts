import { checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { CapabilityCodec } from './codec.ts';
import type { GracefulRestartCapability } from './types.ts';

// RFC 4724 section 3, with the N bit of RFC 8538 section 2:
//      +--------------------------------------------------+
//      | Restart Flags (4 bits: R N . .)                  |
//      | Restart Time in seconds (12 bits)                |
//      +--------------------------------------------------+
//      | AFI (16 bits) | SAFI (8 bits) | Flags (8 bits: F ...) |  x 0..63
//      +--------------------------------------------------+

type GrFamily = GracefulRestartCapability['families'][number];

/** Graceful Restart capability (code 64, RFC 4724 section 3, RFC 8538 section 2). */
export const gracefulRestart: CapabilityCodec<GracefulRestartCapability> = Object.freeze({
  code: 64,
  byteLength(v: GracefulRestartCapability): number {
    return 2 + 4 * v.families.length;
  },
  write(v: GracefulRestartCapability, w: Writer): void {
    const flags = (v.restarting ? 8 : 0) | (v.notification ? 4 : 0) | checkUint('graceful-restart.reservedFlags', v.reservedFlags ?? 0, 3);
    w.u16((flags << 12) | checkUint('graceful-restart.restartTime', v.restartTime, 0xfff));
    for (const f of v.families) {
      w.u16(checkUint('graceful-restart.afi', f.afi, 0xffff));
      w.u8(checkUint('graceful-restart.safi', f.safi, 0xff));
      w.u8((f.forwarding ? 0x80 : 0) | checkUint('graceful-restart.family.reservedFlags', f.reservedFlags ?? 0, 0x7f));
    }
  },
  read(r: Reader): GracefulRestartCapability {
    if (r.remaining < 2 || (r.remaining - 2) % 4 !== 0) r.fail(`graceful-restart: length ${r.remaining} is not 2 + 4n`);
    const word = r.u16('restart flags and time');
    const flags = word >>> 12;
    const families: GrFamily[] = [];
    while (r.remaining > 0) {
      const afi = r.u16('afi');
      const safi = r.u8('safi');
      const f = r.u8('flags');
      const forwarding = (f & 0x80) !== 0;
      families.push((f & 0x7f) === 0 ? { afi, safi, forwarding } : { afi, safi, forwarding, reservedFlags: f & 0x7f });
    }
    const base = { type: 'graceful-restart', restarting: (flags & 8) !== 0, notification: (flags & 4) !== 0 } as const;
    return (flags & 3) === 0
      ? { ...base, restartTime: word & 0xfff, families }
      : { ...base, reservedFlags: flags & 3, restartTime: word & 0xfff, families };
  },
});
