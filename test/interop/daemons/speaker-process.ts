// The test side of speaker-driver.ts: starts the driver in the speaker namespace, sends it
// commands and collects its events. One driver is one bgpwire Speaker (one process), so a
// "restart" (graceful restart) is killing the process and starting another.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { PeerOptions, RouteInput } from '../../../src/node/index.ts';
import { type NetLab, NetLab as Lab, type Started, waitFor } from './lab.ts';
import type { DaemonRoute } from './types.ts';
import { repoRoot } from '../../helpers/shared.ts';

/** A route of bgpwire's Adj-RIB-In, normalised as the daemons' (plus the path id). */
export interface SpeakerRoute extends DaemonRoute {
  readonly pathId: number;
  readonly nextHops: readonly string[];
  readonly attributeTypes: readonly string[];
}

/** One event the driver printed. */
export interface SpeakerEvent {
  readonly ev: 'established' | 'update' | 'notification' | 'down' | 'state' | 'error';
  readonly peer: string;
  readonly [k: string]: unknown;
}

export interface NotificationEvent extends SpeakerEvent {
  readonly direction: 'sent' | 'received';
  readonly code: number;
  readonly subcode: number;
  readonly data: string;
  readonly text?: string;
}

const DRIVER = join(repoRoot, 'test', 'interop', 'daemons', 'speaker-driver.ts');

function sourcesOf(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) sourcesOf(join(dir, e.name), out);
    else if (e.name.endsWith('.ts')) out.push(join(dir, e.name));
  }
  return out;
}

/**
 * The driver compiled to JavaScript (type erasure only, `tsc --noCheck`), once per version of
 * the sources: every driver process then starts in a fraction of a second instead of
 * transpiling ~100 files each time. Kept in .tmp/ (git-ignored), keyed by a hash of src/ and
 * the driver; concurrent test files compile side by side and the first rename wins.
 */
export function compiledDriver(): string {
  const hash = createHash('sha256');
  for (const f of [...sourcesOf(join(repoRoot, 'src')).sort(), DRIVER]) hash.update(f).update(readFileSync(f));
  const dir = join(repoRoot, '.tmp', `interop-driver-${hash.digest('hex').slice(0, 16)}`);
  const main = join(dir, 'test', 'interop', 'daemons', 'speaker-driver.js');
  if (existsSync(main)) return main;
  mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
  const tmp = `${dir}.${process.pid}`;
  execFileSync(
    join(repoRoot, 'node_modules', '.bin', 'tsc'),
    ['--outDir', tmp, '--rootDir', repoRoot, '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
      '--rewriteRelativeImportExtensions', '--allowImportingTsExtensions', '--skipLibCheck', '--noCheck', '--types', 'node', DRIVER],
    { stdio: 'pipe' },
  );
  writeFileSync(join(tmp, 'package.json'), '{ "type": "module" }\n');
  try {
    renameSync(tmp, dir);
    // Builds of older sources are of no use any more.
    for (const e of readdirSync(join(repoRoot, '.tmp'))) {
      if (/^interop-driver-[0-9a-f]{16}$/.test(e) && join(repoRoot, '.tmp', e) !== dir) rmSync(join(repoRoot, '.tmp', e), { recursive: true, force: true });
    }
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
  return main;
}

/** A bgpwire Speaker running in a namespace. */
export class SpeakerProcess {
  readonly events: SpeakerEvent[] = [];
  private proc: Started | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly lab: NetLab;

  constructor(lab: NetLab) {
    this.lab = lab;
  }

  /** Starts the driver (its Speakers come with {@link SpeakerProcess.speaker}). */
  start(): void {
    this.proc = this.lab.start(this.lab.speakerNs, process.execPath, [compiledDriver()], { stdin: 'pipe' });
    const stdout = this.proc.child.stdout;
    if (stdout === null) throw new Error('driver without stdout');
    createInterface({ input: stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const m = JSON.parse(line) as { re?: number; ok?: boolean; result?: unknown; error?: string } & SpeakerEvent;
      if (m.re !== undefined) {
        const p = this.pending.get(m.re);
        this.pending.delete(m.re);
        if (m.ok === true) p?.resolve(m.result);
        else p?.reject(new Error(m.error));
      } else this.events.push(m);
    });
    this.proc.child.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error(`speaker driver exited\n${this.proc?.output() ?? ''}`));
      this.pending.clear();
    });
  }

  /** A Speaker named `name` (localAs, bgpId), listening on `listen` when given. */
  async speaker(name: string, localAs: number, bgpId: string, listen?: { host: string; port: number }): Promise<void> {
    await this.call('speaker', { name, localAs, bgpId, ...(listen === undefined ? {} : { listen }) });
  }

  /** Sends one command and waits for its reply (20 s at most). */
  call(op: string, args: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    const stdin = this.proc?.child.stdin;
    if (stdin === null || stdin === undefined || this.proc?.exited() === true) return Promise.reject(new Error('speaker driver not running'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`speaker driver: no reply to ${op} in 20 s\n${this.proc?.output() ?? ''}`));
      }, 20_000);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      stdin.write(`${JSON.stringify({ id, op, ...args })}\n`);
    });
  }

  /** Starts listening (after the peers are added: an unknown address gets Cease 5). */
  listen(speaker: string, host: string, port = 179): Promise<unknown> {
    return this.call('listen', { speaker, listen: { host, port } });
  }

  /** Adds a peer named `name` to speaker `speaker` (options are JSON: no hooks). */
  addPeer(speaker: string, name: string, options: PeerOptions): Promise<unknown> {
    return this.call('peer', { speaker, name, options });
  }

  announce(peer: string, route: RouteInput): Promise<unknown> {
    return this.call('announce', { peer, route });
  }

  withdraw(peer: string, prefixes: readonly string[]): Promise<unknown> {
    return this.call('withdraw', { peer, prefixes });
  }

  refresh(peer: string, family?: string): Promise<unknown> {
    return this.call('refresh', { peer, ...(family === undefined ? {} : { family }) });
  }

  stop(peer: string, reason?: string): Promise<unknown> {
    return this.call('stop', { peer, ...(reason === undefined ? {} : { reason }) });
  }

  /** bgpwire's Adj-RIB-In for the peer. */
  async rib(peer: string, family?: string): Promise<SpeakerRoute[]> {
    return (await this.call('rib', { peer, ...(family === undefined ? {} : { family }) })) as SpeakerRoute[];
  }

  /** Events of one peer (optionally of one kind). */
  of(peer: string, ev?: SpeakerEvent['ev']): SpeakerEvent[] {
    return this.events.filter((e) => e.peer === peer && (ev === undefined || e.ev === ev));
  }

  /** Waits for the peer's n-th `established` event and returns it. */
  async established(peer: string, seconds: number, n = 1, explain?: () => string): Promise<SpeakerEvent> {
    return waitFor(`bgpwire's peer ${peer} to be Established (${n})`, seconds, () => this.of(peer, 'established')[n - 1], () => `${this.diag()}\n${explain?.() ?? ''}`);
  }

  /** Polls the Adj-RIB-In until `check` holds. */
  async ribUntil(peer: string, what: string, seconds: number, check: (rib: SpeakerRoute[]) => boolean, explain?: () => string): Promise<SpeakerRoute[]> {
    let last: SpeakerRoute[] = [];
    return waitFor(what, seconds, async () => {
      last = await this.rib(peer);
      return check(last) ? last : undefined;
    }, () => `bgpwire Adj-RIB-In: ${JSON.stringify(last)}\n${this.diag()}\n${explain?.() ?? ''}`);
  }

  /** Kills the process: its sockets close without a NOTIFICATION (a crash / restart). */
  async kill(): Promise<void> {
    const p = this.proc;
    if (p === undefined || p.exited()) return;
    const gone = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
    process.kill(p.pid, 'SIGKILL');
    await gone;
  }

  /** Closes the speaker (every session ends with a Cease) and ends the driver. */
  async close(): Promise<void> {
    if (this.proc === undefined || this.proc.exited()) return;
    try {
      await this.call('close');
    } catch {
      // already gone
    }
    this.proc.child.stdin?.end();
    await Lab.stop(this.proc, 3000);
  }

  /** Driver output and recent events, for failure messages. */
  diag(): string {
    return `events: ${this.events.slice(-25).map((e) => JSON.stringify(e).slice(0, 300)).join('\n')}\ndriver stderr: ${(this.proc?.errors() ?? '').slice(-2000)}`;
  }
}
