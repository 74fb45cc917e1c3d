import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { Capability } from './types.ts';

/**
 * The codec trio for one capability's value (RFC 5492 section 4): the registry writes the
 * code and length octets around it.
 */
export interface CapabilityCodec<T extends Capability> {
  /** The Capability Code this codec reads and writes. */
  readonly code: number;
  /** Exact size of the value in octets. */
  byteLength(value: T): number;
  /** Writes exactly `byteLength(value)` octets. */
  write(value: T, w: Writer): void;
  /** Reads the value from a reader bounded to the Capability Length; must consume all of it. */
  read(r: Reader): T;
}
