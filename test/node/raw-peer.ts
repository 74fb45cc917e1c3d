import { connect, type Socket } from 'node:net';
import type { Capability } from '../../src/capabilities/types.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { MessageFramer } from '../../src/messages/framing.ts';
import type { BgpMessage, NotificationMessage, OpenMessage } from '../../src/messages/types.ts';

/** What a raw peer decodes with: 4-octet AS, extended messages (the speaker announces both). */
const RX = sessionContext({ as4: true, extendedMessage: true, families: [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }] });

/**
 * A hand-driven BGP peer on a raw TCP socket: the test decides every byte it sends (a hostile
 * peer, a peer that goes silent). It records what the speaker sends.
 */
export class RawPeer {
  readonly socket: Socket;
  readonly received: BgpMessage[] = [];
  readonly closed: Promise<void>;
  isClosed = false;
  private readonly framer = new MessageFramer(RX);

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Uint8Array) => {
      this.framer.push(chunk);
      while (this.framer.next()) {
        const bytes = this.framer.bytes.slice(this.framer.offset, this.framer.offset + this.framer.length);
        this.received.push(decodeMessage(bytes, RX));
      }
    });
    socket.on('error', () => {
      // A reset by the speaker is an expected outcome.
    });
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.isClosed = true;
        resolve();
      });
    });
  }

  /** Connects from `localAddress` to the speaker at `host:port`. */
  static connect(host: string, port: number, localAddress: string): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const s = connect({ host, port, localAddress });
      s.once('error', reject);
      s.once('connect', () => {
        s.off('error', reject);
        resolve(new RawPeer(s));
      });
    });
  }

  send(bytes: Uint8Array): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** Sends an OPEN (4-octet AS, IPv4 and IPv6 unicast, route refresh, enhanced route refresh) and a KEEPALIVE. */
  handshake(asn: number, bgpId: string, holdTime = 9, extra: readonly Capability[] = []): void {
    const open: OpenMessage = {
      type: 'OPEN',
      version: 4,
      myAs: asn > 0xffff ? 23456 : asn,
      holdTime,
      bgpId,
      capabilities: [
        { type: 'multiprotocol', afi: 1, safi: 1 },
        { type: 'multiprotocol', afi: 2, safi: 1 },
        { type: 'route-refresh' },
        { type: 'enhanced-route-refresh' },
        { type: 'as4', asn },
        ...extra,
      ],
    };
    this.send(encodeMessage(open));
    this.send(encodeMessage({ type: 'KEEPALIVE' }));
  }

  /** The NOTIFICATIONs received. */
  get notifications(): NotificationMessage[] {
    return this.received.filter((m): m is NotificationMessage => m.type === 'NOTIFICATION');
  }

  destroy(): void {
    this.socket.destroy();
  }
}
