import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRibInput } from '../../bench/rib-input.ts';
import { runRib } from '../../bench/rib-run.ts';
import { decodeRibAttributes, MrtReader, writeRibDump } from '../../src/capture/index.ts';
import { bgpdumpLines } from '../../src/cli/format-bgpdump.ts';
import { TextWriter } from '../../src/wire/text-writer.ts';
import { explain } from '../cli/bgpdump-compare.ts';
import { hasTool, noShared, repoRoot, SKIP_SHARED } from '../helpers/shared.ts';

// A Rib's content as TABLE_DUMP_V2 (writeRibDump), read by Debian bgpdump 1.6.2: `bgpdump -m`
// prints one B line per route held, the same lines `bgpwire decode --format bgpdump` prints
// (its formatter, bgpdumpLines, run here in-process on the records read back). The Rib is
// the full-table benchmark's (bench/rib-input.ts: corpus attribute sets, four peers, load and
// churn) at 40,000 prefixes; `npm run test:slow` runs the full 1.2 million. Both outputs are
// streamed and compared line by line, so memory stays flat at any size.

const skip = noShared();
const SLOW = process.env.BGPWIRE_SLOW === '1';

/** `bgpdump -m path`'s lines, streamed: `next()` awaits only when a chunk's lines are used up. */
function lines(path: string): { next: () => Promise<string | undefined> } {
  const p = spawn('bgpdump', ['-m', path], { stdio: ['ignore', 'pipe', 'ignore'] });
  p.stdout.setEncoding('utf8');
  const it = (p.stdout as AsyncIterable<string>)[Symbol.asyncIterator]();
  let batch: string[] = [];
  let at = 0;
  let rest = '';
  let done = false;
  return {
    async next() {
      while (at >= batch.length) {
        if (done) return undefined;
        const r = await it.next();
        if (r.done === true) {
          done = true;
          batch = rest === '' ? [] : [rest];
          rest = '';
        } else {
          batch = (rest + r.value).split('\n');
          rest = batch.pop() ?? '';
        }
        at = 0;
      }
      return batch[at++];
    },
  };
}

describe.skipIf(skip || !hasTool('bgpdump'))(`writeRibDump of the full-table benchmark's Rib, read by bgpdump (${skip ? SKIP_SHARED : 'bgpdump -m'})`, () => {
  it('bgpdump prints a B line per route, equal to our bgpdump format', async () => {
    const prefixes = SLOW ? 1_200_000 : 40_000;
    // The quick run reads the first 5,000 RIB records of each source dump (the bzip2 ones cost most).
    const input = await buildRibInput(SLOW ? {} : { prefixes, sets: 10_000, maxRecords: 5_000 });
    const { rib } = runRib(input);
    const dir = join(repoRoot, '.tmp', `rib-dump-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'rib.mrt');
    try {
      const fd = openSync(file, 'w');
      let records = 0;
      const dump = writeRibDump(rib, { timestamp: 1_764_000_000, collectorBgpId: input.local.bgpId, viewName: 'bench' });
      for (let n = dump.next(); ; n = dump.next()) {
        if (n.done === true) {
          records = n.value;
          break;
        }
        writeSync(fd, n.value);
      }
      closeSync(fd);
      // Ours: the records read back from the file, formatted as the CLI formats them.
      const reader = new MrtReader();
      const ours: string[] = [];
      // bgpdumpLines writes UTF-8 into a TextWriter (issue 19); the lines are read back from it.
      const w = new TextWriter(1 << 16);
      const text = new TextDecoder();
      const keep = (): boolean => true;
      const oracle = lines(file);
      let compared = 0;
      let equal = 0;
      const kinds: Record<string, number> = {};
      const unexplained: string[] = [];
      reader.push(new Uint8Array(readFileSync(file)));
      reader.end();
      let checked = 0;
      for (let rec = reader.next(); rec !== undefined; rec = reader.next()) {
        // The entries are the Rib's routes for the prefix: same peers, same attributes.
        if (rec.type === 'rib') {
          const held = rib.routes(rec.afi === 1 ? 'ipv4-unicast' : 'ipv6-unicast', rec.prefix);
          expect(rec.entries.map((e) => e.peer?.address)).toEqual(held.map((r) => r.peer.address));
          rec.entries.forEach((e, i) => {
            const attrs = decodeRibAttributes(e.attributes, rec.afi, rec.safi).attributes.filter((a) => a.type !== 'MP_REACH_NLRI');
            const want = (held[i]?.attributes ?? []).filter((a) => a.type !== 'MP_REACH_NLRI');
            if (JSON.stringify(attrs) !== JSON.stringify(want)) expect(attrs, rec.prefix).toEqual(want);
            checked++;
          });
        }
        w.reset();
        bgpdumpLines(rec, w, keep, keep);
        if (w.pos > 0) ours.push(...text.decode(w.bytes.subarray(0, w.pos - 1)).split('\n'));
        for (const mine of ours) {
          const o = await oracle.next();
          if (o === undefined) {
            unexplained.push(`missing oracle line for: ${mine}`);
            break;
          }
          compared++;
          if (o === mine) equal++;
          else {
            const why = explain(o, mine);
            if (why === undefined) unexplained.push(`${o}\n${mine}`);
            else for (const k of why) kinds[k] = (kinds[k] ?? 0) + 1;
          }
          if (unexplained.length > 10) break;
        }
        ours.length = 0;
        if (unexplained.length > 10) break;
      }
      expect(await oracle.next(), 'bgpdump printed more lines than we did').toBeUndefined();
      expect(unexplained).toEqual([]);
      // One B line per route held; one record per prefix, after the PEER_INDEX_TABLE.
      expect(compared).toBe(rib.size);
      expect(checked).toBe(rib.size);
      expect(records).toBe(1 + input.prefixes.ipv4 + input.prefixes.ipv6);
      expect(input.prefixes.ipv4 + input.prefixes.ipv6).toBe(prefixes);
      // bgpdump 1.6.2 writes some IPv6 addresses in a form RFC 5952 4.2.2 forbids; nothing else differs.
      expect(Object.keys(kinds).filter((k) => k !== 'ipv6-text')).toEqual([]);
      expect(equal + (kinds['ipv6-text'] ?? 0)).toBe(compared);
      if (SLOW) console.log({ prefixes, routes: rib.size, records, compared, equal, kinds });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, SLOW ? 3_600_000 : undefined);
});
