import { requireContext } from '../context/session-context.ts';
import type { RibPeer } from './types.ts';

/**
 * The peer with its `inbound`/`outbound` contexts completed (`as4` and its deprecated alias
 * `asn4` both present and equal), so the RIBs read `as4` on hand-made contexts too; the
 * same object when nothing needs completing.
 * @throws TypeError naming the field when a context is not one.
 */
export function withPeerContexts(peer: RibPeer): RibPeer {
  const inbound = peer.inbound === undefined ? undefined : requireContext(peer.inbound, 'rib peer inbound');
  const outbound = peer.outbound === undefined ? undefined : requireContext(peer.outbound, 'rib peer outbound');
  if (inbound === peer.inbound && outbound === peer.outbound) return peer;
  return { ...peer, ...(inbound === undefined ? {} : { inbound }), ...(outbound === undefined ? {} : { outbound }) };
}
