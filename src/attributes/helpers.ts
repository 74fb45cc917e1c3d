import { wellKnownCommunityName } from '../iana.ts';
import { parseCommunity } from './communities.ts';
import type { PathAttribute, UpdateMessage } from './types.ts';
import { checkNumber, checkString, checkTyped } from '../wire/args.ts';

/** Finds the first attribute of a type in an UPDATE or attribute list. */
export function findAttribute<T extends PathAttribute['type']>(
  from: UpdateMessage | readonly PathAttribute[],
  type: T,
): Extract<PathAttribute, { type: T }> | undefined {
  if (!Array.isArray(from)) checkTyped(from, 'findAttribute', 'from');
  const list = Array.isArray(from) ? (from as readonly PathAttribute[]) : (from as UpdateMessage).attributes;
  for (const a of list) if (a.type === type) return a as Extract<PathAttribute, { type: T }>;
  return undefined;
}

/** The name of a well-known community text (`65535:65281` → `NO_EXPORT`), or undefined (RFC 1997, RFC 7999, RFC 8326). */
export function communityName(text: string): string | undefined {
  checkString(text, 'communityName', 'text');
  try {
    return wellKnownCommunityName(parseCommunity(text));
  } catch {
    return undefined;
  }
}

/**
 * The End-of-RIB marker's family (RFC 4724 section 2): `{ afi: 1, safi: 1 }` for an empty
 * UPDATE, the AFI/SAFI of a lone MP_UNREACH_NLRI with no withdrawn routes; else undefined.
 */
export function endOfRib(m: UpdateMessage): { afi: number; safi: number } | undefined {
  checkTyped(m, 'endOfRib', 'm');
  if (m.withdrawn.length !== 0 || m.nlri.length !== 0 || m.wire?.attributesTail !== undefined) return undefined;
  if (m.attributes.length === 0) return { afi: 1, safi: 1 };
  if (m.attributes.length !== 1) return undefined;
  const a = m.attributes[0] as PathAttribute;
  if (a.type !== 'MP_UNREACH_NLRI') return undefined;
  if ((a.withdrawn?.length ?? 0) !== 0 || (a.withdrawnBytes?.length ?? 0) !== 0) return undefined;
  return { afi: a.afi, safi: a.safi };
}

/** An End-of-RIB marker for a family (RFC 4724 section 2). */
export function endOfRibMessage(afi = 1, safi = 1): UpdateMessage {
  checkNumber(afi, 'endOfRibMessage', 'afi');
  checkNumber(safi, 'endOfRibMessage', 'safi');
  if (afi === 1 && safi === 1) return { type: 'UPDATE', withdrawn: [], attributes: [], nlri: [] };
  return { type: 'UPDATE', withdrawn: [], attributes: [{ type: 'MP_UNREACH_NLRI', afi, safi, withdrawn: [] }], nlri: [] };
}

/**
 * Prepares an unrecognized optional transitive attribute for passing on (RFC 4271 section 5):
 * its Partial bit is set. Other attributes come back unchanged; an unrecognized
 * non-transitive one is not passed on at all (undefined).
 */
export function passOn(a: PathAttribute): PathAttribute | undefined {
  checkTyped(a, 'passOn', 'a');
  if (a.type !== 'raw') return a;
  if ((a.flags & 0x80) !== 0 && (a.flags & 0x40) === 0) return undefined;
  if ((a.flags & 0xc0) === 0xc0) return { ...a, flags: a.flags | 0x20 };
  return a;
}
