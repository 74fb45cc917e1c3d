// BIRD 2 for the interop harness: a config from the spec, `bird -f` by PID with its own control
// socket, read back with `birdc show protocols all` and `birdc show route all`.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { DAEMON, type NetLab, NetLab as Lab, type Started, shQuiet, waitFor } from './lab.ts';
import type { Daemon, DaemonRoute, DaemonSpec, Family, NeighborSpec, NeighborView } from './types.ts';

export const BIRD = '/usr/sbin/bird';
export const BIRDC = '/usr/sbin/birdc';

/** The protocol name BIRD gets for a neighbor. */
export const birdProto = (address: string): string => `n_${address.replace(/[.:]/g, '_')}`;

function channel(family: Family, n: NeighborSpec, filter: string, localV6: string): string {
  const addPath = n.addPath === undefined ? '' : ` add paths ${n.addPath === 'send' ? 'tx' : n.addPath === 'receive' ? 'rx' : 'on'};`;
  // Over an IPv4 session BIRD needs an IPv6 next hop of its own for the IPv6 channel.
  const nh = family === 'ipv6' && !n.address.includes(':') ? ` next hop address ${localV6};` : '';
  const gr = n.gracefulRestart === undefined ? '' : ' graceful restart on;';
  return `  ${family} { import all; export filter ${filter};${addPath}${nh}${gr} };`;
}

/** BIRD's bird.conf for a spec. */
export function birdConfig(spec: DaemonSpec, local: { v4: string; v6: string } = DAEMON): string {
  const routes = spec.routes ?? [];
  const lines = [
    `router id ${spec.routerId};`,
    'log stderr all;',
    'protocol device { scan time 2; }',
    'protocol direct { ipv4; ipv6; interface "eth0"; }',
    // One static protocol per originated route, so that disabling it withdraws just that route.
    ...routes.map((r, i) => `protocol static s_${i} { ${r.prefix.includes(':') ? 'ipv6' : 'ipv4'}; route ${r.prefix} blackhole; }`),
    'function originated_attributes() {',
    ...routes.map((r) => {
      const sets = [
        ...(r.med === undefined ? [] : [`bgp_med = ${r.med};`]),
        ...(r.communities ?? []).map((c) => `bgp_community.add((${c.replace(':', ',')}));`),
        ...(r.largeCommunities ?? []).map((c) => `bgp_large_community.add((${c.replaceAll(':', ',')}));`),
      ];
      return `  if net = ${r.prefix} then { ${sets.join(' ')} }`;
    }),
    '}',
    'filter originated { if proto !~ "s_*" then reject; originated_attributes(); accept; }',
    'filter originated_and_learned { if source = RTS_BGP then accept; if proto !~ "s_*" then reject; originated_attributes(); accept; }',
  ];
  for (const n of spec.neighbors) {
    const filter = n.exportLearned === true ? 'originated_and_learned' : 'originated';
    const families = n.families ?? ['ipv4', 'ipv6'];
    lines.push(
      `protocol bgp ${birdProto(n.address)} {`,
      `  local ${n.address.includes(':') ? local.v6 : local.v4} as ${spec.asn};`,
      `  neighbor ${n.address} as ${n.asn};`,
      `  hold time ${n.holdTime ?? 9};`,
      // Short timers: the defaults are 120 s connect retry and 60-300 s error wait.
      '  connect retry time 1; connect delay time 1; error wait time 1, 2;',
      ...(n.passive === true ? ['  passive on;'] : []),
      ...(n.extendedMessages === true ? ['  enable extended messages on;'] : []),
      ...(n.role === undefined ? [] : [`  local role ${n.role.replace('-', '_')};`, ...(n.strictRole === true ? ['  require roles on;'] : [])]),
      ...(n.gracefulRestart === undefined ? [] : ['  graceful restart on;', `  graceful restart time ${n.gracefulRestart};`]),
      ...families.map((f) => channel(f, n, filter, local.v6)),
      '}',
    );
  }
  return `${lines.join('\n')}\n`;
}

function parseCommunities(text: string | undefined, re: RegExp, join: string): string[] {
  if (text === undefined) return [];
  return [...text.matchAll(re)].map((m) => m.slice(1).join(join));
}

/** Parses `birdc show route all` output into paths. */
export function parseBirdRoutes(text: string, protoToAddress: (proto: string) => string): DaemonRoute[] {
  const out: DaemonRoute[] = [];
  let prefix = '';
  let cur: { head: string; attrs: Map<string, string> } | undefined;
  const flush = (): void => {
    if (cur === undefined) return;
    const a = cur.attrs;
    const proto = /\[(\S+)/.exec(cur.head)?.[1] ?? '';
    const origin = a.get('BGP.origin');
    const route: DaemonRoute = {
      prefix,
      from: proto.startsWith('n_') ? protoToAddress(proto) : '',
      nextHop: (a.get('BGP.next_hop') ?? '').split(/\s+/)[0] ?? '',
      asPath: (a.get('BGP.as_path') ?? '').split(/\s+/).filter((x) => /^\d+$/.test(x)).map(Number),
      ...(origin === 'IGP' || origin === 'EGP' || origin === 'Incomplete' ? { origin: origin === 'Incomplete' ? 'INCOMPLETE' : origin } : {}),
      ...(a.has('BGP.med') ? { med: Number(a.get('BGP.med')) } : {}),
      ...(a.has('BGP.local_pref') ? { localPref: Number(a.get('BGP.local_pref')) } : {}),
      communities: parseCommunities(a.get('BGP.community'), /\((\d+),\s*(\d+)\)/g, ':'),
      largeCommunities: parseCommunities(a.get('BGP.large_community'), /\((\d+),\s*(\d+),\s*(\d+)\)/g, ':'),
      extendedCommunities: parseCommunities(a.get('BGP.ext_community'), /\((\w+),\s*(\d+),\s*(\d+)\)/g, ':'),
      stale: /\bstale\b/i.test(cur.head) || a.has('stale'),
      ...(a.has('BGP.otc') ? { otc: Number(a.get('BGP.otc')) } : {}),
    };
    out.push(route);
    cur = undefined;
  };
  for (const line of text.split('\n')) {
    const head = /^(\S+)\s+(unicast|blackhole|unreachable|prohibited)\s+(\[.*)$/.exec(line);
    const cont = /^\s{2,}(unicast|blackhole|unreachable|prohibited)\s+(\[.*)$/.exec(line);
    if (head !== null) {
      flush();
      prefix = head[1] ?? '';
      cur = { head: head[3] ?? '', attrs: new Map() };
    } else if (cont !== null) {
      flush();
      cur = { head: cont[2] ?? '', attrs: new Map() };
    } else if (cur !== undefined) {
      const kv = /^\s+([\w.]+):\s*(.*)$/.exec(line);
      if (kv !== null) cur.attrs.set(kv[1] ?? '', kv[2] ?? '');
    }
  }
  flush();
  return out;
}

const CAPS: readonly [RegExp, string][] = [
  [/AF announced:.*\bipv4\b/, 'multiprotocol-ipv4'],
  [/AF announced:.*\bipv6\b/, 'multiprotocol-ipv6'],
  [/^\s*Route refresh\s*$/m, 'route-refresh'],
  [/^\s*Enhanced refresh\s*$/m, 'enhanced-route-refresh'],
  [/^\s*4-octet AS numbers\s*$/m, 'as4'],
  [/^\s*ADD-PATH\s*$/m, 'add-path'],
  [/^\s*Extended message\s*$/m, 'extended-message'],
  [/^\s*Graceful restart\s*$/m, 'graceful-restart'],
  [/^\s*Role:/m, 'role'],
];

/** Parses `birdc show protocols all <proto>` into a neighbor view. */
export function parseBirdProtocol(text: string): NeighborView {
  const state = /BGP state:\s+(\S+)/.exec(text)?.[1] ?? 'unknown';
  const hold = /Hold timer:\s+[\d.]+\/(\d+)/.exec(text)?.[1];
  const neighborCaps = /Neighbor capabilities\n([\s\S]*?)\n\s{4}\S/.exec(text)?.[1] ?? '';
  return {
    established: state === 'Established',
    state,
    ...(hold === undefined ? {} : { holdTime: Number(hold) }),
    received: CAPS.filter(([re]) => re.test(neighborCaps)).map(([, name]) => name),
    text,
  };
}

/** A BIRD daemon in namespace `ns` of `lab`. */
export class BirdDaemon implements Daemon {
  readonly name = 'BIRD';
  readonly version: string = shQuiet('sh', ['-c', `${BIRD} --version 2>&1`]).trim().replace(/^BIRD version /, '');
  private proc: Started | undefined;
  private readonly dir: string;
  private readonly ctl: string;

  private readonly lab: NetLab;
  private readonly spec: DaemonSpec;
  private readonly ns: string;

  constructor(
    lab: NetLab,
    spec: DaemonSpec,
    ns: string = lab.daemonNs,
    local: { v4: string; v6: string } = DAEMON,
    label = 'bird',
  ) {
    this.lab = lab;
    this.spec = spec;
    this.ns = ns;
    this.dir = lab.work;
    this.ctl = join(this.dir, `${label}.ctl`);
    writeFileSync(join(this.dir, `${label}.conf`), birdConfig(spec, local));
  }

  birdc(...args: string[]): string {
    return shQuiet(BIRDC, ['-s', this.ctl, ...args]);
  }

  async start(): Promise<void> {
    const conf = this.ctl.replace(/\.ctl$/, '.conf');
    this.proc = this.lab.start(this.ns, BIRD, ['-f', '-c', conf, '-s', this.ctl, '-P', this.ctl.replace(/\.ctl$/, '.pid')]);
    // The control socket appears before the config is parsed: ask BIRD itself.
    await waitFor('BIRD to start', 15, () => !this.proc?.exited() && this.birdc('show', 'status').includes('Daemon is up'), () => this.log());
  }

  async stop(): Promise<void> {
    await Lab.stop(this.proc);
  }

  neighbor(address: string): NeighborView {
    return parseBirdProtocol(this.birdc('show', 'protocols', 'all', birdProto(address)));
  }

  routes(family: Family): DaemonRoute[] {
    const byProto = new Map(this.spec.neighbors.map((n) => [birdProto(n.address), n.address]));
    const routes = parseBirdRoutes(this.birdc('show', 'route', 'all', 'table', family === 'ipv4' ? 'master4' : 'master6'), (p) => byProto.get(p) ?? p);
    // BIRD shows no per-route stale flag: while `show protocols all` says "Neighbor graceful
    // restart active", every route of that neighbor is its stale copy (RFC 4724 section 4.2).
    const restarting = new Set<string>();
    for (const from of new Set(routes.map((r) => r.from).filter((f) => f !== ''))) {
      if (/Neighbor graceful restart active/.test(this.birdc('show', 'protocols', 'all', birdProto(from)))) restarting.add(from);
    }
    return restarting.size === 0 ? routes : routes.map((r) => (restarting.has(r.from) ? { ...r, stale: true } : r));
  }

  /**
   * Whether `prefix` from `address` carries exactly `count` communities, `first` and `last`
   * among them (asked with a filter: birdc cuts long attribute lines).
   */
  hasCommunities(prefix: string, address: string, count: number, first: string, last: string): boolean {
    const pair = (c: string): string => `(${c.replace(':', ',')})`;
    const where = `bgp_community.len = ${count} && ${pair(first)} ~ bgp_community && ${pair(last)} ~ bgp_community`;
    return this.birdc('show', 'route', prefix, 'protocol', birdProto(address), 'where', where).includes(prefix);
  }

  advertised(address: string, family: Family): DaemonRoute[] {
    const text = this.birdc('show', 'route', 'export', birdProto(address), 'all', 'table', family === 'ipv4' ? 'master4' : 'master6');
    return parseBirdRoutes(text, () => '');
  }

  requestRefresh(address: string): void {
    this.birdc('reload', 'in', birdProto(address));
  }

  updatesReceived(address: string): number {
    const text = this.birdc('show', 'protocols', 'all', birdProto(address));
    return [...text.matchAll(/Import updates:\s+(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
  }

  withdrawOriginated(prefix: string): void {
    const i = (this.spec.routes ?? []).findIndex((r) => r.prefix === prefix);
    this.birdc('disable', `s_${i}`);
  }

  log(): string {
    return this.proc?.output() ?? '';
  }
}
