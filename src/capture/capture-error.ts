import { checkString } from '../wire/args.ts';
/** What went wrong in a capture container (not in the BGP inside it). */
export type CaptureErrorCode = 'bad-magic' | 'bad-header' | 'bad-block' | 'too-large' | 'unsupported';

/**
 * The one error class the capture readers throw on any bytes: the container (pcap or
 * pcapng framing) is unusable from `offset` on. Problems below the container (link layer,
 * IP, TCP, BGP framing) are never thrown; they are reported as {@link CaptureIssue}s.
 */
export class CaptureError extends Error {
  /** The kind of failure. */
  readonly code: CaptureErrorCode;
  /** Byte offset in the capture file where the problem was found. */
  readonly offset: number;

  constructor(code: CaptureErrorCode, message: string, offset: number) {
    checkString(code, 'CaptureError', 'code');
    super(`${message} at byte ${offset}`);
    this.name = 'CaptureError';
    this.code = code;
    this.offset = offset;
  }
}

/** Whether `value` is a {@link CaptureError}. */
export function isCaptureError(value: unknown): value is CaptureError {
  return value instanceof CaptureError;
}

/** The kinds of non-fatal findings a capture reader reports. */
export type CaptureIssueKind =
  | 'truncated-file'
  | 'unsupported-link'
  | 'bad-link'
  | 'bad-ip'
  | 'ip-fragment'
  | 'bad-tcp'
  | 'snaplen-gap'
  | 'gap'
  | 'overlap-mismatch'
  | 'buffer-overflow'
  | 'desync'
  | 'resync'
  | 'bad-open'
  | 'trailing-bytes'
  /** A BMP stream (RFC 7854) with a gap, a bad header or a cut message: that direction is not read further. */
  | 'bmp';

/** A non-fatal finding: the reader went on after it. */
export interface CaptureIssue {
  readonly kind: CaptureIssueKind;
  /** Short lowercase description naming the value. */
  readonly message: string;
  /** 1-based index of the packet record (as Wireshark numbers frames); 0 when not tied to one. */
  readonly frame: number;
  /** The TCP session, when the issue belongs to one. */
  readonly session?: number;
  /** The direction within the session (see {@link CaptureMessage.direction}). */
  readonly direction?: 0 | 1;
  /** Byte offset in the capture file, where known. */
  readonly offset?: number;
}
