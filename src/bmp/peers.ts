import type { SessionContext } from '../context/session-context.ts';
import { checkObject, checkOptions } from '../wire/args.ts';
import { decodeMessage } from '../messages/decode.ts';
import type { BgpMessage } from '../messages/types.ts';
import { BgpError } from '../wire/errors.ts';
import { type BmpContextOption, type BmpContextSource, type BmpPeerOpens, bmpPeerKey, chooseBmpContext, peerUpOpens } from './context.ts';
import { BmpMirroringTlv } from './iana.ts';
import type { BmpMessage, BmpPeerHeader } from './types.ts';

/** Which BGP PDU of a BMP message. */
export type BmpPduRole = 'update' | 'sent-open' | 'received-open' | 'notification' | 'mirrored';

/** A BGP PDU carried in a BMP message, decoded where its context is known. */
export interface BmpPdu {
  readonly role: BmpPduRole;
  /** The PDU, header included. */
  readonly bytes: Uint8Array;
  /** The decoded message (with RFC 7606 `issues` for UPDATEs), when it decodes. */
  readonly message?: BgpMessage;
  /** Why it does not decode. */
  readonly error?: BgpError;
  /** The context it was decoded with (UPDATEs and mirrored messages). */
  readonly context?: SessionContext;
  readonly contextSource?: BmpContextSource;
  /** Set when the PDU needs a context and none is known: why (never guessed). */
  readonly missing?: string;
}

/** The BGP PDUs of a BMP message, undecoded, in wire order (RFC 7854 sections 4.6-4.10). */
export function bmpPdus(m: BmpMessage): { role: BmpPduRole; bytes: Uint8Array }[] {
  checkObject(m, 'bmpPdus', 'message');
  switch (m.type) {
    case 'route-monitoring':
      return [{ role: 'update', bytes: m.pdu }];
    case 'peer-up':
      return [
        { role: 'sent-open', bytes: m.sentOpen },
        { role: 'received-open', bytes: m.receivedOpen },
      ];
    case 'peer-down':
      return m.notification === undefined ? [] : [{ role: 'notification', bytes: m.notification }];
    case 'route-mirroring': {
      const out: { role: BmpPduRole; bytes: Uint8Array }[] = [];
      for (const t of m.tlvs) if (t.type === BmpMirroringTlv.BgpMessage && 'value' in t) out.push({ role: 'mirrored', bytes: t.value });
      return out;
    }
    default:
      return [];
  }
}

/** Options of {@link BmpPeers}. */
export interface BmpPeersOptions {
  /** A context for peers without a Peer Up, or a function deciding per PDU (see {@link BmpContextOption}). Default none. */
  readonly context: BmpContextOption;
  /** Monitored peers remembered at once; beyond that the least recently used is forgotten. Default 65536. */
  readonly maxPeers: number;
}

/**
 * The state of one BMP session (one monitored router): the Peer Up OPENs of each monitored
 * peer, so the BGP PDUs inside later messages decode with the right context (see
 * {@link bmpContext}). Pure: feed it messages in stream order.
 * @example const peers = new BmpPeers(); for (const pdu of peers.read(decodeBmpMessage(bytes))) use(pdu.message)
 */
export class BmpPeers {
  private readonly option: BmpContextOption;
  private readonly maxPeers: number;
  private readonly opens = new Map<string, BmpPeerOpens>();

  constructor(options?: Partial<BmpPeersOptions>) {
    if (options !== undefined) checkOptions(options, 'BmpPeers', 'options');
    this.option = options?.context;
    this.maxPeers = options?.maxPeers ?? 65536;
  }

  /** Monitored peers with a Peer Up remembered. */
  get size(): number {
    return this.opens.size;
  }

  /** The remembered Peer Up OPENs of `peer`, if any. */
  opensOf(peer: BmpPeerHeader): BmpPeerOpens | undefined {
    return this.opens.get(bmpPeerKey(peer));
  }

  /**
   * Takes the next message of the session: a Peer Up is remembered (before its OPENs are
   * returned), a Peer Down forgets the peer (after its NOTIFICATION is), and every BGP PDU in
   * the message comes back decoded, or with its error or missing context beside it.
   */
  read(m: BmpMessage): BmpPdu[] {
    checkObject(m, 'BmpPeers.read', 'message');
    if (m.type === 'peer-up') {
      const key = bmpPeerKey(m.peer);
      this.opens.delete(key);
      if (this.opens.size >= this.maxPeers) {
        const oldest = this.opens.keys().next().value as string;
        this.opens.delete(oldest);
      }
      this.opens.set(key, peerUpOpens(m));
    }
    const out: BmpPdu[] = [];
    for (const { role, bytes } of bmpPdus(m)) out.push(this.decodePdu(m, role, bytes));
    if (m.type === 'peer-down') this.opens.delete(bmpPeerKey(m.peer));
    return out;
  }

  /** Forgets every peer (the router reconnected: RFC 7854 section 3.3, a new session starts from scratch). */
  clear(): void {
    this.opens.clear();
  }

  private decodePdu(m: BmpMessage, role: BmpPduRole, bytes: Uint8Array): BmpPdu {
    if (role !== 'update' && role !== 'mirrored') return decodeOne(role, bytes, undefined);
    const peer = (m as { peer: BmpPeerHeader }).peer;
    const key = bmpPeerKey(peer);
    const opens = this.opens.get(key);
    if (opens !== undefined) {
      // Recency order for the bound.
      this.opens.delete(key);
      this.opens.set(key, opens);
    }
    // A mirrored message that is not an UPDATE needs no context.
    if (role === 'mirrored' && bytes[18] !== 2) return decodeOne(role, bytes, undefined);
    const choice = chooseBmpContext(peer, opens, this.option, role === 'mirrored');
    if (choice.context === undefined) return { role, bytes, missing: choice.missing };
    return { ...decodeOne(role, bytes, choice.context), contextSource: choice.source };
  }
}

function decodeOne(role: BmpPduRole, bytes: Uint8Array, context: SessionContext | undefined): BmpPdu {
  const base = context === undefined ? { role, bytes } : { role, bytes, context };
  try {
    const message = decodeMessage(bytes, context);
    if (message.type === 'UPDATE' || message.type === 'OPEN' || message.type === 'NOTIFICATION') {
      // One PDU per field: bytes after the BGP message's own length are news.
      const len = ((bytes[16] as number) << 8) | (bytes[17] as number);
      if (len !== bytes.length) return { ...base, message, error: new BgpError(0, 0, `${bytes.length - len} bytes after the ${message.type}`, undefined, `BMP.${role}`) };
    }
    return { ...base, message };
  } catch (e) {
    if (e instanceof BgpError) return { ...base, error: e };
    if (e instanceof TypeError) return { ...base, error: new BgpError(0, 0, e.message, undefined, `BMP.${role}`) };
    throw e;
  }
}
