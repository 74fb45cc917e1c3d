// BMP sessions inside hand-made captures (issue 20): pcapng and pcap, ports 11019 and 1790 by
// default and others by option (tshark's -d tcp.port==N,bmp), messages split across segments,
// the BGP inside with its Peer Up context, the explicit context option, and a gap.
import { describe, expect, it } from 'vitest';
import { encodeBmpMessage } from '../../src/bmp/index.ts';
import type { BmpMessage, BmpPeerHeader } from '../../src/bmp/index.ts';
import { readCapture } from '../../src/capture/read-capture.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { encodeOpen } from '../../src/messages/open.ts';
import { toHex } from '../../src/wire/hex.ts';
import { ACK, concat, type Conversation, epb, frame, idb, pcapFile, PSH, shb, SYN } from '../helpers/pcap-builder.ts';

const PEER: BmpPeerHeader = { peerType: 0, flags: 0, distinguisher: new Uint8Array(8), address: '192.0.2.1', as: 65001, bgpId: '192.0.2.1', seconds: 0, microseconds: 0 };
// The peer's OPEN has no 4-octet AS capability: with the A flag set, its UPDATEs are 2-octet.
const OPEN2 = encodeOpen({ type: 'OPEN', version: 4, myAs: 65001, holdTime: 90, bgpId: '192.0.2.1', capabilities: [] });
const UPDATE2 = encodeMessage(
  {
    type: 'UPDATE',
    withdrawn: [],
    attributes: [
      { type: 'ORIGIN', origin: 'IGP' },
      { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65001, 65002] }] },
      { type: 'NEXT_HOP', nextHop: '192.0.2.1' },
    ],
    nlri: [{ prefix: '198.51.100.0/24' }],
  },
  sessionContext({ as4: false }),
);
const MESSAGES: BmpMessage[] = [
  { type: 'initiation', information: [{ type: 1, text: 'hand-made' }, { type: 2, text: 'r1' }] },
  { type: 'peer-up', peer: PEER, localAddress: '192.0.2.2', localPort: 179, remotePort: 40000, sentOpen: OPEN2, receivedOpen: OPEN2, information: [] },
  { type: 'route-monitoring', peer: { ...PEER, flags: 0x20 }, pdu: UPDATE2 },
  { type: 'route-monitoring', peer: { ...PEER, address: '192.0.2.7' }, pdu: UPDATE2 },
  { type: 'termination', information: [{ type: 1, code: 0 }] },
];
const STREAM = concat(...MESSAGES.map((m) => encodeBmpMessage(m)));

/** The stream from router 10.0.0.1 to the station 10.0.0.2:`port`, cut into `size`-byte segments (some frames dropped). */
function packets(port: number, size: number, drop: ReadonlySet<number> = new Set()): Uint8Array[] {
  const c: Conversation = { a: [10, 0, 0, 1], b: [10, 0, 0, 2], aPort: 40001, bPort: port };
  const out = [frame(c, true, 999, SYN)];
  for (let o = 0, i = 0; o < STREAM.length; o += size, i++) if (!drop.has(i)) out.push(frame(c, true, 1000 + o, ACK | PSH, STREAM.subarray(o, o + size)));
  return out;
}

const pcapng = (frames: Uint8Array[]): Uint8Array => concat(shb(), idb(1), ...frames.map((f, i) => epb(0, BigInt(1_700_000_000_000_000 + i), f)));
const pcap = (frames: Uint8Array[]): Uint8Array => pcapFile(frames.map((data, i) => ({ ts: BigInt(1_700_000_000 + i) * 1_000_000_000n, data })));

describe('BMP in captures', () => {
  it('pcapng on port 11019: every message, split across segments, byte for byte, with the BGP inside', () => {
    const r = readCapture(pcapng(packets(11019, 37)));
    const got = [...r];
    expect(r.issues).toEqual([]);
    expect(got.map((m) => m.bmp?.message?.type)).toEqual(['initiation', 'peer-up', 'route-monitoring', 'route-monitoring', 'termination']);
    expect(toHex(concat(...got.map((m) => m.bytes)))).toBe(toHex(STREAM));
    expect(got.every((m) => m.src === '10.0.0.1' && m.dstPort === 11019 && m.direction === 0 && m.session === 1)).toBe(true);
    // The A flag set and a 2-octet session: the UPDATE reads 2-octet, from the Peer Up.
    const rm = got[2]?.bmp?.pdus[0];
    expect(rm?.contextSource).toBe('peer-up');
    expect(rm?.context?.as4).toBe(false);
    expect(rm?.message?.type === 'UPDATE' && rm.message.attributes.find((a) => a.type === 'AS_PATH')).toEqual({ type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65001, 65002] }] });
    // A peer without a Peer Up: missing, never guessed.
    expect(got[3]?.bmp?.pdus[0]?.missing).toMatch(/no Peer Up/);
  });

  it('pcap on port 1790 by default; other ports by option; off with bmpPorts: []', () => {
    expect([...readCapture(pcap(packets(1790, 500)))]).toHaveLength(5);
    expect([...readCapture(pcap(packets(5000, 500)))]).toHaveLength(0);
    expect([...readCapture(pcap(packets(5000, 500)), { bmpPorts: [5000] })]).toHaveLength(5);
    expect([...readCapture(pcap(packets(1790, 500)), { bmpPorts: [] })]).toHaveLength(0);
  });

  it('the bmpContext option gives a context to peers without a Peer Up (a value, or a function)', () => {
    const ctx = sessionContext({ as4: false });
    const m = [...readCapture(pcap(packets(1790, 64)), { bmpContext: ctx })][3]?.bmp?.pdus[0];
    expect(m?.contextSource).toBe('option');
    expect(m?.message?.type).toBe('UPDATE');
    const f = [...readCapture(pcap(packets(1790, 64)), { bmpContext: (i) => (i.peer.address === '192.0.2.7' ? ctx : undefined) })];
    expect(f.map((x) => x.bmp?.pdus[0]?.contextSource)).toEqual([undefined, undefined, 'peer-up', 'option', undefined]);
  });

  it('a gap stops that direction with a bmp issue (no marker to resynchronise on); what came before is kept', () => {
    const r = readCapture(pcap(packets(1790, 40, new Set([4]))));
    const got = [...r];
    expect(got.map((m) => m.bmp?.message?.type)).toEqual(['initiation', 'peer-up']); // bytes 0-150; the gap is at 160-199
    expect(r.issues.map((i) => i.kind)).toEqual(['bmp']);
    expect(r.issues[0]?.message).toMatch(/bmp stream has a gap .*: the rest of this direction is not read/);
  });
});
