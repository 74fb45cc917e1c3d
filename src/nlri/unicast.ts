import { checkUint } from '../wire/errors.ts';
import type { Writer } from '../wire/writer.ts';
import type { NlriCodec } from './codec.ts';
import { defineNlri } from './codec.ts';
import { prefixOf, readPrefixBits, writePrefixBits } from './ip-prefix.ts';
import type { Prefix } from './types.ts';

// RFC 4760 section 5 (RFC 4271 section 4.3 for IPv4 unicast): <Length (1 octet), Prefix>,
// preceded by a Path Identifier where ADD-PATH is on (RFC 7911 section 3). These codecs read
// one prefix; MP_REACH_NLRI and the UPDATE's own fields read whole fields with the faster
// readPrefixes of prefix.ts, which gives the same values.

function unicastCodec(afi: number, safi: number, name: string, size: 4 | 16): NlriCodec<Prefix> {
  return defineNlri<Prefix>({
    afi,
    safi,
    name,
    nextHop: 'address',
    byteLength(v, ctx) {
      return (ctx.addPath ? 5 : 1) + ((prefixOf(v, size, name).length + 7) >> 3);
    },
    write(v, w: Writer, ctx) {
      const parsed = prefixOf(v, size, name);
      if (ctx.addPath) {
        if (v.pathId === undefined) throw new TypeError(`prefix ${v.prefix}: ADD-PATH is on for this family but pathId is missing`);
        w.u32(checkUint('pathId', v.pathId, 0xffffffff));
      } else if (v.pathId !== undefined) {
        throw new TypeError(`prefix ${v.prefix}: pathId given but ADD-PATH is off for this family`);
      }
      w.u8(parsed.length);
      writePrefixBits(w, parsed, v.unmasked === undefined);
    },
    read(r, ctx) {
      const pathId = ctx.addPath ? r.u32('path identifier') : undefined;
      const p = readPrefixBits(r, r.u8('prefix length'), size);
      if (pathId === undefined) return p;
      return p.unmasked === undefined ? { prefix: p.prefix, pathId } : { prefix: p.prefix, pathId, unmasked: p.unmasked };
    },
    text: (v) => v.prefix,
    key: (v) => v.prefix,
  });
}

/** IPv4 unicast, AFI 1 SAFI 1. */
export const ipv4Unicast: NlriCodec<Prefix> = unicastCodec(1, 1, 'ipv4-unicast', 4);
/** IPv6 unicast, AFI 2 SAFI 1. */
export const ipv6Unicast: NlriCodec<Prefix> = unicastCodec(2, 1, 'ipv6-unicast', 16);
/** IPv4 multicast, AFI 1 SAFI 2. */
export const ipv4Multicast: NlriCodec<Prefix> = unicastCodec(1, 2, 'ipv4-multicast', 4);
/** IPv6 multicast, AFI 2 SAFI 2. */
export const ipv6Multicast: NlriCodec<Prefix> = unicastCodec(2, 2, 'ipv6-multicast', 16);
