import { checkUint } from '../wire/errors.ts';
import type { RawCapability } from './types.ts';

/**
 * A capability kept as bytes: unknown codes (RFC 5492 section 3: "it MUST ignore that
 * capability"), or known ones whose value does not decode (`malformed` says why).
 */
export function rawCapability(code: number, value: Uint8Array, malformed?: string): RawCapability {
  checkUint('capability.code', code, 0xff);
  return malformed === undefined ? { type: 'raw', code, value } : { type: 'raw', code, value, malformed };
}
