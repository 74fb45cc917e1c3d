import { checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { CapabilityCodec } from './codec.ts';
import type { RoleCapability } from './types.ts';

/** BGP Role capability (code 9, RFC 9234 section 4.1: Length 1, the role value 0..4, others unassigned). */
export const role: CapabilityCodec<RoleCapability> = Object.freeze({
  code: 9,
  byteLength(): number {
    return 1;
  },
  write(v: RoleCapability, w: Writer): void {
    w.u8(checkUint('role.role', v.role, 0xff));
  },
  read(r: Reader): RoleCapability {
    if (r.remaining !== 1) r.fail(`role: length ${r.remaining}, expected 1`);
    return { type: 'role', role: r.u8('role') };
  },
});
