/** Options of `decodeMessage`. */
export interface DecodeOptions {
  /**
   * Throw a BgpError on any error in an UPDATE, as classic RFC 4271 speakers do, instead of
   * returning RFC 7606 issues; also rejects OPENs that a speaker must refuse (version, hold
   * time, BGP identifier). Default false.
   */
  readonly strict: boolean;
  /**
   * Offset of the message in `bytes` (default 0): decodes a message inside a larger buffer
   * (a chunk, a capture, an MRT file) without a `subarray` per message. Read by
   * `decodeMessage` on every call, so one options object can be reused with a moving offset.
   */
  readonly offset?: number;
}

/** Merges {@link DecodeOptions} with their defaults. */
export function resolveDecodeOptions(options: Partial<DecodeOptions> | undefined): DecodeOptions {
  return { strict: options?.strict ?? false };
}
