import { hasAddPath, type SessionContext } from '../context/session-context.ts';
import type { NlriCodec, NlriContext } from './codec.ts';
import { checkBoolean, checkContext, checkNumber, checkString } from '../wire/args.ts';
import { ipv4LabeledUnicast, ipv6LabeledUnicast } from './labeled-unicast.ts';
import { rtConstraint } from './rt-constraint.ts';
import type { Nlri } from './types.ts';
import { ipv4Multicast, ipv4Unicast, ipv6Multicast, ipv6Unicast } from './unicast.ts';
import { vpnIpv4, vpnIpv4Multicast, vpnIpv6, vpnIpv6Multicast } from './vpn.ts';

// Families without a codec here keep their NLRI as bytes (`nlriBytes`, `withdrawnBytes`) and
// re-encode byte for byte. EVPN, MVPN, FlowSpec and BGP-LS are added as files of their own.

type AnyCodec = NlriCodec<Nlri>;

const all: readonly AnyCodec[] = [
  ipv4Unicast,
  ipv6Unicast,
  ipv4Multicast,
  ipv6Multicast,
  ipv4LabeledUnicast,
  ipv6LabeledUnicast,
  vpnIpv4,
  vpnIpv6,
  vpnIpv4Multicast,
  vpnIpv6Multicast,
  rtConstraint,
] as unknown as readonly AnyCodec[];

// Performance: by AFI * 256 + SAFI (AFIs in use are small; the Map takes any).
const codecs: ReadonlyMap<number, AnyCodec> = new Map(all.map((c) => [c.afi * 256 + c.safi, c]));

/** Every registered NLRI codec (RFC 4760 section 5), one per AFI/SAFI. */
export const nlriCodecs: readonly AnyCodec[] = all;

/** The NLRI codec of `afi`/`safi`, or undefined for a family kept as bytes. */
export function nlriCodec(afi: number, safi: number): AnyCodec | undefined {
  checkNumber(afi, 'nlriCodec', 'afi');
  checkNumber(safi, 'nlriCodec', 'safi');
  return codecs.get(afi * 256 + safi);
}

/** The NLRI codec of a family name (`ipv4-labeled-unicast`, `l3vpn-ipv6-unicast`, `rtc` ...), or undefined. */
export function nlriCodecByName(name: string): AnyCodec | undefined {
  checkString(name, 'nlriCodecByName', 'name');
  for (const c of all) if (c.name === name) return c;
  return undefined;
}

/** The RFC 8277 label Count of a family in `ctx`: 0 unless the Multiple Labels capability was exchanged for it. */
export function labelCount(ctx: SessionContext, afi: number, safi: number): number {
  checkContext(ctx, 'labelCount', 'ctx');
  const list = ctx.multipleLabels;
  if (list === undefined) return 0;
  for (const f of list) if (f.afi === afi && f.safi === safi) return f.count;
  return 0;
}

/** What the NLRI of `afi`/`safi` need of `ctx`, for MP_REACH_NLRI (`withdrawal` false) or MP_UNREACH_NLRI. */
export function nlriContext(ctx: SessionContext, afi: number, safi: number, withdrawal: boolean): NlriContext {
  checkContext(ctx, 'nlriContext', 'ctx');
  checkBoolean(withdrawal, 'nlriContext', 'withdrawal');
  return { addPath: hasAddPath(ctx, afi, safi), labels: labelCount(ctx, afi, safi), withdrawal };
}
