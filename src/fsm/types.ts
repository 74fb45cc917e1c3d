import type { Capability, GracefulRestartCapability } from '../capabilities/types.ts';
import type { SessionContext } from '../context/session-context.ts';
import type { UpdateMessage } from '../attributes/types.ts';
import type { OpenExpectations } from '../messages/validate-open.ts';
import type {
  KeepaliveMessage,
  NotificationMessage,
  OpenMessage,
  RouteRefreshMessage,
} from '../messages/types.ts';

/** The six states of RFC 4271 section 8.2.2. */
export type FsmStateName = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';

/** The state names in RFC order (useful for tables and property tests). */
export const FSM_STATE_NAMES: readonly FsmStateName[] = ['Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established'];

/** The timers of RFC 4271 section 8 and 10, plus the SendHoldTimer of RFC 9687. */
export type TimerName =
  | 'ConnectRetryTimer'
  | 'HoldTimer'
  | 'KeepaliveTimer'
  | 'DelayOpenTimer'
  | 'IdleHoldTimer'
  | 'SendHoldTimer';

/**
 * Event numbers of RFC 4271 section 8.1 (1..28) and RFC 9687 section 4.2 (29), keyed by the
 * RFC's own names; event 20 ("BGPOpen with DelayOpenTimer running") is spelt with underscores.
 */
export const FsmEventNumber = {
  ManualStart: 1,
  ManualStop: 2,
  AutomaticStart: 3,
  ManualStart_with_PassiveTcpEstablishment: 4,
  AutomaticStart_with_PassiveTcpEstablishment: 5,
  AutomaticStart_with_DampPeerOscillations: 6,
  AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment: 7,
  AutomaticStop: 8,
  ConnectRetryTimer_Expires: 9,
  HoldTimer_Expires: 10,
  KeepaliveTimer_Expires: 11,
  DelayOpenTimer_Expires: 12,
  IdleHoldTimer_Expires: 13,
  TcpConnection_Valid: 14,
  Tcp_CR_Invalid: 15,
  Tcp_CR_Acked: 16,
  TcpConnectionConfirmed: 17,
  TcpConnectionFails: 18,
  BGPOpen: 19,
  BGPOpen_with_DelayOpenTimer_running: 20,
  BGPHeaderErr: 21,
  BGPOpenMsgErr: 22,
  OpenCollisionDump: 23,
  NotifMsgVerErr: 24,
  NotifMsg: 25,
  KeepAliveMsg: 26,
  UpdateMsg: 27,
  UpdateMsgErr: 28,
  SendHoldTimer_Expires: 29,
} as const;

/** The name of an RFC-numbered event. */
export type RfcEventType = keyof typeof FsmEventNumber;

/** Fields shared by every event. */
export interface FsmEventBase {
  /**
   * RFC 4271 section 10 jitter factor (suggested uniform in 0.75..1.0) applied to the
   * ConnectRetryTimer and KeepaliveTimer started by this event; the caller draws it so the
   * reducer stays deterministic. Absent or out of (0, 1]: 1.
   */
  readonly jitter?: number;
}

/** The NOTIFICATION fields of an error (a `BgpError` satisfies it). */
export interface NotificationFields {
  readonly code: number;
  readonly subcode: number;
  readonly data?: Uint8Array;
}

/** Events without a payload (RFC 4271 section 8.1). */
export interface SimpleEvent extends FsmEventBase {
  readonly type:
    | 'ManualStart'
    | 'AutomaticStart'
    | 'ManualStart_with_PassiveTcpEstablishment'
    | 'AutomaticStart_with_PassiveTcpEstablishment'
    | 'AutomaticStart_with_DampPeerOscillations'
    | 'AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment'
    | 'ConnectRetryTimer_Expires'
    | 'HoldTimer_Expires'
    | 'KeepaliveTimer_Expires'
    | 'DelayOpenTimer_Expires'
    | 'IdleHoldTimer_Expires'
    | 'TcpConnection_Valid'
    | 'Tcp_CR_Invalid'
    | 'Tcp_CR_Acked'
    | 'TcpConnectionConfirmed'
    | 'TcpConnectionFails'
    | 'OpenCollisionDump'
    | 'KeepAliveMsg'
    | 'SendHoldTimer_Expires';
}

/** Events 2 and 8: the Cease sent may name its subcode and data (e.g. RFC 9003 text). */
export interface StopEvent extends FsmEventBase {
  readonly type: 'ManualStop' | 'AutomaticStop';
  /** Cease subcode (RFC 4486); default 2 Administrative Shutdown for ManualStop, 0 for AutomaticStop. */
  readonly subcode?: number;
  /** Cease data; default empty. */
  readonly data?: Uint8Array;
  /**
   * RFC 8538 section 5.1: when the N bit was exchanged, wrap the Cease in a Hard Reset
   * (and delete the peer's routes). Default: true for subcodes 1-4 and 9, false otherwise.
   */
  readonly hardReset?: boolean;
}

/** Events 19 and 20: a decoded OPEN; the reducer validates it (validateOpen). */
export interface OpenEvent extends FsmEventBase {
  readonly type: 'BGPOpen' | 'BGPOpen_with_DelayOpenTimer_running';
  readonly open: OpenMessage;
}

/** Events 21, 22 and 28: the error whose NOTIFICATION is sent. */
export interface ErrorEvent extends FsmEventBase {
  readonly type: 'BGPHeaderErr' | 'BGPOpenMsgErr' | 'UpdateMsgErr';
  readonly error: NotificationFields;
}

/** Events 24 and 25: the NOTIFICATION received (optional; RFC 8538 needs it). */
export interface NotificationEvent extends FsmEventBase {
  readonly type: 'NotifMsgVerErr' | 'NotifMsg';
  readonly notification?: NotificationMessage;
}

/** Event 27: a valid UPDATE. */
export interface UpdateEvent extends FsmEventBase {
  readonly type: 'UpdateMsg';
  readonly update: UpdateMessage;
}

/** Not in RFC 4271: a ROUTE-REFRESH (RFC 2918) was received; unexpected before Established (RFC 6608). */
export interface RouteRefreshEvent extends FsmEventBase {
  readonly type: 'RouteRefreshMsg';
  readonly message: RouteRefreshMessage;
}

/**
 * Not in RFC 4271: the caller's transport has written a message to TCP. In Established it
 * restarts the SendHoldTimer (RFC 9687 section 4.3) and, for an UPDATE the caller sent, the
 * KeepaliveTimer (RFC 4271 section 8.2.2: "Each time the local system sends a KEEPALIVE or
 * UPDATE message, it restarts its KeepaliveTimer").
 */
export interface MessageSentEvent extends FsmEventBase {
  readonly type: 'MessageSent';
  /** The BGP message type written (1 OPEN .. 5 ROUTE-REFRESH). */
  readonly messageType: number;
}

/** Any input to {@link transition}. */
export type FsmEvent =
  | SimpleEvent
  | StopEvent
  | OpenEvent
  | ErrorEvent
  | NotificationEvent
  | UpdateEvent
  | RouteRefreshEvent
  | MessageSentEvent;

/** The type tag of any event. */
export type FsmEventType = FsmEvent['type'];

/** A message the reducer asks the caller to send. */
export type OutgoingMessage = OpenMessage | KeepaliveMessage | NotificationMessage;

/** RFC 4724 section 4.2 / RFC 8538 section 4.1: what to do with the peer's routes when the session drops. */
export interface RetainRoutesAction {
  readonly type: 'retainRoutes';
  /** The families the peer listed in its Graceful Restart Capability: keep and mark stale. */
  readonly families: readonly { readonly afi: number; readonly safi: number; readonly forwarding: boolean }[];
  /** The peer's Restart Time in seconds: delete the stale routes if it is not back by then. */
  readonly restartTime: number;
  /** RFC 4724: routes already stale from an earlier restart are deleted (false when the N bit was exchanged, RFC 8538). */
  readonly deletePreviouslyStale: boolean;
}

/** An effect the caller performs, as plain data, in the order the RFC lists the steps. */
export type FsmAction =
  /** "initializes all BGP resources for the peer connection". */
  | { readonly type: 'initializeResources' }
  /** "releases all BGP resources". */
  | { readonly type: 'releaseResources' }
  /** "initiates a TCP connection to the other BGP peer". */
  | { readonly type: 'connect' }
  /** "listens for a connection that may be initiated by the remote BGP peer". */
  | { readonly type: 'listen' }
  /** "drops the TCP connection". */
  | { readonly type: 'disconnect' }
  /** Event 14 in Connect/Active: "the TCP connection is processed". */
  | { readonly type: 'acceptConnection' }
  /** Event 15, or 14 in Idle: "rejects the TCP connection". */
  | { readonly type: 'rejectConnection' }
  /** Events 14, 16, 17 in OpenSent/OpenConfirm/Established: the second connection is tracked (section 6.8). */
  | { readonly type: 'trackConnection' }
  /** Send one message (encode with the send context of the state's session). */
  | { readonly type: 'send'; readonly message: OutgoingMessage }
  /** Start (or restart) a timer; `seconds` already carries the jitter. */
  | { readonly type: 'startTimer'; readonly timer: TimerName; readonly seconds: number }
  /** Stop a timer ("sets ... to zero"). */
  | { readonly type: 'stopTimer'; readonly timer: TimerName }
  /** Event 27: "processes the message" (section 9). */
  | { readonly type: 'processUpdate'; readonly update: UpdateMessage }
  /** A ROUTE-REFRESH received in Established (RFC 2918, RFC 7313). */
  | { readonly type: 'processRouteRefresh'; readonly message: RouteRefreshMessage }
  /** "deletes all routes associated with this connection". */
  | { readonly type: 'deleteRoutes' }
  | RetainRoutesAction
  /** "increments the ConnectRetryCounter by 1"; `value` is the new count. */
  | { readonly type: 'incrementConnectRetryCounter'; readonly value: number }
  /** "sets the ConnectRetryCounter to zero". */
  | { readonly type: 'zeroConnectRetryCounter' }
  /** "performs peer oscillation damping"; the IdleHoldTimer start follows. */
  | { readonly type: 'dampPeerOscillations'; readonly idleHoldTime: number }
  /** RFC 9687 section 4.3: "logs an error message in the local system". */
  | { readonly type: 'logError'; readonly code: number; readonly subcode: number; readonly reason: string }
  /** "changes its state to ..." (absent when the state stays). */
  | { readonly type: 'stateChange'; readonly from: FsmStateName; readonly to: FsmStateName };

/** The type tag of any action. */
export type FsmActionType = FsmAction['type'];

/**
 * The session attributes of RFC 4271 section 8 (mandatory and optional), resolved: every
 * field is present. Plain data (JSON-safe as long as the capabilities hold no raw bytes).
 */
export interface FsmConfig {
  /** Local AS number (2 or 4 octets). */
  readonly localAs: number;
  /** Local BGP Identifier, dotted quad. */
  readonly bgpId: string;
  /** HoldTime: the hold time this speaker offers in its OPEN, seconds (section 10: 90). */
  readonly holdTime: number;
  /** KeepaliveTime upper bound, seconds; the timer uses min(this, negotiated hold time / 3). Default holdTime / 3. */
  readonly keepaliveTime: number;
  /** ConnectRetryTime, seconds (section 10: 120). */
  readonly connectRetryTime: number;
  /** The "large value" of the HoldTimer in OpenSent, seconds (section 8.2.2: 4 minutes). */
  readonly largeHoldTime: number;
  /** The capabilities of the OPEN this speaker sends (RFC 5492). */
  readonly capabilities: readonly Capability[];
  /** What a received OPEN must satisfy (peer AS, required capabilities, role): passed to validateOpen. */
  readonly expectations: OpenExpectations;
  /** AllowAutomaticStart (default false): IdleHoldTimer_Expires restarts the session automatically. */
  readonly allowAutomaticStart: boolean;
  /** AllowAutomaticStop (default false); recorded, AutomaticStop is processed either way. */
  readonly allowAutomaticStop: boolean;
  /** DampPeerOscillations (default false). */
  readonly dampPeerOscillations: boolean;
  /** IdleHoldTime, seconds: the first IdleHoldTimer value when damping (default 60). */
  readonly idleHoldTime: number;
  /** The most the IdleHoldTime doubles to on repeated damping, seconds (default 960). */
  readonly maxIdleHoldTime: number;
  /** DelayOpen (default false). */
  readonly delayOpen: boolean;
  /** DelayOpenTime, seconds (default 5). */
  readonly delayOpenTime: number;
  /** PassiveTcpEstablishment (default false): the automatic restart after damping listens only. */
  readonly passiveTcpEstablishment: boolean;
  /** SendNOTIFICATIONwithoutOPEN (default false). */
  readonly sendNotificationWithoutOpen: boolean;
  /** TrackTcpState (default false); recorded, events 14 and 15 are processed either way. */
  readonly trackTcpState: boolean;
  /** CollisionDetectEstablishedState (default false): OpenCollisionDump is honoured in Established. */
  readonly collisionDetectEstablishedState: boolean;
  /**
   * RFC 9687 SendHoldTime, seconds; 0 disables; `auto` (default) is the greater of 8 minutes and
   * twice the negotiated hold time (RFC 9687 section 6).
   */
  readonly sendHoldTime: number | 'auto';
}

/** What {@link initialState} accepts: the mandatory attributes plus any optional ones. */
export type FsmOptions = Pick<FsmConfig, 'localAs' | 'bgpId'> & Partial<Omit<FsmConfig, 'localAs' | 'bgpId'>>;

/** What was learnt from the peer's valid OPEN (RFC 4271 section 4.2, section 8.2.2 event 19). */
export interface NegotiatedSession {
  /** The peer's AS (its 4-octet AS capability when present). */
  readonly peerAs: number;
  readonly peerBgpId: string;
  /** "If the value of the autonomous system field is the same as the local Autonomous System number ... internal". */
  readonly internal: boolean;
  /** The negotiated hold time (contextFor), seconds; 0 means no HoldTimer or KeepaliveTimer. */
  readonly holdTime: number;
  /** The KeepaliveTimer value, seconds (0 when the hold time is 0). */
  readonly keepaliveTime: number;
  /** The SendHoldTimer value, seconds (0 disabled). */
  readonly sendHoldTime: number;
  /** Decode what the peer sends with this. */
  readonly receive: SessionContext;
  /** Encode what this speaker sends with this. */
  readonly send: SessionContext;
  /** The peer's Graceful Restart Capability (RFC 4724), when it sent one. */
  readonly gracefulRestart?: GracefulRestartCapability;
}

/** The whole FSM state: plain data that survives JSON.stringify / JSON.parse. */
export interface FsmState {
  /** The state of RFC 4271 section 8.2.2. */
  readonly name: FsmStateName;
  /** The session attributes this FSM runs with. */
  readonly config: FsmConfig;
  /** ConnectRetryCounter (section 8). */
  readonly connectRetryCounter: number;
  /** The timers running, each with the seconds it was last started with. */
  readonly timers: { readonly [K in TimerName]?: number };
  /** The current IdleHoldTime (grows while damping, section 8.1.1). */
  readonly idleHoldTime: number;
  /** Set once the peer's OPEN is validated; cleared when resources are released. */
  readonly session?: NegotiatedSession;
}

/** What {@link transition} returns. */
export interface FsmResult {
  readonly state: FsmState;
  readonly actions: readonly FsmAction[];
}
