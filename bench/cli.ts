import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMrt, buildOneMessage, buildPcap, distinctUpdateFiles, type MrtFile } from './cli-inputs.ts';

// npm run bench:cli: `bgpwire decode` as a user runs it, a whole process writing to a file on
// disk, against `bgpdump -m` on the same file in the same run, the tools interleaved round by
// round (BENCH_CLI_ROUNDS, default 3). CPU time (user + system) and max RSS from GNU time,
// wall from the clock. Inputs are built in a temporary directory and deleted at the end.
//   BENCH_CLI_MB        size of the MRT input (default 100)
//   BENCH_CLI_BIG=1     also a 1 GB MRT input (one round) and readCapture over a 1 GB pcap
//                       against tshark on a 50 MB slice of it
//   BENCH_CLI_BIG_MB    size of those two (default 1000)
//   BENCH_CLI_BASE=js   also time another build's dist/cli/main.js on the first input (before/after, same run)
//   BENCH_CLI_PARTS     which parts run: mrt,startup,captures (the default: all)
//   BENCH_CLI_TMP       directory for the inputs and outputs (default the OS temp directory)
// Nothing here asserts on time.

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const rounds = Number(process.env.BENCH_CLI_ROUNDS ?? 3);
const mb = Number(process.env.BENCH_CLI_MB ?? 100);
const big = process.env.BENCH_CLI_BIG === '1';
const bigMb = Number(process.env.BENCH_CLI_BIG_MB ?? 1000);
const base = process.env.BENCH_CLI_BASE;
const parts = (process.env.BENCH_CLI_PARTS ?? 'mrt,startup,captures').split(',');
const dir = mkdtempSync(join(process.env.BENCH_CLI_TMP ?? tmpdir(), 'bgpwire-bench-cli-'));

/** One timed process: CPU seconds (user + system), wall seconds, max RSS (MB), output bytes. */
interface Run {
  readonly cpu: number;
  readonly user: number;
  readonly sys: number;
  readonly wall: number;
  readonly rssMb: number;
  readonly outBytes: number;
}

/** Runs `cmd args` with stdout to `sink` (a file on disk), under GNU time. */
function timed(cmd: string, args: readonly string[], sink: string): Run {
  const tf = join(dir, 'time.txt');
  const fd = openSync(sink, 'w');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-o', tf, '-f', '%U %S %M', cmd, ...args], { stdio: ['ignore', fd, 'ignore'] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  closeSync(fd);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}`);
  const [user, sys, rss] = readFileSync(tf, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number];
  const outBytes = statSync(sink).size;
  return { cpu: user + sys, user, sys, wall, rssMb: rss / 1024, outBytes };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const f2 = (x: number): string => x.toFixed(2);

interface Tool {
  readonly name: string;
  readonly cmd: string;
  readonly args: (input: string) => string[];
}

const allTools: Tool[] = [
  { name: 'bgpdump -m', cmd: 'bgpdump', args: (i) => ['-m', i] },
  { name: 'bgpwire decode --format bgpdump', cmd: process.execPath, args: (i) => [cli, 'decode', '--no-progress', '--format', 'bgpdump', i] },
  { name: 'bgpwire decode (text)', cmd: process.execPath, args: (i) => [cli, 'decode', '--no-progress', i] },
  { name: 'bgpwire decode --json', cmd: process.execPath, args: (i) => [cli, 'decode', '--no-progress', '--json', i] },
];
if (base !== undefined) {
  allTools.push(
    { name: 'base --format bgpdump', cmd: process.execPath, args: (i) => [base, 'decode', '--no-progress', '--format', 'bgpdump', i] },
    { name: 'base (text)', cmd: process.execPath, args: (i) => [base, 'decode', '--no-progress', i] },
    { name: 'base --json', cmd: process.execPath, args: (i) => [base, 'decode', '--no-progress', '--json', i] },
  );
}

/** Every tool on `input`, interleaved, `n` rounds; prints and returns the table rows. */
function compare(input: MrtFile, n: number, label: string, withBase = true): object[] {
  const tools = withBase ? allTools : allTools.filter((t) => !t.name.startsWith('base'));
  const runs = new Map<string, Run[]>(tools.map((t) => [t.name, []]));
  for (let round = 0; round < n; round++) {
    for (const t of tools) {
      const sink = join(dir, 'out.txt');
      runs.get(t.name)!.push(timed(t.cmd, t.args(input.path), sink));
      rmSync(sink);
    }
  }
  const ref = runs.get('bgpdump -m')!;
  console.log(`\n${label}: ${(input.bytes / 1e6).toFixed(1)} MB, ${input.records} records, ${input.updates} UPDATEs; ${n} round(s), tools interleaved; output to a file in ${dir}`);
  console.log('| tool | CPU s (median) | user / sys | wall s | max RSS MB | output MB | UPDATEs/s (CPU) | CPU vs bgpdump -m (per round) |');
  console.log('|---|--:|--:|--:|--:|--:|--:|---|');
  const rows: object[] = [];
  for (const t of tools) {
    const rs = runs.get(t.name)!;
    const cpu = median(rs.map((r) => r.cpu));
    const ratios = rs.map((r, i) => (ref[i] as Run).cpu / r.cpu);
    const m = rs[rs.map((r) => r.cpu).indexOf(cpu)] as Run;
    console.log(`| ${t.name} | ${f2(cpu)} | ${f2(m.user)} / ${f2(m.sys)} | ${f2(median(rs.map((r) => r.wall)))} | ${Math.max(...rs.map((r) => r.rssMb)).toFixed(0)} | ${(m.outBytes / 1e6).toFixed(0)} | ${(input.updates / cpu / 1e3).toFixed(0)}k | ${ratios.map((x) => `${f2(x)}×`).join(' ')} |`);
    rows.push({ tool: t.name, runs: rs, medianCpu: cpu, cpuRatios: ratios });
  }
  return rows;
}

function startup(n: number): object {
  const one = join(dir, 'one.mrt');
  buildOneMessage(one);
  const sink = join(dir, 'one.txt');
  const a: Run[] = [];
  const b: Run[] = [];
  for (let i = 0; i < n; i++) {
    a.push(timed('bgpdump', ['-m', one], sink));
    b.push(timed(process.execPath, [cli, 'decode', '--no-progress', '--format', 'bgpdump', one], sink));
  }
  const row = (name: string, rs: Run[]): string => `| ${name} | ${(median(rs.map((r) => r.wall)) * 1000).toFixed(0)} | ${(median(rs.map((r) => r.cpu)) * 1000).toFixed(0)} | ${median(rs.map((r) => r.rssMb)).toFixed(0)} |`;
  console.log(`\nstart-up: one UPDATE (${statSync(one).size} bytes of MRT), ${n} runs each, interleaved (medians)`);
  console.log('| tool | wall ms | CPU ms | max RSS MB |\n|---|--:|--:|--:|');
  console.log(row('bgpdump -m', a));
  console.log(row('bgpwire decode --format bgpdump', b));
  return { bgpdump: a, bgpwire: b };
}

function captures(): object {
  const pcap = join(dir, 'big.pcap');
  const slice = join(dir, 'slice.pcap');
  const p = buildPcap(pcap, bigMb * 1e6, slice, 50e6);
  const child = (file: string): { fileBytes: number; messages: number; bytes: number; cpuSeconds: number; wallSeconds: number; maxRssKb: number } =>
    JSON.parse(execFileSync(process.execPath, [join(root, 'bench', 'cli-capture.mjs'), file], { encoding: 'utf8', maxBuffer: 1 << 20 }));
  const ours = child(pcap);
  const oursSlice = child(slice);
  const sink = join(dir, 'tshark.txt');
  const ts = timed('tshark', ['-r', slice, '-Y', 'bgp', '-T', 'fields', '-e', 'bgp.type'], sink);
  // A frame carrying several messages lists their types comma-separated.
  const tsMessages = readFileSync(sink, 'utf8').split(/[\n,]/).filter((x) => x !== '').length;
  rmSync(sink);
  const line = (name: string, fileBytes: number, messages: number, cpu: number, wall: number, rssMb: number): string =>
    `| ${name} | ${(fileBytes / 1e6).toFixed(0)} | ${messages} | ${f2(cpu)} | ${f2(wall)} | ${(fileBytes / 1e6 / cpu).toFixed(0)} | ${(messages / cpu / 1e3).toFixed(0)}k | ${rssMb.toFixed(0)} |`;
  console.log(`\nreadCapture: a pcap of the mrt-all messages (bench/capture-input.ts) ×${p.copies}, and its first ${(p.sliceBytes / 1e6).toFixed(0)} MB for tshark`);
  console.log('| reader | file MB | messages | CPU s | wall s | MB/s (CPU) | msgs/s (CPU) | max RSS MB |\n|---|--:|--:|--:|--:|--:|--:|--:|');
  console.log(line('readCapture, whole file', ours.fileBytes, ours.messages, ours.cpuSeconds, ours.wallSeconds, ours.maxRssKb / 1024));
  console.log(line('readCapture, slice', oursSlice.fileBytes, oursSlice.messages, oursSlice.cpuSeconds, oursSlice.wallSeconds, oursSlice.maxRssKb / 1024));
  console.log(line('tshark -Y bgp -T fields -e bgp.type, slice', p.sliceBytes, tsMessages, ts.cpu, ts.wall, ts.rssMb));
  return { pcap: { bytes: p.bytes, copies: p.copies, sliceBytes: p.sliceBytes }, readCapture: ours, readCaptureSlice: oursSlice, tshark: { ...ts, messages: tsMessages } };
}

function main(): void {
  const v = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'bgpdump'], { encoding: 'utf8' });
  console.log(`bgpwire ${cli} (Node ${process.version}) against bgpdump ${v.stdout || '(version unknown)'}; ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const files = distinctUpdateFiles();
  const input = buildMrt(join(dir, `updates-${mb}mb.mrt`), mb * 1e6, files);
  console.log(`input: ${files.length} distinct update files; copies of each: ${Object.entries(input.copies).map(([f, c]) => `${f.replace('corpus/mrt/', '')} ×${c}`).join(', ')}`);
  const json: Record<string, unknown> = { date: new Date().toISOString(), loadAverageAtStart: loadavg(), node: process.version, input: { bytes: input.bytes, records: input.records, updates: input.updates, copies: input.copies } };
  if (parts.includes('mrt')) json.main = compare(input, rounds, `${mb} MB`);
  rmSync(input.path);
  if (parts.includes('startup')) json.startup = startup(10);
  if (big && parts.includes('mrt')) {
    const huge = buildMrt(join(dir, `updates-${bigMb}mb.mrt`), bigMb * 1e6, files);
    json.big = compare(huge, 1, `${bigMb} MB`, false);
    rmSync(huge.path);
  }
  if (big && parts.includes('captures')) json.captures = captures();
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'cli-latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  console.log('\nwritten bench/results/cli-latest.json');
}

try {
  main();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
