import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/read-capture.ts';
import type { CaptureMessage } from '../../src/capture/capture-message.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { ACK, type BuiltPacket, bgpMessage, concat, frame, keepalive, pcapFile, PSH, update } from '../helpers/pcap-builder.ts';
import { noShared, readShared } from '../helpers/shared.ts';

const conv = { a: [10, 0, 0, 1], b: [10, 0, 0, 2], aPort: 179, bPort: 40000 };
/** A capture of one direction only, no handshake, no OPEN. */
const oneWay = (...msgs: Uint8Array[]): Uint8Array => {
  let seq = 1000;
  const p: BuiltPacket[] = msgs.map((m, i) => {
    const f = { ts: BigInt(i), data: frame(conv, true, seq, ACK | PSH, m) };
    seq += m.length;
    return f;
  });
  return pcapFile(p);
};
const guessOf = (bytes: Uint8Array) => [...readCapture(bytes, { guess: true })].map((m: CaptureMessage) => [m.type, m.contextSource, m.context?.asn4, m.context === undefined ? undefined : m.context.addPath.length !== 0]);

/** An UPDATE with ADD-PATH NLRI (path id 7, 10.0.0.0/8). */
function addPathUpdate(): Uint8Array {
  const base = update([], [65001]);
  const msg = concat(base, Uint8Array.of(0, 0, 0, 7, 8, 10));
  new DataView(msg.buffer).setUint16(16, msg.length);
  return msg;
}

describe('opt-in context guess for captures without OPENs', () => {
  it('is off by default: no context', () => {
    expect([...readCapture(oneWay(update([[[10, 0, 0, 0], 8]], [65001, 65002], false)))].map((m) => m.context)).toEqual([undefined]);
  });

  it('tells 2-octet from 4-octet AS_PATHs', () => {
    expect(guessOf(oneWay(keepalive(), update([[[10, 0, 0, 0], 8]], [65001, 65002], false)))).toEqual([
      [4, undefined, undefined, undefined],
      [2, 'guess', false, false],
    ]);
    expect(guessOf(oneWay(update([[[10, 0, 0, 0], 8]], [4200000001, 65002], true)))).toEqual([[2, 'guess', true, false]]);
  });

  it('finds ADD-PATH path ids', () => {
    expect(guessOf(oneWay(addPathUpdate()))).toEqual([[2, 'guess', true, true]]);
  });

  it('says ambiguous where two readings are valid, and narrows with later UPDATEs', () => {
    // An End-of-RIB (empty UPDATE) reads the same every way.
    const eor = bgpMessage(2, Uint8Array.of(0, 0, 0, 0));
    const got = guessOf(oneWay(eor, update([[[10, 0, 0, 0], 8]], [65001, 65002], false), keepalive()));
    expect(got).toEqual([
      [2, 'ambiguous', true, false],
      [2, 'guess', false, false],
      [4, 'guess', false, false],
    ]);
  });

  it.skipIf(noShared())('guesses the 2-octet session of PacketLife\'s mixed 4-byte AS scenario', () => {
    const bytes = readShared('corpus', 'pcap', 'packetlife', '4-byte_AS_numbers_Mixed_Scenario.cap') as Uint8Array;
    const msgs = [...readCapture(bytes, { guess: true })].filter((m) => m.type === 2);
    expect(msgs.length).toBe(2);
    for (const m of msgs) {
      expect([m.contextSource, m.context?.asn4]).toEqual(['guess', false]);
      expect(decodeMessage(m.bytes, m.context).type).toBe('UPDATE');
    }
  });
});
