import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { decodeKeepalive, encodeKeepalive, KEEPALIVE, keepaliveBodyLength } from '../../src/messages/keepalive.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { noShared, SKIP_SHARED } from '../helpers/shared.ts';
import { loadVectors, messageTypeOf, valueOrBgpError } from './vectors.ts';

const MARKER = 'ff'.repeat(16);

describe('KEEPALIVE (RFC 4271 section 4.4)', () => {
  it('is the 19-byte header alone', () => {
    // "A KEEPALIVE message consists of only the message header and has a length of 19 octets."
    const wire =
      MARKER + // Marker: all ones
      '0013' + // Length 19
      '04'; // Type 4 KEEPALIVE
    expect(toHex(encodeKeepalive())).toBe(wire);
    expect(toHex(encodeMessage(KEEPALIVE))).toBe(wire);
    expect(decodeKeepalive(fromHex(wire))).toEqual({ type: 'KEEPALIVE' });
    expect(decodeMessage(fromHex(wire))).toEqual({ type: 'KEEPALIVE' });
    expect(keepaliveBodyLength()).toBe(0);
  });
  it('a longer KEEPALIVE is 1/2 with the length field as data (RFC 4271 section 6.1)', () => {
    // "if the Length field of a KEEPALIVE message is not equal to 19 ... The Data field MUST contain the erroneous Length field."
    const bytes = fromHex(`${MARKER}001404 00`);
    for (const decode of [decodeMessage, decodeKeepalive]) {
      const e = valueOrBgpError(() => decode(bytes));
      expect(e).toMatchObject({ code: 1, subcode: 2 });
      expect(toHex(e?.data ?? new Uint8Array())).toBe('0014');
    }
    expect(valueOrBgpError(() => decodeKeepalive(fromHex(`${MARKER}001703 0602 0000`.replace(/\s/g, ''))))).toMatchObject({ code: 1, subcode: 3 });
  });
});

describe.skipIf(noShared())('KEEPALIVE vectors', () => {
  it('pcapplusplus-bgp.json and scapy-bgp-uts.json', () => {
    let count = 0;
    for (const name of ['pcapplusplus-bgp.json', 'scapy-bgp-uts.json']) {
      const vectors = loadVectors(name);
      if (vectors === undefined) return void console.warn(SKIP_SHARED);
      for (const v of vectors.filter((x) => messageTypeOf(x.hex) === 4)) {
        expect(decodeMessage(fromHex(v.hex)), v.source).toEqual({ type: 'KEEPALIVE' });
        expect(toHex(encodeKeepalive())).toBe(v.hex);
        count++;
      }
    }
    expect(count).toBe(5);
  });
});
