import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/index.ts';
import { writeTcpCapture, type TcpCaptureOptions, type TcpSend } from '../../src/capture/tcp-capture.ts';
import { contextFor } from '../../src/messages/context-for.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import type { BgpMessage, OpenMessage } from '../../src/messages/types.ts';
import { sampleMessages } from '../fixtures/sample-session.ts';
import { hasTool, repoRoot } from '../helpers/shared.ts';
import { tsharkCheck, typeCounts } from '../helpers/tshark-check.ts';

// tshark reads what the capture writers write: every combination of format (pcap, pcapng),
// family (IPv4, IPv6), link (Ethernet, raw IP), MSS (1460, 536, 7) and segment order (in
// order; reordered and retransmitted), each in at least two files, opens with no malformed frame and no Error-severity
// expert info, and tshark counts the same BGP messages per type as our reader.

const skip = !hasTool('tshark');
const dir = join(repoRoot, '.tmp', `tshark-writers-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The sample session's messages plus UPDATEs long enough to span many segments. */
function messages(): [boolean, Uint8Array][] {
  const sample = sampleMessages();
  const [a, b] = [sample[0]?.[1], sample[1]?.[1]] as [OpenMessage, OpenMessage];
  const ab = contextFor(a, b);
  const ba = contextFor(b, a);
  const big: BgpMessage = {
    type: 'UPDATE',
    withdrawn: [],
    attributes: [
      { type: 'ORIGIN', origin: 'IGP' },
      { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65001, 64496] }] },
      { type: 'NEXT_HOP', nextHop: '10.0.0.1' },
    ],
    nlri: Array.from({ length: 900 }, (_, i) => ({ prefix: `10.${i >> 8}.${i & 255}.0/24` })),
  };
  const out: [boolean, Uint8Array][] = sample.map(([fromA, m]) => [fromA, encodeMessage(m, fromA ? ab : ba)]);
  out.splice(5, 0, [true, encodeMessage(big, ab)], [false, encodeMessage(big, ba)]);
  return out;
}

describe.skipIf(skip)('tshark reads the capture writers\' output (TShark 4.0)', () => {
  it('opens every variant cleanly and counts the same BGP messages per type as our reader', async () => {
    mkdirSync(dir, { recursive: true });
    const msgs = messages();
    // Each format, family, link, MSS and order at least twice, in six files (tshark costs ~1 s a run).
    const plan = [
      ['pcap', false, 'ethernet', 1460, false],
      ['pcapng', true, 'raw', 1460, false],
      ['pcap', true, 'ethernet', 536, true],
      ['pcapng', false, 'raw', 536, true],
      ['pcap', false, 'raw', 7, true],
      ['pcapng', true, 'ethernet', 7, true],
    ] as const;
    const variants = plan.map(([format, v6, link, mss, shuffled]) => {
      const client = { address: v6 ? '2001:db8::1' : '192.0.2.1', port: 40179 };
      const server = { address: v6 ? '2001:db8::2' : '192.0.2.2', port: 179 };
      return { name: `${v6 ? 'v6' : 'v4'}-${link}-${mss}${shuffled ? '-shuffled' : ''}.${format}`, options: { format, client, server, link, mss } as Partial<TcpCaptureOptions>, shuffled };
    });
    const results = await Promise.all(
      variants.map(async (v) => {
        const sends: TcpSend[] = msgs.map(([fromClient, data], i) => ({
          fromClient,
          data,
          timestamp: 1_764_000_000_000_000_000n + BigInt(i) * 1_000_000n,
          reorder: v.shuffled && i % 2 === 0,
          retransmit: v.shuffled && i % 3 === 0,
          comment: `message ${i + 1}`,
        }));
        const bytes = Buffer.concat([...writeTcpCapture(sends, v.options)]);
        const path = join(dir, v.name);
        writeFileSync(path, bytes);
        const ours = [...readCapture(new Uint8Array(bytes))];
        expect(ours.map((m) => m.bytes), v.name).toEqual(msgs.map(([, m]) => m));
        const t = await tsharkCheck(path, { outOfOrder: v.shuffled });
        expect(t.errors, v.name).toEqual([]);
        if (!v.shuffled) expect(t.tcpProblems, v.name).toEqual([]);
        expect(t.counts, v.name).toEqual(typeCounts(ours.map((m) => m.bytes[18] as number)));
        return ours.length;
      }),
    );
    expect(results.length).toBe(6);
    expect(results.reduce((n, x) => n + x, 0)).toBe(6 * 16);
  });
});
