// A lab for the live BMP tests (issue 20): three network namespaces made here — the monitored
// router (with bgpwire's station on its 127.0.0.1) and two BGP peers (gobgpd), on two veth
// pairs — every process started by PID, a detached watchdog that stops them and deletes the
// namespaces if the test dies, and the station's JSON lines collected.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function sh(cmd: string, args: readonly string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Whether `gobgpd`/`gobgp` are installed. */
export const hasGobgp = (): boolean => existsSync('/usr/bin/gobgpd') && existsSync('/usr/bin/gobgp');

/** One BGP peer of the monitored router: its namespace, addresses and AS. */
export interface LabPeer {
  readonly ns: string;
  readonly address: string;
  readonly routerAddress: string;
  readonly asn: number;
  readonly prefixes: readonly string[];
}

/** A JSON line of `bgpwire bmp` (see src/cli/format-bmp.ts). */
export interface StationLine {
  readonly bmp: { readonly type: string; readonly peer?: { readonly address: string; readonly flags: number; readonly peerType: number; readonly as: number }; readonly reason?: number; readonly stats?: unknown[]; readonly information?: { type: number; text?: string }[] };
  readonly pdus: { readonly role: string; readonly message?: { readonly type: string; readonly nlri?: { prefix: string }[]; readonly withdrawn?: { prefix: string }[]; readonly attributes?: { type: string; nlri?: { prefix: string }[]; withdrawn?: { prefix: string }[] }[] }; readonly missing?: string }[];
}

export class BmpLab {
  readonly router: string;
  readonly peers: readonly LabPeer[];
  readonly work: string;
  private readonly made: string[] = [];
  private readonly started: ChildProcess[] = [];
  private watchdog: ChildProcess | undefined;
  /** The station's JSON lines so far. */
  readonly lines: StationLine[] = [];
  stationErr = '';

  constructor(tag: string) {
    this.router = `${tag}r`;
    this.peers = [
      { ns: `${tag}a`, address: '10.1.0.2', routerAddress: '10.1.0.1', asn: 65001, prefixes: ['198.51.100.0/25', '198.51.100.128/25', '203.0.113.0/26'] },
      { ns: `${tag}b`, address: '10.2.0.2', routerAddress: '10.2.0.1', asn: 65002, prefixes: ['203.0.113.64/26', '203.0.113.128/26'] },
    ];
    this.work = mkdtempSync(join(tmpdir(), `bgpwire-${tag}-`));
    // bgpd drops to the frr user: it must reach the scratch directory.
    chmodSync(this.work, 0o777);
  }

  /** Namespaces, veth pairs and addresses; then the watchdog (`maxSeconds`). */
  up(maxSeconds: number): void {
    for (const ns of [this.router, ...this.peers.map((p) => p.ns)]) {
      sh('ip', ['netns', 'add', ns]);
      this.made.push(ns);
      sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    this.peers.forEach((p, i) => {
      sh('ip', ['link', 'add', `bw${i}`, 'netns', this.router, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', p.ns]);
      sh('ip', ['-n', this.router, 'addr', 'add', `${p.routerAddress}/24`, 'dev', `bw${i}`]);
      sh('ip', ['-n', p.ns, 'addr', 'add', `${p.address}/24`, 'dev', 'eth0']);
      sh('ip', ['-n', this.router, 'link', 'set', `bw${i}`, 'up']);
      sh('ip', ['-n', p.ns, 'link', 'set', 'eth0', 'up']);
    });
    writeFileSync(join(this.work, 'pids'), '');
    const script = [
      `end=$(( $(date +%s) + ${Math.ceil(maxSeconds)} ))`,
      `while kill -0 ${process.pid} 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; do sleep 1; done`,
      `for p in $(cat '${join(this.work, 'pids')}'); do kill -TERM "$p" 2>/dev/null; done`,
      'sleep 2',
      `for p in $(cat '${join(this.work, 'pids')}'); do kill -KILL "$p" 2>/dev/null; done`,
      ...this.made.map((ns) => `ip netns del '${ns}' 2>/dev/null`),
      `rm -rf '${this.work}'`,
    ].join('\n');
    this.watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
    this.watchdog.unref();
  }

  /** Runs `cmd` in namespace `ns` (`ip netns exec` execs it: the PID is the command's). */
  start(ns: string, cmd: string, args: readonly string[]): { child: ChildProcess; output: () => string } {
    const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.started.push(child);
    if (child.pid !== undefined) writeFileSync(join(this.work, 'pids'), `${child.pid}\n`, { flag: 'a' });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    return { child, output: () => out.slice(-4000) };
  }

  /** Starts `bgpwire bmp --listen 127.0.0.1:PORT` in the router's namespace and collects its JSON lines. */
  station(cli: string, port: number, extra: readonly string[] = []): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', this.router, process.execPath, cli, 'bmp', '--listen', `127.0.0.1:${port}`, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.started.push(child);
    if (child.pid !== undefined) writeFileSync(join(this.work, 'pids'), `${child.pid}\n`, { flag: 'a' });
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        this.lines.push(JSON.parse(buf.slice(0, nl)) as StationLine);
        buf = buf.slice(nl + 1);
        nl = buf.indexOf('\n');
      }
    });
    child.stderr?.on('data', (d) => (this.stationErr += d));
    return child;
  }

  /** A gobgpd peer announcing its prefixes to the router (started, then its routes added). */
  async gobgpPeer(p: LabPeer, routerAs: number): Promise<ChildProcess> {
    const conf = join(this.work, `${p.ns}.toml`);
    writeFileSync(
      conf,
      [
        '[global.config]',
        `  as = ${p.asn}`,
        `  router-id = "${p.address}"`,
        '[[neighbors]]',
        '  [neighbors.config]',
        `    neighbor-address = "${p.routerAddress}"`,
        `    peer-as = ${routerAs}`,
        '  [neighbors.timers.config]',
        '    connect-retry = 1',
        '    hold-time = 9',
        '    keepalive-interval = 3',
        '',
      ].join('\n'),
    );
    const d = this.start(p.ns, 'gobgpd', ['-f', conf, '--api-hosts', '127.0.0.1:50051', '--pprof-disable', '-p']);
    for (let i = 0; ; i++) {
      try {
        sh('ip', ['netns', 'exec', p.ns, 'gobgp', '-u', '127.0.0.1', 'global']);
        break;
      } catch (e) {
        if (i > 50) throw new Error(`gobgpd in ${p.ns} does not answer: ${d.output()} ${String(e)}`);
        await sleep(100);
      }
    }
    for (const prefix of p.prefixes) sh('ip', ['netns', 'exec', p.ns, 'gobgp', '-u', '127.0.0.1', 'global', 'rib', 'add', '-a', 'ipv4', prefix]);
    return d.child;
  }

  /** Waits until `check` holds (polling every 200 ms). */
  async until(what: string, seconds: number, check: () => boolean, detail: () => string = () => ''): Promise<void> {
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      if (check()) return;
      await sleep(200);
    }
    throw new Error(`timed out after ${seconds} s waiting for ${what}\n${detail()}`);
  }

  /** Stops one process (SIGTERM, then SIGKILL after `graceMs`). */
  static async stop(p: ChildProcess | undefined, graceMs = 2000): Promise<void> {
    if (p === undefined || p.pid === undefined || p.exitCode !== null || p.signalCode !== null) return;
    const done = new Promise((r) => p.once('exit', r));
    process.kill(p.pid, 'SIGTERM');
    await Promise.race([done, sleep(graceMs)]);
    if (p.exitCode === null && p.signalCode === null) process.kill(p.pid, 'SIGKILL');
  }

  /** Stops the watchdog and every process started, deletes the namespaces and the directory. */
  async down(): Promise<void> {
    if (this.watchdog?.pid !== undefined && this.watchdog.exitCode === null) {
      try {
        process.kill(-this.watchdog.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const p of [...this.started].reverse()) await BmpLab.stop(p, 1000);
    for (const ns of this.made.reverse()) {
      try {
        sh('ip', ['netns', 'del', ns]);
      } catch {
        // already gone
      }
    }
    if (process.env.BGPWIRE_KEEP !== '1') rmSync(this.work, { recursive: true, force: true });
  }

  /** Route Monitoring seen per `peer address|L flag` -> prefixes announced (last state, withdrawals applied). */
  monitored(filter: (l: StationLine) => boolean = () => true): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const l of this.lines) {
      if (l.bmp.type !== 'route-monitoring' || !filter(l)) continue;
      const key = `${l.bmp.peer?.peerType}|${l.bmp.peer?.address}|${(l.bmp.peer?.flags ?? 0) & 0x40 ? 'post' : 'pre'}`;
      const set = out.get(key) ?? new Set<string>();
      out.set(key, set);
      const m = l.pdus[0]?.message;
      for (const n of m?.nlri ?? []) set.add(n.prefix);
      for (const n of m?.withdrawn ?? []) set.delete(n.prefix);
      // FRR sends pre-policy IPv4 unicast in MP_REACH_NLRI / MP_UNREACH_NLRI.
      for (const a of m?.attributes ?? []) {
        if (a.type === 'MP_REACH_NLRI') for (const n of a.nlri ?? []) set.add(n.prefix);
        if (a.type === 'MP_UNREACH_NLRI') for (const n of a.withdrawn ?? []) set.delete(n.prefix);
      }
    }
    return out;
  }

  count(type: string): number {
    return this.lines.filter((l) => l.bmp.type === type).length;
  }
}
