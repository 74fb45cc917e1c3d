import type { Reader } from '../wire/reader.ts';
import type { CapabilityCodec } from './codec.ts';
import type { FlagCapability } from './types.ts';

/** BGP Extended Message capability (code 6, RFC 8654 section 3: "Capability Length 0"). */
export const extendedMessage: CapabilityCodec<FlagCapability> = Object.freeze({
  code: 6,
  byteLength(): number {
    return 0;
  },
  write(): void {},
  read(r: Reader): FlagCapability {
    if (r.remaining !== 0) r.fail(`extended-message: length ${r.remaining}, expected 0`);
    return { type: 'extended-message' };
  },
});
