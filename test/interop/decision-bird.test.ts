// Agreement with a real router (issue 7): BIRD 2 in a network namespace receives candidate routes
// for many prefixes from bgpwire-encoded sessions, and its best path for each prefix is compared
// with selectBest under the matching options.
//
// Topology, sessions and candidates: decision-scenario.ts (shared with the FRR test). BIRD runs in
// the router namespace, the feeder in the other; every process is stopped by PID and both
// namespaces are deleted afterwards (or by the watchdog if this process dies).
//
// Runs only with BGPWIRE_INTEROP=1 or BGPWIRE_REQUIRE=1, as root, with bird, birdc and ip on PATH.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DecisionOptions, type Route, selectBest } from '../../src/decision/index.ts';
import { hasTool, requireAll } from '../helpers/shared.ts';
import {
  type Candidate,
  caseArb,
  encodeCandidate,
  FEEDER,
  IGP_METRICS,
  Lab,
  LOCAL,
  openHex,
  ORDERED,
  ROUTER_ADDRESS,
  SESSIONS,
  sh,
  sleep,
} from './decision-scenario.ts';

const wanted = process.env.BGPWIRE_INTEROP === '1' || requireAll;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (wanted && requireAll && !isRoot) throw new Error('decision interop needs root for network namespaces (BGPWIRE_REQUIRE=1)');
const ready = wanted && isRoot && hasTool('bird') && hasTool('birdc') && hasTool('ip');

const CASES: Candidate[][] = fc.sample(caseArb(false), { seed: 7, numRuns: 200 });
const AIGP_CASES: Candidate[][] = fc.sample(caseArb(true), { seed: 11, numRuns: 200 });
const IGP_CASES: Candidate[][] = fc.sample(caseArb(false, true), { seed: 13, numRuns: 200 });
const AIGP_IGP_CASES: Candidate[][] = fc.sample(caseArb(true, true), { seed: 17, numRuns: 200 });
const resolveByMetric: DecisionOptions['resolveNextHop'] = (nh) => ({ resolvable: true, igpCost: IGP_METRICS[nh ?? ''] ?? 0 });
const prefixOf = (i: number): string => `198.18.${i}.0/24`;

const orderedPrefixOf = (i: number): string => `198.19.${i}.0/24`;

interface Variant {
  readonly name: string;
  readonly bird: readonly string[];
  readonly options: Partial<DecisionOptions>;
  /** `random`: CASES (AIGP_CASES with `aigp`), sent all at once. `ordered`: ORDERED, one route at a time. */
  readonly mode: 'random' | 'ordered';
  /** Resolve internal next hops recursively through static routes with IGP metrics (IGP_CASES). */
  readonly igp?: boolean;
}

const VARIANTS: readonly Variant[] = [
  { name: 'deterministic med', bird: ['deterministic med on;'], options: {}, mode: 'random' },
  { name: 'deterministic med, med metric', bird: ['deterministic med on;', 'med metric on;'], options: { alwaysCompareMed: true }, mode: 'random' },
  {
    name: 'deterministic med, path metric off, default bgp_med 4294967295',
    bird: ['deterministic med on;', 'path metric off;', 'default bgp_med 4294967295;'],
    options: { ignoreAsPathLength: true, missingMedAsWorst: true },
    mode: 'random',
  },
  // BIRD always applies AIGP (RFC 7311 section 4.1, after LOCAL_PREF); it accepts the attribute by
  // default on iBGP and confederation sessions. bgpwire needs the option.
  { name: 'deterministic med, AIGP', bird: ['deterministic med on;'], options: { aigp: true }, mode: 'random' },
  { name: 'deterministic med, IGP metrics', bird: ['deterministic med on;'], options: { resolveNextHop: resolveByMetric }, mode: 'random', igp: true },
  { name: 'deterministic med, AIGP, IGP metrics', bird: ['deterministic med on;'], options: { aigp: true, resolveNextHop: resolveByMetric }, mode: 'random', igp: true },
  // BIRD's default compares each new route with the current best: bgpwire's pairwise mode, given
  // the routes in arrival order.
  { name: 'defaults (deterministic med off), arrival order', bird: [], options: { deterministicMed: false }, mode: 'ordered' },
  { name: 'deterministic med, prefer older', bird: ['deterministic med on;', 'prefer older on;'], options: { compareRouterId: false }, mode: 'ordered' },
];

describe.skipIf(!ready)('decision process agrees with BIRD 2 (network namespaces)', () => {
  const lab = new Lab(`bwd${process.pid % 100000}`);
  const nsD = lab.router;
  const nsF = lab.feeder;
  const work = lab.work;

  beforeAll(() => lab.up(600));
  afterAll(() => lab.down());

  // Everything the feeder sends, encoded by bgpwire, and the routes as bgpwire decodes them back.
  function buildScenario(variant: Variant): { json: string; routes: Route[][]; prefixes: string[] } {
    const mode = variant.mode;
    const aigp = variant.options.aigp === true;
    const cases = mode === 'ordered' ? [] : variant.igp === true ? (aigp ? AIGP_IGP_CASES : IGP_CASES) : aigp ? AIGP_CASES : CASES;
    const routes: Route[][] = cases.map(() => []);
    const sessions = SESSIONS.map((s) => {
      const updates: string[] = [];
      cases.forEach((c, i) => {
        for (const cand of c) {
          if (cand.session !== s) continue;
          const { hex, route } = encodeCandidate(cand, prefixOf(i));
          updates.push(hex);
          (routes[i] as Route[]).push(route);
        }
      });
      return { name: s.name, local: s.address, remote: ROUTER_ADDRESS, open: openHex(s), updates };
    });
    const prefixes = cases.map((_, i) => prefixOf(i));
    const ordered: { session: string; update: string }[] = [];
    if (mode === 'ordered') {
      ORDERED.forEach((c, i) => {
        const list: Route[] = [];
        for (const cand of c) {
          const { hex, route } = encodeCandidate(cand, orderedPrefixOf(i), ordered.length + 1);
          ordered.push({ session: cand.session.name, update: hex });
          list.push(route);
        }
        routes.push(list);
        prefixes.push(orderedPrefixOf(i));
      });
    }
    return { json: JSON.stringify({ sessions, ordered, gapMs: 250 }), routes, prefixes };
  }

  function birdConfig(v: Variant, dir: string): string {
    return [
      `log "${join(dir, 'bird.log')}" all;`,
      `router id ${LOCAL.bgpId};`,
      'protocol device { }',
      'protocol direct { ipv4; interface "eth0"; }',
      ...(v.igp === true
        ? ['protocol static {', '  ipv4;', ...Object.entries(IGP_METRICS).map(([nh, m]) => `  route ${nh}/32 via 10.0.0.16 { igp_metric = ${m}; };`), '}']
        : []),
      'template bgp feed {',
      `  local 10.0.0.1 as ${LOCAL.asn};`,
      '  passive on;',
      '  hold time 240;',
      '  direct;',
      `  confederation ${LOCAL.confederationId};`,
      ...v.bird.map((l) => `  ${l}`),
      '}',
      ...SESSIONS.map((s) => {
        const gateway = v.igp === true && s.type !== 'external' ? 'recursive' : 'direct';
        const member = s.type === 'confed-external' ? ' confederation member yes;' : '';
        return `protocol bgp ${s.name} from feed { neighbor ${s.address} as ${s.asn};${member} ipv4 { import all; export none; gateway ${gateway}; }; }`;
      }),
      '',
    ].join('\n');
  }

  function birdc(sock: string, ...args: string[]): string {
    return sh('ip', ['netns', 'exec', nsD, 'birdc', '-s', sock, ...args]);
  }

  /** BIRD's best route per prefix: the protocol (session) name of the line marked `*`. */
  function bestByPrefix(text: string): Map<string, string> {
    const best = new Map<string, string>();
    let prefix = '';
    for (const line of text.split('\n')) {
      const m = /^(\S+)?\s+unicast \[(\S+)[ \]].*?\]\s+(\*)?/.exec(line);
      if (m === null) continue;
      if (m[1] !== undefined) prefix = m[1];
      if (m[3] === '*' && m[2] !== undefined) best.set(prefix, m[2]);
    }
    return best;
  }

  for (const variant of VARIANTS) {
    const count = variant.mode === 'random' ? `${CASES.length} random cases` : `${ORDERED.length} cases sent in a known order`;
    it(`${variant.name}: BIRD's best path equals selectBest's on ${count}`, async () => {
      const dir = mkdtempSync(join(work, 'v-'));
      const { json, routes, prefixes } = buildScenario(variant);
      const scenarioFile = join(dir, 'scenario.json');
      writeFileSync(scenarioFile, json);
      const conf = join(dir, 'bird.conf');
      writeFileSync(conf, birdConfig(variant, dir));
      const sock = join(dir, 'bird.ctl');
      const birdProc = lab.start(nsD, 'bird', ['-f', '-c', conf, '-s', sock, '-P', join(dir, 'bird.pid')]);
      const bird = birdProc.child;
      let feederProc: ReturnType<Lab['start']> | undefined;
      let feeder: ChildProcess | undefined;
      try {
        for (let i = 0; i < 50; i++) {
          try {
            birdc(sock, 'show', 'status');
            break;
          } catch {
            if (bird.exitCode !== null) throw new Error(`bird exited: ${birdProc.output()}`);
            await sleep(100);
          }
        }
        feederProc = lab.start(nsF, process.execPath, [FEEDER, scenarioFile]);
        feeder = feederProc.child;
        // + the direct 10.0.0.0/24 and any static routes
        const expected = routes.reduce((n, r) => n + r.length, 0) + 1 + (variant.igp === true ? Object.keys(IGP_METRICS).length : 0);
        let count = 0;
        for (let i = 0; i < 200 && count < expected; i++) {
          await sleep(200);
          const m = /(\d+) of (\d+) routes/.exec(birdc(sock, 'show', 'route', 'count'));
          count = m === null ? 0 : Number(m[2]);
        }
        expect(count, `routes in BIRD; feeder:\n${feederProc.output()}\nbird:\n${birdProc.output()}\n${readLog(dir)}`).toBe(expected);
        const best = bestByPrefix(birdc(sock, 'show', 'route'));
        const disagreements: string[] = [];
        routes.forEach((candidates, i) => {
          const ours = selectBest(candidates, variant.options);
          const oursName = SESSIONS.find((s) => s.address === ours.best?.peer.address)?.name;
          const theirs = best.get(prefixes[i] as string);
          if (oursName !== theirs) {
            disagreements.push(
              `${prefixes[i]}: bird ${theirs}, bgpwire ${oursName} (${ours.step}); ` +
                JSON.stringify(candidates.map((r) => [r.peer.address, r.attributes.filter((a) => a.type !== 'NEXT_HOP')])),
            );
          }
        });
        const steps = new Map<string, number>();
        for (const c of routes) {
          const s = selectBest(c, variant.options).step ?? 'none';
          steps.set(s, (steps.get(s) ?? 0) + 1);
        }
        console.log(`[interop] BIRD ${variant.name}: ${routes.length - disagreements.length}/${routes.length} agree; deciding steps ${JSON.stringify(Object.fromEntries(steps))}`);
        expect(disagreements).toEqual([]);
        if (variant.mode === 'ordered' && variant.options.deterministicMed === false) {
          // The RFC 3345 pair: the router's answer depends on arrival order; the RFC's does not.
          expect(best.get(orderedPrefixOf(0))).toBe('s13');
          expect(best.get(orderedPrefixOf(1))).toBe('s15');
          for (const i of [0, 1]) expect(selectBest(routes[i] as Route[]).best?.peer.address).toBe('10.0.0.15');
        }
      } finally {
        await Lab.stop([feeder, bird]);
      }
    });
  }

  function readLog(dir: string): string {
    try {
      return readFileSync(join(dir, 'bird.log'), 'utf8').slice(-4000);
    } catch {
      return '';
    }
  }
});
