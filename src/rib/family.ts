import type { RibFamily } from './types.ts';
import { checkNumber, checkString } from '../wire/args.ts';

/** The RIB family of an AFI/SAFI, or undefined for families kept raw by the codec. */
export function ribFamily(afi: number, safi: number): RibFamily | undefined {
  checkNumber(afi, 'ribFamily', 'afi');
  checkNumber(safi, 'ribFamily', 'safi');
  if (safi === 1) return afi === 1 ? 'ipv4-unicast' : afi === 2 ? 'ipv6-unicast' : undefined;
  if (safi === 2) return afi === 1 ? 'ipv4-multicast' : afi === 2 ? 'ipv6-multicast' : undefined;
  return undefined;
}

/** AFI and SAFI of a RIB family. */
export function familyAfiSafi(f: RibFamily): { afi: number; safi: number } {
  checkString(f, 'familyAfiSafi', 'f');
  switch (f) {
    case 'ipv4-unicast':
      return { afi: 1, safi: 1 };
    case 'ipv6-unicast':
      return { afi: 2, safi: 1 };
    case 'ipv4-multicast':
      return { afi: 1, safi: 2 };
    case 'ipv6-multicast':
      return { afi: 2, safi: 2 };
  }
}

/** Every RIB family. */
export const RIB_FAMILIES: readonly RibFamily[] = ['ipv4-unicast', 'ipv6-unicast', 'ipv4-multicast', 'ipv6-multicast'];
