import { EventEmitter } from 'node:events';
import type { UpdateMessage } from '../attributes/types.ts';
import type { FsmStateName, NegotiatedSession } from '../fsm/types.ts';
import { errorCodeName, errorSubcodeName } from '../iana.ts';
import type { NotificationMessage } from '../messages/types.ts';
import type { LocRibChange } from '../rib/types.ts';

/** Why a session went down. */
export interface DownInfo {
  /** Short lowercase reason, e.g. `notification received: cease/administrative-shutdown`. */
  readonly reason: string;
  /** The NOTIFICATION sent or received, if any. */
  readonly notification?: NotificationMessage;
  /** Whether the NOTIFICATION was sent by us or received. */
  readonly direction?: 'sent' | 'received';
}

/** Why a session went down, from the last NOTIFICATION of its connection (none: TCP closed). */
export function downInfo(n: { readonly message: NotificationMessage; readonly direction: 'sent' | 'received' } | undefined): DownInfo {
  if (n === undefined) return { reason: 'tcp connection closed' };
  const m = n.message;
  return { reason: `notification ${n.direction}: ${errorCodeName(m.code)}/${errorSubcodeName(m.code, m.subcode)}`, notification: m, direction: n.direction };
}

/** One event of a {@link Peer}, as its async iterator yields it. */
export type PeerEvent =
  | { readonly type: 'established'; readonly session: NegotiatedSession }
  | { readonly type: 'update'; readonly update: UpdateMessage; readonly changes: readonly LocRibChange[] }
  | { readonly type: 'down'; readonly down: DownInfo }
  | { readonly type: 'notification'; readonly notification: NotificationMessage; readonly direction: 'sent' | 'received' }
  | { readonly type: 'state'; readonly from: FsmStateName; readonly to: FsmStateName }
  | { readonly type: 'error'; readonly error: Error };

/** The listener arguments of each event name. */
export interface PeerEventMap {
  established: [session: NegotiatedSession];
  update: [update: UpdateMessage, changes: readonly LocRibChange[]];
  down: [down: DownInfo];
  notification: [notification: NotificationMessage, direction: 'sent' | 'received'];
  state: [from: FsmStateName, to: FsmStateName];
  error: [error: Error];
}

/** The arguments of an event as listeners get them. */
export function listenerArgs(e: PeerEvent): unknown[] {
  switch (e.type) {
    case 'established':
      return [e.session];
    case 'update':
      return [e.update, e.changes];
    case 'down':
      return [e.down];
    case 'notification':
      return [e.notification, e.direction];
    case 'state':
      return [e.from, e.to];
    case 'error':
      return [e.error];
  }
}

/**
 * One consumer of the async iterator: a bounded queue. When it is full the peer holds
 * reading (backpressure); `onChange` tells the peer when the queue fills or drains.
 */
export class EventQueue implements AsyncIterableIterator<PeerEvent> {
  private readonly items: PeerEvent[] = [];
  private waiter: ((r: IteratorResult<PeerEvent>) => void) | undefined;
  private done = false;
  private readonly limit: number;
  private readonly onChange: (q: EventQueue) => void;

  constructor(limit: number, onChange: (q: EventQueue) => void) {
    this.limit = limit;
    this.onChange = onChange;
  }

  /** Whether the consumer is behind by `limit` events. */
  get isFull(): boolean {
    return this.items.length >= this.limit;
  }

  /** Events waiting. */
  get length(): number {
    return this.items.length;
  }

  get isDone(): boolean {
    return this.done;
  }

  push(e: PeerEvent): void {
    if (this.done) return;
    const w = this.waiter;
    if (w !== undefined) {
      this.waiter = undefined;
      w({ value: e, done: false });
      return;
    }
    this.items.push(e);
    if (this.items.length === this.limit) this.onChange(this);
  }

  next(): Promise<IteratorResult<PeerEvent>> {
    const e = this.items.shift();
    if (e !== undefined) {
      // Resume below half the limit (hysteresis: no pause/resume per event).
      if (this.items.length === Math.floor(this.limit / 2)) this.onChange(this);
      return Promise.resolve({ value: e, done: false });
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  return(): Promise<IteratorResult<PeerEvent>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Ends the iteration (the peer was removed or the loop broke). */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.items.length = 0;
    const w = this.waiter;
    this.waiter = undefined;
    if (w !== undefined) w({ value: undefined, done: true });
    this.onChange(this);
  }

  [Symbol.asyncIterator](): EventQueue {
    return this;
  }
}

/**
 * An EventEmitter whose listeners cannot hurt the emitter: each one is called on its own, a
 * throw is caught and reported as `'error'` (when someone listens to it) or as a process
 * warning, and `'error'` is emitted only to listeners, never thrown.
 */
export class SafeEmitter extends EventEmitter {
  /** The last error reported, heard or not. */
  lastError: Error | undefined;

  /** Calls every listener of `name` with `args`; never throws. */
  protected deliver(name: string, args: readonly unknown[]): void {
    for (const l of this.rawListeners(name)) {
      try {
        (l as (...a: unknown[]) => void).apply(this, args as unknown[]);
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        if (name !== 'error' && this.listenerCount('error') > 0) {
          this.deliver('error', [new Error(`a '${name}' listener threw: ${e.message}`, { cause: e })]);
        } else {
          process.emitWarning(`bgpwire: a '${name}' listener threw: ${e.message}`, 'BgpwireListenerWarning');
        }
      }
    }
  }
}
