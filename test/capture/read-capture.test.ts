import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/capture/capture-error.ts';
import { captureReader, readCapture, readCaptureStream } from '../../src/capture/read-capture.ts';
import type { CaptureMessage } from '../../src/capture/capture-message.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import {
  ACK,
  addPathCap,
  as4Cap,
  type BuiltPacket,
  concat,
  epb,
  FIN,
  frame,
  idb,
  keepalive,
  open,
  pcapFile,
  PSH,
  shb,
  SYN,
  update,
} from '../helpers/pcap-builder.ts';

const conv = { a: [192, 0, 2, 1], b: [192, 0, 2, 2], aPort: 50000, bPort: 179 };

/** A full session: handshake, OPENs (A: AS4 + ADD-PATH send, B: AS4 + ADD-PATH receive), UPDATE, KEEPALIVEs, FIN. */
function session(isnA: number, isnB: number, t0: bigint, bAs4 = true): BuiltPacket[] {
  const openA = open(23456, [1, 1, 1, 1], [as4Cap(4200000001), addPathCap(1, 1, 2)]);
  const openB = open(65002, [2, 2, 2, 2], bAs4 ? [as4Cap(65002), addPathCap(1, 1, 1)] : []);
  // With ADD-PATH, the NLRI carries a 4-byte path id first: id 7, 10.0.0.0/8.
  const upd = updateWithPathId(bAs4);
  let a = isnA + 1;
  let b = isnB + 1;
  const p: BuiltPacket[] = [];
  const push = (fromA: boolean, flags: number, payload: Uint8Array = new Uint8Array(0)) => {
    p.push({ ts: t0 + BigInt(p.length) * 1000n, data: frame(conv, fromA, fromA ? a : b, flags, payload) });
    if (fromA) a += payload.length;
    else b += payload.length;
  };
  p.push({ ts: t0, data: frame(conv, true, isnA, SYN) });
  p.push({ ts: t0 + 1n, data: frame(conv, false, isnB, SYN | ACK) });
  push(true, ACK | PSH, openA);
  push(false, ACK | PSH, concat(openB, keepalive()));
  push(true, ACK | PSH, concat(keepalive(), upd));
  push(true, ACK | FIN);
  return p;
}

function updateWithPathId(as4: boolean): Uint8Array {
  // update() with no prefixes, then the ADD-PATH NLRI appended and the length patched.
  const base = update([], [4200000001 % (as4 ? 2 ** 32 : 65536)], as4);
  const nlri = Uint8Array.of(0, 0, 0, 7, 8, 10);
  const msg = concat(base, nlri);
  new DataView(msg.buffer).setUint16(16, msg.length);
  return msg;
}

const summary = (m: CaptureMessage) => [m.session, m.direction, m.type, m.src, m.srcPort, m.dst, m.dstPort];

describe('readCapture', () => {
  it('yields each message with addresses, ports, session, direction, timestamp, and both OPENs\' contexts', () => {
    const msgs = [...readCapture(pcapFile(session(1000, 9000, 1_000_000_000n)))];
    expect(msgs.map(summary)).toEqual([
      [1, 0, 1, '192.0.2.1', 50000, '192.0.2.2', 179],
      [1, 1, 1, '192.0.2.2', 179, '192.0.2.1', 50000],
      [1, 1, 4, '192.0.2.2', 179, '192.0.2.1', 50000],
      [1, 0, 4, '192.0.2.1', 50000, '192.0.2.2', 179],
      [1, 0, 2, '192.0.2.1', 50000, '192.0.2.2', 179],
    ]);
    expect(msgs.map((m) => m.timestamp)).toEqual([1_000_002_000n, 1_000_003_000n, 1_000_003_000n, 1_000_004_000n, 1_000_004_000n]);
    // The first OPEN is out before the second is seen: mirror rule until then.
    expect(msgs[0]?.contextSource).toBe('one-sided');
    const upd = msgs[4] as CaptureMessage;
    expect(upd.contextSource).toBe('opens');
    expect(upd.context?.asn4).toBe(true);
    // A may send path ids, B may receive them: A to B carries ADD-PATH for IPv4 unicast.
    expect(upd.context?.addPath).toEqual([{ afi: 1, safi: 1 }]);
    expect(msgs[2]?.context?.addPath).toEqual([]);
    const decoded = decodeMessage(upd.bytes, upd.context);
    expect(decoded.type).toBe('UPDATE');
  });

  it('starts a new session when a SYN reuses the 4-tuple after FIN, with fresh contexts', () => {
    const bytes = pcapFile([...session(1000, 9000, 1_000_000_000n), ...session(0xfffffff0, 77, 2_000_000_000n, false)]);
    const msgs = [...readCapture(bytes)];
    expect(msgs.map((m) => m.session)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    const last = msgs[9] as CaptureMessage;
    // The second time B does not announce AS4 (and its sequence numbers wrap).
    expect([last.type, last.context?.asn4, last.context?.addPath]).toEqual([2, false, []]);
  });

  it('one-sided capture: mirror rule by default, none on request, option context supplies or overrides', () => {
    // Only B's side, starting mid-stream: OPEN, KEEPALIVE, UPDATE.
    const openB = open(65002, [2, 2, 2, 2], [as4Cap(65002), addPathCap(1, 1, 3)]);
    const pk = (seq: number, payload: Uint8Array, ts: bigint): BuiltPacket => ({ ts, data: frame(conv, false, seq, ACK | PSH, payload) });
    const bytes = pcapFile([pk(500, openB, 1n), pk(500 + openB.length, concat(keepalive(), updateWithPathId(true)), 2n)]);
    const mirror = [...readCapture(bytes)];
    expect(mirror.map((m) => [m.type, m.contextSource, m.context?.addPath.length])).toEqual([
      [1, 'one-sided', 1],
      [4, 'one-sided', 1],
      [2, 'one-sided', 1],
    ]);
    expect(mirror.map((m) => m.direction)).toEqual([0, 0, 0]);
    const none = [...readCapture(bytes, { oneSided: 'none' })];
    expect(none.every((m) => m.context === undefined)).toBe(true);
    const given = sessionContext({ asn4: true });
    const supplied = [...readCapture(bytes, { context: given })];
    expect(supplied.map((m) => [m.contextSource, m.context])).toEqual([
      ['option', given],
      ['option', given],
      ['option', given],
    ]);
    const chosen = [...readCapture(bytes, { context: (info) => (info.srcPort === 179 ? given : undefined) })];
    expect(chosen.every((m) => m.context === given)).toBe(true);
  });

  it('reads only the ports asked for', () => {
    const c = { ...conv, bPort: 1179 };
    const bytes = pcapFile([{ ts: 1n, data: frame(c, true, 1, ACK | PSH, concat(keepalive(), keepalive())) }]);
    expect([...readCapture(bytes)].length).toBe(0);
    expect([...readCapture(bytes, { ports: [179, 1179] })].length).toBe(2);
  });

  it('per-packet mode frames each payload alone, ignoring sequence numbers', () => {
    const bytes = pcapFile([1n, 2n, 3n].map((ts) => ({ ts, data: frame(conv, true, 42, ACK | PSH, keepalive()) })));
    expect([...readCapture(bytes)].length).toBe(1);
    expect([...readCapture(bytes, { perPacket: true })].length).toBe(3);
  });

  it('reads pcapng too, and the same from chunks of any size (sync and async)', async () => {
    const pk = session(1, 2, 5_000_000_000n);
    const ng = concat(shb(), idb(1, { tsresol: 9 }), ...pk.map((p) => epb(0, p.ts, p.data)));
    const whole = [...readCapture(ng)];
    expect(whole.length).toBe(5);
    expect(whole.map((m) => m.timestamp)).toEqual([...readCapture(pcapFile(pk))].map((m) => m.timestamp));
    for (const size of [1, 3, 64, 1000]) {
      const r = captureReader();
      const got: CaptureMessage[] = [];
      for (let i = 0; i < ng.length; i += size) {
        r.push(ng.subarray(i, i + size));
        got.push(...r);
      }
      r.end();
      got.push(...r);
      expect(got).toEqual(whole);
    }
    const chunks = async function* () {
      for (let i = 0; i < ng.length; i += 7) yield ng.subarray(i, i + 7);
    };
    const streamed: CaptureMessage[] = [];
    for await (const m of readCaptureStream(chunks())) streamed.push(m);
    expect(streamed).toEqual(whole);
  });

  it('throws CaptureError for a file that is not a capture', () => {
    expect(() => [...readCapture(new TextEncoder().encode('hello, this is not a pcap'))]).toThrow(CaptureError);
  });
});
