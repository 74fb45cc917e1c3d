/** Our side of facts.ts labeledFact: a decoded labeled or VPN NLRI in tshark's field forms. */
import { parsePrefix } from '../../src/wire/ip.ts';
import type { LabeledPrefix, VpnPrefix } from '../../src/nlri/types.ts';
import { labeledFact } from './facts.ts';

/** tshark 4.0's text of an RD: types 0 and 2 both as `number:number` (no `L` to tell a small type-2 AS). */
export function tsharkRd(rd: string): string {
  return rd.replace(/^(\d+)L:/, '$1:');
}

/** tshark's label stack text: values, the last with " (bottom)" when its S bit is set. */
function stackText(labels: readonly number[], low: readonly number[] | undefined): string {
  const bottom = (low?.[labels.length - 1] ?? 1) & 1;
  return `${labels.join(',')}${bottom === 1 ? ' (bottom)' : ''}`;
}

/** The fact of one of our labeled NLRI (a withdrawal's Compatibility field read as tshark reads it, as one label entry). */
export function ourLabeledFact(afi: number, safi: number, p: LabeledPrefix | VpnPrefix, withdrawal: boolean): string {
  const text = p.unmasked ?? p.prefix;
  const parsed = parsePrefix(text);
  const addr = text.slice(0, text.indexOf('/'));
  const length = parsed?.length ?? -1;
  const rd = 'rd' in p ? p.rd : undefined;
  let stack: string;
  let labels: number;
  if (withdrawal) {
    const c = p.compatibility ?? 0x800000;
    // tshark: a withdrawal's field without the S bit (0x000000, 0x800000) reads "(withdrawn)".
    stack = (c & 1) === 0 && (c >>> 4 === 0 || c >>> 4 === 0x80000) ? `${c >>> 4} (withdrawn)` : stackText([c >>> 4], [c & 0xf]);
    labels = 1;
  } else {
    stack = stackText(p.labels, p.labelBits);
    labels = p.labels.length;
  }
  const bits = 24 * labels + (rd === undefined ? 0 : 64) + length;
  return labeledFact(`${afi}/${safi} `, addr, bits, stack, rd === undefined ? undefined : tsharkRd(rd));
}
