// FRR 8 for the interop harness: zebra (for next-hop tracking) and bgpd started by PID with their
// own vty socket directory, zserv socket and PID files (never /var/run/frr), read back with
// `vtysh -c 'show bgp neighbor <a> json'` and `show bgp <afi> unicast json`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAEMON, type NetLab, NetLab as Lab, type Started, shQuiet, waitFor } from './lab.ts';
import type { Daemon, DaemonRoute, DaemonSpec, Family, NeighborView } from './types.ts';

export const FRR_LIB = '/usr/lib/frr';

/** bgpd.conf for a spec. */
export function frrConfig(spec: DaemonSpec): string {
  const routes = spec.routes ?? [];
  const gr = spec.neighbors.find((n) => n.gracefulRestart !== undefined)?.gracefulRestart;
  const lines = [
    'frr defaults traditional',
    'hostname bgpwire-frr',
    'log timestamp precision 3',
    // The reasons for NOTIFICATIONs (e.g. a role mismatch) are logged only with this.
    'debug bgp neighbor-events',
    `router bgp ${spec.asn}`,
    ` bgp router-id ${spec.routerId}`,
    // FRR 8's default refuses eBGP routes without an import and export policy (RFC 8212).
    ' no bgp ebgp-requires-policy',
    ' no bgp default ipv4-unicast',
    // `network` statements without a matching IGP route (the routes are only for BGP here).
    ' no bgp network import-check',
    ...(gr === undefined ? [] : [` bgp graceful-restart restart-time ${gr}`, ' bgp graceful-restart stalepath-time 60']),
  ];
  for (const n of spec.neighbors) {
    const h = n.holdTime ?? 9;
    lines.push(
      ` neighbor ${n.address} remote-as ${n.asn}`,
      ` neighbor ${n.address} timers ${Math.max(1, Math.floor(h / 3))} ${h}`,
      ` neighbor ${n.address} timers connect 1`,
      ...(n.passive === true ? [` neighbor ${n.address} passive`] : []),
      ...(n.role === undefined ? [] : [` neighbor ${n.address} local-role ${n.role}${n.strictRole === true ? ' strict-mode' : ''}`]),
      ...(n.gracefulRestart === undefined ? [] : [` neighbor ${n.address} graceful-restart`]),
    );
  }
  for (const family of ['ipv4', 'ipv6'] as const) {
    lines.push(` address-family ${family} unicast`);
    routes.forEach((r, i) => {
      if (r.prefix.includes(':') === (family === 'ipv6')) lines.push(`  network ${r.prefix} route-map orig${i}`);
    });
    for (const n of spec.neighbors) {
      if (!(n.families ?? ['ipv4', 'ipv6']).includes(family)) continue;
      lines.push(`  neighbor ${n.address} activate`);
      if (n.addPath === 'send' || n.addPath === 'both') lines.push(`  neighbor ${n.address} addpath-tx-all-paths`);
      // FRR always offers to receive paths; refusing is per neighbor.
      if (n.addPath === 'send' || n.addPath === undefined) lines.push(`  neighbor ${n.address} disable-addpath-rx`);
      lines.push(`  neighbor ${n.address} route-map ${n.exportLearned === true ? 'out_all' : 'out_local'} out`);
    }
    lines.push(' exit-address-family');
  }
  lines.push('exit');
  routes.forEach((r, i) => {
    lines.push(`route-map orig${i} permit 10`);
    if (r.med !== undefined) lines.push(` set metric ${r.med}`);
    if ((r.largeCommunities ?? []).length > 0) lines.push(` set large-community ${(r.largeCommunities ?? []).join(' ')}`);
    // Long community lists go 100 per entry (`additive`, `on-match next`): vty lines are bounded.
    const comms = r.communities ?? [];
    for (let k = 0; k < comms.length; k += 100) {
      if (k > 0) lines.push('exit', `route-map orig${i} permit ${10 + k / 10}`);
      lines.push(` set community ${comms.slice(k, k + 100).join(' ')} additive`);
      if (k + 100 < comms.length) lines.push(' on-match next');
    }
    lines.push('exit');
  });
  lines.push(
    // Only locally originated routes go out unless the neighbor asks for learned ones too.
    // Locally originated routes are the ones with an empty AS_PATH.
    'bgp as-path access-list local_only seq 5 permit ^$',
    'route-map out_local permit 10',
    ' match as-path local_only',
    ` set ipv6 next-hop global ${DAEMON.v6}`,
    'exit',
    'route-map out_all permit 10',
    ` set ipv6 next-hop global ${DAEMON.v6}`,
    'exit',
  );
  return `${lines.join('\n')}\n`;
}

interface FrrPath {
  readonly peer?: { readonly peerId?: string };
  readonly aspath?: { readonly string?: string; readonly segments?: { readonly list?: number[] }[] };
  readonly origin?: string;
  readonly metric?: number;
  readonly med?: number;
  readonly locPrf?: number;
  readonly localpref?: number;
  readonly community?: { readonly string?: string; readonly list?: readonly string[] };
  readonly largeCommunity?: { readonly string?: string };
  readonly extendedCommunity?: { readonly string?: string };
  readonly nexthops?: { readonly ip?: string; readonly scope?: string }[];
  readonly stale?: boolean;
  readonly otc?: number;
  readonly sourced?: boolean;
  readonly local?: boolean;
}

const WELL_KNOWN: Record<string, string> = {
  'no-export': '65535:65281',
  'no-advertise': '65535:65282',
  'local-AS': '65535:65283',
  'no-peer': '65535:65284',
  'graceful-shutdown': '65535:0',
  blackhole: '65535:666',
  // The JSON list spells them in camel case.
  noExport: '65535:65281',
  noAdvertise: '65535:65282',
  localAs: '65535:65283',
  noPeer: '65535:65284',
  gracefulShutdown: '65535:0',
};

function normaliseExt(e: string): string {
  // FRR: "RT:65000:1" / "SoO:65000:1"
  const m = /^(RT|SoO):(\d+(?:\.\d+){0,3}):(\d+)$/.exec(e);
  if (m === null) return e;
  return `${m[1] === 'RT' ? 'rt' : 'ro'}:${m[2]}:${m[3]}`;
}

/** Converts one path of `show bgp <afi> unicast <prefix> json` into a route. */
export function frrRoute(prefix: string, p: FrrPath): DaemonRoute {
  const origin = p.origin === 'IGP' || p.origin === 'EGP' ? p.origin : p.origin === 'incomplete' ? 'INCOMPLETE' : undefined;
  const med = p.metric ?? p.med;
  const lp = p.locPrf ?? p.localpref;
  const global = p.nexthops?.find((n) => n.scope !== 'link-local') ?? p.nexthops?.[0];
  const from = p.peer?.peerId ?? '';
  return {
    prefix,
    // Locally originated paths name no peer (0.0.0.0 / :: / "(unspec)").
    from: from === '0.0.0.0' || from === '::' || from === '(unspec)' ? '' : from,
    nextHop: global?.ip ?? '',
    asPath: (p.aspath?.string ?? '').split(/\s+/).filter((x) => /^\d+$/.test(x)).map(Number),
    ...(origin === undefined ? {} : { origin }),
    ...(med === undefined ? {} : { med }),
    ...(lp === undefined ? {} : { localPref: lp }),
    // The list, not the string: FRR cuts the string of a long community attribute.
    communities: (p.community?.list ?? (p.community?.string ?? '').split(/\s+/).filter((x) => x !== '')).map((c) => WELL_KNOWN[c] ?? c),
    largeCommunities: (p.largeCommunity?.string ?? '').split(/\s+/).filter((x) => x !== ''),
    extendedCommunities: (p.extendedCommunity?.string ?? '').split(/\s+/).filter((x) => x !== '').map(normaliseExt),
    stale: p.stale === true,
    ...(p.otc === undefined ? {} : { otc: p.otc }),
  };
}

const CAPS: readonly [string, string][] = [
  ['4byteAs', 'as4'],
  ['addPath', 'add-path'],
  ['routeRefresh', 'route-refresh'],
  ['enhancedRouteRefresh', 'enhanced-route-refresh'],
  ['extendedMessage', 'extended-message'],
  ['gracefulRestart', 'graceful-restart'],
  ['gracefulRestartCapability', 'graceful-restart'],
  ['role', 'role'],
];

function received(value: unknown): boolean {
  if (typeof value === 'string') return /received|advertisedAndReceived/i.test(value);
  if (value !== null && typeof value === 'object') return Object.values(value).some(received) || Object.keys(value).some((k) => /received/i.test(k));
  return false;
}

/** Converts `show bgp neighbor <a> json` into a neighbor view. */
export function frrNeighbor(address: string, text: string): NeighborView {
  let n: Record<string, unknown> = {};
  try {
    n = ((JSON.parse(text) as Record<string, unknown>)[address] ?? {}) as Record<string, unknown>;
  } catch {
    // not up yet
  }
  const caps = (n.neighborCapabilities ?? {}) as Record<string, unknown>;
  const mp = (caps.multiprotocolExtensions ?? {}) as Record<string, unknown>;
  const names = CAPS.filter(([k]) => received(caps[k])).map(([, v]) => v);
  if (received(mp.ipv4Unicast)) names.push('multiprotocol-ipv4');
  if (received(mp.ipv6Unicast)) names.push('multiprotocol-ipv6');
  if (typeof n.peerRemoteRole === 'string' && n.peerRemoteRole !== 'undefined') names.push('role');
  const state = typeof n.bgpState === 'string' ? n.bgpState : 'unknown';
  const hold = typeof n.bgpTimerHoldTimeMsecs === 'number' ? n.bgpTimerHoldTimeMsecs / 1000 : undefined;
  return {
    established: state === 'Established',
    state,
    ...(hold === undefined ? {} : { holdTime: hold }),
    received: [...new Set(names)],
    text,
  };
}

/** FRR's zebra + bgpd in namespace `ns` of `lab`. */
export class FrrDaemon implements Daemon {
  readonly name = 'FRR';
  readonly version: string = /version\s+(\S+)/.exec(shQuiet(join(FRR_LIB, 'bgpd'), ['--version']))?.[1] ?? 'unknown';
  private zebra: Started | undefined;
  private bgpd: Started | undefined;
  private readonly dir: string;
  private readonly asn: number;

  private readonly lab: NetLab;
  private readonly ns: string;

  constructor(
    lab: NetLab,
    spec: DaemonSpec,
    ns: string = lab.daemonNs,
  ) {
    this.lab = lab;
    this.ns = ns;
    this.asn = spec.asn;
    this.dir = join(lab.work, 'frr');
    shQuiet('mkdir', ['-m', '777', '-p', this.dir]);
    writeFileSync(join(this.dir, 'zebra.conf'), 'hostname bgpwire-zebra\n');
    writeFileSync(join(this.dir, 'bgpd.conf'), frrConfig(spec));
  }

  vtysh(...cmds: string[]): string {
    return shQuiet('vtysh', ['--vty_socket', this.dir, '--config_dir', this.dir, '-d', 'bgpd', ...cmds.flatMap((c) => ['-c', c])]);
  }

  async start(): Promise<void> {
    const d = this.dir;
    const common = ['--vty_socket', d, '-z', join(d, 'zserv.api'), '-P', '0'];
    this.zebra = this.lab.start(this.ns, join(FRR_LIB, 'zebra'), ['-f', join(d, 'zebra.conf'), '-i', join(d, 'zebra.pid'), ...common, '--log', `file:${join(d, 'zebra.log')}`]);
    await waitFor('zebra to start', 10, () => shQuiet('test', ['-S', join(d, 'zserv.api'), '-a', '-S', join(d, 'zebra.vty')]) === '', () => this.log());
    // -n: keep BGP routes out of the namespace's kernel table (next-hop tracking still uses zebra).
    this.bgpd = this.lab.start(this.ns, join(FRR_LIB, 'bgpd'), ['-f', join(d, 'bgpd.conf'), '-i', join(d, 'bgpd.pid'), ...common, '-n', '--log', `file:${join(d, 'bgpd.log')}`]);
    await waitFor('bgpd to answer vtysh', 15, () => {
      if (this.bgpd?.exited() === true) throw new Error(`bgpd exited:\n${this.log()}`);
      return this.vtysh('show bgp summary json').includes('"routerId"');
    }, () => this.log());
  }

  async stop(): Promise<void> {
    await Lab.stop(this.bgpd);
    await Lab.stop(this.zebra);
  }

  neighbor(address: string): NeighborView {
    return frrNeighbor(address, this.vtysh(`show bgp neighbor ${address} json`));
  }

  routes(family: Family): DaemonRoute[] {
    let table: { routes?: Record<string, FrrPath[]> } = {};
    const summary = this.vtysh(`show bgp ${family} unicast json`);
    try {
      table = JSON.parse(summary) as typeof table;
    } catch {
      return [];
    }
    // The table view lacks communities: ask per prefix for the full paths.
    const out: DaemonRoute[] = [];
    for (const prefix of Object.keys(table.routes ?? {})) {
      const detail = JSON.parse(this.vtysh(`show bgp ${family} unicast ${prefix} json`)) as { paths?: FrrPath[] };
      for (const p of detail.paths ?? []) out.push(frrRoute(prefix, p));
    }
    return out;
  }

  requestRefresh(address: string): void {
    this.vtysh(`clear bgp ${address} soft in`);
  }

  updatesReceived(address: string): number {
    try {
      const n = (JSON.parse(this.vtysh(`show bgp neighbor ${address} json`)) as Record<string, { messageStats?: { updatesRecv?: number } }>)[address];
      return n?.messageStats?.updatesRecv ?? 0;
    } catch {
      return 0;
    }
  }

  withdrawOriginated(prefix: string): void {
    this.vtysh('configure terminal', `router bgp ${this.asn}`, `address-family ${prefix.includes(':') ? 'ipv6' : 'ipv4'} unicast`, `no network ${prefix}`);
  }

  log(): string {
    const file = shQuiet('tail', ['-c', '6000', join(this.dir, 'bgpd.log')]);
    return `${this.zebra?.output() ?? ''}${this.bgpd?.output() ?? ''}${file}`;
  }
}
