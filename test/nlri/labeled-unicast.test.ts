import { describe, expect, it } from 'vitest';
import { ipv4LabeledUnicast, ipv6LabeledUnicast } from '../../src/nlri/labeled-unicast.ts';
import { BgpError } from '../../src/wire/errors.ts';
import { checkNlri, REACH, readNlri, UNREACH } from './helpers.ts';

const ML7 = { addPath: false, labels: 7, withdrawal: false };

// RFC 8277 sections 2.2 (one label), 2.3 (a stack), 2.4 (withdrawal); AFI 1/2 SAFI 4.
describe('labeled unicast NLRI (RFC 8277)', () => {
  it('bgp-lu-multiple-labels.pcap frame 18: four labels under the Multiple Labels capability (section 2.3)', () => {
    checkNlri(
      ipv4LabeledUnicast,
      { prefix: '30.1.1.1/32', labels: [100, 101, 102, 103] },
      ML7,
      '80' + // Length 128 bits = 4 labels x 24 + 32
        '000640' + // label 100, S=0
        '000650' + // label 101, S=0
        '000660' + // label 102, S=0
        '000671' + // label 103, S=1 (bottom of stack)
        '1e010101', // 30.1.1.1/32
    );
  });
  it('bgp-lu-multiple-labels.pcap frame 38: a withdrawal carries one 3-octet Compatibility field (0x800001 kept)', () => {
    checkNlri(ipv4LabeledUnicast, { prefix: '30.1.1.1/32', labels: [], compatibility: 0x800001 }, { ...ML7, withdrawal: true }, '38' + '800001' + '1e010101');
  });
  it('withdrawal: 0x800000 has S=0 and is never scanned for the bottom of stack, whatever was negotiated (section 2.4)', () => {
    // Under a 7-label session a scan would take the prefix octets for labels.
    expect(readNlri(ipv4LabeledUnicast, '38 800000 1e010101', { ...ML7, withdrawal: true })).toEqual({ prefix: '30.1.1.1/32', labels: [] });
    checkNlri(ipv4LabeledUnicast, { prefix: '30.1.1.1/32', labels: [] }, UNREACH, '38 800000 1e010101');
    // "some implementations set it to 0x000000": ignored on reception, kept to re-encode.
    checkNlri(ipv4LabeledUnicast, { prefix: '10.0.0.0/8', labels: [], compatibility: 0 }, UNREACH, '20 000000 0a');
    // The labels of an announcement given to a withdrawal are not written: the field says nothing.
    checkNlri(ipv4LabeledUnicast, { prefix: '10.0.0.0/8', labels: [] }, UNREACH, '20 800000 0a');
  });
  it('bgplu.cap frame 21: two labels without the capability are read by RFC 3107 only with an explicit stack context', () => {
    const hex = '48' + 'dbc430' + 'dbc421' + '010300'; // 72 bits: labels 900163 (S=0), 900162 (S=1), 1.3.0.0/24
    checkNlri(ipv4LabeledUnicast, { prefix: '1.3.0.0/24', labels: [900163, 900162] }, { ...REACH, labels: 255 }, hex);
    // Section 2.2: one label, so 48 bits of prefix: malformed (RFC 7606 section 5.3).
    expect(() => readNlri(ipv4LabeledUnicast, hex, REACH)).toThrow(BgpError);
  });
  it('one label: S "MUST be ignored on reception" (section 2.2), kept in labelBits to re-encode', () => {
    checkNlri(ipv4LabeledUnicast, { prefix: '10.0.0.0/8', labels: [16], labelBits: [0] }, REACH, '20' + '000100' + '0a');
    checkNlri(ipv4LabeledUnicast, { prefix: '10.0.0.0/8', labels: [16] }, REACH, '20' + '000101' + '0a');
    // Rsrv/TC bits set: kept.
    checkNlri(ipv4LabeledUnicast, { prefix: '10.0.0.0/8', labels: [16], labelBits: [0xf] }, REACH, '20' + '00010f' + '0a');
  });
  it('IPv6, ADD-PATH, trailing bits', () => {
    checkNlri(ipv6LabeledUnicast, { prefix: '2001:db8::/32', labels: [16] }, REACH, '38' + '000101' + '20010db8');
    checkNlri(ipv4LabeledUnicast, { pathId: 7, prefix: '10.0.0.0/8', labels: [3] }, { ...REACH, addPath: true }, '00000007' + '20' + '000031' + '0a');
    checkNlri(ipv4LabeledUnicast, { prefix: '10.0.0.0/7', unmasked: '11.0.0.0/7', labels: [16] }, REACH, '1f' + '000101' + '0b');
  });
  it('malformed NLRI throw BgpError (RFC 7606 section 5.3, the decoder makes it afisafi-disable)', () => {
    expect(() => readNlri(ipv4LabeledUnicast, '10 0001', REACH)).toThrow(/shorter than one label/);
    expect(() => readNlri(ipv4LabeledUnicast, '30 000100 000100', ML7)).toThrow(/no bottom of stack/);
    expect(() => readNlri(ipv4LabeledUnicast, '48 000101 0a0000000000', REACH)).toThrow(/exceeds 32/);
    expect(() => readNlri(ipv4LabeledUnicast, '38 000101 0a', REACH)).toThrow(BgpError);
    expect(() => readNlri(ipv6LabeledUnicast, 'a0 000101' + '00'.repeat(17), REACH)).toThrow(/exceeds 128/);
  });
  it('encoding refuses what the session cannot carry (sections 2.1, 2.2)', () => {
    expect(() => checkNlri(ipv4LabeledUnicast, { prefix: '10.0.0.0/8', labels: [16, 17] }, REACH)).toThrow(/only one may be sent/);
    // More than the peer's Count is a SHOULD NOT (section 2.1) its receiver treats as withdraw
    // (test/errors/cases.ts update/labeled-over-count): written as given, to re-encode what was received.
    checkNlri(ipv4LabeledUnicast, { prefix: '10.0.0.0/8', labels: [1, 2, 3] }, { ...REACH, labels: 2 }, '50 000010 000020 000031 0a');
    expect(() => checkNlri(ipv4LabeledUnicast, { prefix: '10.0.0.0/8', labels: [] }, REACH)).toThrow(TypeError);
    expect(() => checkNlri(ipv4LabeledUnicast, { prefix: '10.0.0.0/8', labels: [0x100000] }, REACH)).toThrow(RangeError);
    // RFC 8277 section 2.1: "limited to 255 bits".
    expect(() => checkNlri(ipv6LabeledUnicast, { prefix: '2001:db8::/128', labels: [1, 2, 3, 4, 5, 6] }, { ...REACH, labels: 255 })).toThrow(RangeError);
    expect(() => checkNlri(ipv4LabeledUnicast, { prefix: '2001:db8::/32', labels: [1] }, REACH)).toThrow(TypeError);
  });
  it('text and key: labels are never part of the key (RFC 8277 section 2.4)', () => {
    expect(ipv4LabeledUnicast.text({ prefix: '10.0.0.0/8', labels: [16] })).toBe('10.0.0.0/8 label 16');
    expect(ipv4LabeledUnicast.text({ prefix: '10.0.0.0/8', labels: [16, 17] })).toBe('10.0.0.0/8 labels 16 17');
    expect(ipv4LabeledUnicast.key({ prefix: '10.0.0.0/8', labels: [16] })).toBe(ipv4LabeledUnicast.key({ prefix: '10.0.0.0/8', labels: [] }));
    expect(ipv4LabeledUnicast.name).toBe('ipv4-labeled-unicast');
  });
});
