import { describe, expect, it } from 'vitest';
import { compareFacts, tally, totalCompared } from './facts.ts';
import { ourFacts } from './our-facts.ts';
import { tsharkFacts } from './tshark-facts.ts';
import { all, deep, parseTsharkJson } from './tshark-json.ts';

describe('parseTsharkJson', () => {
  it('keeps repeated keys as arrays, in order, like tshark --no-duplicate-keys', () => {
    const v = parseTsharkJson('{"bgp": {"a": "1"}, "x": 2, "bgp": {"a": "2"}, "bgp": {"a": "3"}}');
    expect(all(v, 'bgp')).toEqual([{ a: '1' }, { a: '2' }, { a: '3' }]);
    expect(all(v, 'x')).toEqual([2]);
    expect(all(v, 'missing')).toEqual([]);
    expect(deep(v, 'a')).toEqual(['1', '2', '3']);
  });

  it('reads the same values from a --no-duplicate-keys array', () => {
    const dup = parseTsharkJson('{"k": "1", "k": "2"}');
    const arr = parseTsharkJson('{"k": ["1", "2"]}');
    expect(all(dup, 'k')).toEqual(all(arr, 'k'));
  });

  it('parses escapes, numbers, literals and nesting; __proto__ is data', () => {
    const v = parseTsharkJson(' [ {"s": "a\\"b\\u00e9\\n", "n": -1.5e2, "t": true, "f": false, "z": null, "__proto__": {"q": []}} ] ');
    expect(v).toEqual([Object.assign(Object.create(null), { s: 'a"bé\n', n: -150, t: true, f: false, z: null, ['__proto__']: { q: [] } })]);
    expect(Object.keys((v as object[])[0] as object)).toContain('__proto__');
  });

  it('rejects malformed JSON with an offset', () => {
    expect(() => parseTsharkJson('{"a": }')).toThrow(/offset 6/);
    expect(() => parseTsharkJson('{"a": 1} x')).toThrow(SyntaxError);
    expect(() => parseTsharkJson('"open')).toThrow(/unterminated/);
  });
});

describe('compareFacts', () => {
  const ts = tsharkFacts(
    parseTsharkJson(`{"bgp.type": "2",
      "bgp.update.path_attributes": {
        "bgp.update.path_attribute": {"bgp.update.path_attribute.type_code": "2",
          "bgp.update.path_attribute.as_path_segment": {"bgp.update.path_attribute.as_path_segment.type": "2",
            "bgp.update.path_attribute.as_path_segment.as4": "65001", "bgp.update.path_attribute.as_path_segment.as4": "65002"}},
        "bgp.update.path_attribute": {"bgp.update.path_attribute.type_code": "8",
          "bgp.update.path_attribute.communities": {
            "bgp.update.path_attribute.community": {"bgp.update.path_attribute.community_as": "65000", "bgp.update.path_attribute.community_value": "1"},
            "bgp.update.path_attribute.community_wellknown": "0xffffff01"}}},
      "bgp.update.nlri": {"10.0.0.0/24": {"bgp.prefix_length": "24", "bgp.nlri_prefix": "10.0.0.0"},
                          "10.0.1.0/24": {"bgp.prefix_length": "24", "bgp.nlri_prefix": "10.0.1.0"}}}`),
  );
  const update = (asns: number[], nlri: string[]) =>
    ourFacts({
      type: 'UPDATE',
      withdrawn: [],
      attributes: [
        { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns }] },
        { type: 'COMMUNITIES', communities: ['65535:65281', '65000:1'] },
      ],
      nlri: nlri.map((prefix) => ({ prefix })),
    });

  it('counts agreeing values (prefixes and communities as multisets)', () => {
    const t = tally();
    compareFacts(update([65001, 65002], ['10.0.1.0/24', '10.0.0.0/24']), ts, 'x', t);
    expect(t.mismatches).toEqual([]);
    expect(t.compared).toMatchObject({ nlri: 2, as_path: 1, community: 2, attribute: 2 });
    expect(totalCompared(t)).toBe(7);
  });

  it('reports a differing value, a missing one and a different order', () => {
    const t = tally();
    compareFacts(update([65002, 65001], ['10.0.0.0/24']), ts, 'x', t);
    expect(t.mismatches).toEqual([
      'x nlri (1 vs 2): ours [] vs tshark ["10.0.1.0/24"]',
      'x as_path (1 vs 1): ours ["2:[65002 65001]"] vs tshark ["2:[65001 65002]"]',
    ]);
  });
});
