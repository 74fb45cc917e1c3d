// GoBGP 3 for the interop harness: `gobgpd` by PID with its gRPC API on a Unix socket in the
// scratch directory (never the default :50051), originated routes added with `gobgp global rib
// add`, read back with `gobgp -j neighbor <a>` and `gobgp -j global rib`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAEMON, type NetLab, NetLab as Lab, type Started, sh, shQuiet, waitFor } from './lab.ts';
import type { Daemon, DaemonRoute, DaemonSpec, Family, NeighborView } from './types.ts';

export const GOBGPD = '/usr/bin/gobgpd';
export const GOBGP = '/usr/bin/gobgp';

/** gobgpd.toml for a spec. */
export function gobgpConfig(spec: DaemonSpec): string {
  const exportAll = spec.neighbors.some((n) => n.exportLearned === true);
  const lines = [
    '[global.config]',
    `  as = ${spec.asn}`,
    `  router-id = "${spec.routerId}"`,
    `  local-address-list = ["${DAEMON.v4}", "${DAEMON.v6}"]`,
    '[global.apply-policy.config]',
    '  default-import-policy = "accept-route"',
    '  default-export-policy = "accept-route"',
    ...(exportAll ? [] : ['  export-policy-list = ["only-local"]']),
  ];
  for (const n of spec.neighbors) {
    const h = n.holdTime ?? 9;
    lines.push(
      '[[neighbors]]',
      '  [neighbors.config]',
      `    neighbor-address = "${n.address}"`,
      `    peer-as = ${n.asn}`,
      '  [neighbors.timers.config]',
      '    connect-retry = 1',
      `    hold-time = ${h}`,
      `    keepalive-interval = ${Math.max(1, Math.floor(h / 3))}`,
      '  [neighbors.transport.config]',
      `    local-address = "${n.address.includes(':') ? DAEMON.v6 : DAEMON.v4}"`,
      ...(n.passive === true ? ['    passive-mode = true'] : []),
      ...(n.gracefulRestart === undefined ? [] : ['  [neighbors.graceful-restart.config]', '    enabled = true', `    restart-time = ${n.gracefulRestart}`]),
    );
    for (const f of n.families ?? ['ipv4', 'ipv6']) {
      lines.push('  [[neighbors.afi-safis]]', '    [neighbors.afi-safis.config]', `      afi-safi-name = "${f}-unicast"`);
      if (n.addPath !== undefined) {
        lines.push(
          '    [neighbors.afi-safis.add-paths.config]',
          `      receive = ${n.addPath === 'receive' || n.addPath === 'both'}`,
          `      send-max = ${n.addPath === 'send' || n.addPath === 'both' ? 8 : 0}`,
        );
      }
      if (n.gracefulRestart !== undefined) lines.push('    [neighbors.afi-safis.mp-graceful-restart.config]', '      enabled = true');
    }
  }
  // Learned routes go out only when asked for: the local ones are route-type "local".
  lines.push(
    '[[policy-definitions]]',
    '  name = "only-local"',
    '  [[policy-definitions.statements]]',
    '    name = "local"',
    '    [policy-definitions.statements.conditions.bgp-conditions]',
    '      route-type = "local"',
    '    [policy-definitions.statements.actions]',
    '      route-disposition = "accept-route"',
    '  [[policy-definitions.statements]]',
    '    name = "learned"',
    '    [policy-definitions.statements.actions]',
    '      route-disposition = "reject-route"',
  );
  return `${lines.join('\n')}\n`;
}

interface GobgpAttr {
  readonly type: number;
  readonly value?: unknown;
  readonly as_paths?: { readonly segment_type?: number; readonly asns?: number[] }[];
  readonly nexthop?: string;
  readonly metric?: number;
  readonly communities?: number[];
  readonly value_list?: unknown;
  readonly mp_reach_nlri?: unknown;
  readonly nexthops?: string[];
  readonly afi?: number;
  readonly nlri?: unknown;
}

interface GobgpPath {
  readonly nlri?: { readonly prefix?: string };
  readonly attrs?: GobgpAttr[];
  readonly stale?: boolean;
  readonly 'source-id'?: string;
  readonly 'neighbor-ip'?: string;
  readonly id?: number;
}

const ORIGINS = ['IGP', 'EGP', 'INCOMPLETE'] as const;

/** Converts one path of `gobgp -j global rib` into a route. */
export function gobgpRoute(p: GobgpPath): DaemonRoute {
  const attr = (t: number): GobgpAttr | undefined => p.attrs?.find((a) => a.type === t);
  const origin = ORIGINS[Number(attr(1)?.value)];
  const asPath = (attr(2)?.as_paths ?? []).flatMap((s) => s.asns ?? []);
  const mp = attr(14);
  const nextHop = attr(3)?.nexthop ?? mp?.nexthop ?? mp?.nexthops?.[0] ?? '';
  const med = attr(4)?.metric;
  const lp = attr(5)?.value;
  const comms = (attr(8)?.communities ?? []).map((c) => `${Math.floor(c / 65536)}:${c % 65536}`);
  const large = ((attr(32)?.value ?? []) as { ASN?: number; LocalData1?: number; LocalData2?: number }[]).map(
    (l) => `${l.ASN}:${l.LocalData1}:${l.LocalData2}`,
  );
  const ext = ((attr(16)?.value ?? []) as { type?: number; subtype?: number; asn?: number; local_admin?: number; value?: string }[]).map((e) =>
    `${e.subtype === 2 ? 'rt' : e.subtype === 3 ? 'ro' : `x${e.subtype}`}:${e.value ?? `${e.asn}:${e.local_admin}`}`,
  );
  const otc = attr(35)?.value;
  const from = p['neighbor-ip'] ?? '';
  return {
    prefix: p.nlri?.prefix ?? '',
    from: from === '<nil>' || from === '0.0.0.0' || from === '::' ? '' : from,
    nextHop,
    asPath,
    ...(origin === undefined ? {} : { origin }),
    ...(med === undefined ? {} : { med }),
    ...(typeof lp === 'number' ? { localPref: lp } : {}),
    communities: comms,
    largeCommunities: large,
    extendedCommunities: ext,
    stale: p.stale === true,
    ...(typeof otc === 'number' ? { otc } : {}),
  };
}

const CAP_TYPES: Readonly<Record<string, string>> = {
  RouteRefreshCapability: 'route-refresh',
  GracefulRestartCapability: 'graceful-restart',
  FourOctetASNCapability: 'as4',
  AddPathCapability: 'add-path',
  EnhancedRouteRefreshCapability: 'enhanced-route-refresh',
};

interface GobgpNeighbor {
  readonly state?: { readonly session_state?: number | string; readonly remote_cap?: { readonly type_url?: string; readonly value?: string }[] };
  readonly timers?: { readonly state?: { readonly negotiated_hold_time?: number } };
}

/** Converts `gobgp -j neighbor <a>` into a neighbor view. */
export function gobgpNeighbor(text: string): NeighborView {
  let n: GobgpNeighbor = {};
  try {
    n = JSON.parse(text) as GobgpNeighbor;
  } catch {
    // not there
  }
  const s = n.state?.session_state;
  const state = s === 6 || s === 'established' || s === 'ESTABLISHED' ? 'Established' : String(s ?? 'unknown');
  const names: string[] = [];
  // Capabilities come as protobuf Any values: the type names them, the value is protobuf bytes.
  for (const c of n.state?.remote_cap ?? []) {
    const type = (c.type_url ?? '').replace(/^.*\./, '');
    const bytes = Buffer.from(c.value ?? '', 'base64');
    if (type === 'MultiProtocolCapability') {
      // family { afi = 1 (field 1), safi = 2 }: 0a 04 08 <afi> 10 <safi>
      if (bytes[3] === 1 && bytes[5] === 1) names.push('multiprotocol-ipv4');
      if (bytes[3] === 2 && bytes[5] === 1) names.push('multiprotocol-ipv6');
    } else if (type === 'UnknownCapability') {
      // code (field 1): 08 <code>; GoBGP keeps capabilities it does not know as raw ones.
      names.push(`unknown-${bytes[1]}`);
    } else if (CAP_TYPES[type] !== undefined) names.push(CAP_TYPES[type] as string);
  }
  const hold = n.timers?.state?.negotiated_hold_time;
  return { established: state === 'Established', state, ...(hold === undefined ? {} : { holdTime: hold }), received: [...new Set(names)], text };
}

/** gobgpd in namespace `ns` of `lab`. */
export class GobgpDaemon implements Daemon {
  readonly name = 'GoBGP';
  readonly version: string = /version\s+(\S+)/.exec(shQuiet(GOBGPD, ['--version']))?.[1] ?? 'unknown';
  private proc: Started | undefined;
  private readonly api: string;
  private readonly conf: string;

  private readonly lab: NetLab;
  private readonly spec: DaemonSpec;
  private readonly ns: string;

  constructor(
    lab: NetLab,
    spec: DaemonSpec,
    ns: string = lab.daemonNs,
  ) {
    this.lab = lab;
    this.spec = spec;
    this.ns = ns;
    this.api = `unix://${join(lab.work, 'gobgp.sock')}`;
    this.conf = join(lab.work, 'gobgpd.toml');
    writeFileSync(this.conf, gobgpConfig(spec));
  }

  gobgp(...args: string[]): string {
    return shQuiet(GOBGP, ['--target', this.api, ...args]);
  }

  async start(): Promise<void> {
    this.proc = this.lab.start(this.ns, GOBGPD, ['-f', this.conf, '-t', 'toml', '--api-hosts', this.api, '--pprof-disable', '-p', '-l', 'info']);
    await waitFor('gobgpd to answer', 15, () => {
      if (this.proc?.exited() === true) throw new Error(`gobgpd exited:\n${this.log()}`);
      return this.gobgp('global').includes('AS:');
    }, () => this.log());
    for (const r of this.spec.routes ?? []) {
      const args = ['global', 'rib', '-a', r.prefix.includes(':') ? 'ipv6' : 'ipv4', 'add', r.prefix, 'nexthop', r.nextHop, 'origin', 'igp'];
      if (r.med !== undefined) args.push('med', String(r.med));
      if ((r.communities ?? []).length > 0) args.push('community', (r.communities ?? []).join(','));
      if ((r.largeCommunities ?? []).length > 0) args.push('large-community', (r.largeCommunities ?? []).join(','));
      sh(GOBGP, ['--target', this.api, ...args]);
    }
  }

  async stop(): Promise<void> {
    await Lab.stop(this.proc);
  }

  neighbor(address: string): NeighborView {
    return gobgpNeighbor(this.gobgp('-j', 'neighbor', address));
  }

  routes(family: Family): DaemonRoute[] {
    try {
      const j = JSON.parse(this.gobgp('-j', 'global', 'rib', '-a', family)) as Record<string, GobgpPath[]>;
      return Object.values(j).flatMap((paths) => paths.map(gobgpRoute));
    } catch {
      return [];
    }
  }

  requestRefresh(address: string): void {
    this.gobgp('neighbor', address, 'softresetin');
  }

  updatesReceived(address: string): number {
    try {
      const n = JSON.parse(this.gobgp('-j', 'neighbor', address)) as { state?: { messages?: { received?: { update?: number } } } };
      return n.state?.messages?.received?.update ?? 0;
    } catch {
      return 0;
    }
  }

  withdrawOriginated(prefix: string): void {
    this.gobgp('global', 'rib', '-a', prefix.includes(':') ? 'ipv6' : 'ipv4', 'del', prefix);
  }

  log(): string {
    return this.proc?.output() ?? '';
  }
}
