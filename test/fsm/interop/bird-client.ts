// A minimal BGP speaker over node:net driven by the bgpwire FSM reducer, for the BIRD interop
// test (test/fsm/bird.test.ts compiles this file and runs it inside a network namespace).
// It feeds the reducer's actions to one TCP connection and the bytes and timers back in as
// events. Protocol with the parent, one JSON object per line on stdout; on stdin, "stop".
import { connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { decodeMessage } from '../../../src/messages/decode.ts';
import { encodeMessage } from '../../../src/messages/encode.ts';
import { peekMessage } from '../../../src/messages/header.ts';
import type { BgpMessage } from '../../../src/messages/types.ts';
import { isBgpError } from '../../../src/wire/errors.ts';
import { eventForError, eventForMessage, initialState, transition } from '../../../src/fsm/index.ts';
import type { FsmAction, FsmEvent, FsmState, TimerName } from '../../../src/fsm/index.ts';

const [peerAddress = '10.0.0.1', localAddress = '10.0.0.2'] = process.argv.slice(2);

function out(obj: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

let state: FsmState = initialState({
  localAs: 65002,
  bgpId: localAddress,
  holdTime: 30,
  connectRetryTime: 5,
  capabilities: [{ type: 'multiprotocol', afi: 1, safi: 1 }, { type: 'route-refresh' }, { type: 'as4', asn: 65002 }],
  expectations: { peerAs: 65001 },
});
let socket: Socket | undefined;
let buffer: Uint8Array = new Uint8Array(0);
const timers = new Map<TimerName, NodeJS.Timeout>();
const queue: FsmEvent[] = [];
let draining = false;
let sentUpdate = false;

function fire(ev: FsmEvent): void {
  queue.push(ev);
  if (draining) return;
  draining = true;
  try {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const from = state.name;
      const r = transition(state, next);
      state = r.state;
      out({ event: next.type, from, to: state.name, actions: r.actions.map(describe) });
      for (const a of r.actions) perform(a);
    }
  } finally {
    draining = false;
  }
  if (state.name === 'Established' && !sentUpdate) {
    sentUpdate = true;
    sendUpdate();
  }
}

function describe(a: FsmAction): string {
  if (a.type === 'send') return a.message.type === 'NOTIFICATION' ? `send NOTIFICATION ${a.message.code}/${a.message.subcode}` : `send ${a.message.type}`;
  if (a.type === 'startTimer') return `start ${a.timer} ${a.seconds.toFixed(1)}`;
  if (a.type === 'stopTimer') return `stop ${a.timer}`;
  if (a.type === 'stateChange') return `→ ${a.to}`;
  return a.type;
}

function write(bytes: Uint8Array): void {
  const s = socket;
  if (s === undefined || s.destroyed) return;
  s.write(bytes, (err) => {
    if (err === undefined || err === null) fire({ type: 'MessageSent', messageType: bytes[18] ?? 0 });
  });
}

function perform(a: FsmAction): void {
  switch (a.type) {
    case 'connect': {
      const s = connect({ host: peerAddress, port: 179, localAddress });
      socket = s;
      s.on('connect', () => fire({ type: 'Tcp_CR_Acked' }));
      s.on('data', (chunk: Buffer) => onData(chunk));
      s.on('error', (err) => out({ socketError: String(err) }));
      s.on('close', () => {
        if (socket === s) {
          socket = undefined;
          fire({ type: 'TcpConnectionFails' });
        }
      });
      break;
    }
    case 'disconnect': {
      const s = socket;
      socket = undefined;
      buffer = new Uint8Array(0);
      // Let the NOTIFICATION already written go out before the FIN.
      s?.end();
      break;
    }
    case 'send':
      write(encodeMessage(a.message, state.session?.send));
      break;
    case 'startTimer': {
      clearTimeout(timers.get(a.timer));
      const name = a.timer;
      timers.set(name, setTimeout(() => {
        timers.delete(name);
        fire({ type: `${name}_Expires` } as FsmEvent);
      }, a.seconds * 1000));
      break;
    }
    case 'stopTimer':
      clearTimeout(timers.get(a.timer));
      timers.delete(a.timer);
      break;
    case 'processUpdate':
      out({ update: { nlri: a.update.nlri.map((p) => p.prefix), withdrawn: a.update.withdrawn.map((p) => p.prefix), attributes: a.update.attributes.map((x) => x.type) } });
      break;
    default:
      break;
  }
}

function onData(chunk: Uint8Array): void {
  const merged = new Uint8Array(buffer.length + chunk.length);
  merged.set(buffer);
  merged.set(chunk, buffer.length);
  buffer = merged;
  for (;;) {
    let n: number | undefined;
    let ev: FsmEvent;
    try {
      n = peekMessage(buffer, 0, state.session?.receive);
      if (n === undefined) return;
      const msg: BgpMessage = decodeMessage(buffer.subarray(0, n), state.session?.receive);
      out({ received: msg.type });
      ev = eventForMessage(msg);
    } catch (err) {
      if (!isBgpError(err)) throw err;
      out({ decodeError: err.message });
      ev = eventForError(err);
      n = buffer.length;
    }
    buffer = buffer.slice(n);
    fire(ev);
    if (socket === undefined) return;
  }
}

function sendUpdate(): void {
  const update: BgpMessage = {
    type: 'UPDATE',
    withdrawn: [],
    attributes: [
      { type: 'ORIGIN', origin: 'IGP' },
      { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65002] }] },
      { type: 'NEXT_HOP', nextHop: localAddress },
    ],
    nlri: [{ prefix: '198.51.100.0/24' }],
  };
  write(encodeMessage(update, state.session?.send));
  out({ sent: 'UPDATE' });
}

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'stop') fire({ type: 'ManualStop' });
  if (line.trim() === 'exit') {
    for (const t of timers.values()) clearTimeout(t);
    socket?.destroy();
    process.exit(0);
  }
});

fire({ type: 'ManualStart' });
