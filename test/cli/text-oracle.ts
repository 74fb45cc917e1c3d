// The oracle of test/cli/text-writer-format.test.ts: the default text format's message text as
// it was built from strings before issue 19 wrote it piece by piece into a TextWriter
// (src/cli/format-text.ts at 1e224f3, unchanged but for its names and import paths). The
// writer-based text must equal it for every message, hostile ones included.

import { nlriText } from '../../src/nlri/text.ts';
import { formatExtendedCommunity } from '../../src/attributes/extended-communities.ts';
import { communityName } from '../../src/attributes/helpers.ts';
import { endOfRib } from '../../src/attributes/helpers.ts';
import type { PathAttribute, Prefix, UpdateMessage } from '../../src/attributes/types.ts';
import { capabilityName, errorCodeName, errorSubcodeName, familyName, roleName } from '../../src/iana.ts';
import type { Capability } from '../../src/capabilities/types.ts';
import type { BgpMessage } from '../../src/messages/types.ts';
import { toHex } from '../../src/wire/hex.ts';

/** One-line text of a prefix, with its ADD-PATH id as bgpctl writes it. */
function prefixText(p: Prefix): string {
  return p.pathId === undefined ? p.prefix : `${p.prefix} path-id ${p.pathId}`;
}

function capText(c: Capability): string {
  switch (c.type) {
    case 'multiprotocol':
      return `mp ${familyName(c.afi, c.safi)}`;
    case 'as4':
      return `as4 ${c.asn}`;
    case 'add-path':
      return `add-path ${c.families.map((f) => `${familyName(f.afi, f.safi)}:${f.send && f.receive ? 'both' : f.send ? 'send' : f.receive ? 'receive' : 'none'}`).join(',')}`;
    case 'graceful-restart':
      return `graceful-restart time ${c.restartTime}${c.restarting ? ' R' : ''}${c.notification ? ' N' : ''}${c.families.length > 0 ? ` ${c.families.map((f) => familyName(f.afi, f.safi) + (f.forwarding ? ':F' : '')).join(',')}` : ''}`;
    case 'role':
      return `role ${roleName(c.role)}`;
    case 'fqdn':
      return `fqdn ${c.hostname}${c.domain === '' ? '' : `.${c.domain}`}`;
    case 'software-version':
      return `software-version ${JSON.stringify(c.version)}`;
    case 'multiple-labels':
      return `multiple-labels ${c.families.map((f) => `${familyName(f.afi, f.safi)}:${f.count}`).join(',')}`;
    case 'raw':
      return `${capabilityName(c.code)}(${c.code})${c.value.length > 0 ? ` 0x${toHex(c.value)}` : ''}`;
    default:
      return c.type;
  }
}

/** Text of a path attribute as bgpctl / Wireshark summaries write it. */
export function oracleAttributeText(a: PathAttribute): string {
  switch (a.type) {
    case 'ORIGIN':
      return `origin ${a.origin}`;
    case 'AS_PATH':
    case 'AS4_PATH':
      return `${a.type === 'AS_PATH' ? 'as-path' : 'as4-path'} ${
        a.segments
          .map((s) =>
            s.type === 'AS_SEQUENCE' ? s.asns.join(' ') : s.type === 'AS_SET' ? `{${s.asns.join(' ')}}` : s.type === 'AS_CONFED_SEQUENCE' ? `(${s.asns.join(' ')})` : `[${s.asns.join(' ')}]`,
          )
          .join(' ') || '(empty)'
      }`;
    case 'NEXT_HOP':
      return `next-hop ${a.nextHop}`;
    case 'MULTI_EXIT_DISC':
      return `med ${a.med}`;
    case 'LOCAL_PREF':
      return `local-pref ${a.localPref}`;
    case 'ATOMIC_AGGREGATE':
      return 'atomic-aggregate';
    case 'AGGREGATOR':
    case 'AS4_AGGREGATOR':
      return `${a.type === 'AGGREGATOR' ? 'aggregator' : 'as4-aggregator'} ${a.asn} ${a.address}`;
    case 'COMMUNITIES':
      return `communities ${a.communities.map((c) => communityName(c) ?? c).join(' ')}`;
    case 'ORIGINATOR_ID':
      return `originator-id ${a.originatorId}`;
    case 'CLUSTER_LIST':
      return `cluster-list ${a.clusterIds.join(' ')}`;
    case 'MP_REACH_NLRI':
      return `mp-reach ${familyName(a.afi, a.safi)} next-hop ${a.nextHop?.join(' ') ?? `0x${toHex(a.nextHopBytes ?? new Uint8Array())}`} nlri ${
        a.nlri !== undefined ? a.nlri.map((n) => nlriText(a.afi, a.safi, n)).join(', ') || '(none)' : `0x${toHex(a.nlriBytes ?? new Uint8Array())}`
      }`;
    case 'MP_UNREACH_NLRI':
      return `mp-unreach ${familyName(a.afi, a.safi)} ${a.withdrawn !== undefined ? a.withdrawn.map((n) => nlriText(a.afi, a.safi, n)).join(', ') || '(none)' : `0x${toHex(a.withdrawnBytes ?? new Uint8Array())}`}`;
    case 'EXTENDED_COMMUNITIES':
      return `ext-communities ${a.communities.map(formatExtendedCommunity).join(' ')}`;
    case 'IPV6_EXTENDED_COMMUNITIES':
      return `ipv6-ext-communities ${a.communities.map((c) => (c.kind === 'raw' ? `0x${c.type.toString(16)}:0x${c.subtype.toString(16)}:0x${toHex(c.value)}` : `${c.kind === 'route-target' ? 'rt' : 'soo'} ${c.global}:${c.local}`)).join(' ')}`;
    case 'AIGP':
      return `aigp ${a.tlvs.map((t) => ('metric' in t ? String(t.metric) : `tlv${t.tlvType}`)).join(' ')}`;
    case 'LARGE_COMMUNITY':
      return `large-communities ${a.communities.join(' ')}`;
    case 'OTC':
      return `otc ${a.asn}`;
    case 'raw':
      return `attr-${a.code} flags 0x${a.flags.toString(16)} 0x${toHex(a.value)}`;
  }
}

function updateText(m: UpdateMessage): string {
  const eor = endOfRib(m);
  if (eor !== undefined) return `End-of-RIB ${familyName(eor.afi, eor.safi)}`;
  const parts: string[] = [];
  if (m.withdrawn.length > 0) parts.push(`withdrawn ${m.withdrawn.map(prefixText).join(' ')}`);
  for (const a of m.attributes) parts.push(oracleAttributeText(a));
  if (m.nlri.length > 0) parts.push(`nlri ${m.nlri.map(prefixText).join(' ')}`);
  if (m.issues !== undefined) parts.push(`issues ${m.action}: ${m.issues.map((i) => `${i.reason} (${i.code}/${i.subcode} ${i.action})`).join('; ')}`);
  return parts.join(', ');
}

/** The summary of a message after its type, like Wireshark's info column or bgpctl's log lines. */
export function oracleMessageText(m: BgpMessage): string {
  switch (m.type) {
    case 'OPEN':
      return `version ${m.version} as ${m.myAs} hold ${m.holdTime} id ${m.bgpId}${m.capabilities.length > 0 ? ` caps ${m.capabilities.map(capText).join(', ')}` : ''}`;
    case 'UPDATE':
      return updateText(m);
    case 'NOTIFICATION': {
      let s = `${m.code}/${m.subcode} ${errorCodeName(m.code)} / ${errorSubcodeName(m.code, m.subcode)}`;
      const d = m.details;
      if (d?.kind === 'shutdown') s += ` communication ${JSON.stringify(d.communication)}${d.valid ? '' : ' (invalid)'}`;
      else if (d?.kind === 'max-prefix') s += ` ${familyName(d.afi, d.safi)} limit ${d.limit}`;
      else if (d?.kind === 'hard-reset') s += ` wrapping ${d.code}/${d.subcode} ${errorCodeName(d.code)} / ${errorSubcodeName(d.code, d.subcode)}`;
      else if (m.data.length > 0) s += ` data 0x${toHex(m.data)}`;
      return s;
    }
    case 'KEEPALIVE':
      return '';
    case 'ROUTE-REFRESH':
      return `${familyName(m.afi, m.safi)} ${['request', 'BoRR', 'EoRR'][m.subtype] ?? `subtype ${m.subtype}`}${m.orf !== undefined ? ` orf ${m.orf.orfs.length} type(s)` : ''}`;
  }
}
