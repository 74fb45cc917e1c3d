// Issue 21 live proof against GoBGP 3.10 in a network namespace this test makes (loopback only
// inside it): GoBGP originates labeled unicast (one and two labels), VPN-IPv4 and VPN-IPv6 with
// RDs of types 0, 1 and 2 (`gobgp global rib -a <family> add ...`) and RT-Constraint (from
// `gobgp vrf add ... rt import ...`, on a session of its own: once rtc is negotiated GoBGP
// filters every family by route target). A minimal peer built from bgpwire's codec
// (mpls-peer.ts; issue 16's Speaker is not on main yet) receives them: bgpwire's values must
// equal `gobgp -j global rib -a <family>`; and the routes bgpwire encodes and sends must show in
// GoBGP's RIB identically. Runs only with BGPWIRE_INTEROP=1 or BGPWIRE_REQUIRE=1 (root and
// gobgpd needed; under BGPWIRE_REQUIRE=1 a missing gobgpd is a failure).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import type { OpenMessage } from '../../src/messages/types.ts';
import type { UpdateMessage } from '../../src/attributes/types.ts';
import { nlriText } from '../../src/nlri/text.ts';
import { repoRoot, requireAll } from '../helpers/shared.ts';

const wanted = process.env.BGPWIRE_INTEROP === '1' || requireAll;
const GOBGPD = '/usr/bin/gobgpd';
const GOBGP = '/usr/bin/gobgp';
const hasGobgp = existsSync(GOBGPD) && existsSync(GOBGP);

const tag = Math.random().toString(36).slice(2, 8);
const NS = `bw21-${tag}`;
let nsMade = false;
const children: ChildProcess[] = [];
let work = '';

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}

function gobgp(...args: string[]): string {
  return execFileSync('ip', ['netns', 'exec', NS, GOBGP, '-u', '127.0.0.1', '-p', '50071', ...args], { encoding: 'utf8', stdio: 'pipe' });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function waitFor<T>(what: string, seconds: number, check: () => T | undefined): Promise<T> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    try {
      const v = check();
      if (v !== undefined) return v;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

afterAll(async () => {
  for (const c of children.reverse()) await stop(c);
  if (nsMade) {
    try {
      ip('netns', 'del', NS);
    } catch {
      // already gone
    }
  }
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

const FAMILIES_A = ['ipv4-labelled-unicast', 'ipv6-labelled-unicast', 'l3vpn-ipv4-unicast', 'l3vpn-ipv6-unicast'];
const FAMILIES_B = ['rtc', 'l3vpn-ipv4-unicast'];

function config(): string {
  const neighbor = (addr: string, asn: number, families: string[]): string =>
    `[[neighbors]]
  [neighbors.config]
    neighbor-address = "${addr}"
    peer-as = ${asn}
  [neighbors.transport.config]
    local-address = "127.0.0.1"
    passive-mode = true
  [neighbors.timers.config]
    hold-time = 9
    keepalive-interval = 3
    connect-retry = 1
${families.map((f) => `  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n      afi-safi-name = "${f}"\n`).join('')}`;
  return `[global.config]
  as = 65001
  router-id = "10.0.0.1"
  port = 179
  local-address-list = ["127.0.0.1"]
${neighbor('127.0.0.2', 65002, FAMILIES_A)}
${neighbor('127.0.0.3', 65003, FAMILIES_B)}`;
}

function open(asn: number, families: [number, number][]): OpenMessage {
  return {
    type: 'OPEN',
    version: 4,
    myAs: asn,
    holdTime: 9,
    bgpId: `10.0.0.${asn - 65000}`,
    capabilities: [...families.map(([afi, safi]) => ({ type: 'multiprotocol' as const, afi, safi })), { type: 'as4', asn }],
  };
}

/** One route as both sides are compared: family, RD (bgpwire text), prefix, labels, next hop. */
type Row = string;

/** GoBGP's RD ({type, admin, assigned}) in bgpwire's text (RFC 4364 section 4.2; type 2 with a small AS takes `L`). */
function rdOf(rd: { type: number; admin: number | string; assigned: number } | undefined): string {
  if (rd === undefined) return '-';
  return rd.type === 2 && Number(rd.admin) <= 0xffff ? `${rd.admin}L:${rd.assigned}` : `${rd.admin}:${rd.assigned}`;
}

function gobgpRows(family: string, fromPeer?: string): Row[] {
  const rib = JSON.parse(gobgp('-j', 'global', 'rib', '-a', family)) as Record<string, { nlri: { prefix?: string; labels?: number[]; rd?: { type: number; admin: number | string; assigned: number } }; 'source-id'?: string; attrs: { type: number; nexthop?: string }[]; 'neighbor-ip'?: string }[]>;
  const out: Row[] = [];
  for (const paths of Object.values(rib)) {
    for (const p of paths) {
      // Paths GoBGP originated carry no neighbor-ip; learnt ones name their peer.
      if (p['neighbor-ip'] !== fromPeer) continue;
      const nh = p.attrs.find((a) => a.type === 14)?.nexthop ?? '-';
      out.push(`${family} ${rdOf(p.nlri.rd)} ${p.nlri.prefix} [${(p.nlri.labels ?? []).join(' ')}] ${nh}`);
    }
  }
  return out.sort();
}

const GOBGP_FAMILY: Record<string, string> = { '1/4': 'ipv4-mpls', '2/4': 'ipv6-mpls', '1/128': 'vpnv4', '2/128': 'vpnv6' };

function ourRows(updates: UpdateMessage[]): Row[] {
  const out: Row[] = [];
  for (const u of updates) {
    for (const a of u.attributes) {
      if (a.type !== 'MP_REACH_NLRI') continue;
      for (const n of (a.nlri ?? []) as { rd?: string; prefix: string; labels: number[] }[]) {
        out.push(`${GOBGP_FAMILY[`${a.afi}/${a.safi}`]} ${n.rd ?? '-'} ${n.prefix} [${n.labels.join(' ')}] ${a.nextHop?.[0] ?? '?'}`);
      }
    }
  }
  return out.sort();
}

/** Runs the bgpwire peer; resolves with the UPDATEs it received once `done` says so. */
async function runPeer(name: string, cfg: unknown, done: (updates: UpdateMessage[]) => boolean): Promise<{ updates: UpdateMessage[]; lines: unknown[] }> {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(cfg));
  const child = spawn('ip', ['netns', 'exec', NS, process.execPath, join(work, 'mpls-peer.mjs'), file], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const updates: UpdateMessage[] = [];
  const lines: unknown[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const v = JSON.parse(line) as { update?: UpdateMessage; error?: string };
    lines.push(v);
    if (v.update !== undefined) updates.push(v.update);
  });
  await waitFor(`${name}: the routes GoBGP sends`, 20, () => (done(updates) ? true : undefined)).catch((e: unknown) => {
    throw new Error(`${String(e)} ${stderr} ${JSON.stringify(lines).slice(0, 3000)}`);
  });
  return { updates, lines };
}

describe.skipIf(!wanted)('labeled unicast, VPN and RT-Constraint against GoBGP 3.10 (BGPWIRE_INTEROP=1)', () => {
  it('GoBGP\'s routes decode to the values of its RIB; bgpwire\'s routes show in GoBGP\'s RIB identically', { timeout: 60_000 }, async () => {
    if (!hasGobgp) {
      if (requireAll) throw new Error('gobgpd is not installed (BGPWIRE_REQUIRE=1)');
      return;
    }
    work = mkdtempSync(join(tmpdir(), 'bgpwire-mpls-'));
    execFileSync(join(repoRoot, 'node_modules', '.bin', 'rolldown'), [join(repoRoot, 'test', 'interop', 'mpls-peer.ts'), '--file', join(work, 'mpls-peer.mjs'), '--format', 'esm', '--platform', 'node'], { stdio: 'pipe' });
    ip('netns', 'add', NS);
    nsMade = true;
    ip('-n', NS, 'link', 'set', 'lo', 'up');
    writeFileSync(join(work, 'gobgpd.toml'), config());
    const daemon = spawn('ip', ['netns', 'exec', NS, GOBGPD, '-f', join(work, 'gobgpd.toml'), '--api-hosts', '127.0.0.1:50071', '-l', 'warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(daemon);
    await waitFor('gobgpd API', 15, () => (gobgp('neighbor').includes('127.0.0.2') ? true : undefined));

    // GoBGP originates: labeled unicast with one and two labels, VPN with RD types 0, 1 and 2
    // (GoBGP's CLI writes a type-2 RD's AS in asdot: 64086.59904 is 4200000000).
    const adds: string[][] = [
      ['-a', 'ipv4-mpls', 'add', '10.1.0.0/24', '100', 'nexthop', '192.0.2.1'],
      ['-a', 'ipv4-mpls', 'add', '10.1.1.0/24', '100/200', 'nexthop', '192.0.2.1'],
      ['-a', 'ipv6-mpls', 'add', '2001:db8:2::/48', '400/401', 'nexthop', '2001:db8::1'],
      ['-a', 'vpnv4', 'add', '10.2.0.0/24', 'label', '200', 'rd', '65000:100', 'rt', '65000:100', 'nexthop', '192.0.2.1'],
      ['-a', 'vpnv4', 'add', '10.2.1.0/24', 'label', '201', 'rd', '192.0.2.1:5', 'rt', '65000:100', 'nexthop', '192.0.2.1'],
      ['-a', 'vpnv4', 'add', '10.2.2.0/24', 'label', '202', 'rd', '64086.59904:7', 'rt', '65000:200', 'nexthop', '192.0.2.1'],
      ['-a', 'vpnv6', 'add', '2001:db8:1::/48', 'label', '300', 'rd', '65000:100', 'nexthop', '2001:db8::1'],
      ['-a', 'vpnv6', 'add', '2001:db8:3::/48', 'label', '301', 'rd', '192.0.2.1:5', 'nexthop', '2001:db8::1'],
      ['-a', 'vpnv6', 'add', '2001:db8:4::/48', 'label', '302', 'rd', '64086.59904:8', 'nexthop', '2001:db8::1'],
    ];
    for (const a of adds) gobgp('global', 'rib', ...a);
    const theirs = ['ipv4-mpls', 'ipv6-mpls', 'vpnv4', 'vpnv6'].flatMap((f) => gobgpRows(f));
    expect(theirs).toHaveLength(9);

    // bgpwire sends the same shapes back, encoded under the negotiated context (two labels:
    // GoBGP 3.10 sends no Multiple Labels capability and binds stacks RFC 3107 style, so both
    // directions say so explicitly; RFC 8277 section 2.2 would allow one label only).
    const rfc3107 = { multipleLabels: [{ afi: 1, safi: 4, count: 255 }, { afi: 2, safi: 4, count: 255 }] };
    const attrs = (asn: number): unknown[] => [{ type: 'ORIGIN', origin: 'IGP' }, { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [asn] }] }];
    const mp = (afi: number, safi: number, nextHop: string, nlri: unknown[], asn = 65002): unknown => ({ type: 'UPDATE', withdrawn: [], nlri: [], attributes: [{ type: 'MP_REACH_NLRI', afi, safi, nextHop: [nextHop], nlri }, ...attrs(asn)] });
    const send = [
      mp(1, 4, '127.0.0.2', [{ prefix: '10.9.0.0/24', labels: [1000] }]),
      mp(1, 4, '127.0.0.2', [{ prefix: '10.9.1.0/24', labels: [1001, 1002] }]),
      mp(2, 4, '2001:db8::2', [{ prefix: '2001:db8:9::/48', labels: [1003, 1004] }]),
      mp(1, 128, '127.0.0.2', [{ rd: '65002:1', prefix: '10.8.0.0/24', labels: [2000] }, { rd: '192.0.2.2:1', prefix: '10.8.1.0/24', labels: [2001] }, { rd: '4200000002:1', prefix: '10.8.2.0/24', labels: [2002] }]),
      mp(2, 128, '2001:db8::2', [{ rd: '65002:1', prefix: '2001:db8:8::/48', labels: [3000] }, { rd: '192.0.2.2:1', prefix: '2001:db8:8:1::/64', labels: [3001] }, { rd: '4200000002:2', prefix: '2001:db8:8:2::/64', labels: [3002] }]),
    ];
    const peerA = await runPeer('a', { local: '127.0.0.2', remote: '127.0.0.1', open: open(65002, [[1, 4], [2, 4], [1, 128], [2, 128]]), send, receive: rfc3107, transmit: rfc3107 }, (u) => ourRows(u).length >= 9);
    // bgpwire's values equal GoBGP's RIB, route for route.
    expect(ourRows(peerA.updates)).toEqual(theirs);
    expect(peerA.lines.filter((l) => (l as { error?: string }).error !== undefined)).toEqual([]);

    // And what bgpwire sent shows in GoBGP's RIB identically.
    const ours = ourRows(send as UpdateMessage[]);
    const got = await waitFor(`GoBGP to install the routes bgpwire sent (${JSON.stringify(peerA.lines.slice(-3))})`, 15, () => {
      const rows = ['ipv4-mpls', 'ipv6-mpls', 'vpnv4', 'vpnv6'].flatMap((f) => gobgpRows(f, '127.0.0.2'));
      return rows.length >= ours.length ? rows : undefined;
    }).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${gobgp('-j', 'global', 'rib', '-a', 'vpnv4')}\n${gobgp('neighbor')}`);
    });
    expect(got).toEqual(ours);
    console.log(`GoBGP -> bgpwire: ${theirs.length} routes equal; bgpwire -> GoBGP: ${got.length} routes equal`);

    // RT-Constraint on a session of its own: a VRF importing 65000:100 makes GoBGP originate its
    // route target membership (RFC 4684); once rtc is up it sends VPN routes only for the
    // route targets the peer asked for.
    gobgp('vrf', 'add', 'red', 'rd', '65001:10', 'rt', 'import', '65000:100', 'export', '65001:10');
    // Our membership for 65000:200, then End-of-RIB for rtc (RFC 4684 section 6: the VPN routes
    // follow once the peer's route target membership is complete).
    const rtcSend = [mp(1, 132, '127.0.0.3', [{ length: 96, originAs: 65003, routeTarget: '65000:200' }], 65003), { type: 'UPDATE', withdrawn: [], nlri: [], attributes: [{ type: 'MP_UNREACH_NLRI', afi: 1, safi: 132, withdrawn: [] }] }];
    const peerB = await runPeer('b', { local: '127.0.0.3', remote: '127.0.0.1', open: open(65003, [[1, 132], [1, 128]]), send: rtcSend }, (u) =>
      u.some((x) => x.attributes.some((a) => a.type === 'MP_REACH_NLRI' && a.safi === 132)) && u.some((x) => x.attributes.some((a) => a.type === 'MP_REACH_NLRI' && a.safi === 128)) ? true : false,
    );
    const rtcOurs = peerB.updates.flatMap((u) => u.attributes.flatMap((a) => (a.type === 'MP_REACH_NLRI' && a.safi === 132 ? (a.nlri ?? []) : [])));
    const rtcRib = JSON.parse(gobgp('-j', 'global', 'rib', '-a', 'rtc')) as Record<string, { nlri: unknown; 'neighbor-ip'?: string }[]>;
    console.log('gobgp rtc rib', JSON.stringify(rtcRib));
    expect(rtcOurs).toEqual([{ length: 96, originAs: 65001, routeTarget: '65000:100' }]);
    // Filtered by our membership: only the VPN route with route target 65000:200.
    const vpnB = ourRows(peerB.updates.filter((u) => u.attributes.some((a) => a.type === 'MP_REACH_NLRI' && a.safi === 128)));
    expect(vpnB).toEqual(gobgpRows('vpnv4').filter((r) => r.includes('10.2.2.0/24')));
    // GoBGP names RTC routes as our codec's text does: origin AS, then the route target.
    const rtcPaths = Object.values(rtcRib).flat();
    expect(rtcOurs.map((n) => nlriText(1, 132, n))).toEqual(rtcPaths.filter((p) => p['neighbor-ip'] === undefined).map((p) => (p.nlri as { prefix: string }).prefix));
    expect(rtcPaths.filter((p) => p['neighbor-ip'] === '127.0.0.3').map((p) => (p.nlri as { prefix: string }).prefix)).toEqual(['65003:65000:200']);
  });
});
