import { WellKnownCommunity } from '../iana.ts';
import { checkUint } from '../wire/errors.ts';
import type { Writer } from '../wire/writer.ts';
import { type AttributeCodec, defineAttribute } from './codec.ts';
import { ipv4Text, writeIPv4 } from './simple.ts';
import type { ClusterListAttribute, CommunitiesAttribute, LargeCommunitiesAttribute } from './types.ts';
import { u32 } from '../wire/bytes.ts';
import { checkNumber, checkString } from '../wire/args.ts';

// Daemon spellings that are not the IANA name once case and `-`/`_` are set aside: FRR and
// Cisco `local-AS` (RFC 1997 NO_EXPORT_SUBCONFED), OpenBGPD and GoBGP `no-peer` (RFC 3765 NOPEER).
const ALIASES: Readonly<Record<string, string>> = { LOCAL_AS: 'NO_EXPORT_SUBCONFED', NO_PEER: 'NOPEER' };

/** `no-export`, `No_Export`, `Standby PE` → `NO_EXPORT`, `STANDBY_PE`: the key names are compared by. */
function nameKey(text: string): string {
  return text.trim().toUpperCase().replace(/[-\s]+/g, '_');
}

/**
 * The value of a well-known community name in IANA or daemon spelling, any case (RFC 1997,
 * RFC 7999, RFC 8326 and the IANA registry): `NO_EXPORT`, `no-export`, `blackhole`,
 * `graceful-shutdown`, `local-AS`, ...; undefined for anything else.
 */
function namedCommunity(text: string): number | undefined {
  let key = nameKey(text);
  key = ALIASES[key] ?? key;
  // A linear scan of 15 names: only names take this path, and no table is built at load.
  for (const [name, value] of Object.entries(WellKnownCommunity)) if (nameKey(name) === key) return value;
  return undefined;
}

/**
 * Parses `65000:100`, or a well-known community name in IANA or daemon spelling and any case
 * (`NO_EXPORT`, `no-export`, `blackhole`, `graceful-shutdown`, `local-AS`, `no-peer`, ...:
 * RFC 1997, RFC 7999, RFC 8326, IANA registry), to its 32-bit value. Decoded communities stay
 * `ASN:value` text; {@link communityName} gives the name.
 * @throws TypeError when the text is neither.
 * @example parseCommunity('no-export') // 0xffffff01, as parseCommunity('65535:65281')
 */
export function parseCommunity(text: string): number {
  checkString(text, 'parseCommunity', 'text');
  const fast = parsePair(text);
  if (fast >= 0) return fast;
  const named = typeof text === 'string' ? namedCommunity(text) : undefined;
  if (named !== undefined) return named;
  const m = /^(\d{1,5}):(\d{1,5})$/.exec(String(text));
  if (m === null) throw new TypeError(`community: ${JSON.stringify(text)} is not ASN:value or a well-known community name (NO_EXPORT, no-export, blackhole, graceful-shutdown, ...)`);
  const hi = checkUint('community ASN', Number(m[1]), 0xffff);
  const lo = checkUint('community value', Number(m[2]), 0xffff);
  return ((hi << 16) | lo) >>> 0;
}

// Performance: `asn:value` without the regex (the encoder's hot path); -1 sends anything
// else (names, out-of-range or malformed text) to the full parser and its errors.
function parsePair(text: string): number {
  if (typeof text !== 'string') return -1;
  const n = text.length;
  let i = 0;
  let hi = 0;
  for (; i < n && i < 6; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    hi = hi * 10 + c;
  }
  if (i === 0 || i > 5 || i >= n || text.charCodeAt(i) !== 58) return -1;
  const j0 = ++i;
  let lo = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    lo = lo * 10 + c;
  }
  if (i === j0 || i - j0 > 5 || hi > 0xffff || lo > 0xffff) return -1;
  return ((hi << 16) | lo) >>> 0;
}

// Performance: a feed repeats a few thousand communities millions of times; a small
// direct-mapped cache of recent texts hands back the same (equal) string instead of a new one.
const CACHE_BITS = 11;
const cacheValue = new Uint32Array(1 << CACHE_BITS);
// Slot 0 holds no text yet: its value 0 must not hit before it is filled.
const cacheText: string[] = new Array<string>(1 << CACHE_BITS).fill('');

function communityText(value: number): string {
  const slot = Math.imul(value ^ (value >>> 15), 0x9e3779b1) >>> (32 - CACHE_BITS);
  const hit = cacheText[slot] as string;
  if (cacheValue[slot] === value && hit !== '') return hit;
  const text = `${value >>> 16}:${value & 0xffff}`;
  cacheValue[slot] = value;
  cacheText[slot] = text;
  return text;
}

/** Text of a 32-bit community in the `65000:100` notation of bgpctl, birdc and Wireshark. */
export function formatCommunity(value: number): string {
  checkNumber(value, 'formatCommunity', 'value');
  return `${value >>> 16}:${value & 0xffff}`;
}

/** COMMUNITIES (RFC 1997): optional transitive, 4 octets each; RFC 7606 section 7.8: a non-zero multiple of 4, else treat-as-withdraw. */
export const communities: AttributeCodec<CommunitiesAttribute> = defineAttribute<CommunitiesAttribute>({
  code: 8,
  name: 'COMMUNITIES',
  flags: 0xc0,
  onError: 'treat-as-withdraw',
  byteLength: (v) => v.communities.length * 4,
  write(v, w) {
    for (const c of v.communities) w.u32(parseCommunity(c));
  },
  read(r) {
    const n = r.remaining;
    if (n === 0 || n % 4 !== 0) r.fail(`length ${n} is not a non-zero multiple of 4`);
    const v = communitiesValue(r.bytes, r.pos, n);
    r.pos += n;
    return v;
  },
});

/** The COMMUNITIES value of the `n` bytes at `at` (`n` a non-zero multiple of 4, as checked by the codec). */
export function communitiesValue(b: Uint8Array, at: number, n: number): CommunitiesAttribute {
  const out = new Array<string>(n >> 2);
  let p = at;
  for (let i = 0; i < out.length; i++, p += 4) {
    out[i] = communityText(u32(b, p));
  }
  return { type: 'COMMUNITIES', communities: out };
}

// Performance: as for COMMUNITIES, recent large community texts by their three words (a
// feed repeats few of them; each text is otherwise three number conversions).
const LARGE_BITS = 10;
const largeWords = new Uint32Array(3 << LARGE_BITS);
const largeCache: string[] = new Array<string>(1 << LARGE_BITS).fill('');

function largeText(g: number, l1: number, l2: number): string {
  const slot = Math.imul(g ^ Math.imul(l1, 31) ^ Math.imul(l2, 961), 0x9e3779b1) >>> (32 - LARGE_BITS);
  const k = slot * 3;
  const hit = largeCache[slot] as string;
  if (largeWords[k] === g && largeWords[k + 1] === l1 && largeWords[k + 2] === l2 && hit !== '') return hit;
  const text = `${g}:${l1}:${l2}`;
  largeWords[k] = g;
  largeWords[k + 1] = l1;
  largeWords[k + 2] = l2;
  largeCache[slot] = text;
  return text;
}

function writeLarge(text: string, w: Writer): void {
  const m = /^(\d{1,10}):(\d{1,10}):(\d{1,10})$/.exec(String(text));
  if (m === null) throw new TypeError(`large community: ${JSON.stringify(text)} is not ASN:value:value`);
  w.u32(checkUint('large community global administrator', Number(m[1]), 0xffffffff));
  w.u32(checkUint('large community local data 1', Number(m[2]), 0xffffffff));
  w.u32(checkUint('large community local data 2', Number(m[3]), 0xffffffff));
}

/** LARGE_COMMUNITY (RFC 8092 section 3): optional transitive, 12 octets each; section 6: a non-zero multiple of 12, else treat-as-withdraw. */
export const largeCommunities: AttributeCodec<LargeCommunitiesAttribute> = defineAttribute<LargeCommunitiesAttribute>({
  code: 32,
  name: 'LARGE_COMMUNITY',
  flags: 0xc0,
  onError: 'treat-as-withdraw',
  byteLength: (v) => v.communities.length * 12,
  write(v, w) {
    for (const c of v.communities) writeLarge(c, w);
  },
  read(r) {
    const n = r.remaining;
    if (n === 0 || n % 12 !== 0) r.fail(`length ${n} is not a non-zero multiple of 12`);
    const out = new Array<string>(n / 12);
    const b = r.bytes;
    let p = r.pos;
    for (let i = 0; i < out.length; i++, p += 12) out[i] = largeText(u32(b, p), u32(b, p + 4), u32(b, p + 8));
    r.pos = p;
    return { type: 'LARGE_COMMUNITY', communities: out };
  },
});

/** CLUSTER_LIST (RFC 4456 section 8): optional non-transitive, 4-octet cluster ids; RFC 7606 section 7.10. */
export const clusterList: AttributeCodec<ClusterListAttribute> = defineAttribute<ClusterListAttribute>({
  code: 10,
  name: 'CLUSTER_LIST',
  flags: 0x80,
  onError: 'treat-as-withdraw',
  byteLength: (v) => v.clusterIds.length * 4,
  write(v, w) {
    for (const id of v.clusterIds) writeIPv4('CLUSTER_LIST', id, w);
  },
  read(r) {
    const n = r.remaining;
    if (n === 0 || n % 4 !== 0) r.fail(`length ${n} is not a non-zero multiple of 4`);
    const v = clusterListValue(r.bytes, r.pos, n);
    r.pos += n;
    return v;
  },
});

/** The CLUSTER_LIST value of the `n` bytes at `at` (`n` a non-zero multiple of 4, as checked by the codec). */
export function clusterListValue(b: Uint8Array, at: number, n: number): ClusterListAttribute {
  const out = new Array<string>(n >> 2);
  for (let i = 0; i < out.length; i++) out[i] = ipv4Text(b, at + 4 * i);
  return { type: 'CLUSTER_LIST', clusterIds: out };
}
