import type { Reader } from '../wire/reader.ts';
import type { CapabilityCodec } from './codec.ts';
import type { FlagCapability } from './types.ts';

/** Enhanced Route Refresh capability (code 70, RFC 7313 section 3.1: "Capability Length ... is zero"). */
export const enhancedRouteRefresh: CapabilityCodec<FlagCapability> = Object.freeze({
  code: 70,
  byteLength(): number {
    return 0;
  },
  write(): void {},
  read(r: Reader): FlagCapability {
    if (r.remaining !== 0) r.fail(`enhanced-route-refresh: length ${r.remaining}, expected 0`);
    return { type: 'enhanced-route-refresh' };
  },
});
