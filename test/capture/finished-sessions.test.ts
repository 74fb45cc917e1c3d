import { describe, expect, it } from 'vitest';
import { CaptureReader } from '../../src/capture/capture-reader.ts';
import { ACK, type Conversation, FIN, frame, keepalive, open, pcapFile, RST, SYN } from '../helpers/pcap-builder.ts';

// Issue 14: the capture reader kept every finished TCP session (its 64 KiB retransmission
// history, its framer) until 4,096 sessions existed: 346 MB max RSS on a 1 GB pcap of 2,433
// sessions. A session is now freed once it has ended (FIN both ways, or RST) and left a short
// retransmission window; its late segments do not start a new session.

const conv = (k: number): Conversation => ({ a: [10, 0, (k >> 8) & 255, k & 255], b: [10, 1, 0, 1], aPort: 30000 + (k % 30000), bPort: 179 });

/** One session: handshake, OPEN and KEEPALIVE each way, then FIN both ways (or RST). */
function session(k: number, end: 'fin' | 'rst' = 'fin'): Uint8Array[] {
  const c = conv(k);
  const oa = open(65001, [10, 0, 0, 1]);
  const ob = open(65002, [10, 1, 0, 1]);
  const ka = keepalive();
  let sa = 101;
  let sb = 501;
  const out = [frame(c, true, 100, SYN), frame(c, false, 500, SYN | ACK)];
  out.push(frame(c, true, sa, ACK, oa), frame(c, false, sb, ACK, ob));
  sa += oa.length;
  sb += ob.length;
  out.push(frame(c, true, sa, ACK, ka), frame(c, false, sb, ACK, ka));
  sa += ka.length;
  sb += ka.length;
  if (end === 'rst') out.push(frame(c, true, sa, RST));
  else out.push(frame(c, true, sa, FIN | ACK), frame(c, false, sb, FIN | ACK));
  return out;
}

function pcapOf(frames: Uint8Array[]): Uint8Array {
  return pcapFile(frames.map((data, i) => ({ ts: BigInt(i) * 1000n, data })));
}

describe('finished TCP sessions are freed', () => {
  it('memory follows the open sessions, not all the sessions of the capture', () => {
    const frames = Array.from({ length: 300 }, (_, k) => session(k, k % 3 === 0 ? 'rst' : 'fin')).flat();
    const r = new CaptureReader();
    r.push(pcapOf(frames));
    let messages = [...r].length;
    // Before the fix all 300 were still followed here.
    expect(r.sessions).toBe(300);
    expect(r.liveSessions).toBeLessThanOrEqual(65);
    r.end();
    messages += [...r].length;
    expect(messages).toBe(300 * 4);
    expect(r.issues).toEqual([]);
  });

  it('a retransmission after FIN still fills a hole', () => {
    const c = conv(1);
    const oa = open(65001, [10, 0, 0, 1]);
    const ka = keepalive();
    const frames = [frame(c, true, 100, SYN), frame(c, false, 500, SYN | ACK)];
    // The OPEN is lost, the KEEPALIVE after it arrives, both sides close, then the OPEN is retransmitted.
    frames.push(frame(c, true, 101 + oa.length, ACK, ka));
    frames.push(frame(c, true, 101 + oa.length + ka.length, FIN | ACK), frame(c, false, 501, FIN | ACK));
    frames.push(frame(c, true, 101, ACK, oa));
    const r = new CaptureReader();
    r.push(pcapOf(frames)).end();
    expect([...r].map((m) => m.type)).toEqual([1, 4]);
    expect(r.issues).toEqual([]);
  });

  it('late segments of a freed session start no new session', () => {
    const first = session(0);
    const rest = Array.from({ length: 100 }, (_, k) => session(k + 1)).flat();
    const c = conv(0);
    const oa = open(65001, [10, 0, 0, 1]);
    // A last ACK (no data) and a retransmitted OPEN of session 1, long after it was freed.
    const late = [frame(c, false, 600, ACK), frame(c, true, 101, ACK, oa)];
    const r = new CaptureReader();
    r.push(pcapOf([...first, ...rest, ...late])).end();
    expect([...r].length).toBe(101 * 4);
    expect(r.sessions).toBe(101);
    expect(r.issues).toEqual([{ kind: 'gap', message: `segment after the end of the connection: ${oa.length} bytes ignored`, frame: first.length + rest.length + 2, session: 1 }]);
  });
});
