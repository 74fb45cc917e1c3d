/**
 * The facts (facts.ts) of an UPDATE as the lazy view reads it: its accessors and cursors only,
 * never `decodeMessage` or the decoded value (issue 5: the view must agree with an oracle that
 * shares no code with it, Wireshark's decode).
 */
import { AsPathCursor } from '../../src/view/as-path-view.ts';
import { AttributeCursor } from '../../src/view/attribute-cursor.ts';
import { PrefixCursor } from '../../src/view/prefix-cursor.ts';
import type { UpdateView } from '../../src/view/update-view.ts';
import type { LabeledPrefix, VpnPrefix } from '../../src/nlri/types.ts';
import { add, facts, type Facts, isComparedFamily, isLabeledFamily } from './facts.ts';
import { ourLabeledFact } from './labeled-facts.ts';

const ORIGIN_CODE = { IGP: 0, EGP: 1, INCOMPLETE: 2 } as const;

function prefixFact(c: PrefixCursor, family: string): string {
  // As our-facts.ts: tshark prints the address bytes as received, so the unmasked form where bits are set past the length.
  const p = c.toJSON();
  return `${family}${p.unmasked ?? p.prefix}${c.hasPathId ? `#${c.pathId}` : ''}`;
}

function pathFact(c: AsPathCursor): string {
  const segments: string[] = [];
  while (c.nextSegment()) {
    const asns: number[] = [];
    for (let i = 0; i < c.count; i++) asns.push(c.asn(i));
    segments.push(`${c.type}:[${asns.join(' ')}]`);
  }
  return segments.join(' ');
}

/** The facts of the UPDATE `v` views, in the order our-facts.ts lists a decoded one. */
export function viewFacts(v: UpdateView): Facts {
  const f = facts(2);
  const prefixes = new PrefixCursor();
  for (const c = v.withdrawn(prefixes); c.next(); ) add(f, 'withdrawn', prefixFact(c, ''));
  const seen = new Set<number>();
  for (const a = v.attributes(new AttributeCursor()); a.next(); ) {
    add(f, 'attribute', String(a.code));
    if (seen.has(a.code)) continue;
    seen.add(a.code);
    switch (a.code) {
      case 1: {
        const o = v.origin();
        if (o !== undefined) add(f, 'origin', String(ORIGIN_CODE[o]));
        break;
      }
      case 2:
        if (v.hasAsPath()) add(f, 'as_path', pathFact(v.asPath(new AsPathCursor())));
        break;
      case 17:
        if (v.decodeAttribute(17)?.type === 'AS4_PATH') add(f, 'as4_path', pathFact(v.as4Path(new AsPathCursor())));
        break;
      case 3: {
        const nh = v.nextHop();
        if (nh !== undefined) add(f, 'next_hop', nh);
        break;
      }
      case 4: {
        const med = v.med();
        if (med !== undefined) add(f, 'med', String(med));
        break;
      }
      case 5: {
        const lp = v.localPref();
        if (lp !== undefined) add(f, 'local_pref', String(lp));
        break;
      }
      case 8:
        for (const c of v.communities() ?? []) add(f, 'community', c);
        break;
      case 32:
        for (const c of v.largeCommunities() ?? []) add(f, 'large_community', c);
        break;
      case 16:
        for (const c of v.extendedCommunities() ?? []) {
          add(f, 'ext_community', c.kind === 'route-target' || c.kind === 'route-origin' ? `${c.type}:${c.subtype}:${c.global}:${c.local}` : `${c.type}:${c.subtype}:other`);
        }
        break;
      case 14: {
        const fam = v.mpReachFamily();
        if (fam === undefined) break;
        if (isLabeledFamily(fam.afi, fam.safi)) {
          // Issue 21: through mpNlriOffsets/mpNlriAt (the family's codec).
          if (v.mpNlriCodec(14) === undefined) break;
          for (const nh of v.mpNextHop() ?? []) add(f, 'mp_next_hop', nh);
          for (const p of v.mpNlri(14)) add(f, 'labeled_nlri', ourLabeledFact(fam.afi, fam.safi, p as LabeledPrefix | VpnPrefix, false));
          break;
        }
        if (!isComparedFamily(fam.afi, fam.safi)) break;
        for (const nh of v.mpNextHop() ?? []) add(f, 'mp_next_hop', nh);
        for (const c = v.mpReachNlri(prefixes); c.next(); ) add(f, 'mp_reach_nlri', prefixFact(c, `${fam.afi}/${fam.safi} `));
        break;
      }
      case 15: {
        const fam = v.mpUnreachFamily();
        if (fam !== undefined && isLabeledFamily(fam.afi, fam.safi)) {
          for (const p of v.mpNlri(15)) add(f, 'labeled_withdrawn', ourLabeledFact(fam.afi, fam.safi, p as LabeledPrefix | VpnPrefix, true));
          break;
        }
        if (fam === undefined || !isComparedFamily(fam.afi, fam.safi)) break;
        for (const c = v.mpUnreachWithdrawn(prefixes); c.next(); ) add(f, 'mp_unreach_nlri', prefixFact(c, `${fam.afi}/${fam.safi} `));
        break;
      }
      default:
        break;
    }
  }
  for (const c = v.nlri(prefixes); c.next(); ) add(f, 'nlri', prefixFact(c, ''));
  return f;
}
