import { CaptureError } from './capture-error.ts';
import { type CaptureRecord, type Framed, NEED_MORE, viewOf } from './packet-record.ts';
import { checkBytes, checkObject } from '../wire/args.ts';

// Classic libpcap format (draft-ietf-opsawg-pcap):
//   global header, 24 bytes:
//     magic(4) version_major(2) version_minor(2) thiszone(4) sigfigs(4) snaplen(4) linktype(4)
//   per record, 16 bytes + data:
//     ts_sec(4) ts_frac(4) incl_len(4) orig_len(4) data(incl_len)
// The magic, written in the writer's byte order, says the order and the unit of ts_frac.

/** Microsecond-resolution pcap magic (as read in the file's own byte order). */
export const PCAP_MAGIC_MICRO = 0xa1b2c3d4;
/** Nanosecond-resolution pcap magic. */
export const PCAP_MAGIC_NANO = 0xa1b23c4d;
/** Size of the pcap global header. */
export const PCAP_HEADER_LENGTH = 24;
/** Size of a pcap record header. */
export const PCAP_RECORD_HEADER_LENGTH = 16;

/** The global header of a classic pcap file. */
export interface PcapHeader {
  readonly format: 'pcap';
  readonly littleEndian: boolean;
  /** Whether timestamps carry nanoseconds (magic 0xa1b23c4d) rather than microseconds. */
  readonly nanosecond: boolean;
  readonly versionMajor: number;
  readonly versionMinor: number;
  readonly snaplen: number;
  /** LINKTYPE_* (low 28 bits of the field; the FCS bits are dropped). */
  readonly linkType: number;
}

/** Whether `bytes` start with a pcap magic in either byte order (needs 4 bytes). */
export function isPcap(bytes: Uint8Array): boolean {
  checkBytes(bytes, 'isPcap', 'bytes');
  if (bytes.length < 4) return false;
  const dv = viewOf(bytes);
  for (const le of [false, true]) {
    const m = dv.getUint32(0, le);
    if (m === PCAP_MAGIC_MICRO || m === PCAP_MAGIC_NANO) return true;
  }
  return false;
}

/**
 * Reads the pcap global header at `offset`.
 * @throws CaptureError when the magic is not a pcap magic.
 */
export function readPcapHeader(bytes: Uint8Array, offset = 0): Framed<PcapHeader> {
  checkBytes(bytes, 'readPcapHeader', 'bytes');
  if (bytes.length - offset < PCAP_HEADER_LENGTH) return NEED_MORE;
  const dv = viewOf(bytes);
  let littleEndian: boolean;
  let nanosecond: boolean;
  const be = dv.getUint32(offset, false);
  const le = dv.getUint32(offset, true);
  if (be === PCAP_MAGIC_MICRO || be === PCAP_MAGIC_NANO) {
    littleEndian = false;
    nanosecond = be === PCAP_MAGIC_NANO;
  } else if (le === PCAP_MAGIC_MICRO || le === PCAP_MAGIC_NANO) {
    littleEndian = true;
    nanosecond = le === PCAP_MAGIC_NANO;
  } else {
    throw new CaptureError('bad-magic', `not a pcap magic: 0x${be.toString(16)}`, offset);
  }
  const header: PcapHeader = {
    format: 'pcap',
    littleEndian,
    nanosecond,
    versionMajor: dv.getUint16(offset + 4, littleEndian),
    versionMinor: dv.getUint16(offset + 6, littleEndian),
    snaplen: dv.getUint32(offset + 16, littleEndian),
    linkType: dv.getUint32(offset + 20, littleEndian) & 0x0fffffff,
  };
  return { value: header, next: offset + PCAP_HEADER_LENGTH };
}

/**
 * Frames the pcap record at `offset`; `data` is a view into `bytes`. Returns NEED_MORE when
 * the record is not complete in `bytes`.
 * @throws CaptureError when incl_len exceeds `maxRecordLength` (the file is corrupt).
 */
export function readPcapRecord(
  bytes: Uint8Array,
  offset: number,
  header: PcapHeader,
  frame: number,
  maxRecordLength: number,
): Framed<CaptureRecord> {
  checkBytes(bytes, 'readPcapRecord', 'bytes');
  checkObject(header, 'readPcapRecord', 'header');
  if (bytes.length - offset < PCAP_RECORD_HEADER_LENGTH) return NEED_MORE;
  const dv = viewOf(bytes);
  const le = header.littleEndian;
  const sec = dv.getUint32(offset, le);
  const frac = dv.getUint32(offset + 4, le);
  const incl = dv.getUint32(offset + 8, le);
  const orig = dv.getUint32(offset + 12, le);
  // Never trust incl_len: a corrupt one would otherwise make us buffer gigabytes.
  if (incl > maxRecordLength) {
    throw new CaptureError('too-large', `pcap record length ${incl} above the limit ${maxRecordLength}`, offset);
  }
  const start = offset + PCAP_RECORD_HEADER_LENGTH;
  if (bytes.length - start < incl) return NEED_MORE;
  const timestamp = BigInt(sec) * 1_000_000_000n + BigInt(frac) * (header.nanosecond ? 1n : 1000n);
  const record: CaptureRecord = {
    frame,
    offset,
    timestamp,
    linkType: header.linkType,
    interfaceId: 0,
    capturedLength: incl,
    originalLength: orig,
    data: bytes.subarray(start, start + incl),
  };
  return { value: record, next: start + incl };
}
