// Agreement with a real router (issue 7): FRR's bgpd (with zebra, for next-hop tracking) in a
// network namespace receives candidate routes for many prefixes from bgpwire-encoded sessions, and
// its best path for each prefix (`show bgp ipv4 unicast <prefix> json`) is compared with
// selectBest under the matching options. Topology and feeding as in decision-bird.test.ts (see
// decision-scenario.ts).
//
// FRR without `bgp bestpath compare-routerid` keeps the currently selected path when two external
// paths tie before the router ID (its reading of RFC 5004), and without `bgp deterministic-med` it
// compares paths two at a time down its path list, newest first. Both make the answer depend on
// history, so routes go out in rounds (the k-th candidate of every prefix in round k) and the
// test waits for bgpd to settle after each. bgpwire replays the same history: after each round,
// selectBest over the paths newest first with `rfc5004` and the previous best as `currentBest`.
//
// Runs only with BGPWIRE_INTEROP=1 or BGPWIRE_REQUIRE=1, as root, with FRR (Debian `frr`) installed.
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { PathAttribute } from '../../src/attributes/types.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DecisionOptions, type DecisionStep, type Route, selectBest } from '../../src/decision/index.ts';
import { hasTool, requireAll } from '../helpers/shared.ts';
import {
  type Candidate,
  byAddress,
  byName,
  caseArb,
  encodeCandidate,
  FEEDER,
  Lab,
  LOCAL,
  openHex,
  ORDERED,
  ROUTER_ADDRESS,
  SESSIONS,
  sh,
  sleep,
} from './decision-scenario.ts';

const FRR_LIB = '/usr/lib/frr';
const wanted = process.env.BGPWIRE_INTEROP === '1' || requireAll;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (wanted && requireAll && !isRoot) throw new Error('decision interop needs root for network namespaces (BGPWIRE_REQUIRE=1)');
function hasFrr(): boolean {
  const ok = existsSync(join(FRR_LIB, 'bgpd')) && existsSync(join(FRR_LIB, 'zebra'));
  if (!ok && requireAll) throw new Error(`required tool missing: ${FRR_LIB}/bgpd and zebra (Debian frr) (BGPWIRE_REQUIRE=1)`);
  return ok;
}
const ready = wanted && isRoot && hasFrr() && hasTool('vtysh') && hasTool('ip');

// FRR treats an UPDATE from an internal or confederation peer without LOCAL_PREF as missing a
// well-known attribute (treat-as-withdraw, RFC 7606 section 3 d), so those get LOCAL_PREF 100,
// bgpwire's default for a missing one. The cases are otherwise BIRD's (same seed).
function withLocalPref(c: Candidate): Candidate {
  if (c.session.type === 'external' || c.attributes.some((a) => a.type === 'LOCAL_PREF')) return c;
  return { session: c.session, attributes: [...c.attributes, { type: 'LOCAL_PREF', localPref: 100 }] };
}
const CASES: Candidate[][] = fc.sample(caseArb(false), { seed: 7, numRuns: 200 }).map((c) => c.map(withLocalPref));

/** A route from a confederation or internal session with the given AS_PATH segments. */
function inner(name: string, confed: number[], seq: number[], extra: PathAttribute[] = []): Candidate {
  const s = byName(name);
  const attributes: PathAttribute[] = [
    { type: 'ORIGIN', origin: 'IGP' },
    { type: 'AS_PATH', segments: [{ type: 'AS_CONFED_SEQUENCE', asns: confed }, { type: 'AS_SEQUENCE', asns: seq }] },
    { type: 'NEXT_HOP', nextHop: s.address },
    { type: 'LOCAL_PREF', localPref: 100 },
    ...extra,
  ];
  return { session: s, attributes };
}

// Cases aimed at rules where FRR departs from the RFCs, with FRR's observed answer (the same in
// every variant): bgpwire's answer differs by design and is not asserted against FRR.
const PROBES: readonly { readonly candidates: Candidate[]; readonly frr: string; readonly why: string }[] = [
  {
    // Two confederation peers, equal up to the identifier; s19 (.19) carries ORIGINATOR_ID .1.
    candidates: [inner('s20', [64514], [65001]), inner('s19', [64513], [65001], [{ type: 'ORIGINATOR_ID', originatorId: '10.9.0.1' }])],
    frr: 's19',
    why: 'ORIGINATOR_ID from a confederation peer',
  },
  {
    // Same first Member-AS, different neighbouring AS: FRR compares MED (aspath_cmp_left_confed).
    candidates: [
      inner('s19', [64513], [65002], [{ type: 'MULTI_EXIT_DISC', med: 20 }]),
      inner('s16', [64513], [65001], [{ type: 'MULTI_EXIT_DISC', med: 10 }, { type: 'ORIGINATOR_ID', originatorId: '10.9.0.30' }]),
    ],
    frr: 's16',
    why: 'MED compared across neighbouring ASes behind one Member-AS',
  },
];

const ALL: readonly Candidate[][] = [...CASES, ...ORDERED.map((c) => c.map(withLocalPref)), ...PROBES.map((p) => p.candidates)];
const FIRST_PROBE = CASES.length + ORDERED.length;
const prefixOf = (i: number): string =>
  i < CASES.length ? `198.18.${i}.0/24` : i < FIRST_PROBE ? `198.19.${i - CASES.length}.0/24` : `198.20.${i - FIRST_PROBE}.0/24`;

interface Variant {
  readonly name: string;
  readonly frr: readonly string[];
  readonly options: Partial<DecisionOptions>;
  readonly deterministicMed: boolean;
  readonly compareRouterId: boolean;
}

const VARIANTS: readonly Variant[] = [
  { name: 'defaults', frr: [], options: {}, deterministicMed: false, compareRouterId: false },
  { name: 'deterministic-med', frr: ['bgp deterministic-med'], options: {}, deterministicMed: true, compareRouterId: false },
  { name: 'compare-routerid', frr: ['bgp bestpath compare-routerid'], options: {}, deterministicMed: false, compareRouterId: true },
  {
    name: 'deterministic-med, compare-routerid',
    frr: ['bgp deterministic-med', 'bgp bestpath compare-routerid'],
    options: {},
    deterministicMed: true,
    compareRouterId: true,
  },
  {
    name: 'deterministic-med, compare-routerid, always-compare-med',
    frr: ['bgp deterministic-med', 'bgp bestpath compare-routerid', 'bgp always-compare-med'],
    options: { alwaysCompareMed: true },
    deterministicMed: true,
    compareRouterId: true,
  },
  {
    name: 'deterministic-med, compare-routerid, med missing-as-worst, as-path ignore',
    frr: ['bgp deterministic-med', 'bgp bestpath compare-routerid', 'bgp bestpath med missing-as-worst', 'bgp bestpath as-path ignore'],
    options: { missingMedAsWorst: true, ignoreAsPathLength: true },
    deterministicMed: true,
    compareRouterId: true,
  },
  { name: 'always-compare-med', frr: ['bgp always-compare-med'], options: { alwaysCompareMed: true }, deterministicMed: false, compareRouterId: false },
];

// FRR's selectionReason strings (bgp_path_selection_reason2str) for bgpwire's steps.
const REASONS: Readonly<Record<DecisionStep, string>> = {
  'degree-of-preference': 'Local Pref',
  aigp: 'AIGP',
  'as-path-length': 'AS Path',
  origin: 'Origin',
  med: 'MED',
  'external-over-internal': 'Peer Type',
  'igp-cost': 'IGP Metric',
  'current-best': 'Older Path',
  'oldest-external': 'Older Path',
  'bgp-identifier': 'Router ID',
  'cluster-list-length': 'Cluster length',
  'peer-address': 'Neighbor IP',
};

/**
 * FRR's step 10 (bgp_path_info_cmp, "Confed Peer Type"): with a confederation configured, after
 * equal IGP metrics a path from a confederation-external peer beats one from an internal peer.
 * RFC 5065 has no such step (both count as internal, so the BGP identifier decides). The step only
 * meets paths left after external-over-internal and equal IGP metrics, so an IGP cost of 0 for
 * confederation paths and 1 for internal ones (all metrics are 0 here) reproduces it exactly.
 */
const frrConfedPeerType: Partial<DecisionOptions> = {
  resolveNextHop: (_nh, route) => ({ resolvable: true, igpCost: route.peer.type === 'internal' ? 1 : 0 }),
};

/** bgpwire's replay of FRR's history: one selection per round the prefix got a path in. */
function replay(routes: readonly Route[], v: Variant, extra: Partial<DecisionOptions> = {}): { best: Route | undefined; step: DecisionStep | undefined; lastStep: DecisionStep | undefined } {
  let best: Route | undefined;
  let step: DecisionStep | undefined;
  let lastStep: DecisionStep | undefined;
  for (let r = 0; r < routes.length; r++) {
    // FRR's path list: new paths go at the head.
    const list = routes.slice(0, r + 1).reverse();
    const options: Partial<DecisionOptions> = {
      ...v.options,
      ...extra,
      deterministicMed: v.deterministicMed,
      rfc5004: !v.compareRouterId,
      currentBest: best,
    };
    const sel = selectBest(list, options);
    // FRR's stated reason is that of the last comparison it made. bgp_best_selection's multipath
    // pass (maximum-paths defaults above 1) compares each other path with the winner, down the
    // list, so the last is the oldest loser against the winner, whatever step decided the walk.
    const last = list.filter((x) => x !== sel.best).at(-1);
    lastStep = last === undefined || sel.best === undefined ? undefined : selectBest([sel.best, last], options).step;
    best = sel.best;
    step = sel.step;
  }
  return { best, step, lastStep };
}

interface FrrPath {
  readonly peer?: { readonly peerId?: string };
  readonly valid?: boolean;
  readonly bestpath?: { readonly overall?: boolean; readonly selectionReason?: string };
}

/** Splits vtysh's output of several JSON commands into the objects. */
function splitJson(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth++ === 0) start = i;
    } else if (ch === '}' && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
  }
  return out;
}

describe.skipIf(!ready)('decision process agrees with FRR (network namespaces)', () => {
  const lab = new Lab(`bwf${process.pid % 100000}`);
  const summary: string[] = [];

  beforeAll(() => {
    // bgpd and zebra drop to the frr user: it must reach the scratch directory.
    chmodSync(lab.work, 0o755);
    lab.up(600);
  });

  afterAll(async () => {
    await lab.down();
    if (summary.length > 0) console.log(summary.join('\n'));
  });

  function frrConfig(v: Variant, dir: string): string {
    return [
      'hostname bgpwire-frr',
      `log file ${join(dir, 'bgpd.log')}`,
      'router bgp 65000',
      ` bgp router-id ${ROUTER_ADDRESS}`,
      ` bgp confederation identifier ${LOCAL.confederationId}`,
      ` bgp confederation peers ${SESSIONS.filter((s) => s.type === 'confed-external').map((s) => s.asn).join(' ')}`,
      // FRR 8's traditional profile refuses eBGP routes without an import policy.
      ' no bgp ebgp-requires-policy',
      ...v.frr.map((l) => ` ${l}`),
      ...SESSIONS.flatMap((s) => [` neighbor ${s.address} remote-as ${s.asn}`, ` neighbor ${s.address} passive`]),
      'exit',
      '',
    ].join('\n');
  }

  for (const [vi, variant] of VARIANTS.entries()) {
    it(`${variant.name}: FRR's best path equals bgpwire's replay on ${CASES.length} random + ${ORDERED.length} ordered cases`, async () => {
      const dir = join(lab.work, `v${vi}`);
      mkdirSync(dir);
      chmodSync(dir, 0o777);
      // Each case's routes in arrival order, as bgpwire decodes them back; the rounds for the feeder.
      const routes: Route[][] = ALL.map(() => []);
      const rounds: { session: string; update: string }[][] = [];
      ALL.forEach((c, i) => {
        c.forEach((cand, r) => {
          const { hex, route } = encodeCandidate(cand, prefixOf(i));
          (routes[i] as Route[]).push(route);
          (rounds[r] ??= []).push({ session: cand.session.name, update: hex });
        });
      });
      const scenarioFile = join(dir, 'scenario.json');
      const sessions = SESSIONS.map((s) => ({ name: s.name, local: s.address, remote: ROUTER_ADDRESS, open: openHex(s), updates: [] }));
      writeFileSync(scenarioFile, JSON.stringify({ sessions, rounds }));
      writeFileSync(join(dir, 'zebra.conf'), 'hostname bgpwire-zebra\n');
      writeFileSync(join(dir, 'bgpd.conf'), frrConfig(variant, dir));

      const vtysh = (...cmds: string[]): string =>
        sh('vtysh', ['--vty_socket', dir, '--config_dir', dir, '-d', 'bgpd', ...cmds.flatMap((c) => ['-c', c])]);
      const common = ['--vty_socket', dir, '-z', join(dir, 'zserv.api')];
      const zebra = lab.start(lab.router, join(FRR_LIB, 'zebra'), ['-f', join(dir, 'zebra.conf'), '-i', join(dir, 'zebra.pid'), ...common, '--log', `file:${join(dir, 'zebra.log')}`]);
      let bgpd: ReturnType<Lab['start']> | undefined;
      let feeder: ReturnType<Lab['start']> | undefined;
      const log = () =>
        `feeder:\n${feeder?.output() ?? ''}\nzebra:\n${zebra.output()}\nbgpd:\n${bgpd?.output() ?? ''}\n${readTail(join(dir, 'bgpd.log'))}`.slice(-3000);
      try {
        for (let i = 0; i < 50 && !existsSync(join(dir, 'zserv.api')); i++) await sleep(100);
        // -n: keep BGP routes out of the namespace's kernel table (next-hop tracking still uses zebra).
        bgpd = lab.start(lab.router, join(FRR_LIB, 'bgpd'), ['-f', join(dir, 'bgpd.conf'), '-i', join(dir, 'bgpd.pid'), ...common, '-n', '--log', `file:${join(dir, 'bgpd.log')}`]);
        let up = false;
        for (let i = 0; i < 50 && !up; i++) {
          await sleep(100);
          try {
            vtysh('show bgp ipv4 unicast summary json');
            up = true;
          } catch {
            if (bgpd.child.exitCode !== null) throw new Error(`bgpd exited\n${log()}`);
          }
        }
        expect(up, log()).toBe(true);
        feeder = lab.start(lab.feeder, process.execPath, [FEEDER, scenarioFile], 'pipe');

        const peers = (): Record<string, { state?: string; pfxRcd?: number }> =>
          (JSON.parse(vtysh('show bgp ipv4 unicast summary json')) as { peers?: Record<string, { state?: string; pfxRcd?: number }> }).peers ?? {};
        const tableVersion = (): number => (JSON.parse(vtysh('show bgp ipv4 unicast summary json')) as { tableVersion?: number }).tableVersion ?? -1;
        let established = 0;
        for (let i = 0; i < 150 && established < SESSIONS.length; i++) {
          await sleep(100);
          established = Object.values(peers()).filter((p) => p.state === 'Established').length;
        }
        expect(established, `established sessions\n${log()}`).toBe(SESSIONS.length);

        let expected = 0;
        for (const [r, round] of rounds.entries()) {
          feeder.child.stdin?.write('next\n');
          expected += round.length;
          let received = 0;
          for (let i = 0; i < 200 && received < expected; i++) {
            await sleep(50);
            received = Object.values(peers()).reduce((n, p) => n + (p.pfxRcd ?? 0), 0);
          }
          expect(received, `paths in FRR after round ${r + 1}\n${log()}`).toBe(expected);
          // Then until best-path processing has settled: the table version stops moving.
          let last = -2;
          for (let i = 0; i < 40; i++) {
            await sleep(150);
            const now = tableVersion();
            if (now === last) break;
            last = now;
          }
        }

        const answers = splitJson(vtysh(...ALL.map((_, i) => `show bgp ipv4 unicast ${prefixOf(i)} json`))) as { prefix?: string; paths?: FrrPath[] }[];
        expect(answers.length).toBe(ALL.length);
        const disagreements: string[] = [];
        const explained: string[] = [];
        const probes: string[] = [];
        const frrBest: (string | undefined)[] = [];
        const steps = new Map<string, number>();
        let reasonIsStep = 0;
        let reasonIsLast = 0;
        const reasonMismatch = new Map<string, number>();
        answers.forEach((answer, i) => {
          const candidates = routes[i] as Route[];
          const paths = answer.paths ?? [];
          // FRR lists paths newest first: the arrival order reversed.
          expect(paths.map((p) => p.peer?.peerId), prefixOf(i)).toEqual([...candidates].reverse().map((r) => r.peer.address));
          expect(paths.every((p) => p.valid === true), `${prefixOf(i)}: all paths valid`).toBe(true);
          const chosen = paths.find((p) => p.bestpath?.overall === true);
          const theirs = byAddress(chosen?.peer?.peerId ?? '')?.name;
          const reason = chosen?.bestpath?.selectionReason ?? '';
          const ours = replay(candidates, variant);
          const oursName = byAddress(ours.best?.peer.address ?? '')?.name;
          const probe = PROBES[i - FIRST_PROBE];
          if (probe !== undefined) {
            probes.push(`${prefixOf(i)} ${probe.why}: frr ${theirs} (${reason}), bgpwire ${oursName} (${ours.step})`);
            expect(theirs, probe.why).toBe(probe.frr);
            return;
          }
          steps.set(ours.step ?? 'none', (steps.get(ours.step ?? 'none') ?? 0) + 1);
          if (ours.step !== undefined && REASONS[ours.step] === reason) reasonIsStep++;
          else reasonMismatch.set(`${ours.step} / ${reason}`, (reasonMismatch.get(`${ours.step} / ${reason}`) ?? 0) + 1);
          frrBest[i] = theirs;
          const modelledLast = replay(candidates, variant, frrConfedPeerType).lastStep;
          if ((ours.lastStep !== undefined && REASONS[ours.lastStep] === reason) || (modelledLast === 'igp-cost' && reason === 'Confed Peer Type')) reasonIsLast++;
          if (oursName === theirs) return;
          const modelled = replay(candidates, variant, frrConfedPeerType).best?.peer.address;
          if (modelled !== undefined && byAddress(modelled)?.name === theirs) {
            explained.push(`${prefixOf(i)}: frr ${theirs} (${reason}), bgpwire ${oursName} (${ours.step})`);
          } else {
            disagreements.push(
              `${prefixOf(i)}: frr ${theirs} (${reason}), bgpwire ${oursName} (${ours.step}); arrival ` +
                JSON.stringify(candidates.map((r) => [r.peer.address, r.attributes.filter((a) => a.type !== 'NEXT_HOP')])),
            );
          }
        });
        const line =
          `[interop] FRR ${variant.name}: ${CASES.length + ORDERED.length - disagreements.length - explained.length}/${CASES.length + ORDERED.length} agree, ` +
          `${explained.length} differ by FRR's confed-external-over-internal step, ${disagreements.length} unexplained; ` +
          `FRR's reason names bgpwire's deciding step in ${reasonIsStep}` +
          `, the winner against the oldest other path (FRR's confed step included) in ${reasonIsLast}` +
          `; deciding steps ${JSON.stringify(Object.fromEntries(steps))}; step/reason mismatches ${JSON.stringify(Object.fromEntries(reasonMismatch))}`;
        const orderedLine = `  ordered (arrival -> FRR's best): ${ORDERED.map((c, k) => `${c.map((x) => x.session.name).join(',')} -> ${frrBest[CASES.length + k]}`).join('; ')}`;
        summary.push(line, orderedLine);
        console.log(orderedLine);
        console.log(line);
        console.log(`  probes:\n  ${probes.join('\n  ')}`);
        if (explained.length > 0) console.log(`  explained:\n  ${explained.join('\n  ')}`);
        if (disagreements.length > 0) console.log(disagreements.join('\n'));
        expect(disagreements).toEqual([]);
        // The stated reason is always that of the winner against the oldest other path.
        expect(reasonIsLast).toBe(CASES.length + ORDERED.length);
        if (variant.name === 'defaults') {
          // RFC 3345 (A = s13 MED 0, B = s14 MED 1, both AS 65002; C = s15, AS 65003). Arriving B, C,
          // A, FRR keeps B, the worse MED of AS 65002: its walk (newest first) compares C with A (C
          // wins on router ID), then B, the current best, beats C as the older external path, so A
          // and B never meet. Arriving A, B, C it keeps A. The RFC procedure picks C in every order.
          expect([frrBest[CASES.length], frrBest[CASES.length + 1]]).toEqual(['s14', 's13']);
          for (const k of [0, 1]) expect(selectBest(routes[CASES.length + k] as Route[]).best?.peer.address).toBe('10.0.0.15');
        }
      } finally {
        await Lab.stop([feeder?.child, bgpd?.child, zebra.child], 3000);
      }
    });
  }

  function readTail(path: string): string {
    try {
      return readFileSync(path, 'utf8').slice(-4000);
    } catch {
      return '';
    }
  }
});
