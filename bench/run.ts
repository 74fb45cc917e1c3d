import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { encodeCases, rawLoop, readCases, type Case } from './cases.ts';
import { runGobgp } from './gobgp.ts';
import { captureInput, corpusUpdateFiles, type Input, mrtInput, sharedRoot } from './inputs.ts';

// npm run bench: builds the inputs (nothing is committed or downloaded), runs every case for at
// least BENCH_MIN_MS (default 2000 ms, at least 3 iterations after a warm-up), prints a table
// and writes bench/results/latest.json. Nothing here asserts on time.

const minMs = Number(process.env.BENCH_MIN_MS ?? 2000);
// BENCH_CLOCK=cpu: rates from process CPU time (for a shared, loaded machine); default wall clock.
const clock = process.env.BENCH_CLOCK === 'cpu' ? 'cpu' : 'wall';
const gcEntries: number[] = [];
const obs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcEntries.push(e.startTime);
});
obs.observe({ entryTypes: ['gc'] });

interface Result {
  name: string;
  input: string;
  iterations: number;
  /** Median wall-clock time per iteration. */
  msPerIteration: number;
  /** Mean process CPU time (user + system, all threads) per iteration: less sensitive to other load on the machine. */
  cpuMsPerIteration: number;
  /** Rates below are from the CPU time when BENCH_CLOCK=cpu, else from the wall clock. */
  mbPerSecond: number;
  messagesPerSecond: number;
  prefixesPerSecond: number;
  vsRawLoop?: number;
  gcDuringRun?: number;
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

async function measure(c: Case, input: string): Promise<Result> {
  // Warm-up (and the result check) until the code is optimised: at least 3 runs and 300 ms,
  // so that compilation is not counted as the case's own garbage.
  const w0 = performance.now();
  for (let i = 0; i < 3 || performance.now() - w0 < 300; i++) c.run();
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) g();
  await flush();
  // The timing loop allocates nothing itself (preallocated samples, one cpuUsage per case),
  // so any GC counted for the view walk is the walk's own.
  const times = new Float64Array(1000);
  let n = 0;
  const u = process.cpuUsage();
  const t0 = performance.now();
  let t = t0;
  while (n < 3 || t - t0 < minMs) {
    const s = performance.now();
    c.run();
    t = performance.now();
    times[n++] = t - s;
    if (n >= times.length) break;
  }
  const t1 = performance.now();
  const du = process.cpuUsage(u);
  await flush();
  await flush();
  const sorted = times.subarray(0, n).sort();
  const wallMs = sorted[n >> 1] as number;
  // Mean CPU time per iteration (user + system, all threads of the process).
  const cpuMs = (du.user + du.system) / 1000 / n;
  const ms = clock === 'cpu' ? cpuMs : wallMs;
  const r: Result = {
    name: c.name,
    input,
    iterations: n,
    msPerIteration: wallMs,
    cpuMsPerIteration: cpuMs,
    mbPerSecond: c.work.bytes / 1e6 / (ms / 1000),
    messagesPerSecond: c.work.messages / (ms / 1000),
    prefixesPerSecond: c.work.prefixes / (ms / 1000),
  };
  if (c.countGc === true) r.gcDuringRun = gcEntries.filter((x) => x >= t0 && x <= t1).length;
  return r;
}

function fmt(n: number, digits = 0): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(digits);
}

const loadAtStart = loadavg();

async function main(): Promise<void> {
  const inputs: Input[] = [];
  const t = performance.now();
  inputs.push(mrtInput('mrt-2019', ['corpus/mrt/bgp-rs/updates.20190101.0000.gz']));
  inputs.push(mrtInput('mrt-all', corpusUpdateFiles()));
  inputs.push(captureInput('bird', ['captures/a_bird_ebgp.pcap', 'captures/b_bird_ibgp_mesh.pcap']));
  console.log(`inputs built in ${((performance.now() - t) / 1000).toFixed(1)} s from ${sharedRoot}`);
  for (const i of inputs) console.log(`  ${i.name}: ${(i.bytes / 1e6).toFixed(1)} MB, ${i.messages} UPDATEs, ${i.prefixes} prefixes, ${i.streams.length} contexts, ${i.files.length} files, ${i.skipped} records skipped`);

  const results: Result[] = [];
  for (const input of inputs) {
    let raw: Result | undefined;
    for (const c of readCases(input)) {
      const r = await measure(c, input.name);
      if (c.area === 'raw') raw = r;
      else if (raw !== undefined) r.vsRawLoop = r.mbPerSecond / raw.mbPerSecond;
      results.push(r);
      console.log(`  ${r.name}: ${r.msPerIteration.toFixed(2)} ms`);
    }
  }
  for (const c of encodeCases(20_000)) {
    const r = await measure(c, 'fixture');
    results.push(r);
    console.log(`  ${r.name}: ${r.msPerIteration.toFixed(2)} ms`);
  }

  const bgpdump = runBgpdump(inputs[0] as Input);
  const gobgp = runGobgp(
    inputs.filter((i) => i.name.startsWith('mrt-')),
    (name) => results.find((x) => x.name === name)?.messagesPerSecond,
    { minMs, clock, fmt },
  );

  const header = ['case', 'ms/iter', 'cpu ms', 'MB/s', 'msgs/s', 'prefixes/s', 'vs raw', 'GC'];
  const rows = results.map((r) => [
    r.name,
    r.msPerIteration.toFixed(2),
    r.cpuMsPerIteration.toFixed(1),
    r.mbPerSecond.toFixed(1),
    fmt(r.messagesPerSecond),
    fmt(r.prefixesPerSecond),
    r.vsRawLoop === undefined ? '' : `${(r.vsRawLoop * 100).toFixed(1)}%`,
    r.gcDuringRun === undefined ? '' : String(r.gcDuringRun),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ')} |`;
  console.log();
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  if (bgpdump !== undefined) console.log(`\nbgpdump -m (whole process, ${inputs[0]?.name}): ${bgpdump.seconds.toFixed(2)} s, ${fmt(bgpdump.messagesPerSecond)} msgs/s, ${bgpdump.mbPerSecond.toFixed(1)} MB/s of BGP messages`);
  console.log();
  for (const l of gobgp.lines) console.log(l);

  const machine = { loadAverageAtStart: loadAtStart, clock, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), platform: `${platform()} ${release()} ${arch()}`, node: process.version };
  console.log(`\nrates from the ${clock} clock; load average at start ${loadAtStart.map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.platform}, Node ${machine.node}`);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const json = {
    date: new Date().toISOString(),
    machine,
    minMsPerCase: minMs,
    rawLoop: rawLoop.toString(),
    inputs: inputs.map((i) => ({ name: i.name, files: i.files, bytes: i.bytes, messages: i.messages, prefixes: i.prefixes, contexts: i.streams.length, skipped: i.skipped })),
    results,
    bgpdump,
    gobgp: gobgp.json,
  };
  writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(json, null, 2)}\n`);
  console.log('written bench/results/latest.json');
  obs.disconnect();
}

/** `bgpdump -m` on the same MRT file, as a whole process (decompression included), when installed. */
function runBgpdump(input: Input): { seconds: number; messagesPerSecond: number; mbPerSecond: number; version: string } | undefined {
  try {
    execFileSync('which', ['bgpdump'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const file = `${sharedRoot}/${input.files[0] as string}`;
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    const r = spawnSync('bgpdump', ['-m', file], { stdio: ['ignore', 'ignore', 'ignore'] });
    if (r.status !== 0) return undefined;
    best = Math.min(best, performance.now() - s);
  }
  const v = spawnSync('bgpdump', ['-V'], { encoding: 'utf8' });
  return { seconds: best / 1000, messagesPerSecond: input.messages / (best / 1000), mbPerSecond: input.bytes / 1e6 / (best / 1000), version: `${v.stdout}${v.stderr}`.trim().split('\n')[0] ?? '' };
}

await main();
