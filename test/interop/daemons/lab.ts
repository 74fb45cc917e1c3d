// Two network namespaces joined by one veth pair, for one daemon and the peers that talk to it:
//
//   <tag>d  eth0 10.0.0.1/24, 2001:db8::1/64          the daemon under test
//   <tag>s  eth0 10.0.0.2-29/24, 2001:db8::2-29/64    bgpwire (one address per scenario)
//
// Nothing is attached to the host's interfaces, so traffic never leaves the namespaces. Every
// process is started by the lab, recorded by PID and stopped by PID; a detached watchdog stops
// them and deletes the namespaces if the test process dies or overruns. IPv6 addresses carry
// `nodad` (a veth address stays "tentative" for a second or two otherwise, and BGP cannot bind).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The daemon's own addresses. */
export const DAEMON = { v4: '10.0.0.1', v6: '2001:db8::1' } as const;

/** The speaker-side addresses of slot `n` (2..29): each scenario gets its own. */
export function slot(n: number): { readonly v4: string; readonly v6: string } {
  if (!Number.isInteger(n) || n < 2 || n > 29) throw new RangeError(`slot ${n} out of 2..29`);
  return { v4: `10.0.0.${n}`, v6: `2001:db8::${n}` };
}

/** Runs a command and returns its stdout (throws with stderr on a non-zero exit). */
export function sh(cmd: string, args: readonly string[], timeoutMs = 20_000): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
}

/** Like {@link sh} but returns stdout (or the error text) instead of throwing. */
export function shQuiet(cmd: string, args: readonly string[], timeoutMs = 20_000): string {
  try {
    return sh(cmd, args, timeoutMs);
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}` || String(e.message);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` every `everyMs` until it returns a value other than false/undefined, or throws
 * after `seconds` with `what` and the last diagnostic from `explain`.
 */
export async function waitFor<T>(
  what: string,
  seconds: number,
  check: () => T | false | undefined | Promise<T | false | undefined>,
  explain?: () => string,
  everyMs = 200,
): Promise<T> {
  const end = Date.now() + seconds * 1000;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== false && v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > end) {
      const detail = explain === undefined ? '' : `\n${explain()}`;
      throw new Error(`timed out after ${seconds} s waiting for ${what}${lastError === undefined ? '' : ` (last error: ${String(lastError)})`}${detail}`);
    }
    await sleep(everyMs);
  }
}

/** A process the lab started, with its output collected (bounded to the last 64 KiB). */
export interface Started {
  readonly child: ChildProcess;
  readonly pid: number;
  output(): string;
  /** Standard error alone. */
  errors(): string;
  exited(): boolean;
}

/** The namespaces, the veth pair, a scratch directory and every process started in them. */
export class NetLab {
  readonly daemonNs: string;
  readonly speakerNs: string;
  readonly work: string;
  private readonly made: string[] = [];
  private readonly started: Started[] = [];
  private watchdog: ChildProcess | undefined;

  readonly name: string;

  constructor(name: string) {
    this.name = name;
    const tag = `bw${name.slice(0, 3)}${Math.random().toString(36).slice(2, 7)}`;
    this.daemonNs = `${tag}d`;
    this.speakerNs = `${tag}s`;
    this.work = mkdtempSync(join(tmpdir(), `bgpwire-${name}-`));
    // Daemons drop privileges (bird stays root; bgpd/zebra become frr, OpenBGPD _openbgpd).
    chmodSync(this.work, 0o755);
  }

  /** Creates both namespaces, the veth pair and `slots` speaker addresses, then the watchdog. */
  up(maxSeconds: number, slots = 12): void {
    for (const ns of [this.daemonNs, this.speakerNs]) {
      sh('ip', ['netns', 'add', ns]);
      this.made.push(ns);
      sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    sh('ip', ['link', 'add', 'eth0', 'netns', this.daemonNs, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', this.speakerNs]);
    sh('ip', ['-n', this.daemonNs, 'addr', 'add', `${DAEMON.v4}/24`, 'dev', 'eth0']);
    sh('ip', ['-n', this.daemonNs, 'addr', 'add', `${DAEMON.v6}/64`, 'dev', 'eth0', 'nodad']);
    for (let n = 2; n < 2 + slots; n++) {
      const s = slot(n);
      sh('ip', ['-n', this.speakerNs, 'addr', 'add', `${s.v4}/24`, 'dev', 'eth0']);
      sh('ip', ['-n', this.speakerNs, 'addr', 'add', `${s.v6}/64`, 'dev', 'eth0', 'nodad']);
    }
    for (const ns of [this.daemonNs, this.speakerNs]) sh('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
    writeFileSync(join(this.work, 'pids'), '');
    const pids = join(this.work, 'pids');
    const script = [
      `end=$(( $(date +%s) + ${Math.ceil(maxSeconds)} ))`,
      `while kill -0 ${process.pid} 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; do sleep 1; done`,
      `for p in $(cat '${pids}'); do kill -TERM "$p" 2>/dev/null; done`,
      'sleep 2',
      `for p in $(cat '${pids}'); do kill -KILL "$p" 2>/dev/null; done`,
      ...this.made.map((ns) => `ip netns del '${ns}' 2>/dev/null`),
      ...(process.env.BGPWIRE_KEEP === '1' ? [] : [`rm -rf '${this.work}'`]),
    ].join('\n');
    this.watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
    this.watchdog.unref();
  }

  /**
   * Runs `cmd` inside namespace `ns`. `ip netns exec` execs the command, so the child's PID is
   * the command's own (with `mountTmpfs`, `sh` execs it in turn). With `mountTmpfs`, a private
   * tmpfs is mounted on that directory first: `ip netns exec` gives the command its own mount
   * namespace (a slave of the host's), so the host never sees the mount.
   */
  start(ns: string, cmd: string, args: readonly string[], opts: { stdin?: 'ignore' | 'pipe'; mountTmpfs?: string; env?: NodeJS.ProcessEnv } = {}): Started {
    const argv =
      opts.mountTmpfs === undefined
        ? ['netns', 'exec', ns, cmd, ...args]
        : // A missing directory is made on a tmpfs over its parent first (still private to the command).
          ['netns', 'exec', ns, 'sh', '-c', '{ [ -d "$0" ] || { mount -t tmpfs -o mode=755 none "$(dirname "$0")" && mkdir "$0"; }; } && mount -t tmpfs -o mode=755 none "$0" && exec "$@"', opts.mountTmpfs, cmd, ...args];
    const child = spawn('ip', argv, { stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
    appendFileSync(join(this.work, 'pids'), `${child.pid}\n`);
    let out = '';
    const keep = (d: Buffer): void => {
      out += d.toString();
      if (out.length > 65_536) out = out.slice(-65_536);
    };
    let err = '';
    child.stdout?.on('data', keep);
    child.stderr?.on('data', (d: Buffer) => {
      keep(d);
      err = (err + d.toString()).slice(-16_384);
    });
    const s: Started = {
      child,
      pid: child.pid,
      output: () => out,
      errors: () => err,
      exited: () => child.exitCode !== null || child.signalCode !== null,
    };
    this.started.push(s);
    return s;
  }

  /** Stops one started process: SIGTERM, then SIGKILL after `graceMs`. */
  static async stop(p: Started | undefined, graceMs = 3000): Promise<void> {
    if (p === undefined || p.exited()) return;
    const gone = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
    try {
      process.kill(p.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      if (!p.exited()) process.kill(p.pid, 'SIGKILL');
    }, graceMs);
    await gone;
    clearTimeout(timer);
  }

  /** Stops the watchdog and every process, deletes the namespaces and the scratch directory. */
  async down(): Promise<void> {
    if (this.watchdog?.pid !== undefined && this.watchdog.exitCode === null) {
      try {
        process.kill(-this.watchdog.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await Promise.all([...this.started].reverse().map((p) => NetLab.stop(p, 3000)));
    // Anything still living in our namespaces was started by us (a daemon's children): by PID.
    for (const ns of this.made) {
      for (const pid of shQuiet('ip', ['netns', 'pids', ns]).split(/\s+/).filter((p) => /^\d+$/.test(p))) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    for (const ns of [...this.made].reverse()) shQuiet('ip', ['netns', 'del', ns]);
    if (process.env.BGPWIRE_KEEP !== '1') rmSync(this.work, { recursive: true, force: true });
  }
}
