// MRT (RFC 6396, RFC 8050): the reader and its record model. See mrt-context.ts for the
// SessionContext rules each record's BGP bytes decode with.
export { type MrtReaderOptions, type MrtSummary, MrtReader, checkNotMrtLookalike, readMrt, readMrtStream, resolveMrtReaderOptions } from './mrt-reader.ts';
export { LEGACY_CONTEXT, RIB_CONTEXT, bgp4mpContext, updateFamilies } from './mrt-context.ts';
export { isExtendedTimestamp, mrtRecordName } from './mrt-names.ts';
export { MrtOpenTracker, nlriFits, openAddPath } from './mrt-open.ts';
export { type RibMpReachForm, decodeRibAttributes, expandRibMpReach, ribMpReachForm } from './mrt-rib-attributes.ts';
export {
  Bgp4mpSubtype,
  LegacyBgpSubtype,
  TableDumpSubtype,
  TableDumpV2Subtype,
  type MrtBgpMessageRecord,
  type MrtInvalidRecord,
  type MrtIssue,
  type MrtIssueKind,
  type MrtPeer,
  type MrtPeerIndexTableRecord,
  type MrtRecord,
  type MrtRecordBase,
  type MrtRibEntry,
  type MrtRibGenericRecord,
  type MrtRibRecord,
  type MrtStateChangeRecord,
  type MrtTableDumpRecord,
  type MrtUnknownRecord,
} from './mrt-types.ts';
