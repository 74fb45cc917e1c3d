import { hasFamily } from '../context/family.ts';
import type { SessionContext } from '../context/session-context.ts';
import { formatIPv4, formatIPv6, parseAddress } from '../wire/ip.ts';
import type { Writer } from '../wire/writer.ts';
import type { NlriCodec } from './codec.ts';

// The Network Address of Next Hop of MP_REACH_NLRI (RFC 4760 section 3) for the families of
// the NLRI registry other than IPv4/IPv6 unicast and multicast (mp-reach.ts keeps their fast path):
// - labeled unicast and RT-Constraint: an address, IPv4 (4), IPv6 (16) or IPv6 global and
//   link-local (32, RFC 2545 section 3);
// - VPN-IPv4: "a VPN-IPv4 address whose RD is set to zero" (RFC 4364 section 4.3.2): 12;
// - VPN-IPv6: "a VPN-IPv6 address ... whose RD is set to zero" (RFC 4659 section 3.2.1.1): 24,
//   or 48 with the link-local address, also RD-prefixed (section 3.2.1.1: "the Next Hop field
//   consists of ... the VPN-IPv6 global address followed by ... the VPN-IPv6 link-local address");
// - RFC 8950 section 3: IPv4 NLRI (SAFI 1, 2, 4, 128, 129) with an IPv6 next hop (16 or 32;
//   24 or 48 for VPN-IPv4) where the Extended Next Hop capability was exchanged for the family.

/**
 * Whether `len` is a next hop length "expected" for the family of `codec` under `ctx` (RFC 7606
 * section 7.11: otherwise the attribute is malformed).
 */
export function isExpectedNextHopFor(codec: NlriCodec, len: number, ctx: SessionContext): boolean {
  const rd = codec.nextHop === 'rd-address' ? 8 : 0;
  if (codec.afi === 2) return len === 16 + rd || len === 2 * (16 + rd);
  if (len === 4 + rd) return true;
  if (len !== 16 + rd && len !== 2 * (16 + rd)) return false;
  // RFC 4684 section 4: an RT-Constraint next hop of 16 octets is an IPv6 address.
  if (codec.safi === 132) return true;
  return ctx.extendedNextHop.length !== 0 && hasFamily(ctx.extendedNextHop, codec.afi, codec.safi);
}

/**
 * The next hop addresses at `b[at, at + len)` (a length {@link isExpectedNextHopFor} accepted),
 * or undefined when a VPN next hop's RD is not zero (then kept as bytes, to re-encode exactly).
 */
export function readNextHopFor(codec: NlriCodec, b: Uint8Array, at: number, len: number): string[] | undefined {
  const rd = codec.nextHop === 'rd-address' ? 8 : 0;
  const unit = len === 4 + rd ? 4 + rd : len === 2 * (16 + rd) ? 16 + rd : len;
  const out: string[] = [];
  for (let p = at; p < at + len; p += unit) {
    for (let i = 0; i < rd; i++) if (b[p + i] !== 0) return undefined;
    out.push(unit - rd === 4 ? formatIPv4(b, p + rd) : formatIPv6(b, p + rd));
  }
  return out;
}

/** Encoded length of next hop addresses for `codec`'s family. */
export function nextHopLengthFor(codec: NlriCodec | undefined, addresses: readonly string[]): number {
  const rd = codec?.nextHop === 'rd-address' ? 8 : 0;
  let n = 0;
  for (const a of addresses) n += rd + (String(a).includes(':') ? 16 : 4);
  return n;
}

/** Writes next hop addresses for `codec`'s family (a zero RD before each for VPN families). @throws TypeError for text that is not an address. */
export function writeNextHopFor(codec: NlriCodec | undefined, addresses: readonly string[], w: Writer, what: string): void {
  const rd = codec?.nextHop === 'rd-address' ? 8 : 0;
  for (const a of addresses) {
    const b = parseAddress(String(a));
    if (b === undefined) throw new TypeError(`${what}: next hop ${JSON.stringify(a)} is not an address`);
    for (let i = 0; i < rd; i++) w.u8(0);
    w.raw(b);
  }
}
