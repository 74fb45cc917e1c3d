import { checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { CapabilityCodec } from './codec.ts';
import type { FourOctetAsCapability } from './types.ts';

/** Support for 4-octet AS number capability (code 65, RFC 6793 section 3: Length 4, the ASN). */
export const as4: CapabilityCodec<FourOctetAsCapability> = Object.freeze({
  code: 65,
  byteLength(): number {
    return 4;
  },
  write(v: FourOctetAsCapability, w: Writer): void {
    w.u32(checkUint('as4.asn', v.asn, 0xffffffff));
  },
  read(r: Reader): FourOctetAsCapability {
    if (r.remaining !== 4) r.fail(`as4: length ${r.remaining}, expected 4`);
    return { type: 'as4', asn: r.u32('asn') };
  },
});
