import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { BmpCodec } from './codec.ts';
import { INITIATION_TLVS, tlvList } from './tlv.ts';
import type { BmpInitiation } from './types.ts';

/**
 * Initiation body (RFC 7854 section 4.3): Information TLVs (RFC 9736 section 3.1: String 0,
 * sysDescr 1, sysName 2), no per-peer header:
 * ```
 * |          Information Type     |       Information Length      |
 * |                 Information (variable)                        |
 * ```
 */
export const initiation: BmpCodec<BmpInitiation> = Object.freeze({
  byteLength(v: BmpInitiation): number {
    return tlvList.byteLength(v.information);
  },
  write(v: BmpInitiation, w: Writer): void {
    tlvList.write(v.information, w, INITIATION_TLVS);
  },
  read(r: Reader): BmpInitiation {
    return { type: 'initiation', information: tlvList.read(r, INITIATION_TLVS) };
  },
});
