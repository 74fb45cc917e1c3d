import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACK, ethernet, frame, ipv4, pcapFile, SYN } from '../helpers/pcap-builder.ts';
import { noShared, repoRoot, sharedPath, SKIP_SHARED } from '../helpers/shared.ts';
import { buildCli } from './cli-build.ts';

// The edges a user meets first (issue 15): standard input, --version, exit codes, captures
// without BGP, gzip offsets, the hex directive's names.

let cli: ReturnType<typeof buildCli>;
let tmp: string;

beforeAll(() => {
  cli = buildCli();
  tmp = join(repoRoot, '.tmp', `cli-edges-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
});
afterAll(() => {
  cli.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

function run(args: string[], input?: Uint8Array | string): { out: string[]; err: string; code: number } {
  const r = spawnSync(process.execPath, [cli.main, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...(input === undefined ? {} : { input }) });
  const out = r.stdout === '' ? [] : r.stdout.replace(/\n$/, '').split('\n');
  return { out, err: r.stderr, code: r.status ?? -1 };
}

/** Runs a shell command line (for pipes and `<(...)`), `$BGPWIRE` being the command. */
function shell(line: string): { out: string[]; err: string; code: number } {
  const r = spawnSync('bash', ['-c', line], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, BGPWIRE: `${process.execPath} ${cli.main}` } });
  const out = r.stdout === '' ? [] : r.stdout.replace(/\n$/, '').split('\n');
  return { out, err: r.stderr, code: r.status ?? -1 };
}

const SAMPLE = join(repoRoot, 'test', 'fixtures', 'sample-session.pcap');

// An UPDATE with AS_PATH 65001 65002 in 2-octet form (RFC 4271 4.3): it reads right only
// when the file says the session was 2-octet.
const UPDATE_2OCTET = 'ffffffffffffffffffffffffffffffff002f0200000014400101004002060202fde9fdea400304c000020118c63364';

describe('hex dumps: the 2-octet directive', () => {
  it('`# as4: false` and the former `# asn4: false` both read the AS_PATH as 2-octet', () => {
    for (const directive of ['# as4: false', '# asn4: false']) {
      const f = join(tmp, `two-octet-${directive.length}.hex`);
      writeFileSync(f, `${directive}\n${UPDATE_2OCTET}\n`);
      const r = run(['decode', f]);
      expect([r.code, r.err]).toEqual([0, '']);
      expect(r.out).toHaveLength(1);
      expect(r.out[0]).toContain('as-path 65001 65002');
    }
    // Without the directive the same bytes are read as 4-octet: not that path.
    const f = join(tmp, 'four-octet.hex');
    writeFileSync(f, `${UPDATE_2OCTET}\n`);
    expect(run(['decode', f]).out.join('\n')).not.toContain('as-path 65001 65002');
  });
});

describe('standard input and pipes', () => {
  it('`decode -`, /dev/stdin and <(...) read a capture as the file does (format from the first bytes)', () => {
    const file = run(['decode', SAMPLE]);
    expect(file.out).toHaveLength(14);
    const raw = readFileSync(SAMPLE);
    const all = [
      run(['decode', '-'], raw),
      run(['decode', '/dev/stdin'], raw), // a socket here (node's stdio), not openable: read as standard input
      shell(`$BGPWIRE decode /dev/stdin < ${SAMPLE}`),
      shell(`$BGPWIRE decode <(cat ${SAMPLE})`),
      shell(`cat ${SAMPLE} | $BGPWIRE decode -`),
    ];
    for (const r of all) {
      expect([r.code, r.err]).toEqual([0, '']);
      expect(r.out).toEqual(file.out);
    }
    // gzip-compressed, through a pipe: decompressed as it streams, found to be a pcap.
    const gz = run(['decode', '--json', '-'], gzipSync(raw));
    expect([gz.code, gz.err, gz.out.length]).toEqual([0, '', 14]);
    // A hex dump too.
    const hex = run(['decode', '-'], `# as4: false\n${UPDATE_2OCTET}\n`);
    expect(hex.out[0]).toContain('as-path 65001 65002');
    // And an empty pipe says so.
    expect(run(['decode', '-'], '')).toMatchObject({ code: 1, err: 'bgpwire: stdin: empty input\n' });
  });

  it.skipIf(noShared())('zcat x.gz | bgpwire decode - reads MRT as the .gz file does', () => {
    const gz = sharedPath('corpus', 'mrt', 'bgpdump', 'updates.20070211.0141.gz');
    if (gz === undefined) return console.warn(SKIP_SHARED);
    const file = run(['decode', '--format', 'bgpdump', gz]);
    const piped = shell(`zcat ${gz} | $BGPWIRE decode --format bgpdump -`);
    expect(file.out.length).toBeGreaterThan(10_000);
    expect([piped.code, piped.err]).toEqual([0, '']);
    expect(piped.out.length).toBe(file.out.length);
    expect(piped.out).toEqual(file.out);
  });
});

describe('--version', () => {
  it('prints the package version, with -V too', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(run([flag])).toEqual({ out: [`bgpwire ${pkg.version}`], err: '', code: 0 });
    expect(run(['decode', '--version', SAMPLE]).out).toEqual([`bgpwire ${pkg.version}`]);
  });
});

describe('a bad option value: exit 2 before any file is read, naming the option', () => {
  it.each([
    ['--prefix', 'garbage', /^bgpwire: --prefix: "garbage" is not a prefix/],
    ['--prefix', '10.0.0.0/33', /^bgpwire: --prefix: "10\.0\.0\.0\/33" is not a prefix/],
    ['--peer', 'garbage', /^bgpwire: --peer: "garbage" is not an IPv4 or IPv6 address/],
    ['--asn', 'AS-X', /^bgpwire: --asn: "-X" is not an AS number/],
    ['--port', '70000', /^bgpwire: --port: "70000" is not a TCP port/],
    ['--type', 'hello', /^bgpwire: --type: unknown message type "hello"/],
    ['--format', 'xml', /^bgpwire: --format: unknown format "xml"/],
  ])('%s %s', (option, value, message) => {
    // The file does not exist: had it been read first, the error would blame it.
    const r = run(['decode', option, value, join(tmp, 'does-not-exist.pcap')]);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toMatch(message);
    expect(r.err).not.toContain('no such file');
  });

  it('--peer takes IPv6 in any spelling (compared in RFC 5952 form)', () => {
    // The sample capture is IPv4; an IPv6 peer filter just matches nothing, without an error.
    expect(run(['decode', '--peer', '2001:DB8:0:0::1', SAMPLE])).toEqual({ out: [], err: '', code: 0 });
    expect(run(['decode', '--peer', '10.0.0.1', SAMPLE]).out).toHaveLength(14);
  });
});

describe('a capture with no BGP in it: one line on stderr, exit 0', () => {
  const web = { a: [192, 0, 2, 1], b: [192, 0, 2, 2], aPort: 50000, bPort: 443 };
  const pcapOf = (frames: Uint8Array[]) => pcapFile(frames.map((data, i) => ({ ts: BigInt(i) * 1000n, data })));

  it('TCP on another port: names what was seen and --port', () => {
    const f = join(tmp, 'web.pcap');
    writeFileSync(f, pcapOf([frame(web, true, 1, SYN), frame(web, false, 9, SYN | ACK), frame(web, true, 2, ACK), frame({ ...web, aPort: 50001 }, true, 1, SYN)]));
    expect(run(['decode', f])).toEqual({
      out: [],
      err: `bgpwire: ${f}: no BGP: 4 frames read, 2 TCP sessions seen (port 443), none on TCP port 179 (--port PORT reads BGP on another port)\n`,
      code: 0,
    });
    // With the right port the same capture has a BGP-port session (with no BGP message in it).
    expect(run(['decode', '--port', '443', f]).err).toBe(`bgpwire: ${f}: no BGP message: 4 frames read, 2 TCP sessions on TCP port 443 carried none\n`);
    // Through standard input as well.
    expect(run(['decode', '-'], readFileSync(f)).err).toContain('bgpwire: stdin: no BGP: 4 frames read');
  });

  it('no TCP at all', () => {
    const f = join(tmp, 'udp.pcap');
    writeFileSync(f, pcapOf([ethernet(ipv4([192, 0, 2, 1], [192, 0, 2, 2], new Uint8Array(8), { proto: 17 }))]));
    expect(run(['decode', '--port', '179', '--port', '1179', f])).toEqual({ out: [], err: `bgpwire: ${f}: no BGP: 1 frame read, no TCP session, none on TCP ports 179, 1179 (--port PORT reads BGP on another port)\n`, code: 0 });
  });
});

/** The offset of the compressed byte at which `gz` stops decoding: the shortest failing prefix (the oracle). */
function gzipErrorOffset(gz: Uint8Array): number {
  const fails = (n: number): boolean => {
    try {
      gunzipSync(gz.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH });
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code !== 'Z_BUF_ERROR';
    }
  };
  let lo = 0;
  let hi = gz.length;
  expect(fails(hi)).toBe(true);
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fails(mid)) hi = mid;
    else lo = mid;
  }
  return hi - 1;
}

describe.skipIf(noShared())('gzip errors: the offset is exact to the compressed byte', () => {
  it('a corrupt .gz: at the byte where it stops decoding, found again by bisection with zlib', () => {
    const src = sharedPath('corpus', 'mrt', 'bgpdump', 'updates.20070211.0141.gz');
    if (src === undefined) return console.warn(SKIP_SHARED);
    const gz = new Uint8Array(readFileSync(src));
    const checked: number[] = [];
    for (const at of [150_000, 300_000]) {
      const bad = gz.slice();
      bad.fill(0xff, at, at + 2000);
      const f = join(tmp, `bad-${at}.gz`);
      writeFileSync(f, bad);
      const want = gzipErrorOffset(bad);
      expect(want).toBeGreaterThan(at);
      const r = run(['decode', '--format', 'bgpdump', f]);
      expect(r.code).toBe(1);
      expect(r.out.length).toBeGreaterThan(1000); // what came before is printed
      expect(r.err).toMatch(new RegExp(`^bgpwire: ${f}: corrupt gzip data: [a-z /]+ at compressed byte ${want}\n$`));
      checked.push(want);
      // Standard input cannot be read again: zlib's own figure, said to be near.
      if (checked.length === 1) expect(run(['decode', '--format', 'bgpdump', '-'], bad).err).toMatch(/^bgpwire: stdin: corrupt gzip data: .* near compressed byte \d+\n$/);
    }
    expect(checked).toHaveLength(2);
  });
});
