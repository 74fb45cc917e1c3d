import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import {
  decodeNotification,
  describeNotification,
  encodeNotification,
  hardReset,
  notificationBodyLength,
  readNotificationBody,
  shutdownNotification,
  writeNotificationBody,
} from '../../src/messages/notification.ts';
import type { NotificationMessage } from '../../src/messages/types.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { Reader } from '../../src/wire/reader.ts';
import { encodeUtf8 } from '../../src/wire/text.ts';
import { Writer } from '../../src/wire/writer.ts';
import { arbNotification } from '../arbitraries/messages.ts';
import { noShared, runs, SKIP_SHARED } from '../helpers/shared.ts';
import { arbMutated, arbRandomMessage } from './mutate.ts';
import { loadVectors, messageTypeOf, valueOrBgpError } from './vectors.ts';

const MARKER = 'ff'.repeat(16);
const hex = (s: string): Uint8Array => fromHex(s.replace(/\s+/g, ''));
const len = (n: number): string => n.toString(16).padStart(4, '0');

describe('NOTIFICATION hand vectors (RFC 4271 section 4.5)', () => {
  it('Cease / Administrative Shutdown without data', () => {
    const bytes = hex(
      MARKER +
        '0015' + // Length 21: "the minimum length of the NOTIFICATION message is 21 octets"
        '03' + // Type 3 NOTIFICATION
        '06' + // Error code 6 Cease
        '02', // Error subcode 2 Administrative Shutdown
    );
    const m: NotificationMessage = { type: 'NOTIFICATION', code: 6, subcode: 2, data: new Uint8Array(0) };
    expect(decodeMessage(bytes)).toEqual(m);
    expect(toHex(encodeMessage(m))).toBe(toHex(bytes));
    expect(decodeNotification(bytes)).toEqual(m);
    expect(toHex(encodeNotification(m))).toBe(toHex(bytes));
  });

  it('RFC 9003 section 2: shutdown communication, length-prefixed UTF-8', () => {
    // Section 3's example: "[TICKET-1-1438367390] software upgrade; back in 2 hours".
    const text = '[TICKET-1-1438367390] software upgrade; back in 2 hours';
    const t = encodeUtf8(text);
    const bytes = hex(
      MARKER +
        len(21 + 1 + t.length) + // Length
        '03' + // NOTIFICATION
        '06' + // Error Code 6
        '04' + // Subcode 4 Administrative Reset
        t.length.toString(16).padStart(2, '0') + // "Length: This 8-bit field represents the length of the Shutdown Communication field in octets"
        toHex(t), // Shutdown Communication, "not NUL terminated"
    );
    const m = decodeMessage(bytes) as NotificationMessage;
    expect(m.details).toEqual({ kind: 'shutdown', communication: text, valid: true });
    expect(shutdownNotification(text, 4)).toEqual(m);
    expect(toHex(encodeMessage(m))).toBe(toHex(bytes));
  });

  it('RFC 9003: multibyte text up to 255 octets; longer is a RangeError', () => {
    const text = 'é'.repeat(127); // 254 octets
    expect(shutdownNotification(text).details).toEqual({ kind: 'shutdown', communication: text, valid: true });
    expect(() => shutdownNotification('x'.repeat(256))).toThrow(RangeError);
    expect(() => shutdownNotification('x', 3 as 2)).toThrow(RangeError);
  });

  it('RFC 9003: invalid UTF-8, a bad length and trailing bytes are reported, never thrown', () => {
    // "A receiving BGP speaker MUST NOT interpret invalid UTF-8 sequences."
    const bad = decodeMessage(hex(`${MARKER}0018 03 06 02 02 c328`)) as NotificationMessage;
    expect(bad.details).toEqual({ kind: 'shutdown', communication: '', valid: false, reason: 'invalid UTF-8' });
    const long = decodeMessage(hex(`${MARKER}0017 03 06 02 10 41`)) as NotificationMessage;
    expect(long.details).toMatchObject({ kind: 'shutdown', valid: false, reason: 'length 16 exceeds the 1 bytes present' });
    const trailing = decodeMessage(hex(`${MARKER}0018 03 06 04 01 41 42`)) as NotificationMessage;
    expect(trailing.details).toEqual({ kind: 'shutdown', communication: 'A', valid: false, reason: '1 bytes after the communication', trailing: hex('42') });
    expect(toHex(encodeMessage(trailing))).toBe(`${MARKER}0018030604014142`);
  });

  it('RFC 4486 section 4: maximum number of prefixes reached with AFI, SAFI and limit', () => {
    const bytes = hex(
      MARKER +
        '001c' + // Length 28
        '03' +
        '06' + // Cease
        '01' + // Maximum Number of Prefixes Reached
        '0002' + // AFI 2
        '01' + // SAFI 1
        '000003e8', // Prefix upper bound 1000
    );
    const m = decodeMessage(bytes) as NotificationMessage;
    expect(m.details).toEqual({ kind: 'max-prefix', afi: 2, safi: 1, limit: 1000 });
    expect(toHex(encodeMessage(m))).toBe(toHex(bytes));
    // "The message MAY optionally include" it: other lengths carry no details.
    expect((decodeMessage(hex(`${MARKER}0017 03 06 01 0001`)) as NotificationMessage).details).toBeUndefined();
  });

  it('RFC 8538 section 3.1: Hard Reset wraps ErrCode, Subcode and Data', () => {
    const bytes = hex(
      MARKER +
        '001c' + // Length 28
        '03' +
        '06' + // Cease
        '09' + // Hard Reset
        '06' + // ErrCode: Cease
        '02' + // Subcode: Administrative Shutdown
        '04' + '646f776e', // RFC 9003 length 4, "down" (RFC 8538 section 5.2: processed per RFC 8203)
    );
    const m = decodeMessage(bytes) as NotificationMessage;
    expect(m.details).toEqual({
      kind: 'hard-reset',
      code: 6,
      subcode: 2,
      data: hex('04646f776e'),
      details: { kind: 'shutdown', communication: 'down', valid: true },
    });
    expect(hardReset(shutdownNotification('down'))).toEqual(m);
    expect(toHex(encodeMessage(m))).toBe(toHex(bytes));
  });

  it('Hard Reset nesting is followed at most MAX_NESTING (4) deep', () => {
    const m = decodeMessage(hex(`${MARKER}001f 03 0609 0609 0609 0609 0609 0301`)) as NotificationMessage;
    let depth = 0;
    let d = m.details;
    while (d !== undefined && d.kind === 'hard-reset') {
      depth++;
      d = d.details;
    }
    expect(depth).toBe(4);
  });

  it('encoding ignores details; data is the wire truth', () => {
    const m: NotificationMessage = { type: 'NOTIFICATION', code: 6, subcode: 2, data: hex('0141'), details: { kind: 'shutdown', communication: 'other', valid: true } };
    expect(toHex(encodeMessage(m))).toBe(`${MARKER}0017030602${'0141'}`);
  });

  it('names codes and subcodes from the IANA tables', () => {
    expect(describeNotification(6, 2)).toEqual({ code: 'Cease', subcode: 'AdministrativeShutdown' });
    expect(describeNotification(2, 11)).toEqual({ code: 'OpenMessageError', subcode: 'RoleMismatch' });
    expect(describeNotification(8, 0)).toEqual({ code: 'SendHoldTimerExpired', subcode: 'Unspecific' });
    expect(describeNotification(99, 3)).toEqual({ code: 'unknown-99', subcode: 'unknown-3' });
  });

  it('a NOTIFICATION shorter than 21 bytes is 1/2; the body codec works at an offset', () => {
    const e = valueOrBgpError(() => decodeMessage(hex(`${MARKER}0014 03 06`)));
    expect(e).toMatchObject({ code: 1, subcode: 2 });
    const m = hardReset({ code: 3, subcode: 1 });
    const n = notificationBodyLength(m);
    const buf = new Uint8Array(n + 4).fill(0xaa);
    const w = new Writer(buf, 2);
    writeNotificationBody(m, w);
    expect(toHex(buf)).toBe('aaaa06090301aaaa');
    expect(readNotificationBody(new Reader(buf, 2, 2 + n, 1, 2))).toEqual(m);
    expect(() => encodeNotification({ ...m, data: new Uint8Array(5000) })).toThrow(RangeError);
    expect(encodeNotification({ ...m, data: new Uint8Array(5000) }, true).length).toBe(5021);
  });
});

describe('cross-checks against tcpdump decodes (../shared/corpus/pcap/tcpdump/expected, messages rebuilt from them)', () => {
  const ascii = (t: string): string => toHex(encodeUtf8(t));
  it('bgp-shutdown-msg-variations.out: text plus extra data, empty text, invalid length', () => {
    // tcpdump: 'Shutdown Communication (length: 10): "0123456789", Data: (length: 9) 4578 7472 6144 6174 61'
    const m1 = decodeMessage(hex(`${MARKER}0029 03 06 04 0a ${ascii('0123456789')} ${ascii('ExtraData')}`)) as NotificationMessage;
    expect(m1.details).toEqual({ kind: 'shutdown', communication: '0123456789', valid: false, reason: '9 bytes after the communication', trailing: encodeUtf8('ExtraData') });
    // tcpdump: 'empty Shutdown Communication'
    const m2 = decodeMessage(hex(`${MARKER}0016 03 06 04 00`)) as NotificationMessage;
    expect(m2.details).toEqual({ kind: 'shutdown', communication: '', valid: true });
    // tcpdump: 'invalid Shutdown Communication length, Data: (length: 11) 4030 3132 ...'
    const m3 = decodeMessage(hex(`${MARKER}0020 03 06 04 40 ${ascii('0123456789')}`)) as NotificationMessage;
    expect(m3.details).toMatchObject({ kind: 'shutdown', valid: false, reason: 'length 64 exceeds the 10 bytes present' });
    for (const m of [m1, m2, m3]) expect(decodeMessage(encodeMessage(m))).toEqual(m);
  });
  it('bgp-malformed-hard-reset.out: a Hard Reset without data has no details', () => {
    // tcpdump: 'Notification Message (3), length: 21, Cease (6), subcode Hard Reset (9)'
    expect(decodeMessage(hex(`${MARKER}0015 03 06 09`))).toEqual({ type: 'NOTIFICATION', code: 6, subcode: 9, data: new Uint8Array(0) });
  });
});

describe('NOTIFICATION properties', () => {
  it('decodeMessage(encodeMessage(m)) deep-equals m', () => {
    fc.assert(
      fc.property(arbNotification, (m) => {
        expect(decodeMessage(encodeMessage(m))).toEqual(m);
      }),
      { numRuns: runs(1000, 50000) },
    );
  });
  it('random and mutated NOTIFICATIONs give a value or a BgpError; values re-encode byte for byte', () => {
    const check = (bytes: Uint8Array): void => {
      let m: NotificationMessage | undefined;
      valueOrBgpError(() => {
        m = decodeMessage(bytes) as NotificationMessage;
      });
      if (m !== undefined) expect(toHex(encodeMessage(m))).toBe(toHex(bytes.subarray(0, 21 + m.data.length)));
    };
    fc.assert(fc.property(arbRandomMessage(3), check), { numRuns: runs(1000, 50000) });
    fc.assert(fc.property(arbMutated(arbNotification, (m) => encodeMessage(m)), check), { numRuns: runs(1000, 50000) });
  });
});

describe.skipIf(noShared())('NOTIFICATION vectors in ../shared/corpus/vectors', () => {
  it('pcapplusplus-bgp.json: shutdown communication and a bare Cease', () => {
    const vectors = loadVectors('pcapplusplus-bgp.json');
    if (vectors === undefined) return void console.warn(SKIP_SHARED);
    let count = 0;
    for (const v of vectors.filter((x) => messageTypeOf(x.hex) === 3)) {
      const m = decodeMessage(fromHex(v.hex)) as NotificationMessage;
      expect(toHex(encodeMessage(m))).toBe(v.hex);
      const want = (v.expect as { messages: { error_code: number; error_subcode: number; data_len: number; data_hex?: string }[] }).messages[0];
      expect(m).toMatchObject({ code: want?.error_code, subcode: want?.error_subcode });
      expect(m.data.length).toBe(want?.data_len);
      if (want?.data_hex !== undefined) {
        expect(toHex(m.data)).toBe(want.data_hex);
        expect(m.details).toEqual({
          kind: 'shutdown',
          communication: 'NTT will perform maintenance on this router. This is tracked in TICKET-1-24824294. Contact noc@ntt.net for more information.',
          valid: true,
        });
      }
      count++;
    }
    expect(count).toBe(2);
  });

  it('scapy-bgp-uts.json: Cease 6/4, Bad Peer AS 2/2, Attribute Flags Error 3/4, a bare header and a body', () => {
    const vectors = loadVectors('scapy-bgp-uts.json');
    if (vectors === undefined) return void console.warn(SKIP_SHARED);
    let messages = 0;
    let bodies = 0;
    for (const v of vectors) {
      const f = (v.expect as { fields?: Record<string, unknown>; layer?: string } | null) ?? {};
      if (messageTypeOf(v.hex) === 3) {
        const bytes = fromHex(v.hex);
        if (bytes.length < 21) {
          expect(valueOrBgpError(() => decodeMessage(bytes))).toMatchObject({ code: 1, subcode: 2 });
        } else {
          const m = decodeMessage(bytes) as NotificationMessage;
          expect(toHex(encodeMessage(m))).toBe(v.hex);
          expect(m).toMatchObject({ code: f.fields?.['m.error_code'], subcode: f.fields?.['m.error_subcode'] });
        }
        messages++;
      } else if (f.layer === 'BGPNotification') {
        const body = fromHex(v.hex);
        expect(readNotificationBody(new Reader(body, 0, body.length, 1, 2))).toEqual({ type: 'NOTIFICATION', code: 0, subcode: 0, data: new Uint8Array(0) });
        bodies++;
      }
    }
    expect([messages, bodies]).toEqual([4, 1]);
  });

  it('exabgp-qa.json: a Message Header Error with text data', () => {
    const vectors = loadVectors('exabgp-qa.json');
    if (vectors === undefined) return void console.warn(SKIP_SHARED);
    const list = vectors.filter((x) => messageTypeOf(x.hex) === 3);
    for (const v of list) {
      const m = decodeMessage(fromHex(v.hex)) as NotificationMessage;
      expect(toHex(encodeMessage(m))).toBe(v.hex);
      expect(m).toMatchObject({ code: 1, subcode: 0 });
      expect(new TextDecoder().decode(m.data)).toBe('can not decode update message of type "255"');
    }
    expect(list.length).toBe(1);
  });
});
