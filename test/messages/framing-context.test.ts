import { describe, expect, it } from 'vitest';
import { contextFor } from '../../src/messages/context-for.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { MessageFramer } from '../../src/messages/framing.ts';
import type { OpenMessage } from '../../src/messages/types.ts';
import { concat } from '../helpers/pcap-builder.ts';
import { thrown } from '../helpers/thrown.ts';

// RFC 8654 section 4: once both OPENs carry the Extended Message capability, messages other than
// OPEN and KEEPALIVE may be up to 65535 octets. A driver frames the OPEN with no context, then
// tells the framer the negotiated one: the framer must follow the session, including for the
// bytes it already holds (the peer's OPEN, KEEPALIVE and first big UPDATE often arrive in one
// segment).
const open = (bgpId: string): OpenMessage => ({
  type: 'OPEN',
  version: 4,
  myAs: 65001,
  holdTime: 90,
  bgpId,
  capabilities: [{ type: 'as4', asn: 65001 }, { type: 'extended-message' }],
});
const peerOpen = open('192.0.2.2');
const rx = contextFor(peerOpen, open('192.0.2.1'));

// 19 header + 2 + 2 + ORIGIN (4) + one optional transitive attribute with extended length
// (4 + 6012) = 6,043 bytes.
const big = encodeMessage(
  {
    type: 'UPDATE',
    withdrawn: [],
    attributes: [
      { type: 'ORIGIN', origin: 'IGP' },
      { type: 'raw', code: 250, flags: 0xd0, value: new Uint8Array(6012).fill(7) },
    ],
    nlri: [],
  },
  rx,
);
const stream = concat(encodeMessage(peerOpen), encodeMessage({ type: 'KEEPALIVE' }), big);

function frame(f: MessageFramer, chunks: readonly Uint8Array[], follow: boolean): number[] {
  const lengths: number[] = [];
  for (const c of chunks) {
    f.push(c);
    while (f.next()) {
      lengths.push(f.length);
      if (f.type === 1 && follow) f.setContext(rx);
    }
  }
  return lengths;
}

describe('MessageFramer.setContext', () => {
  it('frames a 6,043-byte UPDATE after extended messages are negotiated, from the bytes already buffered', () => {
    expect(big.length).toBe(6043);
    expect(rx.extendedMessage).toBe(true);
    expect(frame(new MessageFramer(), [stream], true)).toEqual([stream.length - 19 - 6043, 19, 6043]);
    // The same stream cut inside the big message (the scratch-buffer path).
    const cut = stream.length - 3000;
    const f = new MessageFramer();
    expect(frame(f, [stream.subarray(0, cut), stream.subarray(cut)], true)).toEqual([stream.length - 19 - 6043, 19, 6043]);
    const m = decodeMessage(f.bytes.subarray(f.offset, f.offset + f.length), rx);
    expect(m.type).toBe('UPDATE');
  });

  it('without it, the same UPDATE is a Bad Message Length (1/2): the planted bug the test catches', () => {
    const err = thrown(() => frame(new MessageFramer(), [stream], false));
    expect([err.code, err.subcode]).toEqual([1, 2]);
  });
});

describe('MessageFramer.setContext arguments', () => {
  it('refuses what is not a SessionContext with a TypeError naming it', () => {
    const f = new MessageFramer();
    expect(() => f.setContext({ extendedMessage: true } as never)).toThrow(TypeError);
    expect(() => f.setContext({ extendedMessage: true } as never)).toThrow(/setContext/);
    f.setContext(undefined);
    f.setContext(rx);
  });
});
