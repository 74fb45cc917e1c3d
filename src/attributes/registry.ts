import { aggregator, as4Aggregator } from './aggregator.ts';
import { aigp } from './aigp.ts';
import { as4Path, asPath } from './as-path.ts';
import type { AttributeCodec } from './codec.ts';
import { clusterList, communities, largeCommunities } from './communities.ts';
import { extendedCommunities, ipv6ExtendedCommunities } from './extended-communities.ts';
import { mpReach, mpUnreach } from './mp-reach.ts';
import { origin } from './origin.ts';
import { atomicAggregate, localPref, med, nextHop, originatorId, otc } from './simple.ts';
import type { PathAttribute } from './types.ts';

const all: readonly AttributeCodec[] = [
  origin,
  asPath,
  nextHop,
  med,
  localPref,
  atomicAggregate,
  aggregator,
  communities,
  originatorId,
  clusterList,
  mpReach,
  mpUnreach,
  extendedCommunities,
  as4Path,
  as4Aggregator,
  ipv6ExtendedCommunities,
  aigp,
  largeCommunities,
  otc,
] as unknown as readonly AttributeCodec[];

/** Attribute codecs by type code; a miss means the attribute is kept raw. */
export const attributeCodecs: ReadonlyMap<number, AttributeCodec> = new Map(all.map((c) => [c.code, c]));

/** Attribute codecs by the `type` tag of their decoded value. */
export const attributeCodecsByName: ReadonlyMap<string, AttributeCodec> = /* @__PURE__ */ new Map(all.map((c) => [c.name, c]));

/** The attribute type code of a value. @throws TypeError for an unknown `type`. */
export function attributeCode(a: PathAttribute): number {
  if (a.type === 'raw') return a.code;
  const c = attributeCodecsByName.get(a.type);
  if (c === undefined) throw new TypeError(`path attribute: unknown type ${JSON.stringify((a as { type: unknown }).type)}`);
  return c.code;
}
