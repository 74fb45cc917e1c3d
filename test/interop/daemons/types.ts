// What the interop harness asks of every daemon: a config written from a small spec, start and
// stop by PID, and read-back through the daemon's own CLI in one normalised shape, so the matrix
// test can run the same checks against BIRD, FRR, OpenBGPD, GoBGP and ExaBGP.

/** BGP role names of RFC 9234 section 4.1. */
export type Role = 'provider' | 'customer' | 'rs' | 'rs-client' | 'peer';

export type Family = 'ipv4' | 'ipv6';

/** One neighbor of the daemon (a bgpwire speaker, or another daemon). */
export interface NeighborSpec {
  /** The neighbor's address (IPv4: the session runs over IPv4 and carries both families). */
  readonly address: string;
  readonly asn: number;
  /** The daemon never connects, it only accepts (the other side is active). */
  readonly passive?: boolean;
  /** Hold time the daemon offers (seconds); default 9. */
  readonly holdTime?: number;
  /** Families the daemon negotiates; default both. */
  readonly families?: readonly Family[];
  /** ADD-PATH (RFC 7911) per direction, seen from the daemon. */
  readonly addPath?: 'send' | 'receive' | 'both';
  /** Extended messages (RFC 8654). */
  readonly extendedMessages?: boolean;
  /** BGP role the daemon claims (RFC 9234); `strict` refuses a neighbor without capability 9. */
  readonly role?: Role;
  readonly strictRole?: boolean;
  /** Graceful restart (RFC 4724) with this Restart Time. */
  readonly gracefulRestart?: number;
  /** Whether the daemon passes routes learned from other neighbors on to this one (default no). */
  readonly exportLearned?: boolean;
  /** Routes originated towards this neighbor only (ExaBGP, which keeps no RIB to pass on). */
  readonly routes?: readonly OriginatedRoute[];
}

/** A route the daemon originates. */
export interface OriginatedRoute {
  readonly prefix: string;
  readonly nextHop: string;
  readonly med?: number;
  readonly communities?: readonly string[];
  readonly largeCommunities?: readonly string[];
  /** ADD-PATH path id (only ExaBGP sets it: the others number their paths themselves). */
  readonly pathId?: number;
}

export interface DaemonSpec {
  readonly asn: number;
  readonly routerId: string;
  readonly neighbors: readonly NeighborSpec[];
  readonly routes?: readonly OriginatedRoute[];
}

/** A path in the daemon's RIB as its CLI shows it, normalised. */
export interface DaemonRoute {
  readonly prefix: string;
  /** The neighbor the path came from ('' for a local route). */
  readonly from: string;
  readonly nextHop: string;
  readonly asPath: readonly number[];
  readonly origin?: 'IGP' | 'EGP' | 'INCOMPLETE';
  readonly med?: number;
  readonly localPref?: number;
  /** `asn:value`, well-known ones by number (`65535:65281`). */
  readonly communities: readonly string[];
  /** `global:local1:local2`. */
  readonly largeCommunities: readonly string[];
  /** `rt:asn:value` / `ro:asn:value` (2-octet AS specific, RFC 4360 section 3.1). */
  readonly extendedCommunities: readonly string[];
  /** Marked stale by graceful restart (RFC 4724 section 4.2). */
  readonly stale?: boolean;
  /** ONLY_TO_CUSTOMER (RFC 9234 section 5). */
  readonly otc?: number;
}

/** The daemon's view of one neighbor. */
export interface NeighborView {
  readonly established: boolean;
  /** The daemon's own word for the state. */
  readonly state: string;
  /** Negotiated hold time, when the CLI shows it. */
  readonly holdTime?: number;
  /**
   * Capabilities the neighbor advertised, by bgpwire's names: multiprotocol-ipv4,
   * multiprotocol-ipv6, route-refresh, enhanced-route-refresh, as4, add-path, extended-message,
   * graceful-restart, role.
   */
  readonly received: readonly string[];
  /** The CLI's full text (for the shutdown message and the last error). */
  readonly text: string;
}

/** A running daemon, read back through its own CLI. */
export interface Daemon {
  readonly name: string;
  /** Version as the daemon reports it. */
  readonly version: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  neighbor(address: string): NeighborView;
  /** Every path of a family in the daemon's RIB (all neighbors, local routes included). */
  routes(family: Family): DaemonRoute[];
  /**
   * The routes the daemon advertises to `address`, as its CLI shows them, where the RIB view of
   * a local route lacks the attributes its export adds (BIRD sets them in the export filter).
   */
  advertised?(address: string, family: Family): DaemonRoute[];
  /** Checks a long COMMUNITIES attribute where the CLI cuts it (count, first and last value). */
  hasCommunities?(prefix: string, address: string, count: number, first: string, last: string): boolean;
  /** Makes the daemon send a ROUTE-REFRESH to `address` (its CLI's soft reset in). */
  requestRefresh(address: string): void;
  /** UPDATE messages the daemon counted from `address` (its CLI's counter). */
  updatesReceived(address: string): number;
  /** Stops originating `prefix` (the daemon sends a withdrawal). */
  withdrawOriginated(prefix: string): void;
  /** The daemon's log so far, for failure messages and shutdown texts. */
  log(): string;
}
