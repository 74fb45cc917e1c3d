import { checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { CapabilityCodec } from './codec.ts';
import type { MultipleLabelsCapability } from './types.ts';

// RFC 8277 section 2.1, Figure 1: triples, repeated
//     |              AFI              |    SAFI       |    Count      |

/** Multiple Labels capability (code 8, RFC 8277 section 2.1): per family, how many labels the speaker takes. */
export const multipleLabels: CapabilityCodec<MultipleLabelsCapability> = Object.freeze({
  code: 8,
  byteLength(v: MultipleLabelsCapability): number {
    return 4 * v.families.length;
  },
  write(v: MultipleLabelsCapability, w: Writer): void {
    for (const f of v.families) {
      w.u16(checkUint('multiple-labels.afi', f.afi, 0xffff));
      w.u8(checkUint('multiple-labels.safi', f.safi, 255));
      w.u8(checkUint('multiple-labels.count', f.count, 255));
    }
  },
  read(r: Reader): MultipleLabelsCapability {
    // "A Multiple Labels Capability whose length is not a multiple of four MUST be considered to be malformed."
    if (r.remaining % 4 !== 0) r.fail(`multiple-labels: length ${r.remaining} is not a multiple of 4`);
    const families: { afi: number; safi: number; count: number }[] = [];
    while (r.remaining > 0) families.push({ afi: r.u16('afi'), safi: r.u8('safi'), count: r.u8('count') });
    return { type: 'multiple-labels', families };
  },
});
