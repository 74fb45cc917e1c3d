// Two bgpwire FSM reducers talking to each other in memory: every OPEN, KEEPALIVE, UPDATE and
// NOTIFICATION crosses as real bytes (encodeMessage / decodeMessage), the "TCP connection" is a
// pair of queues, and timers are only recorded (nothing here needs one to fire). Speaker A
// connects actively, B listens; both reach Established, A sends an UPDATE, then A stops with a
// Cease and B goes back to Idle on the NOTIFICATION.
import { decodeMessage, encodeMessage, isBgpError } from 'bgpwire';
import type { BgpMessage } from 'bgpwire';
import { eventForError, eventForMessage, initialState, transition } from 'bgpwire/fsm';
import type { FsmAction, FsmEvent, FsmState } from 'bgpwire/fsm';

/** One speaker: its FSM state and the bytes waiting on its side of the TCP connection. */
interface Speaker {
  readonly name: 'A' | 'B';
  state: FsmState;
  inbox: Uint8Array[];
  /** What the application saw: UPDATEs processed, route actions. */
  readonly seen: string[];
}

/** What {@link runTwoSpeakers} reports. */
export interface TwoSpeakersResult {
  /** Every step, e.g. `A → B OPEN (53 bytes)` or `B: OpenConfirm → Established`. */
  readonly log: readonly string[];
  readonly a: FsmState;
  readonly b: FsmState;
  /** The states each speaker went through, in order. */
  readonly statesA: readonly string[];
  readonly statesB: readonly string[];
  /** What B's application was asked to do (processUpdate, deleteRoutes ...). */
  readonly seenB: readonly string[];
}

/** Runs the whole exchange; deterministic. */
export function runTwoSpeakers(): TwoSpeakersResult {
  const log: string[] = [];
  const a: Speaker = {
    name: 'A',
    state: initialState({ localAs: 65001, bgpId: '192.0.2.1', holdTime: 90, capabilities: [{ type: 'as4', asn: 65001 }], expectations: { peerAs: 65002 } }),
    inbox: [],
    seen: [],
  };
  const b: Speaker = {
    name: 'B',
    state: initialState({ localAs: 65002, bgpId: '192.0.2.2', holdTime: 30, capabilities: [{ type: 'as4', asn: 65002 }], expectations: { peerAs: 65001 } }),
    inbox: [],
    seen: [],
  };
  const statesA: string[] = ['Idle'];
  const statesB: string[] = ['Idle'];
  let connected = false;

  const peerOf = (s: Speaker): Speaker => (s === a ? b : a);

  function perform(s: Speaker, actions: readonly FsmAction[]): void {
    for (const act of actions) {
      switch (act.type) {
        case 'send': {
          if (!connected) break;
          // Encode with the negotiated send context once there is one (UPDATEs need it).
          const bytes = encodeMessage(act.message, s.state.session?.send);
          log.push(`${s.name} → ${peerOf(s).name} ${act.message.type} (${bytes.length} bytes)`);
          peerOf(s).inbox.push(bytes);
          // The "socket" took the bytes at once: tell the FSM (RFC 9687 SendHoldTimer, KeepaliveTimer).
          fire(s, { type: 'MessageSent', messageType: bytes[18] ?? 0 });
          break;
        }
        case 'connect':
          // The in-memory TCP handshake succeeds at once: A's SYN was acked, B confirmed it.
          connected = true;
          log.push(`${s.name}: TCP connected`);
          fire(s, { type: 'Tcp_CR_Acked' });
          fire(peerOf(s), { type: 'TcpConnectionConfirmed' });
          break;
        case 'disconnect':
          if (connected) {
            connected = false;
            log.push(`${s.name}: TCP closed`);
            // Bytes already sent arrive before the FIN.
            const peer = peerOf(s);
            while (deliverOne(peer));
            fire(peer, { type: 'TcpConnectionFails' });
          }
          break;
        case 'stateChange':
          log.push(`${s.name}: ${act.from} → ${act.to}`);
          (s === a ? statesA : statesB).push(act.to);
          break;
        case 'processUpdate':
          s.seen.push(`processUpdate ${act.update.nlri.map((p) => p.prefix).join(',')}`);
          break;
        case 'deleteRoutes':
        case 'retainRoutes':
          s.seen.push(act.type);
          break;
        default:
          // Timers, counters and resources need nothing in memory.
          break;
      }
    }
  }

  // Events an action causes (the TCP handshake, bytes arriving) wait in a queue: a driver applies
  // all actions of one transition before it feeds the FSM its next event.
  const queue: [Speaker, FsmEvent][] = [];
  function fire(s: Speaker, ev: FsmEvent): void {
    queue.push([s, ev]);
  }
  function drain(): void {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) {
        const [s, ev] = next;
        const { state, actions } = transition(s.state, ev);
        s.state = state;
        perform(s, actions);
      } else if (!deliverOne(a) && !deliverOne(b)) {
        return;
      }
    }
  }

  /**
   * Decodes the next message waiting for `s` and queues its event; one at a time, so that an
   * UPDATE is decoded with the context its OPEN negotiated.
   */
  function deliverOne(s: Speaker): boolean {
    const bytes = s.inbox.shift();
    if (bytes === undefined) return false;
    let ev: FsmEvent;
    try {
      ev = eventForMessage(decodeMessage(bytes, s.state.session?.receive));
    } catch (err) {
      if (!isBgpError(err)) throw err;
      ev = eventForError(err);
    }
    fire(s, ev);
    return true;
  }

  // B listens (ManualStart_with_PassiveTcpEstablishment, Event 4); A starts and connects (Event 1).
  fire(b, { type: 'ManualStart_with_PassiveTcpEstablishment' });
  fire(a, { type: 'ManualStart' });
  drain();

  // Established on both sides: A's application sends an UPDATE (with its send context) and tells its FSM.
  if (a.state.name === 'Established' && b.state.name === 'Established') {
    const update: BgpMessage = {
      type: 'UPDATE',
      withdrawn: [],
      attributes: [
        { type: 'ORIGIN', origin: 'IGP' },
        { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65001] }] },
        { type: 'NEXT_HOP', nextHop: '192.0.2.1' },
      ],
      nlri: [{ prefix: '198.51.100.0/24' }],
    };
    const bytes = encodeMessage(update, a.state.session?.send);
    log.push(`A → B UPDATE (${bytes.length} bytes)`);
    b.inbox.push(bytes);
    fire(a, { type: 'MessageSent', messageType: 2 });
    drain();
  }

  // A's operator stops the session: Cease (Administrative Shutdown), both back to Idle.
  fire(a, { type: 'ManualStop' });
  drain();

  return { log, a: a.state, b: b.state, statesA, statesB, seenB: b.seen };
}
