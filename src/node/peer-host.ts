import type { LocalSpeaker } from '../decision/types.ts';
import type { Rib } from '../rib/rib.ts';
import type { LocRibChange } from '../rib/types.ts';
import type { Peer } from './peer.ts';
import type { LocalRoute } from './route-input.ts';

/** What a {@link Peer} needs from its Speaker. */
export interface PeerHost {
  readonly localAs: number;
  readonly bgpId: string;
  readonly local: LocalSpeaker;
  readonly rib: Rib;
  /** The speaker-wide locally originated routes. */
  sharedRoutes(): Iterable<LocalRoute>;
  /** The speaker-wide locally originated route under a key (`routeKey`), if any. */
  sharedRoute(key: string): LocalRoute | undefined;
  /** A learned route changed the Loc-RIB: offer it to the other peers' export hooks. */
  learned(from: Peer, changes: readonly LocRibChange[]): void;
}
