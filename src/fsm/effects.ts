import { ErrorCode, FsmErrorSubcode, MessageType } from '../iana.ts';
import { notificationFor } from '../messages/notification-for.ts';
import type { NotificationMessage } from '../messages/types.ts';
import type { GracefulRestartCapability } from '../capabilities/types.ts';
import type {
  FsmAction,
  FsmEvent,
  FsmResult,
  FsmState,
  FsmStateName,
  NegotiatedSession,
  OutgoingMessage,
  TimerName,
} from './types.ts';

type Timers = { [K in TimerName]?: number };

const EMPTY: Uint8Array = new Uint8Array(0);

/** A code or subcode as an octet: the reducer never throws, so anything else becomes 0. */
function octet(value: number): number {
  return Number.isInteger(value) && value >= 0 && value <= 255 ? value : 0;
}

/** Why an Established session ends, for the RFC 4724 / RFC 8538 retain-or-delete decision. */
export type DropCause = 'tcp' | 'notification-received' | 'notification-sent' | 'hard-reset';

/**
 * Accumulates the actions of one transition and the state they lead to. Internal to the
 * reducer: one is made per call, so the reducer itself keeps no state between calls.
 */
export class Effects {
  readonly actions: FsmAction[] = [];
  readonly from: FsmState;
  readonly jitter: number;
  name: FsmStateName;
  timers: Timers;
  counter: number;
  idleHoldTime: number;
  session: NegotiatedSession | undefined;

  constructor(state: FsmState, event: FsmEvent) {
    this.from = state;
    this.name = state.name;
    this.timers = { ...state.timers };
    this.counter = state.connectRetryCounter;
    this.idleHoldTime = state.idleHoldTime;
    this.session = state.session;
    const j = event.jitter;
    // RFC 4271 section 10: the factor is the caller's draw; anything unusable means no jitter.
    this.jitter = typeof j === 'number' && j > 0 && j <= 1 ? j : 1;
  }

  get config(): FsmState['config'] {
    return this.from.config;
  }

  isRunning(timer: TimerName): boolean {
    return this.timers[timer] !== undefined;
  }

  push(action: FsmAction): this {
    this.actions.push(action);
    return this;
  }

  send(message: OutgoingMessage): this {
    return this.push({ type: 'send', message });
  }

  /**
   * Sends a NOTIFICATION built by notificationFor: an RFC 8538 Hard Reset where the N bit was
   * exchanged and the Cease calls for one (`hardReset` overrides), data cut to fit RFC 8654.
   */
  notify(code: number, subcode: number, data: Uint8Array = EMPTY, hardReset?: boolean): NotificationMessage {
    const message = notificationFor({ code: octet(code), subcode: octet(subcode), data }, this.session?.send, hardReset === undefined ? undefined : { hardReset });
    this.send(message);
    return message;
  }

  /** Starts (or restarts) a timer; the ConnectRetryTimer and KeepaliveTimer get the jitter (section 10). */
  start(timer: TimerName, seconds: number): this {
    const jittered = timer === 'ConnectRetryTimer' || timer === 'KeepaliveTimer' ? seconds * this.jitter : seconds;
    this.timers[timer] = jittered;
    return this.push({ type: 'startTimer', timer, seconds: jittered });
  }

  /** Stops a timer; with `ifRunning`, only when it runs ("stops the ConnectRetryTimer (if running)"). */
  stop(timer: TimerName, ifRunning = false): this {
    if (ifRunning && !this.isRunning(timer)) return this;
    delete this.timers[timer];
    return this.push({ type: 'stopTimer', timer });
  }

  /** "releases all BGP resources": the session's timers stop and the negotiated session is forgotten. */
  release(): this {
    this.push({ type: 'releaseResources' });
    for (const t of ['HoldTimer', 'KeepaliveTimer', 'DelayOpenTimer', 'SendHoldTimer'] as const) this.stop(t, true);
    this.session = undefined;
    return this;
  }

  increment(): this {
    this.counter += 1;
    return this.push({ type: 'incrementConnectRetryCounter', value: this.counter });
  }

  zero(): this {
    this.counter = 0;
    return this.push({ type: 'zeroConnectRetryCounter' });
  }

  /** "(optionally) performs peer oscillation damping if the DampPeerOscillations attribute is set to TRUE". */
  damp(): this {
    if (!this.config.dampPeerOscillations) return this;
    const hold = this.idleHoldTime;
    this.push({ type: 'dampPeerOscillations', idleHoldTime: hold });
    this.start('IdleHoldTimer', hold);
    // Section 8.1.1 example: the IdleHoldTime grows while the peer keeps oscillating.
    this.idleHoldTime = Math.min(hold * 2, this.config.maxIdleHoldTime);
    return this;
  }

  /** Whether both speakers announced graceful restart, the peer with at least one family (RFC 4724 section 5). */
  hasGracefulRestart(): boolean {
    return retainedFamilies(this) !== undefined;
  }

  /** "deletes all routes associated with this connection", or keeps them under graceful restart. */
  routes(cause: DropCause): this {
    const gr = retainedFamilies(this);
    if (gr === undefined || !shouldRetain(this.session, cause)) return this.push({ type: 'deleteRoutes' });
    return this.push({
      type: 'retainRoutes',
      families: gr.families.map((f) => ({ afi: f.afi, safi: f.safi, forwarding: f.forwarding })),
      restartTime: gr.restartTime,
      // RFC 8538 section 4.1: the previously stale routes are deleted only without the N bit.
      deletePreviouslyStale: this.session?.receive.hardReset !== true,
    });
  }

  /** "changes its state to ..."; leaving for Idle stops any timer still running but the IdleHoldTimer. */
  goto(name: FsmStateName): this {
    if (name === 'Idle') {
      for (const t of Object.keys(this.timers) as TimerName[]) if (t !== 'IdleHoldTimer') this.stop(t);
      this.session = undefined;
    }
    if (name !== this.name) this.push({ type: 'stateChange', from: this.name, to: name });
    this.name = name;
    return this;
  }

  result(): FsmResult {
    const state: FsmState = {
      name: this.name,
      config: this.from.config,
      connectRetryCounter: this.counter,
      timers: this.timers,
      idleHoldTime: this.idleHoldTime,
      ...(this.session === undefined ? {} : { session: this.session }),
    };
    return { state, actions: this.actions };
  }
}

function retainedFamilies(e: Effects): GracefulRestartCapability | undefined {
  const gr = e.session?.gracefulRestart;
  if (gr === undefined || gr.families.length === 0) return undefined;
  // Only a speaker that itself announced graceful restart acts as a Receiving Speaker (RFC 4724 section 4.2).
  if (!e.config.capabilities.some((c) => c.type === 'graceful-restart')) return undefined;
  return gr;
}

function shouldRetain(session: NegotiatedSession | undefined, cause: DropCause): boolean {
  switch (cause) {
    case 'tcp':
      // RFC 4724 section 4.2: "detects termination of the TCP session".
      return true;
    case 'notification-received':
    case 'notification-sent':
      // RFC 8538 section 4: with the N bit, NOTIFICATIONs other than Hard Reset are graceful.
      return session?.receive.hardReset === true;
    case 'hard-reset':
      return false;
  }
}

/** The message type an event carries, for RFC 6608's 1-octet data; undefined for non-message events. */
export function messageTypeOf(event: FsmEvent): number | undefined {
  switch (event.type) {
    case 'BGPOpen':
    case 'BGPOpen_with_DelayOpenTimer_running':
    case 'BGPOpenMsgErr':
      return MessageType.OPEN;
    case 'UpdateMsg':
    case 'UpdateMsgErr':
      return MessageType.UPDATE;
    case 'NotifMsg':
    case 'NotifMsgVerErr':
      return MessageType.NOTIFICATION;
    case 'KeepAliveMsg':
      return MessageType.KEEPALIVE;
    case 'RouteRefreshMsg':
      return MessageType['ROUTE-REFRESH'];
    default:
      return undefined;
  }
}

/**
 * RFC 4271 section 6.6 with the RFC 6608 subcodes: "Receive Unexpected Message in <state>" and
 * the message type as data for a message event, Unspecified Error for any other event.
 */
export function fsmErrorFor(state: FsmStateName, event: FsmEvent): { code: number; subcode: number; data: Uint8Array } {
  const type = messageTypeOf(event);
  if (type === undefined) return { code: ErrorCode.FiniteStateMachineError, subcode: FsmErrorSubcode.UnspecifiedError, data: EMPTY };
  const subcode =
    state === 'OpenSent'
      ? FsmErrorSubcode.UnexpectedMessageInOpenSent
      : state === 'OpenConfirm'
        ? FsmErrorSubcode.UnexpectedMessageInOpenConfirm
        : state === 'Established'
          ? FsmErrorSubcode.UnexpectedMessageInEstablished
          : FsmErrorSubcode.UnspecifiedError;
  return { code: ErrorCode.FiniteStateMachineError, subcode, data: Uint8Array.of(type) };
}
