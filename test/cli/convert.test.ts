import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decompressBzip2, readCapture, readMrt, writeMrt, type CaptureMessage } from '../../src/capture/index.ts';
import { sharedMrtFiles, sharedPcaps, readSharedFile } from '../helpers/corpus.ts';
import { hasTool, noShared, repoRoot, SKIP_SHARED, sharedRoot } from '../helpers/shared.ts';
import { tsharkCheck, typeCounts } from '../helpers/tshark-check.ts';
import { loadMrt } from '../capture/mrt-helpers.ts';
import { compareLines, runLines } from './bgpdump-compare.ts';
import { buildCli } from './cli-build.ts';

// `bgpwire decode --out FILE` against the oracles, on ../shared:
//  - every corpus MRT file converted to MRT comes out as our writer writes its records (byte
//    for byte the input where the reader read it whole: test/capture/mrt-writer-corpus.test.ts);
//  - every corpus and shared pcap converted to MRT: `bgpdump -m` on it prints what
//    `bgpwire decode --format bgpdump` prints on it, line for line (the listed differences of
//    docs/CLI.md aside, counted);
//  - the same captures converted to pcapng and pcap (gzip too): tshark opens them without TCP problems,
//    counts the same BGP messages per type, and our reader gives back the very messages;
//  - filters: only what passes is written.

const skip = noShared();
const hasOracles = !skip && hasTool('bgpdump') && hasTool('tshark');
let cli: ReturnType<typeof buildCli> | undefined;
beforeAll(() => {
  if (!skip) cli = buildCli();
});
afterAll(() => cli?.cleanup());

const tmp = (name: string): string => join(repoRoot, '.tmp', `convert-${process.pid}-${name}`);

function bgpwire(...args: string[]): Promise<{ lines: string[]; stderr: string; code: number }> {
  return runLines(process.execPath, [cli?.main as string, ...args]);
}

// BMP (RFC 7854) captures: no BGP to convert (the CLI says so and goes on).
const BMP = ['200-BMP-HUAWEI', '201-BMP-CISCO', '205-BMP-6wind'];
// Debian bgpdump 1.6.2 aborts on a fuzzed UPDATE with two AS_PATH attributes (bgpdump_lib.c
// process_one_attr: Assertion `! attr->aspath' failed): left out of the bgpdump comparison only.
const BGPDUMP_ABORTS = 'corpus/pcap/tcpdump/bgp-aigp-oobr.pcap';

/** Captures whose BGP tshark 4.0.17 itself calls malformed (../shared/corpus/index.json). */
function tsharkMalformed(): Set<string> {
  const index = JSON.parse(readFileSync(join(sharedRoot, 'corpus', 'index.json'), 'utf8')) as { files: { path: string; tshark_summary?: { malformed?: number } }[] };
  return new Set(index.files.filter((f) => (f.tshark_summary?.malformed ?? 0) > 0).map((f) => `corpus/${f.path}`));
}

function messagesOf(bytes: Uint8Array): CaptureMessage[] {
  return [...readCapture(bytes, { ports: [179, 1179] })];
}

describe.skipIf(skip)(`bgpwire decode --out (${skip ? SKIP_SHARED : '../shared'})`, () => {
  it('MRT to MRT: each file comes out as the writer writes the records read (one run, 19 inputs, plain, gzip and bzip2)', async () => {
    // The writer's round trip over all 41 corpus files is test/capture/mrt-writer-corpus.test.ts;
    // here the command's path, on the small files of every kind and two that stop early.
    const files = sharedMrtFiles().filter((f) => /mrtparse|bview\.ipv|local_only|pyasn\/bview|rrc00__updates\.20000325|ris\.rrc06|jinx/.test(f));
    expect(files.length).toBe(19);
    const out = tmp('all.mrt');
    const r = await bgpwire('decode', '--out', out, ...files);
    // A file the reader stops in says so in one line; the others convert silently.
    const failed = r.stderr.split('\n').filter((l) => l !== '').map((l) => relative(join(sharedRoot, 'corpus', 'mrt'), /^bgpwire: (.*?): /.exec(l)?.[1] ?? l));
    expect(failed).toEqual(['bgpkit/rrc00__updates.20000325.0345.gz']);
    expect(r.code).toBe(1);
    const written = new Uint8Array(readFileSync(out));
    let at = 0;
    let records = 0;
    for (const file of files) {
      for (const chunk of writeMrt(readMrt(loadMrt(file).bytes))) {
        const same = written.subarray(at, at + chunk.length);
        if (Buffer.compare(same, chunk) !== 0) expect.fail(`${relative(sharedRoot, file)}: output differs near byte ${at}`);
        at += chunk.length;
      }
      records++;
    }
    expect(at).toBe(written.length);
    expect(records).toBe(19);
  });

  it.skipIf(!hasOracles)('captures to MRT: bgpdump -m reads what we write as bgpwire does; to pcap/pcapng: tshark and our reader read it back', async () => {
    const all = sharedPcaps().filter((p) => !BMP.some((b) => p.includes(b)));
    expect(all.length).toBe(83);
    expect(all.reduce((n, p) => n + messagesOf(readSharedFile(p)).length, 0)).toBe(2534);
    // To MRT, bgpdump on it against our bgpdump format on it: the captures tshark reads
    // cleanly in one file, line for line; those it calls malformed (fuzzed) in another, where
    // bgpdump prints lines for messages that do not parse (we print none: 'damaged-record').
    const bad = tsharkMalformed();
    const results = await Promise.all(
      [false, true].map(async (fuzzed) => {
        const mrt = tmp(fuzzed ? 'fuzzed.mrt' : 'captures.mrt');
        const files = all.filter((p) => bad.has(p) === fuzzed && p !== BGPDUMP_ABORTS);
        const conv = await bgpwire('decode', '--port', '179', '--port', '1179', '--out', mrt, ...files.map((p) => join(sharedRoot, p)));
        // Four fuzzed captures hold no BGP message: the command notes it for each and goes on.
        const empty = ['fuzz/randpkt_bgp.pcap', 'tcpdump/bgp-bgp_capabilities_print-oobr-1.pcap', 'tcpdump/bgp-bgp_capabilities_print-oobr-2.pcap', 'tcpdump/bgp_mp_reach_nlri-oobr.pcap'];
        const said = conv.stderr.split('\n').filter((l) => l !== '');
        expect(said.map((l) => /corpus\/pcap\/(.*?): no BGP message/.exec(l)?.[1] ?? l)).toEqual(fuzzed ? empty : []);
        expect(conv.code).toBe(0);
        const records = [...readMrt(new Uint8Array(readFileSync(mrt)))];
        expect(records.every((r) => r.type === 'bgp-message' && r.mrtType === 17)).toBe(true);
        expect(records.length).toBe(files.reduce((n, p) => n + messagesOf(readSharedFile(p)).length, 0));
        const [oracle, ours] = await Promise.all([runLines('bgpdump', ['-m', mrt]), bgpwire('decode', '--format', 'bgpdump', '--no-progress', mrt)]);
        expect(oracle.code).toBe(0);
        const cmp = compareLines(oracle.lines, ours.lines, fuzzed ? 'damaged-record' : undefined);
        expect(cmp.unexplained).toEqual([]);
        return { files: files.length, records: records.length, compared: cmp.compared, equal: cmp.equal, kinds: cmp.kinds };
      }),
    );
    // Debian bgpdump 1.6.2 prints no large communities (RFC 8092): those lines differ only there.
    expect(results).toEqual([
      { files: 66, records: 1715, compared: 2864, equal: 1548, kinds: { 'large-communities': 1316 } },
      { files: 16, records: 371, compared: 77, equal: 0, kinds: { 'damaged-record': 71, 'large-communities': 6 } },
    ]);
    const cleanIn = all.filter((p) => !bad.has(p));
    const dirtyIn = all.filter((p) => bad.has(p));
    expect([cleanIn.length, dirtyIn.length]).toEqual([66, 17]);
    // As pcapng (clean) and pcap (fuzzed): back to the very same messages.
    const clean = tmp('clean.pcapng');
    const dirty = tmp('dirty.pcap');
    await Promise.all([bgpwire('decode', '--port', '179', '--port', '1179', '--out', clean, ...cleanIn.map((p) => join(sharedRoot, p))), bgpwire('decode', '--port', '179', '--port', '1179', '--out', dirty, ...dirtyIn.map((p) => join(sharedRoot, p)))]);
    const [tc, td] = await Promise.all([tsharkCheck(clean, { ports: [1179] }), tsharkCheck(dirty, { ports: [1179] })]);
    expect(tc.errors).toEqual([]);
    expect(tc.tcpProblems).toEqual([]);
    expect(td.tcpProblems).toEqual([]);
    const cleanMessages = messagesOf(new Uint8Array(readFileSync(clean)));
    const wanted = (files: readonly string[]): Uint8Array[] => files.flatMap((p) => messagesOf(readSharedFile(p)).map((m) => m.bytes));
    expect(cleanMessages.map((m) => m.bytes)).toEqual(wanted(cleanIn));
    expect(messagesOf(new Uint8Array(readFileSync(dirty))).map((m) => m.bytes)).toEqual(wanted(dirtyIn));
    expect(tc.counts).toEqual(typeCounts(cleanMessages.map((m) => m.bytes[18] as number)));
  });

  it.skipIf(!hasOracles)('MRT to pcapng: each BGP4MP message on a TCP session between its peer and local address', async () => {
    const dir = join(sharedRoot, 'corpus', 'mrt');
    const files = ['mrtparse/quagga_bgp', 'mrtparse/openbgpd_bgp', 'mrtparse/bird_bgp', 'mrtparse/bird6-mrtdump_bgp', 'bgpkit/local_only__updates.bz2', 'libbgpstream/ris.rrc06.updates.1427846400.gz'].map((f) => join(dir, f));
    const out = tmp('from-mrt.pcapng');
    const r = await bgpwire('decode', '--out', out, ...files);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^bgpwire: .*from-mrt\.pcapng: 64 MRT records without a BGP message \(RIB entries, state changes, \.\.\.\) not written: a capture holds messages only\n$/);
    const want = files.flatMap((f) => [...readMrt(loadMrt(f).bytes)].flatMap((rec) => (rec.type === 'bgp-message' ? [rec.message] : [])));
    const back = messagesOf(new Uint8Array(readFileSync(out)));
    expect(back.map((m) => m.bytes)).toEqual(want);
    expect(back.length).toBe(1026);
    const t = await tsharkCheck(out);
    expect(t.tcpProblems).toEqual([]);
    expect(t.counts).toEqual(typeCounts(back.map((m) => m.bytes[18] as number)));
  });

  it('with a filter, writes only what passes (MRT updates, RIB entries, capture messages)', async () => {
    const dir = join(sharedRoot, 'corpus', 'mrt');
    for (const [file, filter] of [
      ['mrtparse/quagga_bgp', ['--peer', '192.168.0.10', '--type', 'update']],
      ['bgpdump/updates.20100722.2015.gz', ['--asn', '3356']],
      ['mrtparse/openbgpd_rib_table-v2', ['--prefix', '192.168.0.0/24']],
    ] as const) {
      const out = tmp(`filtered-${file.replace(/\W/g, '_')}.mrt`);
      const w = await bgpwire('decode', ...filter, '--out', out, join(dir, file));
      expect(w.code, file).toBe(0);
      const [direct, via] = await Promise.all([bgpwire('decode', ...filter, join(dir, file)), bgpwire('decode', ...filter, out)]);
      expect(direct.lines.length, file).toBeGreaterThan(0);
      expect(via.lines, file).toEqual(direct.lines);
      // Nothing else went in: without the filter, the written file prints the same lines (the peer table aside).
      const all = await bgpwire('decode', out);
      expect(all.lines.filter((l) => !l.includes('PEER_INDEX_TABLE')), file).toEqual(direct.lines);
    }
    const sample = join(repoRoot, 'test', 'fixtures', 'sample-session.pcap');
    const out = tmp('sample-updates.pcapng.gz');
    expect((await bgpwire('decode', '--type', 'update', '--out', out, sample)).code).toBe(0);
    expect(messagesOf(new Uint8Array(gunzipSync(readFileSync(out)))).map((m) => m.bytes[18])).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it.skipIf(!hasTool('bzip2'))('--out x.mrt.bz2 / x.pcapng.bz2: bzip2 -d and our reader read back what the plain --out writes; an unknown extension is a usage error', async () => {
    const dir = join(sharedRoot, 'corpus', 'mrt');
    const files = ['mrtparse/bird_bgp', 'mrtparse/openbgpd_bgp', 'bgpkit/local_only__updates.bz2', 'libbgpstream/ris.rrc06.updates.1427846400.gz'].map((f) => join(dir, f));
    const plain = tmp('bz-out.mrt');
    const bz = tmp('bz-out.mrt.bz2');
    expect((await bgpwire('decode', '--out', plain, ...files)).code).toBe(0);
    expect((await bgpwire('decode', '--out', bz, ...files)).code).toBe(0);
    const compressed = new Uint8Array(readFileSync(bz));
    expect([...compressed.subarray(0, 4)]).toEqual([0x42, 0x5a, 0x68, 0x39]); // 'BZh9'
    const system = new Uint8Array(execFileSync('bzip2', ['-dc', bz], { maxBuffer: 1 << 28 }));
    const plainBytes = new Uint8Array(readFileSync(plain));
    expect(Buffer.compare(system, plainBytes)).toBe(0);
    expect(Buffer.compare(decompressBzip2(compressed).output, plainBytes)).toBe(0);
    const count = [...readMrt(system)].length;
    expect(count).toBe([...readMrt(plainBytes)].length);
    expect(count).toBe(996); // the four corpus files' records, as the writer writes them
    const sample = join(repoRoot, 'test', 'fixtures', 'sample-session.pcap');
    const pcapng = tmp('sample.pcapng.bz2');
    expect((await bgpwire('decode', '--out', pcapng, sample)).code).toBe(0);
    expect(messagesOf(new Uint8Array(execFileSync('bzip2', ['-dc', pcapng]))).length).toBe(messagesOf(new Uint8Array(readFileSync(sample))).length);
    const txt = await bgpwire('decode', '--out', tmp('x.txt'), join(repoRoot, 'test', 'fixtures', 'sample-session.pcap'));
    expect(txt.code).toBe(2);
    expect(txt.stderr).toContain('must end in .mrt, .pcap or .pcapng (optionally .gz or .bz2)');
  });
});
