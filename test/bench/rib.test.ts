import { describe, expect, it } from 'vitest';
import { buildRibInput } from '../../bench/rib-input.ts';
import { runPhase, runRib } from '../../bench/rib-run.ts';
import { Rib } from '../../src/rib/index.ts';
import { hasShared } from '../helpers/shared.ts';

// The full-table RIB benchmark once, on a tiny table: it builds, loads and churns; churn
// withdraws and re-announces the same routes, so the Loc-RIB ends as loaded. No timing checked.

const view = (rib: Rib): string[] => [...rib.locRib()].map((x) => `${x.prefix} ${x.peer.address} ${JSON.stringify(x.attributes)}`).sort();

describe.skipIf(!hasShared)('rib bench (smoke)', () => {
  it('loads a small replicated table and churns it back to the same state', async () => {
    const input = await buildRibInput({ prefixes: 3000, peers: 3, sets: 2000, maxRecords: 400, files: ['corpus/mrt/pyasn/rib.20140523.0600_firstMB.bz2', 'corpus/mrt/pyasn/rib6.20151101.0600_firstMB.bz2', 'corpus/mrt/mrtparse/quagga_rib'] });
    expect(input.prefixes.ipv4 + input.prefixes.ipv6).toBe(3000);
    expect(input.variants).toBeGreaterThan(1);
    const r = runRib(input);
    expect(r.routes).toBe(input.routes);
    expect(r.rib.size).toBe(input.routes);
    expect(r.attributeSets).toBeGreaterThan(100);
    expect(r.phases.map((p) => p.name)).toEqual(['load', 'churn']);
    expect(r.phases[1]?.prefixes).toBeGreaterThan(0);
    const loaded = new Rib({ local: input.local });
    const ids = input.peers.map((p) => loaded.addPeer(p));
    expect(runPhase('load', loaded, ids, input, input.load).changes).toBeGreaterThan(2900);
    expect(view(r.rib)).toEqual(view(loaded));
  });
});
