import type { Reader } from '../wire/reader.ts';
import type { CapabilityCodec } from './codec.ts';
import type { RouteRefreshCapability } from './types.ts';

function empty(type: RouteRefreshCapability['type'], code: number): CapabilityCodec<RouteRefreshCapability> {
  return Object.freeze({
    code,
    byteLength(): number {
      return 0;
    },
    write(): void {},
    read(r: Reader): RouteRefreshCapability {
      if (r.remaining !== 0) r.fail(`${type}: length ${r.remaining}, expected 0`);
      return { type };
    },
  });
}

/** Route Refresh capability (code 2, RFC 2918 section 2: Capability Length 0). */
export const routeRefresh: CapabilityCodec<RouteRefreshCapability> = empty('route-refresh', 2);

/** Cisco's pre-standard Route Refresh capability (code 128, same empty value as code 2). */
export const routeRefreshCisco: CapabilityCodec<RouteRefreshCapability> = empty('route-refresh-cisco', 128);
