import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { BmpPeerHeader } from './types.ts';

/** The codec trio of a BMP element (STYLE.md "Codec pattern"): exact size, write, read. */
export interface BmpCodec<T> {
  /** Exact encoded length. */
  byteLength(value: T): number;
  /** Writes exactly byteLength bytes. @throws TypeError / RangeError for bad values. */
  write(value: T, w: Writer): void;
  /** Reads the element filling the reader's window. @throws BmpError on malformed bytes. */
  read(r: Reader): T;
}

/** The codec of a message body that follows a per-peer header (read gets the decoded header). */
export interface BmpPeerBodyCodec<T> {
  /** Exact encoded length, per-peer header included. */
  byteLength(value: T): number;
  /** Writes the per-peer header and the body. */
  write(value: T, w: Writer): void;
  /** Reads the body (after the per-peer header) filling the reader's window. */
  read(r: Reader, peer: BmpPeerHeader): T;
}
