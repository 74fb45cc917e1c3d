import { describe, expect, it } from 'vitest';
import * as capture from '../../src/capture/index.ts';
import { ACK, frame, keepalive, pcapFile, PSH, SYN } from '../helpers/pcap-builder.ts';

describe('bgpwire/capture entry point', () => {
  it('exports the reader API', () => {
    for (const name of ['readCapture', 'readCaptureStream', 'captureReader', 'CaptureReader', 'CaptureError', 'RecordReader', 'decodeLink', 'decodeIp', 'TcpStream', 'BgpFramer', 'Ipv4Defragmenter', 'openDecoding']) {
      expect(capture, name).toHaveProperty(name);
    }
  });

  it('exports the writer API', () => {
    for (const name of ['MrtWriter', 'writeMrt', 'writeMrtStream', 'encodeMrtRecord', 'writeRibDump', 'ribDumpRecords', 'Bgp4mpRecorder', 'PcapWriter', 'PcapngWriter', 'TcpSession', 'writeTcpCapture']) {
      expect(capture, name).toHaveProperty(name);
    }
  });

  it('keeps at most maxSessions connections, flushing the least recently active', () => {
    const packets = [];
    for (let i = 0; i < 5; i++) {
      const c = { a: [10, 0, 0, 1], b: [10, 0, 1, i], aPort: 40000 + i, bPort: 179 };
      packets.push({ ts: BigInt(2 * i), data: frame(c, true, 100, SYN) });
      packets.push({ ts: BigInt(2 * i + 1), data: frame(c, true, 101, ACK | PSH, keepalive()) });
    }
    const msgs = [...capture.readCapture(pcapFile(packets), { maxSessions: 2 })];
    expect(msgs.map((m) => m.session)).toEqual([1, 2, 3, 4, 5]);
  });
});
