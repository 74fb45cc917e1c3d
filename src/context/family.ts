import { familyName } from '../iana.ts';
import { checkArray, checkObject } from '../wire/args.ts';

/** An AFI/SAFI pair (RFC 4760 section 5). */
export interface Family {
  readonly afi: number;
  readonly safi: number;
}

/** Whether `list` holds the family `afi`/`safi`. */
export function hasFamily(list: readonly Family[], afi: number, safi: number): boolean {
  checkArray(list, 'hasFamily', 'list');
  for (const f of list) if (f.afi === afi && f.safi === safi) return true;
  return false;
}

/** The name of a family, e.g. `ipv4-unicast`. */
export function formatFamily(f: Family): string {
  checkObject(f, 'formatFamily', 'f');
  return familyName(f.afi, f.safi);
}
