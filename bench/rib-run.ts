import type { UpdateMessage } from '../src/attributes/types.ts';
import { decodeMessage } from '../src/messages/decode.ts';
import { Rib } from '../src/rib/index.ts';
import type { PeerStream, RibInput } from './rib-input.ts';

// Feeds a RibInput to a Rib and measures it: heap bytes per route (after a full GC, needs
// --expose-gc) and UPDATEs applied per second. Messages are decoded in batches outside the
// timed part (decoding has its own benchmark); only Rib.applyUpdate is timed, on CPU time
// (the machine may be shared) and wall time. No assertion on time anywhere.

export interface PhaseResult {
  readonly name: string;
  readonly messages: number;
  /** Prefixes announced and withdrawn (route updates). */
  readonly prefixes: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  /** Decoding the same messages (not included above). */
  readonly decodeMs: number;
  readonly changes: number;
  /** The timed windows (performance.now), to attribute GC pauses to the phase afterwards. */
  readonly windows: number[];
}

export interface RibRunResult {
  readonly routes: number;
  readonly attributeSets: number;
  /** Heap growth after the load, after GC; undefined without --expose-gc. */
  readonly heapBytes: number | undefined;
  readonly bytesPerRoute: number | undefined;
  readonly phases: readonly PhaseResult[];
  readonly rib: Rib;
}

// Small batches: decoded messages die young, as they do in a speaker that applies each as it is read.
const BATCH = 64;

function* messagesOf(s: PeerStream): Generator<Uint8Array> {
  const b = s.bytes;
  let p = 0;
  while (p + 19 <= b.length) {
    const len = ((b[p + 16] as number) << 8) | (b[p + 17] as number);
    yield b.subarray(p, p + len);
    p += len;
  }
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Applies every peer's stream (each peer in turn, as sessions come up one after another). */
export function runPhase(name: string, rib: Rib, ids: readonly number[], input: RibInput, streams: readonly PeerStream[]): PhaseResult {
  let cpuMs = 0;
  let wallMs = 0;
  let decodeMs = 0;
  let changes = 0;
  let messages = 0;
  let prefixes = 0;
  const windows: number[] = [];
  streams.forEach((s, peer) => {
    const id = ids[peer] as number;
    const it = messagesOf(s);
    for (;;) {
      const t0 = performance.now();
      const batch: UpdateMessage[] = [];
      const raw: Uint8Array[] = [];
      for (let i = 0; i < BATCH; i++) {
        const r = it.next();
        if (r.done === true) break;
        batch.push(decodeMessage(r.value, input.ctx) as UpdateMessage);
        raw.push(r.value);
      }
      decodeMs += performance.now() - t0;
      if (batch.length === 0) break;
      const c0 = cpuNow();
      const w0 = performance.now();
      // The received bytes too, as a speaker has them: a set already held is found by its bytes.
      for (let i = 0; i < batch.length; i++) changes += rib.applyUpdate(id, batch[i] as UpdateMessage, raw[i]).length;
      const w1 = performance.now();
      wallMs += w1 - w0;
      windows.push(w0, w1);
      cpuMs += cpuNow() - c0;
      messages += batch.length;
    }
    prefixes += s.prefixes;
  });
  return { name, messages, prefixes, cpuMs, wallMs, decodeMs, changes, windows };
}

function heapAfterGc(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return undefined;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Loads the input into a new Rib, measures its memory, then runs the churn phase. */
export function runRib(input: RibInput): RibRunResult {
  const h0 = heapAfterGc();
  const rib = new Rib({ local: input.local });
  const ids = input.peers.map((p) => rib.addPeer(p));
  const load = runPhase('load', rib, ids, input, input.load);
  const h1 = heapAfterGc();
  const routes = rib.size;
  const heapBytes = h0 === undefined || h1 === undefined ? undefined : h1 - h0;
  const attributeSets = rib.attributeSets;
  const churn = runPhase('churn', rib, ids, input, input.churn);
  return { routes, attributeSets, heapBytes, bytesPerRoute: heapBytes === undefined ? undefined : heapBytes / routes, phases: [load, churn], rib };
}

/** Milliseconds of GC pauses (PerformanceObserver 'gc' entries) inside a phase's timed windows. */
export function gcInside(entries: readonly { startTime: number; duration: number }[], windows: readonly number[]): number {
  let ms = 0;
  for (const e of entries) {
    for (let i = 0; i < windows.length; i += 2) {
      const a = Math.max(e.startTime, windows[i] as number);
      const b = Math.min(e.startTime + e.duration, windows[i + 1] as number);
      if (b > a) ms += b - a;
    }
  }
  return ms;
}
