export { gunzipChunks, isGzip } from './gzip.ts';
export type { GzipSummary, GzipTruncation } from './gzip.ts';
export { decompressChunks, readMrtFile } from './decompress.ts';
export type { Compression, DecompressSummary, MrtFileSummary } from './decompress.ts';
export { BmpStation, resolveBmpStationOptions } from './bmp-station.ts';
export type { BmpStationOptions } from './bmp-station.ts';
export { BmpRouter, bmpRibKey } from './bmp-router.ts';
export type { BmpRibKey, BmpRouterEvent, BmpRouterOptions } from './bmp-router.ts';
