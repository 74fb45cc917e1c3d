import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { encodeCases, rawLoop, readCases, viewWalk, type Case } from './cases.ts';
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
  const gobgp = runGobgp(inputs.filter((i) => i.name.startsWith('mrt-')), results);

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

/** One variant of bench/gobgp/main.go's JSON line. */
interface GobgpVariant {
  name: string;
  iterations: number;
  wallMsPerIteration: number;
  cpuMsPerIteration: number;
  messagesPerSecondCpu: number;
  messagesPerSecondWall: number;
  mbPerSecondCpu: number;
  mbPerSecondWall: number;
  prefixesPerSecondCpu: number;
  prefixesPerSecondWall: number;
  /** bgpwire's decode/update rate of the same run over this one, both from the run's clock. */
  ratio?: number;
}

/** What bench/gobgp/main.go prints for one input (the fields the bench reads). */
interface GobgpRun {
  input: string;
  go: string;
  gomaxprocs: number;
  counted: { messages: number; prefixes: number; rejected: number; errors?: Record<string, number> };
  variants?: GobgpVariant[];
  bgpwireDecodeMessagesPerSecond?: number;
  error?: string;
}

const GOBGP_SRC = process.env.GOBGP_SRC ?? '/usr/share/gocode/src/github.com/osrg/gobgp';

/**
 * Writes an input for bench/gobgp/main.go (format in its header comment): per stream the
 * context GoBGP needs (ADD-PATH receive families; the AS size it infers itself) and the
 * expected message and prefix counts, so the Go side checks it decoded the same messages.
 */
function writeGobgpInput(input: Input, file: string): void {
  let size = 28;
  for (const s of input.streams) size += 14 + 3 * s.ctx.addPath.length + s.bytes.length;
  const buf = new Uint8Array(size);
  const dv = new DataView(buf.buffer);
  buf.set(new TextEncoder().encode('BGPWGOB1'), 0);
  dv.setUint32(8, input.streams.length);
  dv.setBigUint64(12, BigInt(input.messages));
  dv.setBigUint64(20, BigInt(input.prefixes));
  let p = 28;
  let prefixes = 0;
  const out = new Int32Array(2);
  for (const s of input.streams) {
    if (s.ctx.addPath.length > 255) throw new RangeError(`${input.name}: ${s.ctx.addPath.length} ADD-PATH families`);
    const n = viewWalk([s], out);
    prefixes += n;
    dv.setUint8(p++, s.ctx.asn4 ? 1 : 0);
    dv.setUint8(p++, s.ctx.addPath.length);
    for (const f of s.ctx.addPath) {
      dv.setUint16(p, f.afi);
      dv.setUint8(p + 2, f.safi);
      p += 3;
    }
    dv.setUint32(p, s.messages);
    dv.setUint32(p + 4, n);
    dv.setUint32(p + 8, s.bytes.length);
    buf.set(s.bytes, p + 12);
    p += 12 + s.bytes.length;
  }
  if (prefixes !== input.prefixes) throw new Error(`${input.name}: view walk counted ${prefixes} prefixes, decodeMessage ${input.prefixes}`);
  writeFileSync(file, buf);
}

/**
 * GoBGP's bgp.ParseBGPMessage on the same messages (bench/gobgp/main.go, built with the Go
 * toolchain and GoBGP source from Debian), beside bgpwire's decode/update of this run: the
 * ratio of issue 5. Prints a line and returns no figures when Go or GoBGP is missing.
 */
function runGobgp(inputs: readonly Input[], results: readonly Result[]): { lines: string[]; json: unknown } {
  const install = 'apt-get install golang-go golang-github-osrg-gobgp-dev';
  const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (goVersion.status !== 0 || !existsSync(join(GOBGP_SRC, 'pkg/packet/bgp/bgp.go'))) {
    const why = goVersion.status !== 0 ? 'go is not on PATH' : `no GoBGP source at ${GOBGP_SRC} (GOBGP_SRC)`;
    return { lines: [`gobgp: skipped, ${why}; to compare with GoBGP: ${install}`], json: { skipped: why } };
  }
  // GoBGP's version constants (internal/pkg/version), as the gobgp command reports them.
  let gobgp = 'GoBGP ?';
  try {
    const v = readFileSync(join(GOBGP_SRC, 'internal/pkg/version/version.go'), 'utf8');
    const part = (k: string): string => /const\s+\w+\s+uint\s*=\s*(\d+)/.exec(v.slice(v.indexOf(`const ${k}`)))?.[1] ?? '?';
    gobgp = `GoBGP ${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}`;
  } catch {
    // version.go moved: the figures stand without it.
  }
  const dir = mkdtempSync(join(tmpdir(), 'bgpwire-gobgp-'));
  try {
    // GOPATH mode, offline: GoBGP's module path ends in /v3, so a GOPATH whose
    // src/github.com/osrg/gobgp/v3 points at the source resolves the import without a proxy.
    const pkgDir = join(dir, 'gopath/src/github.com/osrg/gobgp');
    mkdirSync(pkgDir, { recursive: true });
    symlinkSync(GOBGP_SRC, join(pkgDir, 'v3'));
    const binary = join(dir, 'gobgp-bench');
    const env = { ...process.env, GO111MODULE: 'off', GOPATH: join(dir, 'gopath'), GOFLAGS: '', GOPROXY: 'off' };
    const build = spawnSync('go', ['build', '-o', binary, '.'], { cwd: fileURLToPath(new URL('./gobgp/', import.meta.url)), env, encoding: 'utf8' });
    if (build.status !== 0) return { lines: [`gobgp: go build failed, skipped:\n${build.stderr}`], json: { skipped: `go build failed: ${build.stderr}` } };
    const lines: string[] = [];
    const runs: GobgpRun[] = [];
    for (const input of inputs) {
      const file = join(dir, `${input.name}.bin`);
      writeGobgpInput(input, file);
      const r = spawnSync(binary, [file], { env: { ...process.env, BENCH_MIN_MS: String(minMs) }, encoding: 'utf8', maxBuffer: 64 << 20 });
      rmSync(file);
      const last = r.stdout.trim().split('\n').pop() ?? '';
      let run: GobgpRun;
      try {
        run = { input: input.name, ...(JSON.parse(last) as Omit<GobgpRun, 'input'>) };
      } catch {
        run = { input: input.name, go: '', gomaxprocs: 0, counted: { messages: 0, prefixes: 0, rejected: 0 } };
      }
      if (r.status !== 0) {
        run.error = r.stderr.trim() || `exit ${r.status}`;
        lines.push(`gobgp ${input.name}: failed: ${run.error}`);
        runs.push(run);
        continue;
      }
      const ours = results.find((x) => x.name === `decode/update/${input.name}`);
      if (ours !== undefined) run.bgpwireDecodeMessagesPerSecond = ours.messagesPerSecond;
      const errs = Object.entries(run.counted.errors ?? {}).map(([k, v]) => `${v} ${k}`).join(', ');
      if (errs !== '') lines.push(`gobgp ${input.name}: ParseBGPMessage returned errors on ${errs} (messages still counted; counts match bgpwire's)`);
      for (const v of run.variants ?? []) {
        const theirs = clock === 'cpu' ? v.messagesPerSecondCpu : v.messagesPerSecondWall;
        if (ours !== undefined) v.ratio = ours.messagesPerSecond / theirs;
        const vs = ours === undefined ? '' : `; bgpwire ${ours.name}: ${fmt(ours.messagesPerSecond)} msgs/s (${clock}) → ratio ${(v.ratio as number).toFixed(2)}`;
        lines.push(`gobgp ${v.name} (${run.go.replace(/^go/, 'Go ')}, ${gobgp}, GOMAXPROCS ${run.gomaxprocs}) ${input.name}: ${fmt(v.messagesPerSecondCpu)} msgs/s (cpu), ${fmt(v.messagesPerSecondWall)} (wall), ${v.mbPerSecondCpu.toFixed(1)} MB/s (cpu)${vs}`);
      }
      runs.push(run);
    }
    return { lines, json: { go: goVersion.stdout.trim(), gobgp, clock, runs } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
