import { BgpError } from '../../src/wire/errors.ts';
import { toHex } from '../../src/wire/hex.ts';
import type { OpenMessage } from '../../src/messages/types.ts';
import { FsmEventNumber, initialState, transition } from '../../src/fsm/index.ts';
import type { FsmAction, FsmEvent, FsmOptions, FsmState, FsmStateName, RfcEventType } from '../../src/fsm/index.ts';

/** The local speaker of the cell tests: AS 65001, hold time 90, ConnectRetryTime 120. */
export const BASE: FsmOptions = { localAs: 65001, bgpId: '192.0.2.1', expectations: { peerAs: 65002 } };

/** A valid OPEN from the peer (AS 65002, hold time 90). */
export const PEER_OPEN: OpenMessage = { type: 'OPEN', version: 4, myAs: 65002, holdTime: 90, bgpId: '192.0.2.2', capabilities: [] };

const NAMES = new Map<number, RfcEventType>(Object.entries(FsmEventNumber).map(([k, v]) => [v, k as RfcEventType]));

/** A representative event for an RFC event number (1..29). */
export function eventOf(n: number, open: OpenMessage = PEER_OPEN): FsmEvent {
  const type = NAMES.get(n);
  switch (type) {
    case 'BGPOpen':
    case 'BGPOpen_with_DelayOpenTimer_running':
      return { type, open };
    case 'BGPHeaderErr':
      return { type, error: new BgpError(1, 2, 'bad length', Uint8Array.of(0, 5)) };
    case 'BGPOpenMsgErr':
      return { type, error: new BgpError(2, 2, 'bad peer as') };
    case 'UpdateMsgErr':
      return { type, error: new BgpError(3, 1, 'malformed attribute list') };
    case 'NotifMsgVerErr':
      return { type, notification: { type: 'NOTIFICATION', code: 2, subcode: 1, data: Uint8Array.of(0, 4) } };
    case 'NotifMsg':
      return { type, notification: { type: 'NOTIFICATION', code: 6, subcode: 2, data: new Uint8Array(0) } };
    case 'UpdateMsg':
      return { type, update: { type: 'UPDATE', withdrawn: [], attributes: [], nlri: [] } };
    case 'ManualStop':
    case 'AutomaticStop':
      return { type };
    case undefined:
      throw new Error(`no event ${n}`);
    default:
      return { type };
  }
}

/** Drives a fresh FSM with `options` to `name` along the usual path. */
export function reach(name: FsmStateName, options: Partial<FsmOptions> = {}): FsmState {
  let s = initialState({ ...BASE, ...options });
  const path: Record<FsmStateName, FsmEvent[]> = {
    Idle: [],
    Connect: [{ type: 'ManualStart' }],
    Active: [{ type: 'ManualStart_with_PassiveTcpEstablishment' }],
    OpenSent: [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }],
    OpenConfirm: [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, { type: 'BGPOpen', open: PEER_OPEN }],
    Established: [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, { type: 'BGPOpen', open: PEER_OPEN }, { type: 'KeepAliveMsg' }],
  };
  for (const ev of path[name]) s = transition(s, ev).state;
  if (s.name !== name) throw new Error(`reach(${name}) ended in ${s.name}`);
  return s;
}

/** An action as a short string, so that a cell reads like the RFC's list. */
export function fmt(a: FsmAction): string {
  switch (a.type) {
    case 'send':
      if (a.message.type === 'NOTIFICATION') {
        const d = a.message.data.length === 0 ? '' : ` ${toHex(a.message.data)}`;
        return `send NOTIFICATION ${a.message.code}/${a.message.subcode}${d}`;
      }
      return `send ${a.message.type}`;
    case 'startTimer':
      return `start ${a.timer} ${a.seconds}`;
    case 'stopTimer':
      return `stop ${a.timer}`;
    case 'stateChange':
      return `→ ${a.to}`;
    case 'initializeResources':
      return 'init';
    case 'releaseResources':
      return 'release';
    case 'incrementConnectRetryCounter':
      return 'counter+1';
    case 'zeroConnectRetryCounter':
      return 'counter=0';
    case 'acceptConnection':
      return 'accept';
    case 'rejectConnection':
      return 'reject';
    case 'trackConnection':
      return 'track';
    case 'processUpdate':
      return 'process UPDATE';
    case 'processRouteRefresh':
      return 'process ROUTE-REFRESH';
    case 'deleteRoutes':
      return 'delete routes';
    case 'retainRoutes':
      return `retain routes ${a.restartTime}`;
    case 'dampPeerOscillations':
      return `damp ${a.idleHoldTime}`;
    case 'logError':
      return `log ${a.code}/${a.subcode}`;
    default:
      return a.type;
  }
}
