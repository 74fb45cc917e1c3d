import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeMessage } from '../../src/messages/encode.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { arbContextAndUpdate } from '../arbitraries/update.ts';
import { captureMessages, sharedPcaps } from '../helpers/corpus.ts';
import { readCapture } from '../../src/capture/read-capture.ts';
import { repoRoot, sharedPath, sharedRoot } from '../helpers/shared.ts';
import { CASES, tripleOf } from './cases.ts';
import { type CampaignResult, mergeResults, runCampaign, type Seed } from './fuzz-core.ts';

const SLOW = process.env.BGPWIRE_SLOW === '1';
/** Cases: a budget by count, not time (about 30 s in `npm test`; 10 million in test:slow). */
const CASE_COUNT = Number(process.env.BGPWIRE_FUZZ_CASES ?? (SLOW ? 10_000_000 : 200_000));
const RNG_SEED = Number(process.env.BGPWIRE_FUZZ_SEED ?? 0x5eed);
const WORKERS = Math.max(1, Number(process.env.BGPWIRE_FUZZ_WORKERS ?? 2));

function walkHex(v: unknown, full: string[], fragments: string[]): void {
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (/^(ff){16}([0-9a-f]{2})+$/.test(s)) full.push(s);
    else if (/^([0-9a-f]{2}){2,}$/.test(s)) fragments.push(s);
  } else if (Array.isArray(v)) {
    for (const x of v) walkHex(x, full, fragments);
  } else if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) walkHex(x, full, fragments);
  }
}

/** Seeds: every message of the shared captures, the corpus vectors, the conformance table and fast-check UPDATEs. */
function loadSeeds(): { seeds: Seed[]; fragments: Uint8Array[]; counts: Record<string, number> } {
  const seeds: Seed[] = [];
  const fragments: Uint8Array[] = [];
  const counts: Record<string, number> = { captures: 0, vectors: 0, table: 0, generated: 0, fragments: 0, bmp: 0 };
  if (sharedPath('corpus') !== undefined) {
    for (const file of sharedPcaps()) {
      for (const m of captureMessages(file).messages) {
        seeds.push(m.context === undefined ? { bytes: m.bytes } : { bytes: m.bytes, ctx: m.context });
        counts.captures!++;
      }
    }
    // Issue 20: every BMP message of the pmacct BMP captures (their BGP PDUs are BGP seeds too).
    for (const name of ['200-BMP-HUAWEI-locrib_instance', '201-BMP-CISCO-rd_instance', '205-BMP-6wind-FRR-peer_down']) {
      // A Uint8Array copy, not a Buffer: Buffer.slice() would alias, and the mutators slice to copy.
      for (const m of readCapture(new Uint8Array(readFileSync(join(sharedRoot, 'corpus', 'pcap', 'pmacct', name, 'traffic-00.pcap'))))) {
        seeds.push({ bytes: m.bytes, bmp: true });
        counts.bmp!++;
        for (const p of m.bmp?.pdus ?? []) seeds.push(p.context === undefined ? { bytes: p.bytes } : { bytes: p.bytes, ctx: p.context });
      }
    }
    const dir = join(sharedRoot, 'corpus', 'vectors');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      const full: string[] = [];
      const frags: string[] = [];
      walkHex(JSON.parse(readFileSync(join(dir, name), 'utf8')), full, frags);
      for (const h of full) seeds.push({ bytes: fromHex(h) });
      for (const h of frags) fragments.push(fromHex(h));
      counts.vectors! += full.length;
      counts.fragments! += frags.length;
    }
  }
  for (const c of CASES) seeds.push(c.ctx === undefined ? { bytes: fromHex(c.hex) } : { bytes: fromHex(c.hex), ctx: c.ctx });
  counts.table = CASES.length;
  for (const { ctx, update } of fc.sample(arbContextAndUpdate, { numRuns: 400, seed: 7 })) {
    try {
      seeds.push({ bytes: encodeMessage(update, ctx), ctx });
      counts.generated!++;
    } catch {
      // A generated UPDATE too large for its context is simply not a seed.
    }
  }
  return { seeds, fragments, counts };
}

function bundleWorker(): string {
  const out = join(repoRoot, '.tmp', 'fuzz-worker.mjs');
  mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
  execFileSync(join(repoRoot, 'node_modules', '.bin', 'rolldown'), [join(repoRoot, 'test', 'errors', 'fuzz-worker.ts'), '--file', out, '--format', 'esm', '--platform', 'node'], { stdio: 'pipe' });
  return out;
}

/** Runs `cases` in a worker; a case that makes no progress for `hangMs` fails the run with its bytes. */
function runInWorker(file: string, seeds: Seed[], fragments: Uint8Array[], cases: number, seed: number, hangMs: number, onProgress: (r: CampaignResult) => void): Promise<CampaignResult> {
  const counter = new SharedArrayBuffer(12);
  const current = new SharedArrayBuffer(65536);
  const worker = new Worker(file, { workerData: { seeds, fragments, cases, seed, counter, current } });
  const view = new Int32Array(counter);
  return new Promise((resolve, reject) => {
    let last = -1;
    let since = Date.now();
    const timer = setInterval(() => {
      const done = Atomics.load(view, 0);
      if (done !== last) {
        last = done;
        since = Date.now();
        return;
      }
      if (Date.now() - since > hangMs) {
        clearInterval(timer);
        const len = Atomics.load(view, 1);
        const input = toHex(new Uint8Array(current).slice(0, len));
        void worker.terminate();
        reject(new Error(`hang: case ${done + 1} made no progress for ${hangMs} ms (context #${Atomics.load(view, 2)}): ${input}`));
      }
    }, 1000);
    worker.on('message', (m: { progress?: CampaignResult; done?: CampaignResult }) => {
      if (m.progress !== undefined) return onProgress(m.progress);
      clearInterval(timer);
      resolve(m.done as CampaignResult);
    });
    worker.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
  });
}

function reachTable(r: CampaignResult): string {
  return Object.entries(r.reach)
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([k, v]) => `${k.padEnd(26)} ${v}`)
    .join('\n');
}

describe('fuzzing: every decoding entry point gives a value or a BgpError, nothing else', () => {
  // The slow campaign takes 4 to 16 minutes here (974 s on a busy machine): past the default 300 s.
  it(`runs ${CASE_COUNT} structure-aware cases${SLOW ? ' in workers with a hang watchdog' : ''}`, { timeout: SLOW ? 3 * 3600_000 : 300_000 }, async () => {
    const { seeds, fragments, counts } = loadSeeds();
    const started = Date.now();
    let result: CampaignResult;
    if (SLOW) {
      const file = bundleWorker();
      const workers = WORKERS;
      const share = Math.ceil(CASE_COUNT / workers);
      // Partial results, written as they come: a long campaign leaves its figures even if stopped.
      const latest: CampaignResult[] = [];
      const partial = (i: number) => (r: CampaignResult): void => {
        latest[i] = r;
        const sum = latest.filter((x) => x !== undefined).reduce(mergeResults);
        writeFileSync(join(repoRoot, '.tmp', 'fuzz-report-slow.partial.json'), JSON.stringify({ seconds: (Date.now() - started) / 1000, ...sum }, null, 1));
      };
      const parts = await Promise.all(Array.from({ length: workers }, (_, i) => runInWorker(file, seeds, fragments, share, RNG_SEED + i, 60_000, partial(i))));
      result = parts.reduce(mergeResults);
    } else {
      result = runCampaign(seeds, fragments, CASE_COUNT, RNG_SEED);
    }
    const seconds = (Date.now() - started) / 1000;
    const report = { mode: SLOW ? 'slow' : 'fast', seed: RNG_SEED, seeds: counts, seconds, ...result };
    mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
    writeFileSync(join(repoRoot, '.tmp', `fuzz-report-${SLOW ? 'slow' : 'fast'}.json`), JSON.stringify(report, null, 1));
    console.log(`fuzz: ${result.cases} cases in ${seconds.toFixed(1)} s from ${seeds.length} seeds ${JSON.stringify(counts)}; ${result.values} values, ${result.errors} BgpErrors\nreach (code/subcode/action: cases):\n${reachTable(result)}\nmutations: ${JSON.stringify(result.ops)}`);

    expect(result.failures).toEqual({});
    expect(result.cases).toBe(SLOW ? Math.ceil(CASE_COUNT / WORKERS) * WORKERS : CASE_COUNT);
    // Every (code, subcode, action) of the conformance table is reached by the fuzzer.
    const wanted = [...new Set(CASES.map((c) => tripleOf(c.expect)).filter((t): t is string => t !== undefined))].sort();
    expect(wanted.filter((t) => result.reach[t] === undefined)).toEqual([]);
    // Issue 20: every BMP message type, errors, and decoded, failing and context-less BGP PDUs inside.
    if (counts.bmp! > 0) {
      const bmp = ['bmp/error', 'bmp/initiation', 'bmp/peer-up', 'bmp/route-monitoring', 'bmp/statistics-report', 'bmp/peer-down', 'bmp/unknown', 'bmp/termination', 'bmp/route-mirroring', 'bmp/pdu-UPDATE', 'bmp/pdu-OPEN', 'bmp/pdu-NOTIFICATION', 'bmp/pdu-error', 'bmp/pdu-missing'];
      expect(bmp.filter((t) => result.reach[t] === undefined)).toEqual([]);
    }
  });
});
