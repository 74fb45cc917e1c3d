import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { Nlri } from './types.ts';

/** What one direction of a session negotiated for one family's NLRI (RFC 7911, RFC 8277). */
export interface NlriContext {
  /** RFC 7911 section 3: each NLRI is preceded by a 4-octet Path Identifier. */
  readonly addPath: boolean;
  /**
   * RFC 8277 section 2.1: the Multiple Labels Capability's Count for the family when both
   * speakers sent it (section 2.3 encoding, labels up to the bottom of stack); 0 when not
   * negotiated: one label, its S bit ignored (section 2.2).
   */
  readonly labels: number;
  /** An MP_UNREACH_NLRI field: labeled families carry the Compatibility field (RFC 8277 section 2.4). */
  readonly withdrawal: boolean;
}

/** How the Network Address of Next Hop of MP_REACH_NLRI is written for a family (RFC 4760 section 3). */
export type NextHopForm =
  /** Addresses: IPv4 (4), IPv6 global (16) and link-local (32, RFC 2545 section 3). */
  | 'address'
  /** Each address preceded by an 8-octet route distinguisher of zero (RFC 4364 section 4.3.2, RFC 4659 section 3.2). */
  | 'rd-address';

/**
 * The codec of one NLRI of one family (RFC 4760 section 5): the same trio as attribute and
 * capability codecs, registered by AFI/SAFI. `read` consumes exactly one NLRI (its path id
 * included, where ADD-PATH is on) from a reader bounded to the NLRI field, and throws the
 * reader's BgpError when it is malformed (RFC 7606 section 5.3 / 7.11 makes that an
 * afisafi-disable or a session reset, decided by the caller).
 */
export interface NlriCodec<T extends Nlri = Nlri> {
  readonly afi: number;
  readonly safi: number;
  /** The family's name as GoBGP and bgpctl write it, e.g. `ipv4-labeled-unicast`, `l3vpn-ipv4-unicast`. */
  readonly name: string;
  /** The next hop's form in MP_REACH_NLRI. */
  readonly nextHop: NextHopForm;
  /** Exact encoded size of one NLRI. */
  byteLength(v: T, ctx: NlriContext): number;
  /** Writes exactly `byteLength` octets. @throws TypeError or RangeError on a value that cannot be encoded. */
  write(v: T, w: Writer, ctx: NlriContext): void;
  /** Reads one NLRI. @throws BgpError (the reader's code/subcode) when it is malformed. */
  read(r: Reader, ctx: NlriContext): T;
  /** The NLRI as network engineers write it (`rd 65000:100 192.0.2.0/24 label 16`), without the path id. */
  text(v: T): string;
  /**
   * The route's identity in a RIB (RFC 4364 section 4.1: the RD is part of the address; RFC
   * 8277 section 2.4: the labels are not), without the path id: equal keys name the same route.
   */
  key(v: T): string;
}

/** Defines an NLRI codec (frozen; identity for type inference). */
export function defineNlri<T extends Nlri>(codec: NlriCodec<T>): NlriCodec<T> {
  return Object.freeze(codec);
}

/** Reads every NLRI of the window of `r` with `codec` (RFC 4760 sections 3 and 4). */
export function readNlriList<T extends Nlri>(codec: NlriCodec<T>, r: Reader, ctx: NlriContext): T[] {
  const out: T[] = [];
  // Each read consumes at least one octet or throws, so this ends.
  while (r.pos < r.end) out.push(codec.read(r, ctx));
  return out;
}

/** Encoded size of `list` under `codec`. */
export function nlriListLength<T extends Nlri>(codec: NlriCodec<T>, list: readonly T[], ctx: NlriContext): number {
  let n = 0;
  for (const v of list) n += codec.byteLength(v, ctx);
  return n;
}

/** Writes `list` with `codec`. */
export function writeNlriList<T extends Nlri>(codec: NlriCodec<T>, list: readonly T[], w: Writer, ctx: NlriContext): void {
  for (const v of list) codec.write(v, w, ctx);
}
