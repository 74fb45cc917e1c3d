import fc from 'fast-check';
import type { MpReachAttribute, MpUnreachAttribute } from '../../src/attributes/types.ts';
import type { Family } from '../../src/context/family.ts';
import type { SessionContext } from '../../src/context/session-context.ts';
import { nlriCodec, nlriContext } from '../../src/nlri/registry.ts';
import { adminLocalText, rdText } from '../../src/nlri/route-distinguisher.ts';
import type { LabeledPrefix, Nlri, RtcPrefix, VpnPrefix } from '../../src/nlri/types.ts';
import type { NlriContext } from '../../src/nlri/codec.ts';
import { arbIPv4, arbIPv6, arbPrefix } from './update.ts';

/** The labeled families (RFC 8277: SAFI 4 and 128) and VPN multicast (SAFI 129). */
export const LABEL_FAMILIES: readonly Family[] = [
  { afi: 1, safi: 4 },
  { afi: 2, safi: 4 },
  { afi: 1, safi: 128 },
  { afi: 2, safi: 128 },
  { afi: 1, safi: 129 },
  { afi: 2, safi: 129 },
];
/** Every family of issue 21: labeled, VPN and RT-Constraint. */
export const MPLS_FAMILIES: readonly Family[] = [...LABEL_FAMILIES, { afi: 1, safi: 132 }];

const u32 = fc.nat({ max: 0xffffffff });

/** A route distinguisher text of type 0, 1, 2 or another type (RFC 4364 section 4.2), as decoded. */
export const arbRd: fc.Arbitrary<string> = fc
  .record({ type: fc.constantFrom(0, 1, 2, 2, 3, 0xffff), value: fc.uint8Array({ minLength: 6, maxLength: 6 }) })
  .map(({ type, value }) => rdText(Uint8Array.of(type >> 8, type & 0xff, ...value), 0));

/** The label part of an announcement under `ctx` (RFC 8277 sections 2.2, 2.3): labels, and labelBits where not canonical. */
function arbLabels(ctx: NlriContext, maxLabels: number): fc.Arbitrary<{ labels: number[]; labelBits?: number[] }> {
  const most = ctx.labels === 0 ? 1 : Math.min(ctx.labels === 255 ? 4 : ctx.labels, maxLabels);
  return fc
    .record({ labels: fc.array(fc.nat({ max: 0xfffff }), { minLength: 1, maxLength: Math.max(1, most) }), tc: fc.option(fc.array(fc.nat({ max: 7 }), { minLength: 4, maxLength: 4 }), { nil: undefined }), s: fc.boolean() })
    .map(({ labels, tc, s }) => {
      // Section 2.3: S only on the last; section 2.2 (one label): S "MUST be ignored on reception", so any.
      const low = labels.map((_, i) => ((tc?.[i] ?? 0) << 1) | (i === labels.length - 1 ? (ctx.labels === 0 ? (s ? 1 : 0) : 1) : 0));
      const canonical = low.every((b, i) => b === (i === low.length - 1 ? 1 : 0));
      return canonical ? { labels } : { labels, labelBits: low };
    });
}

/** One NLRI of `f` as the decoder gives it under `ctx`. */
export function arbNlri(f: Family, ctx: NlriContext): fc.Arbitrary<Nlri> {
  const pathId = ctx.addPath ? fc.nat().map((n) => ({ pathId: n >>> 0 })) : fc.constant({});
  if (f.safi === 132) {
    return fc
      .record({ pathId, length: fc.constantFrom(0, 32, 40, 48, 64, 77, 96, 96, 96), originAs: u32, rt: fc.uint8Array({ minLength: 8, maxLength: 8 }), known: fc.boolean() })
      .map(({ pathId, length, originAs, rt, known }): RtcPrefix => {
        if (length === 0) return { ...pathId, length };
        if (length === 96 && known) {
          rt[0] = (rt[0] as number) % 3;
          rt[1] = 2;
        }
        if (length === 96 && (rt[0] as number) <= 2 && rt[1] === 2) return { ...pathId, length, originAs, routeTarget: adminLocalText(rt[0] as number, rt, 2) };
        return { ...pathId, length, originAs, routeTargetBytes: rt.slice(0, (length - 32 + 7) >> 3) };
      });
  }
  const size = f.afi === 2 ? 16 : 4;
  const rdBits = f.safi === 4 ? 0 : 64;
  const rd = f.safi === 4 ? fc.constant({}) : arbRd.map((r) => ({ rd: r }));
  if (ctx.withdrawal) {
    return fc
      .record({ pathId, rd, p: arbPrefix(size, false, 255 - 24 - rdBits), compat: fc.option(fc.constantFrom(0, 0x800001, 0x000011), { nil: undefined }) })
      .map(({ pathId, rd, p, compat }): LabeledPrefix | VpnPrefix => ({ ...pathId, ...rd, ...p, labels: [], ...(compat === undefined ? {} : { compatibility: compat }) }) as LabeledPrefix);
  }
  const maxLabels = Math.floor((255 - rdBits) / 24);
  return arbLabels(ctx, maxLabels).chain((l) =>
    fc.record({ pathId, rd, p: arbPrefix(size, false, 255 - rdBits - 24 * l.labels.length) }).map(({ pathId, rd, p }) => ({ ...pathId, ...rd, ...p, ...l }) as LabeledPrefix),
  );
}

function arbNextHop(f: Family): fc.Arbitrary<string[]> {
  if (f.afi === 2) return fc.array(arbIPv6, { minLength: 1, maxLength: 2 });
  return arbIPv4.map((a) => [a]);
}

/** MP_REACH_NLRI of a labeled, VPN or RTC family, typed, under `ctx`. */
export function arbMplsReach(ctx: SessionContext): fc.Arbitrary<MpReachAttribute> {
  return fc.constantFrom(...MPLS_FAMILIES).chain((f) => {
    const nctx = nlriContext(ctx, f.afi, f.safi, false);
    return fc
      .record({ nextHop: arbNextHop(f), nlri: fc.array(arbNlri(f, nctx), { maxLength: 4 }) })
      .map(({ nextHop, nlri }): MpReachAttribute => ({ type: 'MP_REACH_NLRI', afi: f.afi, safi: f.safi, nextHop, nlri }));
  });
}

/** MP_UNREACH_NLRI of a labeled, VPN or RTC family, typed. */
export function arbMplsUnreach(ctx: SessionContext): fc.Arbitrary<MpUnreachAttribute> {
  return fc.constantFrom(...MPLS_FAMILIES).chain((f) =>
    fc.array(arbNlri(f, nlriContext(ctx, f.afi, f.safi, true)), { maxLength: 4 }).map((withdrawn): MpUnreachAttribute => ({ type: 'MP_UNREACH_NLRI', afi: f.afi, safi: f.safi, withdrawn })),
  );
}

/** Whether the codec of `f` exists (a guard for tests iterating the families). */
export function hasCodec(f: Family): boolean {
  return nlriCodec(f.afi, f.safi) !== undefined;
}
