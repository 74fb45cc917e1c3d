import { describe, expect, it } from 'vitest';
import type { Capability } from '../../src/capabilities/types.ts';
import { contextFor, localAsOf } from '../../src/messages/context-for.ts';
import type { OpenMessage } from '../../src/messages/types.ts';

function open(myAs: number, caps: Capability[], holdTime = 90): OpenMessage {
  return { type: 'OPEN', version: 4, myAs, holdTime, bgpId: '192.0.2.1', capabilities: caps };
}

const gr = (n: boolean): Capability => ({ type: 'graceful-restart', restarting: false, notification: n, restartTime: 120, families: [] });

describe('contextFor (one direction of a session)', () => {
  it('two OPENs without capabilities: 2-octet AS, IPv4 unicast only, external', () => {
    expect(contextFor(open(65001, []), open(65002, []))).toEqual({
      as4: false,
      asn4: false,
      addPath: [],
      extendedMessage: false,
      families: [],
      extendedNextHop: [],
      enhancedRouteRefresh: false,
      hardReset: false,
      holdTime: 90,
      peerType: 'external',
    });
  });

  it('4-octet AS only when both announce capability 65 (RFC 6793 section 4.1)', () => {
    const a = open(23456, [{ type: 'as4', asn: 4200000000 }]);
    expect(contextFor(a, open(65002, [{ type: 'as4', asn: 65002 }])).as4).toBe(true);
    expect(contextFor(a, open(65002, [])).as4).toBe(false);
    expect(localAsOf(a)).toBe(4200000000);
    expect(localAsOf(open(65002, []))).toBe(65002);
  });

  it('ADD-PATH per direction: the sender may send and the receiver may receive (RFC 7911 section 5)', () => {
    const sender = open(1, [{ type: 'add-path', families: [
      { afi: 1, safi: 1, send: true, receive: false },
      { afi: 2, safi: 1, send: false, receive: true },
      { afi: 1, safi: 2, send: true, receive: true, mode: 7 },
    ] }]);
    const receiver = open(2, [{ type: 'add-path', families: [
      { afi: 1, safi: 1, send: false, receive: true },
      { afi: 2, safi: 1, send: true, receive: true },
      { afi: 1, safi: 2, send: true, receive: true },
    ] }]);
    expect(contextFor(sender, receiver).addPath).toEqual([{ afi: 1, safi: 1 }]);
    // The other direction: receiver sends IPv6 (send), sender receives IPv6 (receive).
    expect(contextFor(receiver, sender).addPath).toEqual([{ afi: 2, safi: 1 }]);
  });

  it('extended messages when the receiver announced capability 6 (RFC 8654 section 4)', () => {
    // "A BGP speaker MAY send BGP Extended Messages to a peer only if the BGP Extended Message
    // Capability was received from that peer."
    const ext = open(1, [{ type: 'extended-message' }]);
    const plain = open(2, []);
    expect(contextFor(plain, ext).extendedMessage).toBe(true);
    expect(contextFor(ext, plain).extendedMessage).toBe(false);
  });

  it('families both announced; a speaker without MP counts as IPv4 unicast (RFC 4760 section 8)', () => {
    const v4v6 = open(1, [{ type: 'multiprotocol', afi: 1, safi: 1 }, { type: 'multiprotocol', afi: 2, safi: 1 }]);
    const v6vpn = open(2, [{ type: 'multiprotocol', afi: 2, safi: 1 }, { type: 'multiprotocol', afi: 1, safi: 128 }]);
    expect(contextFor(v4v6, v6vpn).families).toEqual([{ afi: 2, safi: 1 }]);
    expect(contextFor(v4v6, open(3, [])).families).toEqual([{ afi: 1, safi: 1 }]);
    expect(contextFor(v6vpn, open(3, [])).families).toEqual([]);
  });

  it('extended next hop triples both announced (RFC 8950 section 4)', () => {
    const a = open(1, [{ type: 'extended-next-hop', families: [{ afi: 1, safi: 1, nextHopAfi: 2 }, { afi: 1, safi: 128, nextHopAfi: 2 }] }]);
    const b = open(2, [{ type: 'extended-next-hop', families: [{ afi: 1, safi: 1, nextHopAfi: 2 }] }]);
    expect(contextFor(a, b).extendedNextHop).toEqual([{ afi: 1, safi: 1, nextHopAfi: 2 }]);
    expect(contextFor(a, open(2, [])).extendedNextHop).toEqual([]);
  });

  it('enhanced route refresh both, Hard Reset both with the N bit of the last GR capability', () => {
    const err: Capability = { type: 'enhanced-route-refresh' };
    expect(contextFor(open(1, [err]), open(2, [err])).enhancedRouteRefresh).toBe(true);
    expect(contextFor(open(1, [err]), open(2, [])).enhancedRouteRefresh).toBe(false);
    expect(contextFor(open(1, [gr(true)]), open(2, [gr(true)])).hardReset).toBe(true);
    expect(contextFor(open(1, [gr(true)]), open(2, [gr(false)])).hardReset).toBe(false);
    // RFC 4724 section 3: "MUST ignore all but the last instance".
    expect(contextFor(open(1, [gr(false), gr(true)]), open(2, [gr(true)])).hardReset).toBe(true);
    expect(contextFor(open(1, [gr(true), gr(false)]), open(2, [gr(true)])).hardReset).toBe(false);
  });

  it('hold time is the smaller one, and 0 stays 0 (RFC 4271 section 4.2)', () => {
    expect(contextFor(open(1, [], 180), open(2, [], 90)).holdTime).toBe(90);
    expect(contextFor(open(1, [], 0), open(2, [], 90)).holdTime).toBe(0);
  });

  it('roles and peer type', () => {
    const c = contextFor(open(1, [{ type: 'role', role: 3 }]), open(2, [{ type: 'role', role: 0 }]));
    expect(c.roles).toEqual({ sender: 3, receiver: 0 });
    expect(contextFor(open(1, []), open(2, [{ type: 'role', role: 4 }])).roles).toEqual({ receiver: 4 });
    // Same AS (via the 4-octet capability): internal; options override.
    expect(contextFor(open(23456, [{ type: 'as4', asn: 65536 }]), open(23456, [{ type: 'as4', asn: 65536 }])).peerType).toBe('internal');
    expect(contextFor(open(23456, [{ type: 'as4', asn: 65536 }]), open(23456, [{ type: 'as4', asn: 65537 }])).peerType).toBe('external');
    expect(contextFor(open(1, []), open(2, []), { peerType: 'confed-external' }).peerType).toBe('confed-external');
  });
});
