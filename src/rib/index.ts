export { Rib } from './rib.ts';
export { AdjRibOut } from './adj-rib-out.ts';
export { exportAttributes } from './export-policy.ts';
export { AttrSetTable } from './attr-sets.ts';
export { ribFamily, familyAfiSafi, RIB_FAMILIES } from './family.ts';
export type { AttrSet } from './attr-sets.ts';
export type { RibPeer, RibRoute, RibFamily, LocRibChange, RibOptions } from './types.ts';
