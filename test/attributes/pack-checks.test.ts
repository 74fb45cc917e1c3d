import { describe, expect, it } from 'vitest';
import { encodeMessage, packUpdates, prepareFor2Octet, sessionContext, type PathAttribute, type UpdateMessage } from '../../src/index.ts';
import { decodeMessage } from '../../src/messages/decode.ts';

// packUpdates builds no UPDATE a peer must refuse (issue 15): RFC 4271 section 5 well-known
// mandatory attributes, RFC 4760 section 3 for MP_REACH_NLRI, RFC 6793 section 4.2.2 for
// 2-octet sessions.

const ORIGIN: PathAttribute = { type: 'ORIGIN', origin: 'IGP' };
const AS_PATH: PathAttribute = { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65001] }] };
const NEXT_HOP: PathAttribute = { type: 'NEXT_HOP', nextHop: '192.0.2.1' };
const v4 = [{ prefix: '198.51.100.0/24' }];
const v6 = [{ prefix: '2001:db8::/32' }];
const ctx4 = sessionContext({ as4: true, families: [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }] });
const ctx2 = sessionContext({ as4: false, families: [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }] });

describe('packUpdates: mandatory attributes (RFC 4271 section 5, RFC 4760 section 3)', () => {
  it('refuses IPv4 NLRI without ORIGIN, AS_PATH or NEXT_HOP, naming the attribute', () => {
    const pack = (attributes: PathAttribute[]) => () => packUpdates({ afi: 1, safi: 1, attributes, announce: v4 }, ctx4);
    expect(pack([AS_PATH, NEXT_HOP])).toThrow(/NLRI without ORIGIN, a well-known mandatory attribute \(RFC 4271 section 5\.1\.1\)/);
    expect(pack([ORIGIN, NEXT_HOP])).toThrow(/NLRI without AS_PATH, a well-known mandatory attribute \(RFC 4271 section 5\.1\.2/);
    expect(pack([ORIGIN, AS_PATH])).toThrow(/NLRI without NEXT_HOP, a well-known mandatory attribute \(RFC 4271 section 5\.1\.3\)/);
    expect(pack([])).toThrow(TypeError);
    expect(pack([ORIGIN, AS_PATH, NEXT_HOP])()).toHaveLength(1);
  });

  it('withdrawals need no attributes', () => {
    expect(packUpdates({ afi: 1, safi: 1, withdraw: v4 }, ctx4)).toEqual([{ type: 'UPDATE', withdrawn: v4, attributes: [], nlri: [] }]);
    expect(packUpdates({ afi: 2, safi: 1, withdraw: v6 }, ctx4)).toHaveLength(1);
  });

  it('MP_REACH_NLRI needs ORIGIN, AS_PATH and its own next hop, not NEXT_HOP (and the UPDATE carries none)', () => {
    const pack = (attributes: PathAttribute[], nextHop?: string[]) => () => packUpdates({ afi: 2, safi: 1, attributes, announce: v6, ...(nextHop === undefined ? {} : { nextHop }) }, ctx4);
    expect(pack([AS_PATH], ['2001:db8::1'])).toThrow(/MP_REACH_NLRI routes without ORIGIN/);
    expect(pack([ORIGIN], ['2001:db8::1'])).toThrow(/MP_REACH_NLRI routes without AS_PATH/);
    expect(pack([ORIGIN, AS_PATH])).toThrow(/MP_REACH_NLRI routes without a next hop \(set\.nextHop, RFC 4760 section 3\)/);
    expect(pack([ORIGIN, AS_PATH], [])).toThrow(TypeError);
    // No NEXT_HOP needed; one given is left out ("SHOULD NOT carry the NEXT_HOP attribute").
    for (const attributes of [[ORIGIN, AS_PATH], [ORIGIN, AS_PATH, NEXT_HOP]]) {
      const [u] = pack(attributes, ['2001:db8::1'])() as [UpdateMessage];
      expect(u.attributes.map((a) => a.type)).toEqual(['MP_REACH_NLRI', 'ORIGIN', 'AS_PATH']);
      const d = decodeMessage(encodeMessage(u, ctx4), ctx4) as UpdateMessage;
      expect(d.issues).toBeUndefined();
    }
  });
});

describe('packUpdates and the encoder: a 4-octet AS on a 2-octet session points to prepareFor2Octet', () => {
  const wide: PathAttribute = { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [4200000000, 65001] }] };
  const agg: PathAttribute = { type: 'AGGREGATOR', asn: 4200000000, address: '192.0.2.9' };

  it('packUpdates refuses it up front (AS_PATH and AGGREGATOR)', () => {
    expect(() => packUpdates({ afi: 1, safi: 1, attributes: [ORIGIN, wide, NEXT_HOP], announce: v4 }, ctx2)).toThrow(
      /AS_PATH ASN: 4-octet AS 4200000000 on a 2-octet session \(no 4-octet AS capability\): pass the attributes through prepareFor2Octet first \(RFC 6793 section 4\.2\.2/,
    );
    expect(() => packUpdates({ afi: 1, safi: 1, attributes: [ORIGIN, AS_PATH, NEXT_HOP, agg], announce: v4 }, ctx2)).toThrow(/AGGREGATOR ASN: 4-octet AS 4200000000 .*prepareFor2Octet/);
    // The same attributes on a 4-octet session are fine.
    expect(packUpdates({ afi: 1, safi: 1, attributes: [ORIGIN, wide, NEXT_HOP, agg], announce: v4 }, ctx4)).toHaveLength(1);
  });

  it('encodeMessage says the same', () => {
    const u: UpdateMessage = { type: 'UPDATE', withdrawn: [], attributes: [ORIGIN, wide, NEXT_HOP], nlri: v4 };
    expect(() => encodeMessage(u, ctx2)).toThrow(RangeError);
    expect(() => encodeMessage(u, ctx2)).toThrow(/prepareFor2Octet/);
    expect(() => encodeMessage({ ...u, attributes: [ORIGIN, AS_PATH, NEXT_HOP, agg] }, ctx2)).toThrow(/AGGREGATOR ASN: 4-octet AS 4200000000 .*prepareFor2Octet/);
    // An ASN that no width can hold is still a plain range error.
    expect(() => encodeMessage({ ...u, attributes: [ORIGIN, { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [2 ** 32] }] }, NEXT_HOP] }, ctx2)).toThrow(/is not an integer in 0\.\.65535/);
  });

  it('after prepareFor2Octet it packs, encodes and reads back as the real path (RFC 6793 section 4.2.3)', () => {
    const attributes = prepareFor2Octet([ORIGIN, wide, NEXT_HOP]);
    const [u] = packUpdates({ afi: 1, safi: 1, attributes, announce: v4 }, ctx2) as [UpdateMessage];
    const d = decodeMessage(encodeMessage(u, ctx2), ctx2) as UpdateMessage;
    expect(d.attributes.find((a) => a.type === 'AS_PATH')).toEqual({ type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [23456, 65001] }] });
    expect(d.attributes.find((a) => a.type === 'AS4_PATH')).toEqual({ type: 'AS4_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [4200000000, 65001] }] });
  });
});
