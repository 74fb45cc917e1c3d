import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeFixture } from '../../bench/cases.ts';
import { GOBGP_SRC, runGobgp } from '../../bench/gobgp.ts';
import { type Input, mrtInput, syntheticInput } from '../../bench/inputs.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { hasShared, hasTool, requireAll } from '../helpers/shared.ts';

// The GoBGP side of the decode benchmark (bench/gobgp/main.go) still builds, decodes the same
// messages as bgpwire (its counts checked against ours inside the Go program) and reports
// figures. Needs the Go toolchain and Debian's GoBGP source (.ci/run installs both).

function hasGobgp(): boolean {
  if (!hasTool('go')) return false;
  if (existsSync(join(GOBGP_SRC, 'pkg/packet/bgp/bgp.go'))) return true;
  if (requireAll) throw new Error(`required GoBGP source missing: ${GOBGP_SRC} (apt-get install golang-github-osrg-gobgp-dev; BGPWIRE_REQUIRE=1)`);
  return false;
}

const ctx = sessionContext({ asn4: true, peerType: 'internal' });
const inputs: Input[] = [syntheticInput([encodeFixture(1), encodeFixture(10), encodeFixture(100), { type: 'UPDATE', withdrawn: [{ prefix: '10.0.0.0/8' }], attributes: [], nlri: [] }], ctx)];
if (hasShared) inputs.push(mrtInput('mrt-2019-head', ['corpus/mrt/bgp-rs/updates.20190101.0000.gz'], 64 * 1024));

describe.skipIf(!hasGobgp())('GoBGP decode baseline (bench/gobgp)', () => {
  it('builds, decodes the same messages as bgpwire and reports both variants', () => {
    const r = runGobgp(inputs, () => 1_000_000, { minMs: 20, clock: 'cpu', fmt: (n) => n.toFixed(0) });
    expect(r.lines.join('\n')).not.toMatch(/skipped|failed/);
    expect(r.runs.map((x) => x.input)).toEqual(inputs.map((i) => i.name));
    for (const [i, run] of r.runs.entries()) {
      const input = inputs[i] as Input;
      expect(run.error, run.input).toBeUndefined();
      expect(run.counted.messages, run.input).toBe(input.messages);
      expect(run.counted.prefixes, run.input).toBe(input.prefixes);
      expect(run.counted.rejected, run.input).toBe(0);
      expect(run.variants?.map((v) => v.name)).toEqual(['ParseBGPMessage', 'ParseBGPMessage+String']);
      for (const v of run.variants ?? []) {
        expect(v.messagesPerSecondCpu).toBeGreaterThan(0);
        expect(v.ratio).toBeGreaterThan(0);
      }
    }
  }, 300_000);
});
