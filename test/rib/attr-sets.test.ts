import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PathAttribute } from '../../src/attributes/types.ts';
import { AttrSetTable, hashAttributes } from '../../src/rib/attr-sets.ts';
import { runs } from '../helpers/shared.ts';

const origin: PathAttribute = { type: 'ORIGIN', origin: 'IGP' };
const path = (...asns: number[]): PathAttribute => ({ type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns }] });
const hop: PathAttribute = { type: 'NEXT_HOP', nextHop: '203.0.113.200' };

describe('AttrSetTable (interned attribute sets)', () => {
  it('returns the held set for equal attributes, and shares equal attributes between sets', () => {
    const t = new AttrSetTable();
    const a = t.intern([origin, path(1, 2), hop]);
    a.refs++;
    const again = t.intern(structuredClone([origin, path(1, 2), hop]));
    expect(again).toBe(a);
    const b = t.intern([{ ...origin }, path(1, 3), { ...hop }]);
    b.refs++;
    expect(b).not.toBe(a);
    expect(t.size).toBe(2);
    // ORIGIN and NEXT_HOP are one object each, shared by both sets.
    expect(b.attributes[0]).toBe(a.attributes[0]);
    expect(b.attributes[2]).toBe(a.attributes[2]);
    expect(Object.isFrozen(a.attributes)).toBe(true);
    t.release(a);
    expect(t.size).toBe(1);
    t.release(b);
    expect(t.size).toBe(0);
    // Forgotten: a new intern makes a new set.
    expect(t.intern([origin, path(1, 2), hop])).not.toBe(a);
  });

  it('treats order and undefined properties as the structure does', () => {
    const t = new AttrSetTable();
    const a = t.intern([origin, path(1)]);
    a.refs++;
    expect(t.intern([path(1), origin])).not.toBe(a);
    expect(t.intern([{ type: 'ORIGIN', origin: 'IGP', flags: undefined } as unknown as PathAttribute, path(1)])).toBe(a);
  });

  it('equal attribute lists hash equal and intern to one set (property)', () => {
    const attr = fc.oneof(
      fc.constantFrom<PathAttribute>(origin, hop, { type: 'ATOMIC_AGGREGATE' }),
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).map((a) => path(...a)),
      fc.nat({ max: 3 }).map((med): PathAttribute => ({ type: 'MULTI_EXIT_DISC', med })),
      fc.array(fc.constantFrom('65000:1', '65000:2', '65535:65281'), { maxLength: 3 }).map((communities): PathAttribute => ({ type: 'COMMUNITIES', communities })),
      fc.uint8Array({ maxLength: 3 }).map((value): PathAttribute => ({ type: 'raw', code: 99, flags: 0xc0, value })),
    );
    fc.assert(
      fc.property(fc.array(fc.array(attr, { maxLength: 4 }), { minLength: 1, maxLength: 12 }), (lists) => {
        const t = new AttrSetTable();
        const sets = lists.map((l) => {
          const s = t.intern(l);
          s.refs++;
          return s;
        });
        for (let i = 0; i < lists.length; i++) {
          for (let j = 0; j < lists.length; j++) {
            const equal = JSON.stringify(lists[i]) === JSON.stringify(lists[j]);
            expect(sets[i] === sets[j]).toBe(equal);
            if (equal) expect(hashAttributes(lists[i] as PathAttribute[])).toBe(hashAttributes(lists[j] as PathAttribute[]));
          }
        }
        expect(t.size).toBe(new Set(lists.map((l) => JSON.stringify(l))).size);
        for (const s of sets) t.release(s);
        expect(t.size).toBe(0);
      }),
      { numRuns: runs(300, 10_000) },
    );
  });
});
