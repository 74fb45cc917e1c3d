import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { joinMesh } from '../../examples/calico-mesh-member.ts';
import { startCollector } from '../../examples/route-collector.ts';
import { startInjector } from '../../examples/route-injector.ts';
import { Speaker } from '../../src/node/index.ts';
import { repoRoot } from '../helpers/shared.ts';
import { FAST, until } from './helpers.ts';

// The examples import `bgpwire` and `bgpwire/node` by name (vitest.config.ts and
// tsconfig.node.json map them to the sources, as package.json "exports" maps them to dist);
// `npm run typecheck` type-checks them, and here each one runs over loopback.
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

function freePort(host: string): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen({ host, port: 0 }, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('examples/', () => {
  it('route-collector prints every UPDATE received as a JSON line', async () => {
    const lines: string[] = [];
    const { speaker, port } = await startCollector({ localAs: 65000, bgpId: '10.255.2.1', host: '127.0.2.1', port: 0, peers: [{ address: '127.0.2.2', peerAs: 65002, ...FAST }], write: (l) => lines.push(l) });
    cleanup.push(() => speaker.close());
    const router = new Speaker({ localAs: 65002, bgpId: '10.255.2.2' });
    cleanup.push(() => router.close());
    const p = router.addPeer({ address: '127.0.2.1', port, localAddress: '127.0.2.2', peerAs: 65000, nextHop: '192.0.2.2', ...FAST });
    await p.established();
    p.announce({ prefixes: ['10.60.0.0/24'], communities: ['65002:7'] });
    await until('the JSON line', 5000, () => lines.some((l) => l.includes('10.60.0.0/24')));
    const rec = JSON.parse(lines.find((l) => l.includes('10.60.0.0/24')) as string) as { peer: string; update: { nlri: { prefix: string }[]; attributes: { type: string }[] }; changes: { kind: string }[] };
    expect(rec.peer).toBe('127.0.2.2');
    expect(rec.update.nlri).toEqual([{ prefix: '10.60.0.0/24' }]);
    expect(rec.update.attributes.map((a) => a.type)).toContain('COMMUNITIES');
    expect(rec.changes).toEqual([{ kind: 'new', family: 'ipv4-unicast', prefix: '10.60.0.0/24' }]);
  });

  it('route-injector announces while the health check passes and withdraws when it fails', async () => {
    const router = new Speaker({ localAs: 65000, bgpId: '10.255.3.1' });
    cleanup.push(() => router.close());
    const { port } = await router.listen({ host: '127.0.3.1', port: 0 });
    const r = router.addPeer({ address: '127.0.3.2', peerAs: 65003, passive: true, ...FAST });
    let healthy = true;
    const changes: string[] = [];
    const inj = startInjector({
      localAs: 65003,
      bgpId: '10.255.3.2',
      peer: { address: '127.0.3.1', port, localAddress: '127.0.3.2', peerAs: 65000, nextHop: '192.0.2.3', ...FAST },
      route: { prefixes: ['203.0.113.53/32'] },
      check: async () => healthy,
      interval: 0.1,
      onChange: (s) => changes.push(s),
    });
    cleanup.push(inj.stop);
    const has = (): boolean => [...r.adjRibIn()].some((x) => x.prefix === '203.0.113.53/32');
    await until('the service route', 5000, has);
    healthy = false;
    await until('the withdrawal', 5000, () => !has());
    healthy = true;
    await until('the route again', 5000, has);
    expect(changes).toEqual(['announced', 'withdrawn', 'announced']);
  });

  it('calico-mesh-member: three members in AS 64512 end with each other\'s routes', async () => {
    const port = await freePort('127.0.4.1');
    const addrs = ['127.0.4.1', '127.0.4.2', '127.0.4.3'];
    const members = await Promise.all(
      addrs.map((a, i) => joinMesh({ address: a, nodes: addrs.filter((x) => x !== a), routes: [`192.168.${i + 1}.0/26`], nextHop: `192.0.2.${i + 1}`, port, holdTime: 9 })),
    );
    for (const m of members) cleanup.push(() => m.speaker.close());
    await until('a full mesh with every route', 10000, () => members.every((m) => [...m.speaker.rib.locRib()].length === 2));
    expect(members.map((m) => [...m.speaker.rib.locRib()].map((r) => r.prefix).sort())).toEqual([
      ['192.168.2.0/26', '192.168.3.0/26'],
      ['192.168.1.0/26', '192.168.3.0/26'],
      ['192.168.1.0/26', '192.168.2.0/26'],
    ]);
    // Calico's rule: only the lower address of each pair waits (3 sessions, each opened once).
    for (const m of members) for (const p of m.peers) expect(p.connection?.initiatedLocally).toBe(!p.options.passive);
  });

  it('the README\'s "speaker in 15 lines" is examples/speaker-in-15-lines.ts', () => {
    const file = readFileSync(join(repoRoot, 'examples', 'speaker-in-15-lines.ts'), 'utf8');
    const code = file.split('\n').filter((l) => !l.startsWith('//')).join('\n').trim();
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain(code);
    expect(code.split('\n').length).toBeLessThanOrEqual(15);
  });
});
