import { checkFits } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import { decodeUtf8, encodeUtf8 } from '../wire/text.ts';
import type { Writer } from '../wire/writer.ts';
import type { CapabilityCodec } from './codec.ts';
import type { SoftwareVersionCapability } from './types.ts';

// draft-abraitis-bgp-version-capability section 3:
//      | Software Version Length (1) | Software Version (variable, UTF-8) |

/** Software Version capability (code 75, draft-abraitis-bgp-version-capability). */
export const softwareVersion: CapabilityCodec<SoftwareVersionCapability> = Object.freeze({
  code: 75,
  byteLength(v: SoftwareVersionCapability): number {
    return 1 + encodeUtf8(v.version).length;
  },
  write(v: SoftwareVersionCapability, w: Writer): void {
    const b = encodeUtf8(v.version);
    // The value also has to fit the one-octet Capability Length, with its own length octet.
    checkFits('software-version.version', b.length, 0xfe);
    w.u8(b.length);
    w.raw(b);
  },
  read(r: Reader): SoftwareVersionCapability {
    const bytes = r.view(r.u8('version length'), 'version');
    const version = decodeUtf8(bytes);
    if (version === undefined) r.fail('software-version: not valid UTF-8');
    return { type: 'software-version', version };
  },
});
