import { checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { CapabilityCodec } from './codec.ts';
import type { ExtendedNextHopCapability } from './types.ts';

// RFC 8950 section 4: triples, repeated
//      | NLRI AFI (2 octets) | NLRI SAFI (2 octets) | Nexthop AFI (2 octets) |

/** Extended Next Hop Encoding capability (code 5, RFC 8950 section 4; note the 2-octet SAFI). */
export const extendedNextHop: CapabilityCodec<ExtendedNextHopCapability> = Object.freeze({
  code: 5,
  byteLength(v: ExtendedNextHopCapability): number {
    return 6 * v.families.length;
  },
  write(v: ExtendedNextHopCapability, w: Writer): void {
    for (const f of v.families) {
      w.u16(checkUint('extended-next-hop.afi', f.afi, 0xffff));
      w.u16(checkUint('extended-next-hop.safi', f.safi, 0xffff));
      w.u16(checkUint('extended-next-hop.nextHopAfi', f.nextHopAfi, 0xffff));
    }
  },
  read(r: Reader): ExtendedNextHopCapability {
    if (r.remaining % 6 !== 0) r.fail(`extended-next-hop: length ${r.remaining} is not a multiple of 6`);
    const families: { afi: number; safi: number; nextHopAfi: number }[] = [];
    while (r.remaining > 0) families.push({ afi: r.u16('afi'), safi: r.u16('safi'), nextHopAfi: r.u16('nextHopAfi') });
    return { type: 'extended-next-hop', families };
  },
});
