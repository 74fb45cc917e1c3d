import { checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { BmpPeerBodyCodec } from './codec.ts';
import { bmpStatShape } from './iana.ts';
import { PEER_HEADER_LENGTH, peerHeader } from './peer-header.ts';
import type { BmpPeerHeader, BmpStat, BmpStatisticsReport } from './types.ts';

function statLength(s: BmpStat): number {
  if ('counter' in s) return 4;
  if ('afi' in s) return 11;
  if ('gauge' in s) return 8;
  return s.value.length;
}

function checkGauge(field: string, v: unknown): bigint {
  if (typeof v !== 'bigint') throw new TypeError(`${field}: expected a bigint`);
  if (v < 0n || v > 0xffffffffffffffffn) throw new RangeError(`${field}: ${v} is not a 64-bit gauge`);
  return v;
}

/**
 * Statistics Report body (RFC 7854 section 4.8), after the per-peer header:
 * ```
 * |                        Stats Count                            |
 * |         Stat Type             |          Stat Len             |
 * |                        Stat Data                              |
 * ```
 * Each stat decodes by its type's shape (32-bit counter, 64-bit gauge, AFI/SAFI plus gauge);
 * unknown and experimental types, and a known type whose length does not fit its shape
 * ("MUST ignore unexpected data in the Stat Data field"), stay raw.
 */
export const statisticsReport: BmpPeerBodyCodec<BmpStatisticsReport> = Object.freeze({
  byteLength(v: BmpStatisticsReport): number {
    let n = PEER_HEADER_LENGTH + 4;
    for (const s of v.stats) n += 4 + statLength(s);
    return n;
  },
  write(v: BmpStatisticsReport, w: Writer): void {
    peerHeader.write(v.peer, w);
    w.u32(checkUint('stats count', v.stats.length, 0xffffffff));
    for (let i = 0; i < v.stats.length; i++) {
      const s = v.stats[i] as BmpStat;
      const what = `stats[${i}]`;
      w.u16(checkUint(`${what}.type`, s.type, 0xffff));
      w.u16(checkUint(`${what} length`, statLength(s), 0xffff));
      if ('counter' in s) {
        w.u32(checkUint(`${what}.counter`, s.counter, 0xffffffff));
      } else if ('afi' in s) {
        w.u16(checkUint(`${what}.afi`, s.afi, 0xffff));
        w.u8(checkUint(`${what}.safi`, s.safi, 255));
        w.u64(checkGauge(`${what}.gauge`, s.gauge));
      } else if ('gauge' in s) {
        w.u64(checkGauge(`${what}.gauge`, s.gauge));
      } else {
        w.raw(s.value);
      }
    }
  },
  read(r: Reader, peer: BmpPeerHeader): BmpStatisticsReport {
    const count = r.u32('stats count');
    const stats: BmpStat[] = [];
    // Each stat takes at least 4 bytes, so a huge count fails at the end of the window.
    for (let i = 0; i < count; i++) {
      const type = r.u16(`stats[${i}] type`);
      const len = r.u16(`stats[${i}] length`);
      const shape = bmpStatShape(type);
      if (shape === 'counter' && len === 4) stats.push({ type, counter: r.u32() });
      else if (shape === 'gauge' && len === 8) stats.push({ type, gauge: r.u64() });
      else if (shape === 'afi-safi-gauge' && len === 11) stats.push({ type, afi: r.u16(), safi: r.u8(), gauge: r.u64() });
      else stats.push({ type, value: r.copy(len, `stats[${i}] data`) });
    }
    if (r.pos !== r.end) r.fail(`${r.end - r.pos} bytes after the ${count} stats the Stats Count announced`);
    return { type: 'statistics-report', peer, stats };
  },
});
