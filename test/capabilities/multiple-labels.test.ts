import { describe, expect, it } from 'vitest';
import { contextFor } from '../../src/messages/context-for.ts';
import type { OpenMessage } from '../../src/messages/types.ts';
import type { Capability } from '../../src/capabilities/types.ts';
import { checkCapability, decodeCap } from './check.ts';

// RFC 8277 section 2.1, Figure 1: triples of AFI (2 octets), SAFI (1), Count (1).
describe('multiple labels capability (code 8, RFC 8277 section 2.1)', () => {
  it('bgp-lu-multiple-labels.pcap frame 6: IPv4 labeled unicast, Count 7', () => {
    checkCapability(
      '08' + // code 8
        '04' + // length 4: one triple
        '0001' + '04' + '07', // AFI 1, SAFI 4, Count 7
      { type: 'multiple-labels', families: [{ afi: 1, safi: 4, count: 7 }] },
    );
  });
  it('"A Multiple Labels Capability whose length is not a multiple of four MUST be considered to be malformed": kept raw', () => {
    expect(decodeCap('08 03 000104')).toMatchObject({ type: 'raw', code: 8, malformed: expect.stringContaining('multiple of 4') });
  });
});

function open(caps: Capability[]): OpenMessage {
  return { type: 'OPEN', version: 4, myAs: 65000, holdTime: 90, bgpId: '192.0.2.1', capabilities: [{ type: 'as4', asn: 65000 }, ...caps] };
}

describe('contextFor: the Multiple Labels capability negotiated per family', () => {
  it('only families both sent, with the receiver\'s Count (what the sender may send)', () => {
    const a = open([{ type: 'multiple-labels', families: [{ afi: 1, safi: 4, count: 7 }, { afi: 2, safi: 128, count: 3 }] }]);
    const b = open([{ type: 'multiple-labels', families: [{ afi: 1, safi: 4, count: 4 }] }]);
    expect(contextFor(a, b).multipleLabels).toEqual([{ afi: 1, safi: 4, count: 4 }]);
    expect(contextFor(b, a).multipleLabels).toEqual([{ afi: 1, safi: 4, count: 7 }]);
  });
  it('absent unless both sent it ("Unless this Capability is sent on a given BGP session by both ...")', () => {
    const a = open([{ type: 'multiple-labels', families: [{ afi: 1, safi: 4, count: 7 }] }]);
    expect(contextFor(a, open([])).multipleLabels).toBeUndefined();
    expect(contextFor(open([]), a).multipleLabels).toBeUndefined();
  });
  it('first copy and first triple per family only; Count 0 or 1 ignored (section 2.1)', () => {
    const a = open([
      { type: 'multiple-labels', families: [{ afi: 1, safi: 4, count: 5 }, { afi: 1, safi: 4, count: 9 }, { afi: 2, safi: 4, count: 1 }] },
      { type: 'multiple-labels', families: [{ afi: 1, safi: 128, count: 5 }] },
    ]);
    const b = open([{ type: 'multiple-labels', families: [{ afi: 1, safi: 4, count: 255 }, { afi: 2, safi: 4, count: 3 }, { afi: 1, safi: 128, count: 3 }] }]);
    expect(contextFor(b, a).multipleLabels).toEqual([{ afi: 1, safi: 4, count: 5 }]);
  });
});
