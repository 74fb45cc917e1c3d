/**
 * Runs Debian's tshark once per capture and caches its JSON decode in a temp directory
 * (keyed by the tshark version and the file's SHA-256), for the live oracle test.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let version: string | undefined;

/** `tshark --version`'s first line, e.g. "TShark (Wireshark) 4.0.17 (...)". */
export function tsharkVersion(): string {
  version ??= (execFileSync('tshark', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0] ?? '').trim();
  return version;
}

/** The tshark arguments used for a capture (the bgp-rs captures run BGP on port 1179). */
export function tsharkArgs(path: string): string[] {
  const args = ['-r', path, '-Y', 'bgp', '-T', 'json', '--no-duplicate-keys', '-o', 'tcp.desegment_tcp_streams:TRUE'];
  if (path.includes('bgp-rs')) args.push('-d', 'tcp.port==1179,bgp');
  return args;
}

function cachePath(path: string): string {
  // The key covers everything the output depends on: tshark's version, the options (the
  // path itself replaced, so a moved file hits the cache) and the file's bytes.
  const options = tsharkArgs(path).map((a) => (a === path ? 'FILE' : a));
  const key = createHash('sha256').update(`${tsharkVersion()}\0${options.join(' ')}\0`).update(readFileSync(path));
  const dir = join(tmpdir(), 'bgpwire-tshark-cache');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${key.digest('hex')}.json`);
}

function runInto(path: string, out: string, done: (error: Error | null) => void): void {
  const tmp = `${out}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fd = openSync(tmp, 'w');
  const child = spawn('tshark', tsharkArgs(path), { stdio: ['ignore', fd, 'ignore'], timeout: 120_000 });
  child.on('error', (e) => {
    closeSync(fd);
    done(e);
  });
  child.on('close', (code) => {
    closeSync(fd);
    if (code === 0) renameSync(tmp, out);
    done(code === 0 ? null : new Error(`tshark ${path}: exit ${code}`));
  });
}

/** Runs tshark on every file not yet cached, `parallel` at a time. */
export async function prefetchTshark(paths: readonly string[], parallel = 2): Promise<void> {
  const todo = paths.map((p) => [p, cachePath(p)] as const).filter(([, out]) => !existsSync(out));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const [path, out] = todo[next++] as readonly [string, string];
      await new Promise<void>((resolve, reject) => runInto(path, out, (e) => (e === null ? resolve() : reject(e))));
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, todo.length) }, worker));
}

/** tshark's JSON decode of `path` (the file's text), run once and cached. */
export function tsharkJson(path: string): string {
  const out = cachePath(path);
  if (!existsSync(out)) {
    const tmp = `${out}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      execFileSync('tshark', tsharkArgs(path), { stdio: ['ignore', fd, 'ignore'], timeout: 120_000 });
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, out);
  }
  return readFileSync(out, 'utf8');
}
