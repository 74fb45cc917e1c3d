import type { OpenMessage } from '../messages/types.ts';
import { parseIPv4 } from '../wire/ip.ts';
import type { FsmConfig, FsmOptions, FsmState } from './types.ts';
import { checkObject } from '../wire/args.ts';

/** AS_TRANS (RFC 6793 section 9): the 2-octet My AS of a speaker whose AS needs 4 octets. */
const AS_TRANS = 23456;

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/**
 * Checks the configuration where it is given, so that a mistake is one clear error naming the
 * field rather than a wrong OPEN on the wire or a TypeError later inside a `send` action.
 * @throws TypeError or RangeError naming the field.
 */
function checkFsmOptions(options: FsmOptions): void {
  const { localAs, bgpId, holdTime } = options;
  // RFC 4271 section 4.2 (My Autonomous System), RFC 6793 section 3 (4-octet values), RFC 7607
  // section 2 (AS 0 "MUST NOT" be used as My AS).
  if (!Number.isInteger(localAs) || localAs < 1 || localAs > 0xffffffff) {
    throw new RangeError(`initialState: localAs ${localAs} is not an AS number (1 to 4294967295)`);
  }
  // RFC 4271 section 4.2 / RFC 6286 section 2.1: a non-zero 4-octet BGP Identifier.
  if (parseIPv4(bgpId) === undefined || bgpId === '0.0.0.0') {
    throw new TypeError(`initialState: bgpId ${JSON.stringify(bgpId)} is not a non-zero dotted quad (RFC 6286 section 2.1), e.g. '192.0.2.1'`);
  }
  // RFC 4271 section 4.2: "Hold Time MUST be either zero or at least three seconds."
  if (holdTime !== undefined && (!Number.isInteger(holdTime) || holdTime < 0 || holdTime > 0xffff || holdTime === 1 || holdTime === 2)) {
    throw new RangeError(`initialState: holdTime ${holdTime} must be 0 or 3 to 65535 seconds (RFC 4271 section 4.2: "either zero or at least three seconds")`);
  }
  // RFC 6793 section 3: a speaker whose AS needs 4 octets sends My AS AS_TRANS and its real AS
  // in the capability; without the capability the peer sees only AS_TRANS.
  const as4 = (options.capabilities ?? []).filter((c) => c.type === 'as4');
  if (as4.length === 0 && localAs > 0xffff) {
    throw new RangeError(`initialState: localAs ${localAs} needs 4 octets: add the 4-octet AS capability, capabilities: [{ type: 'as4', asn: ${localAs} }] (RFC 6793 section 3)`);
  }
  for (const c of as4) {
    if (c.asn !== localAs) throw new RangeError(`initialState: capabilities as4.asn ${c.asn} is not localAs ${localAs} (RFC 6793 section 3: the capability carries the speaker's own AS)`);
  }
}

/**
 * Fills in the session attributes of RFC 4271 section 8 that `options` leaves out, with the
 * RFC's suggested values (section 10: HoldTime 90, ConnectRetryTime 120, KeepaliveTime a third
 * of the HoldTime; section 8.2.2: a 4-minute "large value"; every optional flag FALSE).
 * @throws TypeError when `localAs` or `bgpId` is missing (a caller error, never peer data).
 */
export function resolveFsmConfig(options: FsmOptions): FsmConfig {
  checkObject(options, 'resolveFsmConfig', 'options');
  if (options === null || typeof options !== 'object' || typeof options.localAs !== 'number' || typeof options.bgpId !== 'string') {
    throw new TypeError('initialState: localAs (number) and bgpId (dotted quad) are required');
  }
  checkFsmOptions(options);
  const holdTime = num(options.holdTime, 90);
  const idleHoldTime = num(options.idleHoldTime, 60);
  const sendHoldTime = options.sendHoldTime === 'auto' ? 'auto' : num(options.sendHoldTime, -1);
  return {
    localAs: options.localAs,
    bgpId: options.bgpId,
    holdTime,
    keepaliveTime: num(options.keepaliveTime, Math.floor(holdTime / 3)),
    connectRetryTime: num(options.connectRetryTime, 120),
    largeHoldTime: num(options.largeHoldTime, 240),
    capabilities: options.capabilities ?? [],
    // validateOpen tells internal from external and checks the identifier with these (RFC 6286 section 2.2).
    expectations: { localAs: options.localAs, localBgpId: options.bgpId, ...options.expectations },
    allowAutomaticStart: bool(options.allowAutomaticStart, false),
    allowAutomaticStop: bool(options.allowAutomaticStop, false),
    dampPeerOscillations: bool(options.dampPeerOscillations, false),
    idleHoldTime,
    maxIdleHoldTime: Math.max(idleHoldTime, num(options.maxIdleHoldTime, 960)),
    delayOpen: bool(options.delayOpen, false),
    delayOpenTime: num(options.delayOpenTime, 5),
    passiveTcpEstablishment: bool(options.passiveTcpEstablishment, false),
    sendNotificationWithoutOpen: bool(options.sendNotificationWithoutOpen, false),
    trackTcpState: bool(options.trackTcpState, false),
    collisionDetectEstablishedState: bool(options.collisionDetectEstablishedState, false),
    sendHoldTime: sendHoldTime === -1 ? 'auto' : sendHoldTime,
  };
}

/**
 * The FSM before any event: Idle, ConnectRetryCounter zero, no timer running (RFC 4271
 * section 8.2.2: "Initially, the BGP peer FSM is in the Idle state").
 * @throws TypeError when `localAs` or `bgpId` is missing or `bgpId` is no dotted quad;
 *   RangeError for a localAs out of range, a 4-octet localAs without the as4 capability, an
 *   as4 capability whose ASN is not localAs, a hold time of 1 or 2 seconds (RFC 4271 4.2).
 * @example let s = initialState({ localAs: 65001, bgpId: '192.0.2.1', expectations: { peerAs: 65002 } })
 */
export function initialState(options: FsmOptions): FsmState {
  checkObject(options, 'initialState', 'options');
  const config = resolveFsmConfig(options);
  return { name: 'Idle', config, connectRetryCounter: 0, timers: {}, idleHoldTime: config.idleHoldTime };
}

/** The OPEN this speaker sends under `config` (RFC 4271 section 4.2; AS_TRANS for a 4-octet AS, RFC 6793). */
export function localOpen(config: FsmConfig): OpenMessage {
  checkObject(config, 'localOpen', 'config');
  return {
    type: 'OPEN',
    version: 4,
    myAs: config.localAs > 0xffff ? AS_TRANS : config.localAs,
    holdTime: config.holdTime,
    bgpId: config.bgpId,
    capabilities: config.capabilities,
  };
}
