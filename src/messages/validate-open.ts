import { capabilitiesByteLength, capabilityCode, writeCapabilities } from '../capabilities/registry.ts';
import type { Capability } from '../capabilities/types.ts';
import type { PeerType } from '../context/session-context.ts';
import { ErrorCode, OpenErrorSubcode, OptionalParameterType, Role } from '../iana.ts';
import { BgpError } from '../wire/errors.ts';
import { Writer } from '../wire/writer.ts';
import { localAsOf } from './context-for.ts';
import type { OpenMessage } from './types.ts';
import { checkOptions, checkTyped } from '../wire/args.ts';

/** What the local configuration requires of a received OPEN; every field is optional. */
export interface OpenExpectations {
  /** The peer's AS as configured (4-octet); Bad Peer AS (2/2) when the OPEN's differs. Default: any AS. */
  readonly peerAs?: number;
  /** The local AS, to tell an internal session from an external one when `peerType` is not given. */
  readonly localAs?: number;
  /** The local BGP Identifier: an internal peer's must differ (RFC 6286 section 2.2). */
  readonly localBgpId?: string;
  /** The kind of session. Default: internal when `localAs` equals the peer's AS, else external. */
  readonly peerType?: PeerType;
  /**
   * Capabilities without which the session cannot proceed (RFC 5492 section 5). Multiprotocol
   * matches by AFI/SAFI; capabilities with per-family lists (ADD-PATH, graceful restart, LLGR,
   * extended next hop, ORF) need each listed family (ADD-PATH also its send/receive bits);
   * a raw capability matches by code; any other by type. Default none.
   */
  readonly requiredCapabilities?: readonly Capability[];
  /** The local BGP Role (RFC 9234 section 4.1); role checks run only when it is set. */
  readonly localRole?: number;
  /** RFC 9234 section 4.2 "strict mode": the peer must announce a role. Default false. */
  readonly strictRole?: boolean;
  /** Optional parameter types accepted besides Capabilities (2). Default none. */
  readonly supportedParameters?: readonly number[];
}

const AS_TRANS = 23456;

function openError(subcode: number, message: string, path: string, data?: Uint8Array): BgpError {
  return new BgpError(ErrorCode.OpenMessageError, subcode, message, data, path);
}

/** RFC 9234 section 4.2, table 2: the allowed pairs (local role, remote role). */
const ALLOWED_ROLES: ReadonlyMap<number, number> = new Map([
  [Role.Provider, Role.Customer],
  [Role.Customer, Role.Provider],
  [Role.RS, Role['RS-Client']],
  [Role['RS-Client'], Role.RS],
  [Role.Peer, Role.Peer],
]);

type FamilyTuple = { readonly afi: number; readonly safi: number };

function familiesOf(c: Capability): readonly FamilyTuple[] | undefined {
  switch (c.type) {
    case 'graceful-restart':
    case 'llgr':
    case 'extended-next-hop':
    case 'orf':
      return c.families;
    default:
      return undefined;
  }
}

function satisfied(required: Capability, announced: readonly Capability[]): boolean {
  if (required.type === 'raw') return announced.some((c) => c.type === 'raw' ? c.code === required.code : capabilityCode(c) === required.code);
  if (required.type === 'multiprotocol') return announced.some((c) => c.type === 'multiprotocol' && c.afi === required.afi && c.safi === required.safi);
  if (required.type === 'add-path') {
    return required.families.every((w) =>
      announced.some((c) => c.type === 'add-path' && c.families.some((f) => f.afi === w.afi && f.safi === w.safi && (!w.send || f.send) && (!w.receive || f.receive))),
    );
  }
  const same = announced.filter((c) => c.type === required.type);
  const wanted = familiesOf(required);
  if (wanted === undefined) return same.length > 0;
  return wanted.every((w) => same.some((c) => (familiesOf(c) ?? []).some((f) => f.afi === w.afi && f.safi === w.safi)));
}

/**
 * Checks a received OPEN against the local configuration, in RFC 4271 section 6.2 order, and
 * returns the first error (the NOTIFICATION to send) or `undefined` when it is acceptable:
 * version (2/1, data: 4), Bad Peer AS (2/2; with the 4-octet AS capability the capability's AS
 * counts, RFC 6793 section 4.1, and a non-mappable AS requires AS_TRANS in My AS), hold time 1
 * or 2 (2/6), BGP identifier zero or, on an internal session, equal to ours (2/3, RFC 6286
 * section 2.2), optional parameters other than Capabilities (2/4), required capabilities
 * missing (2/7 with them as data, RFC 5492 section 5; unknown received capabilities are
 * ignored), and BGP Role mismatch (2/11, RFC 9234 section 4.2). Never throws.
 * @example const err = validateOpen(open, { peerAs: 65002 }); if (err) send(notificationFor(err))
 */
export function validateOpen(open: OpenMessage, expectations: OpenExpectations = {}): BgpError | undefined {
  checkTyped(open, 'validateOpen', 'open');
  checkOptions(expectations, 'validateOpen', 'expectations');
  const e = expectations;
  // RFC 4271 section 6.2: the Data field is the largest locally-supported version less than the
  // bid, or the smallest supported one; with only version 4 that is 4 either way.
  if (open.version !== 4) return openError(OpenErrorSubcode.UnsupportedVersionNumber, `unsupported version ${open.version}`, 'OPEN.version', Uint8Array.of(0, 4));

  const as4 = open.capabilities.find((c) => c.type === 'as4');
  const peerAs = localAsOf(open);
  if (as4 !== undefined && as4.asn > 0xffff && open.myAs !== AS_TRANS) {
    // RFC 6793 section 3: AS_TRANS "is also placed in the My Autonomous System field ... if and
    // only if the speaker does not have a (globally unique) two-octet AS number".
    return openError(OpenErrorSubcode.BadPeerAs, `my AS ${open.myAs} is not AS_TRANS for 4-octet AS ${as4.asn}`, 'OPEN.myAs');
  }
  if (e.peerAs !== undefined && peerAs !== e.peerAs) return openError(OpenErrorSubcode.BadPeerAs, `peer AS ${peerAs}, expected ${e.peerAs}`, 'OPEN.myAs');

  // RFC 4271 section 6.2: "An implementation MUST reject Hold Time values of one or two seconds."
  if (open.holdTime === 1 || open.holdTime === 2) return openError(OpenErrorSubcode.UnacceptableHoldTime, `unacceptable hold time ${open.holdTime}`, 'OPEN.holdTime');

  if (open.bgpId === '0.0.0.0') return openError(OpenErrorSubcode.BadBgpIdentifier, 'bgp identifier is zero', 'OPEN.bgpId');
  const internal = e.peerType !== undefined ? e.peerType === 'internal' : e.localAs !== undefined && e.localAs === peerAs;
  if (internal && e.localBgpId !== undefined && open.bgpId === e.localBgpId) {
    return openError(OpenErrorSubcode.BadBgpIdentifier, `bgp identifier ${open.bgpId} equals ours on an internal session`, 'OPEN.bgpId');
  }

  const supported = e.supportedParameters ?? [];
  const params = open.parameters ?? [];
  for (let i = 0; i < params.length; i++) {
    const p = params[i] as { code: number };
    if (p.code !== OptionalParameterType.Capabilities && !supported.includes(p.code)) {
      return openError(OpenErrorSubcode.UnsupportedOptionalParameter, `unsupported optional parameter ${p.code}`, `OPEN.parameters[${i}]`);
    }
  }

  const missing = (e.requiredCapabilities ?? []).filter((c) => !satisfied(c, open.capabilities));
  if (missing.length > 0) {
    // RFC 5492 section 5: "Each such capability is encoded in the same way as it would be encoded in the OPEN message."
    const w = Writer.alloc(capabilitiesByteLength(missing));
    writeCapabilities(missing, w);
    return openError(OpenErrorSubcode.UnsupportedCapability, `missing ${missing.length} required capabilities`, 'OPEN.capabilities', w.bytes);
  }

  if (e.localRole !== undefined) {
    const roles = open.capabilities.flatMap((c) => (c.type === 'role' ? [c.role] : []));
    if (roles.length === 0) {
      if (e.strictRole === true) return openError(OpenErrorSubcode.RoleMismatch, 'no BGP Role capability (strict mode)', 'OPEN.capabilities');
    } else {
      const first = roles[0] as number;
      if (roles.some((r) => r !== first)) return openError(OpenErrorSubcode.RoleMismatch, `conflicting BGP Role capabilities ${roles.join(', ')}`, 'OPEN.capabilities');
      if (ALLOWED_ROLES.get(e.localRole) !== first) return openError(OpenErrorSubcode.RoleMismatch, `role ${first} does not match local role ${e.localRole}`, 'OPEN.capabilities');
    }
  }
  return undefined;
}
