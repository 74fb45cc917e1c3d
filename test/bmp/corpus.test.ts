// The three BMP captures of pmacct's test suite (Huawei VRP 8.210, Cisco IOS XR 7.4.1,
// 6WIND/FRR 8.0): every message byte for byte, counts per type as tshark counts them with
// `-d tcp.port==20,bmp`, and value by value against tshark's decode (per-peer header, Peer Up,
// Peer Down, stats, Initiation, and the BGP PDUs inside through the oracle's facts).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeBmpMessage, formatBmpPeerFlags } from '../../src/bmp/index.ts';
import type { BmpMessage, BmpPdu } from '../../src/bmp/index.ts';
import { readCapture } from '../../src/capture/read-capture.ts';
import type { CaptureMessage } from '../../src/capture/capture-message.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { toHex } from '../../src/wire/hex.ts';
import { hasTool, noShared, readShared, sharedRoot } from '../helpers/shared.ts';
import { compareFacts, KINDS, tally, totalCompared } from '../oracle/facts.ts';
import { ourFacts } from '../oracle/our-facts.ts';
import { tsharkFacts } from '../oracle/tshark-facts.ts';
import { all, isObject, type JsonValue, one, parseTsharkJson, str } from '../oracle/tshark-json.ts';

const DIR = 'corpus/pcap/pmacct';
const FILES = {
  '200-BMP-HUAWEI-locrib_instance': { initiation: 1, 'peer-up': 18, 'route-monitoring': 84 },
  '201-BMP-CISCO-rd_instance': { initiation: 1, 'peer-up': 42, 'route-monitoring': 251, 'statistics-report': 42 },
  '205-BMP-6wind-FRR-peer_down': { initiation: 1, 'peer-up': 7, 'route-monitoring': 451, 'statistics-report': 48, 'peer-down': 2 },
} as const;
const TYPE_CODES: Record<string, number> = { 'route-monitoring': 0, 'statistics-report': 1, 'peer-down': 2, 'peer-up': 3, initiation: 4, termination: 5, 'route-mirroring': 6 };

// 205 (FRR 8.0): the Loc-RIB Peer Up is sent with Peer Type 0, AS 0, BGP ID 0 and the VRF/Table
// Name "global", while the Loc-RIB Route Monitoring uses Peer Type 3 (RFC 9069 section 5.1: "All
// peer messages that include a per-peer header ... MUST use ... Peer Type: Set to 3"); no context
// can be derived for them, so the test gives one, as a user would (4-octet AS: section 5.4.1).
const LOC_RIB_CONTEXT = sessionContext({ as4: true });

function bmpMessages(name: string, withOption: boolean): CaptureMessage[] {
  const bytes = readShared(DIR, name, 'traffic-00.pcap') as Uint8Array;
  const option = withOption ? { bmpContext: (i: { peer: { peerType: number }; derived: unknown }) => (i.derived === undefined && i.peer.peerType === 3 ? LOC_RIB_CONTEXT : undefined) } : {};
  const r = readCapture(bytes, option);
  const out = [...r];
  expect(r.issues).toEqual([]);
  return out;
}

const decoded = (m: CaptureMessage): BmpMessage => m.bmp?.message as BmpMessage;

describe.skipIf(noShared())('the pmacct BMP captures', () => {
  it('every message decodes and re-encodes byte for byte; counts per type pinned', () => {
    let total = 0;
    for (const [name, want] of Object.entries(FILES)) {
      const msgs = bmpMessages(name, false);
      const counts: Record<string, number> = {};
      for (const m of msgs) {
        const d = decoded(m);
        expect(d, `${name} frame ${m.frame}: ${m.bmp?.error?.message}`).toBeDefined();
        counts[d.type] = (counts[d.type] ?? 0) + 1;
        expect(toHex(encodeBmpMessage(d))).toBe(toHex(m.bytes));
        total++;
      }
      expect(counts, name).toEqual(want);
    }
    expect(total).toBe(103 + 336 + 509);
  });

  it('every embedded UPDATE decodes with its Peer Up context and re-encodes byte for byte; missing contexts reported, never guessed', () => {
    const tallies: Record<string, Record<string, number>> = {};
    for (const name of Object.keys(FILES)) {
      for (const withOption of [false, true]) {
        const t: Record<string, number> = {};
        for (const m of bmpMessages(name, withOption)) {
          for (const p of m.bmp?.pdus ?? []) {
            const k = p.missing !== undefined ? 'missing' : p.message === undefined ? 'error' : `${p.role}/${p.contextSource ?? 'none'}`;
            t[k] = (t[k] ?? 0) + 1;
            if (p.message?.type === 'UPDATE') {
              expect(toHex(encodeMessage(p.message, p.context)), `${name} frame ${m.frame}`).toBe(toHex(p.bytes));
              t.reencoded = (t.reencoded ?? 0) + 1;
            }
          }
        }
        tallies[`${name}${withOption ? ' +option' : ''}`] = t;
      }
    }
    expect(tallies).toEqual({
      '200-BMP-HUAWEI-locrib_instance': { 'sent-open/none': 18, 'received-open/none': 18, 'update/peer-up': 84, reencoded: 84 },
      '200-BMP-HUAWEI-locrib_instance +option': { 'sent-open/none': 18, 'received-open/none': 18, 'update/peer-up': 84, reencoded: 84 },
      '201-BMP-CISCO-rd_instance': { 'sent-open/none': 42, 'received-open/none': 42, 'update/peer-up': 251, reencoded: 251 },
      '201-BMP-CISCO-rd_instance +option': { 'sent-open/none': 42, 'received-open/none': 42, 'update/peer-up': 251, reencoded: 251 },
      // 90 Loc-RIB UPDATEs have no Peer Up of type 3 (see LOC_RIB_CONTEXT): reported missing, not guessed.
      '205-BMP-6wind-FRR-peer_down': { 'sent-open/none': 7, 'received-open/none': 7, 'notification/none': 2, 'update/peer-up': 361, missing: 90, reencoded: 361 },
      '205-BMP-6wind-FRR-peer_down +option': { 'sent-open/none': 7, 'received-open/none': 7, 'notification/none': 2, 'update/peer-up': 361, 'update/option': 90, reencoded: 451 },
    });
  });
});

/** tshark's BMP messages of a capture, in frame order, with their frame numbers. */
function tsharkBmp(path: string): { frame: number; bmp: JsonValue }[] {
  const text = execFileSync('tshark', ['-r', path, '-d', 'tcp.port==20,bmp', '-T', 'json', '--no-duplicate-keys', '-o', 'tcp.desegment_tcp_streams:TRUE'], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  const out: { frame: number; bmp: JsonValue }[] = [];
  for (const pkt of parseTsharkJson(text) as JsonValue[]) {
    const layers = one(one(pkt, '_source'), 'layers');
    const frame = Number(str(one(layers, 'frame'), 'frame.number'));
    for (const b of all(layers, 'bmp')) if (isObject(b)) out.push({ frame, bmp: b });
  }
  return out;
}

const colonHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':');

/** Field values of one BMP message, ours and tshark's, side by side (name -> [ours, theirs]). */
function fields(m: BmpMessage, length: number, t: JsonValue, out: [string, string, string | undefined][]): void {
  const push = (name: string, ours: string | number | bigint, theirs: string | undefined): void => {
    out.push([name, String(ours), theirs]);
  };
  push('type', TYPE_CODES[m.type] ?? -1, str(t, 'bmp.type'));
  push('length', length, str(t, 'bmp.length'));
  if ('peer' in m) {
    const h = one(t, 'bmp.peer.header');
    const p = m.peer;
    push('peer.type', p.peerType, str(h, 'bmp.peer.type'));
    push('peer.flags', `0x${p.flags.toString(16).padStart(2, '0')}`, str(h, 'bmp.peer.flags'));
    push('peer.distinguisher', colonHex(p.distinguisher), str(h, 'bmp.peer.distinguisher'));
    push('peer.address', p.address, str(h, 'bmp.peer.ip.addr') ?? str(h, 'bmp.peer.ipv6.addr'));
    push('peer.as', p.as, str(h, 'bmp.peer.asn'));
    push('peer.bgpId', p.bgpId, str(h, 'bmp.peer.id'));
    push('peer.seconds', p.seconds, str(h, 'bmp.peer.timestamp.sec'));
    // tshark's field is named msec but holds the microseconds (RFC 7854 section 4.2).
    push('peer.microseconds', p.microseconds, str(h, 'bmp.peer.timestamp.msec'));
  }
  if (m.type === 'peer-up') {
    push('up.localAddress', m.localAddress, str(t, 'bmp.peer.up.ip.addr') ?? str(t, 'bmp.peer.up.ipv6.addr'));
    push('up.localPort', m.localPort, str(t, 'bmp.peer.up.port.local'));
    push('up.remotePort', m.remotePort, str(t, 'bmp.peer.up.port.remote'));
  }
  if (m.type === 'peer-down') push('down.reason', m.reason, str(t, 'bmp.peer.down.reason'));
  if (m.type === 'initiation') {
    const types = all(one(t, 'bmp.init.types'), 'bmp.init.type');
    const trees = all(one(t, 'bmp.init.types'), 'bmp.init.type_tree');
    m.information.forEach((tlv, i) => {
      push(`init[${i}].type`, tlv.type, types[i] as string | undefined);
      push(`init[${i}].info`, 'text' in tlv ? tlv.text : '?', str(trees[i], 'bmp.init.info'));
    });
  }
  if (m.type === 'statistics-report') {
    push('stats.count', m.stats.length, str(t, 'bmp.stats.count'));
    const types = all(t, 'bmp.stats.type');
    const trees = all(t, 'bmp.stats.type_tree');
    m.stats.forEach((s, i) => {
      const tree = trees[i];
      push(`stats[${i}].type`, s.type, types[i] as string | undefined);
      const named = isObject(tree) ? Object.entries(tree).filter(([k]) => k.startsWith('bmp.stats.data.') && !k.endsWith('.afi') && !k.endsWith('.safi') && k !== 'bmp.stats.data.unknown') : [];
      if ('counter' in s) push(`stats[${i}].counter`, s.counter, named[0]?.[1] as string | undefined);
      else if ('gauge' in s) push(`stats[${i}].gauge`, s.gauge, named[0]?.[1] as string | undefined);
      else push(`stats[${i}].raw`, colonHex(s.value), str(tree, 'bmp.stats.data'));
      if ('afi' in s) {
        const afi = isObject(tree) ? Object.entries(tree).find(([k]) => k.endsWith('.afi'))?.[1] : undefined;
        push(`stats[${i}].afi`, s.afi, afi as string | undefined);
      }
    });
  }
}

describe.skipIf(noShared() || !hasTool('tshark'))('the pmacct BMP captures against tshark (-d tcp.port==20,bmp)', () => {
  it('counts per type, per-peer headers, Peer Up/Down, stats, Initiation and the embedded BGP PDUs agree value by value', () => {
    const disagreements: Record<string, number> = {};
    const mismatches: string[] = [];
    const compared: Record<string, number> = {};
    const bgp = tally();
    let bgpPairs = 0;
    for (const [name, want] of Object.entries(FILES)) {
      const ours = bmpMessages(name, true);
      const theirs = tsharkBmp(join(sharedRoot, DIR, name, 'traffic-00.pcap'));
      // Counts per type: tshark's equal ours (and the pinned ones).
      const tc: Record<string, number> = {};
      for (const t of theirs) {
        const n = Object.keys(TYPE_CODES).find((k) => String(TYPE_CODES[k]) === str(t.bmp, 'bmp.type')) ?? '?';
        tc[n] = (tc[n] ?? 0) + 1;
      }
      expect(tc, name).toEqual(want);
      expect(theirs.length).toBe(ours.length);
      ours.forEach((m, i) => {
        const t = theirs[i] as { frame: number; bmp: JsonValue };
        const where = `${name} frame ${m.frame}`;
        expect(t.frame, where).toBe(m.frame);
        const d = decoded(m);
        const rows: [string, string, string | undefined][] = [];
        fields(d, m.bytes.length, t.bmp, rows);
        for (const [field, a, b] of rows) {
          compared[field.replace(/\[\d+\]/, '[]')] = (compared[field.replace(/\[\d+\]/, '[]')] ?? 0) + 1;
          if (a === b) continue;
          // RFC 9069 section 5.1: a Loc-RIB instance peer's address is zero-filled and "The V flag
          // is not applicable"; tshark 4.0 reads its F flag (0x80) as V and shows `::`, we `0.0.0.0`.
          if ('peer' in d && d.peer.peerType === 3 && (field === 'peer.address' || field === 'up.localAddress') && a === '0.0.0.0' && b === '::') {
            disagreements[`type 3 ${field}: ours 0.0.0.0, tshark ::`] = (disagreements[`type 3 ${field}: ours 0.0.0.0, tshark ::`] ?? 0) + 1;
            continue;
          }
          mismatches.push(`${where} ${d.type} ${field}: ours ${a}, tshark ${b} (${'peer' in d ? formatBmpPeerFlags(d.peer) : ''})`);
        }
        // The BGP PDUs inside, through the oracle's facts (test/oracle).
        const tb = all(t.bmp, 'bgp');
        const pdus = (m.bmp?.pdus ?? []) as BmpPdu[];
        expect(tb.length, `${where}: BGP PDUs`).toBe(pdus.length);
        pdus.forEach((p, j) => {
          if (p.message === undefined) {
            mismatches.push(`${where} pdu ${j}: ours undecoded (${p.missing ?? p.error?.message})`);
            return;
          }
          bgpPairs++;
          compareFacts(ourFacts(p.message), tsharkFacts(tb[j] as JsonValue), `${where} pdu ${j}`, bgp, KINDS);
        });
      });
    }
    console.log(`bmp vs tshark: ${JSON.stringify(compared)}; bgp pdus ${bgpPairs}, values ${totalCompared(bgp)} ${JSON.stringify(bgp.compared)}; disagreements ${JSON.stringify(disagreements)}`);
    expect(mismatches).toEqual([]);
    // The BGP disagreement, in 205's locally originated routes (peer 0.0.0.0 AS 0, L flag)
    // (frame 11's NEXT_HOP 0.0.0.0 is treat-as-withdraw by RFC 7606 section 7.3, and the value
    // is kept beside the issue, so it agrees with tshark):
    // - frame 19 (two messages): a 2-octet AS_PATH with the A flag clear. RFC 7854 section 4.2:
    //   "If set to 0, the message is formatted using the 4-byte AS_PATH format"; read that way the
    //   segment overruns the attribute (treat-as-withdraw, RFC 7606 section 7.2), tshark guesses 2-octet.
    expect(bgp.mismatches).toEqual([
      '205-BMP-6wind-FRR-peer_down frame 19 pdu 0 as_path (0 vs 1): ours [] vs tshark ["2:[65000]"]',
      '205-BMP-6wind-FRR-peer_down frame 19 pdu 0 as_path (0 vs 1): ours [] vs tshark ["2:[65000]"]',
    ]);
    // The BMP disagreement: the Loc-RIB peers of 200 (6 Peer Up, 18 Route Monitoring) with the F flag.
    expect(disagreements).toEqual({ 'type 3 peer.address: ours 0.0.0.0, tshark ::': 24, 'type 3 up.localAddress: ours 0.0.0.0, tshark ::': 6 });
    // How much was compared (a decoder that found nothing could not pass).
    expect(compared).toEqual({
      type: 948,
      length: 948,
      'init[].type': 6,
      'init[].info': 6,
      'peer.type': 945,
      'peer.flags': 945,
      'peer.distinguisher': 945,
      'peer.address': 945,
      'peer.as': 945,
      'peer.bgpId': 945,
      'peer.seconds': 945,
      'peer.microseconds': 945,
      'up.localAddress': 67,
      'up.localPort': 67,
      'up.remotePort': 67,
      'stats.count': 90,
      'stats[].type': 456,
      'stats[].counter': 356,
      'stats[].gauge': 52,
      'stats[].raw': 48,
      'down.reason': 2,
    });
    // 7776 before issue 21: the embedded labeled and VPN-IPv4 NLRI (and their next hops) are compared too now.
    expect(totalCompared(bgp)).toBe(8148);
    expect(bgpPairs).toBe(120 + 335 + 467);
  });
});
