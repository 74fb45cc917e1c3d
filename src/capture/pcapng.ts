import { CaptureError } from './capture-error.ts';
import { type CaptureRecord, type Framed, NEED_MORE, viewOf } from './packet-record.ts';
import { checkBigint, checkBytes, checkObject } from '../wire/args.ts';

// pcapng (draft-ietf-opsawg-pcapng). Every block:
//   block_type(4) block_total_length(4) body(...) block_total_length(4)
// The Section Header Block (type 0x0a0d0d0a, a palindrome) carries the byte-order magic
// 0x1a2b3c4d; every later block of the section uses that order. Interface Description
// Blocks number the interfaces of the section from 0; packet blocks refer to them.

/** Section Header Block type. */
export const PCAPNG_SHB = 0x0a0d0d0a;
/** Interface Description Block type. */
export const PCAPNG_IDB = 1;
/** Obsolete Packet Block type. */
export const PCAPNG_OPB = 2;
/** Simple Packet Block type. */
export const PCAPNG_SPB = 3;
/** Enhanced Packet Block type. */
export const PCAPNG_EPB = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_END = 0;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

/** One interface of a pcapng section. */
export interface PcapngInterface {
  readonly linkType: number;
  readonly snaplen: number;
  /** if_tsresol: units per second are `base ** exponent` (base 10 or 2); default 10^6. */
  readonly tsBase: 2 | 10;
  readonly tsExponent: number;
  /** if_tsoffset in seconds (added to every timestamp). */
  readonly tsOffset: bigint;
}

/** Reading state across blocks: the current section's byte order and interfaces. */
export interface PcapngState {
  littleEndian: boolean;
  interfaces: PcapngInterface[];
  /** Number of sections seen. */
  sections: number;
}

/** A fresh pcapng reading state (before the first Section Header Block). */
export function pcapngState(): PcapngState {
  return { littleEndian: true, interfaces: [], sections: 0 };
}

/** Whether `bytes` start with a pcapng Section Header Block (needs 4 bytes). */
export function isPcapng(bytes: Uint8Array): boolean {
  checkBytes(bytes, 'isPcapng', 'bytes');
  return bytes.length >= 4 && viewOf(bytes).getUint32(0, false) === PCAPNG_SHB;
}

/** What one block turned out to be. */
export type PcapngBlock =
  | { readonly type: 'packet'; readonly record: CaptureRecord }
  | { readonly type: 'section' | 'interface' | 'other'; readonly blockType: number };

/** Converts a raw timestamp in interface units to nanoseconds since the epoch, flooring finer units. */
export function pcapngTimestamp(units: bigint, iface: PcapngInterface | undefined): bigint {
  checkBigint(units, 'pcapngTimestamp', 'units');
  const base = iface?.tsBase ?? 10;
  const exp = iface?.tsExponent ?? 6;
  let ns: bigint;
  if (base === 10) {
    ns = exp <= 9 ? units * 10n ** BigInt(9 - exp) : units / 10n ** BigInt(exp - 9);
  } else {
    ns = (units * 1_000_000_000n) >> BigInt(exp);
  }
  return ns + (iface?.tsOffset ?? 0n) * 1_000_000_000n;
}

/**
 * Frames and interprets the pcapng block at `offset`, updating `state` for section and
 * interface blocks. Packet data is a view into `bytes`. Unknown block types are skipped.
 * @throws CaptureError on a bad byte-order magic, a block length that is not a multiple
 * of 4, below 12, above `maxBlockLength`, or does not match its trailing copy.
 */
export function readPcapngBlock(
  bytes: Uint8Array,
  offset: number,
  state: PcapngState,
  frame: number,
  maxBlockLength: number,
): Framed<PcapngBlock> {
  checkBytes(bytes, 'readPcapngBlock', 'bytes');
  checkObject(state, 'readPcapngBlock', 'state');
  if (bytes.length - offset < 12) return NEED_MORE;
  const dv = viewOf(bytes);
  const rawType = dv.getUint32(offset, false);
  if (rawType === PCAPNG_SHB) {
    const magic = dv.getUint32(offset + 8, false);
    if (magic === BYTE_ORDER_MAGIC) state.littleEndian = false;
    else if (dv.getUint32(offset + 8, true) === BYTE_ORDER_MAGIC) state.littleEndian = true;
    else throw new CaptureError('bad-magic', `bad pcapng byte-order magic 0x${magic.toString(16)}`, offset + 8);
  }
  const le = state.littleEndian;
  const type = dv.getUint32(offset, le);
  const length = dv.getUint32(offset + 4, le);
  if (length < 12 || length % 4 !== 0) {
    throw new CaptureError('bad-block', `bad pcapng block length ${length}`, offset + 4);
  }
  if (length > maxBlockLength) {
    throw new CaptureError('too-large', `pcapng block length ${length} above the limit ${maxBlockLength}`, offset + 4);
  }
  if (bytes.length - offset < length) return NEED_MORE;
  const trailer = dv.getUint32(offset + length - 4, le);
  if (trailer !== length) {
    throw new CaptureError('bad-block', `pcapng block length ${length} does not match its trailer ${trailer}`, offset + length - 4);
  }
  const next = offset + length;
  const bodyEnd = offset + length - 4;
  switch (type) {
    case PCAPNG_SHB: {
      if (length < 28) throw new CaptureError('bad-block', `section header block too short: ${length}`, offset);
      state.interfaces = [];
      state.sections++;
      return { value: { type: 'section', blockType: type }, next };
    }
    case PCAPNG_IDB: {
      if (length < 20) throw new CaptureError('bad-block', `interface description block too short: ${length}`, offset);
      let tsBase: 2 | 10 = 10;
      let tsExponent = 6;
      let tsOffset = 0n;
      forEachOption(dv, offset + 16, bodyEnd, le, (code, start, len) => {
        if (code === OPT_IF_TSRESOL && len >= 1) {
          const v = dv.getUint8(start);
          tsBase = (v & 0x80) !== 0 ? 2 : 10;
          tsExponent = v & 0x7f;
        } else if (code === OPT_IF_TSOFFSET && len >= 8) {
          tsOffset = dv.getBigInt64(start, le);
        }
      });
      state.interfaces.push({
        linkType: dv.getUint16(offset + 8, le),
        snaplen: dv.getUint32(offset + 12, le),
        tsBase,
        tsExponent,
        tsOffset,
      });
      return { value: { type: 'interface', blockType: type }, next };
    }
    case PCAPNG_EPB:
    case PCAPNG_OPB: {
      if (length < 32) throw new CaptureError('bad-block', `packet block too short: ${length}`, offset);
      const isEpb = type === PCAPNG_EPB;
      const ifId = isEpb ? dv.getUint32(offset + 8, le) : dv.getUint16(offset + 8, le);
      const hi = dv.getUint32(offset + 12, le);
      const lo = dv.getUint32(offset + 16, le);
      const caplen = dv.getUint32(offset + 20, le);
      const origlen = dv.getUint32(offset + 24, le);
      const dataStart = offset + 28;
      if (caplen > bodyEnd - dataStart) {
        throw new CaptureError('bad-block', `captured length ${caplen} exceeds the block`, offset + 20);
      }
      const iface = state.interfaces[ifId];
      if (iface === undefined) {
        throw new CaptureError('bad-block', `packet on undeclared interface ${ifId}`, offset + 8);
      }
      const units = (BigInt(hi) << 32n) | BigInt(lo);
      const record: CaptureRecord = {
        frame,
        offset,
        timestamp: pcapngTimestamp(units, iface),
        linkType: iface.linkType,
        interfaceId: ifId,
        capturedLength: caplen,
        originalLength: origlen,
        data: bytes.subarray(dataStart, dataStart + caplen),
      };
      return { value: { type: 'packet', record }, next };
    }
    case PCAPNG_SPB: {
      if (length < 16) throw new CaptureError('bad-block', `simple packet block too short: ${length}`, offset);
      const iface = state.interfaces[0];
      if (iface === undefined) throw new CaptureError('bad-block', 'simple packet block without an interface', offset);
      const origlen = dv.getUint32(offset + 8, le);
      const dataStart = offset + 12;
      // The SPB has no captured length: it is the original length, limited by snaplen and the block.
      let caplen = Math.min(origlen, bodyEnd - dataStart);
      if (iface.snaplen !== 0) caplen = Math.min(caplen, iface.snaplen);
      const record: CaptureRecord = {
        frame,
        offset,
        // An SPB has no timestamp.
        timestamp: 0n,
        linkType: iface.linkType,
        interfaceId: 0,
        capturedLength: caplen,
        originalLength: origlen,
        data: bytes.subarray(dataStart, dataStart + caplen),
      };
      return { value: { type: 'packet', record }, next };
    }
    default:
      return { value: { type: 'other', blockType: type }, next };
  }
}

function forEachOption(
  dv: DataView,
  start: number,
  end: number,
  le: boolean,
  visit: (code: number, valueStart: number, valueLength: number) => void,
): void {
  let p = start;
  while (end - p >= 4) {
    const code = dv.getUint16(p, le);
    const len = dv.getUint16(p + 2, le);
    if (code === OPT_END) return;
    // A value running past the block is ignored rather than read out of range.
    if (len > end - p - 4) return;
    visit(code, p + 4, len);
    p += 4 + ((len + 3) & ~3);
  }
}
