// Live BMP from FRR 8.4 (issue 20): bgpd with its BMP module (`-M bmp`, `bmp targets`: pre- and
// post-policy Route Monitoring, statistics, `bmp mirror`) in a namespace, two gobgpd peers
// announcing routes, exporting to `bgpwire bmp --listen` in the router's namespace. Checked:
// Initiation, a Peer Up per peer, Route Monitoring for every route of FRR's own table (vtysh),
// statistics, Route Mirroring, and a Peer Down when a peer is stopped. Runs only with
// BGPWIRE_INTEROP=1 or BGPWIRE_REQUIRE=1 (root, frr and gobgpd; under REQUIRE a missing one fails).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCli } from '../cli/cli-build.ts';
import { hasTool, requireAll } from '../helpers/shared.ts';
import { BmpLab, hasGobgp, sh } from './bmp-lab.ts';

const wanted = process.env.BGPWIRE_INTEROP === '1' || requireAll;
const BGPD = '/usr/lib/frr/bgpd';
const isRoot = process.getuid?.() === 0;
function ready(): boolean {
  if (!wanted) return false;
  const ok = isRoot && existsSync(BGPD) && hasGobgp() && hasTool('vtysh') && hasTool('ip');
  if (!ok && requireAll) throw new Error('required for the live BMP test: root, /usr/lib/frr/bgpd, vtysh, gobgpd, ip (BGPWIRE_REQUIRE=1)');
  return ok;
}

describe.skipIf(!ready())('live BMP from FRR bgpd -M bmp (network namespaces)', () => {
  const lab = new BmpLab(`bwbf${process.pid % 10000}`);
  let cleanupCli: (() => void) | undefined;
  afterAll(async () => {
    await lab.down();
    cleanupCli?.();
  });

  it('Initiation, Peer Up per peer, Route Monitoring for every route in FRR\'s table, stats, mirroring, Peer Down', async () => {
    lab.up(150);
    const cli = buildCli();
    cleanupCli = cli.cleanup;
    const port = 11019;
    lab.station(cli.main, port);
    await lab.until('the station to listen', 20, () => lab.stationErr.includes('listening on'), () => lab.stationErr);
    const dir = lab.work;
    const [a, b] = lab.peers as [(typeof lab.peers)[0], (typeof lab.peers)[0]];
    const conf = [
      'hostname bgpwire-bmp',
        'router bgp 65000',
      ' bgp router-id 10.0.0.1',
      ' no bgp ebgp-requires-policy',
      ...lab.peers.flatMap((p) => [` neighbor ${p.address} remote-as ${p.asn}`, ` neighbor ${p.address} timers connect 1`, ` neighbor ${p.address} timers 3 9`]),
      // FRR 8.4 reads pre-policy routes from the Adj-RIB-In kept by soft reconfiguration; without it
      // its pre-policy Route Monitoring withdraws every route it announces post-policy.
      ' address-family ipv4 unicast',
      ...lab.peers.map((p) => `  neighbor ${p.address} soft-reconfiguration inbound`),
      ' exit-address-family',
      ' bmp targets bgpwire',
      `  bmp connect 127.0.0.1 port ${port} min-retry 100 max-retry 1000`,
      '  bmp monitor ipv4 unicast pre-policy',
      '  bmp monitor ipv4 unicast post-policy',
      '  bmp stats interval 1000',
      '  bmp mirror',
      ' exit',
      'exit',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'bgpd.conf'), conf);
    const bgpd = lab.start(lab.router, BGPD, ['-f', join(dir, 'bgpd.conf'), '-i', join(dir, 'bgpd.pid'), '--vty_socket', dir, '-Z', '-n', '-M', 'bmp', '--log', 'stdout']);
    const vtysh = (cmd: string): string => sh('ip', ['netns', 'exec', lab.router, 'vtysh', '--vty_socket', dir, '-d', 'bgpd', '-c', cmd]);
    const detail = (): string => `bgpd: ${bgpd.output()}\nstation: ${lab.stationErr}\nlines: ${lab.lines.length} ${JSON.stringify(lab.lines.map((l) => l.bmp.type))}`;
    await lab.until('the Initiation', 20, () => lab.count('initiation') > 0, detail);
    const peerA = await lab.gobgpPeer(a, 65000);
    const peerB = await lab.gobgpPeer(b, 65000);
    void peerA;

    // FRR's own table: every prefix and the peer it came from.
    const table = (): Set<string> => {
      const out = new Set<string>();
      const j = JSON.parse(vtysh('show bgp ipv4 unicast json')) as { routes?: Record<string, { peerId?: string }[]> };
      for (const [prefix, paths] of Object.entries(j.routes ?? {})) for (const p of paths) if (p.peerId !== undefined) out.add(`${p.peerId} ${prefix}`);
      return out;
    };
    const all = lab.peers.flatMap((p) => p.prefixes.map((x) => `${p.address} ${x}`)).sort();
    await lab.until('FRR to learn every route', 30, () => table().size === all.length, () => `${detail()}\n${vtysh('show bgp summary')}`);
    expect([...table()].sort()).toEqual(all);

    const seen = (view: 'pre' | 'post'): string[] => {
      const out: string[] = [];
      for (const [key, set] of lab.monitored()) {
        const [type, addr, v] = key.split('|');
        if (type === '0' && v === view) for (const p of set) out.push(`${addr} ${p}`);
      }
      return out.sort();
    };
    await lab.until('Route Monitoring of every route, pre- and post-policy', 30, () => JSON.stringify(seen('pre')) === JSON.stringify(all) && JSON.stringify(seen('post')) === JSON.stringify(all), () => `${detail()}\npre ${seen('pre')}\npost ${seen('post')}`);
    await lab.until('statistics and mirroring', 20, () => lab.count('statistics-report') > 0 && lab.count('route-mirroring') > 0, detail);

    const init = lab.lines.find((l) => l.bmp.type === 'initiation');
    expect(init?.bmp.information?.some((t) => t.type === 2 && t.text === 'bgpwire-bmp')).toBe(true); // sysName (RFC 9736 3.1)
    const ups = lab.lines.filter((l) => l.bmp.type === 'peer-up').map((l) => `${l.bmp.peer?.address} AS${l.bmp.peer?.as}`);
    expect(ups.sort()).toEqual(['10.1.0.2 AS65001', '10.2.0.2 AS65002']);
    for (const l of lab.lines) for (const p of l.pdus) expect(p.missing, JSON.stringify(l.bmp)).toBeUndefined();
    // Mirrored PDUs (RFC 7854 section 6) decode too.
    const mirrored = lab.lines.filter((l) => l.bmp.type === 'route-mirroring').flatMap((l) => l.pdus.map((p) => p.message?.type));
    expect(mirrored.length).toBeGreaterThan(0);
    expect(mirrored.every((t) => t !== undefined)).toBe(true);

    // A peer stopped: its Peer Down (RFC 7854 section 4.9).
    await BmpLab.stop(peerB);
    await lab.until('the Peer Down of 10.2.0.2', 30, () => lab.lines.some((l) => l.bmp.type === 'peer-down' && l.bmp.peer?.address === '10.2.0.2'), detail);
    const down = lab.lines.filter((l) => l.bmp.type === 'peer-down' && l.bmp.peer?.address === '10.2.0.2').at(-1);
    console.log(
      `frr bmp: ${lab.lines.length} messages ${JSON.stringify(Object.fromEntries(['initiation', 'peer-up', 'route-monitoring', 'statistics-report', 'route-mirroring', 'peer-down'].map((t) => [t, lab.count(t)])))}; ` +
        `routes ${all.length} pre+post; peer down reason ${down?.bmp.reason}`,
    );
  }, 120_000);
});
