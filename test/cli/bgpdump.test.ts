import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool, noShared, repoRoot, SKIP_SHARED, sharedRoot } from '../helpers/shared.ts';
import { sharedMrtFiles } from '../helpers/corpus.ts';
import { compareLines, type Comparison, type DifferenceKind, runLines } from './bgpdump-compare.ts';
import { buildCli } from './cli-build.ts';

// `bgpwire decode --format bgpdump` against two oracles, line for line, on every MRT file of
// ../shared/corpus/mrt (compressed or not):
//  - Debian's bgpdump 1.6.2, run live (`bgpdump -m FILE`);
//  - the `expected/` files of ../shared/corpus/mrt/bgpdump, written by a newer bgpdump that
//    masks prefix host bits.
// Every line is equal or explained by one of the deliberate differences of docs/CLI.md, and
// the number of lines per difference is asserted, so a change in either direction shows.

const skip = noShared();
const bgpdumpTool = hasTool('bgpdump');
const hasBgpdump = !skip && bgpdumpTool;

// Oracle lines that have no counterpart in our output, per file, and why (docs/CLI.md).
const DROPPED: Record<string, DifferenceKind> = {
  'bgpdump/updates.nlri_mask_trailing_bits.gz': 'malformed-nlri',
  'mrtparse/bird_bgp': 'addpath-without-subtype',
  'mrtparse/bird6_bgp': 'addpath-without-subtype',
  'bgpkit/rrc00__updates.20000325.0345.gz': 'damaged-record',
};

// Files whose damage we report with a non-zero exit (bgpdump logs it and exits 0).
const DAMAGED = new Set(['bgpkit/rrc00__updates.20000325.0345.gz', 'bgpkit/rrc00__bview.20000111.0032.gz', 'pyasn/rib.20080501.0644_firstMB.bz2', 'pyasn/rib.20140523.0600_firstMB.bz2', 'pyasn/rib6.20151101.0600_firstMB.bz2']);

// Lines per deliberate difference against Debian bgpdump 1.6.2 over the whole corpus.
const DEBIAN_KINDS: Partial<Record<DifferenceKind, number>> = {
  'ipv6-text': 6092,
  'large-communities': 12345,
  'legacy-withdrawn-prefix': 2065,
  'as4-path-ignored': 3,
  'malformed-aggregator': 1,
  'malformed-nlri': 1,
  'addpath-without-subtype': 56,
  'damaged-record': 2042,
};
const DEBIAN_LINES = 1_736_966;

// The same against the newer bgpdump's expected/ files (12 files of bgpdump's own test data).
const EXPECTED_KINDS: Partial<Record<DifferenceKind, number>> = { 'ipv6-text': 42, 'large-communities': 2, 'malformed-nlri': 1 };
const EXPECTED_LINES = 811_887;

let cli: ReturnType<typeof buildCli> | undefined;
beforeAll(() => {
  if (!skip || bgpdumpTool) cli = buildCli();
});
afterAll(() => cli?.cleanup());

function ours(file: string): Promise<{ lines: string[]; stderr: string; code: number }> {
  return runLines(process.execPath, [cli?.main as string, 'decode', '--format', 'bgpdump', '--no-progress', file]);
}

function total(results: readonly Comparison[]): { compared: number; kinds: Partial<Record<DifferenceKind, number>> } {
  const kinds: Partial<Record<DifferenceKind, number>> = {};
  let compared = 0;
  for (const r of results) {
    compared += r.compared;
    for (const [k, n] of Object.entries(r.kinds) as [DifferenceKind, number][]) kinds[k] = (kinds[k] ?? 0) + n;
  }
  return { compared, kinds };
}

async function inBatches<T, R>(items: readonly T[], size: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(f))));
  return out;
}

describe.skipIf(skip || !hasBgpdump)(`--format bgpdump vs Debian bgpdump 1.6.2 live (${skip ? SKIP_SHARED : 'bgpdump -m'})`, () => {
  it('prints what bgpdump -m prints on every MRT file, line for line, with the listed differences', async () => {
    const files = sharedMrtFiles();
    expect(files.length).toBeGreaterThanOrEqual(41);
    const results = await inBatches(files, 4, async (file) => {
      const name = relative(join(sharedRoot, 'corpus', 'mrt'), file);
      const [oracle, mine] = await Promise.all([runLines('bgpdump', ['-m', file]), ours(file)]);
      expect(oracle.code, name).toBe(0);
      // Our one-line error for damaged files; never a stack trace.
      expect(mine.stderr.split('\n').filter((l) => l !== '').length, `${name}: ${mine.stderr}`).toBeLessThanOrEqual(1);
      expect(mine.code !== 0, `${name}: ${mine.stderr}`).toBe(DAMAGED.has(name));
      const r = compareLines(oracle.lines, mine.lines, DROPPED[name]);
      expect(r.unexplained, name).toEqual([]);
      return r;
    });
    const t = total(results);
    expect(t.compared).toBe(DEBIAN_LINES);
    expect(t.kinds).toEqual(DEBIAN_KINDS);
  });
});

describe.skipIf(skip)(`--format bgpdump vs the expected/ files of a newer bgpdump (${skip ? SKIP_SHARED : '../shared/corpus/mrt/bgpdump/expected'})`, () => {
  it('prints what the newer bgpdump printed on its own test files, with the listed differences', async () => {
    const dir = join(sharedRoot, 'corpus', 'mrt', 'bgpdump');
    const names = readdirSync(join(dir, 'expected')).filter((n) => n.endsWith('.bgp.gz'));
    expect(names.length).toBe(12);
    const results = await inBatches(names, 4, async (n) => {
      const file = n.replace(/\.bgp\.gz$/, '');
      const expected = gunzipSync(readFileSync(join(dir, 'expected', n))).toString('utf8').split('\n');
      if (expected[expected.length - 1] === '') expected.pop();
      const mine = await ours(join(dir, file));
      expect(mine.code, `${file}: ${mine.stderr}`).toBe(0);
      const r = compareLines(expected, mine.lines, DROPPED[`bgpdump/${file}`]);
      expect(r.unexplained, file).toEqual([]);
      return r;
    });
    const t = total(results);
    expect(t.compared).toBe(EXPECTED_LINES);
    expect(t.kinds).toEqual(EXPECTED_KINDS);
  });

  it('masks prefix host bits as the newer bgpdump does; Debian 1.6.2 prints them (RFC 4271 4.3)', async () => {
    // updates.nlri_mask_trailing_bits with its broken last NLRI octet removed: a well-formed
    // UPDATE announcing 11.13.0.0/13 (host bits set), MRT length 76 -> 75, BGP length 60 -> 59.
    const raw = gunzipSync(readFileSync(join(sharedRoot, 'corpus', 'mrt', 'bgpdump', 'updates.nlri_mask_trailing_bits.gz')));
    expect(raw.length).toBe(88);
    const fixed = Buffer.from(raw.subarray(0, 87));
    fixed.writeUInt32BE(75, 8);
    fixed.writeUInt16BE(59, 12 + 16 + 16);
    const file = join(repoRoot, '.tmp', `host-bits-${process.pid}.mrt`);
    writeFileSync(file, fixed);
    const mine = await ours(file);
    expect(mine.code).toBe(0);
    const line = 'BGP4MP|1289168632|A|12.0.1.63|7018|11.8.0.0/13|7018 3549 12389 48275 51044|IGP|12.0.1.63|0|0|6923:3339|NAG||';
    expect(mine.lines).toEqual([line]);
    // The expected/ file of the newer bgpdump has this very line for the original file.
    const expected = gunzipSync(readFileSync(join(sharedRoot, 'corpus', 'mrt', 'bgpdump', 'expected', 'updates.nlri_mask_trailing_bits.gz.bgp.gz'))).toString('utf8');
    expect(expected.trim()).toBe(line);
    if (hasBgpdump) {
      const deb = await runLines('bgpdump', ['-m', file]);
      expect(deb.lines).toEqual([line.replace('11.8.0.0/13', '11.13.0.0/13')]);
    }
  });
});

// Our own daemon dumps (test/fixtures, made by test/fixtures/make-daemon-dumps.sh): BIRD's
// `protocol mrt` writes NEXT_HOP and LOCAL_PREF with attribute flags 0x00, OpenBGPD's
// `dump table-v2` gives its own networks NEXT_HOP 0.0.0.0. The decoder keeps those values
// beside their RFC 7606 issues, so every line is bgpdump's (issue 14: before, next hop
// 255.255.255.255 and local pref 0).
const DAEMON_DUMPS: Record<string, number> = { 'bird-table.mrt': 6, 'bird-table-addpath.mrt': 6, 'openbgpd-table-v2.mrt': 6 };

describe.skipIf(!bgpdumpTool)('--format bgpdump vs bgpdump -m on the BIRD and OpenBGPD dumps of test/fixtures', () => {
  it('prints every line exactly as bgpdump -m does', async () => {
    let compared = 0;
    for (const [name, count] of Object.entries(DAEMON_DUMPS)) {
      const file = join(repoRoot, 'test', 'fixtures', name);
      const [oracle, mine] = await Promise.all([runLines('bgpdump', ['-m', file]), ours(file)]);
      expect(oracle.code, name).toBe(0);
      expect(oracle.lines.length, name).toBe(count);
      expect(mine.code, `${name}: ${mine.stderr}`).toBe(0);
      expect(mine.lines, name).toEqual(oracle.lines);
      compared += oracle.lines.length;
    }
    expect(compared).toBe(18);
  });

  it('shows BIRD\'s next hop and local pref, and OpenBGPD\'s 0.0.0.0', async () => {
    const bird = await ours(join(repoRoot, 'test', 'fixtures', 'bird-table.mrt'));
    expect(bird.lines[0]).toBe('TABLE_DUMP2|1796538172|B|10.0.0.1|65001|10.1.3.0/24|65001|IGP|10.0.0.1|100|50|65001:7|NAG||');
    const ap = await ours(join(repoRoot, 'test', 'fixtures', 'bird-table-addpath.mrt'));
    expect(ap.lines.filter((l) => l.includes('|IGP|10.0.0.1|100|50|')).length).toBe(4);
    const obgpd = await ours(join(repoRoot, 'test', 'fixtures', 'openbgpd-table-v2.mrt'));
    expect(obgpd.lines.filter((l) => l.includes('|IGP|0.0.0.0|100|0|')).length).toBe(2);
  });
});
