/**
 * Message "facts" for the Wireshark oracle: the values of one BGP message, as lists of
 * strings per kind, extracted both from tshark's JSON decode and from ours, so the two can be
 * compared value by value (tshark-facts.ts, our-facts.ts). Only what both sides decode is
 * extracted: IPv4/IPv6 unicast and multicast prefixes (other families are counted as
 * skipped), next hops, AS paths, communities, large communities, MED, LOCAL_PREF, ORIGIN,
 * route target/origin extended communities, attribute type codes, OPEN fields and
 * capabilities, ROUTE-REFRESH, NOTIFICATION and the RFC 9003 shutdown communication.
 */
import { all, isObject, type JsonValue, one, str } from './tshark-json.ts';

/** The kinds of values compared. */
export const KINDS = [
  'nlri',
  'withdrawn',
  'mp_reach_nlri',
  'mp_unreach_nlri',
  'labeled_nlri',
  'labeled_withdrawn',
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
const UNORDERED: ReadonlySet<Kind> = new Set<Kind>(['nlri', 'withdrawn', 'mp_reach_nlri', 'mp_unreach_nlri', 'labeled_nlri', 'labeled_withdrawn', 'community']);

/** Values of one message per kind; `skipped` counts NLRI of families not compared. */
export interface Facts {
  readonly type: number;
  readonly values: Map<Kind, string[]>;
  skipped: number;
}

/** Empty facts for a message of `type`. */
export function facts(type: number): Facts {
  return { type, values: new Map(), skipped: 0 };
}

/** Appends a value of `kind`. */
export function add(f: Facts, kind: Kind, value: string): void {
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

/**
 * Whether NLRI of this family are compared as labeled facts (issue 21): labeled unicast (SAFI 4)
 * and VPN-IPv4 (1/128). tshark 4.0 does not decode VPN-IPv6 (its JSON carries the unformatted
 * string "Label Stack=%s RD=%u.%u:%u, IPv6=%s/%u") nor RT-Constraint (it flags the NLRI
 * malformed): those are counted as skipped here and compared with pmacct and tcpdump instead.
 */
export function isLabeledFamily(afi: number, safi: number): boolean {
  return ((afi === 1 || afi === 2) && safi === 4) || (afi === 1 && safi === 128);
}

/**
 * The fact of one labeled NLRI as tshark writes its fields: family, address, the NLRI length in
 * bits, the label stack (`900163,900162 (bottom)`) and the RD in tshark's text (type 2 as
 * `asdot:number`).
 */
export function labeledFact(family: string, address: string, bits: number, stack: string, rd: string | undefined): string {
  return `${family}${address} bits=${bits} labels=${stack}${rd === undefined ? '' : ` rd=${rd}`}`;
}

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
