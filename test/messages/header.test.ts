import { describe, expect, it } from 'vitest';
import { sessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { decodeHeader, peekMessage } from '../../src/messages/header.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { thrown } from '../helpers/thrown.ts';

const M = 'ff'.repeat(16);
const hdr = (len: number, type: number): Uint8Array => fromHex(M + len.toString(16).padStart(4, '0') + type.toString(16).padStart(2, '0'));

describe('header and framing (RFC 4271 4.1, 6.1; RFC 8654)', () => {
  it('returns the full length, or undefined while bytes are missing', () => {
    const ka = hdr(19, 4);
    expect(peekMessage(ka)).toBe(19);
    expect(peekMessage(ka.subarray(0, 18))).toBeUndefined();
    expect(peekMessage(new Uint8Array(0))).toBeUndefined();
    const two = new Uint8Array(38);
    two.set(ka, 0);
    two.set(ka, 19);
    expect(peekMessage(two, 19)).toBe(19);
    expect(peekMessage(hdr(100, 2))).toBeUndefined();
  });

  it('1/1 Connection Not Synchronized on a bad marker, even before the header is complete', () => {
    const e = thrown(() => peekMessage(fromHex('ffff00')));
    expect([e.code, e.subcode]).toEqual([1, 1]);
  });

  it('1/2 Bad Message Length with the length field as data ("The Data field MUST contain the erroneous Length field")', () => {
    for (const [len, type] of [
      [18, 4],
      [4097, 2],
      [0xffff, 1],
      [4097, 4],
    ] as const) {
      const e = thrown(() => peekMessage(hdr(len, type)));
      expect([e.code, e.subcode, toHex(e.data)]).toEqual([1, 2, len.toString(16).padStart(4, '0')]);
    }
    // RFC 6.1: "if the Length field of a KEEPALIVE message is not equal to 19".
    const ka = new Uint8Array(20);
    ka.set(hdr(20, 4));
    const e = thrown(() => decodeHeader(ka, 0));
    expect([e.code, e.subcode, toHex(e.data)]).toEqual([1, 2, '0014']);
    // Below the minimum OPEN (29), UPDATE (23), NOTIFICATION (21) lengths.
    for (const [len, type] of [
      [28, 1],
      [22, 2],
      [20, 3],
    ] as const) {
      const m = new Uint8Array(len);
      m.set(hdr(len, type));
      expect([thrown(() => decodeHeader(m, 0)).subcode]).toEqual([2]);
    }
  });

  it('allows up to 65535 bytes where the context has extended messages, never for OPEN and KEEPALIVE (RFC 8654 4)', () => {
    const ext = sessionContext({ asn4: true, extendedMessage: true });
    expect(peekMessage(hdr(60000, 2), 0, ext)).toBeUndefined();
    expect(thrown(() => peekMessage(hdr(5000, 1), 0, ext)).subcode).toBe(2);
    expect(thrown(() => peekMessage(hdr(5000, 2), 0)).subcode).toBe(2);
  });

  it('1/3 Bad Message Type with the type as data', () => {
    const e = thrown(() => decodeMessage(hdr(19, 9)));
    expect([e.code, e.subcode, toHex(e.data)]).toEqual([1, 3, '09']);
  });
});
