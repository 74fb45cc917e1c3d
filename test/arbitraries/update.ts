import fc from 'fast-check';
import type { AsPathSegment, ExtendedCommunity, PathAttribute, Prefix, UpdateMessage } from '../../src/attributes/types.ts';
import { type SessionContext, sessionContext } from '../../src/context/session-context.ts';
import { formatIPv4, formatIPv6, formatPrefix, formatPrefixUnmasked, hasTrailingBits } from '../../src/wire/ip.ts';
import { arbMplsReach, arbMplsUnreach, LABEL_FAMILIES, MPLS_FAMILIES } from './nlri.ts';

/**
 * A session context for UPDATE round trips: ADD-PATH on IPv4/IPv6 unicast and (`apx`) on the
 * MPLS families, RFC 8277 Multiple Labels (`ml`, with a Count) on them.
 */
export const arbContext: fc.Arbitrary<SessionContext> = fc
  .record({ asn4: fc.boolean(), ap4: fc.boolean(), ap6: fc.boolean(), ext: fc.boolean(), internal: fc.boolean(), apx: fc.boolean(), ml: fc.option(fc.constantFrom(2, 3, 8, 255), { nil: undefined }) })
  .map(({ asn4, ap4, ap6, ext, internal, apx, ml }) =>
    sessionContext({
      asn4,
      addPath: [...(ap4 ? [{ afi: 1, safi: 1 }] : []), ...(ap6 ? [{ afi: 2, safi: 1 }] : []), ...(apx ? MPLS_FAMILIES : [])],
      extendedMessage: ext,
      peerType: internal ? 'internal' : 'external',
      ...(ml === undefined ? {} : { multipleLabels: LABEL_FAMILIES.map((f) => ({ ...f, count: ml })) }),
    }),
  );

export const arbIPv4: fc.Arbitrary<string> = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => formatIPv4(b, 0));
/** An IPv4 address a NEXT_HOP may hold: not 0/8, 127/8 or 224/3 (RFC 4271 section 6.3 "valid IP host address"). */
export const arbHostIPv4: fc.Arbitrary<string> = fc
  .uint8Array({ minLength: 4, maxLength: 4 })
  .map((b) => formatIPv4(Uint8Array.of(1 + ((b[0] as number) % 222) + ((b[0] as number) % 222 >= 126 ? 1 : 0), b[1] as number, b[2] as number, b[3] as number), 0));
export const arbIPv6: fc.Arbitrary<string> = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => formatIPv6(b, 0));

/** A prefix as the decoder gives it: canonical text, `unmasked` only with non-zero trailing bits. */
export function arbPrefix(size: 4 | 16, addPath: boolean, maxLength: number = size * 8): fc.Arbitrary<Prefix> {
  return fc
    .record({
      bytes: fc.uint8Array({ minLength: size, maxLength: size }),
      length: fc.integer({ min: 0, max: Math.min(maxLength, size * 8) }),
      trailing: fc.boolean(),
      pathId: fc.nat(),
    })
    .map(({ bytes, length, trailing, pathId }) => {
      const n = (length + 7) >> 3;
      const b = bytes.slice();
      for (let i = n; i < size; i++) b[i] = 0;
      if (!trailing && (length & 7) !== 0) b[n - 1] = (b[n - 1] as number) & (0xff << (8 - (length & 7)));
      const prefix = formatPrefix(b, 0, length, size);
      const p: { prefix: string; pathId?: number; unmasked?: string } = { prefix };
      if (addPath) p.pathId = pathId >>> 0;
      if (hasTrailingBits(b, 0, length)) p.unmasked = formatPrefixUnmasked(b, 0, length, size);
      return p;
    });
}

const arbSegment = (width: 2 | 4): fc.Arbitrary<AsPathSegment> =>
  fc.record({
    type: fc.constantFrom('AS_SEQUENCE', 'AS_SET', 'AS_CONFED_SEQUENCE', 'AS_CONFED_SET') as fc.Arbitrary<AsPathSegment['type']>,
    asns: fc.array(width === 4 ? fc.nat({ max: 0xffffffff }) : fc.nat({ max: 0xffff }), { minLength: 1, maxLength: 12 }),
  });

const u16 = fc.nat({ max: 0xffff });
const u32 = fc.nat({ max: 0xffffffff });

const arbExtComm: fc.Arbitrary<ExtendedCommunity> = fc.oneof(
  fc.record({ kind: fc.constantFrom('route-target', 'route-origin') as fc.Arbitrary<'route-target' | 'route-origin'>, t: fc.constantFrom(0x00, 0x40), global: u16, local: u32 }).map(
    ({ kind, t, global, local }) => ({ kind, type: t, subtype: kind === 'route-target' ? 2 : 3, global, local }),
  ),
  fc.record({ kind: fc.constantFrom('route-target', 'route-origin') as fc.Arbitrary<'route-target' | 'route-origin'>, t: fc.constantFrom(0x01, 0x41), global: arbIPv4, local: u16 }).map(
    ({ kind, t, global, local }) => ({ kind, type: t, subtype: kind === 'route-target' ? 2 : 3, global, local }),
  ),
  fc.record({ kind: fc.constantFrom('route-target', 'route-origin') as fc.Arbitrary<'route-target' | 'route-origin'>, t: fc.constantFrom(0x02, 0x42), global: u32, local: u16 }).map(
    ({ kind, t, global, local }) => ({ kind, type: t, subtype: kind === 'route-target' ? 2 : 3, global, local }),
  ),
  fc.record({ asn: u16, bw: fc.integer({ min: 0, max: 1e9 }) }).map(({ asn, bw }) => ({ kind: 'link-bandwidth' as const, type: 0x40, subtype: 4, asn, bandwidth: Math.fround(bw) })),
  u16.map((tunnelType) => ({ kind: 'encapsulation' as const, type: 0x03, subtype: 0x0c, tunnelType })),
  fc.record({ type: fc.constantFrom(0x03, 0x06, 0x80, 0x81, 0x43), subtype: fc.constantFrom(0x00, 0x01, 0x0b, 0x07, 0x08), value: fc.uint8Array({ minLength: 6, maxLength: 6 }) }).map(
    ({ type, subtype, value }) => ({ kind: 'raw' as const, type, subtype, value }),
  ),
);

const UNKNOWN_CODES = [11, 12, 13, 19, 20, 21, 22, 23, 24, 27, 29, 33, 36, 37, 38, 39, 40, 41, 128, 200, 255];

/** A valid UPDATE (canonical attribute order, no duplicates, mandatory attributes present) for a context. */
export function arbUpdate(ctx: SessionContext): fc.Arbitrary<UpdateMessage> {
  const ap4 = ctx.addPath.some((f) => f.afi === 1 && f.safi === 1);
  const ap6 = ctx.addPath.some((f) => f.afi === 2 && f.safi === 1);
  const width = ctx.asn4 ? 4 : 2;
  const internal = ctx.peerType === 'internal';
  return fc
    .record({
      withdrawn: fc.array(arbPrefix(4, ap4), { maxLength: 8 }),
      nlri: fc.array(arbPrefix(4, ap4), { maxLength: 8 }),
      mp: fc.option(
        fc.oneof(
          fc.record({ afi: fc.constant(2), safi: fc.constant(1), nh: fc.array(arbIPv6, { minLength: 1, maxLength: 2 }), nlri: fc.array(arbPrefix(16, ap6), { maxLength: 6 }), reserved: fc.constantFrom(0, 0, 7) }),
          fc.record({ afi: fc.constant(2), safi: fc.constant(2), nh: fc.array(arbIPv6, { minLength: 1, maxLength: 2 }), nlri: fc.array(arbPrefix(16, false), { maxLength: 6 }), reserved: fc.constant(0) }),
          fc.record({ afi: fc.constant(1), safi: fc.constant(2), nh: fc.array(arbIPv4, { minLength: 1, maxLength: 1 }), nlri: fc.array(arbPrefix(4, false), { maxLength: 6 }), reserved: fc.constant(0) }),
        ),
        { nil: undefined },
      ),
      mpu: fc.option(fc.record({ afi: fc.constant(2), safi: fc.constant(1), withdrawn: fc.array(arbPrefix(16, ap6), { maxLength: 6 }) }), { nil: undefined }),
      // Families without an NLRI codec (src/nlri/registry.ts) stay bytes.
      mpRaw: fc.option(fc.record({ afi: fc.constantFrom(1, 2, 25), safi: fc.constantFrom(5, 70, 133, 134), nh: fc.uint8Array({ maxLength: 24 }), nlri: fc.uint8Array({ maxLength: 40 }) }), { nil: undefined }),
      // Labeled unicast, VPN and RT-Constraint (issue 21), typed.
      mpls: fc.option(arbMplsReach(ctx), { nil: undefined }),
      mplsu: fc.option(arbMplsUnreach(ctx), { nil: undefined }),
      origin: fc.constantFrom('IGP', 'EGP', 'INCOMPLETE') as fc.Arbitrary<'IGP' | 'EGP' | 'INCOMPLETE'>,
      segments: fc.array(arbSegment(width), { maxLength: 4 }),
      nextHop: arbHostIPv4,
      med: fc.option(u32, { nil: undefined }),
      localPref: fc.option(u32, { nil: undefined }),
      atomic: fc.boolean(),
      aggregator: fc.option(fc.record({ asn: width === 4 ? u32 : u16, address: arbIPv4 }), { nil: undefined }),
      communities: fc.option(fc.array(fc.tuple(u16, u16).map(([a, b]) => `${a}:${b}`), { minLength: 1, maxLength: 80 }), { nil: undefined }),
      originatorId: fc.option(arbIPv4, { nil: undefined }),
      clusterIds: fc.option(fc.array(arbIPv4, { minLength: 1, maxLength: 4 }), { nil: undefined }),
      ext: fc.option(fc.array(arbExtComm, { minLength: 1, maxLength: 6 }), { nil: undefined }),
      as4path: fc.option(fc.array(arbSegment(4).filter((s) => s.type === 'AS_SEQUENCE' || s.type === 'AS_SET'), { minLength: 1, maxLength: 2 }), { nil: undefined }),
      as4agg: fc.option(fc.record({ asn: u32, address: arbIPv4 }), { nil: undefined }),
      v6ext: fc.option(fc.array(fc.record({ kind: fc.constantFrom('route-target', 'route-origin') as fc.Arbitrary<'route-target' | 'route-origin'>, global: arbIPv6, local: u16 }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
      aigp: fc.option(fc.bigInt({ min: 0n, max: 0xfffffffffffffffen }), { nil: undefined }),
      large: fc.option(fc.array(fc.tuple(u32, u32, u32).map(([a, b, c]) => `${a}:${b}:${c}`), { minLength: 1, maxLength: 5 }), { nil: undefined }),
      otc: fc.option(u32, { nil: undefined }),
      unknown: fc.option(
        fc.record({ code: fc.constantFrom(...UNKNOWN_CODES), flags: fc.constantFrom(0x80, 0xc0, 0xe0, 0xd0, 0xf0, 0x90, 0xc7), value: fc.uint8Array({ maxLength: 300 }) }),
        { nil: undefined },
      ),
    })
    .map((v) => {
      const attrs: PathAttribute[] = [];
      if (v.mp !== undefined) {
        const mp: { -readonly [K in keyof Extract<PathAttribute, { type: 'MP_REACH_NLRI' }>]: Extract<PathAttribute, { type: 'MP_REACH_NLRI' }>[K] } = {
          type: 'MP_REACH_NLRI',
          afi: v.mp.afi,
          safi: v.mp.safi,
          nextHop: v.mp.nh,
          nlri: v.mp.nlri,
        };
        if (v.mp.reserved !== 0) mp.reserved = v.mp.reserved;
        attrs.push(mp);
      } else if (v.mpls !== undefined) {
        attrs.push(v.mpls);
      } else if (v.mpRaw !== undefined) {
        attrs.push({ type: 'MP_REACH_NLRI', afi: v.mpRaw.afi, safi: v.mpRaw.safi, nextHopBytes: v.mpRaw.nh, nlriBytes: v.mpRaw.nlri });
      }
      if (v.mpu !== undefined) attrs.push({ type: 'MP_UNREACH_NLRI', afi: v.mpu.afi, safi: v.mpu.safi, withdrawn: v.mpu.withdrawn });
      else if (v.mplsu !== undefined) attrs.push(v.mplsu);
      attrs.push({ type: 'ORIGIN', origin: v.origin });
      attrs.push({ type: 'AS_PATH', segments: v.segments });
      attrs.push({ type: 'NEXT_HOP', nextHop: v.nextHop });
      if (v.med !== undefined) attrs.push({ type: 'MULTI_EXIT_DISC', med: v.med });
      if (v.localPref !== undefined && internal) attrs.push({ type: 'LOCAL_PREF', localPref: v.localPref });
      if (v.atomic) attrs.push({ type: 'ATOMIC_AGGREGATE' });
      if (v.aggregator !== undefined) attrs.push({ type: 'AGGREGATOR', ...v.aggregator });
      if (v.communities !== undefined) attrs.push({ type: 'COMMUNITIES', communities: v.communities });
      if (v.originatorId !== undefined && internal) attrs.push({ type: 'ORIGINATOR_ID', originatorId: v.originatorId });
      if (v.clusterIds !== undefined && internal) attrs.push({ type: 'CLUSTER_LIST', clusterIds: v.clusterIds });
      if (v.ext !== undefined) attrs.push({ type: 'EXTENDED_COMMUNITIES', communities: v.ext });
      if (v.as4path !== undefined) attrs.push({ type: 'AS4_PATH', segments: v.as4path });
      if (v.as4agg !== undefined) attrs.push({ type: 'AS4_AGGREGATOR', ...v.as4agg });
      if (v.v6ext !== undefined) {
        attrs.push({ type: 'IPV6_EXTENDED_COMMUNITIES', communities: v.v6ext.map((c) => ({ ...c, type: 0, subtype: c.kind === 'route-target' ? 2 : 3 })) });
      }
      if (v.aigp !== undefined) attrs.push({ type: 'AIGP', tlvs: [{ tlvType: 1, metric: v.aigp }] });
      if (v.large !== undefined) attrs.push({ type: 'LARGE_COMMUNITY', communities: v.large });
      if (v.otc !== undefined) attrs.push({ type: 'OTC', asn: v.otc });
      if (v.unknown !== undefined) {
        const len = v.unknown.value.length;
        const flags = len > 255 ? v.unknown.flags | 0x10 : v.unknown.flags;
        attrs.push({ type: 'raw', code: v.unknown.code, flags, value: v.unknown.value });
        attrs.sort((a, b) => rank(a) - rank(b));
      }
      return { type: 'UPDATE' as const, withdrawn: v.withdrawn, attributes: attrs, nlri: v.nlri };
    });
}

function rank(a: PathAttribute): number {
  const code = a.type === 'raw' ? a.code : CODES[a.type];
  return code === 14 ? -2 : code === 15 ? -1 : (code ?? 0);
}

const CODES: Record<string, number> = {
  ORIGIN: 1, AS_PATH: 2, NEXT_HOP: 3, MULTI_EXIT_DISC: 4, LOCAL_PREF: 5, ATOMIC_AGGREGATE: 6, AGGREGATOR: 7, COMMUNITIES: 8,
  ORIGINATOR_ID: 9, CLUSTER_LIST: 10, MP_REACH_NLRI: 14, MP_UNREACH_NLRI: 15, EXTENDED_COMMUNITIES: 16, AS4_PATH: 17,
  AS4_AGGREGATOR: 18, IPV6_EXTENDED_COMMUNITIES: 25, AIGP: 26, LARGE_COMMUNITY: 32, OTC: 35,
};

/** A context together with a valid UPDATE for it. */
export const arbContextAndUpdate: fc.Arbitrary<{ ctx: SessionContext; update: UpdateMessage }> = arbContext.chain((ctx) => arbUpdate(ctx).map((update) => ({ ctx, update })));
