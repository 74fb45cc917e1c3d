// Interop against a real router: BIRD 2 in a network namespace this test makes, and the bgpwire
// FSM driving a real TCP connection from a second namespace (test/fsm/interop/bird-client.ts,
// compiled with tsc and run under `ip netns exec`). Traffic stays on one veth pair between the
// two namespaces. Runs only with BGPWIRE_INTEROP=1 or BGPWIRE_REQUIRE=1 (root and bird2 needed;
// under BGPWIRE_REQUIRE=1 a missing bird is a failure).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, requireAll } from '../helpers/shared.ts';

const wanted = process.env.BGPWIRE_INTEROP === '1' || requireAll;
const BIRD = '/usr/sbin/bird';
const BIRDC = '/usr/sbin/birdc';
const hasBird = existsSync(BIRD) && existsSync(BIRDC);

const tag = Math.random().toString(36).slice(2, 8);
const NS_BIRD = `bwfsm-${tag}-a`;
const NS_PEER = `bwfsm-${tag}-b`;
const namespaces: string[] = [];
const children: ChildProcess[] = [];
let work = '';

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}

function birdc(...args: string[]): string {
  try {
    return execFileSync(BIRDC, ['-s', join(work, 'bird.ctl'), ...args], { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err);
  }
}

async function waitFor(what: string, seconds: number, check: () => boolean): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

afterAll(async () => {
  for (const c of children.reverse()) await stop(c);
  for (const ns of namespaces.reverse()) {
    try {
      ip('netns', 'del', ns);
    } catch {
      // already gone
    }
  }
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!wanted)('FSM against BIRD 2 (BGPWIRE_INTEROP=1)', () => {
  it('reaches Established, exchanges UPDATEs and ends with a Cease BIRD reports', async () => {
    if (!hasBird) {
      if (requireAll) throw new Error('bird2 is not installed (BGPWIRE_REQUIRE=1)');
      return;
    }
    work = mkdtempSync(join(tmpdir(), 'bgpwire-bird-'));

    // Compile the client (and the library files it imports) to plain JS for a child `node`.
    const outDir = join(work, 'js');
    execFileSync(
      join(repoRoot, 'node_modules', '.bin', 'tsc'),
      ['--outDir', outDir, '--rootDir', repoRoot, '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
        '--rewriteRelativeImportExtensions', '--allowImportingTsExtensions', '--skipLibCheck', '--noCheck', '--types', 'node',
        join(repoRoot, 'test', 'fsm', 'interop', 'bird-client.ts')],
      { stdio: 'pipe' },
    );
    writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');

    // Two namespaces joined by one veth pair: BIRD at 10.0.0.1, the bgpwire speaker at 10.0.0.2.
    for (const ns of [NS_BIRD, NS_PEER]) {
      ip('netns', 'add', ns);
      namespaces.push(ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    ip('link', 'add', 'eth0', 'netns', NS_BIRD, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', NS_PEER);
    ip('-n', NS_BIRD, 'addr', 'add', '10.0.0.1/24', 'dev', 'eth0');
    ip('-n', NS_PEER, 'addr', 'add', '10.0.0.2/24', 'dev', 'eth0');
    ip('-n', NS_BIRD, 'link', 'set', 'eth0', 'up');
    ip('-n', NS_PEER, 'link', 'set', 'eth0', 'up');

    writeFileSync(
      join(work, 'bird.conf'),
      `router id 10.0.0.1;
log stderr all;
protocol device { }
protocol static s4 { ipv4; route 203.0.113.0/24 blackhole; }
protocol bgp peer1 {
  local 10.0.0.1 as 65001;
  neighbor 10.0.0.2 as 65002;
  passive on;
  hold time 30;
  ipv4 { import all; export where proto = "s4"; };
}
`,
    );
    const bird = spawn('ip', ['netns', 'exec', NS_BIRD, BIRD, '-f', '-c', join(work, 'bird.conf'), '-s', join(work, 'bird.ctl'), '-P', join(work, 'bird.pid')], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(bird);
    let birdLog = '';
    bird.stderr?.on('data', (d: Buffer) => {
      birdLog += d.toString();
    });
    await waitFor('BIRD to start', 15, () => birdc('show', 'status').includes('Daemon is up'));

    const client = spawn('ip', ['netns', 'exec', NS_PEER, process.execPath, join(outDir, 'test', 'fsm', 'interop', 'bird-client.js'), '10.0.0.1', '10.0.0.2'], { stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(client);
    const lines: Record<string, unknown>[] = [];
    let clientErr = '';
    client.stderr?.on('data', (d: Buffer) => {
      clientErr += d.toString();
    });
    if (client.stdout !== null) createInterface({ input: client.stdout }).on('line', (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
    const states = (): unknown[] => lines.filter((l) => l.to !== undefined && l.to !== l.from).map((l) => l.to);
    const diag = (): string => `client: ${JSON.stringify(lines)}\n${clientErr}\nbird: ${birdLog}`;

    try {
      await waitFor('Established and BIRD\'s UPDATE', 30, () =>
        states().includes('Established') && lines.some((l) => JSON.stringify(l.update ?? {}).includes('203.0.113.0/24')));
      // BIRD learned our route from the UPDATE we sent.
      await waitFor('BIRD to import 198.51.100.0/24', 15, () => birdc('show', 'route', '198.51.100.0/24', 'all').includes('65002'));
      expect(birdc('show', 'protocols', 'peer1')).toContain('Established');

      // Stop: the reducer sends a Cease (Administrative Shutdown) and drops the connection.
      client.stdin?.write('stop\n');
      await waitFor('the client to reach Idle', 15, () => states().at(-1) === 'Idle');
      const stopLine = lines.find((l) => l.event === 'ManualStop');
      expect(stopLine?.actions).toEqual(expect.arrayContaining(['send NOTIFICATION 6/2', 'disconnect', '→ Idle']));
      await waitFor('BIRD to report the Cease', 15, () => /Administrative shutdown/i.test(birdc('show', 'protocols', 'all', 'peer1')));
      if (process.env.BGPWIRE_VERBOSE === '1') console.log(`${diag()}\n${birdc('show', 'protocols', 'all', 'peer1')}`);
      client.stdin?.write('exit\n');
    } catch (err) {
      throw new Error(`${String(err)}\n${diag()}\n${birdc('show', 'protocols', 'all', 'peer1')}`);
    }
    expect(states().slice(0, 5)).toEqual(['Connect', 'OpenSent', 'OpenConfirm', 'Established', 'Idle']);
  }, 120_000);
});
