import { checkFits } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import { decodeUtf8, encodeUtf8 } from '../wire/text.ts';
import type { Writer } from '../wire/writer.ts';
import type { CapabilityCodec } from './codec.ts';
import type { FqdnCapability } from './types.ts';

// draft-walton-bgp-hostname-capability section 3:
//      | Hostname Length (1) | Hostname (variable) | Domain Name Length (1) | Domain Name (variable) |

function text(r: Reader, what: string): string {
  const bytes = r.view(r.u8(`${what} length`), what);
  const s = decodeUtf8(bytes);
  if (s === undefined) r.fail(`fqdn: ${what} is not valid UTF-8`);
  return s;
}

/** FQDN (hostname) capability (code 73, draft-walton-bgp-hostname-capability). */
export const fqdn: CapabilityCodec<FqdnCapability> = Object.freeze({
  code: 73,
  byteLength(v: FqdnCapability): number {
    return 2 + encodeUtf8(v.hostname).length + encodeUtf8(v.domain).length;
  },
  write(v: FqdnCapability, w: Writer): void {
    for (const [field, s] of [['fqdn.hostname', v.hostname], ['fqdn.domain', v.domain]] as const) {
      const b = encodeUtf8(s);
      checkFits(field, b.length, 0xff);
      w.u8(b.length);
      w.raw(b);
    }
  },
  read(r: Reader): FqdnCapability {
    const hostname = text(r, 'hostname');
    const domain = text(r, 'domain');
    return { type: 'fqdn', hostname, domain };
  },
});
