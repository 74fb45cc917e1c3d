import { checkUint } from '../wire/errors.ts';
import { type AttributeCodec, defineAttribute } from './codec.ts';
import type { AigpAttribute, AigpTlv } from './types.ts';

// RFC 7311 section 3: a sequence of TLVs, Type (1 octet), Length (2 octets, counting the
// whole TLV), Value; type 1 is the AIGP TLV, length 11, an 8-octet metric.

function tlvLength(t: AigpTlv): number {
  return 'metric' in t ? 11 : 3 + t.value.length;
}

/** AIGP (RFC 7311): optional non-transitive; section 3.2: a malformed one is discarded. */
export const aigp: AttributeCodec<AigpAttribute> = defineAttribute<AigpAttribute>({
  code: 26,
  name: 'AIGP',
  flags: 0x80,
  onError: 'attribute-discard',
  byteLength(v) {
    let n = 0;
    for (const t of v.tlvs) n += tlvLength(t);
    return n;
  },
  write(v, w) {
    for (const t of v.tlvs) {
      w.u8(checkUint('AIGP TLV type', t.tlvType, 255));
      w.u16(checkUint('AIGP TLV length', tlvLength(t), 0xffff));
      if ('metric' in t) {
        if (typeof t.metric !== 'bigint' || t.metric < 0n || t.metric > 0xffffffffffffffffn) throw new RangeError('AIGP metric: not a 64-bit unsigned bigint');
        w.u64(t.metric);
      } else {
        w.raw(t.value);
      }
    }
  },
  read(r) {
    const tlvs: AigpTlv[] = [];
    if (r.remaining === 0) r.fail('length 0');
    while (r.pos < r.end) {
      const tlvType = r.u8();
      const len = r.u16();
      if (len < 3) r.fail(`TLV length ${len} is less than 3`);
      const body = r.child(len - 3, 'AIGP TLV');
      if (tlvType === 1) {
        if (len !== 11) r.fail(`AIGP TLV length ${len} is not 11`);
        tlvs.push({ tlvType: 1, metric: body.u64() });
      } else {
        tlvs.push({ tlvType, value: body.rest() });
      }
    }
    return { type: 'AIGP', tlvs };
  },
});
