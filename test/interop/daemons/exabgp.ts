// ExaBGP 4.2 for the interop harness: `exabgp` by PID with its settings in environment variables
// (no CLI pipe, no privilege drop, log to stdout) and an API process (exabgp-io.py) that appends
// every received message as JSON to a file and relays commands from a FIFO. ExaBGP keeps no RIB:
// its "RIB" here is the replay of the UPDATEs it reported, its neighbor view the OPEN and state
// messages it reported.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAEMON, type NetLab, NetLab as Lab, type Started, shQuiet, waitFor } from './lab.ts';
import type { Daemon, DaemonRoute, DaemonSpec, Family, NeighborView, OriginatedRoute } from './types.ts';

export const EXABGP = '/usr/sbin/exabgp';
const IO_SCRIPT = join(import.meta.dirname, 'exabgp-io.py');

/** exabgp.conf for a spec (the API process reads `log` and `fifo`). */
export function exabgpConfig(spec: DaemonSpec, log: string, fifo: string): string {
  const route = (r: OriginatedRoute): string => {
    const parts = [`route ${r.prefix} next-hop ${r.nextHop} origin igp`];
    if (r.pathId !== undefined) parts.push(`path-information ${r.pathId}`);
    if (r.med !== undefined) parts.push(`med ${r.med}`);
    if ((r.communities ?? []).length > 0) parts.push(`community [ ${(r.communities ?? []).join(' ')} ]`);
    if ((r.largeCommunities ?? []).length > 0) parts.push(`large-community [ ${(r.largeCommunities ?? []).join(' ')} ]`);
    return `    ${parts.join(' ')};`;
  };
  const lines = ['process io {', `  run /usr/bin/python3 ${IO_SCRIPT} ${log} ${fifo};`, '  encoder json;', '}'];
  for (const n of spec.neighbors) {
    const families = n.families ?? ['ipv4', 'ipv6'];
    lines.push(
      `neighbor ${n.address} {`,
      `  router-id ${spec.routerId};`,
      `  local-address ${n.address.includes(':') ? DAEMON.v6 : DAEMON.v4};`,
      `  local-as ${spec.asn};`,
      `  peer-as ${n.asn};`,
      `  hold-time ${n.holdTime ?? 9};`,
      `  passive ${n.passive === true};`,
      '  group-updates false;',
      '  capability {',
      '    route-refresh true;',
      ...(n.addPath === undefined ? [] : [`    add-path ${n.addPath === 'both' ? 'send/receive' : n.addPath};`]),
      ...(n.extendedMessages === true ? ['    extended-message true;'] : ['    extended-message false;']),
      ...(n.gracefulRestart === undefined ? [] : [`    graceful-restart ${n.gracefulRestart};`]),
      '  }',
      '  family {',
      ...families.map((f) => `    ${f} unicast;`),
      '  }',
      '  api {',
      '    processes [ io ];',
      '    neighbor-changes;',
      '    receive { parsed; open; update; notification; refresh; }',
      '  }',
      '  static {',
      ...[...(spec.routes ?? []), ...(n.routes ?? [])].map(route),
      '  }',
      '}',
    );
  }
  return `${lines.join('\n')}\n`;
}

interface ExaMessage {
  readonly type?: string;
  readonly neighbor?: {
    readonly address?: { readonly peer?: string };
    readonly state?: string;
    readonly direction?: string;
    readonly reason?: string;
    readonly message?: { readonly update?: ExaUpdate };
    readonly open?: { readonly hold_time?: number; readonly capabilities?: Record<string, { readonly name?: string; readonly families?: string[] }> };
    readonly notification?: { readonly code?: number; readonly subcode?: number; readonly data?: string; readonly message?: string };
  };
}

interface ExaUpdate {
  readonly attribute?: {
    readonly origin?: string;
    readonly 'as-path'?: number[];
    readonly med?: number;
    readonly 'local-preference'?: number;
    readonly community?: number[][];
    readonly 'large-community'?: number[][];
    readonly 'extended-community'?: { readonly string?: string }[];
    readonly 'attribute-0x23-0xC0'?: string;
  };
  readonly announce?: Record<string, Record<string, ({ readonly nlri?: string; readonly 'path-information'?: string } | string)[]>>;
  readonly withdraw?: Record<string, ({ readonly nlri?: string; readonly 'path-information'?: string } | string)[]>;
}

const CAP_NAMES: Readonly<Record<string, string>> = {
  'route-refresh': 'route-refresh',
  'enhanced-route-refresh': 'enhanced-route-refresh',
  asn4: 'as4',
  addpath: 'add-path',
  'extended-message': 'extended-message',
  'graceful restart': 'graceful-restart',
};

/** ExaBGP in namespace `ns` of `lab`. */
export class ExabgpDaemon implements Daemon {
  readonly name = 'ExaBGP';
  readonly version: string = /ExaBGP : (\S+)/.exec(shQuiet(EXABGP, ['--version']))?.[1] ?? 'unknown';
  private proc: Started | undefined;
  private readonly conf: string;
  private readonly received: string;
  private readonly fifo: string;
  private readonly spec: DaemonSpec;

  private readonly lab: NetLab;
  private readonly ns: string;

  constructor(
    lab: NetLab,
    spec: DaemonSpec,
    ns: string = lab.daemonNs,
  ) {
    this.lab = lab;
    this.ns = ns;
    this.spec = spec;
    this.conf = join(lab.work, 'exabgp.conf');
    this.received = join(lab.work, 'exabgp-received.jsonl');
    this.fifo = join(lab.work, 'exabgp-cmd.fifo');
    writeFileSync(this.conf, exabgpConfig(spec, this.received, this.fifo));
    writeFileSync(this.received, '');
  }

  async start(): Promise<void> {
    execFileSync('mkfifo', [this.fifo]);
    const env = {
      ...process.env,
      exabgp_daemon_user: 'root',
      exabgp_daemon_drop: 'false',
      exabgp_api_cli: 'false',
      exabgp_log_destination: 'stdout',
      exabgp_tcp_bind: `${DAEMON.v4} ${DAEMON.v6}`,
      exabgp_tcp_port: '179',
      exabgp_api_ack: 'false',
    };
    this.proc = this.lab.start(this.ns, EXABGP, [this.conf], { env });
    await waitFor('ExaBGP to load its configuration', 15, () => {
      if (this.proc?.exited() === true) throw new Error(`exabgp exited:\n${this.log()}`);
      return /loaded new configuration successfully|Performing reload|connected to/i.test(this.log()) || this.messages().length > 0;
    }, () => this.log());
  }

  async stop(): Promise<void> {
    await Lab.stop(this.proc);
  }

  /** Every message ExaBGP reported so far. */
  messages(): ExaMessage[] {
    if (!existsSync(this.received)) return [];
    return readFileSync(this.received, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .flatMap((l) => {
        // Some of ExaBGP 4.2's messages (route refresh ones) are not valid JSON: skipped.
        try {
          return [JSON.parse(l) as ExaMessage];
        } catch {
          return [];
        }
      });
  }

  /** Sends an API command (e.g. `neighbor 10.0.0.2 announce route ...`). */
  command(line: string): void {
    // Opening the FIFO for writing would block without a reader: the relay thread is one.
    writeFileSync(this.fifo, `${line}\n`);
  }

  neighbor(address: string): NeighborView {
    const mine = this.messages().filter((m) => m.neighbor?.address?.peer === address);
    let state = 'unknown';
    let open: NonNullable<ExaMessage['neighbor']>['open'];
    for (const m of mine) {
      if (m.type === 'state') state = m.neighbor?.state ?? state;
      if (m.type === 'open' && m.neighbor?.direction === 'receive') open = m.neighbor.open;
    }
    const names: string[] = [];
    for (const [code, c] of Object.entries(open?.capabilities ?? {})) {
      if (c.name === 'multiprotocol') {
        if (c.families?.includes('ipv4/unicast') === true) names.push('multiprotocol-ipv4');
        if (c.families?.includes('ipv6/unicast') === true) names.push('multiprotocol-ipv6');
      } else if (c.name !== undefined && CAP_NAMES[c.name] !== undefined) names.push(CAP_NAMES[c.name] as string);
      else names.push(`unknown-${code}`);
    }
    return {
      established: state === 'up',
      state,
      ...(open?.hold_time === undefined ? {} : { holdTime: open.hold_time }),
      received: [...new Set(names)],
      text: mine.map((m) => JSON.stringify(m)).join('\n'),
    };
  }

  routes(family: Family): DaemonRoute[] {
    const key = `${family} unicast`;
    const rib = new Map<string, DaemonRoute>();
    for (const m of this.messages()) {
      const from = m.neighbor?.address?.peer ?? '';
      if (m.type === 'state' && m.neighbor?.state === 'down') {
        for (const k of [...rib.keys()]) if (k.startsWith(`${from}|`)) rib.delete(k);
      }
      const u = m.neighbor?.message?.update;
      if (m.type !== 'update' || u === undefined) continue;
      for (const w of u.withdraw?.[key] ?? []) {
        const nlri = typeof w === 'string' ? w : (w.nlri ?? '');
        rib.delete(`${from}|${nlri}|${typeof w === 'string' ? '' : (w['path-information'] ?? '')}`);
      }
      const a = u.attribute ?? {};
      for (const [nextHop, list] of Object.entries(u.announce?.[key] ?? {})) {
        for (const n of list) {
          const prefix = typeof n === 'string' ? n : (n.nlri ?? '');
          const origin = a.origin?.toUpperCase();
          const otc = a['attribute-0x23-0xC0'];
          rib.set(`${from}|${prefix}|${typeof n === 'string' ? '' : (n['path-information'] ?? '')}`, {
            prefix,
            from,
            nextHop,
            asPath: a['as-path'] ?? [],
            ...(origin === 'IGP' || origin === 'EGP' || origin === 'INCOMPLETE' ? { origin } : {}),
            ...(a.med === undefined ? {} : { med: a.med }),
            ...(a['local-preference'] === undefined ? {} : { localPref: a['local-preference'] }),
            communities: (a.community ?? []).map((c) => c.join(':')),
            largeCommunities: (a['large-community'] ?? []).map((c) => c.join(':')),
            extendedCommunities: (a['extended-community'] ?? []).map((e) => (e.string ?? '').replace(/^target:/, 'rt:').replace(/^origin:/, 'ro:')),
            stale: false,
            ...(otc === undefined ? {} : { otc: Number.parseInt(otc.replace(/^0x/, ''), 16) }),
          });
        }
      }
    }
    return [...rib.values()];
  }

  requestRefresh(address: string): void {
    this.command(`neighbor ${address} announce route-refresh ipv4 unicast`);
  }

  updatesReceived(address: string): number {
    return this.messages().filter((m) => m.type === 'update' && m.neighbor?.address?.peer === address).length;
  }

  withdrawOriginated(prefix: string): void {
    const r = this.spec.routes?.find((x) => x.prefix === prefix);
    this.command(`withdraw route ${prefix}${r === undefined ? '' : ` next-hop ${r.nextHop}`}`);
  }

  log(): string {
    return this.proc?.output() ?? '';
  }
}
