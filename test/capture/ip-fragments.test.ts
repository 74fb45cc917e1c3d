import { describe, expect, it } from 'vitest';
import { type IncompleteDatagram, isIPv4Fragment, Ipv4Defragmenter } from '../../src/capture/ip-fragments.ts';
import { readCapture } from '../../src/capture/read-capture.ts';
import { ACK, concat, ethernet, ipv4, keepalive, pcapFile, PSH, tcp, update } from '../helpers/pcap-builder.ts';

const src = [10, 0, 0, 1];
const dst = [10, 0, 0, 2];
/** Splits a TCP segment into IPv4 fragments of `size` bytes (a multiple of 8). */
function fragments(segment: Uint8Array, size: number, id = 9): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < segment.length; at += size) {
    const more = at + size < segment.length;
    out.push(ipv4(src, dst, segment.subarray(at, at + size), { id, fragment: (more ? 0x2000 : 0) | (at / 8) }));
  }
  return out;
}

describe('IPv4 fragment reassembly', () => {
  const segment = tcp(40000, 179, 1, ACK | PSH, concat(keepalive(), update([[[10, 0, 0, 0], 8]]), keepalive()));

  it('joins fragments in any order, the first-arrived bytes winning on overlap', () => {
    const frags = fragments(segment, 24);
    expect(frags.every(isIPv4Fragment)).toBe(true);
    for (const order of [frags, [...frags].reverse(), [frags[1], frags[0], ...frags.slice(2)]]) {
      const d = new Ipv4Defragmenter();
      const results = order.map((f, i) => d.add(f as Uint8Array, i + 1, 0n, []));
      const done = results.filter((r) => r.type === 'complete');
      expect(done.length).toBe(1);
      const ip = (done[0] as { ip: Uint8Array }).ip;
      expect(isIPv4Fragment(ip)).toBe(false);
      expect([...ip.subarray(20)]).toEqual([...segment]);
    }
  });

  it('bounds the datagrams it holds and hands back the incomplete ones', () => {
    const d = new Ipv4Defragmenter(2);
    const evicted: IncompleteDatagram[] = [];
    for (let id = 1; id <= 3; id++) d.add(fragments(segment, 24, id)[0] as Uint8Array, id, BigInt(id), evicted);
    expect(evicted.map((e) => [e.frame, e.first !== undefined])).toEqual([[1, true]]);
    expect(d.flush().length).toBe(2);
  });

  it('the reader reassembles fragmented segments, and reads a lone first fragment as far as it goes', () => {
    const frags = fragments(segment, 32);
    const bytes = pcapFile(frags.reverse().map((f, i) => ({ ts: BigInt(i), data: ethernet(f) })));
    const reader = readCapture(bytes);
    expect([...reader].map((m) => m.type)).toEqual([4, 2, 4]);
    expect(reader.issues).toEqual([]);
    const lone = readCapture(pcapFile([{ ts: 1n, data: ethernet((fragments(segment, 48)[0]) as Uint8Array) }]));
    expect([...lone].map((m) => m.type)).toEqual([4]);
    expect(lone.issues.map((i) => i.kind)).toContain('ip-fragment');
  });
});
