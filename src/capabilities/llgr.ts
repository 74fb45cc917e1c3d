import { checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { CapabilityCodec } from './codec.ts';
import type { LongLivedGracefulRestartCapability } from './types.ts';

// RFC 9494 section 3.1, zero or more of:
//      | AFI (16 bits) | SAFI (8 bits) | Flags (8 bits: F ...) | Long-Lived Stale Time (24 bits) |

type LlgrFamily = LongLivedGracefulRestartCapability['families'][number];

/** Long-Lived Graceful Restart capability (code 71, RFC 9494 section 3.1). */
export const llgr: CapabilityCodec<LongLivedGracefulRestartCapability> = Object.freeze({
  code: 71,
  byteLength(v: LongLivedGracefulRestartCapability): number {
    return 7 * v.families.length;
  },
  write(v: LongLivedGracefulRestartCapability, w: Writer): void {
    for (const f of v.families) {
      w.u16(checkUint('llgr.afi', f.afi, 0xffff));
      w.u8(checkUint('llgr.safi', f.safi, 0xff));
      w.u8((f.forwarding ? 0x80 : 0) | checkUint('llgr.reservedFlags', f.reservedFlags ?? 0, 0x7f));
      const t = checkUint('llgr.staleTime', f.staleTime, 0xffffff);
      w.u8(t >>> 16);
      w.u16(t & 0xffff);
    }
  },
  read(r: Reader): LongLivedGracefulRestartCapability {
    if (r.remaining % 7 !== 0) r.fail(`llgr: length ${r.remaining} is not a multiple of 7`);
    const families: LlgrFamily[] = [];
    while (r.remaining > 0) {
      const afi = r.u16('afi');
      const safi = r.u8('safi');
      const flags = r.u8('flags');
      const staleTime = (r.u8('stale time') << 16) | r.u16('stale time');
      const forwarding = (flags & 0x80) !== 0;
      families.push((flags & 0x7f) === 0 ? { afi, safi, forwarding, staleTime } : { afi, safi, forwarding, reservedFlags: flags & 0x7f, staleTime });
    }
    return { type: 'llgr', families };
  },
});
