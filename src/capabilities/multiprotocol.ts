import { checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { CapabilityCodec } from './codec.ts';
import type { MultiprotocolCapability } from './types.ts';

// RFC 4760 section 8: Capability Code 1, Length 4.
//      0       7      15      23      31
//      +-------+-------+-------+-------+
//      |      AFI      | Res.  | SAFI  |
//      +-------+-------+-------+-------+

/** Multiprotocol Extensions capability (code 1, RFC 4760 section 8). */
export const multiprotocol: CapabilityCodec<MultiprotocolCapability> = Object.freeze({
  code: 1,
  byteLength(): number {
    return 4;
  },
  write(v: MultiprotocolCapability, w: Writer): void {
    w.u16(checkUint('multiprotocol.afi', v.afi, 0xffff));
    w.u8(checkUint('multiprotocol.reserved', v.reserved ?? 0, 0xff));
    w.u8(checkUint('multiprotocol.safi', v.safi, 0xff));
  },
  read(r: Reader): MultiprotocolCapability {
    if (r.remaining !== 4) r.fail(`multiprotocol: length ${r.remaining}, expected 4`);
    const afi = r.u16('afi');
    const reserved = r.u8('reserved');
    const safi = r.u8('safi');
    return reserved === 0 ? { type: 'multiprotocol', afi, safi } : { type: 'multiprotocol', afi, safi, reserved };
  },
});
