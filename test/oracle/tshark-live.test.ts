import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureMessages, sharedPcaps } from '../helpers/corpus.ts';
import { hasTool, noShared, SKIP_SHARED, sharedRoot } from '../helpers/shared.ts';
import { compareCapture } from './align.ts';
import { type Kind, KINDS as ALL_KINDS, totalCompared, tsharkMessages } from './facts.ts';
import { parseTsharkJson } from './tshark-json.ts';
import { ourFacts } from './our-facts.ts';
import { viewFacts } from './view-facts.ts';
import { viewUpdate } from '../../src/view/update-view.ts';
import { prefetchTshark, tsharkJson, tsharkVersion } from './tshark-live.ts';

// Issue 8 proof: for every pcap of ../shared/corpus/pcap and ../shared/captures, message
// counts per type and every IPv4/IPv6 unicast prefix, AS path and community agree with
// Debian's tshark (`tshark -T json`, run here once per file and cached), with the number of
// values compared asserted. The other kinds both decoders type are compared too: next hops,
// MED, LOCAL_PREF, ORIGIN, large and route target/origin extended communities, attribute
// type codes, OPEN fields and capabilities, ROUTE-REFRESH, NOTIFICATION and shutdown
// communications (facts.ts). UPDATEs of directions whose OPENs are not in the capture are
// read by the rule of readWithoutContext (align.ts): counted as guessed, or as ambiguous
// and not compared.
const KINDS: readonly Kind[] = ALL_KINDS;

/** What a file is expected to give where it differs from a clean agreement (absent fields: 0). */
interface Exception {
  readonly reason: string;
  /**
   * Fuzzed or truncated input: the figures are printed but not asserted (how much of a
   * broken stream either side salvages is not a decoding question, and the capture
   * reader's recovery is still being tuned).
   */
  readonly loose?: true;
  readonly mismatches?: number;
  readonly undecoded?: number;
  readonly ambiguous?: number;
  readonly unmatched?: number;
  readonly reframed?: number;
  /** Message counts per type when ours and tshark's differ. */
  readonly counts?: { readonly ours: Record<string, number>; readonly tshark: Record<string, number> };
}

const FUZZ = 'tcpdump out-of-bounds regression input (fuzzed): tshark 4.0 stops dissecting a segment at its first malformed message, we frame on';

/**
 * Files where we deliberately differ from tshark 4.0.17, with why; every figure is asserted
 * exactly, so that a change in either decoder shows here.
 */
const EXCEPTIONS: Record<string, Exception> = {
  'corpus/pcap/fuzz/randpkt_bgp.pcap': {
    reason: 'randpkt fuzz: every frame reuses one TCP sequence number, so with reassembly on (as asked) neither side finds a message',
    counts: { ours: {}, tshark: {} },
  },
  'corpus/pcap/pmacct/200-BMP-HUAWEI-locrib_instance/traffic-00.pcap': { reason: 'BMP, read with BMP off here (test/bmp/corpus.test.ts compares it): no BGP session on port 179', counts: { ours: {}, tshark: {} } },
  'corpus/pcap/pmacct/201-BMP-CISCO-rd_instance/traffic-00.pcap': { reason: 'BMP, read with BMP off here (test/bmp/corpus.test.ts compares it): no BGP session on port 179', counts: { ours: {}, tshark: {} } },
  'corpus/pcap/pmacct/205-BMP-6wind-FRR-peer_down/traffic-00.pcap': { reason: 'BMP, read with BMP off here (test/bmp/corpus.test.ts compares it): no BGP session on port 179', counts: { ours: {}, tshark: {} } },
  'corpus/pcap/packetlife/bgplu.cap': {
    reason:
      'an RFC 3107 speaker binds two labels without the Multiple Labels capability: RFC 8277 section 2.2 "REQUIRES that only one label be specified in the NLRI", so the rest is a 48-bit IPv4 prefix and the UPDATE is malformed (tshark scans for the bottom of stack; test/nlri/corpus.test.ts compares its values read with an explicit RFC 3107 context)',
    undecoded: 1,
  },
  'corpus/pcap/pcapplusplus/Bgp_open_malformed.pcap': {
    reason: 'deliberately malformed OPEN (optional parameter overruns its length): we throw BgpError 2/0, tshark flags it malformed',
    undecoded: 1,
  },
  'corpus/pcap/scapy/bgp_fragmented.pcap.gz': {
    reason: 'one-sided (no OPEN): the UPDATE reads validly with ADD-PATH on and off, giving different prefixes, so it is ambiguous (tshark assumes off)',
    ambiguous: 1,
  },
  'corpus/pcap/tcpdump/bgp-enhanced-route-refresh-subtype.pcapng': {
    reason: 'one-sided (no OPEN): one UPDATE reads validly under two contexts with different values, so it is ambiguous',
    ambiguous: 1,
  },
  'corpus/pcap/tcpdump/bgpsec_invalid_signature_block_length.pcap': {
    reason: 'one-sided (no OPEN), malformed BGPsec_PATH: two valid readings disagree, so it is ambiguous',
    ambiguous: 1,
  },
  'corpus/pcap/tcpdump/bgp-addpath.pcap': {
    reason:
      'one-sided: ADD-PATH UPDATE with two MP_REACH_NLRI and two MP_UNREACH_NLRI: RFC 7606 section 3(g) session reset under every context (tshark, without the ADD-PATH context, flags it malformed)',
    undecoded: 1,
  },
  'corpus/pcap/tcpdump/bgp-infinite-loop.pcap': {
    reason: 'UPDATEs with header length 19, below the minimum 23 (RFC 4271 section 6.1: 1/2 Bad Message Length); tshark lists them',
    undecoded: 4,
  },
  'corpus/pcap/tcpdump/bgp-extended-optional-parameters-length.pcapng': {
    reason: 'OPEN with RFC 9072 extended optional parameters length: tshark 4.0 does not support it (reads one capability of code 0, flags malformed); we read all 11',
    mismatches: 1,
  },
  'corpus/pcap/tcpdump/bgp-shutdown-msg-variations.pcap': {
    reason:
      'Cease/4 with an RFC 9003 shutdown communication followed by 9 more bytes: we decode "0123456789" and keep the rest as trailing data (as tcpdump does); tshark 4.0 shows only the raw data',
    mismatches: 1,
  },
  'corpus/pcap/tcpdump/bgp-aigp-oobr.pcap': {
    loose: true,
    reason: FUZZ,
    undecoded: 4,
    unmatched: 439,
    reframed: 1,
    mismatches: 1,
    counts: { ours: { 2: 448 }, tshark: { 2: 9 } },
  },
  'corpus/pcap/tcpdump/bgp-as-path-oobr.pcap': {
    loose: true,
    reason: FUZZ,
    mismatches: 5,
    undecoded: 6,
    unmatched: 318,
    reframed: 3,
    counts: { ours: { 2: 331 }, tshark: { 2: 13 } },
  },
  'corpus/pcap/tcpdump/bgp-ub.pcap': {
    loose: true,
    reason: `${FUZZ} (tshark's last message is a type 0 of length 3609)`,
    undecoded: 2,
    unmatched: 14,
    counts: { ours: { 2: 17 }, tshark: { 0: 1, 2: 4 } },
  },
  'corpus/pcap/tcpdump/bgp-bgp_capabilities_print-oobr-1.pcap': {
    loose: true,
    reason: 'fuzzed OPEN in an IPv4 first fragment with a corrupt marker and a snaplen cut: we frame nothing whole; tshark dissects the partial OPEN',
    unmatched: 1,
    counts: { ours: {}, tshark: { 1: 1 } },
  },
  'corpus/pcap/tcpdump/bgp-bgp_capabilities_print-oobr-2.pcap': {
    loose: true,
    reason: 'fuzzed OPEN in an IPv4 first fragment with a corrupt marker and a snaplen cut: we frame nothing whole; tshark dissects the partial OPEN',
    unmatched: 1,
    counts: { ours: {}, tshark: { 1: 1 } },
  },
  'corpus/pcap/tcpdump/bgp_mp_reach_nlri-oobr.pcap': {
    loose: true,
    reason: 'snaplen-truncated frame (2674 of 262144 bytes): the UPDATE is incomplete, so we emit none; tshark dissects the partial message',
    unmatched: 1,
    counts: { ours: {}, tshark: { 2: 1 } },
  },
  'corpus/pcap/tcpdump/bgp_mvpn_6_and_7_oobr.pcap': {
    loose: true,
    reason: 'fuzzed MCAST-VPN UPDATE (attribute overruns the message) followed by bytes with a corrupt marker that tshark reads as a type-20 message',
    undecoded: 1,
    unmatched: 1,
    counts: { ours: { 2: 1 }, tshark: { 2: 1, 20: 1 } },
  },
  'corpus/pcap/tcpdump/bgp_pmsi_tunnel-oobr.pcap': { loose: true, reason: 'fuzzed UPDATE: total path attribute length 1714 exceeds the message under every context', undecoded: 1 },
  'corpus/pcap/tcpdump/bgp_vpn_rt-oobr.pcap': { loose: true, reason: 'fuzzed UPDATE: total path attribute length 50098 exceeds the message under every context', undecoded: 1 },
};

/**
 * Values compared, as of tshark 4.0.17 and the shared corpus of this commit. Issue 21 lowered
 * med (248), local_pref (83), ext_community (1314) and attribute (7048) by the values of UPDATEs
 * no longer decoded: bgplu.cap's RFC 3107 UPDATE (its exception above) and the fuzzed
 * bgp-as-path-oobr.pcap and bgp-ub.pcap UPDATEs whose VPN NLRI cannot be parsed (RFC 7606
 * section 5.3; these were kept as bytes before); and added labeled_nlri, labeled_withdrawn and
 * the VPN and labeled next hops (mp_next_hop 47 -> 762).
 */
const MIN_COMPARED = {
  total: 21703,
  perKind: {
    nlri: 1238,
    withdrawn: 335,
    mp_reach_nlri: 469,
    mp_unreach_nlri: 301,
    labeled_nlri: 1167,
    labeled_withdrawn: 1,
    next_hop: 144,
    mp_next_hop: 762,
    as_path: 1256,
    as4_path: 13,
    community: 4497,
    large_community: 839,
    med: 246,
    local_pref: 80,
    origin: 1277,
    ext_community: 1312,
    attribute: 7039,
    open: 96,
    capability: 593,
    route_refresh: 17,
    notification: 16,
    shutdown: 5,
  } as Record<string, number>,
};

/**
 * Issue 21: [labeled_nlri, labeled_withdrawn, mp_next_hop] compared per capture with labeled or
 * VPN-IPv4 NLRI (fuzzed captures left out: their figures are not asserted). bgplu.cap is not
 * here (its one labeled UPDATE is malformed under RFC 8277, see its exception); VPN-IPv6 and
 * RT-Constraint are not decoded by tshark 4.0 (test/nlri: pmacct and tcpdump cover them).
 */
const LABELED_PER_FILE: Record<string, [number, number, number]> = {
  'corpus/pcap/packetlife/BGP_redist.cap': [2, 0, 2],
  'corpus/pcap/pmacct/300-BGP-IPv6-CISCO-extNH_enc/traffic-00.pcap': [104, 0, 31],
  'corpus/pcap/pmacct/301-BGP-CISCO-pretag/traffic-00.pcap': [38, 0, 20],
  'corpus/pcap/pmacct/302-BGP-IPv6-multiple-sources/traffic-00.pcap': [65, 0, 21],
  'corpus/pcap/pmacct/302-BGP-IPv6-multiple-sources/traffic-01.pcap': [43, 0, 26],
  'corpus/pcap/pmacct/302-BGP-IPv6-multiple-sources/traffic-02.pcap': [16, 0, 5],
  'corpus/pcap/pmacct/302-BGP-IPv6-multiple-sources/traffic-03.pcap': [16, 0, 5],
  'corpus/pcap/pmacct/303-BGP-high-availability/traffic-00.pcap': [104, 0, 31],
  'corpus/pcap/pmacct/500-IPFIXv10-BGP-CISCO-SRv6/traffic-00.pcap': [2, 0, 1],
  'corpus/pcap/pmacct/501-IPFIXv10-BGP-IPv6-CISCO-MPLS/traffic-00.pcap': [17, 0, 16],
  'corpus/pcap/pmacct/502-IPFIXv10-BGP-IPv6-CISCO-SRv6-lcomms/traffic-00.pcap': [17, 0, 16],
  'corpus/pcap/tcpdump/bgp-aigp-2.pcap': [1, 0, 1],
  'corpus/pcap/tcpdump/bgp-aigp.pcap': [1, 0, 1],
  'corpus/pcap/tcpdump/bgp-lu-multiple-labels.pcap': [2, 1, 2],
  'corpus/pcap/tcpdump/bgp_vpn_attrset.pcap': [1, 0, 1],
  'corpus/pcap/traffic-reproducer/pcap_processing__bgp-multi-sources.pcap': [328, 0, 246],
  'corpus/pcap/traffic-reproducer/pcap_processing__bgp.pcap': [17, 0, 16],
  'corpus/pcap/traffic-reproducer/pcaps__bgp-multi-sources-update-keepalive.pcap': [328, 0, 246],
  'corpus/pcap/traffic-reproducer/pcaps__bgp-traffic.pcap': [38, 0, 20],
};

/** What the view's comparison must cover at least (UPDATEs with their session context; values in them). */
// 899 UPDATEs: bgplu.cap's labeled one throws under RFC 8277 (see its exception above).
const MIN_VIEWED = { updates: 899, values: 12_651 };

const skipTshark = noShared() || !hasTool('tshark');

describe.skipIf(skipTshark)('every shared pcap agrees with tshark (issue 8)', () => {
  // tshark runs once per file, two at a time: about 30 s for all of them on an idle
  // two-core machine, much longer under load, hence the generous timeout.
  beforeAll(() => prefetchTshark(sharedPcaps().map((rel) => join(sharedRoot, rel)), 2), 600_000);

  it('compares message counts, prefixes, AS paths and communities', () => {
    console.log(`oracle: ${tsharkVersion()}`);
    const rows: string[] = [];
    const failures: string[] = [];
    const perKind: Record<string, number> = {};
    let compared = 0;
    let messagesTotal = 0;
    let guessed = 0;
    let viewed = 0;
    let viewValues = 0;
    const labeledPerFile: Record<string, [number, number, number]> = {};
    const files = sharedPcaps();
    for (const rel of files) {
      const theirs = tsharkMessages(parseTsharkJson(tsharkJson(join(sharedRoot, rel))));
      const { messages } = captureMessages(rel);
      const r = compareCapture(messages, theirs, { kinds: KINDS, guess: true });
      // Issue 5: the lazy view's values (view-facts.ts: accessors and cursors only) against the
      // same oracle. UPDATEs read without a context take the decoder's facts (a view needs one).
      const rv = compareCapture(messages, theirs, {
        kinds: KINDS,
        guess: true,
        factsOf: (m, decoded) => {
          if (m.type !== 2 || m.context === undefined) return ourFacts(decoded);
          viewed++;
          const f = viewFacts(viewUpdate(m.bytes, m.context));
          for (const list of f.values.values()) viewValues += list.length;
          return f;
        },
      });
      if (JSON.stringify([rv.compared, rv.mismatches]) !== JSON.stringify([r.compared, r.mismatches])) {
        failures.push(`${rel}: the view's values differ from the decoder's against tshark`);
        for (const m of rv.mismatches.slice(0, 12)) failures.push(`    view: ${m}`);
      }
      messagesTotal += messages.length;
      guessed += r.guessed;
      compared += totalCompared(r);
      for (const [k, n] of Object.entries(r.compared)) perKind[k] = (perKind[k] ?? 0) + n;
      const labeled = (r.compared.labeled_nlri ?? 0) + (r.compared.labeled_withdrawn ?? 0);
      if (labeled > 0 && EXCEPTIONS[rel]?.loose !== true) labeledPerFile[rel] = [r.compared.labeled_nlri ?? 0, r.compared.labeled_withdrawn ?? 0, r.compared.mp_next_hop ?? 0];
      const got = {
        mismatches: r.mismatches.length,
        undecoded: r.undecoded.length,
        ambiguous: r.ambiguous,
        unmatched: r.unmatched.length,
        reframed: r.reframed.length,
        counts: { ours: r.ourTypes, tshark: r.theirTypes },
      };
      const e = EXCEPTIONS[rel];
      const want = {
        mismatches: e?.mismatches ?? 0,
        undecoded: e?.undecoded ?? 0,
        ambiguous: e?.ambiguous ?? 0,
        unmatched: e?.unmatched ?? 0,
        reframed: e?.reframed ?? 0,
        counts: e?.counts ?? { ours: r.theirTypes, tshark: r.theirTypes },
      };
      rows.push(
        `${rel}: ${messages.length} messages, ${totalCompared(r)} values, ${r.guessed} guessed` +
          (e === undefined ? '' : ` -- exception${e.loose === true ? ` (not asserted: ${JSON.stringify(got)})` : ''}: ${e.reason}`),
      );
      if (e?.loose !== true && JSON.stringify(got) !== JSON.stringify(want)) {
        failures.push(`${rel}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
        for (const m of [...r.mismatches, ...r.undecoded, ...r.unmatched, ...r.reframed].slice(0, 12)) failures.push(`    ${m}`);
      }
    }
    console.log(rows.join('\n'));
    console.log(`${files.length} files, ${messagesTotal} messages (${guessed} UPDATEs read without a context), ${compared} values compared`, perKind);
    console.log(`the view: ${viewed} UPDATEs read through viewUpdate, ${viewValues} values from its accessors compared`);
    expect(failures).toEqual([]);
    console.log('labeled/VPN values compared per file [nlri, withdrawn, MP next hops]:', labeledPerFile);
    // Issue 21: per capture, the labeled unicast and VPN-IPv4 NLRI compared value by value
    // (label stack, RD, address, NLRI length), labeled withdrawals, and MP next hops.
    expect(labeledPerFile).toEqual(LABELED_PER_FILE);
    // Every file is either agreeing or listed; no exception is stale.
    expect(Object.keys(EXCEPTIONS).filter((f) => !files.includes(f))).toEqual([]);
    // Figures as of tshark 4.0.17 and the shared corpus of this commit (lower bounds: more agreement is fine).
    expect(files.length).toBe(86);
    expect(viewed).toBeGreaterThanOrEqual(MIN_VIEWED.updates);
    expect(viewValues).toBeGreaterThanOrEqual(MIN_VIEWED.values);
    expect(compared).toBeGreaterThanOrEqual(MIN_COMPARED.total);
    for (const [k, n] of Object.entries(MIN_COMPARED.perKind)) expect(perKind[k] ?? 0, k).toBeGreaterThanOrEqual(n);
  });
});

if (skipTshark) {
  describe('every shared pcap agrees with tshark (issue 8)', () => {
    it.skip(`skipped: ${noShared() ? SKIP_SHARED : 'tshark is not installed (apt-get install tshark; BGPWIRE_REQUIRE=1 makes this a failure)'}`, () => {});
  });
}
