import { checkUint } from '../wire/errors.ts';
import { checkAsn2 } from './as-path.ts';
import { type AttributeCodec, defineAttribute } from './codec.ts';
import { ipv4Text, writeIPv4 } from './simple.ts';
import type { AggregatorAttribute, As4AggregatorAttribute } from './types.ts';

/**
 * AGGREGATOR (RFC 4271 section 5.1.7): optional transitive, last AS (2 octets, or 4 where the
 * session has the 4-octet AS capability, RFC 6793 section 4.1) and IPv4 address.
 * RFC 7606 section 7.7: length other than 6 (or 8) is malformed, "attribute discard".
 */
export const aggregator: AttributeCodec<AggregatorAttribute> = defineAttribute<AggregatorAttribute>({
  code: 7,
  name: 'AGGREGATOR',
  flags: 0xc0,
  onError: 'attribute-discard',
  byteLength: (_v, ctx) => (ctx.as4 ? 8 : 6),
  write(v, w, ctx) {
    if (ctx.as4) w.u32(checkUint('AGGREGATOR ASN', v.asn, 0xffffffff));
    else w.u16(checkAsn2('AGGREGATOR ASN', v.asn));
    writeIPv4('AGGREGATOR', v.address, w);
  },
  read(r, ctx) {
    const want = ctx.as4 ? 8 : 6;
    if (r.remaining !== want) r.fail(`length ${r.remaining} is not ${want}`);
    const asn = ctx.as4 ? r.u32() : r.u16();
    const address = ipv4Text(r.bytes, r.pos);
    r.pos += 4;
    return { type: 'AGGREGATOR', asn, address };
  },
});

/** AS4_AGGREGATOR (RFC 6793 section 3): optional transitive, 4-octet AS and IPv4 address; malformed is discarded. */
export const as4Aggregator: AttributeCodec<As4AggregatorAttribute> = defineAttribute<As4AggregatorAttribute>({
  code: 18,
  name: 'AS4_AGGREGATOR',
  flags: 0xc0,
  onError: 'attribute-discard',
  byteLength: () => 8,
  write(v, w) {
    w.u32(checkUint('AS4_AGGREGATOR ASN', v.asn, 0xffffffff));
    writeIPv4('AS4_AGGREGATOR', v.address, w);
  },
  read(r) {
    if (r.remaining !== 8) r.fail(`length ${r.remaining} is not 8`);
    const asn = r.u32();
    const address = ipv4Text(r.bytes, r.pos);
    r.pos += 4;
    return { type: 'AS4_AGGREGATOR', asn, address };
  },
});
