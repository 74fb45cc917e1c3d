/**
 * Message "facts" for the Wireshark oracle: the values of one BGP message, as lists of
 * strings per kind, extracted both from tshark's JSON decode and from ours, so the two can be
 * compared value by value. Only what both sides decode is extracted: IPv4/IPv6 unicast and
 * multicast prefixes (other families are counted as skipped), next hops, AS paths,
 * communities, large communities, MED, LOCAL_PREF, attribute type codes, OPEN fields and
 * capabilities, ROUTE-REFRESH, NOTIFICATION and the RFC 9003 shutdown communication.
 */
import type { PathAttribute, Prefix } from '../../src/attributes/types.ts';
import { attributeCode } from '../../src/attributes/registry.ts';
import { capabilityCode } from '../../src/capabilities/registry.ts';
import type { Capability } from '../../src/capabilities/types.ts';
import type { BgpMessage } from '../../src/messages/types.ts';
import { all, isObject, type JsonValue, one, str } from './tshark-json.ts';

/** The kinds of values compared. */
export const KINDS = [
  'nlri',
  'withdrawn',
  'mp_reach_nlri',
  'mp_unreach_nlri',
  'next_hop',
  'mp_next_hop',
  'as_path',
  'as4_path',
  'community',
  'large_community',
  'med',
  'local_pref',
  'origin',
  'ext_community',
  'attribute',
  'open',
  'capability',
  'route_refresh',
  'notification',
  'shutdown',
] as const;

export type Kind = (typeof KINDS)[number];

/** Kinds compared as multisets (tshark's JSON loses the order between some of their keys). */
const UNORDERED: ReadonlySet<Kind> = new Set<Kind>(['nlri', 'withdrawn', 'mp_reach_nlri', 'mp_unreach_nlri', 'community']);

/** Values of one message per kind; `skipped` counts NLRI of families not compared. */
export interface Facts {
  readonly type: number;
  readonly values: Map<Kind, string[]>;
  skipped: number;
}

function facts(type: number): Facts {
  return { type, values: new Map(), skipped: 0 };
}

function add(f: Facts, kind: Kind, value: string): void {
  let list = f.values.get(kind);
  if (list === undefined) {
    list = [];
    f.values.set(kind, list);
  }
  list.push(value);
}

/** Whether prefixes of this family are compared (IPv4/IPv6 unicast and multicast). */
export function isComparedFamily(afi: number, safi: number): boolean {
  return (afi === 1 || afi === 2) && (safi === 1 || safi === 2);
}

// ---- tshark side -------------------------------------------------------------------------

const P = 'bgp.update.path_attribute.';

/** The prefixes of a tshark prefix container (`bgp.update.nlri`, `...mp_reach_nlri` ...). */
function tsharkPrefixes(container: JsonValue | undefined, family: string): string[] {
  const out: string[] = [];
  if (!isObject(container)) return out;
  for (const key of Object.keys(container)) {
    for (const entry of all(container, key)) {
      if (!isObject(entry)) continue;
      const len = str(entry, 'bgp.prefix_length');
      const addrKey = Object.keys(entry).find((k) => k.endsWith('_prefix') && k !== 'bgp.prefix_length');
      const addr = addrKey === undefined ? undefined : str(entry, addrKey);
      if (len === undefined || addr === undefined) continue;
      const id = str(entry, 'bgp.nlri_path_id');
      // The key is tshark's text for the prefix ("10.0.0.0/24", "10.0.0.1/32 PathId 2 "):
      // a key that disagrees with the fields is kept visible so that it cannot compare equal.
      const text = `${addr}/${len}${id === undefined ? '' : ` PathId ${id} `}`;
      out.push(`${family}${addr}/${len}${id === undefined ? '' : `#${id}`}${key === text ? '' : ` (key ${JSON.stringify(key)})`}`);
    }
  }
  return out;
}

function tsharkSegments(attr: JsonValue): string {
  return all(attr, `${P}as_path_segment`)
    .map((seg) => {
      const asns = [...all(seg, `${P}as_path_segment.as2`), ...all(seg, `${P}as_path_segment.as4`)];
      return `${str(seg, `${P}as_path_segment.type`) ?? '?'}:[${asns.join(' ')}]`;
    })
    .join(' ');
}

function wellKnown(hex: string): string {
  const v = Number.parseInt(hex, 16) >>> 0;
  return `${v >>> 16}:${v & 0xffff}`;
}

/** `type:subtype:global:local` for route targets and origins (2-octet AS, IPv4, 4-octet AS), else `type:subtype:other`. */
function tsharkExtCommunity(c: JsonValue): string {
  const type = Number.parseInt(str(c, 'bgp.ext_com.type') ?? 'x', 16);
  const stypeKey = isObject(c) ? Object.keys(c).find((k) => k.startsWith('bgp.ext_com.stype')) : undefined;
  const subtype = stypeKey === undefined ? Number.NaN : Number.parseInt(str(c, stypeKey) ?? 'x', 16);
  const global = str(c, 'bgp.ext_com.value_as2') ?? str(c, 'bgp.ext_com.value_IP4') ?? str(c, 'bgp.ext_com.value_as4');
  const local = str(c, 'bgp.ext_com.value_an4') ?? str(c, 'bgp.ext_com.value_an2');
  // Only route targets and route origins (RFC 4360, RFC 5668) are typed on both sides.
  const typed = (subtype === 2 || subtype === 3) && (type & 0xbf) <= 2;
  return !typed || global === undefined || local === undefined ? `${type}:${subtype}:other` : `${type}:${subtype}:${global}:${local}`;
}

function tsharkAttribute(f: Facts, attr: JsonValue): void {
  const code = Number(str(attr, `${P}type_code`));
  add(f, 'attribute', String(code));
  switch (code) {
    case 2:
    case 17:
      add(f, code === 2 ? 'as_path' : 'as4_path', tsharkSegments(attr));
      break;
    case 3: {
      const nh = str(attr, `${P}next_hop`);
      if (nh !== undefined) add(f, 'next_hop', nh);
      break;
    }
    case 1:
      add(f, 'origin', str(attr, `${P}origin`) ?? '?');
      break;
    case 4:
      add(f, 'med', str(attr, `${P}multi_exit_disc`) ?? '?');
      break;
    case 16:
      for (const c of all(one(attr, 'bgp.ext_communities'), 'bgp.ext_community')) add(f, 'ext_community', tsharkExtCommunity(c));
      break;
    case 5:
      add(f, 'local_pref', str(attr, `${P}local_pref`) ?? '?');
      break;
    case 8: {
      const list = one(attr, `${P}communities`);
      for (const c of all(list, `${P}community`)) add(f, 'community', `${str(c, `${P}community_as`)}:${str(c, `${P}community_value`)}`);
      for (const w of all(list, `${P}community_wellknown`)) if (typeof w === 'string') add(f, 'community', wellKnown(w));
      break;
    }
    case 32:
      for (const t of all(attr, 'bgp.large_communities_tree')) {
        add(f, 'large_community', `${str(t, 'bgp.large_communities.ga')}:${str(t, 'bgp.large_communities.ldp1')}:${str(t, 'bgp.large_communities.ldp2')}`);
      }
      break;
    case 14:
    case 15: {
      const name = code === 14 ? 'mp_reach_nlri' : 'mp_unreach_nlri';
      const afi = Number(str(attr, `${P}${name}.afi`));
      const safi = Number(str(attr, `${P}${name}.safi`));
      const container = one(attr, `${P}${name}`);
      if (!isComparedFamily(afi, safi)) {
        f.skipped += tsharkPrefixes(container, '').length;
        break;
      }
      if (code === 14) {
        const tree = one(attr, `${P}mp_reach_nlri.next_hop_tree`);
        if (isObject(tree)) {
          for (const k of Object.keys(tree)) {
            if (/next_hop\.ipv[46](\.link_local)?$/.test(k)) for (const v of all(tree, k)) add(f, 'mp_next_hop', String(v));
          }
        }
      }
      for (const p of tsharkPrefixes(container, `${afi}/${safi} `)) add(f, name, p);
      break;
    }
  }
}

function tsharkCapability(f: Facts, cap: JsonValue): void {
  const code = Number(str(cap, 'bgp.cap.type'));
  let detail = '';
  if (code === 1) detail = ` ${str(cap, 'bgp.cap.mp.afi')}/${str(cap, 'bgp.cap.mp.safi')}`;
  else if (code === 65) detail = ` ${str(cap, 'bgp.cap.4as')}`;
  else if (code === 69) {
    const afi = all(cap, 'bgp.cap.ap.afi');
    const safi = all(cap, 'bgp.cap.ap.safi');
    const sr = all(cap, 'bgp.cap.ap.sendreceive');
    detail = afi.map((a, i) => ` ${a}/${safi[i]}/${sr[i]}`).join('');
  } else if (code === 64) {
    const t = one(cap, 'bgp.cap.gr.timers_tree');
    const afi = all(cap, 'bgp.cap.gr.afi');
    const safi = all(cap, 'bgp.cap.gr.safi');
    const flag = all(cap, 'bgp.cap.gr.flag');
    detail = ` R=${str(t, 'bgp.cap.gr.timers.restart_flag')} N=${str(t, 'bgp.cap.gr.timers.notification_flag')} t=${str(t, 'bgp.cap.gr.timers.restart_time')}`;
    detail += afi.map((a, i) => ` ${a}/${safi[i]}/F=${(Number.parseInt(String(flag[i]), 16) & 0x80) === 0 ? 0 : 1}`).join('');
  }
  add(f, 'capability', `${code}${detail}`);
}

/** The facts of one tshark `bgp` object. */
export function tsharkFacts(bgp: JsonValue): Facts {
  const type = Number(str(bgp, 'bgp.type'));
  const f = facts(type);
  if (type === 1) {
    add(f, 'open', `as=${str(bgp, 'bgp.open.myas')} hold=${str(bgp, 'bgp.open.holdtime')} id=${str(bgp, 'bgp.open.identifier')}`);
    for (const opt of all(bgp, 'bgp.open.opt')) {
      for (const param of all(opt, 'bgp.open.opt.param')) for (const cap of all(param, 'bgp.cap')) tsharkCapability(f, cap);
    }
  } else if (type === 2) {
    for (const p of tsharkPrefixes(one(bgp, 'bgp.update.withdrawn_routes'), '')) add(f, 'withdrawn', p);
    for (const attrs of all(bgp, 'bgp.update.path_attributes')) {
      for (const attr of all(attrs, 'bgp.update.path_attribute')) tsharkAttribute(f, attr);
    }
    for (const p of tsharkPrefixes(one(bgp, 'bgp.update.nlri'), '')) add(f, 'nlri', p);
  } else if (type === 3) {
    const minor = Object.keys(bgp as object).find((k) => k.startsWith('bgp.notify.minor_error'));
    add(f, 'notification', `${str(bgp, 'bgp.notify.major_error')}/${minor === undefined ? '?' : str(bgp, minor)}`);
    const text = str(bgp, 'bgp.notify.communication');
    if (text !== undefined) add(f, 'shutdown', text);
  } else if (type === 5) {
    add(f, 'route_refresh', `${str(bgp, 'bgp.route_refresh.afi')}/${str(bgp, 'bgp.route_refresh.safi')}/${str(bgp, 'bgp.route_refresh.subtype') ?? '0'}`);
  }
  return f;
}

// ---- our side ----------------------------------------------------------------------------

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
      if (!isComparedFamily(a.afi, a.safi)) {
        f.skipped += a.nlri?.length ?? 0;
        break;
      }
      for (const nh of a.nextHop ?? []) add(f, 'mp_next_hop', nh);
      for (const p of a.nlri ?? []) add(f, 'mp_reach_nlri', ourPrefix(p, `${a.afi}/${a.safi} `));
      break;
    case 'MP_UNREACH_NLRI':
      if (!isComparedFamily(a.afi, a.safi)) {
        f.skipped += a.withdrawn?.length ?? 0;
        break;
      }
      for (const p of a.withdrawn ?? []) add(f, 'mp_unreach_nlri', ourPrefix(p, `${a.afi}/${a.safi} `));
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

// ---- comparison --------------------------------------------------------------------------

/** Per-kind counts of values compared and the mismatches found. */
export interface Tally {
  readonly compared: Record<string, number>;
  readonly mismatches: string[];
  skipped: number;
}

/** A fresh tally. */
export function tally(): Tally {
  return { compared: {}, mismatches: [], skipped: 0 };
}

/** Total number of values compared. */
export function totalCompared(t: Tally): number {
  return Object.values(t.compared).reduce((a, b) => a + b, 0);
}

function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

/**
 * Compares our facts with tshark's for the kinds given, adding to `t`. Every value that
 * agrees counts as compared (multiset agreement for unordered kinds, position by position
 * for the others); every difference is recorded with `where`.
 */
export function compareFacts(ours: Facts, theirs: Facts, where: string, t: Tally, kinds: readonly Kind[] = KINDS): void {
  t.skipped += Math.max(ours.skipped, theirs.skipped);
  for (const kind of kinds) {
    const a = ours.values.get(kind) ?? [];
    const b = theirs.values.get(kind) ?? [];
    const onlyOurs = minus(a, b);
    const onlyTheirs = minus(b, a);
    let same: number;
    if (UNORDERED.has(kind)) {
      same = a.length - onlyOurs.length;
    } else {
      same = 0;
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] === b[i]) same++;
    }
    t.compared[kind] = (t.compared[kind] ?? 0) + same;
    if (same !== Math.max(a.length, b.length)) {
      const what = onlyOurs.length === 0 && onlyTheirs.length === 0 ? 'order differs' : `ours ${JSON.stringify(onlyOurs.slice(0, 4))} vs tshark ${JSON.stringify(onlyTheirs.slice(0, 4))}`;
      t.mismatches.push(`${where} ${kind} (${a.length} vs ${b.length}): ${what}`);
    }
  }
}

/** One BGP message of a tshark JSON decode: its frame number and its `bgp` object. */
export interface TsharkMessage {
  readonly frame: number;
  readonly bgp: JsonValue;
}

/** Every BGP message of a parsed `tshark -T json` array, in frame order. */
export function tsharkMessages(root: JsonValue): TsharkMessage[] {
  const out: TsharkMessage[] = [];
  for (const pkt of Array.isArray(root) ? root : []) {
    const layers = one(one(pkt, '_source'), 'layers');
    const frame = Number(str(one(layers, 'frame'), 'frame.number'));
    for (const bgp of all(layers, 'bgp')) if (isObject(bgp) && str(bgp, 'bgp.type') !== undefined) out.push({ frame, bgp });
  }
  return out;
}
