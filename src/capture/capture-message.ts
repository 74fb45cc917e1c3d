import type { SessionContext } from '../context/session-context.ts';
import type { CaptureBmp } from './bmp-sessions.ts';
import type { ContextSource } from './capture-options.ts';

/** One BGP message (or BMP message, see `bmp`) out of a capture, with where and when it was seen. */
export interface CaptureMessage {
  /**
   * The whole message, header included: a view into the capture bytes pushed in when the
   * message lies within one TCP segment (no copy; the reader never writes to those bytes, so
   * it stays valid while they are unchanged), else a copy. `slice()` for an independent copy.
   */
  readonly bytes: Uint8Array;
  /** The header's type code (1 OPEN, 2 UPDATE, 3 NOTIFICATION, 4 KEEPALIVE, 5 ROUTE-REFRESH, or other). */
  readonly type: number;
  /** Capture time (nanoseconds since the epoch) of the packet that completed the message. */
  readonly timestamp: bigint;
  /** 1-based index of that packet record. */
  readonly frame: number;
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  /** Session id, from 1 in order of appearance; a SYN on a 4-tuple after FIN/RST starts a new one. */
  readonly session: number;
  /** 0: from the side that opened the connection (SYN sender), or, without a handshake, the side seen first. */
  readonly direction: 0 | 1;
  /** The context to decode this message with: `decodeMessage(msg.bytes, msg.context)`. */
  readonly context?: SessionContext;
  /** Where `context` came from. */
  readonly contextSource?: ContextSource;
  /**
   * Set when this is a BMP message (RFC 7854) from a connection on a BMP port
   * ({@link CaptureOptions.bmpPorts}): then `bytes` is the BMP message, `type` its BMP Message
   * Type, and this holds it decoded with the BGP PDUs inside (and their contexts).
   */
  readonly bmp?: CaptureBmp;
}
