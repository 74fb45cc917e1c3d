import { nlriCodec, nlriCodecByName, nlriCodecs } from '../nlri/registry.ts';
import type { RibFamily } from './types.ts';
import { checkNumber, checkString } from '../wire/args.ts';

/** The RIB family of an AFI/SAFI (every family with an NLRI codec), or undefined for families kept raw by the codec. */
export function ribFamily(afi: number, safi: number): RibFamily | undefined {
  checkNumber(afi, 'ribFamily', 'afi');
  checkNumber(safi, 'ribFamily', 'safi');
  return nlriCodec(afi, safi)?.name as RibFamily | undefined;
}

/** AFI and SAFI of a RIB family. */
export function familyAfiSafi(f: RibFamily): { afi: number; safi: number } {
  checkString(f, 'familyAfiSafi', 'f');
  const c = nlriCodecByName(f);
  if (c === undefined) throw new TypeError(`rib: unknown family ${JSON.stringify(f)}`);
  return { afi: c.afi, safi: c.safi };
}

/** Every RIB family: IPv4/IPv6 unicast and multicast, labeled unicast, VPN and RT-Constraint. */
export const RIB_FAMILIES: readonly RibFamily[] = nlriCodecs.map((c) => c.name as RibFamily);

/** Whether routes of the family are keyed and carried by NLRI other than plain prefixes (labels, RD, RTC). */
export function isMplsFamily(f: RibFamily): boolean {
  return f !== 'ipv4-unicast' && f !== 'ipv6-unicast' && f !== 'ipv4-multicast' && f !== 'ipv6-multicast';
}
