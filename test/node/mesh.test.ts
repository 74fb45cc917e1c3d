// A Calico-style iBGP full mesh (AS 64512), live: three BIRD daemons with Calico's node-to-node
// mesh template (../shared/lab/b_bird_ibgp_mesh.sh: passive towards higher addresses, ADD-PATH,
// graceful restart, gateway recursive, an export filter for the pod CIDRs) and a bgpwire Speaker
// as the fourth member. Every member must end with every other member's routes. Gated like the
// other live tests (BGPWIRE_INTEROP=1 or BGPWIRE_REQUIRE=1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAttribute } from '../../src/attributes/helpers.ts';
import { Speaker } from '../../src/node/index.ts';
import type { Peer } from '../../src/node/index.ts';
import { Bird, BIRD_TOOLS, haveTools, interopWanted, Lab, type LabNode, NetnsSockets, waitFor } from '../helpers/lab.ts';

const run = interopWanted && haveTools(...BIRD_TOOLS);
const MEMBERS = [1, 2, 3, 4];
const ME = 4;

let lab: Lab;
const birds = new Map<number, Bird>();
const nodes = new Map<number, LabNode>();
let speaker: Speaker;
const peers: Peer[] = [];

/** What member n originates: its IPAM block and workload routes (IPv4 and IPv6). */
function originated(n: number): string[] {
  return [`192.168.${n}.0/26`, `192.168.${n}.${n}0/32`, `192.168.${n}.${n}1/32`, `fd00:10:244:${n}::/122`, `fd00:10:244:${n}::5/128`];
}

function meshConf(n: number): string {
  const peersConf = MEMBERS.filter((j) => j !== n)
    .map((j) => `protocol bgp Mesh_10_0_0_${j} from bgp_template {
    neighbor 10.0.0.${j} as 64512;
    source address 10.0.0.${n};${j > n ? '\n    passive on; # Mesh is unidirectional, peer will connect to us.' : ''}
}`)
    .join('\n');
  return `log stderr { warning, error, fatal };
router id 10.0.0.${n};
protocol device { scan time 2; }
protocol direct { ipv4; ipv6; interface "eth0"; }
protocol static static_pods {
    ipv4;
    route 192.168.${n}.0/26 blackhole;
    route 192.168.${n}.${n}0/32 via "eth0";
    route 192.168.${n}.${n}1/32 via "eth0";
}
protocol static static_pods6 {
    ipv6;
    route fd00:10:244:${n}::/122 blackhole;
    route fd00:10:244:${n}::5/128 via "eth0";
}
filter calico_export_to_bgp_peers {
    if ( net ~ 192.168.0.0/16 ) then accept;
    if ( net ~ fd00:10:244::/48 ) then accept;
    reject;
}
template bgp bgp_template {
    description "Connection to BGP peer";
    local as 64512;
    multihop;
    graceful restart;
    hold time 9;
    keepalive time 3;
    connect delay time 1;
    connect retry time 2;
    error wait time 1,2;
    ipv4 {
        gateway recursive;
        import all;
        export filter calico_export_to_bgp_peers;
        add paths on;
    };
    ipv6 {
        gateway recursive;
        import all;
        export filter calico_export_to_bgp_peers;
        add paths on;
        next hop address 2001:db8::${n};
    };
}
${peersConf}
`;
}

beforeAll(async () => {
  if (!run) return;
  lab = new Lab('bwmesh');
  for (const n of MEMBERS) nodes.set(n, lab.node(n));
  await Promise.all(MEMBERS.filter((n) => n !== ME).map(async (n) => birds.set(n, await Bird.start(lab, (nodes.get(n) as LabNode).ns, `bird${n}`, meshConf(n)))));
  const sockets = NetnsSockets.start(lab, (nodes.get(ME) as LabNode).ns);
  speaker = new Speaker({ localAs: 64512, bgpId: `10.0.0.${ME}` });
  await sockets.listen('::', 179, (s) => speaker.accept(s));
  for (const n of MEMBERS.filter((j) => j !== ME)) {
    // The highest address connects to every lower one (Calico: passive towards higher addresses).
    peers.push(
      speaker.addPeer({
        address: `10.0.0.${n}`,
        localAddress: `10.0.0.${ME}`,
        peerAs: 64512,
        holdTime: 9,
        connectRetryTime: 2,
        idleHoldTime: 0.5,
        addPath: { 'ipv4-unicast': 'both', 'ipv6-unicast': 'both' },
        gracefulRestart: { restartTime: 120 },
        nextHop6: `2001:db8::${ME}`,
        createConnection: (t) => sockets.connect(t),
      }),
    );
  }
  speaker.announce({ prefixes: originated(ME) });
}, 60_000);

afterAll(async () => {
  if (!run) return;
  await speaker?.close();
  await lab?.cleanup();
});

describe.skipIf(!run)('a Calico-style iBGP mesh: three BIRDs and a bgpwire Speaker in AS 64512', () => {
  it('every member ends with every other member\'s routes', async () => {
    const detail = (): string => [...birds].map(([n, b]) => `bird${n}:\n${b.birdc('show', 'protocols')}\n${b.log}`).join('\n') + peers.map((p) => `${p.address} ${p.state} ${p.lastError?.message}`).join('\n');
    await waitFor('the whole mesh Established', 40, () => peers.every((p) => p.state === 'Established') && [...birds].every(([n, b]) => MEMBERS.filter((j) => j !== n).every((j) => b.protocolInfo(`Mesh_10_0_0_${j}`).includes('Established'))), detail);
    // ADD-PATH both ways and graceful restart were negotiated with every BIRD.
    for (const p of peers) {
      expect(p.session?.internal).toBe(true);
      expect(p.session?.receive.addPath.length).toBe(2);
      expect(p.session?.gracefulRestart).toBeDefined();
    }
    const want = (n: number): string[] => MEMBERS.filter((j) => j !== n).flatMap(originated);
    let checked = 0;
    for (const [n, b] of birds) {
      await waitFor(`bird${n} to hold every other member's routes`, 30, () => want(n).every((p) => b.routes(p).length > 0), () => b.birdc('show', 'route'));
      checked += want(n).length;
      // bgpwire's locally originated routes, as an iBGP member sends them.
      const mine = b.routes('192.168.4.0/26')[0];
      expect(mine?.attributes['BGP.local_pref']).toBe('100');
      expect(mine?.attributes['BGP.as_path']).toBe('');
      expect(mine?.attributes['BGP.next_hop']).toBe(`10.0.0.${ME}`);
      expect(b.routes('fd00:10:244:4::/122')[0]?.attributes['BGP.next_hop']?.split(' ')[0]).toBe(`2001:db8::${ME}`);
    }
    await waitFor('bgpwire to hold every BIRD\'s routes', 30, () => want(ME).every((p) => [...speaker.rib.locRib()].some((r) => r.prefix === p)));
    checked += want(ME).length;
    for (const p of peers) {
      const n = Number(p.address.split('.')[3]);
      const learned = [...p.adjRibIn()].map((r) => r.prefix).sort();
      // Each BIRD sends only its own routes: iBGP routes are not passed on to iBGP peers (RFC 4271 9.2).
      expect(learned).toEqual(originated(n).sort());
      const block = [...p.adjRibIn()].find((r) => r.prefix === `192.168.${n}.0/26`);
      expect(findAttribute(block?.attributes ?? [], 'LOCAL_PREF')?.localPref).toBe(100);
      expect(findAttribute(block?.attributes ?? [], 'NEXT_HOP')?.nextHop).toBe(`10.0.0.${n}`);
      // ADD-PATH: BIRD's path ids arrived.
      expect(block?.pathId).toBeGreaterThan(0);
    }
    // 3 BIRDs × 15 routes of the 3 others, plus bgpwire's 15.
    expect(checked).toBe(60);
  });
});
