// BIRD 2, live: the bgpwire Speaker (in the test process, its sockets opened inside a namespace by
// test/helpers/lab.ts NetnsSockets) against BIRD in a network namespace the test creates. Two
// sessions: bgpwire active over IPv4 (BIRD passive), bgpwire passive over IPv6 (BIRD connects).
// Everything BIRD learned is read back with birdc, never through bgpwire. Gated like
// test/fsm/bird.test.ts: BGPWIRE_INTEROP=1 or BGPWIRE_REQUIRE=1.
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAttribute } from '../../src/attributes/helpers.ts';
import type { PathAttribute } from '../../src/attributes/types.ts';
import { Speaker } from '../../src/node/index.ts';
import type { Peer } from '../../src/node/index.ts';
import { Bird, BIRD_TOOLS, haveTools, interopWanted, Lab, type LabNode, NetnsSockets, waitFor } from '../helpers/lab.ts';

const run = interopWanted && haveTools(...BIRD_TOOLS);

let lab: Lab;
let bird: Bird;
let speaker: Speaker;
let v4: Peer;
let v6: Peer;
/** The latest socket of the IPv4 session (opened inside the namespace). */
let v4Socket: Socket | undefined;
let birdNode: LabNode;
let meNode: LabNode;
const updates: Record<'v4' | 'v6', number> = { v4: 0, v6: 0 };

const birdConf = (n: LabNode, me: LabNode): string => `
router id ${n.v4};
log stderr { warning, error, fatal };
protocol device { scan time 2; }
protocol direct { ipv4; ipv6; interface "eth0"; }
protocol static s4 { ipv4; route 203.0.113.0/24 blackhole; route 198.18.0.0/15 blackhole; }
protocol static s6 { ipv6; route 2001:db8:f00::/48 blackhole; }
filter to_bgpwire {
  if proto = "s4" then {
    bgp_med = 7;
    bgp_community.add((65001, 42));
    bgp_large_community.add((65001, 1, 2));
    accept;
  }
  if proto = "s6" then accept;
  reject;
}
template bgp t {
  local as 65001;
  hold time 6;
  keepalive time 2;
  connect retry time 1;
  error wait time 1, 2;
  enable route refresh on;
}
protocol bgp wire4 from t {
  source address ${n.v4};
  neighbor ${me.v4} as 65002;
  passive on;
  ipv4 { import all; export filter to_bgpwire; };
  ipv6 { import all; export filter to_bgpwire; next hop address ${n.v6}; };
}
protocol bgp wire6 from t {
  source address ${n.v6};
  neighbor ${me.v6} as 65002;
  ipv4 { import all; export filter to_bgpwire; next hop address ${n.v4}; extended next hop on; };
  ipv6 { import all; export filter to_bgpwire; };
}
`;

beforeAll(async () => {
  if (!run) return;
  lab = new Lab('bwbird');
  birdNode = lab.node(1);
  meNode = lab.node(2);
  bird = await Bird.start(lab, birdNode.ns, 'bird', birdConf(birdNode, meNode));
  const sockets = NetnsSockets.start(lab, meNode.ns);
  speaker = new Speaker({ localAs: 65002, bgpId: meNode.v4 });
  await sockets.listen('::', 179, (s) => speaker.accept(s));
  const common = { peerAs: 65001, holdTime: 9, connectRetryTime: 1, idleHoldTime: 0.5, maxIdleHoldTime: 2 } as const;
  v4 = speaker.addPeer({ ...common, address: birdNode.v4, localAddress: meNode.v4, nextHop6: meNode.v6, createConnection: async (t) => (v4Socket = await sockets.connect(t)) });
  v6 = speaker.addPeer({ ...common, address: birdNode.v6, passive: true, nextHop: meNode.v4, extendedNextHop: true });
  v4.on('update', () => updates.v4++);
  v6.on('update', () => updates.v6++);
}, 60_000);

afterAll(async () => {
  if (!run) return;
  await speaker?.close();
  await lab?.cleanup();
});

const attr = <T extends PathAttribute['type']>(attrs: readonly PathAttribute[], t: T) => findAttribute(attrs, t);

describe.skipIf(!run)('Speaker against BIRD 2 in network namespaces (BGPWIRE_INTEROP=1)', () => {
  it('reaches Established: bgpwire active over IPv4, passive over IPv6', async () => {
    const detail = (): string => `${bird.birdc('show', 'protocols', 'all')}\n${bird.log}\nv4 ${v4.state} ${v4.lastError?.message}\nv6 ${v6.state} ${v6.lastError?.message}`;
    await waitFor('both sessions Established', 30, () => v4.state === 'Established' && v6.state === 'Established', detail);
    expect(bird.protocolInfo('wire4')).toContain('Established');
    expect(bird.protocolInfo('wire6')).toContain('Established');
    expect(v4.connection?.initiatedLocally).toBe(true);
    expect(v6.connection?.initiatedLocally).toBe(false);
    expect(v4.session?.send.families.length).toBe(2);
  });

  it('routes bgpwire announces arrive in BIRD with every attribute as sent (birdc show route all)', async () => {
    v4.announce({
      prefixes: ['10.1.0.0/24', '2001:db8:1::/48'],
      asPath: [64999],
      origin: 'EGP',
      med: 50,
      communities: ['65002:1', 'no-export'],
      largeCommunities: ['65002:1:2'],
      extendedCommunities: ['rt:65002:7'],
    });
    v6.announce({ prefixes: ['10.6.0.0/24', '2001:db8:6::/48'], med: 60 });
    // RFC 8950: an IPv4 route with an IPv6 next hop, in MP_REACH_NLRI (BIRD: extended next hop on).
    v6.announce({ prefixes: ['10.7.0.0/24'], nextHop: [meNode.v6] });
    await waitFor('BIRD to hold the 5 routes', 20, () => bird.routes('protocol', 'wire4').length + bird.routes('protocol', 'wire6').length >= 5, () => bird.birdc('show', 'route', 'all'));
    const r4 = bird.routes('10.1.0.0/24', 'protocol', 'wire4')[0];
    expect(r4?.attributes).toMatchObject({
      'BGP.origin': 'EGP',
      'BGP.as_path': '65002 64999',
      'BGP.next_hop': meNode.v4,
      'BGP.med': '50',
      'BGP.community': '(65002,1) (65535,65281)',
      'BGP.large_community': '(65002, 1, 2)',
      'BGP.ext_community': '(rt, 65002, 7)',
    });
    const r6 = bird.routes('2001:db8:1::/48', 'protocol', 'wire4')[0];
    expect(r6?.attributes['BGP.next_hop']).toBe(meNode.v6);
    expect(r6?.attributes['BGP.as_path']).toBe('65002 64999');
    expect(r6?.attributes['BGP.med']).toBe('50');
    // Over the IPv6 session: IPv4 with the configured IPv4 next hop, IPv6 with the session's address.
    const s4 = bird.routes('10.6.0.0/24', 'protocol', 'wire6')[0];
    expect(s4?.attributes['BGP.next_hop']).toBe(meNode.v4);
    const s6 = bird.routes('2001:db8:6::/48', 'protocol', 'wire6')[0];
    expect(s6?.attributes['BGP.next_hop']?.split(' ')[0]).toBe(meNode.v6);
    expect(s6?.attributes['BGP.med']).toBe('60');
    const x4 = bird.routes('10.7.0.0/24', 'protocol', 'wire6')[0];
    expect(x4?.attributes['BGP.next_hop']?.split(' ')[0]).toBe(meNode.v6);
  });

  it("BIRD's static routes arrive in bgpwire's Adj-RIB-In with the attributes birdc shows", async () => {
    await waitFor('bgpwire to hold BIRD routes', 20, () => [...v4.adjRibIn()].length >= 3 && [...v6.adjRibIn()].length >= 3);
    const exported = bird.routes('export', 'wire4');
    expect(exported.length).toBe(3);
    for (const b of exported) {
      const mine = [...v4.adjRibIn()].find((r) => r.prefix === b.prefix);
      expect(mine, b.prefix).toBeDefined();
      const a = mine?.attributes ?? [];
      expect(attr(a, 'AS_PATH')?.segments).toEqual([{ type: 'AS_SEQUENCE', asns: [65001] }]);
      if (b.prefix.includes(':')) {
        expect(attr(a, 'MP_REACH_NLRI')?.nextHop?.[0]).toBe(birdNode.v6);
        continue;
      }
      expect(attr(a, 'NEXT_HOP')?.nextHop).toBe(birdNode.v4);
      // What birdc shows for the export (MED, communities set by the filter) is what bgpwire decoded.
      expect(String(attr(a, 'MULTI_EXIT_DISC')?.med)).toBe(b.attributes['BGP.med']);
      expect((attr(a, 'COMMUNITIES')?.communities ?? []).map((c) => `(${c.replace(':', ',')})`).join(' ')).toBe(b.attributes['BGP.community']);
      expect((attr(a, 'LARGE_COMMUNITY')?.communities ?? []).map((c) => `(${c.split(':').join(', ')})`).join(' ')).toBe(b.attributes['BGP.large_community']);
    }
  });

  it('withdrawals both ways', async () => {
    v4.withdraw(['10.1.0.0/24']);
    await waitFor('BIRD to drop 10.1.0.0/24', 10, () => bird.routes('10.1.0.0/24', 'protocol', 'wire4').length === 0);
    expect(bird.routes('2001:db8:1::/48', 'protocol', 'wire4').length).toBe(1);
    bird.birdc('disable', 's6');
    await waitFor('bgpwire to drop 2001:db8:f00::/48', 10, () => ![...v4.adjRibIn()].some((r) => r.prefix === '2001:db8:f00::/48'));
    bird.birdc('enable', 's6');
    await waitFor('bgpwire to learn it again', 10, () => [...v4.adjRibIn()].some((r) => r.prefix === '2001:db8:f00::/48'));
  });

  it('ROUTE-REFRESH both ways: birdc reload in / out, and peer.refresh()', async () => {
    // The "received" column of every channel's Import updates.
    const importsOf = (): number => [...bird.birdc('show', 'protocols', 'all', 'wire4').matchAll(/Import updates:\s+(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    const before = importsOf();
    // BIRD asks bgpwire for its routes again (it sends ROUTE-REFRESH; bgpwire answers from its Adj-RIB-Out).
    bird.birdc('reload', 'in', 'wire4');
    await waitFor('BIRD to receive the refreshed routes', 10, () => importsOf() > before, () => bird.birdc('show', 'protocols', 'all', 'wire4'));
    // BIRD sends its routes again unasked; bgpwire asks for them with ROUTE-REFRESH.
    const n = updates.v4;
    bird.birdc('reload', 'out', 'wire4');
    await waitFor('bgpwire to receive BIRD\'s routes again', 10, () => updates.v4 > n);
    const m = updates.v4;
    v4.refresh();
    await waitFor('BIRD to answer bgpwire\'s ROUTE-REFRESH', 10, () => updates.v4 >= m + 2);
    expect(v4.state).toBe('Established');
  });

  it("BIRD's hold timer fires when bgpwire goes silent", async () => {
    const socket = v4Socket;
    expect(socket?.remotePort).toBe(179);
    const down = new Promise<string>((resolve) => v4.once('down', (d) => resolve(d.reason)));
    // Everything bgpwire writes now stays in the socket: BIRD hears nothing for its hold time (6 s).
    socket?.cork();
    expect(await down).toBe('notification received: HoldTimerExpired/Unspecific');
    expect(bird.birdc('show', 'protocols', 'all', 'wire4')).toMatch(/Hold timer expired/i);
    await waitFor('the session to come back', 20, () => v4.state === 'Established' && bird.protocolInfo('wire4').includes('Established'));
  });

  it("stop('maintenance'): the shutdown text in birdc show protocols all", async () => {
    await v6.stop('maintenance');
    await waitFor('BIRD to report the shutdown communication', 10, () => bird.birdc('show', 'protocols', 'all', 'wire6').includes('maintenance'), () => bird.birdc('show', 'protocols', 'all', 'wire6'));
    expect(bird.birdc('show', 'protocols', 'all', 'wire6')).toMatch(/Administrative shutdown/i);
    expect(v6.state).toBe('Idle');
  });
});
