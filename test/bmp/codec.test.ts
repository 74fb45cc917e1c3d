// Hand vectors per BMP message type and TLV, field by field from the RFC diagrams
// (RFC 7854 section 4, RFC 8671 section 4, RFC 9069 sections 4-5, RFC 9736 section 3), the
// codec laws (STYLE.md) and the errors with their byte offsets.
import { describe, expect, it } from 'vitest';
import { BmpError, bmpPeerFlags, decodeBmpMessage, encodeBmpMessage, encodeBmpMessageInto, bmpMessageByteLength, formatBmpPeerFlags, formatDistinguisher, peekBmp } from '../../src/bmp/index.ts';
import type { BmpMessage } from '../../src/bmp/index.ts';
import { BgpError } from '../../src/wire/errors.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';

const h = (...parts: string[]): Uint8Array => fromHex(parts.join(''));

// RFC 7854 section 4.2, per-peer header of a global instance peer 192.0.2.1 AS 65001.
const PEER = (flags: string, type = '00', rd = '0000000000000000', addr = '000000000000000000000000c0000201'): string =>
  type + // Peer Type
  flags + // Peer Flags
  rd + // Peer Distinguisher (8)
  addr + // Peer Address (16): IPv4 in the last 4 bytes
  '0000fde9' + // Peer AS 65001
  'c0000201' + // Peer BGP ID 192.0.2.1
  '5f5e1000' + // Timestamp (seconds) 1600000000
  '000003e8'; // Timestamp (microseconds) 1000
const PEER_VALUE = { peerType: 0, flags: 0, distinguisher: new Uint8Array(8), address: '192.0.2.1', as: 65001, bgpId: '192.0.2.1', seconds: 1600000000, microseconds: 1000 };

// A BGP OPEN (RFC 4271 section 4.2): AS 65001, hold 90, id 192.0.2.1, capability 4-octet AS 65001.
const OPEN = 'ffffffffffffffffffffffffffffffff' + '0025' + '01' + '04' + 'fde9' + '005a' + 'c0000201' + '08' + '0206' + '41040000fde9';
// An End-of-RIB UPDATE (RFC 4724 section 2): no withdrawn routes, no attributes.
const EOR = 'ffffffffffffffffffffffffffffffff' + '0017' + '02' + '0000' + '0000';
// A NOTIFICATION Cease / Administrative Shutdown (RFC 4486).
const NOTIF = 'ffffffffffffffffffffffffffffffff' + '0015' + '03' + '06' + '02';

/** The codec laws: length, decode(encode(v)) = v, encode(decode(b)) = b, writing at an offset. */
function laws(bytes: Uint8Array, value: BmpMessage): void {
  expect(decodeBmpMessage(bytes)).toEqual(value);
  expect(bmpMessageByteLength(value)).toBe(bytes.length);
  expect(toHex(encodeBmpMessage(value))).toBe(toHex(bytes));
  const big = new Uint8Array(bytes.length + 10).fill(0xa5);
  expect(encodeBmpMessageInto(value, big, 5)).toBe(bytes.length);
  expect(toHex(big.subarray(0, 5))).toBe('a5a5a5a5a5');
  expect(toHex(big.subarray(5 + bytes.length))).toBe('a5a5a5a5a5');
  expect(decodeBmpMessage(big, { offset: 5 })).toEqual(value);
  expect(peekBmp(bytes)).toBe(bytes.length);
}

describe('BMP messages, hand vectors (RFC 7854 section 4)', () => {
  it('Initiation (4.3) with String, sysDescr and sysName TLVs (RFC 9736 3.1)', () => {
    const b = h(
      '03', '00000023', '04', // Version 3, Message Length 35, Type 4 Initiation
      '0001', '0005', '4652522038', // Information Type 1 sysDescr, Length 5, "FRR 8"
      '0002', '0002', '7231', // Type 2 sysName, Length 2, "r1"
      '0000', '0004', 'e282ac21', // Type 0 String, Length 4, "€!" (UTF-8)
      '0005', '0002', 'abcd', // Type 5, unassigned: kept raw
    );
    laws(b, { type: 'initiation', information: [{ type: 1, text: 'FRR 8' }, { type: 2, text: 'r1' }, { type: 0, text: '€!' }, { type: 5, value: fromHex('abcd') }] });
  });

  it('a string TLV that is not UTF-8, or starts with a BOM, stays bytes (byte exact)', () => {
    const b = h('03', '00000016', '04', '0000', '0002', 'c328', '0000', '0006', 'efbbbf616263');
    laws(b, { type: 'initiation', information: [{ type: 0, value: fromHex('c328') }, { type: 0, value: fromHex('efbbbf616263') }] });
  });

  it('Termination (4.5): String and Reason TLVs', () => {
    const b = h('03', '00000014', '05', '0000', '0004', '62796521', '0001', '0002', '0004'); // "bye!", Reason 4 permanently closed
    laws(b, { type: 'termination', information: [{ type: 0, text: 'bye!' }, { type: 1, code: 4 }] });
    // A Reason TLV of the wrong length is kept raw.
    laws(h('03', '0000000b', '05', '0001', '0001', '04'), { type: 'termination', information: [{ type: 1, value: fromHex('04') }] });
  });

  it('Route Monitoring (4.6): per-peer header (4.2) and a BGP UPDATE PDU', () => {
    const b = h('03', '00000047', '00', PEER('40'), EOR); // 6 + 42 + 23 = 71, L flag (post-policy)
    laws(b, { type: 'route-monitoring', peer: { ...PEER_VALUE, flags: 0x40 }, pdu: fromHex(EOR) });
  });

  it('per-peer header: V flag with an IPv6 address, an RD instance peer, the A and O flags (RFC 8671 4)', () => {
    const b = h('03', '00000047', '00', PEER('b0', '01', '0000fde90000000a', '20010db8000000000000000000000001'), EOR);
    const m = decodeBmpMessage(b);
    expect(m.type === 'route-monitoring' && m.peer.address).toBe('2001:db8::1');
    if (m.type !== 'route-monitoring') throw new Error('type');
    expect(bmpPeerFlags(m.peer)).toEqual({ isIpv6: true, isPostPolicy: false, isAs2: true, isAdjRibOut: true, isFiltered: false });
    expect(formatBmpPeerFlags(m.peer)).toBe('VAO');
    expect(formatDistinguisher(m.peer.distinguisher)).toBe('65001:10'); // RFC 4364 4.2 type 0
    laws(b, m);
    // V clear but the 12 leading bytes not zero: kept as IPv6 text so the bytes survive.
    const odd = h('03', '00000047', '00', PEER('00', '00', '0000000000000000', '00000000000000000000000ac0000201'), EOR);
    const o = decodeBmpMessage(odd);
    expect(o.type === 'route-monitoring' && o.peer.address).toBe('::a:c000:201');
    laws(odd, o);
  });

  it('Loc-RIB instance peer (RFC 9069 4.1, 4.2): type 3, F flag, zero address', () => {
    const b = h('03', '00000047', '00', PEER('80', '03', '0000000000000000', '00000000000000000000000000000000'), EOR);
    const m = decodeBmpMessage(b);
    if (m.type !== 'route-monitoring') throw new Error('type');
    expect(m.peer.address).toBe('0.0.0.0'); // the V flag is not applicable to type 3
    expect(bmpPeerFlags(m.peer)).toEqual({ isIpv6: false, isPostPolicy: false, isAs2: false, isAdjRibOut: false, isFiltered: true });
    expect(formatBmpPeerFlags(m.peer)).toBe('F');
    laws(b, m);
  });

  it('Statistics Report (4.8): counter, gauge, AFI/SAFI gauge, experimental and misshapen stats', () => {
    const b = h(
      '03', '0000007a', '01', PEER('00'),
      '00000006', // Stats Count 6
      '0000', '0004', '00000007', // Stat Type 0 (32-bit counter): 7 prefixes rejected
      '0007', '0008', '0000000100000002', // Type 7 (64-bit gauge): routes in Adj-RIBs-In
      '0009', '000b', '0002', '01', '0000000000000064', // Type 9: AFI 2 SAFI 1, gauge 100
      '0011', '000b', '0001', '80', '0000000000000005', // Type 17 (RFC 8671 6.2): AFI 1 SAFI 128, gauge 5
      'fffb', '0004', 'deadbeef', // Type 65531 experimental: raw
      '0001', '0008', '0000000000000001', // Type 1 is a 32-bit counter: 8 bytes do not fit, raw
    );
    laws(b, {
      type: 'statistics-report',
      peer: PEER_VALUE,
      stats: [
        { type: 0, counter: 7 },
        { type: 7, gauge: 0x100000002n },
        { type: 9, afi: 2, safi: 1, gauge: 100n },
        { type: 17, afi: 1, safi: 128, gauge: 5n },
        { type: 65531, value: fromHex('deadbeef') },
        { type: 1, value: fromHex('0000000000000001') },
      ],
    });
  });

  it('Peer Down (4.9): each reason with its data', () => {
    const base = (reason: string, data: string) => h('03', (6 + 42 + 1 + data.length / 2).toString(16).padStart(8, '0'), '02', PEER('00'), reason, data);
    laws(base('01', NOTIF), { type: 'peer-down', peer: PEER_VALUE, reason: 1, notification: fromHex(NOTIF) });
    laws(base('02', '0018'), { type: 'peer-down', peer: PEER_VALUE, reason: 2, fsmEvent: 24 });
    laws(base('03', NOTIF), { type: 'peer-down', peer: PEER_VALUE, reason: 3, notification: fromHex(NOTIF) });
    laws(base('04', ''), { type: 'peer-down', peer: PEER_VALUE, reason: 4 });
    laws(base('05', ''), { type: 'peer-down', peer: PEER_VALUE, reason: 5 });
    // RFC 9069 5.3: reason 6, VRF/Table Name TLV.
    laws(base('06', '0003000667676c6f6261'.replace('67676c6f6261', '676c6f62616c')), { type: 'peer-down', peer: PEER_VALUE, reason: 6, information: [{ type: 3, text: 'global' }] });
    // Data a reason does not define, an unknown reason, broken TLVs: kept as data.
    laws(base('04', 'aa'), { type: 'peer-down', peer: PEER_VALUE, reason: 4, data: fromHex('aa') });
    laws(base('07', 'bbcc'), { type: 'peer-down', peer: PEER_VALUE, reason: 7, data: fromHex('bbcc') });
    laws(base('02', '001800'), { type: 'peer-down', peer: PEER_VALUE, reason: 2, data: fromHex('001800') });
    laws(base('06', '000300ff61'), { type: 'peer-down', peer: PEER_VALUE, reason: 6, data: fromHex('000300ff61') });
  });

  it('Peer Up (4.10): addresses, ports, both OPENs, information TLVs (RFC 9736 3.3)', () => {
    const b = h(
      '03', '000000a5', '03', PEER('00'),
      '000000000000000000000000c0000202', // Local Address 192.0.2.2
      'b3b1', '00b3', // Local Port 46001, Remote Port 179
      OPEN, OPEN, // Sent OPEN, Received OPEN (each 37 bytes, by its own header)
      '0000', '0002', '6869', // String "hi"
      '0003', '0006', '676c6f62616c', // VRF/Table Name "global" (RFC 9069 5.2.1)
      '0004', '0003', '697370', // Admin Label "isp" (RFC 8671 6.3.1)
    );
    expect(b.length).toBe(0xa5);
    laws(b, {
      type: 'peer-up',
      peer: PEER_VALUE,
      localAddress: '192.0.2.2',
      localPort: 46001,
      remotePort: 179,
      sentOpen: fromHex(OPEN),
      receivedOpen: fromHex(OPEN),
      information: [{ type: 0, text: 'hi' }, { type: 3, text: 'global' }, { type: 4, text: 'isp' }],
    });
  });

  it('Route Mirroring (4.7): BGP Message and Information TLVs', () => {
    const b = h('03', (6 + 42 + 6 + 4 + 23).toString(16).padStart(8, '0'), '06', PEER('00'), '0001', '0002', '0000', '0000', '0017', EOR);
    laws(b, { type: 'route-mirroring', peer: PEER_VALUE, tlvs: [{ type: 1, code: 0 }, { type: 0, value: fromHex(EOR) }] });
  });

  it('unknown and experimental message types are kept raw (4.1: "MUST ignore")', () => {
    laws(h('03', '00000009', 'fb', '010203'), { type: 'unknown', messageType: 251, body: fromHex('010203') });
    laws(h('03', '00000006', '07'), { type: 'unknown', messageType: 7, body: new Uint8Array(0) });
  });
});

describe('BMP errors carry the byte offset', () => {
  const err = (bytes: Uint8Array, offset?: number): BmpError => {
    try {
      decodeBmpMessage(bytes, offset === undefined ? undefined : { offset });
    } catch (e) {
      expect(e).toBeInstanceOf(BmpError);
      expect(e).toBeInstanceOf(BgpError); // one error class may escape a decoder
      return e as BmpError;
    }
    throw new Error('no error');
  };

  it('a version other than 3 (RFC 7854 4.1: 1 and 2 were drafts, 0 reserved)', () => {
    for (const v of [0, 1, 2, 4, 255]) {
      const e = err(h('xx'.replace('xx', v.toString(16).padStart(2, '0')), '00000006', '04'));
      expect(e.offset).toBe(0);
      expect(e.message).toMatch(new RegExp(`version ${v} is not 3`));
    }
    expect(err(h('ffff', '03', '00000006', '04', '02'), 3).offset).toBe(3);
    expect(decodeBmpMessage(h('ffff', '03', '00000006', '04', '02'), { offset: 2 })).toEqual({ type: 'initiation', information: [] });
  });

  it('a length below the type minimum, or beyond the bytes', () => {
    expect(err(h('03', '00000005', '04')).offset).toBe(1);
    expect(err(h('03', '0000002f', '00', PEER('00').slice(0, 82))).message).toMatch(/route-monitoring length 47 is below 48/);
    expect(err(h('03', '00000064', '04', '0000')).message).toMatch(/truncated: message of 100 bytes, 8 present/);
    expect(err(h('03', '0000')).message).toMatch(/common header needs 6 bytes/);
    expect(() => peekBmp(h('03', '00100000', '04'), 0, 4096)).toThrow(/length 1048576 exceeds the limit 4096/);
    expect(peekBmp(h('03', '0000'))).toBeUndefined();
  });

  it('a TLV overrunning the message, a stats count beyond the stats, an OPEN length below 19', () => {
    const tlv = err(h('03', '0000000e', '04', '0002', '0009', '7231', '0000'));
    expect(tlv.offset).toBe(10); // the value of the TLV starting at byte 6
    expect(tlv.path).toBe('BMP.initiation');
    const stats = err(h('03', '0000003c', '01', PEER('00'), '00000002', '0000', '0004', '00000001'));
    expect(stats.offset).toBe(60);
    expect(err(h('03', '0000003c', '01', PEER('00'), '00000000', '0000', '0004', '00000001')).message).toMatch(/8 bytes after the 0 stats/);
    const up = err(h('03', '00000057', '03', PEER('00'), '000000000000000000000000c0000202', 'b3b100b3', 'ffffffffffffffffffffffffffffffff0012ff'));
    expect(up.message).toMatch(/sent OPEN: BGP length 18 is below 19/);
    expect(up.offset).toBe(68);
  });

  it('encoding refuses values that do not fit (TypeError / RangeError, never truncation)', () => {
    expect(() => encodeBmpMessage({ type: 'initiation', information: [{ type: 70000, text: 'x' }] })).toThrow(RangeError);
    expect(() => encodeBmpMessage({ type: 'route-monitoring', peer: { ...PEER_VALUE, address: 'nope' }, pdu: fromHex(EOR) })).toThrow(TypeError);
    expect(() => encodeBmpMessage({ type: 'route-monitoring', peer: { ...PEER_VALUE, distinguisher: new Uint8Array(7) }, pdu: fromHex(EOR) })).toThrow(TypeError);
    expect(() => encodeBmpMessage({ type: 'statistics-report', peer: PEER_VALUE, stats: [{ type: 7, gauge: -1n }] })).toThrow(RangeError);
    expect(() => encodeBmpMessage({ type: 'unknown', messageType: 256, body: new Uint8Array(0) })).toThrow(RangeError);
    expect(() => encodeBmpMessage({ type: 'nope' } as never)).toThrow(TypeError);
  });
});
