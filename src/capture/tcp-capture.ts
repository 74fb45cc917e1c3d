import { PcapWriter, type PcapWriterOptions } from './pcap-writer.ts';
import { PcapngWriter, type PcapngWriterOptions } from './pcapng-writer.ts';
import { type SendOptions, TcpSession, type TcpSessionOptions } from './tcp-session.ts';
import { checkIterable, checkObject, checkOptions } from '../wire/args.ts';

/** What one side sends at one time in {@link writeTcpCapture}. */
export interface TcpSend extends SendOptions {
  /** Sent by the client (the side that opened the connection) or the server. */
  readonly fromClient: boolean;
  /** One message or several, sent back to back (segmented at the MSS across their boundaries). */
  readonly data: Uint8Array | readonly Uint8Array[];
  /** Nanoseconds since the Unix epoch. */
  readonly timestamp: bigint;
  /** pcapng: a comment on the first segment of this send. */
  readonly comment?: string;
}

/** Options of {@link writeTcpCapture}: the session's, the file format, and the writer's. */
export interface TcpCaptureOptions extends TcpSessionOptions {
  /** Default 'pcap'. */
  readonly format: 'pcap' | 'pcapng';
  /** Write the three-way handshake before the first send (at its time). Default true. */
  readonly handshake: boolean;
  /** Write the FIN exchange after the last send (at its time). Default true. */
  readonly close: boolean;
  /** Options of the file writer (its link type is the session's). */
  readonly pcap: Partial<Omit<PcapWriterOptions, 'linkType'>>;
  readonly pcapng: Partial<Omit<PcapngWriterOptions, 'linkType'>>;
}

/**
 * The chunks of a pcap or pcapng file holding one TCP connection that carries `sends`
 * (e.g. BGP messages from `encodeMessage`), as they are made: the handshake, each send
 * segmented at the MSS (reordered or retransmitted where it asks), the other side's ACKs,
 * the FIN exchange. For captures built from values in tests.
 * @throws TypeError / RangeError for bad options or timestamps.
 * @example
 * const chunks = [...writeTcpCapture([
 *   { fromClient: true, data: encodeMessage(openA), timestamp: 1_700_000_000_000_000_000n },
 *   { fromClient: false, data: encodeMessage(openB), timestamp: 1_700_000_000_001_000_000n },
 * ], { format: 'pcapng', mss: 536 })]; // Uint8Array chunks: write them to any byte sink
 */
export function* writeTcpCapture(sends: Iterable<TcpSend>, options: Partial<TcpCaptureOptions> = {}): Generator<Uint8Array, void, undefined> {
  checkIterable(sends, 'writeTcpCapture', 'sends');
  checkOptions(options, 'writeTcpCapture', 'options');
  const session = new TcpSession(options);
  const writer = (options.format ?? 'pcap') === 'pcapng' ? new PcapngWriter({ ...options.pcapng, linkType: session.linkType }) : new PcapWriter({ ...options.pcap, linkType: session.linkType });
  let last: bigint | undefined;
  for (const s of sends) {
    checkObject(s, 'writeTcpCapture', 'send');
    if (last === undefined && options.handshake !== false) yield* writer.write(session.open(s.timestamp));
    const packets = session.send(s.fromClient, s.data, s.timestamp, s);
    const first = packets[0];
    if (s.comment !== undefined && first !== undefined) packets[0] = { ...first, comment: s.comment };
    yield* writer.write(packets);
    last = s.timestamp;
  }
  if (last !== undefined && options.close !== false) yield* writer.write(session.close(last));
  yield* writer.end();
}
