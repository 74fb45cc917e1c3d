import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/capture/capture-error.ts';
import { readCapture } from '../../src/capture/read-capture.ts';
import type { CaptureMessage } from '../../src/capture/capture-message.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { noShared, readShared } from '../helpers/shared.ts';

const NAMES: Record<number, string> = { 1: 'OPEN', 2: 'UPDATE', 3: 'NOTIFICATION', 4: 'KEEPALIVE', 5: 'ROUTE-REFRESH' };

interface IndexEntry {
  readonly path: string;
  readonly tshark_summary?: { readonly msg_types: Record<string, number> };
}

/**
 * Files where our counts differ from tshark's, with the reason and the counts we give
 * (pinned, so a change shows). All are fuzzed or out of scope.
 */
const DEVIATIONS: Record<string, { readonly reason: string; readonly ours: Record<string, number> }> = {
  'pcap/fuzz/randpkt_bgp.pcap': {
    reason: 'random payloads on one reused sequence number: tshark frames 62 bogus headers per packet; reassembly keeps only the first bytes seen (per-packet mode is the tool for it)',
    ours: {},
  },
  'pcap/pmacct/200-BMP-HUAWEI-locrib_instance/traffic-00.pcap': { reason: 'BMP (RFC 7854) on TCP 1790, counted with BMP off here: tshark counts the BGP PDUs inside BMP (test/bmp/corpus.test.ts)', ours: {} },
  'pcap/pmacct/201-BMP-CISCO-rd_instance/traffic-00.pcap': { reason: 'BMP, as 200', ours: {} },
  'pcap/pmacct/205-BMP-6wind-FRR-peer_down/traffic-00.pcap': { reason: 'BMP, as 200', ours: {} },
  'pcap/tcpdump/bgp-aigp-oobr.pcap': {
    reason: 'fuzzed 64 KiB frame: tshark stops at the first malformed message of the frame; we resynchronise and frame every valid header chain after it',
    ours: { UPDATE: 448 },
  },
  'pcap/tcpdump/bgp-as-path-oobr.pcap': { reason: 'fuzzed, as bgp-aigp-oobr', ours: { UPDATE: 331 } },
  'pcap/tcpdump/bgp-ub.pcap': { reason: 'fuzzed, as bgp-aigp-oobr (tshark also counts one message of type 0)', ours: { UPDATE: 17 } },
  'pcap/tcpdump/bgp-bgp_capabilities_print-oobr-1.pcap': {
    reason: 'fuzzed IPv4 first fragment with a bogus TCP header length: tshark dissects from another offset; the OPEN is cut by the snaplen',
    ours: {},
  },
  'pcap/tcpdump/bgp-bgp_capabilities_print-oobr-2.pcap': { reason: 'as oobr-1', ours: {} },
  'pcap/tcpdump/bgp_mp_reach_nlri-oobr.pcap': { reason: 'fuzzed TCP header (data offset 0): we skip the segment as bad TCP', ours: {} },
  'pcap/tcpdump/bgp_mvpn_6_and_7_oobr.pcap': {
    reason: 'the second message (type 20) is cut by the snaplen: tshark counts its header, we only yield whole messages',
    ours: { UPDATE: 1 },
  },
};

function count(msgs: readonly CaptureMessage[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of msgs) {
    const n = NAMES[m.type] ?? String(m.type);
    out[n] = (out[n] ?? 0) + 1;
  }
  return out;
}

const sorted = (r: Record<string, number>) => Object.entries(r).sort(([a], [b]) => a.localeCompare(b));

function load(rel: string): Uint8Array {
  const bytes = readShared('corpus', rel) as Uint8Array;
  return rel.endsWith('.gz') ? new Uint8Array(gunzipSync(bytes)) : bytes;
}

// Skipped (with SKIP_SHARED's reason) when ../shared is missing; a failure under BGPWIRE_REQUIRE=1.
describe.skipIf(noShared())('captures in ../shared', () => {
  it('corpus pcaps give tshark\'s message counts per type (deviations listed and pinned)', () => {
    const index = JSON.parse(new TextDecoder().decode(readShared('corpus', 'index.json'))) as { files: IndexEntry[] };
    const files = index.files.filter((f) => f.path.startsWith('pcap/') && f.tshark_summary !== undefined);
    expect(files.length).toBe(86 - 2);
    let matched = 0;
    let matchedMessages = 0;
    let expectedMatched = 0;
    const mismatches: string[] = [];
    for (const f of files) {
      const ports = f.path.startsWith('pcap/bgp-rs/') ? [179, 1179] : [179];
      const got = count([...readCapture(load(f.path), { ports, bmpPorts: [] })]);
      const want = (f.tshark_summary as { msg_types: Record<string, number> }).msg_types;
      const dev = DEVIATIONS[f.path];
      if (dev !== undefined) {
        expect(sorted(got), `${f.path}: ${dev.reason}`).toEqual(sorted(dev.ours));
        continue;
      }
      if (JSON.stringify(sorted(got)) === JSON.stringify(sorted(want))) {
        matched++;
        for (const n of Object.values(got)) matchedMessages += n;
      } else {
        mismatches.push(`${f.path}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
      }
      for (const n of Object.values(want)) expectedMatched += n;
    }
    expect(mismatches).toEqual([]);
    expect(matched).toBe(files.length - Object.keys(DEVIATIONS).length);
    expect(matched).toBe(73);
    // Every message of every matching file, so a reader that finds nothing cannot pass.
    expect(matchedMessages).toBe(expectedMatched);
    expect(matchedMessages).toBe(1620);
  });

  for (const [name, total, types] of [
    ['a_bird_ebgp', 51, { KEEPALIVE: 4, NOTIFICATION: 1, OPEN: 4, 'ROUTE-REFRESH': 6, UPDATE: 36 }],
    ['b_bird_ibgp_mesh', 66, { KEEPALIVE: 10, NOTIFICATION: 1, OPEN: 11, UPDATE: 44 }],
  ] as const) {
    it(`${name}: exactly ${total} messages, matching the summary line by line, each decoding with its context`, () => {
      const bytes = readShared('captures', `${name}.pcap`) as Uint8Array;
      const reader = readCapture(bytes);
      const msgs = [...reader];
      expect(msgs.length).toBe(total);
      expect(sorted(count(msgs))).toEqual(sorted(types));
      const summary = new TextDecoder()
        .decode(readShared('captures', `${name}.summary.txt`))
        .split('\n')
        .filter((l) => /^\d+\.\d+ /.test(l))
        .map((l) => {
          const m = /^(\d+)\.\d+\s+(\S+) -> (\S+)\s+(\S+) len=(\d+)/.exec(l) as RegExpExecArray;
          return [Number(m[1]), m[2], m[3], m[4], Number(m[5])];
        });
      expect(msgs.map((m) => [m.frame, m.src, m.dst, NAMES[m.type], m.bytes.length])).toEqual(summary);
      // Both OPENs of every session were captured, so every message after them has the full context.
      for (const m of msgs) {
        if (m.type === 2) expect(m.contextSource).toBe('opens');
        expect(() => decodeMessage(m.bytes, m.context)).not.toThrow();
      }
      expect(reader.issues.filter((i) => i.kind !== 'overlap-mismatch')).toEqual([]);
    });
  }

  it('reads BMP (port 1790 by default) where a capture holds BMP rather than BGP', () => {
    let n = 0;
    for (const rel of Object.keys(DEVIATIONS).filter((p) => p.includes('BMP'))) {
      const reader = readCapture(load(rel));
      for (const m of reader) {
        expect(m.bmp?.message).toBeDefined();
        n++;
      }
      expect(reader.issues).toEqual([]);
    }
    // 103 + 336 + 509 BMP messages (test/bmp/corpus.test.ts checks them against tshark).
    expect(n).toBe(948);
  });

  it('never throws anything but CaptureError on the fuzz captures, in either mode', () => {
    for (const rel of Object.keys(DEVIATIONS)) {
      for (const perPacket of [false, true]) {
        try {
          for (const m of readCapture(load(rel), { perPacket })) expect(m.bytes.length).toBeGreaterThanOrEqual(19);
        } catch (e) {
          expect(e).toBeInstanceOf(CaptureError);
        }
      }
    }
  });
});
