import type { BmpContextOption } from '../bmp/context.ts';
import type { SessionContext } from '../context/session-context.ts';
import type { CaptureIssue } from './capture-error.ts';
import { checkOptions } from '../wire/args.ts';

/** What a {@link CaptureOptions.context} function is told about a direction of a session. */
export interface ContextInfo {
  readonly session: number;
  readonly direction: 0 | 1;
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  /** The context derived from the OPENs (or the one-sided rule), if any. */
  readonly derived: SessionContext | undefined;
  /** How `derived` was obtained. */
  readonly source: ContextSource | undefined;
}

/**
 * Where a message's context came from: `opens` (both OPENs of the connection, RFC 4271
 * section 4.2 via contextFor), `one-sided` (only one OPEN seen: see {@link CaptureOptions.oneSided}),
 * `option` (the `context` option), `guess` (no OPEN: the one reading that decodes every
 * UPDATE so far, see {@link CaptureOptions.guess}), `ambiguous` (no OPEN, and several
 * readings decode: the context attached is the first in preference order).
 */
export type ContextSource = 'opens' | 'one-sided' | 'option' | 'guess' | 'ambiguous';

/** Options of the capture reader; every field has a documented default. */
export interface CaptureOptions {
  /** TCP ports that carry BGP (either end). Default `[179]`; the bgp-rs captures need 1179. */
  readonly ports: readonly number[];
  /**
   * TCP ports that carry BMP (RFC 7854; either end, unless also in `ports`): each message comes
   * out with `bmp` set. Default `[11019, 1790]` (11019 is IANA's, 1790 a common choice); `[]`
   * turns BMP off. tshark's `-d tcp.port==N,bmp`.
   */
  readonly bmpPorts: readonly number[];
  /**
   * The context for UPDATEs inside BMP Route Monitoring of peers whose Peer Up was not seen (a
   * value), or a function deciding per PDU (see `BmpContextOption` in bgpwire/bmp). Default none:
   * such PDUs say the context is missing.
   */
  readonly bmpContext: BmpContextOption;
  /**
   * Frame each TCP payload on its own, without reassembly (for captures whose TCP is
   * unusable, e.g. fuzzed files that reuse one sequence number). Default false.
   */
  readonly perPacket: boolean;
  /**
   * A context to use, or a function deciding one. A value is used for every direction whose
   * two OPENs were not both seen (it replaces the one-sided rule). A function is asked for
   * every direction whenever its context is (re)derived and its result, when not undefined,
   * overrides. Default none.
   */
  readonly context: SessionContext | ((info: ContextInfo) => SessionContext | undefined) | undefined;
  /**
   * The rule when only one OPEN of a connection was seen (a router replaying to a collector):
   * `mirror` (default) assumes the unseen side announced exactly the same capabilities, i.e.
   * `contextFor(open, open)`, for both directions; `none` attaches no context.
   */
  readonly oneSided: 'mirror' | 'none';
  /**
   * Opt-in heuristic for directions with no OPEN and no `context` option: try each reading
   * (2- or 4-octet AS, with or without ADD-PATH) on every UPDATE with a strict decode, and
   * keep those that work; see `contextSource` (`guess` or `ambiguous`). Default false.
   */
  readonly guess: boolean;
  /** Complete valid messages that must follow a marker to resynchronise out of sync. Default 2. */
  readonly resyncChain: number;
  /** Out-of-order bytes held per direction. Default 1 MiB. */
  readonly maxPending: number;
  /** Unframed bytes held per direction. Default 256 KiB. */
  readonly maxBuffer: number;
  /** Connections followed at once; beyond that the least recently active one is closed (flushed). Default 4096. */
  readonly maxSessions: number;
  /** Largest pcap record / pcapng block accepted. Default 16 MiB. */
  readonly maxRecordLength: number;
  /** Issues kept in `reader.issues` (the rest are counted only). Default 10000. */
  readonly maxIssues: number;
  /** Called with every issue as it is found. Default none. */
  readonly onIssue: ((issue: CaptureIssue) => void) | undefined;
}

/** Fills in the defaults of {@link CaptureOptions}. */
export function resolveCaptureOptions(options?: Partial<CaptureOptions>): CaptureOptions {
  checkOptions(options, 'resolveCaptureOptions', 'options');
  return {
    ports: options?.ports ?? [179],
    bmpPorts: options?.bmpPorts ?? [11019, 1790],
    bmpContext: options?.bmpContext,
    perPacket: options?.perPacket ?? false,
    context: options?.context,
    oneSided: options?.oneSided ?? 'mirror',
    guess: options?.guess ?? false,
    resyncChain: options?.resyncChain ?? 2,
    maxPending: options?.maxPending ?? 1024 * 1024,
    maxBuffer: options?.maxBuffer ?? 256 * 1024,
    maxSessions: options?.maxSessions ?? 4096,
    maxRecordLength: options?.maxRecordLength ?? 16 * 1024 * 1024,
    maxIssues: options?.maxIssues ?? 10000,
    onIssue: options?.onIssue,
  };
}
