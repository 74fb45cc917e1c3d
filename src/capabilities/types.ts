import type { Family } from '../context/family.ts';

/** RFC 4760 section 8: one AFI/SAFI a speaker can carry. */
export interface MultiprotocolCapability extends Family {
  readonly type: 'multiprotocol';
  /** The reserved octet, only when it was not zero. */
  readonly reserved?: number;
}

/** RFC 2918 (code 2) and its pre-standard Cisco form (code 128). */
export interface RouteRefreshCapability {
  readonly type: 'route-refresh' | 'route-refresh-cisco';
}

/** RFC 5291 section 4: send/receive modes per ORF type per family. */
export interface OrfCapability {
  readonly type: 'orf';
  /** The capability code: 3, or Cisco's pre-standard 130. */
  readonly code?: 130;
  readonly families: readonly {
    readonly afi: number;
    readonly safi: number;
    /** The reserved octet, only when it was not zero. */
    readonly reserved?: number;
    readonly orfs: readonly { readonly orfType: number; readonly mode: 'receive' | 'send' | 'both' | number }[];
  }[];
}

/** RFC 8950 section 3: NLRI families that may carry a next hop of another AFI. */
export interface ExtendedNextHopCapability {
  readonly type: 'extended-next-hop';
  readonly families: readonly { readonly afi: number; readonly safi: number; readonly nextHopAfi: number }[];
}

/** RFC 8277 section 2.1: per family, the most labels the speaker can process in a received UPDATE (255: no limit). */
export interface MultipleLabelsCapability {
  readonly type: 'multiple-labels';
  readonly families: readonly { readonly afi: number; readonly safi: number; readonly count: number }[];
}

/** Capabilities with no value: RFC 8654 extended message, RFC 7313 enhanced route refresh. */
export interface FlagCapability {
  readonly type: 'extended-message' | 'enhanced-route-refresh';
}

/** RFC 9234 section 4.1: the speaker's BGP role (0 Provider .. 4 Peer). */
export interface RoleCapability {
  readonly type: 'role';
  readonly role: number;
}

/** RFC 4724 section 3 and RFC 8538 section 2: graceful restart. */
export interface GracefulRestartCapability {
  readonly type: 'graceful-restart';
  /** R bit: the speaker has restarted. */
  readonly restarting: boolean;
  /** N bit (RFC 8538): the speaker supports graceful NOTIFICATION / Hard Reset. */
  readonly notification: boolean;
  /** The two other restart flag bits (0x3 of the upper nibble), only when not zero. */
  readonly reservedFlags?: number;
  /** Restart time in seconds (12 bits). */
  readonly restartTime: number;
  readonly families: readonly {
    readonly afi: number;
    readonly safi: number;
    /** F bit: forwarding state preserved. */
    readonly forwarding: boolean;
    /** The other 7 flag bits, only when not zero. */
    readonly reservedFlags?: number;
  }[];
}

/** RFC 6793 section 3: the speaker's 4-octet AS number. */
export interface FourOctetAsCapability {
  readonly type: 'as4';
  readonly asn: number;
}

/** RFC 7911 section 4: per family, whether the speaker can send and/or receive path ids. */
export interface AddPathCapability {
  readonly type: 'add-path';
  readonly families: readonly {
    readonly afi: number;
    readonly safi: number;
    readonly send: boolean;
    readonly receive: boolean;
    /** The Send/Receive octet when it was not 1, 2 or 3 (kept for re-encoding). */
    readonly mode?: number;
  }[];
}

/** RFC 9494 section 3: long-lived graceful restart per family. */
export interface LongLivedGracefulRestartCapability {
  readonly type: 'llgr';
  readonly families: readonly {
    readonly afi: number;
    readonly safi: number;
    /** F bit: forwarding state preserved. */
    readonly forwarding: boolean;
    /** The other flag bits, only when not zero. */
    readonly reservedFlags?: number;
    /** Long-lived stale time in seconds (24 bits). */
    readonly staleTime: number;
  }[];
}

/** draft-walton-bgp-hostname-capability: host and domain name. */
export interface FqdnCapability {
  readonly type: 'fqdn';
  readonly hostname: string;
  readonly domain: string;
}

/** draft-abraitis-bgp-version-capability: the speaker's software version text. */
export interface SoftwareVersionCapability {
  readonly type: 'software-version';
  readonly version: string;
}

/**
 * Any other capability, or a known one whose value does not decode (`malformed` says why),
 * kept raw so that it re-encodes byte for byte (RFC 5492 section 3: unknown ones are ignored).
 */
export interface RawCapability {
  readonly type: 'raw';
  readonly code: number;
  readonly value: Uint8Array;
  readonly malformed?: string;
}

/** A capability as decoded from an OPEN (RFC 5492 section 4). */
export type Capability =
  | MultiprotocolCapability
  | RouteRefreshCapability
  | OrfCapability
  | ExtendedNextHopCapability
  | MultipleLabelsCapability
  | FlagCapability
  | RoleCapability
  | GracefulRestartCapability
  | FourOctetAsCapability
  | AddPathCapability
  | LongLivedGracefulRestartCapability
  | FqdnCapability
  | SoftwareVersionCapability
  | RawCapability;
