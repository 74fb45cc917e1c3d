import { checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { CapabilityCodec } from './codec.ts';
import type { AddPathCapability } from './types.ts';

// RFC 7911 section 4, repeated:
//      | AFI (2 octets) | SAFI (1 octet) | Send/Receive (1 octet) |

type AddPathFamily = AddPathCapability['families'][number];

/** ADD-PATH capability (code 69, RFC 7911 section 4): 1 receive, 2 send, 3 both. */
export const addPath: CapabilityCodec<AddPathCapability> = Object.freeze({
  code: 69,
  byteLength(v: AddPathCapability): number {
    return 4 * v.families.length;
  },
  write(v: AddPathCapability, w: Writer): void {
    for (const f of v.families) {
      w.u16(checkUint('add-path.afi', f.afi, 0xffff));
      w.u8(checkUint('add-path.safi', f.safi, 0xff));
      w.u8(f.mode !== undefined ? checkUint('add-path.mode', f.mode, 0xff) : (f.send ? 2 : 0) | (f.receive ? 1 : 0));
    }
  },
  read(r: Reader): AddPathCapability {
    if (r.remaining % 4 !== 0) r.fail(`add-path: length ${r.remaining} is not a multiple of 4`);
    const families: AddPathFamily[] = [];
    while (r.remaining > 0) {
      const afi = r.u16('afi');
      const safi = r.u8('safi');
      const mode = r.u8('send/receive');
      // RFC 7911 section 4: any other value "SHOULD be treated as not understood and ignored";
      // send/receive are then derived from the bits but the octet is kept for re-encoding.
      const send = (mode & 2) !== 0;
      const receive = (mode & 1) !== 0;
      families.push(mode >= 1 && mode <= 3 ? { afi, safi, send, receive } : { afi, safi, send, receive, mode });
    }
    return { type: 'add-path', families };
  },
});
