/** The facts (facts.ts) of a message as bgpwire decodes it. */
import type { PathAttribute, Prefix } from '../../src/attributes/types.ts';
import { attributeCode } from '../../src/attributes/registry.ts';
import { capabilityCode } from '../../src/capabilities/registry.ts';
import type { Capability } from '../../src/capabilities/types.ts';
import type { BgpMessage } from '../../src/messages/types.ts';
import type { LabeledPrefix, VpnPrefix } from '../../src/nlri/types.ts';
import { add, facts, type Facts, isComparedFamily, isLabeledFamily } from './facts.ts';
import { ourLabeledFact } from './labeled-facts.ts';

const ORIGIN_CODE = { IGP: 0, EGP: 1, INCOMPLETE: 2 } as const;

const SEGMENT_CODE = { AS_SET: 1, AS_SEQUENCE: 2, AS_CONFED_SEQUENCE: 3, AS_CONFED_SET: 4 } as const;

function ourPrefix(p: Prefix, family: string): string {
  // tshark prints the address bytes as received, so compare with the unmasked form where kept.
  const text = p.unmasked ?? p.prefix;
  return `${family}${text}${p.pathId === undefined ? '' : `#${p.pathId}`}`;
}

function ourAttribute(f: Facts, a: PathAttribute): void {
  add(f, 'attribute', String(attributeCode(a)));
  switch (a.type) {
    case 'AS_PATH':
    case 'AS4_PATH':
      add(f, a.type === 'AS_PATH' ? 'as_path' : 'as4_path', a.segments.map((s) => `${SEGMENT_CODE[s.type]}:[${s.asns.join(' ')}]`).join(' '));
      break;
    case 'NEXT_HOP':
      add(f, 'next_hop', a.nextHop);
      break;
    case 'ORIGIN':
      add(f, 'origin', String(ORIGIN_CODE[a.origin]));
      break;
    case 'MULTI_EXIT_DISC':
      add(f, 'med', String(a.med));
      break;
    case 'EXTENDED_COMMUNITIES':
      for (const c of a.communities) {
        add(f, 'ext_community', c.kind === 'route-target' || c.kind === 'route-origin' ? `${c.type}:${c.subtype}:${c.global}:${c.local}` : `${c.type}:${c.subtype}:other`);
      }
      break;
    case 'LOCAL_PREF':
      add(f, 'local_pref', String(a.localPref));
      break;
    case 'COMMUNITIES':
      for (const c of a.communities) add(f, 'community', c);
      break;
    case 'LARGE_COMMUNITY':
      for (const c of a.communities) add(f, 'large_community', c);
      break;
    case 'MP_REACH_NLRI':
      if (isLabeledFamily(a.afi, a.safi) && a.nlri !== undefined) {
        for (const nh of a.nextHop ?? []) add(f, 'mp_next_hop', nh);
        for (const p of a.nlri) add(f, 'labeled_nlri', ourLabeledFact(a.afi, a.safi, p as LabeledPrefix | VpnPrefix, false));
        break;
      }
      if (!isComparedFamily(a.afi, a.safi)) {
        f.skipped += a.nlri?.length ?? 0;
        break;
      }
      for (const nh of a.nextHop ?? []) add(f, 'mp_next_hop', nh);
      for (const p of (a.nlri ?? []) as Prefix[]) add(f, 'mp_reach_nlri', ourPrefix(p, `${a.afi}/${a.safi} `));
      break;
    case 'MP_UNREACH_NLRI':
      if (isLabeledFamily(a.afi, a.safi) && a.withdrawn !== undefined) {
        for (const p of a.withdrawn) add(f, 'labeled_withdrawn', ourLabeledFact(a.afi, a.safi, p as LabeledPrefix | VpnPrefix, true));
        break;
      }
      if (!isComparedFamily(a.afi, a.safi)) {
        f.skipped += a.withdrawn?.length ?? 0;
        break;
      }
      for (const p of (a.withdrawn ?? []) as Prefix[]) add(f, 'mp_unreach_nlri', ourPrefix(p, `${a.afi}/${a.safi} `));
      break;
    case 'raw':
      // A typed attribute kept raw is malformed (RFC 7606): its values are missing on our side.
      break;
    default:
      break;
  }
}

function ourCapability(f: Facts, c: Capability): void {
  const code = capabilityCode(c);
  let detail = '';
  if (c.type === 'multiprotocol') detail = ` ${c.afi}/${c.safi}`;
  else if (c.type === 'as4') detail = ` ${c.asn}`;
  else if (c.type === 'add-path') detail = c.families.map((x) => ` ${x.afi}/${x.safi}/${x.mode ?? (x.send ? 2 : 0) + (x.receive ? 1 : 0)}`).join('');
  else if (c.type === 'graceful-restart') {
    detail = ` R=${c.restarting ? 1 : 0} N=${c.notification ? 1 : 0} t=${c.restartTime}`;
    detail += c.families.map((x) => ` ${x.afi}/${x.safi}/F=${x.forwarding ? 1 : 0}`).join('');
  }
  add(f, 'capability', `${code}${detail}`);
}

const TYPE_CODE = { OPEN: 1, UPDATE: 2, NOTIFICATION: 3, KEEPALIVE: 4, 'ROUTE-REFRESH': 5 } as const;

/** The facts of one message as we decode it. */
export function ourFacts(m: BgpMessage): Facts {
  const f = facts(TYPE_CODE[m.type]);
  switch (m.type) {
    case 'OPEN':
      add(f, 'open', `as=${m.myAs} hold=${m.holdTime} id=${m.bgpId}`);
      for (const c of m.capabilities) ourCapability(f, c);
      break;
    case 'UPDATE':
      for (const p of m.withdrawn) add(f, 'withdrawn', ourPrefix(p, ''));
      for (const a of m.attributes) ourAttribute(f, a);
      for (const p of m.nlri) add(f, 'nlri', ourPrefix(p, ''));
      break;
    case 'NOTIFICATION':
      add(f, 'notification', `${m.code}/${m.subcode}`);
      if (m.details?.kind === 'shutdown' && m.details.communication.length > 0) add(f, 'shutdown', m.details.communication);
      break;
    case 'ROUTE-REFRESH':
      add(f, 'route_refresh', `${m.afi}/${m.safi}/${m.subtype}`);
      break;
    default:
      break;
  }
  return f;
}
