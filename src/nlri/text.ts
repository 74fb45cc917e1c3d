import { nlriCodec } from './registry.ts';
import type { Nlri, Prefix } from './types.ts';
import { checkObject } from '../wire/args.ts';

/**
 * One NLRI of `afi`/`safi` as text, as network engineers write it: `192.0.2.0/24`,
 * `10.0.0.0/8 label 16`, `rd 65000:100 192.0.2.0/24 label 16`, `65000:65000:100` (RTC),
 * with ` path-id N` where ADD-PATH gave one.
 */
export function nlriText(afi: number, safi: number, n: Nlri): string {
  checkObject(n, 'nlriText', 'n');
  const codec = nlriCodec(afi, safi);
  const text = codec === undefined ? String((n as Prefix).prefix) : codec.text(n);
  return n.pathId === undefined ? text : `${text} path-id ${n.pathId}`;
}

/**
 * The RIB key of one NLRI of `afi`/`safi` (without its path id): the prefix, the RD and the
 * prefix for VPN families (RFC 4364 section 4.1), never the labels (RFC 8277 section 2.4).
 */
export function nlriKey(afi: number, safi: number, n: Nlri): string {
  checkObject(n, 'nlriKey', 'n');
  const codec = nlriCodec(afi, safi);
  return codec === undefined ? String((n as Prefix).prefix) : codec.key(n);
}

/** Whether an NLRI carries an IP prefix (every typed family but RT-Constraint). */
export function hasPrefix(n: Nlri): n is Prefix {
  return typeof n === 'object' && n !== null && typeof (n as Prefix).prefix === 'string';
}
