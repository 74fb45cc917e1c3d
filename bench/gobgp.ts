import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { viewWalk } from './cases.ts';
import type { Input } from './inputs.ts';

// GoBGP's full decode of the same messages (issue 5's decode target is a ratio to it):
// bench/gobgp/main.go built with Debian's Go toolchain and GoBGP source, run on a file of the
// bench's streams. Used by run.ts and by test/bench/gobgp.test.ts.

/** One variant of bench/gobgp/main.go's JSON line. */
export interface GobgpVariant {
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
export interface GobgpRun {
  input: string;
  go: string;
  gomaxprocs: number;
  counted: { messages: number; prefixes: number; rejected: number; errors?: Record<string, number> };
  variants?: GobgpVariant[];
  bgpwireDecodeMessagesPerSecond?: number;
  error?: string;
}

export const GOBGP_SRC: string = process.env.GOBGP_SRC ?? '/usr/share/gocode/src/github.com/osrg/gobgp';

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
  const out = new Int32Array(3);
  for (const s of input.streams) {
    if (s.ctx.addPath.length > 255) throw new RangeError(`${input.name}: ${s.ctx.addPath.length} ADD-PATH families`);
    const n = viewWalk([s], out);
    prefixes += n;
    dv.setUint8(p++, s.ctx.as4 ? 1 : 0);
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
export function runGobgp(
  inputs: readonly Input[],
  oursPerSecond: (caseName: string) => number | undefined,
  run: { minMs: number; clock: 'cpu' | 'wall'; fmt: (n: number) => string },
): { lines: string[]; json: unknown; runs: GobgpRun[] } {
  const { minMs, clock, fmt } = run;
  const install = 'apt-get install golang-go golang-github-osrg-gobgp-dev';
  const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (goVersion.status !== 0 || !existsSync(join(GOBGP_SRC, 'pkg/packet/bgp/bgp.go'))) {
    const why = goVersion.status !== 0 ? 'go is not on PATH' : `no GoBGP source at ${GOBGP_SRC} (GOBGP_SRC)`;
    return { lines: [`gobgp: skipped, ${why}; to compare with GoBGP: ${install}`], json: { skipped: why }, runs: [] };
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
    // GOCACHE set where HOME may not be (a CI container); kept across runs under the temp dir.
    const env = { ...process.env, GO111MODULE: 'off', GOPATH: join(dir, 'gopath'), GOFLAGS: '', GOPROXY: 'off', GOCACHE: process.env.GOCACHE ?? join(tmpdir(), 'bgpwire-gocache') };
    const build = spawnSync('go', ['build', '-o', binary, '.'], { cwd: fileURLToPath(new URL('./gobgp/', import.meta.url)), env, encoding: 'utf8' });
    if (build.status !== 0) return { lines: [`gobgp: go build failed, skipped:\n${build.stderr}`], json: { skipped: `go build failed: ${build.stderr}` }, runs: [] };
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
      const oursName = `decode/update/${input.name}`;
      const ours = oursPerSecond(oursName);
      if (ours !== undefined) run.bgpwireDecodeMessagesPerSecond = ours;
      const errs = Object.entries(run.counted.errors ?? {}).map(([k, v]) => `${v} ${k}`).join(', ');
      if (errs !== '') lines.push(`gobgp ${input.name}: ParseBGPMessage returned errors on ${errs} (messages still counted; counts match bgpwire's)`);
      for (const v of run.variants ?? []) {
        const theirs = clock === 'cpu' ? v.messagesPerSecondCpu : v.messagesPerSecondWall;
        if (ours !== undefined) v.ratio = ours / theirs;
        const vs = ours === undefined ? '' : `; bgpwire ${oursName}: ${fmt(ours)} msgs/s (${clock}) → ratio ${(v.ratio as number).toFixed(2)}`;
        lines.push(`gobgp ${v.name} (${run.go.replace(/^go/, 'Go ')}, ${gobgp}, GOMAXPROCS ${run.gomaxprocs}) ${input.name}: ${fmt(v.messagesPerSecondCpu)} msgs/s (cpu), ${fmt(v.messagesPerSecondWall)} (wall), ${v.mbPerSecondCpu.toFixed(1)} MB/s (cpu)${vs}`);
      }
      runs.push(run);
    }
    return { lines, json: { go: goVersion.stdout.trim(), gobgp, clock, runs }, runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

