import { describe, expect, it } from 'vitest';
import { sessionContext } from '../../src/context/session-context.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { notificationFor } from '../../src/messages/notification-for.ts';
import { shutdownNotification } from '../../src/messages/notification.ts';
import { BgpError } from '../../src/wire/errors.ts';
import { toHex } from '../../src/wire/hex.ts';

const nBit = sessionContext({ asn4: true, hardReset: true });
const plain = sessionContext({ asn4: true });

describe('notificationFor', () => {
  it('turns a BgpError into its NOTIFICATION', () => {
    const e = new BgpError(3, 1, 'malformed attribute list', Uint8Array.of(1, 2));
    expect(notificationFor(e)).toEqual({ type: 'NOTIFICATION', code: 3, subcode: 1, data: Uint8Array.of(1, 2) });
    expect(notificationFor({ code: 6, subcode: 5 })).toEqual({ type: 'NOTIFICATION', code: 6, subcode: 5, data: new Uint8Array(0) });
  });

  it('RFC 8538 section 5.1: with the N bit, Cease 1-4 are wrapped in a Hard Reset, other codes are not', () => {
    // "For all NOTIFICATION codes other than Cease, use of Hard Reset does not appear to be indicated."
    const shut = shutdownNotification('bye');
    const m = notificationFor(shut, nBit);
    expect(m).toMatchObject({ code: 6, subcode: 9, details: { kind: 'hard-reset', code: 6, subcode: 2, details: { kind: 'shutdown', communication: 'bye', valid: true } } });
    // ErrCode, Subcode, Data (RFC 8538 section 3.1).
    expect(toHex(m.data)).toBe('060203627965');
    for (const subcode of [1, 2, 3, 4]) expect(notificationFor({ code: 6, subcode }, nBit).subcode).toBe(9);
    for (const subcode of [5, 6, 7, 8, 10]) expect(notificationFor({ code: 6, subcode }, nBit).subcode).toBe(subcode);
    expect(notificationFor(new BgpError(3, 1, 'x'), nBit)).toMatchObject({ code: 3, subcode: 1 });
    // Without the N bit nothing is wrapped ("SHOULD NOT send a Hard Reset to a peer from which it has not received the N bit").
    expect(notificationFor(shut, plain)).toMatchObject({ code: 6, subcode: 2 });
    // A Hard Reset is not wrapped again.
    expect(notificationFor({ code: 6, subcode: 9, data: Uint8Array.of(6, 3) }, nBit)).toMatchObject({ code: 6, subcode: 9, data: Uint8Array.of(6, 3) });
  });

  it('the hardReset option overrides the default', () => {
    expect(notificationFor(new BgpError(3, 1, 'x'), nBit, { hardReset: true })).toMatchObject({ code: 6, subcode: 9, details: { kind: 'hard-reset', code: 3, subcode: 1 } });
    expect(notificationFor({ code: 6, subcode: 2 }, nBit, { hardReset: false })).toMatchObject({ code: 6, subcode: 2 });
    expect(notificationFor({ code: 6, subcode: 2 }, plain, { hardReset: true })).toMatchObject({ code: 6, subcode: 2 });
  });

  it('RFC 8654 section 5: data is truncated so the message fits 4096 bytes unless the peer announced extended messages', () => {
    // "if a NOTIFICATION is to be sent to a BGP speaker that has not advertised the BGP Extended
    // Message Capability, the size of the message MUST NOT exceed 4,096 octets."
    const big = new BgpError(3, 1, 'huge', new Uint8Array(65000).fill(7));
    expect(encodeMessage(notificationFor(big, plain), plain).length).toBe(4096);
    expect(encodeMessage(notificationFor(big)).length).toBe(4096);
    const wrapped = notificationFor(big, nBit, { hardReset: true });
    expect(encodeMessage(wrapped, nBit).length).toBe(4096);
    const ext = sessionContext({ asn4: true, extendedMessage: true });
    expect(encodeMessage(notificationFor(big, ext), ext).length).toBe(19 + 2 + 65000);
    const huge = new BgpError(3, 1, 'huge', new Uint8Array(70000));
    expect(encodeMessage(notificationFor(huge, ext), ext).length).toBe(65535);
    // Small data is untouched.
    expect(notificationFor(new BgpError(2, 2, 'x', Uint8Array.of(1)), plain).data).toEqual(Uint8Array.of(1));
  });

  it('rejects code/subcode values that are not octets', () => {
    expect(() => notificationFor({ code: 256, subcode: 0 })).toThrow(RangeError);
  });
});
