import { formatIPv4, formatIPv6, parseIPv6 } from '../wire/ip.ts';
import { checkUint } from '../wire/errors.ts';
import { Reader } from '../wire/reader.ts';
import { Writer } from '../wire/writer.ts';
import { type AttributeCodec, defineAttribute } from './codec.ts';
import { writeIPv4 } from './simple.ts';
import type { ExtendedCommunitiesAttribute, ExtendedCommunity, Ipv6ExtendedCommunitiesAttribute, Ipv6ExtendedCommunity } from './types.ts';
import { checkObject } from '../wire/args.ts';

// RFC 4360 section 2: each extended community is 8 octets, a type (high octet; bit 0x40 set
// means non-transitive), a sub-type for the "regular" types, and a value. RFC 7153 lists
// the types: 0x00 two-octet AS specific, 0x01 IPv4 address specific, 0x02 four-octet AS
// specific (RFC 5668), 0x03 opaque; sub-type 0x02 route target, 0x03 route origin.

function readOne(r: Reader): ExtendedCommunity {
  const type = r.u8();
  const subtype = r.u8();
  const base = type & 0xbf;
  if ((subtype === 2 || subtype === 3) && base <= 2) {
    const kind = subtype === 2 ? 'route-target' : 'route-origin';
    if (base === 0) return { kind, type, subtype, global: r.u16(), local: r.u32() };
    if (base === 1) {
      const global = formatIPv4(r.bytes, r.pos);
      r.pos += 4;
      return { kind, type, subtype, global, local: r.u16() };
    }
    return { kind, type, subtype, global: r.u32(), local: r.u16() };
  }
  if (subtype === 4 && base === 0) {
    // draft-ietf-idr-link-bandwidth: 2-octet AS and an IEEE 754 float in bytes per second.
    const asn = r.u16();
    const bits = r.u32();
    const f = new Float32Array(new Uint32Array([bits]).buffer)[0] as number;
    return { kind: 'link-bandwidth', type, subtype, asn, bandwidth: f };
  }
  if (type === 0x03 && subtype === 0x0c) {
    // RFC 9012 section 4.1: 4 reserved octets, then the tunnel type.
    r.skip(4);
    return { kind: 'encapsulation', type, subtype, tunnelType: r.u16() };
  }
  return { kind: 'raw', type, subtype, value: r.copy(6) };
}

function writeOne(c: ExtendedCommunity, w: Writer): void {
  w.u8(checkUint('extended community type', c.type, 255));
  w.u8(checkUint('extended community subtype', c.subtype, 255));
  switch (c.kind) {
    case 'route-target':
    case 'route-origin': {
      const base = c.type & 0xbf;
      if (base === 0) {
        w.u16(checkUint('extended community global administrator', c.global, 0xffff));
        w.u32(checkUint('extended community local administrator', c.local, 0xffffffff));
      } else if (base === 1) {
        writeIPv4('extended community global administrator', String(c.global), w);
        w.u16(checkUint('extended community local administrator', c.local, 0xffff));
      } else if (base === 2) {
        w.u32(checkUint('extended community global administrator', c.global, 0xffffffff));
        w.u16(checkUint('extended community local administrator', c.local, 0xffff));
      } else {
        throw new TypeError(`extended community: type ${c.type} has no ${c.kind} form`);
      }
      return;
    }
    case 'link-bandwidth': {
      w.u16(checkUint('link bandwidth ASN', c.asn, 0xffff));
      const bits = new Uint32Array(new Float32Array([c.bandwidth]).buffer)[0] as number;
      w.u32(bits);
      return;
    }
    case 'encapsulation':
      w.u32(0);
      w.u16(checkUint('tunnel type', c.tunnelType, 0xffff));
      return;
    case 'raw':
      if (!(c.value instanceof Uint8Array) || c.value.length !== 6) throw new TypeError('extended community: raw value must be 6 bytes');
      w.raw(c.value);
      return;
  }
}

// One writer over 8 scratch bytes, reused: the typed form re-encoded for comparison.
const scratch = new Uint8Array(8);
const scratchWriter = new Writer(scratch);

/** Decodes one 8-octet extended community at `r`, falling back to raw when the typed form would not re-encode identically. */
function readExact(r: Reader): ExtendedCommunity {
  const start = r.pos;
  const c = readOne(r);
  if (c.kind === 'raw') return c;
  scratchWriter.pos = 0;
  writeOne(c, scratchWriter);
  const b = r.bytes;
  let same = true;
  for (let i = 0; i < 8; i++) if (scratch[i] !== b[start + i]) same = false;
  if (same) return c;
  return { kind: 'raw', type: c.type, subtype: c.subtype, value: b.slice(start + 2, start + 8) };
}

/** EXTENDED_COMMUNITIES (RFC 4360 section 2): optional transitive; RFC 7606 section 7.14: a non-zero multiple of 8, else treat-as-withdraw. */
export const extendedCommunities: AttributeCodec<ExtendedCommunitiesAttribute> = defineAttribute<ExtendedCommunitiesAttribute>({
  code: 16,
  name: 'EXTENDED_COMMUNITIES',
  flags: 0xc0,
  onError: 'treat-as-withdraw',
  byteLength: (v) => v.communities.length * 8,
  write(v, w) {
    for (const c of v.communities) writeOne(c, w);
  },
  read(r) {
    const n = r.remaining;
    if (n === 0 || n % 8 !== 0) r.fail(`length ${n} is not a non-zero multiple of 8`);
    const out: ExtendedCommunity[] = [];
    while (r.pos < r.end) out.push(readExact(r));
    return { type: 'EXTENDED_COMMUNITIES', communities: out };
  },
});

/** Text of an extended community as Wireshark and bgpctl write it, e.g. `rt 65000:100`. */
export function formatExtendedCommunity(c: ExtendedCommunity): string {
  checkObject(c, 'formatExtendedCommunity', 'c');
  switch (c.kind) {
    case 'route-target':
      return `rt ${c.global}:${c.local}`;
    case 'route-origin':
      return `soo ${c.global}:${c.local}`;
    case 'link-bandwidth':
      return `link-bw ${c.asn}:${c.bandwidth}`;
    case 'encapsulation':
      return `encap ${c.tunnelType}`;
    case 'raw': {
      let hex = '';
      for (const b of c.value) hex += b.toString(16).padStart(2, '0');
      return `0x${c.type.toString(16).padStart(2, '0')}:0x${c.subtype.toString(16).padStart(2, '0')}:0x${hex}`;
    }
  }
}

/** IPv6 Address Specific Extended Community (RFC 5701 section 2): 20 octets each; RFC 7606 section 7.15. */
export const ipv6ExtendedCommunities: AttributeCodec<Ipv6ExtendedCommunitiesAttribute> = defineAttribute<Ipv6ExtendedCommunitiesAttribute>({
  code: 25,
  name: 'IPV6_EXTENDED_COMMUNITIES',
  flags: 0xc0,
  onError: 'treat-as-withdraw',
  byteLength: (v) => v.communities.length * 20,
  write(v, w) {
    for (const c of v.communities) {
      w.u8(checkUint('IPv6 extended community type', c.type, 255));
      w.u8(checkUint('IPv6 extended community subtype', c.subtype, 255));
      if (c.kind === 'raw') {
        if (!(c.value instanceof Uint8Array) || c.value.length !== 18) throw new TypeError('IPv6 extended community: raw value must be 18 bytes');
        w.raw(c.value);
      } else {
        const a = parseIPv6(String(c.global));
        if (a === undefined) throw new TypeError(`IPv6 extended community: ${JSON.stringify(c.global)} is not an IPv6 address`);
        w.raw(a);
        w.u16(checkUint('IPv6 extended community local administrator', c.local, 0xffff));
      }
    }
  },
  read(r) {
    const n = r.remaining;
    if (n === 0 || n % 20 !== 0) r.fail(`length ${n} is not a non-zero multiple of 20`);
    const out: Ipv6ExtendedCommunity[] = [];
    while (r.pos < r.end) {
      const type = r.u8();
      const subtype = r.u8();
      if ((type & 0xbf) === 0 && (subtype === 2 || subtype === 3)) {
        const global = formatIPv6(r.bytes, r.pos);
        r.pos += 16;
        out.push({ kind: subtype === 2 ? 'route-target' : 'route-origin', type, subtype, global, local: r.u16() });
      } else {
        out.push({ kind: 'raw', type, subtype, value: r.copy(18) });
      }
    }
    return { type: 'IPV6_EXTENDED_COMMUNITIES', communities: out };
  },
});
