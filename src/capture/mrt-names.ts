import { MrtType } from '../iana.ts';
import { Bgp4mpSubtype, LegacyBgpSubtype, TableDumpSubtype, TableDumpV2Subtype } from './mrt-types.ts';
import { checkNumber } from '../wire/args.ts';

function reverse(table: Readonly<Record<string, number>>): ReadonlyMap<number, string> {
  const m = new Map<number, string>();
  for (const [k, v] of Object.entries(table)) if (!m.has(v)) m.set(v, k);
  return m;
}

const typeNames = reverse(MrtType);
const subtypeNames = new Map<number, ReadonlyMap<number, string>>([
  [MrtType.BGP, reverse(LegacyBgpSubtype)],
  [MrtType.TABLE_DUMP, reverse(TableDumpSubtype)],
  [MrtType.TABLE_DUMP_V2, reverse(TableDumpV2Subtype)],
  [MrtType.BGP4MP, reverse(Bgp4mpSubtype)],
  [MrtType.BGP4MP_ET, reverse(Bgp4mpSubtype)],
]);

// Performance: a file uses a handful of (type, subtype) pairs; their names are made once.
const names = new Map<number, string>();

/**
 * The name of an MRT type and subtype as `TYPE/SUBTYPE` (RFC 6396 names, e.g.
 * `BGP4MP_ET/MESSAGE_AS4`, `TABLE_DUMP/AFI_IPv4`, `BGP/UPDATE`); numbers where unassigned
 * (`14458/31256`). Never throws.
 */
export function mrtRecordName(mrtType: number, subtype: number): string {
  checkNumber(mrtType, 'mrtRecordName', 'mrtType');
  checkNumber(subtype, 'mrtRecordName', 'subtype');
  const isPair = Number.isInteger(mrtType) && Number.isInteger(subtype) && mrtType >= 0 && mrtType < 65536 && subtype >= 0 && subtype < 65536;
  const key = mrtType * 65536 + subtype;
  const known = isPair ? names.get(key) : undefined;
  if (known !== undefined) return known;
  const name = recordName(mrtType, subtype);
  // Bounded: a hostile file could name every pair.
  if (isPair) {
    if (names.size >= 1024) names.clear();
    names.set(key, name);
  }
  return name;
}

function recordName(mrtType: number, subtype: number): string {
  const t = typeNames.get(mrtType);
  if (t === undefined) return `${mrtType}/${subtype}`;
  return `${t}/${subtypeNames.get(mrtType)?.get(subtype) ?? String(subtype)}`;
}

/** Whether `mrtType` is an _ET type (RFC 6396 3): a microsecond field follows the header. */
export function isExtendedTimestamp(mrtType: number): boolean {
  checkNumber(mrtType, 'isExtendedTimestamp', 'mrtType');
  return mrtType === MrtType.BGP4MP_ET || mrtType === MrtType.ISIS_ET || mrtType === MrtType.OSPFv3_ET;
}
