import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { buildRibInput } from './rib-input.ts';
import { PerformanceObserver } from 'node:perf_hooks';
import { gcInside, runRib } from './rib-run.ts';

// npm run bench:rib — the full-table RIB benchmark of issue 9 (bytes per route, UPDATEs
// applied per second). Sizes from the environment: BENCH_RIB_PREFIXES (1200000),
// BENCH_RIB_PEERS (4), BENCH_RIB_SETS (300000), BENCH_RIB_CHURN (0.1). Needs --expose-gc for
// the memory figure. Writes bench/results/rib-latest.json. Nothing here asserts on time.

const num = (name: string, d: number): number => {
  const v = process.env[name];
  return v === undefined || v === '' ? d : Number(v);
};

const t = performance.now();
const input = await buildRibInput({
  prefixes: num('BENCH_RIB_PREFIXES', 1_200_000),
  peers: num('BENCH_RIB_PEERS', 4),
  sets: num('BENCH_RIB_SETS', 300_000),
  churn: num('BENCH_RIB_CHURN', 0.1),
});
const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
console.log(`input built in ${((performance.now() - t) / 1000).toFixed(1)} s from ${input.files.length} files`);
console.log(`  source: ${input.sourcePrefixes.ipv4} IPv4 + ${input.sourcePrefixes.ipv6} IPv6 prefixes, ${input.sourceSets} attribute sets (x${input.variants} variants)`);
console.log(`  table: ${input.prefixes.ipv4} IPv4 + ${input.prefixes.ipv6} IPv6 prefixes, ${input.peers.length} peers, ${input.routes} routes`);
console.log(`  load: ${input.load.reduce((n, s) => n + s.messages, 0)} UPDATEs, ${mb(input.load.reduce((n, s) => n + s.bytes.length, 0))}; churn: ${input.churn.reduce((n, s) => n + s.messages, 0)} UPDATEs`);

const gcEntries: { startTime: number; duration: number }[] = [];
const obs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcEntries.push({ startTime: e.startTime, duration: e.duration });
});
obs.observe({ entryTypes: ['gc'] });
const r = runRib(input);
// GC entries arrive asynchronously: let them in before reading.
await new Promise((resolve) => setTimeout(resolve, 100));
obs.disconnect();
const rate = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString('en')}/s`;
console.log();
console.log(`routes ${r.routes}, distinct attribute sets ${r.attributeSets}`);
console.log(r.bytesPerRoute === undefined ? 'heap: run with --expose-gc for bytes per route' : `heap ${mb(r.heapBytes as number)}: ${r.bytesPerRoute.toFixed(1)} bytes per route`);
for (const p of r.phases) {
  console.log(
    `${p.name}: ${p.messages} UPDATEs, ${p.prefixes} route updates, ${p.changes} Loc-RIB changes; apply ${p.cpuMs.toFixed(0)} ms CPU (${p.wallMs.toFixed(0)} ms wall): ` +
      `${rate(p.prefixes, p.cpuMs)} route updates, ${rate(p.messages, p.cpuMs)} UPDATEs (CPU); ${rate(p.prefixes, p.wallMs)} route updates (wall); ` +
      `GC pauses ${gcInside(gcEntries, p.windows).toFixed(0)} ms of the ${p.wallMs.toFixed(0)} ms wall; decode alone ${p.decodeMs.toFixed(0)} ms`,
  );
}
const all = r.phases.reduce((a, p) => ({ n: a.n + p.prefixes, ms: a.ms + p.cpuMs }), { n: 0, ms: 0 });
console.log(`all phases: ${rate(all.n, all.ms)} route updates applied (CPU time)`);
console.log(`load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, Node ${process.version}`);

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const { rib: _rib, ...rest } = r;
const json = { ...rest, phases: r.phases.map(({ windows, ...p }) => ({ ...p, gcPauseMs: gcInside(gcEntries, windows) })) };
writeFileSync(
  new URL('./results/rib-latest.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, input: { files: input.files, prefixes: input.prefixes, peers: input.peers.length, routes: input.routes, sourceSets: input.sourceSets, variants: input.variants, sourcePrefixes: input.sourcePrefixes }, ...json }, null, 2)}\n`,
);
console.log('written bench/results/rib-latest.json');
