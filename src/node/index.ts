export { gunzipChunks, isGzip } from './gzip.ts';
export type { GzipSummary, GzipTruncation } from './gzip.ts';
export { decompressChunks, readMrtFile } from './decompress.ts';
export type { Compression, DecompressSummary, MrtFileSummary } from './decompress.ts';
