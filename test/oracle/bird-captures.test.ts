import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureMessages } from '../helpers/corpus.ts';
import { noShared, sharedPath, SKIP_SHARED } from '../helpers/shared.ts';
import { compareCapture } from './align.ts';
import { totalCompared, tsharkMessages } from './facts.ts';
import { parseTsharkJson } from './tshark-json.ts';
import { ourFacts } from './our-facts.ts';
import { viewFacts } from './view-facts.ts';
import { viewUpdate } from '../../src/view/update-view.ts';

// Issue 3 acceptance: the decoded values of the shared BIRD captures agree with Wireshark's
// decode committed beside them (`X.tshark.json`, tshark 4.0.17, repeated keys kept), frame by
// frame and message by message. The figures are asserted so that comparing nothing fails.
const CAPTURES = [
  {
    name: 'a_bird_ebgp',
    messages: { 1: 4, 2: 36, 3: 1, 4: 4, 5: 6 },
    // Values compared per kind (tshark's counts: 990 bgp.nlri_prefix, 310 withdrawn, 420 + 300 IPv6 MP prefixes).
    compared: {
      nlri: 990, withdrawn: 310, mp_reach_nlri: 420, mp_unreach_nlri: 300, labeled_nlri: 0, labeled_withdrawn: 0, next_hop: 16, mp_next_hop: 9,
      as_path: 22, as4_path: 7, community: 42, large_community: 24, med: 18, local_pref: 9, origin: 22, ext_community: 54, attribute: 165,
      open: 4, capability: 29, route_refresh: 6, notification: 1, shutdown: 1,
    },
  },
  {
    name: 'b_bird_ibgp_mesh',
    messages: { 1: 11, 2: 44, 3: 1, 4: 10 },
    compared: {
      nlri: 42, withdrawn: 2, mp_reach_nlri: 20, mp_unreach_nlri: 0, labeled_nlri: 0, labeled_withdrawn: 0, next_hop: 12, mp_next_hop: 10,
      as_path: 22, as4_path: 0, community: 0, large_community: 0, med: 0, local_pref: 22, origin: 22, ext_community: 0, attribute: 98,
      open: 11, capability: 88, route_refresh: 0, notification: 1, shutdown: 0,
    },
  },
] as const;

describe.skipIf(noShared())('BIRD captures agree with Wireshark (issue 3)', () => {
  if (noShared()) it.skip(SKIP_SHARED, () => {});
  for (const c of CAPTURES) {
    it(`${c.name}: every value agrees with ${c.name}.tshark.json`, () => {
      const json = sharedPath('captures', `${c.name}.tshark.json`) as string;
      const theirs = tsharkMessages(parseTsharkJson(readFileSync(json, 'utf8')));
      const { messages, error } = captureMessages(`captures/${c.name}.pcap`);
      expect(error).toBeUndefined();
      const r = compareCapture(messages, theirs);
      console.log(`${c.name}: ${messages.length} messages, ${r.pairs} pairs, ${totalCompared(r)} values compared`, r.compared, `mismatches ${r.mismatches.length}`);
      expect(r.theirTypes).toEqual(c.messages);
      expect(r.ourTypes).toEqual(c.messages);
      expect(r.undecoded).toEqual([]);
      expect(r.mismatches).toEqual([]);
      expect(r.pairs).toBe(messages.length);
      expect(r.compared).toEqual(c.compared);
      expect(totalCompared(r)).toBeGreaterThan(300);
    });

    it(`${c.name}: the lazy view's values agree with ${c.name}.tshark.json too (issue 5)`, () => {
      const json = sharedPath('captures', `${c.name}.tshark.json`) as string;
      const theirs = tsharkMessages(parseTsharkJson(readFileSync(json, 'utf8')));
      const { messages } = captureMessages(`captures/${c.name}.pcap`);
      let viewed = 0;
      // Every UPDATE's facts from viewUpdate's accessors and cursors (view-facts.ts), never from the decoded value.
      const r = compareCapture(messages, theirs, {
        factsOf: (m, decoded) => {
          if (m.type !== 2 || m.context === undefined) return ourFacts(decoded);
          viewed++;
          return viewFacts(viewUpdate(m.bytes, m.context));
        },
      });
      expect(viewed).toBe(c.messages[2]);
      expect(r.mismatches).toEqual([]);
      expect(r.undecoded).toEqual([]);
      expect(r.pairs).toBe(messages.length);
      expect(r.compared).toEqual(c.compared);
    });
  }
});
