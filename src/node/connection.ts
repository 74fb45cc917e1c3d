import { connect, type Socket } from 'node:net';
import { plainAddress } from './addresses.ts';
import { detectCollision } from '../fsm/collision.ts';
import { eventForError, eventForMessage } from '../fsm/events.ts';
import { initialState } from '../fsm/config.ts';
import { transition } from '../fsm/transition.ts';
import type { FsmAction, FsmEvent, FsmOptions, FsmState, TimerName } from '../fsm/types.ts';
import { ErrorCode } from '../iana.ts';
import { localAsOf } from '../messages/context-for.ts';
import { decodeMessage } from '../messages/decode.ts';
import { encodeMessage } from '../messages/encode.ts';
import { MessageFramer } from '../messages/framing.ts';
import type { BgpMessage, NotificationMessage, OpenMessage } from '../messages/types.ts';
import { isBgpError } from '../wire/errors.ts';

/** What a {@link Connection} asks of the peer that owns it. */
export interface ConnectionHost {
  /** An action that is not the transport's own (routes, state changes, connect, reject ...). */
  handle(conn: Connection, action: FsmAction): void;
  /** A message was decoded; return false to keep it from the FSM (the host fed another event). */
  received(conn: Connection, message: BgpMessage): boolean;
  /** A NOTIFICATION went out. */
  sent(conn: Connection, message: NotificationMessage): void;
  /** Whether a slow consumer holds reading (UPDATEs wait; KEEPALIVEs still count). */
  readonly holding: boolean;
  /** Bytes unprocessed before the socket stops reading. */
  readonly maxPendingBytes: number;
  /** Something went wrong that the FSM does not model (socket errors, decoder bugs). */
  error(conn: Connection, err: Error): void;
}

const EXPIRES: Readonly<Record<TimerName, FsmEvent['type']>> = {
  ConnectRetryTimer: 'ConnectRetryTimer_Expires',
  HoldTimer: 'HoldTimer_Expires',
  KeepaliveTimer: 'KeepaliveTimer_Expires',
  DelayOpenTimer: 'DelayOpenTimer_Expires',
  IdleHoldTimer: 'IdleHoldTimer_Expires',
  SendHoldTimer: 'SendHoldTimer_Expires',
};

/** The TCP connection of a session, as `peer.connection` reports it. */
export interface ConnectionInfo {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Whether this speaker opened it (RFC 4271 section 6.8). */
  readonly initiatedLocally: boolean;
}

/** Where an outgoing connection goes. */
export interface ConnectTarget {
  readonly host: string;
  readonly port: number;
  readonly localAddress?: string;
}

/** How long a dropped socket may take to flush its NOTIFICATION before it is destroyed, ms. */
const LINGER_MS = 2000;

/**
 * One TCP connection to a peer and the FSM that runs it (RFC 4271 section 8: during a
 * collision each connection has its own). It owns its socket, its framer and its timers, feeds
 * bytes, timer expiries and TCP changes to the pure reducer, and performs the transport actions
 * the reducer returns; every other action goes to the host. No BGP rule lives here.
 */
export class Connection {
  state: FsmState;
  socket: Socket | undefined;
  /** Whether this speaker opened the TCP connection (section 6.8). */
  initiatedLocally = false;
  /** Set once the connection is discarded: nothing it does reaches the peer any more. */
  discarded = false;
  /** The peer's OPEN on this connection. */
  peerOpen: OpenMessage | undefined;
  /** The last NOTIFICATION sent or received on this connection (why it went down). */
  lastNotification: { readonly message: NotificationMessage; readonly direction: 'sent' | 'received' } | undefined;
  /** Counts outgoing connection attempts (an asynchronous factory checks it is still wanted). */
  private attempt = 0;
  /** Sockets dropped and not yet closed. */
  private readonly lingering = new Set<Promise<void>>();
  private readonly host: ConnectionHost;
  private framer = new MessageFramer();
  private readonly timers = new Map<TimerName, ReturnType<typeof setTimeout>>();
  private readonly queue: FsmEvent[] = [];
  private draining = false;
  /** UPDATE / ROUTE-REFRESH bytes waiting while a slow consumer holds reading. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private readPaused = false;

  constructor(host: ConnectionHost, options: FsmOptions) {
    this.host = host;
    this.state = initialState(options);
  }

  /**
   * Feeds one event to the reducer (with RFC 4271 section 10 jitter, uniform in 0.75..1) and
   * performs its actions in order; events the actions cause are queued and run after them.
   */
  fire(event: FsmEvent): void {
    this.queue.push(event.jitter === undefined ? { ...event, jitter: 0.75 + Math.random() / 4 } : event);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let ev = this.queue.shift(); ev !== undefined; ev = this.queue.shift()) {
        const r = transition(this.state, ev);
        this.state = r.state;
        for (const a of r.actions) {
          // Nothing thrown by an action (a hook, a listener's side effect, a bug) may escape into a
          // socket or timer callback: it would end the process. It is reported instead.
          try {
            this.perform(a);
          } catch (err) {
            this.host.error(this, err instanceof Error ? err : new Error(String(err)));
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private perform(a: FsmAction): void {
    switch (a.type) {
      case 'send': {
        const bytes = encodeMessage(a.message, this.state.session?.send);
        this.write(bytes);
        if (a.message.type === 'NOTIFICATION') this.host.sent(this, a.message);
        return;
      }
      case 'startTimer':
        this.startTimer(a.timer, a.seconds);
        return;
      case 'stopTimer':
        this.stopTimer(a.timer);
        return;
      case 'disconnect':
        this.drop();
        return;
      default:
        this.host.handle(this, a);
    }
  }

  private startTimer(timer: TimerName, seconds: number): void {
    this.stopTimer(timer);
    const t = setTimeout(() => {
      this.timers.delete(timer);
      if (this.discarded) return;
      // Unread bytes still count as received: while a slow consumer holds reading, the peer is not
      // to blame for the silence (the hold itself is bounded by the peer's maxHoldTime).
      if (timer === 'HoldTimer' && this.host.holding) {
        this.startTimer(timer, seconds);
        return;
      }
      this.fire({ type: EXPIRES[timer] } as FsmEvent);
    }, Math.max(0, seconds * 1000));
    this.timers.set(timer, t);
  }

  private stopTimer(timer: TimerName): void {
    const t = this.timers.get(timer);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(timer);
  }

  /** Writes bytes; `MessageSent` follows once the socket took them. Returns false when there is no socket. */
  write(bytes: Uint8Array): boolean {
    const s = this.socket;
    if (s === undefined || s.destroyed || !s.writable) return false;
    const type = bytes[18] ?? 0;
    s.write(bytes, (err) => {
      if ((err === undefined || err === null) && this.socket === s && !this.discarded) this.fire({ type: 'MessageSent', messageType: type });
    });
    return true;
  }

  /** Resolves when the socket's send buffer has drained (or the socket closed). */
  drained(): Promise<void> {
    const s = this.socket;
    if (s === undefined || s.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        s.off('drain', done);
        s.off('close', done);
        resolve();
      };
      s.once('drain', done);
      s.once('close', done);
    });
  }

  /** Bytes queued in the socket not yet handed to the kernel. */
  get writableLength(): number {
    return this.socket?.writableLength ?? 0;
  }

  /** The addresses and ports of the socket, once it is connected. */
  info(): ConnectionInfo | undefined {
    const s = this.socket;
    if (s === undefined || s.remoteAddress === undefined) return undefined;
    return {
      localAddress: plainAddress(s.localAddress) ?? '',
      localPort: s.localPort ?? 0,
      remoteAddress: plainAddress(s.remoteAddress) ?? '',
      remotePort: s.remotePort ?? 0,
      initiatedLocally: this.initiatedLocally,
    };
  }

  /**
   * "initiates a TCP connection": with `net.connect`, or a caller's factory (a socket connected
   * or connecting, or a promise of one); Tcp_CR_Acked once connected, TcpConnectionFails when
   * the factory fails.
   */
  open(target: ConnectTarget, factory: ((t: ConnectTarget) => Socket | Promise<Socket>) | undefined, report: (err: unknown) => void): void {
    const failed = (err: unknown): void => {
      report(err);
      if (!this.discarded && this.socket === undefined) this.fire({ type: 'TcpConnectionFails' });
    };
    let made: Socket | Promise<Socket>;
    try {
      made = factory === undefined ? connect(target) : factory(target);
    } catch (err) {
      queueMicrotask(() => failed(err));
      return;
    }
    if (!(made instanceof Promise)) {
      this.adopt(made);
      return;
    }
    // The FSM waits in Connect; a socket that comes after the attempt was abandoned
    // (ConnectRetryTimer, stop) is closed.
    const attempt = ++this.attempt;
    made.then((socket) => {
      if (this.discarded || this.attempt !== attempt || this.socket !== undefined || this.state.name !== 'Connect') socket.destroy();
      else this.adopt(socket);
    }, failed);
  }

  private adopt(socket: Socket): void {
    this.attach(socket, true);
    const acked = (): void => {
      if (this.socket === socket && !this.discarded) this.fire({ type: 'Tcp_CR_Acked' });
    };
    // An adopted socket (createConnection) may be connected already.
    if (socket.connecting || socket.remoteAddress === undefined) socket.once('connect', acked);
    else queueMicrotask(acked);
  }

  /** Takes a socket: incoming (`initiatedLocally` false) or one this connection is opening. */
  attach(socket: Socket, initiatedLocally: boolean): void {
    this.socket = socket;
    this.initiatedLocally = initiatedLocally;
    this.framer = new MessageFramer();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Uint8Array) => {
      if (this.socket === socket) this.onData(chunk);
    });
    socket.on('error', (err) => {
      if (this.socket === socket) this.host.error(this, err);
    });
    socket.on('close', () => {
      if (this.socket !== socket || this.discarded) return;
      this.socket = undefined;
      this.fire({ type: 'TcpConnectionFails' });
    });
  }

  /** "drops the TCP connection": what was written (a NOTIFICATION) still goes out, then FIN. */
  drop(): void {
    const s = this.socket;
    this.socket = undefined;
    this.pending = [];
    this.pendingBytes = 0;
    this.readPaused = false;
    if (s === undefined) return;
    const closed = new Promise<void>((resolve) => {
      if (s.closed) {
        resolve();
        return;
      }
      const t = setTimeout(() => s.destroy(), LINGER_MS);
      s.once('close', () => {
        clearTimeout(t);
        this.lingering.delete(closed);
        resolve();
      });
    });
    this.lingering.add(closed);
    // A connect still in progress has nothing to flush.
    if (s.connecting) s.destroy();
    else s.end();
  }

  /** Resolves when every socket this connection dropped is closed. */
  whenClosed(): Promise<void> {
    return Promise.all([...this.lingering]).then(() => undefined);
  }

  /** Stops every timer (a stopped session must not restart by itself). */
  cancelTimers(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Stops every timer and drops the socket; the connection does nothing afterwards. */
  discard(): void {
    this.discarded = true;
    this.cancelTimers();
    this.queue.length = 0;
    this.drop();
  }

  /** Whether the socket is gone and nothing is pending (for close()). */
  get isClosed(): boolean {
    return this.socket === undefined;
  }

  private onData(chunk: Uint8Array): void {
    this.framer.push(chunk);
    this.frame();
  }

  /** Frames and handles whole messages while this connection holds a socket. */
  private frame(): void {
    const f = this.framer;
    for (;;) {
      if (this.socket === undefined) return;
      let ok: boolean;
      try {
        ok = f.next();
      } catch (err) {
        // A bad marker or length (RFC 4271 section 6.1): the reducer sends the NOTIFICATION.
        this.fire(isBgpError(err) ? eventForError(err) : { type: 'BGPHeaderErr', error: { code: ErrorCode.MessageHeaderError, subcode: 0 } });
        return;
      }
      if (!ok) return;
      // A copy: the framer reuses its buffers, and decoded values may alias these bytes.
      const bytes = f.bytes.slice(f.offset, f.offset + f.length);
      const type = bytes[18];
      if ((type === 2 || type === 5) && (this.pending.length > 0 || (this.host.holding && this.state.name === 'Established'))) {
        this.pending.push(bytes);
        this.pendingBytes += bytes.length;
        if (this.pendingBytes > this.host.maxPendingBytes && !this.readPaused) {
          // Bounded: past the limit the socket stops reading and TCP pushes back on the peer.
          this.readPaused = true;
          this.socket.pause();
        }
        continue;
      }
      this.receive(bytes);
    }
  }

  /** Processes messages held for a slow consumer, as long as it keeps up. */
  resume(): void {
    while (this.pending.length > 0 && !this.host.holding && this.socket !== undefined) {
      const bytes = this.pending.shift() as Uint8Array;
      this.pendingBytes -= bytes.length;
      this.receive(bytes);
    }
    if (this.readPaused && this.pendingBytes <= this.host.maxPendingBytes / 2 && this.socket !== undefined) {
      this.readPaused = false;
      this.socket.resume();
    }
  }

  /** Bytes received and held unprocessed. */
  get pendingLength(): number {
    return this.pendingBytes;
  }

  private receive(bytes: Uint8Array): void {
    let ev: FsmEvent;
    try {
      const msg = decodeMessage(bytes, this.state.session?.receive);
      if (!this.host.received(this, msg)) return;
      ev = eventForMessage(msg);
    } catch (err) {
      if (isBgpError(err)) {
        ev = eventForError(err);
      } else {
        // Not a BgpError: a decoder bug. Reported, and the session resets as for a malformed message.
        this.host.error(this, err instanceof Error ? err : new Error(String(err)));
        ev = eventForError({ code: bytes[18] === 2 ? ErrorCode.UpdateMessageError : ErrorCode.MessageHeaderError, subcode: 0 });
      }
    }
    this.fire(ev);
    // The framer follows the session (RFC 8654: extended messages once the OPENs say so).
    this.framer.setContext(this.state.session?.receive);
  }
}

/**
 * RFC 4271 section 6.8 (RFC 6286 section 2.3) when `conn` received `open` while `other`, the
 * peer's other connection, exists: `detectCollision` picks the connection to close, Established
 * included so that both sides decide alike, and that one gets OpenCollisionDump (Event 23).
 * Returns false when `conn` itself was dumped (its OPEN must not reach its FSM).
 */
export function resolveCollision(conn: Connection, other: Connection, open: OpenMessage, localBgpId: string, localAs: number): boolean {
  if (other.socket === undefined) return true;
  const r = detectCollision({
    existing: { state: other.state.name, initiatedLocally: other.initiatedLocally },
    incoming: { state: conn.state.name, initiatedLocally: conn.initiatedLocally },
    localBgpId,
    remoteBgpId: open.bgpId,
    localAs,
    remoteAs: localAsOf(open),
    existingPeerIdKnown: other.peerOpen?.bgpId === open.bgpId,
    collisionDetectEstablishedState: true,
  });
  if (r.close === 'incoming') {
    conn.fire({ type: 'OpenCollisionDump' });
    return false;
  }
  if (r.close === 'existing') other.fire({ type: 'OpenCollisionDump' });
  return true;
}
