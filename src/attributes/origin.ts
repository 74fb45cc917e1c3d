import { UpdateErrorSubcode } from '../iana.ts';
import { type AttributeCodec, defineAttribute } from './codec.ts';
import type { OriginAttribute } from './types.ts';

/** ORIGIN values by their octet (RFC 4271 section 4.3). */
export const ORIGIN_NAMES = ['IGP', 'EGP', 'INCOMPLETE'] as const;

/** ORIGIN (RFC 4271 section 5.1.1): well-known mandatory, one octet 0 IGP, 1 EGP, 2 INCOMPLETE. */
export const origin: AttributeCodec<OriginAttribute> = defineAttribute<OriginAttribute>({
  code: 1,
  name: 'ORIGIN',
  flags: 0x40,
  onError: 'treat-as-withdraw', // RFC 7606 section 7.1
  byteLength: () => 1,
  write(v, w) {
    const i = ORIGIN_NAMES.indexOf(v.origin);
    if (i < 0) throw new TypeError(`ORIGIN: ${String(v.origin)} is not IGP, EGP or INCOMPLETE`);
    w.u8(i);
  },
  read(r) {
    if (r.remaining !== 1) r.fail(`length ${r.remaining} is not 1`);
    const v = r.u8();
    const name = ORIGIN_NAMES[v];
    // RFC 4271 section 6.3: "If the ORIGIN attribute has an undefined value, then the Error Sub-code MUST be set to Invalid Origin Attribute."
    if (name === undefined) return r.fail(`undefined value ${v}`, 3, UpdateErrorSubcode.InvalidOriginAttribute);
    return { type: 'ORIGIN', origin: name };
  },
});
