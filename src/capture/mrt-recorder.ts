import type { SessionContext } from '../context/session-context.ts';
import { contextFor } from '../messages/context-for.ts';
import { decodeOpen } from '../messages/open.ts';
import type { OpenMessage } from '../messages/types.ts';
import { isBgpError } from '../wire/errors.ts';
import { MrtType } from '../iana.ts';
import { type MrtWriterOptions, MrtWriter } from './mrt-writer.ts';
import { checkBigint, checkBytes, checkObject } from '../wire/args.ts';

/** Options of {@link Bgp4mpRecorder}. */
export interface Bgp4mpRecorderOptions extends MrtWriterOptions {
  /** The remote speaker's AS and address (RFC 6396 4.4: Peer AS, Peer IP Address). */
  readonly peerAs: number;
  readonly peerAddress: string;
  /** The recording speaker's AS and address (Local AS, Local IP Address). */
  readonly localAs: number;
  readonly localAddress: string;
  /** Interface Index. Default 0. */
  readonly interfaceIndex: number;
  /**
   * The contexts of the messages received and sent (4-octet AS picks MESSAGE_AS4; ADD-PATH the
   * RFC 8050 _ADDPATH subtypes). Default: from the session's two OPENs as they pass
   * ({@link contextFor}); until both have passed, 4-octet AS and no ADD-PATH.
   */
  readonly received: SessionContext | undefined;
  readonly sent: SessionContext | undefined;
}

/**
 * Records one BGP session as BGP4MP_ET (RFC 6396 4.4, section 3): each message received
 * becomes a MESSAGE_AS4 (or MESSAGE, _ADDPATH) record, each message sent a _LOCAL one, each
 * FSM state change a STATE_CHANGE_AS4, as they pass, with the caller's time (bigint
 * nanoseconds, kept to the microsecond). Returns the chunks of the file as they fill.
 * @example
 * const rec = new Bgp4mpRecorder({ peerAs: 65001, peerAddress: '192.0.2.1', localAs: 65000, localAddress: '192.0.2.2' });
 * out.write(rec.received(bytes, process.hrtime.bigint()));
 */
export class Bgp4mpRecorder {
  private readonly options: Partial<Bgp4mpRecorderOptions> & Pick<Bgp4mpRecorderOptions, 'peerAs' | 'peerAddress' | 'localAs' | 'localAddress'>;
  private readonly writer: MrtWriter;
  private peerOpen: OpenMessage | undefined;
  private localOpen: OpenMessage | undefined;
  private rx: SessionContext | undefined;
  private tx: SessionContext | undefined;

  constructor(options: Partial<Bgp4mpRecorderOptions> & Pick<Bgp4mpRecorderOptions, 'peerAs' | 'peerAddress' | 'localAs' | 'localAddress'>) {
    checkObject(options, 'Bgp4mpRecorder', 'options');
    this.options = options;
    this.writer = new MrtWriter(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize });
    this.rx = options.received;
    this.tx = options.sent;
  }

  /** Records written so far. */
  get records(): number {
    return this.writer.records;
  }

  /** A message the peer sent (whole, header included). @throws TypeError / RangeError for a value that cannot be written */
  received(message: Uint8Array, timestamp: bigint): readonly Uint8Array[] {
    return this.message(message, timestamp, false);
  }

  /** A message the local speaker sent (a _LOCAL subtype, RFC 6396 4.4.6). @throws TypeError / RangeError */
  sent(message: Uint8Array, timestamp: bigint): readonly Uint8Array[] {
    return this.message(message, timestamp, true);
  }

  /** An FSM state change (RFC 4271 8.2.2 numbering: 1 Idle ... 6 Established) as STATE_CHANGE_AS4. */
  stateChange(oldState: number, newState: number, timestamp: bigint): readonly Uint8Array[] {
    const [sec, us] = split(timestamp);
    const o = this.options;
    return this.writer.write({ type: 'state-change', mrtType: MrtType.BGP4MP_ET, timestamp: sec, microseconds: us, peerAs: o.peerAs, localAs: o.localAs, interfaceIndex: o.interfaceIndex ?? 0, peerAddress: o.peerAddress, localAddress: o.localAddress, oldState, newState, isAs4: true });
  }

  /** The rest of the file. */
  end(): readonly Uint8Array[] {
    return this.writer.end();
  }

  private message(message: Uint8Array, timestamp: bigint, isLocal: boolean): readonly Uint8Array[] {
    checkBytes(message, isLocal ? 'Bgp4mpRecorder.sent' : 'Bgp4mpRecorder.received', 'message');
    checkBigint(timestamp, isLocal ? 'Bgp4mpRecorder.sent' : 'Bgp4mpRecorder.received', 'timestamp');
    if (message[18] === 1) this.noteOpen(message, isLocal);
    const ctx = isLocal ? this.tx : this.rx;
    const [sec, us] = split(timestamp);
    const o = this.options;
    return this.writer.write({
      type: 'bgp-message',
      mrtType: MrtType.BGP4MP_ET,
      timestamp: sec,
      microseconds: us,
      peerAs: o.peerAs,
      localAs: o.localAs,
      interfaceIndex: o.interfaceIndex ?? 0,
      peerAddress: o.peerAddress,
      localAddress: o.localAddress,
      // RFC 6396 4.4.3: the AS_PATH of a MESSAGE_AS4 record is 4-octet; a 2-octet session's is
      // not, so it takes MESSAGE (AS numbers above 65535 then written as AS_TRANS, RFC 6793).
      isAs4: ctx?.as4 ?? true,
      isLocal,
      isAddPath: ctx !== undefined && ctx.addPath.length > 0,
      message,
      ...(ctx !== undefined && !ctx.as4 ? { peerAs: trans(o.peerAs), localAs: trans(o.localAs) } : {}),
    });
  }

  private noteOpen(message: Uint8Array, isLocal: boolean): void {
    let open: OpenMessage;
    try {
      open = decodeOpen(message);
    } catch (e) {
      if (isBgpError(e)) return; // recorded as it is; the contexts stay as they were
      throw e;
    }
    if (isLocal) this.localOpen = open;
    else this.peerOpen = open;
    if (this.peerOpen !== undefined && this.localOpen !== undefined) {
      if (this.options.received === undefined) this.rx = contextFor(this.peerOpen, this.localOpen);
      if (this.options.sent === undefined) this.tx = contextFor(this.localOpen, this.peerOpen);
    }
  }
}

/** RFC 6793 section 9: AS_TRANS stands for an AS number above 65535 in 2-octet fields. */
function trans(as: number): number {
  return as > 0xffff ? 23456 : as;
}

function split(ns: bigint): [number, number] {
  if (typeof ns !== 'bigint' || ns < 0n) throw new TypeError('timestamp: expected non-negative bigint nanoseconds');
  return [Number(ns / 1_000_000_000n), Number((ns % 1_000_000_000n) / 1000n)];
}
