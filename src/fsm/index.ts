export { transition } from './transition.ts';
export { initialState, localOpen, resolveFsmConfig } from './config.ts';
export { detectCollision } from './collision.ts';
export { eventForError, eventForMessage, eventNumber } from './events.ts';
export { FSM_STATE_NAMES, FsmEventNumber } from './types.ts';
export type { CollisionConnection, CollisionInput, CollisionResult } from './collision.ts';
export type {
  ErrorEvent,
  FsmAction,
  FsmActionType,
  FsmConfig,
  FsmEvent,
  FsmEventBase,
  FsmEventType,
  FsmOptions,
  FsmResult,
  FsmState,
  FsmStateName,
  MessageSentEvent,
  NegotiatedSession,
  NotificationEvent,
  NotificationFields,
  OpenEvent,
  OutgoingMessage,
  RetainRoutesAction,
  RfcEventType,
  RouteRefreshEvent,
  SimpleEvent,
  StopEvent,
  TimerName,
  UpdateEvent,
} from './types.ts';
