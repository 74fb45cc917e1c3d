// A Calico-style mesh member: one iBGP speaker in AS 64512 in a full mesh with the other nodes,
// announcing this node's IPAM block and workload routes and learning everyone else's. As in
// Calico's BIRD template, a node connects only to nodes with a lower address and waits for the
// higher ones to connect (passive), with ADD-PATH and graceful restart.
import { Speaker } from 'bgpwire/node';
import type { Peer } from 'bgpwire/node';

export interface MeshMemberOptions {
  /** This node's address (also its BGP Identifier when IPv4). */
  readonly address: string;
  /** The other nodes' addresses. */
  readonly nodes: readonly string[];
  /** This node's pod CIDR blocks and workload routes. */
  readonly routes: readonly string[];
  /** NEXT_HOP for IPv4 routes. Default this node's address. */
  readonly nextHop?: string;
  /** IPv6 next hop for IPv6 routes when the sessions are IPv4. */
  readonly nextHop6?: string;
  readonly port?: number;
  readonly holdTime?: number;
}

function ipv4Value(a: string): number {
  return a.split('.').reduce((n, x) => n * 256 + Number(x), 0);
}

/** Joins the mesh; returns the speaker (close it to leave) and its peers. */
export async function joinMesh(o: MeshMemberOptions): Promise<{ speaker: Speaker; peers: Peer[] }> {
  const speaker = new Speaker({ localAs: 64512, bgpId: o.address });
  await speaker.listen({ host: o.address, port: o.port ?? 179 });
  const peers = o.nodes.map((address) =>
    speaker.addPeer({
      address,
      localAddress: o.address,
      peerAs: 64512,
      // "Mesh is unidirectional, peer will connect to us."
      passive: ipv4Value(address) > ipv4Value(o.address),
      port: o.port ?? 179,
      holdTime: o.holdTime ?? 90,
      addPath: { 'ipv4-unicast': 'both', 'ipv6-unicast': 'both' },
      gracefulRestart: { restartTime: 120 },
      ...(o.nextHop === undefined ? {} : { nextHop: o.nextHop }),
      ...(o.nextHop6 === undefined ? {} : { nextHop6: o.nextHop6 }),
    }),
  );
  speaker.announce({ prefixes: o.routes });
  return { speaker, peers };
}
