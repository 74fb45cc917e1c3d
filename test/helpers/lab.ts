// Live-test helpers: network namespaces with random names, veth pairs and a bridge, daemons started
// and stopped by PID, BIRD and its CLI, and TCP sockets opened inside a namespace for a Speaker
// running in the test process. Used by test/node/bird*.test.ts and the interop matrix (issue 17).
// Traffic only ever flows between namespaces the Lab created; everything is undone by cleanup().
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireAll } from './shared.ts';

/** Live tests run with BGPWIRE_INTEROP=1, or BGPWIRE_REQUIRE=1 (CI: a missing tool fails). */
export const interopWanted: boolean = process.env.BGPWIRE_INTEROP === '1' || requireAll;

/**
 * Whether every path exists and the process may create namespaces (root). Under
 * BGPWIRE_REQUIRE=1 a missing one throws; otherwise the caller skips.
 */
export function haveTools(...paths: string[]): boolean {
  const missing = paths.filter((p) => !existsSync(p));
  const root = process.getuid?.() === 0;
  if (missing.length === 0 && root) return true;
  if (requireAll) throw new Error(`live test needs ${missing.length > 0 ? missing.join(', ') : 'root (network namespaces)'} (BGPWIRE_REQUIRE=1)`);
  return false;
}

/** Polls `check` until it holds; throws naming `what` (and `detail()`) after `seconds`. */
export async function waitFor(what: string, seconds: number, check: () => boolean, detail?: () => string): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${seconds} s waiting for ${what}${detail === undefined ? '' : `\n${detail()}`}`);
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. By PID only. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: 'pipe' });
}

/** One node of a lab: a namespace with `eth0` on the lab's bridge. */
export interface LabNode {
  readonly ns: string;
  readonly v4: string;
  readonly v6: string;
}

/**
 * Namespaces with random names (`<prefix>-<tag>-<name>`), joined by one bridge in a switch
 * namespace: node i has eth0 = 10.0.0.i/24 and 2001:db8::i/64 (nodad). Every process started
 * with {@link Lab.spawn} is stopped by PID, every namespace deleted, by {@link Lab.cleanup}.
 */
export class Lab {
  readonly tag: string = Math.random().toString(36).slice(2, 8);
  readonly prefix: string;
  /** A temporary directory for configs, sockets and logs (removed by cleanup). */
  readonly dir: string;
  private readonly namespaces: string[] = [];
  private readonly children: ChildProcess[] = [];
  private switchNs: string | undefined;
  private ports = 0;

  constructor(prefix: string) {
    this.prefix = prefix;
    this.dir = mkdtempSync(join(tmpdir(), `bgpwire-${prefix}-`));
  }

  /** Creates a namespace with `lo` up. */
  namespace(name: string): string {
    const ns = `${this.prefix}-${this.tag}-${name}`;
    ip('netns', 'add', ns);
    this.namespaces.push(ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    return ns;
  }

  /** Adds node `i` (1..254) on the lab's bridge. */
  node(i: number): LabNode {
    if (this.switchNs === undefined) {
      this.switchNs = this.namespace('sw');
      ip('-n', this.switchNs, 'link', 'add', 'br0', 'type', 'bridge');
      ip('-n', this.switchNs, 'link', 'set', 'br0', 'up');
    }
    const ns = this.namespace(`n${i}`);
    const port = `p${++this.ports}`;
    ip('link', 'add', port, 'netns', this.switchNs, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
    ip('-n', this.switchNs, 'link', 'set', port, 'master', 'br0');
    ip('-n', this.switchNs, 'link', 'set', port, 'up');
    const v4 = `10.0.0.${i}`;
    const v6 = `2001:db8::${i}`;
    ip('-n', ns, 'addr', 'add', `${v4}/24`, 'dev', 'eth0');
    // IPv6 on veth needs nodad: duplicate address detection would hold the address for seconds.
    ip('-n', ns, 'addr', 'add', `${v6}/64`, 'dev', 'eth0', 'nodad');
    ip('-n', ns, 'link', 'set', 'eth0', 'up');
    return { ns, v4, v6 };
  }

  /** The link-local IPv6 address of a node's eth0 (fe80::...). */
  linkLocal(node: LabNode): string | undefined {
    const out = ip('-n', node.ns, '-6', 'addr', 'show', 'dev', 'eth0', 'scope', 'link');
    return /inet6 (fe80::[0-9a-f:]+)\//.exec(out)?.[1];
  }

  /** Starts a long-running process inside a namespace (`ip netns exec` execs it: the PID is the daemon's). */
  spawn(ns: string, command: string, args: readonly string[], stdio: 'pipe' | 'ignore' = 'pipe'): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, command, ...args], { stdio: ['ignore', stdio, stdio] });
    this.children.push(child);
    return child;
  }

  /** @internal Records a process started otherwise, for cleanup. */
  track(child: ChildProcess): void {
    this.children.push(child);
  }

  /** Writes a file in the lab's directory and returns its path. */
  file(name: string, text: string): string {
    const p = join(this.dir, name);
    writeFileSync(p, text);
    return p;
  }

  /** Stops every process (by PID, in reverse order), deletes every namespace and the directory. */
  async cleanup(): Promise<void> {
    for (const c of this.children.splice(0).reverse()) await stopChild(c);
    for (const ns of this.namespaces.splice(0).reverse()) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // already gone
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const BIRD = '/usr/sbin/bird';
const BIRDC = '/usr/sbin/birdc';
/** The BIRD 2 binaries the live tests need. */
export const BIRD_TOOLS: readonly string[] = [BIRD, BIRDC];

/** A BIRD daemon in a lab namespace. */
export class Bird {
  readonly ctl: string;
  readonly child: ChildProcess;
  log = '';

  private constructor(ctl: string, child: ChildProcess) {
    this.ctl = ctl;
    this.child = child;
    child.stderr?.on('data', (d: Buffer) => {
      this.log += d.toString();
      if (this.log.length > 200_000) this.log = this.log.slice(-100_000);
    });
  }

  /** Starts BIRD in `ns` with `config`; resolves once `birdc show status` answers. */
  static async start(lab: Lab, ns: string, name: string, config: string): Promise<Bird> {
    const conf = lab.file(`${name}.conf`, config);
    const ctl = join(lab.dir, `${name}.ctl`);
    const child = lab.spawn(ns, BIRD, ['-f', '-c', conf, '-s', ctl, '-P', join(lab.dir, `${name}.pid`)]);
    const bird = new Bird(ctl, child);
    await waitFor(`BIRD ${name} to start`, 15, () => bird.birdc('show', 'status').includes('Daemon is up'), () => bird.log);
    return bird;
  }

  /** Runs birdc; returns its output (also on a non-zero exit). */
  birdc(...args: string[]): string {
    try {
      return execFileSync(BIRDC, ['-s', this.ctl, ...args], { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      return String((err as { stdout?: string }).stdout ?? err);
    }
  }

  /** The state column of `show protocols` for one protocol (`Established`, `Active`, ...). */
  protocolInfo(proto: string): string {
    const line = this.birdc('show', 'protocols', proto).split('\n').find((l) => l.startsWith(`${proto} `));
    return line ?? '';
  }

  /** Parsed `show route all` (optionally for one prefix or with more arguments). */
  routes(...args: string[]): BirdRoute[] {
    return parseBirdRoutes(this.birdc('show', 'route', 'all', ...args));
  }
}

/** One route of `birdc show route all`. */
export interface BirdRoute {
  readonly prefix: string;
  /** The protocol it came from (`[bgp1 12:00:00.000]`). */
  readonly protocol: string;
  /** `BGP.origin`, `BGP.as_path`, `BGP.next_hop`, `BGP.med`, `BGP.local_pref`, `BGP.community`, ... as printed. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The whole block, for messages. */
  readonly text: string;
}

/** Parses `birdc show route all` output (BIRD 2): one block per route, `\tBGP.x: value` lines. */
export function parseBirdRoutes(text: string): BirdRoute[] {
  const out: BirdRoute[] = [];
  let prefix = '';
  let cur: { prefix: string; protocol: string; attributes: Record<string, string>; lines: string[] } | undefined;
  const flush = (): void => {
    if (cur !== undefined) out.push({ prefix: cur.prefix, protocol: cur.protocol, attributes: cur.attributes, text: cur.lines.join('\n') });
    cur = undefined;
  };
  for (const line of text.split('\n')) {
    // A route line: "<prefix>  unicast [proto time] ..." or a continuation "  unicast [proto ...]" for the same prefix.
    const m = /^(\S+)?\s+(?:unicast|blackhole|unreachable|prohibited|univ)?\s*\[(\S+)[^\]]*\]/.exec(line);
    if (m !== null && !line.startsWith('\t')) {
      flush();
      if (m[1] !== undefined && m[1].includes('/')) prefix = m[1];
      cur = { prefix, protocol: m[2] as string, attributes: {}, lines: [line] };
      continue;
    }
    if (cur === undefined) continue;
    cur.lines.push(line);
    const a = /^\s+([A-Za-z0-9_.]+):\s?(.*)$/.exec(line);
    if (a !== null) cur.attributes[a[1] as string] = (a[2] as string).trim();
  }
  flush();
  return out;
}

/**
 * TCP sockets inside a namespace for a Speaker running in the test process: a small Node child
 * started with `ip netns exec` opens them and hands them over through its IPC channel (the same
 * fd adoption docs/SPEAKER.md describes for TCP MD5). Use `listen` with `speaker.accept`, and
 * `connect` as the peer's `createConnection`.
 */
export class NetnsSockets {
  private readonly child: ChildProcess;
  private next = 0;
  private readonly pending = new Map<number, { resolve: (s: Socket) => void; reject: (e: Error) => void }>();
  private onSocket: ((s: Socket) => void) | undefined;

  private constructor(child: ChildProcess) {
    this.child = child;
    child.on('message', (m: { op: string; id?: number; error?: string }, handle?: unknown) => {
      if (m.op === 'accepted' && handle !== undefined) this.onSocket?.(handle as Socket);
      else if (m.op === 'connected' && m.id !== undefined) this.pending.get(m.id)?.resolve(handle as Socket);
      else if (m.op === 'error' && m.id !== undefined) this.pending.get(m.id)?.reject(new Error(m.error ?? 'connect failed'));
      if (m.id !== undefined && m.op !== 'listening') this.pending.delete(m.id);
      if (m.op === 'listening' && m.id !== undefined) {
        this.pending.get(m.id)?.resolve(undefined as unknown as Socket);
        this.pending.delete(m.id);
      }
    });
  }

  /** Starts the helper process inside `ns` (tracked by the lab: stopped by its cleanup). */
  static start(lab: Lab, ns: string): NetnsSockets {
    const script = `
const net = require('node:net');
process.on('message', (m) => {
  if (m.op === 'listen') {
    // pauseOnConnect: nothing is read here, every byte goes to the parent.
    const server = net.createServer({ pauseOnConnect: true }, (s) => process.send({ op: 'accepted' }, s));
    server.listen({ host: m.host, port: m.port }, () => process.send({ op: 'listening', id: m.id }));
    server.on('error', (e) => process.send({ op: 'error', id: m.id, error: String(e) }));
  } else if (m.op === 'connect') {
    const s = net.connect({ host: m.host, port: m.port, localAddress: m.localAddress });
    s.pause();
    s.once('connect', () => process.send({ op: 'connected', id: m.id }, s));
    s.once('error', (e) => process.send({ op: 'error', id: m.id, error: String(e) }));
  }
});
process.on('disconnect', () => process.exit(0));
`;
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    lab.track(child);
    return new NetnsSockets(child);
  }

  /** Listens inside the namespace; every accepted socket goes to `onSocket` (e.g. `speaker.accept`). */
  listen(host: string, port: number, onSocket: (s: Socket) => void): Promise<void> {
    this.onSocket = onSocket;
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: () => resolve(), reject });
      this.child.send({ op: 'listen', id, host, port });
    });
  }

  /** Connects from inside the namespace; resolves with the connected socket (a peer's `createConnection`). */
  connect(target: { readonly host: string; readonly port: number; readonly localAddress?: string }): Promise<Socket> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ op: 'connect', id, ...target });
    });
  }
}
