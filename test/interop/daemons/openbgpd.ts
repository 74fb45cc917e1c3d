// OpenBGPD 7 (portable) for the interop harness: `bgpd -d` by PID with a private tmpfs over its
// chroot directory /run/openbgpd (inside the namespace's own mount namespace, so the host's /run
// is never touched) and its control socket in the scratch directory; read back with
// `bgpctl -j show neighbor` and `bgpctl -j show rib detail`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAEMON, type NetLab, NetLab as Lab, type Started, shQuiet, waitFor } from './lab.ts';
import type { Daemon, DaemonRoute, DaemonSpec, Family, NeighborView } from './types.ts';

export const OPENBGPD = '/usr/sbin/bgpd';
export const BGPCTL = '/usr/sbin/bgpctl';

/** bgpd.conf for a spec. */
export function openbgpdConfig(spec: DaemonSpec, socket: string): string {
  const routes = spec.routes ?? [];
  const lines = [
    `AS ${spec.asn}`,
    `router-id ${spec.routerId}`,
    `socket "${socket}"`,
    // The Linux port cannot program the kernel's FIB: keep it out of the way.
    'fib-update no',
    // The default is 120 s (global only in OpenBGPD).
    'connect-retry 1',
    ...routes.map((r) => {
      const set = [
        ...(r.med === undefined ? [] : [`med ${r.med}`]),
        ...(r.communities ?? []).map((c) => `community ${c}`),
        ...(r.largeCommunities ?? []).map((c) => `large-community ${c}`),
      ];
      return `network ${r.prefix}${set.length === 0 ? '' : ` set { ${set.join(' ')} }`}`;
    }),
  ];
  for (const n of spec.neighbors) {
    const families = n.families ?? ['ipv4', 'ipv6'];
    lines.push(
      `neighbor ${n.address} {`,
      `  remote-as ${n.asn}`,
      `  local-address ${DAEMON.v4}`,
      `  local-address ${DAEMON.v6}`,
      `  holdtime ${n.holdTime ?? 9}`,
      '  holdtime min 3',
      ...(n.passive === true ? ['  passive'] : []),
      `  announce IPv4 ${families.includes('ipv4') ? 'unicast' : 'none'}`,
      `  announce IPv6 ${families.includes('ipv6') ? 'unicast' : 'none'}`,
      '  announce enhanced refresh yes',
      ...(n.addPath === 'receive' || n.addPath === 'both' ? ['  announce add-path recv yes'] : []),
      ...(n.addPath === 'send' || n.addPath === 'both' ? ['  announce add-path send all'] : []),
      ...(n.role === undefined ? [] : [`  announce policy ${n.role}${n.strictRole === true ? ' enforce' : ''}`]),
      `  announce restart ${n.gracefulRestart === undefined ? 'no' : 'yes'}`,
      '}',
    );
  }
  // Filters: accept everything; send only our own networks unless learned routes are wanted.
  lines.push('allow from any', 'deny to any');
  if (routes.length > 0) lines.push(`allow to any prefix { ${routes.map((r) => r.prefix).join(', ')} }`);
  for (const n of spec.neighbors) if (n.exportLearned === true) lines.push(`allow to ${n.address}`);
  // Over an IPv4 session the Linux port offers ::1 as its own IPv6 next hop: set one.
  lines.push(`match to any inet6 set nexthop ${DAEMON.v6}`);
  return `${lines.join('\n')}\n`;
}

interface ObgpdRib {
  readonly prefix?: string;
  readonly neighbor?: { readonly remote_addr?: string; readonly description?: string };
  readonly aspath?: string;
  readonly exit_nexthop?: string;
  readonly true_nexthop?: string;
  readonly origin?: string;
  readonly metric?: number;
  readonly localpref?: number;
  readonly communities?: readonly string[];
  readonly large_communities?: readonly string[];
  readonly extended_communities?: readonly string[];
  readonly stale?: boolean;
  readonly otc?: number;
  readonly attributes?: readonly { readonly type?: string; readonly as?: number }[];
}

/** Converts one entry of `bgpctl -j show rib detail` into a route. */
export function openbgpdRoute(e: ObgpdRib): DaemonRoute {
  const origin = e.origin === 'IGP' || e.origin === 'EGP' ? e.origin : e.origin === 'incomplete' ? 'INCOMPLETE' : undefined;
  const from = e.neighbor?.remote_addr ?? '';
  const otc = e.attributes?.find((a) => a.type === 'OTC')?.as ?? e.otc;
  return {
    prefix: e.prefix ?? '',
    from: e.neighbor?.description === 'LOCAL' ? '' : from,
    nextHop: e.exit_nexthop ?? '',
    asPath: (e.aspath ?? '').split(/\s+/).filter((x) => /^\d+$/.test(x)).map(Number),
    ...(origin === undefined ? {} : { origin }),
    ...(e.metric === undefined ? {} : { med: e.metric }),
    ...(e.localpref === undefined ? {} : { localPref: e.localpref }),
    communities: [...(e.communities ?? [])].map((c) => ({ NO_EXPORT: '65535:65281', NO_ADVERTISE: '65535:65282', NO_EXPORT_SUBCONFED: '65535:65283', NO_PEER: '65535:65284' })[c] ?? c),
    largeCommunities: [...(e.large_communities ?? [])],
    extendedCommunities: [...(e.extended_communities ?? [])].map((c) => c.replace(/^(rt|soo) /, (_, t: string) => `${t === 'soo' ? 'ro' : 'rt'}:`)),
    stale: e.stale === true,
    ...(otc === undefined ? {} : { otc }),
  };
}

const CAPS: readonly [RegExp, string][] = [
  [/IPv4 unicast/, 'multiprotocol-ipv4'],
  [/IPv6 unicast/, 'multiprotocol-ipv6'],
  [/^\s*Route Refresh/m, 'route-refresh'],
  [/Enhanced Route Refresh/, 'enhanced-route-refresh'],
  [/4-byte AS num/, 'as4'],
  [/Add-path/i, 'add-path'],
  [/Extended message/i, 'extended-message'],
  [/Graceful Restart/, 'graceful-restart'],
  [/(BGP|Open) Policy|Role/i, 'role'],
];

/** Converts `bgpctl show neighbor <a>` (text) into a neighbor view. */
export function openbgpdNeighbor(text: string): NeighborView {
  const state = /BGP state = (\w+)/.exec(text)?.[1] ?? 'unknown';
  const hold = /holdtime (\d+)s/.exec(text)?.[1];
  const caps = /Neighbor capabilities:\n([\s\S]*?)\n\s*(Negotiated|\n)/.exec(text)?.[1] ?? '';
  return {
    established: state === 'Established',
    state,
    ...(hold === undefined ? {} : { holdTime: Number(hold) }),
    received: CAPS.filter(([re]) => re.test(caps)).map(([, name]) => name),
    text,
  };
}

/** OpenBGPD's bgpd in namespace `ns` of `lab`. */
export class OpenbgpdDaemon implements Daemon {
  readonly name = 'OpenBGPD';
  readonly version: string = /OpenBGPD (\S+)/.exec(shQuiet('sh', ['-c', `${OPENBGPD} -V 2>&1`]))?.[1] ?? 'unknown';
  private proc: Started | undefined;
  private readonly socket: string;
  private readonly conf: string;

  private readonly lab: NetLab;
  private readonly ns: string;

  constructor(
    lab: NetLab,
    spec: DaemonSpec,
    ns: string = lab.daemonNs,
  ) {
    this.lab = lab;
    this.ns = ns;
    this.socket = join(lab.work, 'bgpd.sock');
    this.conf = join(lab.work, 'openbgpd.conf');
    writeFileSync(this.conf, openbgpdConfig(spec, this.socket));
  }

  bgpctl(...args: string[]): string {
    return shQuiet(BGPCTL, ['-s', this.socket, ...args]);
  }

  async start(): Promise<void> {
    this.proc = this.lab.start(this.ns, OPENBGPD, ['-d', '-v', '-f', this.conf], { mountTmpfs: '/run/openbgpd' });
    await waitFor('OpenBGPD to answer bgpctl', 15, () => {
      if (this.proc?.exited() === true) throw new Error(`bgpd exited:\n${this.log()}`);
      return this.bgpctl('show', 'summary').includes('Neighbor');
    }, () => this.log());
  }

  async stop(): Promise<void> {
    await Lab.stop(this.proc);
  }

  neighbor(address: string): NeighborView {
    return openbgpdNeighbor(this.bgpctl('show', 'neighbor', address));
  }

  routes(family: Family): DaemonRoute[] {
    const text = this.bgpctl('-j', 'show', 'rib', 'detail', family === 'ipv4' ? 'inet' : 'inet6');
    try {
      const j = JSON.parse(text) as { rib?: ObgpdRib[] };
      return (j.rib ?? []).map(openbgpdRoute);
    } catch {
      return [];
    }
  }

  requestRefresh(address: string): void {
    this.bgpctl('neighbor', address, 'refresh');
  }

  updatesReceived(address: string): number {
    // "  Updates                  4          6": sent, then received (message statistics).
    return Number(/^\s*Updates\s+\d+\s+(\d+)/m.exec(this.bgpctl('show', 'neighbor', address))?.[1] ?? 0);
  }

  withdrawOriginated(prefix: string): void {
    this.bgpctl('network', 'delete', prefix);
  }

  log(): string {
    return this.proc?.output() ?? '';
  }
}
