import { UpdateErrorSubcode } from '../iana.ts';
import { u32 } from '../wire/bytes.ts';
import { formatIPv4, parseIPv4 } from '../wire/ip.ts';
import { checkUint } from '../wire/errors.ts';
import type { Writer } from '../wire/writer.ts';
import { type AttributeCodec, defineAttribute } from './codec.ts';
import type {
  AtomicAggregateAttribute,
  LocalPrefAttribute,
  MedAttribute,
  NextHopAttribute,
  OriginatorIdAttribute,
  OtcAttribute,
} from './types.ts';

/** Writes an IPv4 address given as text. @throws TypeError when it is not one. */
export function writeIPv4(field: string, text: string, w: Writer): void {
  // Performance: parsed straight into the output (no 4-byte array per address); the room is
  // checked first, and nothing past the writer's position counts until it moves.
  w.room(4);
  const b = parseIPv4(typeof text === 'string' ? text : String(text), w.bytes, w.pos);
  if (b === undefined) throw new TypeError(`${field}: ${JSON.stringify(text)} is not an IPv4 address`);
  w.pos += 4;
}

// Performance: a session names few next hops, route reflectors (ORIGINATOR_ID, CLUSTER_LIST)
// and aggregators; the last few hundred texts are kept by address.
const NH_BITS = 10;
const nhAddr = new Uint32Array(1 << NH_BITS);
const nhText: string[] = new Array<string>(1 << NH_BITS).fill('');

/** Dotted-quad text of the 4 bytes at `at`, from the cache of recent addresses when there. */
export function ipv4Text(b: Uint8Array, at: number): string {
  const v = u32(b, at);
  const slot = Math.imul(v ^ (v >>> 16), 0x9e3779b1) >>> (32 - NH_BITS);
  const hit = nhText[slot] as string;
  if (nhAddr[slot] === v && hit !== '') return hit;
  const s = formatIPv4(b, at);
  nhAddr[slot] = v;
  nhText[slot] = s;
  return s;
}

/**
 * Whether an IPv4 address with this first octet can be a host address a route points at:
 * not 0/8 ("this network"), 127/8 (loopback), 224/4 (multicast) or 240/4 (reserved, with
 * the limited broadcast), RFC 1122 section 3.2.1.3. NEXT_HOP's check (RFC 4271 section 6.3),
 * shared by the codec, the decoder's fast path and the view's clean check.
 */
export function isHostFirstOctet(first: number): boolean {
  return first !== 0 && first !== 127 && first < 224;
}

/**
 * NEXT_HOP (RFC 4271 section 5.1.3): well-known, 4 octets. RFC 7606 section 7.3: malformed
 * unless length 4 (3/5); RFC 4271 section 6.3: not "a valid IP host address" is 3/8. Both
 * treat-as-withdraw (RFC 7606 section 3 e).
 */
export const nextHop: AttributeCodec<NextHopAttribute> = defineAttribute<NextHopAttribute>({
  code: 3,
  name: 'NEXT_HOP',
  flags: 0x40,
  onError: 'treat-as-withdraw',
  byteLength: () => 4,
  write: (v, w) => writeIPv4('NEXT_HOP', v.nextHop, w),
  read(r) {
    if (r.remaining !== 4) r.fail(`length ${r.remaining} is not 4`);
    const s = ipv4Text(r.bytes, r.pos);
    if (!isHostFirstOctet(r.bytes[r.pos] as number)) r.fail(`${s} is not a valid IP host address`, 3, UpdateErrorSubcode.InvalidNextHopAttribute);
    r.pos += 4;
    return { type: 'NEXT_HOP', nextHop: s };
  },
});

/** MULTI_EXIT_DISC (RFC 4271 section 5.1.4): optional non-transitive, 4 octets (RFC 7606 section 7.4). */
export const med: AttributeCodec<MedAttribute> = defineAttribute<MedAttribute>({
  code: 4,
  name: 'MULTI_EXIT_DISC',
  flags: 0x80,
  onError: 'treat-as-withdraw',
  byteLength: () => 4,
  write: (v, w) => w.u32(checkUint('MULTI_EXIT_DISC', v.med, 0xffffffff)),
  read(r) {
    if (r.remaining !== 4) r.fail(`length ${r.remaining} is not 4`);
    return { type: 'MULTI_EXIT_DISC', med: r.u32() };
  },
});

/** LOCAL_PREF (RFC 4271 section 5.1.5): well-known, 4 octets (RFC 7606 section 7.5). */
export const localPref: AttributeCodec<LocalPrefAttribute> = defineAttribute<LocalPrefAttribute>({
  code: 5,
  name: 'LOCAL_PREF',
  flags: 0x40,
  onError: 'treat-as-withdraw',
  byteLength: () => 4,
  write: (v, w) => w.u32(checkUint('LOCAL_PREF', v.localPref, 0xffffffff)),
  read(r) {
    if (r.remaining !== 4) r.fail(`length ${r.remaining} is not 4`);
    return { type: 'LOCAL_PREF', localPref: r.u32() };
  },
});

/** ATOMIC_AGGREGATE (RFC 4271 section 5.1.6): well-known discretionary, length 0 (RFC 7606 section 7.6). */
export const atomicAggregate: AttributeCodec<AtomicAggregateAttribute> = defineAttribute<AtomicAggregateAttribute>({
  code: 6,
  name: 'ATOMIC_AGGREGATE',
  flags: 0x40,
  onError: 'attribute-discard',
  byteLength: () => 0,
  write: () => {},
  read(r) {
    if (r.remaining !== 0) r.fail(`length ${r.remaining} is not 0`);
    return { type: 'ATOMIC_AGGREGATE' };
  },
});

/** ORIGINATOR_ID (RFC 4456 section 8): optional non-transitive, 4 octets (RFC 7606 section 7.9). */
export const originatorId: AttributeCodec<OriginatorIdAttribute> = defineAttribute<OriginatorIdAttribute>({
  code: 9,
  name: 'ORIGINATOR_ID',
  flags: 0x80,
  onError: 'treat-as-withdraw',
  byteLength: () => 4,
  write: (v, w) => writeIPv4('ORIGINATOR_ID', v.originatorId, w),
  read(r) {
    if (r.remaining !== 4) r.fail(`length ${r.remaining} is not 4`);
    const s = ipv4Text(r.bytes, r.pos);
    r.pos += 4;
    return { type: 'ORIGINATOR_ID', originatorId: s };
  },
});

/** Only to Customer (RFC 9234 section 5): optional transitive, 4-octet ASN; malformed unless length 4 (treat-as-withdraw). */
export const otc: AttributeCodec<OtcAttribute> = defineAttribute<OtcAttribute>({
  code: 35,
  name: 'OTC',
  flags: 0xc0,
  onError: 'treat-as-withdraw',
  byteLength: () => 4,
  write: (v, w) => w.u32(checkUint('OTC', v.asn, 0xffffffff)),
  read(r) {
    if (r.remaining !== 4) r.fail(`length ${r.remaining} is not 4`);
    return { type: 'OTC', asn: r.u32() };
  },
});
