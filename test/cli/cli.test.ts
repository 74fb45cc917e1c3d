import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasShared, noShared, repoRoot, SKIP_SHARED, sharedPath, sharedRoot } from '../helpers/shared.ts';
import { buildCli } from './cli-build.ts';

// The built `bgpwire` command, run as a process: text, JSON lines, filters, MRT input and
// its errors. The sample capture is the project's own (test/fixtures/sample-session.pcap).

const SAMPLE = join(repoRoot, 'test', 'fixtures', 'sample-session.pcap');
let cli: ReturnType<typeof buildCli>;
let tmp: string;

beforeAll(() => {
  cli = buildCli();
  tmp = join(repoRoot, '.tmp', `cli-inputs-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
});
afterAll(() => {
  cli.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

function run(...args: string[]): { out: string[]; err: string; code: number } {
  const r = spawnSync(process.execPath, [cli.main, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const out = r.stdout === '' ? [] : r.stdout.replace(/\n$/, '').split('\n');
  return { out, err: r.stderr, code: r.status ?? -1 };
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z /;

describe('bgpwire decode on the sample capture', () => {
  it('prints one text line per message', () => {
    const r = run('decode', SAMPLE);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toHaveLength(14);
    for (const l of r.out) expect(l).toMatch(ISO);
    expect(r.out[0]).toContain('10.0.0.1:40179 -> 10.0.0.2:179 OPEN len=65 version 4 as 65001');
    expect(r.out.filter((l) => l.includes(' UPDATE '))).toHaveLength(6);
    expect(r.out[13]).toContain('NOTIFICATION len=60 6/2 Cease / AdministrativeShutdown communication "maintenance window: back in 10 minutes"');
  });

  it('--json prints one JSON object per line with time, peers, session and message', () => {
    const r = run('decode', '--json', SAMPLE);
    expect(r.code).toBe(0);
    const objs = r.out.map((l) => JSON.parse(l) as { time: string; src: string; dst: string; session: number; message: { type: string } });
    expect(objs).toHaveLength(14);
    for (const o of objs) {
      expect(o.time).toMatch(/Z$/);
      expect(typeof o.session).toBe('number');
      expect(o.src).toMatch(/:\d+$/);
    }
    expect(objs.map((o) => o.message.type)).toEqual(['OPEN', 'OPEN', 'KEEPALIVE', 'KEEPALIVE', 'UPDATE', 'UPDATE', 'UPDATE', 'UPDATE', 'UPDATE', 'ROUTE-REFRESH', 'ROUTE-REFRESH', 'UPDATE', 'ROUTE-REFRESH', 'NOTIFICATION']);
  });

  it('reads the capture gzip- and bzip2-compressed too', () => {
    const raw = readFileSync(SAMPLE);
    const gz = join(tmp, 'sample.pcap.gz');
    writeFileSync(gz, gzipSync(raw));
    const bz = join(tmp, 'sample.pcap.bz2');
    writeFileSync(bz, spawnSync('bzip2', ['-c'], { input: raw, maxBuffer: 1 << 20 }).stdout);
    const plain = run('decode', SAMPLE).out;
    for (const f of [gz, bz]) {
      const r = run('decode', f);
      expect(r.code).toBe(0);
      expect(r.out).toEqual(plain);
    }
  });

  it('--type keeps only the types named', () => {
    const r = run('decode', '--type', 'update', SAMPLE);
    expect(r.out).toHaveLength(6);
    for (const l of r.out) expect(l).toContain(' UPDATE ');
    const two = run('decode', '--type', 'open', '--type', 'notification', SAMPLE);
    expect(two.out.map((l) => l.split(' ')[4])).toEqual(['OPEN', 'OPEN', 'NOTIFICATION']);
  });

  it('--prefix matches prefixes covering and covered by the one given', () => {
    // covered: 192.0.2.0/24 lies inside 192.0.0.0/16
    expect(run('decode', '--prefix', '192.0.0.0/16', SAMPLE).out).toHaveLength(1);
    // covering: 203.0.113.128/25 (announced, then withdrawn) covers 203.0.113.200/32
    const covering = run('decode', '--prefix', '203.0.113.200/32', SAMPLE).out;
    expect(covering).toHaveLength(2);
    expect(covering[1]).toContain('withdrawn 203.0.113.128/25');
    // IPv6 in MP_REACH_NLRI
    expect(run('decode', '--prefix', '2001:db8:100::/56', SAMPLE).out).toHaveLength(1);
    expect(run('decode', '--prefix', '10.0.0.0/8', SAMPLE).out).toHaveLength(0);
  });

  it('--peer and --asn filter by address and by AS path', () => {
    const peer = run('decode', '--peer', '10.0.0.2', SAMPLE).out;
    expect(peer).toHaveLength(14);
    const fromTwo = run('decode', '--peer', '10.0.0.9', SAMPLE).out;
    expect(fromTwo).toHaveLength(0);
    const asn = run('decode', '--asn', '64496', SAMPLE).out;
    expect(asn).toHaveLength(1);
    expect(asn[0]).toContain('as-path 65001 65001 64496');
    expect(run('decode', '--asn', 'AS65001', SAMPLE).out).toHaveLength(2);
  });

  it('--format bgpdump prints one line per route, the peer AS taken from its OPEN', () => {
    const r = run('decode', '--format', 'bgpdump', SAMPLE);
    expect(r.out).toEqual([
      'BGP4MP_ET|1764000000.010000|A|10.0.0.1|65001|192.0.2.0/24|65001 65001 64496|IGP|10.0.0.1|0|10|65001:100 no-export 65001:1:1|NAG||',
      'BGP4MP_ET|1764000000.010000|A|10.0.0.1|65001|198.51.100.0/24|65001 65001 64496|IGP|10.0.0.1|0|10|65001:100 no-export 65001:1:1|NAG||',
      'BGP4MP_ET|1764000000.010000|A|10.0.0.1|65001|203.0.113.128/25|65001 65001 64496|IGP|10.0.0.1|0|10|65001:100 no-export 65001:1:1|NAG||',
      'BGP4MP_ET|1764000000.011250|A|10.0.0.1|65001|2001:db8:100::/48|65001|IGP|2001:db8::1|0|0||NAG||',
      'BGP4MP_ET|1764000000.011250|A|10.0.0.1|65001|2001:db8:200::/48|65001|IGP|2001:db8::1|0|0||NAG||',
      'BGP4MP_ET|1764000000.018750|W|10.0.0.1|65001|203.0.113.128/25',
    ]);
  });

  it('--progress draws a bar on stderr and clears it; --no-progress draws none', () => {
    const on = run('decode', '--progress', SAMPLE);
    expect(on.code).toBe(0);
    expect(on.err).toMatch(/\[#+\] 100%/);
    expect(on.err.endsWith('\r\x1b[K')).toBe(true);
    expect(run('decode', '--no-progress', SAMPLE).err).toBe('');
    // stderr is not a terminal here: no bar by default
    expect(run('decode', SAMPLE).err).toBe('');
  });

  it('prints usage for no arguments and exits 2 on a bad option', () => {
    const help = run();
    expect(help.code).toBe(0);
    expect(help.out[0]).toMatch(/^usage: bgpwire decode/);
    const bad = run('decode', '--frobnicate', SAMPLE);
    expect(bad.code).toBe(2);
    expect(bad.err.split('\n')[0]).toBe('bgpwire: unknown option --frobnicate');
  });
});

/** One error line on stderr, a non-zero exit, no stack trace. */
function expectOneLineError(r: { err: string; code: number }, pattern: RegExp): void {
  expect(r.code).not.toBe(0);
  const lines = r.err.split('\n').filter((l) => l !== '');
  expect(lines, r.err).toHaveLength(1);
  expect(lines[0]).toMatch(/^bgpwire: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.err).not.toMatch(/\n\s+at /);
}

describe('bgpwire decode errors: one line, the byte offset, non-zero exit', () => {
  it('a missing file, a directory and an empty file', () => {
    expectOneLineError(run('decode', join(tmp, 'nope.pcap')), /nope\.pcap: no such file$/);
    expectOneLineError(run('decode', tmp), /is a directory$/);
    const empty = join(tmp, 'empty');
    writeFileSync(empty, '');
    expectOneLineError(run('decode', empty), /empty file$/);
  });

  it('garbage that is no pcap, pcapng, MRT or hex', () => {
    const bytes = new Uint8Array(4096);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      bytes[i] = x >>> 24;
    }
    const f = join(tmp, 'garbage.bin');
    writeFileSync(f, bytes);
    expectOneLineError(run('decode', f), /not a pcap, pcapng, MRT or hex file: .*byte 0/);
  });

  it('a truncated pcap: messages up to the cut, then the offset', () => {
    const f = join(tmp, 'cut.pcap');
    writeFileSync(f, readFileSync(SAMPLE).subarray(0, 1000));
    const r = run('decode', f);
    expectOneLineError(r, /truncated: file ends inside a record: \d+ bytes left over at byte 970$/);
    expect(r.out.length).toBe(4);
  });

  it('the other files given are still decoded after a failing one', () => {
    const r = run('decode', join(tmp, 'nope'), SAMPLE);
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(14);
  });
});

describe.skipIf(noShared())(`bgpwire decode on MRT files of ../shared (${SKIP_SHARED})`, () => {
  const file = (...p: string[]): string => sharedPath('corpus', 'mrt', ...p) as string;

  it('BGP4MP: a line per message and per state change, with the record context', () => {
    const r = run('decode', file('mrtparse', 'bird-mrtdump_bgp'));
    expect(r.code).toBe(0);
    for (const l of r.out) expect(l).toMatch(ISO);
    expect(r.out[0]).toBe('2017-02-11T08:27:54.000000Z 0.0.0.0 AS65000 STATE Idle -> Active');
    // MESSAGE_AS4_ADDPATH: path ids and 4-octet ASNs
    expect(r.out.some((l) => l.includes('as-path 4200000000 4200000000 4200000000 64512 64512 64512') && l.includes('path-id 2'))).toBe(true);
  });

  it('TABLE_DUMP_V2: one line per RIB entry with time, peer, prefix and attributes', () => {
    const r = run('decode', file('mrtparse', 'quagga_rib'));
    expect(r.code).toBe(0);
    const ribs = r.out.filter((l) => l.includes(' RIB '));
    expect(ribs.length).toBeGreaterThan(0);
    for (const l of ribs) expect(l).toMatch(/^\S+ \S+ AS\d+ RIB \S+\/\d+ origin (IGP|EGP|INCOMPLETE)/);
    expect(r.out[0]).toMatch(/TABLE_DUMP_V2\/PEER_INDEX_TABLE collector/);
  });

  it('--json on gzip and bzip2 MRT: every line parses', () => {
    for (const f of [file('bgpdump', 'updates.20100722.2015.gz'), file('libbgpstream', 'routeviews.route-views.jinx.updates.1427846400.bz2'), file('bgpdump', 'bview.ipv6_unicast_add_path.gz')]) {
      const r = run('decode', '--json', f);
      expect(r.code, r.err).toBe(0);
      expect(r.out.length).toBeGreaterThan(50);
      for (const l of r.out) {
        const o = JSON.parse(l) as { time: string; record: string };
        expect(o.time).toMatch(/Z$/);
        expect(o.record).toMatch(/^(BGP4MP|TABLE_DUMP_V2)/);
      }
    }
  });

  it('filters on MRT: --prefix covering and covered, --peer, --asn, --type', () => {
    const bview = file('bgpdump', 'bview.20020722.2337.gz');
    const covered = run('decode', '--prefix', '3.0.0.0/8', bview).out;
    expect(covered.length).toBeGreaterThan(0);
    for (const l of covered) expect(l).toMatch(/ RIB 3\.\d+\.\d+\.\d+\/\d+ /);
    const covering = run('decode', '--format', 'bgpdump', '--prefix', '6.1.2.3/32', bview).out;
    expect(covering.length).toBeGreaterThan(0);
    for (const l of covering) expect(l.split('|')[5]).toMatch(/^6\.(0\.0\.0\/[0-8]|1\.0\.0\/(9|1[0-6]))|^0\.0\.0\.0\/0$/);
    const updates = file('bgpdump', 'updates.20020722.2238.gz');
    const peer = run('decode', '--format', 'bgpdump', '--peer', '193.203.0.81', updates).out;
    expect(peer.length).toBeGreaterThan(0);
    for (const l of peer) expect(l.split('|')[3]).toBe('193.203.0.81');
    const asn = run('decode', '--format', 'bgpdump', '--asn', '3549', updates).out;
    expect(asn.length).toBeGreaterThan(0);
    for (const l of asn) expect(l.split('|')[6]?.split(/[ {},]/)).toContain('3549');
    const types = run('decode', '--type', 'keepalive', updates).out;
    for (const l of types) expect(l).toContain(' KEEPALIVE');
  });

  it('truncated MRT, plain and gzip: records up to the cut, then a one-line error with the offset', () => {
    const gz = readFileSync(file('bgpdump', 'updates.20020722.2238.gz'));
    const plain = join(tmp, 'cut.mrt');
    writeFileSync(plain, gunzipSync(gz).subarray(0, 20000));
    const a = run('decode', '--format', 'bgpdump', plain);
    expectOneLineError(a, /truncated: record at byte 19830 declares 883 octets, 158 present, after \d+ records$/);
    expect(a.out.length).toBeGreaterThan(100);
    const cutGz = join(tmp, 'cut.mrt.gz');
    writeFileSync(cutGz, gz.subarray(0, 5000));
    const b = run('decode', cutGz);
    expectOneLineError(b, /truncated \(gzip\): gzip: unexpected end of file at compressed byte 5000 \(decompressed byte \d+\)/);
    expect(b.out.length).toBeGreaterThan(100);
    const bz = readFileSync(file('libbgpstream', 'routeviews.route-views.jinx.updates.1427846400.bz2'));
    const cutBz = join(tmp, 'cut.mrt.bz2');
    writeFileSync(cutBz, bz.subarray(0, 20000));
    expectOneLineError(run('decode', cutBz), /truncated \(bzip2\): .* at compressed byte \d+/);
  });

  it('a BMP stream or capture is decoded as BMP (issue 20)', () => {
    // BMP v3 Initiation message (RFC 7854 4.3): version 3, length 6, type 4, no TLVs.
    const f = join(tmp, 'stream.bmp');
    writeFileSync(f, Uint8Array.from([3, 0, 0, 0, 6, 4]));
    const r = run('decode', f);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([expect.stringMatching(/ BMP initiation len=6$/)]);
    // Cut inside a second message: the first is printed, then the offset.
    writeFileSync(f, Uint8Array.from([3, 0, 0, 0, 6, 4, 3, 0, 0]));
    expectOneLineError(run('decode', f), /BMP stream: stream ends inside a message: 3 bytes left \(at byte 6\)/);
    const pcap = sharedPath('corpus', 'pcap', 'pmacct', '200-BMP-HUAWEI-locrib_instance', 'traffic-00.pcap');
    if (pcap !== undefined) {
      const p = run('decode', pcap);
      expect(p.code).toBe(0);
      expect(p.out.filter((l) => / BMP initiation /.test(l))).toHaveLength(1);
      expect(p.out.filter((l) => / BMP peer-up /.test(l))).toHaveLength(18);
      expect(p.out.filter((l) => / BMP route-monitoring .* \| UPDATE /.test(l))).toHaveLength(84);
    }
    const cisco = sharedPath('corpus', 'pcap', 'pmacct', '201-BMP-CISCO-rd_instance', 'traffic-00.pcap');
    if (cisco !== undefined) {
      // --format bgpdump: route monitoring as BGP4MP A lines for the monitored peer (133 IPv4 and
      // 102 IPv6 prefixes announced), Peer Up as STATE lines; stats and Initiation print nothing.
      const d = run('decode', '--format', 'bgpdump', cisco);
      expect(d.code).toBe(0);
      expect(d.out.filter((l) => /^BGP4MP_ET\|\d+\.\d{6}\|A\|[0-9a-f.:]+\|\d+\|/.test(l))).toHaveLength(235);
      expect(d.out.filter((l) => /\|STATE\|.*\|1\|6$/.test(l))).toHaveLength(42);
      expect(d.out).toHaveLength(235 + 42);
      // --json: one object per BMP message, the PDUs decoded beside it.
      const j = run('decode', '--json', cisco).out.map((l) => JSON.parse(l) as { bmp: { type: string }; pdus: { contextSource?: string }[] });
      expect(j).toHaveLength(336);
      expect(j.filter((x) => x.bmp.type === 'route-monitoring' && x.pdus[0]?.contextSource === 'peer-up')).toHaveLength(251);
      // --bmp-port: another port is read as BMP; with BMP on ports nobody uses, nothing comes out.
      expect(run('decode', '--bmp-port', '20', cisco).out).toHaveLength(336);
      expect(run('decode', '--bmp-port', '5', cisco).out).toHaveLength(0);
    }
  });
});

// The README's main command.
describe('npm run sample', () => {
  it('is the sample capture through the CLI', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.sample).toContain('decode test/fixtures/sample-session.pcap');
  });
});

describe.skipIf(!hasShared)('bgpwire decode on labeled, VPN and RT-Constraint captures (issue 21)', () => {
  it('text shows RD, labels and the RT-Constraint NLRI as engineers write them', () => {
    const vpn = run('decode', join(sharedRoot, 'corpus', 'pcap', 'pmacct', '301-BGP-CISCO-pretag', 'traffic-00.pcap'));
    expect(vpn.code).toBe(0);
    const line = vpn.out.find((l) => l.includes('mp-reach ipv4-mpls-vpn'));
    expect(line).toMatch(/mp-reach ipv4-mpls-vpn next-hop \S+ nlri rd \S+ \S+\/\d+ label \d+/);
    const lu = run('decode', join(sharedRoot, 'corpus', 'pcap', 'tcpdump', 'bgp-lu-multiple-labels.pcap'));
    expect(lu.out.some((l) => l.includes('caps') && l.includes('multiple-labels ipv4-labeled-unicast:7'))).toBe(true);
    expect(lu.out.some((l) => l.includes('nlri 30.1.1.1/32 labels 100 101 102 103'))).toBe(true);
    expect(lu.out.some((l) => l.includes('mp-unreach ipv4-labeled-unicast 30.1.1.1/32'))).toBe(true);
  });
  it('--json carries the typed NLRI (rd, labels) and --format bgpdump prints no line for these families, as bgpdump', () => {
    const file = join(sharedRoot, 'corpus', 'pcap', 'pmacct', '301-BGP-CISCO-pretag', 'traffic-00.pcap');
    const json = run('decode', '--json', file).out.map((l) => JSON.parse(l) as { message: { type: string; attributes?: { type: string; nlri?: { rd?: string; labels?: number[] }[] }[] } });
    const nlri = json.flatMap((j) => (j.message.attributes ?? []).flatMap((a) => (a.type === 'MP_REACH_NLRI' ? (a.nlri ?? []) : [])));
    expect(nlri.length).toBe(38);
    for (const n of nlri) {
      expect(typeof n.rd).toBe('string');
      expect(n.labels?.length).toBe(1);
    }
    expect(run('decode', '--format', 'bgpdump', file).out).toEqual([]);
  });
});
