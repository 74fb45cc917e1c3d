import type { OpenMessage } from '../messages/types.ts';
import type { FsmConfig, FsmOptions, FsmState } from './types.ts';

/** AS_TRANS (RFC 6793 section 9): the 2-octet My AS of a speaker whose AS needs 4 octets. */
const AS_TRANS = 23456;

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/**
 * Fills in the session attributes of RFC 4271 section 8 that `options` leaves out, with the
 * RFC's suggested values (section 10: HoldTime 90, ConnectRetryTime 120, KeepaliveTime a third
 * of the HoldTime; section 8.2.2: a 4-minute "large value"; every optional flag FALSE).
 * @throws TypeError when `localAs` or `bgpId` is missing (a caller error, never peer data).
 */
export function resolveFsmConfig(options: FsmOptions): FsmConfig {
  if (options === null || typeof options !== 'object' || typeof options.localAs !== 'number' || typeof options.bgpId !== 'string') {
    throw new TypeError('initialState: localAs (number) and bgpId (dotted quad) are required');
  }
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
 * @throws TypeError when `localAs` or `bgpId` is missing.
 * @example let s = initialState({ localAs: 65001, bgpId: '192.0.2.1', expectations: { peerAs: 65002 } })
 */
export function initialState(options: FsmOptions): FsmState {
  const config = resolveFsmConfig(options);
  return { name: 'Idle', config, connectRetryCounter: 0, timers: {}, idleHoldTime: config.idleHoldTime };
}

/** The OPEN this speaker sends under `config` (RFC 4271 section 4.2; AS_TRANS for a 4-octet AS, RFC 6793). */
export function localOpen(config: FsmConfig): OpenMessage {
  return {
    type: 'OPEN',
    version: 4,
    myAs: config.localAs > 0xffff ? AS_TRANS : config.localAs,
    holdTime: config.holdTime,
    bgpId: config.bgpId,
    capabilities: config.capabilities,
  };
}
