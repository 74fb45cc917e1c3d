// Live BMP from GoBGP 3.10 (issue 20): gobgpd with `[[bmp-servers]]` (route-monitoring-policy
// "all": pre-policy, post-policy and Loc-RIB; route mirroring asked for; statistics every 15 s, its
// minimum) in a namespace, two gobgpd peers announcing routes, exporting to `bgpwire bmp
// --listen` in the router's namespace. GoBGP sends its Loc-RIB Route Monitoring without a Peer
// Up for it: the station is told the context (`--context as4`), as a user must (never guessed).
// Runs only with BGPWIRE_INTEROP=1 or BGPWIRE_REQUIRE=1 (root and gobgpd).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCli } from '../cli/cli-build.ts';
import { hasTool, requireAll } from '../helpers/shared.ts';
import { BmpLab, hasGobgp, sh } from './bmp-lab.ts';

const wanted = process.env.BGPWIRE_INTEROP === '1' || requireAll;
const isRoot = process.getuid?.() === 0;
function ready(): boolean {
  if (!wanted) return false;
  const ok = isRoot && hasGobgp() && hasTool('ip');
  if (!ok && requireAll) throw new Error('required for the live BMP test: root, gobgpd, gobgp, ip (BGPWIRE_REQUIRE=1)');
  return ok;
}

describe.skipIf(!ready())('live BMP from GoBGP [[bmp-servers]] (network namespaces)', () => {
  const lab = new BmpLab(`bwbg${process.pid % 10000}`);
  let cleanupCli: (() => void) | undefined;
  afterAll(async () => {
    await lab.down();
    cleanupCli?.();
  });

  it('Initiation, Peer Up per peer, pre/post-policy and Loc-RIB Route Monitoring equal to GoBGP\'s table, stats, Peer Down', async () => {
    lab.up(150);
    const cli = buildCli();
    cleanupCli = cli.cleanup;
    const port = 11019;
    lab.station(cli.main, port, ['--context', 'as4']);
    await lab.until('the station to listen', 20, () => lab.stationErr.includes('listening on'), () => lab.stationErr);
    const conf = join(lab.work, 'router.toml');
    writeFileSync(
      conf,
      [
        '[global.config]',
        '  as = 65000',
        '  router-id = "10.0.0.1"',
        ...lab.peers.flatMap((p) => [
          '[[neighbors]]',
          '  [neighbors.config]',
          `    neighbor-address = "${p.address}"`,
          `    peer-as = ${p.asn}`,
          '  [neighbors.timers.config]',
          '    connect-retry = 1',
          '    hold-time = 9',
          '    keepalive-interval = 3',
        ]),
        '[[bmp-servers]]',
        '  [bmp-servers.config]',
        '    address = "127.0.0.1"',
        `    port = ${port}`,
        '    route-monitoring-policy = "all"',
        '    statistics-timeout = 15',
        '    route-mirroring-enabled = true',
        '',
      ].join('\n'),
    );
    const router = lab.start(lab.router, 'gobgpd', ['-f', conf, '--api-hosts', '127.0.0.1:50051', '--pprof-disable', '-p']);
    const detail = (): string => `gobgpd: ${router.output()}\nstation: ${lab.stationErr}\nlines: ${JSON.stringify(lab.lines.map((l) => l.bmp.type))}`;
    await lab.until('the Initiation', 20, () => lab.count('initiation') > 0, detail);
    const [a, b] = lab.peers as [(typeof lab.peers)[0], (typeof lab.peers)[0]];
    await lab.gobgpPeer(a, 65000);
    const peerB = await lab.gobgpPeer(b, 65000);

    // GoBGP's own table (gobgp global rib -j): every prefix and the neighbour it came from.
    const table = (): string[] => {
      const j = JSON.parse(sh('ip', ['netns', 'exec', lab.router, 'gobgp', '-u', '127.0.0.1', 'global', 'rib', '-a', 'ipv4', '-j'])) as Record<string, { 'neighbor-ip'?: string; nlri?: { prefix?: string } }[]>;
      return Object.entries(j).flatMap(([prefix, paths]) => paths.map((p) => `${p['neighbor-ip']} ${prefix}`)).sort();
    };
    const all = lab.peers.flatMap((p) => p.prefixes.map((x) => `${p.address} ${x}`)).sort();
    await lab.until('GoBGP to learn every route', 30, () => JSON.stringify(table()) === JSON.stringify(all), () => `${detail()}\n${JSON.stringify(table())}`);

    const seen = (type: string, view: 'pre' | 'post'): string[] => {
      const out: string[] = [];
      for (const [key, set] of lab.monitored()) {
        const [t, addr, v] = key.split('|');
        if (t === type && v === view) for (const p of set) out.push(type === '3' ? p : `${addr} ${p}`);
      }
      return out.sort();
    };
    const prefixes = all.map((x) => x.split(' ')[1] as string).sort();
    await lab.until('pre-, post-policy and Loc-RIB Route Monitoring of every route', 30, () => JSON.stringify([seen('0', 'pre'), seen('0', 'post'), seen('3', 'pre')]) === JSON.stringify([all, all, prefixes]), () => `${detail()}\n${JSON.stringify([seen('0', 'pre'), seen('0', 'post'), seen('3', 'pre')])}`);
    // GoBGP 3.10 sent no Route Mirroring in our runs despite `route-mirroring-enabled = true`
    // (its watcher for received messages never fired here): counted below, not required.
    await lab.until('statistics (every 15 s)', 30, () => lab.count('statistics-report') > 0, detail);

    const ups = lab.lines.filter((l) => l.bmp.type === 'peer-up').map((l) => `${l.bmp.peer?.peerType} ${l.bmp.peer?.address} AS${l.bmp.peer?.as}`);
    expect(ups.sort()).toEqual(['0 10.1.0.2 AS65001', '0 10.2.0.2 AS65002']); // no Peer Up for its Loc-RIB
    // Adj-RIB-In PDUs decode with the Peer Up context; Loc-RIB ones with the one given (--context).
    const sources = new Map<string, number>();
    for (const l of lab.lines) {
      for (const p of l.pdus) {
        const k = `${l.bmp.type}/${l.bmp.peer?.peerType}/${(p as { contextSource?: string }).contextSource ?? (p.missing === undefined ? 'none' : 'missing')}`;
        sources.set(k, (sources.get(k) ?? 0) + 1);
      }
    }
    expect([...sources.keys()].filter((k) => k.endsWith('missing'))).toEqual([]);
    expect(sources.get('route-monitoring/0/peer-up')).toBeGreaterThan(0);
    expect(sources.get('route-monitoring/3/option')).toBeGreaterThan(0);
    expect(lab.lines.filter((l) => l.bmp.type === 'route-mirroring').flatMap((l) => l.pdus).every((p) => p.message !== undefined)).toBe(true);

    await BmpLab.stop(peerB);
    await lab.until('the Peer Down of 10.2.0.2', 30, () => lab.lines.some((l) => l.bmp.type === 'peer-down' && l.bmp.peer?.address === '10.2.0.2'), detail);
    const down = lab.lines.filter((l) => l.bmp.type === 'peer-down' && l.bmp.peer?.address === '10.2.0.2').at(-1);
    console.log(
      `gobgp bmp: ${lab.lines.length} messages ${JSON.stringify(Object.fromEntries(['initiation', 'peer-up', 'route-monitoring', 'statistics-report', 'route-mirroring', 'peer-down'].map((t) => [t, lab.count(t)])))}; ` +
        `contexts ${JSON.stringify(Object.fromEntries(sources))}; routes ${all.length} pre+post+loc-rib; peer down reason ${down?.bmp.reason}`,
    );
  }, 120_000);
});
