import { describe, expect, it } from 'vitest';
import {
  contextFor,
  decodeAttributes,
  decodeMessage,
  encodeMessage,
  packUpdates,
  reconstructAsPath,
  type SessionContext,
  sessionContext,
  toJSON,
  viewUpdate,
} from '../../src/index.ts';
import { Rib } from '../../src/rib/index.ts';
import { bgp4mpContext, LEGACY_CONTEXT, RIB_CONTEXT } from '../../src/capture/mrt-context.ts';
import { candidateContext, GUESS_CANDIDATES } from '../../src/capture/context-guess.ts';
import type { OpenMessage, UpdateMessage } from '../../src/index.ts';

// One set of names (issue 15): `as4` is canonical (the capability's name, RFC 6793 section 3,
// AS4_PATH/AS4_AGGREGATOR); `asn4` is a deprecated alias that every context the library makes
// carries, equal, so code reading `ctx.asn4` keeps working.

const open = (asn: number, as4: boolean): OpenMessage => ({
  type: 'OPEN',
  version: 4,
  myAs: as4 && asn > 0xffff ? 23456 : asn,
  holdTime: 90,
  bgpId: '192.0.2.1',
  capabilities: as4 ? [{ type: 'as4', asn }] : [],
});

// A 4-octet ASN on the path: decodes to 4200000000 only when the context says as4.
const update: UpdateMessage = {
  type: 'UPDATE',
  withdrawn: [],
  attributes: [
    { type: 'ORIGIN', origin: 'IGP' },
    { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [4200000000, 65001] }] },
    { type: 'NEXT_HOP', nextHop: '192.0.2.1' },
  ],
  nlri: [{ prefix: '198.51.100.0/24' }],
};

describe('SessionContext: as4 canonical, asn4 a deprecated alias kept equal', () => {
  it('every context the library makes carries both, equal', () => {
    const made: SessionContext[] = [
      sessionContext({ as4: true }),
      sessionContext({ as4: false }),
      sessionContext({ asn4: true }),
      sessionContext({ asn4: false, as4: false }),
      contextFor(open(4200000000, true), open(65002, true)),
      contextFor(open(65001, false), open(65002, true)),
      RIB_CONTEXT,
      LEGACY_CONTEXT,
      bgp4mpContext(true, false, 1, 2, new Uint8Array(0)),
      bgp4mpContext(false, true, 1, 1, new Uint8Array(0)),
      ...GUESS_CANDIDATES.map((c) => candidateContext(c, 'external')),
    ];
    expect(made.map((c) => [c.as4, c.asn4])).toEqual([
      [true, true], [false, false], [true, true], [false, false], [true, true], [false, false],
      [true, true], [false, false], [true, true], [false, false],
      [true, true], [false, false], [true, true], [false, false],
    ]);
  });

  it('sessionContext: as4 is required; asn4 that disagrees is a TypeError naming both fields', () => {
    expect(() => sessionContext({} as never)).toThrow(/options\.as4 \(boolean\) is required/);
    expect(() => sessionContext({ as4: 'yes' } as never)).toThrow(/options\.as4 must be a boolean/);
    expect(() => sessionContext({ asn4: 1 } as never)).toThrow(/options\.asn4 \(deprecated alias of as4\) must be a boolean/);
    expect(() => sessionContext({ as4: true, asn4: false })).toThrow(/options\.as4 \(true\) and its deprecated alias asn4 \(false\) disagree/);
  });

  it('a copy with the other choice: set both names, or rebuild with asn4 undefined', () => {
    const ctx = sessionContext({ as4: true, extendedMessage: true });
    expect(sessionContext({ ...ctx, as4: false, asn4: undefined })).toEqual({ ...ctx, as4: false, asn4: false });
    expect(decodeMessage(encodeMessage({ type: 'KEEPALIVE' }), { ...ctx, as4: false, asn4: false })).toEqual({ type: 'KEEPALIVE' });
    expect(() => sessionContext({ ...ctx, as4: false })).toThrow(/options\.as4 \(false\) and its deprecated alias asn4 \(true\) disagree/);
  });

  it('the JSON mapping carries both and round-trips through sessionContext', () => {
    const ctx = sessionContext({ as4: true, extendedMessage: true });
    const json = JSON.parse(JSON.stringify(toJSON(ctx))) as Record<string, unknown>;
    expect([json.as4, json.asn4]).toEqual([true, true]);
    expect(sessionContext(json as never)).toEqual(ctx);
  });

  it('hand-made contexts with only one of the two are completed at every entry point', () => {
    const full = sessionContext({ as4: true });
    const { asn4: _a, ...onlyAs4 } = full;
    const { as4: _b, ...onlyAsn4 } = full;
    const bytes = encodeMessage(update, full);
    for (const hand of [onlyAs4, onlyAsn4] as unknown as SessionContext[]) {
      expect(encodeMessage(update, hand)).toEqual(bytes);
      expect(decodeMessage(bytes, hand)).toEqual(update);
      const cursor = viewUpdate(bytes, hand).asPath();
      expect([cursor?.nextSegment(), cursor?.width, cursor?.asn(0), cursor?.asn(1)]).toEqual([true, 4, 4200000000, 65001]);
      expect(decodeAttributes(bytes.subarray(23, bytes.length - 4), hand).attributes).toEqual(update.attributes);
      expect(packUpdates({ afi: 1, safi: 1, attributes: update.attributes, announce: update.nlri }, hand)).toEqual([update]);
      expect(reconstructAsPath(update.attributes, hand)).toEqual(update.attributes);
    }
    // The 2-octet reading of the same choice: read through either name it is the same.
    const two = sessionContext({ as4: false });
    const { as4: _c, ...onlyAsn4False } = two;
    const short = { ...update, attributes: [update.attributes[0]!, { type: 'AS_PATH' as const, segments: [{ type: 'AS_SEQUENCE' as const, asns: [65001] }] }, update.attributes[2]!] };
    expect(encodeMessage(short, onlyAsn4False as unknown as SessionContext)).toEqual(encodeMessage(short, two));
  });

  it('a hand-made context whose two names disagree, or with neither, is a TypeError naming the field', () => {
    const bad = { ...sessionContext({ as4: true }), asn4: false };
    const bytes = encodeMessage(update, sessionContext({ as4: true }));
    expect(() => decodeMessage(bytes, bad)).toThrow(/ctx\.as4 \(true\) and its deprecated alias asn4 \(false\) disagree/);
    expect(() => encodeMessage(update, bad)).toThrow(TypeError);
    expect(() => viewUpdate(bytes, bad)).toThrow(TypeError);
    const { as4: _a, asn4: _b, ...neither } = bad;
    expect(() => decodeMessage(bytes, neither as unknown as SessionContext)).toThrow(/needs a SessionContext/);
    expect(() => reconstructAsPath([], {} as never)).toThrow(/reconstructAsPath: ctx\.as4 \(boolean\) is required/);
  });

  it('RIB peers with hand-made contexts are read through as4', () => {
    const rib = new Rib({ local: { asn: 65000, bgpId: '192.0.2.254' } });
    const { as4: _a, ...inbound } = sessionContext({ as4: false });
    const id = rib.addPeer({ asn: 65001, bgpId: '192.0.2.1', address: '192.0.2.1', internal: false, inbound: inbound as unknown as SessionContext } as never);
    expect([rib.peer(id).inbound?.as4, rib.peer(id).inbound?.asn4]).toEqual([false, false]);
  });
});
