import { nlriText } from '../nlri/text.ts';
import { formatExtendedCommunity } from '../attributes/extended-communities.ts';
import { communityName } from '../attributes/helpers.ts';
import { endOfRib } from '../attributes/helpers.ts';
import type { AsPathSegment, PathAttribute, Prefix, UpdateMessage } from '../attributes/types.ts';
import { capabilityName, errorCodeName, errorSubcodeName, familyName, roleName } from '../iana.ts';
import type { Capability } from '../capabilities/types.ts';
import type { BgpMessage } from '../messages/types.ts';
import { toHex } from '../wire/hex.ts';
import { TextWriter } from '../wire/text-writer.ts';

// The writer behind the string-returning functions (messageText, attributeText).
const scratch = new TextWriter(1 << 12);
const decoder = new TextDecoder();

function scratchText(): string {
  return decoder.decode(scratch.bytes.subarray(0, scratch.pos));
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

// AS_SEQUENCE `1 2`, AS_SET `{1 2}`, AS_CONFED_SEQUENCE `(1 2)`, AS_CONFED_SET `[1 2]`, segments
// separated by a space; `(empty)` when that is no text at all.
function writeSegments(w: TextWriter, segments: readonly AsPathSegment[]): void {
  const start = w.pos;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i] as AsPathSegment;
    if (i > 0) w.byte(32);
    const open = s.type === 'AS_SEQUENCE' ? 0 : s.type === 'AS_SET' ? 123 : s.type === 'AS_CONFED_SEQUENCE' ? 40 : 91;
    if (open !== 0) w.byte(open);
    const asns = s.asns;
    for (let j = 0; j < asns.length; j++) {
      if (j > 0) w.byte(32);
      w.uint(asns[j] as number);
    }
    if (open !== 0) w.byte(open === 40 ? 41 : open + 2);
  }
  if (w.pos === start) w.text('(empty)');
}

// Strings separated by a space.
function writeSpaced(w: TextWriter, texts: readonly string[]): void {
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) w.byte(32);
    w.text(texts[i] as string);
  }
}

/**
 * Writes the text of a path attribute as bgpctl / Wireshark summaries write it. Performance:
 * the attributes of nearly every UPDATE are written piece by piece (no string per attribute);
 * the rare ones as the text {@link rareAttributeText} builds.
 */
export function writeAttributeText(w: TextWriter, a: PathAttribute): void {
  switch (a.type) {
    case 'ORIGIN':
      w.text('origin ');
      w.text(a.origin);
      return;
    case 'AS_PATH':
    case 'AS4_PATH':
      w.text(a.type === 'AS_PATH' ? 'as-path ' : 'as4-path ');
      writeSegments(w, a.segments);
      return;
    case 'NEXT_HOP':
      w.text('next-hop ');
      w.text(a.nextHop);
      return;
    case 'MULTI_EXIT_DISC':
      w.text('med ');
      w.uint(a.med);
      return;
    case 'LOCAL_PREF':
      w.text('local-pref ');
      w.uint(a.localPref);
      return;
    case 'COMMUNITIES': {
      w.text('communities ');
      const c = a.communities;
      for (let i = 0; i < c.length; i++) {
        if (i > 0) w.byte(32);
        const text = c[i] as string;
        w.text(communityName(text) ?? text);
      }
      return;
    }
    case 'LARGE_COMMUNITY':
      w.text('large-communities ');
      writeSpaced(w, a.communities);
      return;
    default:
      w.text(rareAttributeText(a));
  }
}

/** Text of a path attribute as bgpctl / Wireshark summaries write it. */
export function attributeText(a: PathAttribute): string {
  scratch.reset();
  writeAttributeText(scratch, a);
  return scratchText();
}

// The attributes writeAttributeText does not write piece by piece.
function rareAttributeText(a: PathAttribute): string {
  switch (a.type) {
    case 'ATOMIC_AGGREGATE':
      return 'atomic-aggregate';
    case 'AGGREGATOR':
    case 'AS4_AGGREGATOR':
      return `${a.type === 'AGGREGATOR' ? 'aggregator' : 'as4-aggregator'} ${a.asn} ${a.address}`;
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
    case 'OTC':
      return `otc ${a.asn}`;
    case 'raw':
      return `attr-${a.code} flags 0x${a.flags.toString(16)} 0x${toHex(a.value)}`;
    default:
      // ORIGIN, AS_PATH, AS4_PATH, NEXT_HOP, MED, LOCAL_PREF, COMMUNITIES and LARGE_COMMUNITY:
      // writeAttributeText writes them itself and never asks here.
      return a.type;
  }
}

// `<prefix>`, with its ADD-PATH id as bgpctl writes it, separated by a space.
function writePrefixes(w: TextWriter, prefixes: readonly Prefix[]): void {
  for (let i = 0; i < prefixes.length; i++) {
    if (i > 0) w.byte(32);
    const p = prefixes[i] as Prefix;
    w.text(p.prefix);
    if (p.pathId !== undefined) {
      w.text(' path-id ');
      w.uint(p.pathId);
    }
  }
}

// The parts of an UPDATE's text, separated by `, `: withdrawn, every attribute, NLRI, issues.
function writeUpdateText(w: TextWriter, m: UpdateMessage): void {
  const eor = endOfRib(m);
  if (eor !== undefined) {
    w.text(`End-of-RIB ${familyName(eor.afi, eor.safi)}`);
    return;
  }
  let first = true;
  if (m.withdrawn.length > 0) {
    w.text('withdrawn ');
    writePrefixes(w, m.withdrawn);
    first = false;
  }
  for (const a of m.attributes) {
    if (!first) w.text(', ');
    writeAttributeText(w, a);
    first = false;
  }
  if (m.nlri.length > 0) {
    if (!first) w.text(', ');
    w.text('nlri ');
    writePrefixes(w, m.nlri);
    first = false;
  }
  if (m.issues !== undefined) {
    if (!first) w.text(', ');
    w.text(`issues ${m.action}: ${m.issues.map((i) => `${i.reason} (${i.code}/${i.subcode} ${i.action})`).join('; ')}`);
  }
}

/**
 * Writes the summary of a message after its type (as {@link messageText} gives it) into `w`.
 * Performance: an UPDATE's text piece by piece, no string per part or per line.
 */
function writeMessageText(w: TextWriter, m: BgpMessage): void {
  if (m.type === 'UPDATE') writeUpdateText(w, m);
  else w.text(otherText(m));
}

/** ` <text>` of a message after its type, or nothing when it has no text (KEEPALIVE). */
export function writeSpacedMessageText(w: TextWriter, m: BgpMessage): void {
  const at = w.pos;
  w.byte(32);
  writeMessageText(w, m);
  if (w.pos === at + 1) w.pos = at;
}

/** The summary of a message after its type, like Wireshark's info column or bgpctl's log lines. */
export function messageText(m: BgpMessage): string {
  scratch.reset();
  writeMessageText(scratch, m);
  return scratchText();
}

// The text of the messages other than UPDATE.
function otherText(m: Exclude<BgpMessage, UpdateMessage>): string {
  switch (m.type) {
    case 'OPEN':
      return `version ${m.version} as ${m.myAs} hold ${m.holdTime} id ${m.bgpId}${m.capabilities.length > 0 ? ` caps ${m.capabilities.map(capText).join(', ')}` : ''}`;
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
