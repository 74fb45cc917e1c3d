import fc from 'fast-check';
import { capabilityCodecs } from '../../src/capabilities/registry.ts';
import type { Capability } from '../../src/capabilities/types.ts';
import { hardReset, notification, shutdownNotification } from '../../src/messages/notification.ts';
import type {
  AddressPrefixOrfEntry,
  KeepaliveMessage,
  NotificationMessage,
  OpenMessage,
  OrfList,
  RouteRefreshMessage,
} from '../../src/messages/types.ts';
import { formatIPv4, formatPrefix } from '../../src/wire/ip.ts';
import { encodeUtf8 } from '../../src/wire/text.ts';

// Arbitraries build values as the decoder gives them (canonical: optional fields only where
// the decoder sets them), so that decode(encode(v)) deep-equals v.

const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const nonZero = (max: number): fc.Arbitrary<number> => fc.integer({ min: 1, max });
/** An optional field present only with a non-zero value. */
function optional<K extends string>(key: K, arb: fc.Arbitrary<number>): fc.Arbitrary<{ [P in K]?: number }> {
  return fc.option(arb, { nil: undefined }).map((v) => (v === undefined ? {} : ({ [key]: v } as { [P in K]?: number })));
}

const text = (maxBytes: number): fc.Arbitrary<string> =>
  fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => encodeUtf8(s).length <= maxBytes);

export const arbMultiprotocol: fc.Arbitrary<Capability> = fc
  .tuple(u16, u8, optional('reserved', nonZero(0xff)))
  .map(([afi, safi, r]) => ({ type: 'multiprotocol', afi, safi, ...r }));

const arbOrfMode = fc.oneof(fc.constantFrom('receive', 'send', 'both' as const), fc.constantFrom(0, 4, 0x80, 0xff));
export const arbOrfCapability: fc.Arbitrary<Capability> = fc
  .tuple(
    fc.boolean(),
    fc.array(
      fc.tuple(u16, u8, optional('reserved', nonZero(0xff)), fc.array(fc.record({ orfType: u8, mode: arbOrfMode }), { maxLength: 4 })),
      { maxLength: 3 },
    ),
  )
  .map(([cisco, fams]) => {
    const families = fams.map(([afi, safi, r, orfs]) => ({ afi, safi, ...r, orfs }));
    return cisco ? { type: 'orf', code: 130, families } : { type: 'orf', families };
  });

export const arbGracefulRestart: fc.Arbitrary<Capability> = fc
  .tuple(
    fc.boolean(),
    fc.boolean(),
    optional('reservedFlags', nonZero(3)),
    fc.integer({ min: 0, max: 0xfff }),
    fc.array(fc.tuple(u16, u8, fc.boolean(), optional('reservedFlags', nonZero(0x7f))), { maxLength: 6 }),
  )
  .map(([restarting, n, rf, restartTime, fams]) => ({
    type: 'graceful-restart',
    restarting,
    notification: n,
    ...rf,
    restartTime,
    families: fams.map(([afi, safi, forwarding, f]) => ({ afi, safi, forwarding, ...f })),
  }));

export const arbAddPath: fc.Arbitrary<Capability> = fc
  .array(
    fc.tuple(
      u16,
      u8,
      fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, 4, 7, 0xff)),
    ),
    { maxLength: 5 },
  )
  .map((fams) => ({
    type: 'add-path',
    families: fams.map(([afi, safi, mode]) => {
      const f = { afi, safi, send: (mode & 2) !== 0, receive: (mode & 1) !== 0 };
      return mode >= 1 && mode <= 3 ? f : { ...f, mode };
    }),
  }));

export const arbLlgr: fc.Arbitrary<Capability> = fc
  .array(fc.tuple(u16, u8, fc.boolean(), optional('reservedFlags', nonZero(0x7f)), fc.integer({ min: 0, max: 0xffffff })), { maxLength: 4 })
  .map((fams) => ({
    type: 'llgr',
    families: fams.map(([afi, safi, forwarding, f, staleTime]) => ({ afi, safi, forwarding, ...f, staleTime })),
  }));

/** Capability codes with no typed codec (stay raw). */
const unknownCode = u8.filter((c) => !capabilityCodecs.has(c));

/** Any capability, canonical. */
export const arbCapability: fc.Arbitrary<Capability> = fc.oneof(
  arbMultiprotocol,
  fc.constantFrom<Capability>(
    { type: 'route-refresh' },
    { type: 'route-refresh-cisco' },
    { type: 'extended-message' },
    { type: 'enhanced-route-refresh' },
  ),
  arbOrfCapability,
  fc.array(fc.record({ afi: u16, safi: u16, nextHopAfi: u16 }), { maxLength: 4 }).map((families): Capability => ({ type: 'extended-next-hop', families })),
  u8.map((role): Capability => ({ type: 'role', role })),
  arbGracefulRestart,
  u32.map((asn): Capability => ({ type: 'as4', asn })),
  arbAddPath,
  arbLlgr,
  fc
    .tuple(text(120), text(120))
    .map(([hostname, domain]): Capability => ({ type: 'fqdn', hostname, domain })),
  text(200).map((version): Capability => ({ type: 'software-version', version })),
  fc.tuple(unknownCode, fc.uint8Array({ maxLength: 40 })).map(([code, value]): Capability => ({ type: 'raw', code, value })),
);

export const arbBgpId: fc.Arbitrary<string> = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => formatIPv4(b, 0));

/** Non-capability optional parameters (any type but 2). */
const arbParameters = fc.array(
  fc.record({ code: u8.filter((c) => c !== 2), value: fc.uint8Array({ maxLength: 24 }) }),
  { maxLength: 3 },
);

/** An OPEN built from values (no `wire`): canonical layout, extended length only when needed. */
export const arbOpen: fc.Arbitrary<OpenMessage> = fc
  .record({
    version: fc.oneof(fc.constant(4), u8),
    myAs: u16,
    holdTime: u16,
    bgpId: arbBgpId,
    capabilities: fc.array(arbCapability, { maxLength: 14 }),
    parameters: arbParameters,
  })
  .map(({ parameters, ...m }) => ({ type: 'OPEN', ...m, ...(parameters.length === 0 ? {} : { parameters }) }) as OpenMessage);

/** An OPEN with an arbitrary wire layout (several Capabilities parameters, forced extended length). */
export const arbOpenWithWire: fc.Arbitrary<OpenMessage> = fc
  .tuple(arbOpen, fc.array(fc.nat({ max: 3 }), { maxLength: 20 }), fc.option(fc.boolean(), { nil: undefined }), fc.integer({ min: 1, max: 255 }))
  .map(([m, splits, ext, nonExt]) => {
    // Split the capabilities into runs (zero-length runs are empty Capabilities parameters),
    // then interleave the raw parameters.
    const layout: number[] = [];
    let left = m.capabilities.length;
    for (const s of splits) {
      if (left === 0 && s !== 0) break;
      const n = Math.min(s, left);
      layout.push(n);
      left -= n;
    }
    if (left > 0) layout.push(left);
    const params = m.parameters?.length ?? 0;
    for (let i = 0; i < params; i++) layout.splice(Math.min(layout.length, (splits[i] ?? 0) * 2), 0, -1);
    const wire = { layout, ...(ext === undefined ? {} : { extendedLength: ext }), ...(ext === true ? { nonExtendedLength: nonExt } : {}) };
    return { ...m, wire };
  })
  .filter((m) => !(m.wire.extendedLength === false && m.wire.layout[0] === -1 && m.parameters?.[0]?.code === 255));

export const arbKeepalive: fc.Arbitrary<KeepaliveMessage> = fc.constant({ type: 'KEEPALIVE' });

/** NOTIFICATIONs with details as the decoder adds them. */
export const arbNotification: fc.Arbitrary<NotificationMessage> = fc.oneof(
  fc.tuple(u8, u8, fc.uint8Array({ maxLength: 64 })).map(([code, subcode, data]) => notification(code, subcode, data)),
  fc.tuple(fc.constantFrom(1, 2, 4, 9), fc.uint8Array({ maxLength: 16 })).map(([subcode, data]) => notification(6, subcode, data)),
  fc.tuple(text(255), fc.constantFrom(2 as const, 4 as const)).map(([t, s]) => shutdownNotification(t, s)),
  fc.tuple(u8, u8, fc.uint8Array({ maxLength: 16 })).map(([code, subcode, data]) => hardReset({ code, subcode, data })),
  fc.tuple(text(255), fc.constantFrom(2 as const, 4 as const)).map(([t, s]) => hardReset(shutdownNotification(t, s))),
);

function arbEntry(size: 4 | 16): fc.Arbitrary<AddressPrefixOrfEntry> {
  return fc.oneof(
    fc.integer({ min: 0, max: 1 }).map((match): AddressPrefixOrfEntry => ({ action: 2, match })),
    fc
      .tuple(
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 0, max: 1 }),
        u32,
        u8,
        u8,
        fc.uint8Array({ minLength: size, maxLength: size }),
        fc.integer({ min: 0, max: size * 8 }),
      )
      .map(([action, match, sequence, minLength, maxLength, bytes, length]) => ({
        action,
        match,
        sequence,
        minLength,
        maxLength,
        prefix: formatPrefix(bytes, 0, length, size),
      })),
  );
}

function arbOrfList(afi: number): fc.Arbitrary<OrfList> {
  const raw = fc.record({ orfType: u8.filter((t) => t !== 64 || (afi !== 1 && afi !== 2)), raw: fc.uint8Array({ maxLength: 24 }) });
  if (afi !== 1 && afi !== 2) return raw;
  return fc.oneof(raw, fc.array(arbEntry(afi === 1 ? 4 : 16), { maxLength: 5 }).map((entries): OrfList => ({ orfType: 64, entries })));
}

/** ROUTE-REFRESH: plain, with ORF entries (subtype 0), or with trailing bytes (other subtypes). */
export const arbRouteRefresh: fc.Arbitrary<RouteRefreshMessage> = fc.oneof(
  fc.record({ afi: u16, safi: u8, subtype: u8 }).map((m): RouteRefreshMessage => ({ type: 'ROUTE-REFRESH', ...m })),
  fc
    .tuple(fc.oneof(fc.constantFrom(1, 2), u16), u8, u8)
    .chain(([afi, safi, when]) =>
      fc.array(arbOrfList(afi), { maxLength: 3 }).map((orfs): RouteRefreshMessage => ({ type: 'ROUTE-REFRESH', afi, safi, subtype: 0, orf: { whenToRefresh: when, orfs } })),
    ),
  fc
    .tuple(u16, u8, u8.filter((s) => s !== 0), fc.uint8Array({ minLength: 1, maxLength: 32 }))
    .map(([afi, safi, subtype, trailing]): RouteRefreshMessage => ({ type: 'ROUTE-REFRESH', afi, safi, subtype, trailing })),
);
