import { parseIPv4 } from '../wire/ip.ts';
import type { FsmStateName } from './types.ts';
import { checkObject } from '../wire/args.ts';

/** One of the two connections to the same peer (RFC 4271 section 6.8). */
export interface CollisionConnection {
  /** The FSM state of the connection. */
  readonly state: FsmStateName;
  /** Whether this speaker opened the TCP connection (sent the first SYN: "outgoing", section 8.2.1). */
  readonly initiatedLocally: boolean;
}

/** What {@link detectCollision} needs: both connections, both speakers' BGP Identifiers and ASes. */
export interface CollisionInput {
  /** The connection that already exists (OpenConfirm, OpenSent, or Established). */
  readonly existing: CollisionConnection;
  /** The connection over which the OPEN was just received. */
  readonly incoming: CollisionConnection;
  /** Local BGP Identifier, dotted quad. */
  readonly localBgpId: string;
  /** The BGP Identifier in the received OPEN. */
  readonly remoteBgpId: string;
  /** Local AS (for RFC 6286 section 2.3 when the identifiers are equal). */
  readonly localAs: number;
  /** The peer's AS (its 4-octet AS when it announced one). */
  readonly remoteAs: number;
  /**
   * Whether the existing connection's peer is known to have `remoteBgpId`: required for an existing
   * connection in OpenSent ("if it knows the BGP Identifier of the peer by means outside of the
   * protocol"); in OpenConfirm and Established its OPEN told. Default false.
   */
  readonly existingPeerIdKnown?: boolean;
  /** CollisionDetectEstablishedState (section 8): resolve against an Established connection too. Default false. */
  readonly collisionDetectEstablishedState?: boolean;
}

/** The outcome: which connection to close with a Cease (send it OpenCollisionDump, Event 23). */
export interface CollisionResult {
  /** `none`: no collision; otherwise the connection to close. */
  readonly close: 'none' | 'existing' | 'incoming';
  /** Why, in a few words (for logs and tests). */
  readonly reason: string;
}

function idValue(id: string): number | undefined {
  const b = parseIPv4(id);
  if (b === undefined) return undefined;
  // Section 6.8 step 1: "converting them to host byte order and treating them as 4-octet unsigned integers".
  return (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
}

/**
 * Connection collision detection of RFC 4271 section 6.8, extended by RFC 6286 section 2.3 for
 * equal BGP Identifiers: keeps the connection initiated by the speaker with the higher BGP
 * Identifier (or, with equal identifiers, the larger AS). Pure: never throws.
 * @example
 * detectCollision({ existing: { state: 'OpenConfirm', initiatedLocally: true }, incoming: { state: 'OpenSent',
 *   initiatedLocally: false }, localBgpId: '10.0.0.1', remoteBgpId: '10.0.0.2', localAs: 65001, remoteAs: 65002 })
 * // → { close: 'existing', ... }: the remote's identifier is higher, so its connection stays
 */
export function detectCollision(input: CollisionInput): CollisionResult {
  checkObject(input, 'detectCollision', 'input');
  const { existing } = input;
  switch (existing.state) {
    case 'Idle':
    case 'Connect':
    case 'Active':
      // "Note that a connection collision cannot be detected with connections that are in Idle, Connect, or Active states."
      return { close: 'none', reason: `no collision with a connection in ${existing.state}` };
    case 'OpenSent':
      // "A BGP speaker MAY also examine connections in an OpenSent state if it knows the BGP Identifier of the peer".
      if (input.existingPeerIdKnown !== true) return { close: 'none', reason: 'peer identifier of the OpenSent connection unknown' };
      break;
    case 'Established':
      // "Unless allowed via configuration, a connection collision with an existing BGP connection that is in the
      // Established state causes closing of the newly created connection."
      if (input.collisionDetectEstablishedState !== true) return { close: 'incoming', reason: 'existing connection is Established' };
      break;
    case 'OpenConfirm':
      break;
    default:
      return { close: 'none', reason: 'unknown state' };
  }
  const local = idValue(input.localBgpId);
  const remote = idValue(input.remoteBgpId);
  if (local === undefined || remote === undefined) return { close: 'incoming', reason: 'unparsable BGP Identifier' };
  let localWins: boolean;
  let reason: string;
  if (local !== remote) {
    // "retain only the connection initiated by the BGP speaker with the higher-valued BGP Identifier".
    localWins = local > remote;
    reason = localWins ? 'local BGP Identifier is higher' : 'remote BGP Identifier is higher';
  } else if (input.localAs !== input.remoteAs) {
    // RFC 6286 section 2.3: "the connection initiated by the BGP speaker with the larger AS number is preserved".
    localWins = input.localAs > input.remoteAs;
    reason = localWins ? 'equal identifiers, local AS is larger' : 'equal identifiers, remote AS is larger';
  } else {
    // Equal identifiers within one AS are an error the OPEN check reports (RFC 6286 section 2.2); keep the old one.
    return { close: 'incoming', reason: 'equal identifiers and AS numbers' };
  }
  const keepInitiatedLocally = localWins;
  if (existing.initiatedLocally === input.incoming.initiatedLocally) {
    // Both connections opened by the same side: fall back to the literal steps 2 and 3 of section 6.8.
    return localWins ? { close: 'incoming', reason } : { close: 'existing', reason };
  }
  return existing.initiatedLocally === keepInitiatedLocally ? { close: 'incoming', reason } : { close: 'existing', reason };
}
