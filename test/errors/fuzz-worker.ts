// Worker entry of the test:slow campaign (bundled by fuzz.test.ts): runs its share of cases and
// posts the result; the parent watches the heartbeat and kills it if a case hangs.
import { parentPort, workerData } from 'node:worker_threads';
import { runCampaign, type Seed } from './fuzz-core.ts';

const data = workerData as { seeds: Seed[]; fragments: Uint8Array[]; cases: number; seed: number; counter: SharedArrayBuffer; current: SharedArrayBuffer };
const result = runCampaign(data.seeds, data.fragments, data.cases, data.seed, { counter: new Int32Array(data.counter), current: new Uint8Array(data.current) }, (r) =>
  parentPort?.postMessage({ progress: r }),
);
parentPort?.postMessage({ done: result });
