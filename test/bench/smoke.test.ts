import { describe, expect, it } from 'vitest';
import { encodeCases, encodeFixture, readCases, viewWalk, viewWalkCursors } from '../../bench/cases.ts';
import { fusedWalk } from '../../bench/floor.ts';
import { type Input, mrtInput, syntheticInput } from '../../bench/inputs.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { hasShared } from '../helpers/shared.ts';

// Every benchmark case once, on tiny input: the suite still runs, and each case checks its
// own result (a case fed wrong expectations must throw).

const ctx = sessionContext({ asn4: true, peerType: 'internal' });
const inputs: Input[] = [syntheticInput([encodeFixture(1), encodeFixture(10), encodeFixture(100), { type: 'UPDATE', withdrawn: [{ prefix: '10.0.0.0/8' }], attributes: [], nlri: [] }], ctx)];
if (hasShared) inputs.push(mrtInput('mrt-2019-head', ['corpus/mrt/bgp-rs/updates.20190101.0000.gz'], 64 * 1024));

function skewed(input: Input): Input {
  return { ...input, messages: input.messages + 1, prefixes: input.prefixes + 1 };
}

describe('bench cases (smoke)', () => {
  for (const input of inputs) {
    it(`read cases run on ${input.name}`, () => {
      expect(input.messages).toBeGreaterThan(0);
      const cases = readCases(input);
      expect(cases.map((c) => c.name.split('/').slice(0, 2).join('/'))).toEqual(['raw/loop', 'frame/messages', 'view/walk', 'view/cursors', 'floor/walk', 'decode/update', 'decode+json/update', 'decode+writeJSON/update', 'capture/read']);
      for (const c of cases) c.run();
    });

    it(`the fused floor walks what the view walks on ${input.name}`, () => {
      const view = new Int32Array(3);
      const cursors = new Int32Array(3);
      const fused = new Int32Array(3);
      const p = viewWalk(input.streams, view);
      expect(viewWalkCursors(input.streams, cursors)).toBe(p);
      expect(fusedWalk(input.streams, fused)).toBe(p);
      expect(p).toBe(input.prefixes);
      // Header codes summed, origin ASes found and prefix lengths summed: the same both ways.
      expect([...cursors]).toEqual([...view]);
      // The floor: the same codes and origins on clean messages (all of these).
      expect(fused[2]).toBe(0);
      expect([fused[0], fused[1]]).toEqual([view[0], view[1]]);
    });

    it(`read cases check their result on ${input.name}`, () => {
      for (const c of readCases(skewed(input))) expect(() => c.run(), c.name).toThrow(/expected/);
    });
  }

  it('encode cases run and check their result', () => {
    const cases = encodeCases(2);
    expect(cases.map((c) => c.name)).toEqual(['encode/update/1-prefix', 'encode/update/10-prefix', 'encode/update/100-prefix', 'encode-into/update/1-prefix', 'encode-pooled/update/1-prefix', 'encode/open/caps']);
    for (const c of cases) c.run();
    for (const c of encodeCases(2, 1)) expect(() => c.run(), c.name).toThrow(/expected/);
  });
});
