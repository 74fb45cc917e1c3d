import { describe, expect, it } from 'vitest';
import { sessionContext } from '../../src/context/session-context.ts';
import type { SessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { bytesEqual } from '../../src/wire/hex.ts';
import { captureMessages, sharedPcaps } from '../helpers/corpus.ts';
import { noShared, SKIP_SHARED } from '../helpers/shared.ts';

// Candidate contexts for UPDATEs of one-sided captures (no OPEN pair): tried in order, the
// first that decodes with no issue and re-encodes identically is counted as "guessed". RFC 8950
// next hops are allowed for IPv4 families (VPN-IPv4 routes with IPv6 next hops read only so).
const EXTENDED_NEXT_HOP = [1, 2, 4, 128, 129].map((safi) => ({ afi: 1, safi, nextHopAfi: 2 }));
const CANDIDATES: readonly SessionContext[] = [true, false].flatMap((asn4) =>
  (['internal', 'external'] as const).flatMap((peerType) => [
    sessionContext({ asn4, peerType, extendedNextHop: EXTENDED_NEXT_HOP }),
    sessionContext({ asn4, peerType, extendedNextHop: EXTENDED_NEXT_HOP, addPath: [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }] }),
  ]),
);

describe.skipIf(noShared())('encode(decode(bytes)) === bytes for every message of the shared captures', () => {
  it('re-encodes every OPEN, UPDATE, NOTIFICATION, KEEPALIVE and ROUTE-REFRESH byte for byte', () => {
    const exact: Record<string, number> = {};
    let guessed = 0;
    let undecided = 0;
    const failures: string[] = [];
    for (const file of sharedPcaps()) {
      for (const m of captureMessages(file).messages) {
        if (m.type < 1 || m.type > 5) continue;
        if (m.type === 2 && m.context === undefined) {
          const ok = CANDIDATES.some((ctx) => {
            try {
              const d = decodeMessage(m.bytes, ctx);
              return d.type === 'UPDATE' && d.issues === undefined && bytesEqual(encodeMessage(d, ctx), m.bytes);
            } catch {
              return false;
            }
          });
          if (ok) guessed++;
          else undecided++;
          continue;
        }
        try {
          const d = decodeMessage(m.bytes, m.context);
          if (bytesEqual(encodeMessage(d, m.context), m.bytes)) exact[d.type] = (exact[d.type] ?? 0) + 1;
          else failures.push(`${file} frame ${m.frame}: re-encoded bytes differ`);
        } catch (e) {
          // Malformed messages in the tcpdump out-of-bounds captures may throw BgpError; the
          // hostile-input tests cover them. Anything else is a failure.
          if ((e as Error).name !== 'BgpError') failures.push(`${file} frame ${m.frame}: ${(e as Error).message}`);
        }
      }
    }
    console.log('byte-exact re-encodings per type:', exact, 'one-sided UPDATEs re-encoded under a candidate context:', guessed, 'undecided:', undecided);
    expect(failures).toEqual([]);
    // Counts from the shared captures (../shared/captures and ../shared/corpus/pcap) as of this commit.
    // UPDATE 899 of 900: bgplu.cap's labeled UPDATE binds two labels without the Multiple
    // Labels capability, malformed under RFC 8277 section 2.2 (test/nlri/corpus.test.ts reads it
    // with an explicit RFC 3107 context and re-encodes it byte for byte).
    expect(exact).toEqual({ OPEN: 96, UPDATE: 899, NOTIFICATION: 16, KEEPALIVE: 216, 'ROUTE-REFRESH': 17 });
    // One-sided captures (no OPEN pair); the undecided ones are the malformed tcpdump
    // out-of-bounds regressions, which the hostile-input tests cover.
    expect(guessed + undecided).toBe(1288);
    // 962 before issue 21: four UPDATEs of the fuzzed tcpdump captures (bgp-as-path-oobr.pcap
    // frames 1 and 4, bgp-ub.pcap frame 1) carry VPN/labeled NLRI that cannot be parsed (length
    // 52 leaves 28 bits for the RD; length 0 is shorter than one label): no longer kept as bytes.
    expect(guessed).toBeGreaterThanOrEqual(958);
  });
});

if (noShared()) console.warn(SKIP_SHARED);
