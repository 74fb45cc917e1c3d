// Shared by the decision interop tests (BIRD and FRR, issue 7): the feeding sessions, random
// candidate routes, the fixed order-dependent cases, bgpwire's encoding and decoding of them, and
// a two-namespace lab with PID-based cleanup and a watchdog.
//
// Topology: namespaces <tag>d (the router, eth0 10.0.0.1/24) and <tag>f (the feeder, eth0
// 10.0.0.11-20/24) joined by one veth pair created directly inside them. Nothing touches the
// host's interfaces; every process is stopped by PID and both namespaces are deleted afterwards.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { PathAttribute } from '../../src/attributes/types.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import type { Route } from '../../src/decision/index.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { repoRoot } from '../helpers/shared.ts';

export interface Session {
  readonly name: string;
  readonly address: string;
  readonly asn: number;
  readonly bgpId: string;
  readonly type: 'internal' | 'external' | 'confed-external';
}

// BGP identifiers run against the address order, so steps f and g disagree.
export const SESSIONS: readonly Session[] = [
  { name: 's11', address: '10.0.0.11', asn: 65001, bgpId: '10.9.0.18', type: 'external' },
  { name: 's12', address: '10.0.0.12', asn: 65001, bgpId: '10.9.0.17', type: 'external' },
  { name: 's13', address: '10.0.0.13', asn: 65002, bgpId: '10.9.0.16', type: 'external' },
  { name: 's14', address: '10.0.0.14', asn: 65002, bgpId: '10.9.0.12', type: 'external' },
  { name: 's15', address: '10.0.0.15', asn: 65003, bgpId: '10.9.0.14', type: 'external' },
  { name: 's16', address: '10.0.0.16', asn: 65000, bgpId: '10.9.0.13', type: 'internal' },
  { name: 's17', address: '10.0.0.17', asn: 65000, bgpId: '10.9.0.15', type: 'internal' },
  { name: 's18', address: '10.0.0.18', asn: 65000, bgpId: '10.9.0.11', type: 'internal' },
  { name: 's19', address: '10.0.0.19', asn: 64513, bgpId: '10.9.0.19', type: 'confed-external' },
  { name: 's20', address: '10.0.0.20', asn: 64514, bgpId: '10.9.0.10', type: 'confed-external' },
];
// The router is in Member-AS 65000 of confederation 64999 (RFC 5065); s19 and s20 are other members.
export const LOCAL = { asn: 65000, bgpId: '10.0.0.1', confederationId: 64999 } as const;
export const ROUTER_ADDRESS = '10.0.0.1';
export const byName = (name: string): Session => SESSIONS.find((s) => s.name === name) as Session;
export const byAddress = (address: string): Session | undefined => SESSIONS.find((s) => s.address === address);

export interface Candidate {
  readonly session: Session;
  readonly attributes: PathAttribute[];
}

function sometimes<T>(arb: fc.Arbitrary<T>, absentWeight = 1): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: absentWeight }, { arbitrary: arb, weight: 1 });
}

// With IGP metrics on, internal and confederation routes get next hops that the router resolves
// recursively through static routes carrying these metrics.
export const IGP_METRICS: Readonly<Record<string, number>> = { '10.1.1.1': 5, '10.1.2.1': 10, '10.1.3.1': 10, '10.1.4.1': 20 };

/** Route attributes a session could send, over small pools so every step gets to decide. */
export function attributesArb(s: Session, withAigp = false, withIgp = false): fc.Arbitrary<PathAttribute[]> {
  const tail = fc.array(fc.constantFrom(65100, 65101, 65102), { maxLength: 1 });
  const head = s.type === 'external' ? fc.constant([s.asn]) : fc.constantFrom([], [65001], [65002], [65003]);
  // A confederation peer prepends its Member-AS in an AS_CONFED_SEQUENCE (RFC 5065 section 4.1).
  const confed = s.type === 'confed-external' ? fc.constantFrom([s.asn], [s.asn, 64515]) : fc.constant([]);
  return fc
    .record({
      head,
      confed,
      tail,
      set: sometimes(fc.constantFrom([65200], [65200, 65201, 65202]), 3),
      origin: fc.constantFrom<'IGP' | 'EGP' | 'INCOMPLETE'>('IGP', 'IGP', 'IGP', 'EGP', 'INCOMPLETE'),
      med: sometimes(fc.constantFrom(0, 10, 20)),
      localPref: sometimes(fc.constantFrom(100, 200), 4),
      originatorId: s.type !== 'external' ? sometimes(fc.constantFrom('10.9.0.1', '10.9.0.30')) : fc.constant(undefined),
      clusterList: s.type !== 'external' ? sometimes(fc.constantFrom(['10.8.0.1'], ['10.8.0.1', '10.8.0.2'])) : fc.constant(undefined),
      // RFC 7311 section 3.1: AIGP is on by default only inside an AS (BIRD: also within a confederation).
      aigp: withAigp && s.type !== 'external' ? sometimes(fc.constantFrom(5n, 10n, 1000n)) : fc.constant(undefined),
      nextHop: withIgp && s.type !== 'external' ? fc.constantFrom(...Object.keys(IGP_METRICS)) : fc.constant(s.address),
    })
    .map((r) => {
      const seq = [...r.head, ...r.tail];
      const segments = [
        ...(r.confed.length > 0 ? [{ type: 'AS_CONFED_SEQUENCE' as const, asns: r.confed }] : []),
        ...(seq.length > 0 ? [{ type: 'AS_SEQUENCE' as const, asns: seq }] : []),
        ...(r.set !== undefined && seq.length > 0 ? [{ type: 'AS_SET' as const, asns: r.set }] : []),
      ];
      const attrs: PathAttribute[] = [
        { type: 'ORIGIN', origin: r.origin },
        { type: 'AS_PATH', segments },
        { type: 'NEXT_HOP', nextHop: r.nextHop },
      ];
      if (r.med !== undefined) attrs.push({ type: 'MULTI_EXIT_DISC', med: r.med });
      // Also sent on eBGP now and then: RFC 4271 section 5.1.5 says a receiver ignores it there.
      if (r.localPref !== undefined) attrs.push({ type: 'LOCAL_PREF', localPref: r.localPref });
      if (r.originatorId !== undefined) attrs.push({ type: 'ORIGINATOR_ID', originatorId: r.originatorId });
      if (r.clusterList !== undefined) attrs.push({ type: 'CLUSTER_LIST', clusterIds: r.clusterList });
      if (r.aigp !== undefined) attrs.push({ type: 'AIGP', tlvs: [{ tlvType: 1, metric: r.aigp }] });
      return attrs;
    });
}

/** 2 to 5 candidates from distinct sessions, in the order they are to be sent. */
export const caseArb = (withAigp: boolean, withIgp = false): fc.Arbitrary<Candidate[]> =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: SESSIONS.length - 1 }), { minLength: 2, maxLength: 5 })
    .chain((idx) =>
      fc.tuple(...idx.map((i) => attributesArb(SESSIONS[i] as Session, withAigp, withIgp).map((attributes) => ({ session: SESSIONS[i] as Session, attributes })))),
    );

/** A route from a session with plain eBGP attributes: AS_PATH [peer AS, 65100], IGP, optional MED. */
export function plain(name: string, med?: number): Candidate {
  const s = byName(name);
  const attributes: PathAttribute[] = [
    { type: 'ORIGIN', origin: 'IGP' },
    { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: s.type === 'external' ? [s.asn, 65100] : [65001, 65100] }] },
    { type: 'NEXT_HOP', nextHop: s.address },
  ];
  if (med !== undefined) attributes.push({ type: 'MULTI_EXIT_DISC', med });
  return { session: s, attributes };
}

// Routes sent one at a time, in this order, after every session is up. The first two are RFC
// 3345's shape with BGP identifiers in place of IGP costs: A (s13, AS 65002, MED 0, id .16), B
// (s14, AS 65002, MED 1, id .12), C (s15, AS 65003, id .14). The RFC procedure removes B on MED,
// then C beats A on identifier. Compared pairwise in arrival order, B-C-A ends with A (B beats C on
// identifier, A beats B on MED) while A-B-C ends with C.
export const ORDERED: readonly Candidate[][] = [
  [plain('s14', 1), plain('s15'), plain('s13', 0)],
  [plain('s13', 0), plain('s14', 1), plain('s15')],
  // Equal up to the identifier: the older external route is s11 (id .18), the lower id s12 (.17).
  [plain('s11'), plain('s12')],
  [plain('s12'), plain('s11')],
  [plain('s11'), plain('s15'), plain('s13')],
  // Internal routes: age does not count.
  [plain('s17'), plain('s16')],
];

const contextOf = (s: Session) => sessionContext({ asn4: true, peerType: s.type });

/** The OPEN a session sends, encoded by bgpwire, as hex for the feeder. */
export function openHex(s: Session): string {
  const open = encodeMessage({
    type: 'OPEN', version: 4, myAs: s.asn, holdTime: 240, bgpId: s.bgpId,
    capabilities: [{ type: 'multiprotocol', afi: 1, safi: 1 }, { type: 'as4', asn: s.asn }],
  });
  return Buffer.from(open).toString('hex');
}

/**
 * Encodes a candidate as one UPDATE for `prefix` with bgpwire and decodes it back into the Route
 * selectBest sees, so both the router and bgpwire judge the same bytes.
 */
export function encodeCandidate(c: Candidate, prefix: string, receivedAt?: number): { hex: string; route: Route } {
  const ctx = contextOf(c.session);
  const bytes = encodeMessage({ type: 'UPDATE', withdrawn: [], attributes: c.attributes, nlri: [{ prefix }] }, ctx);
  const decoded = decodeMessage(bytes, ctx);
  if (decoded.type !== 'UPDATE') throw new Error('not an UPDATE');
  const s = c.session;
  const route: Route = {
    attributes: decoded.attributes,
    peer: { asn: s.asn, bgpId: s.bgpId, address: s.address, type: s.type },
    local: LOCAL,
    ...(receivedAt === undefined ? {} : { receivedAt }),
  };
  return { hex: Buffer.from(bytes).toString('hex'), route };
}

export function sh(cmd: string, args: readonly string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A spawned process with its output collected. */
export interface Started {
  readonly child: ChildProcess;
  output(): string;
}

/**
 * The two namespaces, the veth pair between them, a scratch directory, and every process started
 * in them. A detached watchdog stops those processes (by the PIDs recorded in `<work>/pids`) and
 * deletes the namespaces if the test process dies or runs past `maxSeconds`.
 */
export class Lab {
  readonly router: string;
  readonly feeder: string;
  readonly work: string;
  private readonly made: string[] = [];
  private readonly started: ChildProcess[] = [];
  private watchdog: ChildProcess | undefined;

  constructor(tag: string) {
    this.router = `${tag}d`;
    this.feeder = `${tag}f`;
    this.work = mkdtempSync(join(tmpdir(), `bgpwire-${tag}-`));
  }

  /** Creates the namespaces and the veth pair, then starts the watchdog. */
  up(maxSeconds: number): void {
    for (const ns of [this.router, this.feeder]) {
      sh('ip', ['netns', 'add', ns]);
      this.made.push(ns);
      sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    sh('ip', ['link', 'add', 'eth0', 'netns', this.router, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', this.feeder]);
    sh('ip', ['-n', this.router, 'addr', 'add', `${ROUTER_ADDRESS}/24`, 'dev', 'eth0']);
    for (const s of SESSIONS) sh('ip', ['-n', this.feeder, 'addr', 'add', `${s.address}/24`, 'dev', 'eth0']);
    for (const ns of [this.router, this.feeder]) sh('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
    writeFileSync(join(this.work, 'pids'), '');
    const script = [
      `end=$(( $(date +%s) + ${Math.ceil(maxSeconds)} ))`,
      `while kill -0 ${process.pid} 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; do sleep 1; done`,
      `for p in $(cat '${join(this.work, 'pids')}'); do kill -TERM "$p" 2>/dev/null; done`,
      'sleep 2',
      `for p in $(cat '${join(this.work, 'pids')}'); do kill -KILL "$p" 2>/dev/null; done`,
      ...this.made.map((ns) => `ip netns del '${ns}' 2>/dev/null`),
      ...(process.env.BGPWIRE_KEEP === '1' ? [] : [`rm -rf '${this.work}'`]),
    ].join('\n');
    this.watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
    this.watchdog.unref();
  }

  /** Runs `cmd` inside namespace `ns` (`ip netns exec` execs it, so the PID is the command's). */
  start(ns: string, cmd: string, args: readonly string[], stdin: 'ignore' | 'pipe' = 'ignore'): Started {
    const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: [stdin, 'pipe', 'pipe'] });
    this.started.push(child);
    if (child.pid !== undefined) writeFileSync(join(this.work, 'pids'), `${child.pid}\n`, { flag: 'a' });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    return { child, output: () => out };
  }

  /** Records a PID the lab did not spawn itself (a daemon's), for the watchdog. */
  adopt(pid: number): void {
    writeFileSync(join(this.work, 'pids'), `${pid}\n`, { flag: 'a' });
  }

  /** Sends SIGTERM to each process still running, then SIGKILL after `graceMs`. */
  static async stop(children: readonly (ChildProcess | undefined)[], graceMs = 300): Promise<void> {
    const alive = (p: ChildProcess | undefined): p is ChildProcess & { pid: number } =>
      p !== undefined && p.exitCode === null && p.signalCode === null && p.pid !== undefined;
    for (const p of children) if (alive(p)) process.kill(p.pid, 'SIGTERM');
    for (let waited = 0; waited < graceMs && children.some(alive); waited += 50) await sleep(50);
    for (const p of children) if (alive(p)) process.kill(p.pid, 'SIGKILL');
  }

  /** Stops the watchdog and every started process, deletes the namespaces and the scratch directory. */
  async down(extraPids: readonly number[] = []): Promise<void> {
    if (this.watchdog?.pid !== undefined && this.watchdog.exitCode === null) process.kill(-this.watchdog.pid, 'SIGKILL');
    await Lab.stop([...this.started].reverse(), 1000);
    for (const pid of extraPids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const ns of this.made.reverse()) {
      try {
        sh('ip', ['netns', 'del', ns]);
      } catch {
        // already gone
      }
    }
    if (process.env.BGPWIRE_KEEP !== '1') rmSync(this.work, { recursive: true, force: true });
  }
}

/** Path of the feeder script (run with `process.execPath` inside the feeder namespace). */
export const FEEDER = join(repoRoot, 'test/interop/bgp-feeder.mjs');
