import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import type { UpdateMessage } from '../../src/attributes/types.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { arbContextAndUpdate } from '../arbitraries/update.ts';
import { runs } from '../helpers/shared.ts';
import { frameHex } from '../helpers/frame.ts';

const ctx2 = sessionContext({ asn4: false });
const ctx4 = sessionContext({ asn4: true });

describe('UPDATE hand vectors (RFC 4271 section 4.3)', () => {
  it('decodes a minimal IPv4 announcement byte by byte', () => {
    const hex =
      'ffffffffffffffffffffffffffffffff' + // Marker (RFC 4271 4.1)
      '003a' + // Length 58
      '02' + // Type 2 UPDATE
      '0000' + // Withdrawn Routes Length 0
      '001f' + // Total Path Attribute Length 31
      '40010100' + // ORIGIN: flags 0x40 (well-known transitive), type 1, length 1, IGP (5.1.1)
      '40020a0202' + '0000fde8' + '0000fde9' + // AS_PATH: AS_SEQUENCE of 2 four-octet ASNs 65000 65001 (RFC 6793 4.1)
      '400304c0000201' + // NEXT_HOP 192.0.2.1 (5.1.3)
      '80040400000064' + // MULTI_EXIT_DISC: optional non-transitive, 100 (5.1.4)
      '18c63364'; // NLRI: length 24, 198.51.100.0/24
    const bytes = fromHex(hex);
    const m = decodeMessage(bytes, ctx4) as UpdateMessage;
    expect(m).toEqual({
      type: 'UPDATE',
      withdrawn: [],
      attributes: [
        { type: 'ORIGIN', origin: 'IGP' },
        { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65000, 65001] }] },
        { type: 'NEXT_HOP', nextHop: '192.0.2.1' },
        { type: 'MULTI_EXIT_DISC', med: 100 },
      ],
      nlri: [{ prefix: '198.51.100.0/24' }],
    });
    expect(toHex(encodeMessage(m, ctx4))).toBe(hex);
  });

  it('keeps trailing prefix bits beside the canonical text (RFC 4271 4.3: "irrelevant")', () => {
    // Withdrawn 10.1.2.3/8 sent with host bits set.
    const hex = frameHex(2, '0002' + '080a' + '0000');
    const m = decodeMessage(fromHex(hex), ctx2) as UpdateMessage;
    expect(m.withdrawn).toEqual([{ prefix: '10.0.0.0/8' }]);
    const hex2 = frameHex(2, '0003' + '0c0a1f' + '0000');
    const m2 = decodeMessage(fromHex(hex2), ctx2) as UpdateMessage;
    expect(m2.withdrawn).toEqual([{ prefix: '10.16.0.0/12', unmasked: '10.31.0.0/12' }]);
    expect(toHex(encodeMessage(m2, ctx2))).toBe(hex2);
  });

  it('decodes a 2-octet AS_PATH and AGGREGATOR on a 2-octet session', () => {
    const body = frameHex(
      2,
      '0000' + // Withdrawn Routes Length
        '0016' + // Total Path Attribute Length 22
        '40010101' + // ORIGIN EGP
        '4002060202fde85ba0' + // AS_PATH: AS_SEQUENCE of 2 two-octet ASNs, 65000 23456
        'c007065ba0c0000201', // AGGREGATOR: AS_TRANS 23456 (RFC 6793 4.2.2), 192.0.2.1
    );
    const m = decodeMessage(fromHex(body), ctx2) as UpdateMessage;
    expect(m.attributes[1]).toEqual({ type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65000, 23456] }] });
    expect(m.attributes[2]).toEqual({ type: 'AGGREGATOR', asn: 23456, address: '192.0.2.1' });
    expect(toHex(encodeMessage(m, ctx2))).toBe(body);
  });

  it('keeps a non-canonical extended length and a partial bit (RFC 4271 4.3)', () => {
    // ORIGIN with flags 0x50 (transitive + extended length), length 0x0001.
    const hex = frameHex(2, '0000' + '0005' + '5001000100');
    const m = decodeMessage(fromHex(hex), ctx4) as UpdateMessage;
    expect(m.attributes[0]).toEqual({ type: 'ORIGIN', origin: 'IGP', flags: 0x50 });
    expect(toHex(encodeMessage(m, ctx4))).toBe(hex);
  });

  it('refuses an UPDATE without a context (TypeError, not a guess)', () => {
    const hex = 'ffffffffffffffffffffffffffffffff' + '0017' + '02' + '00000000';
    expect(() => decodeMessage(fromHex(hex))).toThrow(TypeError);
  });
});

describe('UPDATE round trips (fast-check)', () => {
  it('decodeMessage(encodeMessage(m)) deep-equals m for valid UPDATEs', () => {
    fc.assert(
      fc.property(arbContextAndUpdate, ({ ctx, update }) => {
        const bytes = encodeMessage(update, ctx);
        const back = decodeMessage(bytes, ctx);
        expect(back).toEqual(update);
        expect(toHex(encodeMessage(back, ctx))).toBe(toHex(bytes));
      }),
      { numRuns: runs(300, 20000) },
    );
  });
});
