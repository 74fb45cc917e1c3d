/** One packet record of a pcap or pcapng file, framed but not parsed. */
export interface CaptureRecord {
  /** 1-based index among packet records (Wireshark's frame number). */
  readonly frame: number;
  /** Byte offset of the record (pcap) or block (pcapng) in the file. */
  readonly offset: number;
  /** Capture time in nanoseconds since the Unix epoch, exactly as the file gives it (finer units are floored). */
  readonly timestamp: bigint;
  /** LINKTYPE_* value of the record's interface (tcpdump.org link-layer header types). */
  readonly linkType: number;
  /** pcapng interface id (0 for classic pcap). */
  readonly interfaceId: number;
  /** Bytes present in the file (snaplen-limited). */
  readonly capturedLength: number;
  /** Bytes the packet had on the wire. */
  readonly originalLength: number;
  /** The captured bytes: a view into the input, valid while the input is unchanged. */
  readonly data: Uint8Array;
}

/** Reading a record needs more bytes than are buffered. */
export const NEED_MORE: unique symbol = Symbol('need-more');

/** The result of framing one item at an offset: a value and the offset after it, or NEED_MORE. */
export type Framed<T> = { readonly value: T; readonly next: number } | typeof NEED_MORE;

/** A DataView over `bytes` (respecting its byteOffset). */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
