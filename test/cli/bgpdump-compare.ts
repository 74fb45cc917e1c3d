import { spawn } from 'node:child_process';
import { formatIPv6, parseIPv6 } from '../../src/wire/ip.ts';

/** Why a line of ours differs from bgpdump's (each listed in docs/CLI.md with its RFC sentence). */
export type DifferenceKind =
  | 'ipv6-text'
  | 'large-communities'
  | 'legacy-withdrawn-prefix'
  | 'as4-path-ignored'
  | 'malformed-aggregator'
  | 'malformed-nlri'
  | 'addpath-without-subtype'
  | 'damaged-record';

/** Result of lining our output up with the oracle's. */
export interface Comparison {
  /** Oracle lines compared (all of them, equal or explained). */
  readonly compared: number;
  readonly equal: number;
  /** Lines touched per kind (a line may count under two kinds). */
  readonly kinds: Partial<Record<DifferenceKind, number>>;
  /** Lines neither equal nor explained: the test fails on any. */
  readonly unexplained: readonly { readonly line: number; readonly oracle: string | undefined; readonly ours: string | undefined }[];
}

function ipv6Field(f: string): string {
  const slash = f.indexOf('/');
  const addr = slash < 0 ? f : f.slice(0, slash);
  if (!addr.includes(':')) return f;
  const b = parseIPv6(addr);
  return b === undefined ? f : formatIPv6(b) + (slash < 0 ? '' : f.slice(slash));
}

/** bgpdump 1.6.2 compresses a single zero group to `::`; RFC 5952 4.2.2 forbids that. */
function normaliseIPv6(line: string): string {
  return line.split('|').map(ipv6Field).join('|');
}

/** Our communities field with the RFC 8092 large communities taken out. */
function withoutLarge(line: string): string {
  return line
    .split('|')
    .map((f) => f.split(' ').filter((t) => !/^\d+:\d+:\d+$/.test(t)).join(' '))
    .join('|');
}

function sameExcept(a: readonly string[], b: readonly string[], index: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (i !== index && a[i] !== b[i]) return false;
  return true;
}

/** The kinds that explain why `ours` differs from `oracle`, or undefined when they do not. */
export function explain(oracle: string, ours: string): DifferenceKind[] | undefined {
  const kinds: DifferenceKind[] = [];
  let o = oracle;
  let u = ours;
  if (normaliseIPv6(o) !== o || normaliseIPv6(u) !== u) {
    const o2 = normaliseIPv6(o);
    if (o2 !== o) kinds.push('ipv6-text');
    o = o2;
  }
  if (o === u) return kinds;
  const u2 = withoutLarge(u);
  if (u2 !== u) {
    kinds.push('large-communities');
    u = u2;
  }
  if (o === u) return kinds;
  const of = o.split('|');
  const uf = u.split('|');
  // BGP|time|W|peer|as|prefix: bgpdump prints the peer address in place of the prefix.
  if (of[0] === 'BGP' && of[2] === 'W' && sameExcept(of, uf, 5) && of[5]?.split('/')[0] === of[3] && of[5]?.split('/')[1] === uf[5]?.split('/')[1]) {
    return [...kinds, 'legacy-withdrawn-prefix'];
  }
  // A route line: the AS path field is 6 (7 with a path id), the aggregator the last but one.
  const pathAt = of[2] === 'A' || of[2] === 'B' ? (of.length === 15 ? 6 : 7) : -1;
  if (pathAt > 0 && sameExcept(of, uf, pathAt)) {
    const agg = uf[uf.length - 2] ?? '';
    const op = of[pathAt]?.split(' ') ?? [];
    const up = uf[pathAt]?.split(' ') ?? [];
    if (agg !== '' && !agg.startsWith('23456 ') && op.length === up.length && up.some((x, i) => x === '23456' && op[i] !== '23456')) return [...kinds, 'as4-path-ignored'];
  }
  if (pathAt > 0 && sameExcept(of, uf, of.length - 2) && uf[uf.length - 2] === '') return [...kinds, 'malformed-aggregator'];
  return undefined;
}

/**
 * Lines our output up with the oracle's: equal or explained lines advance both; an oracle
 * line with no counterpart counts as `dropped` (the file's known reason) when one is given.
 */
export function compareLines(oracle: readonly string[], ours: readonly string[], dropped?: DifferenceKind): Comparison {
  const kinds: Partial<Record<DifferenceKind, number>> = {};
  const unexplained: { line: number; oracle: string | undefined; ours: string | undefined }[] = [];
  const count = (k: DifferenceKind): void => {
    kinds[k] = (kinds[k] ?? 0) + 1;
  };
  let equal = 0;
  let i = 0;
  let j = 0;
  while (i < oracle.length) {
    const o = oracle[i] as string;
    const u = ours[j];
    if (u === o) {
      equal++;
      i++;
      j++;
      continue;
    }
    const why = u === undefined ? undefined : explain(o, u);
    if (why !== undefined) {
      for (const k of why) count(k);
      i++;
      j++;
      continue;
    }
    if (dropped !== undefined) {
      count(dropped);
      i++;
      continue;
    }
    if (unexplained.length < 20) unexplained.push({ line: i + 1, oracle: o, ours: u });
    i++;
    j++;
  }
  for (; j < ours.length; j++) if (unexplained.length < 20) unexplained.push({ line: j + 1, oracle: undefined, ours: ours[j] });
  return { compared: oracle.length, equal, kinds, unexplained };
}

/** Runs a command to completion, collecting stdout as lines (output can be hundreds of MB). */
export function runLines(cmd: string, args: readonly string[]): Promise<{ lines: string[]; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let rest = '';
    let stderr = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (s: string) => {
      const parts = (rest + s).split('\n');
      rest = parts.pop() ?? '';
      for (const l of parts) lines.push(l);
    });
    p.stderr.setEncoding('utf8');
    p.stderr.on('data', (s: string) => {
      stderr += s;
    });
    p.on('error', reject);
    p.on('close', (code) => {
      if (rest !== '') lines.push(rest);
      resolve({ lines, stderr, code: code ?? -1 });
    });
  });
}
