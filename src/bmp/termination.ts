import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { BmpCodec } from './codec.ts';
import { TERMINATION_TLVS, tlvList } from './tlv.ts';
import type { BmpTermination } from './types.ts';

/**
 * Termination body (RFC 7854 section 4.5): TLVs String 0 and Reason 1 (a 2-octet code:
 * 0 administratively closed, 1 unspecified, 2 out of resources, 3 redundant connection,
 * 4 permanently administratively closed).
 */
export const termination: BmpCodec<BmpTermination> = Object.freeze({
  byteLength(v: BmpTermination): number {
    return tlvList.byteLength(v.information);
  },
  write(v: BmpTermination, w: Writer): void {
    tlvList.write(v.information, w, TERMINATION_TLVS);
  },
  read(r: Reader): BmpTermination {
    return { type: 'termination', information: tlvList.read(r, TERMINATION_TLVS) };
  },
});
