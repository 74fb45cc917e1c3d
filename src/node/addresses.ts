import type { Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { CeaseSubcode, ErrorCode } from '../iana.ts';
import { encodeMessage } from '../messages/encode.ts';
import { parseIPv4 } from '../wire/ip.ts';

/** Plain IPv4 text for an IPv4-mapped IPv6 socket address (`::ffff:192.0.2.1`). */
export function plainAddress(a: string | undefined): string | undefined {
  if (a === undefined) return undefined;
  return a.startsWith('::ffff:') && parseIPv4(a.slice(7)) !== undefined ? a.slice(7) : a;
}

/** RFC 2545 section 3: the link-local address of the interface holding `address`, if any. */
export function linkLocalOf(address: string): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    if (list === undefined || !list.some((i) => i.address === address)) continue;
    const ll = list.find((i) => i.family === 'IPv6' && i.address.toLowerCase().startsWith('fe80:'));
    if (ll !== undefined) return ll.address.split('%')[0];
  }
  return undefined;
}

/**
 * NEXT_HOP self (RFC 4271 5.1.3): the configured next hops, else the session's local address;
 * for IPv6 the global address plus the link-local one of its interface (RFC 2545 section 3).
 */
export function nextHopsSelf(nextHop: string | undefined, nextHop6: readonly string[] | undefined, local: string | undefined): { nextHop4: string | undefined; nextHop6: readonly string[] | undefined } {
  const nextHop4 = nextHop !== undefined && parseIPv4(nextHop) !== undefined ? nextHop : local !== undefined && parseIPv4(local) !== undefined ? local : undefined;
  if (nextHop6 !== undefined || local === undefined || !local.includes(':')) return { nextHop4, nextHop6 };
  const ll = linkLocalOf(local);
  return { nextHop4, nextHop6: ll === undefined ? [local] : [local, ll] };
}

/** RFC 4486: Cease 5 "Connection Rejected", then close. */
export function rejectSocket(socket: Socket): void {
  socket.on('error', () => {
    // The peer may reset first; nothing to report.
  });
  socket.end(encodeMessage({ type: 'NOTIFICATION', code: ErrorCode.Cease, subcode: CeaseSubcode.ConnectionRejected, data: new Uint8Array(0) }));
  const t = setTimeout(() => socket.destroy(), 2000);
  t.unref();
  socket.once('close', () => clearTimeout(t));
}
