import { describe, expect, it } from 'vitest';
import { AS_TRANS, asPathLength, prepareFor2Octet, reconstructAsPath } from '../../src/attributes/as4.ts';
import type { PathAttribute } from '../../src/attributes/types.ts';
import { communityName, endOfRib, endOfRibMessage, passOn } from '../../src/attributes/helpers.ts';

const seq = (...asns: number[]) => ({ type: 'AS_SEQUENCE' as const, asns });

describe('RFC 6793 4.2.3: reconstructing the AS path on a 2-octet session', () => {
  it('prepends the leading part of AS_PATH to AS4_PATH', () => {
    const attrs: PathAttribute[] = [
      { type: 'AS_PATH', segments: [seq(65002, AS_TRANS, AS_TRANS)] },
      { type: 'AS4_PATH', segments: [seq(4200000001, 4200000001)] },
    ];
    expect(reconstructAsPath(attrs, { asn4: false })).toEqual([{ type: 'AS_PATH', segments: [seq(65002, 4200000001, 4200000001)] }]);
  });

  it('discards AS4 attributes on a 4-octet session (section 4.1)', () => {
    const attrs: PathAttribute[] = [{ type: 'AS_PATH', segments: [seq(1, 2)] }, { type: 'AS4_PATH', segments: [seq(3)] }];
    expect(reconstructAsPath(attrs, { asn4: true })).toEqual([{ type: 'AS_PATH', segments: [seq(1, 2)] }]);
  });

  it('ignores an AS4_PATH longer than AS_PATH', () => {
    const attrs: PathAttribute[] = [{ type: 'AS_PATH', segments: [seq(AS_TRANS)] }, { type: 'AS4_PATH', segments: [seq(1, 2)] }];
    expect(reconstructAsPath(attrs, { asn4: false })).toEqual([{ type: 'AS_PATH', segments: [seq(AS_TRANS)] }]);
  });

  it('ignores AS4 attributes when AGGREGATOR is not AS_TRANS; uses AS4_AGGREGATOR when it is', () => {
    const base: PathAttribute[] = [{ type: 'AS_PATH', segments: [seq(AS_TRANS)] }, { type: 'AS4_PATH', segments: [seq(4200000001)] }];
    expect(reconstructAsPath([...base, { type: 'AGGREGATOR', asn: 65001, address: '1.1.1.1' }, { type: 'AS4_AGGREGATOR', asn: 4200000001, address: '1.1.1.1' }], { asn4: false })).toEqual([
      { type: 'AS_PATH', segments: [seq(AS_TRANS)] },
      { type: 'AGGREGATOR', asn: 65001, address: '1.1.1.1' },
    ]);
    expect(reconstructAsPath([...base, { type: 'AGGREGATOR', asn: AS_TRANS, address: '1.1.1.1' }, { type: 'AS4_AGGREGATOR', asn: 4200000001, address: '1.1.1.1' }], { asn4: false })).toEqual([
      { type: 'AS_PATH', segments: [seq(4200000001)] },
      { type: 'AGGREGATOR', asn: 4200000001, address: '1.1.1.1' },
    ]);
  });

  it('drops confederation segments of AS4_PATH and keeps leading ones of AS_PATH', () => {
    const attrs: PathAttribute[] = [
      { type: 'AS_PATH', segments: [{ type: 'AS_CONFED_SEQUENCE', asns: [64512] }, seq(AS_TRANS, 65003)] },
      { type: 'AS4_PATH', segments: [{ type: 'AS_CONFED_SEQUENCE', asns: [64999] }, seq(4200000001, 65003)] },
    ];
    expect(reconstructAsPath(attrs, { asn4: false })).toEqual([
      { type: 'AS_PATH', segments: [{ type: 'AS_CONFED_SEQUENCE', asns: [64512] }, seq(4200000001, 65003)] },
    ]);
  });

  it('ignores malformed AS4 attributes (kept raw by the decoder)', () => {
    const attrs: PathAttribute[] = [{ type: 'AS_PATH', segments: [seq(AS_TRANS)] }, { type: 'raw', code: 17, flags: 0xc0, value: new Uint8Array([2]) }];
    expect(reconstructAsPath(attrs, { asn4: false })).toEqual([{ type: 'AS_PATH', segments: [seq(AS_TRANS)] }]);
  });

  it('prepares attributes for a 2-octet peer (section 4.2.2)', () => {
    const out = prepareFor2Octet([
      { type: 'AS_PATH', segments: [seq(65001, 4200000001)] },
      { type: 'AGGREGATOR', asn: 4200000001, address: '1.1.1.1' },
    ]);
    expect(out).toEqual([
      { type: 'AS_PATH', segments: [seq(65001, AS_TRANS)] },
      { type: 'AGGREGATOR', asn: AS_TRANS, address: '1.1.1.1' },
      { type: 'AS4_PATH', segments: [seq(65001, 4200000001)] },
      { type: 'AS4_AGGREGATOR', asn: 4200000001, address: '1.1.1.1' },
    ]);
    expect(reconstructAsPath(out, { asn4: false })).toEqual([
      { type: 'AS_PATH', segments: [seq(65001, 4200000001)] },
      { type: 'AGGREGATOR', asn: 4200000001, address: '1.1.1.1' },
    ]);
  });

  it('counts path length as RFC 4271 9.1.2.2 a: AS_SET 1, confederation segments 0', () => {
    expect(asPathLength([seq(1, 2, 3), { type: 'AS_SET', asns: [4, 5, 6] }, { type: 'AS_CONFED_SEQUENCE', asns: [7, 8] }])).toBe(4);
  });
});

describe('helpers', () => {
  it('names well-known communities (RFC 1997, 7999, 8326)', () => {
    expect(communityName('65535:65281')).toBe('NO_EXPORT');
    expect(communityName('65535:65282')).toBe('NO_ADVERTISE');
    expect(communityName('65535:666')).toBe('BLACKHOLE');
    expect(communityName('65535:0')).toBe('GRACEFUL_SHUTDOWN');
    expect(communityName('65001:1')).toBeUndefined();
  });

  it('recognises End-of-RIB markers (RFC 4724 2)', () => {
    expect(endOfRib(endOfRibMessage())).toEqual({ afi: 1, safi: 1 });
    expect(endOfRib(endOfRibMessage(2, 1))).toEqual({ afi: 2, safi: 1 });
    expect(endOfRib({ type: 'UPDATE', withdrawn: [{ prefix: '10.0.0.0/8' }], attributes: [], nlri: [] })).toBeUndefined();
  });

  it('sets the Partial bit on an unrecognized optional transitive attribute passed on (RFC 4271 5)', () => {
    expect(passOn({ type: 'raw', code: 99, flags: 0xc0, value: new Uint8Array() })).toEqual({ type: 'raw', code: 99, flags: 0xe0, value: new Uint8Array() });
    expect(passOn({ type: 'raw', code: 99, flags: 0x80, value: new Uint8Array() })).toBeUndefined();
  });
});
