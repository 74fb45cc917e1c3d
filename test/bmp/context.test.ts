// Contexts of the BGP PDUs inside BMP: from the monitored peer's Peer Up OPENs (RFC 7854
// section 4.10), the A flag (4.2), Adj-RIB-Out (RFC 8671 section 4), Loc-RIB (RFC 9069
// sections 5.2, 5.4.1), the explicit option, and "missing" where nothing says.
import { describe, expect, it } from 'vitest';
import { BmpPeers, bmpContext, decodeBmpMessage, encodeBmpMessage } from '../../src/bmp/index.ts';
import type { BmpMessage, BmpPeerHeader } from '../../src/bmp/index.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { encodeOpen } from '../../src/messages/open.ts';
import type { OpenMessage } from '../../src/messages/types.ts';
import type { UpdateMessage } from '../../src/attributes/types.ts';

const open = (asn: number, caps: OpenMessage['capabilities']): OpenMessage => ({ type: 'OPEN', version: 4, myAs: asn > 65535 ? 23456 : asn, holdTime: 90, bgpId: '192.0.2.9', capabilities: caps });
// The monitored router: 4-octet AS, ADD-PATH receive for IPv4 unicast.
const ROUTER = open(65000, [{ type: 'as4', asn: 65000 }, { type: 'add-path', families: [{ afi: 1, safi: 1, send: false, receive: true }] }]);
// Its peer: 4-octet AS, ADD-PATH send for IPv4 unicast.
const PEER_OPEN = open(65001, [{ type: 'as4', asn: 65001 }, { type: 'add-path', families: [{ afi: 1, safi: 1, send: true, receive: false }] }]);
const PEER: BmpPeerHeader = { peerType: 0, flags: 0, distinguisher: new Uint8Array(8), address: '192.0.2.1', as: 65001, bgpId: '192.0.2.1', seconds: 0, microseconds: 0 };

const peerUp = (peer: BmpPeerHeader, sent: OpenMessage, received: OpenMessage): BmpMessage => ({
  type: 'peer-up',
  peer,
  localAddress: '192.0.2.2',
  localPort: 179,
  remotePort: 40000,
  sentOpen: encodeOpen(sent),
  receivedOpen: encodeOpen(received),
  information: [],
});

// One route 198.51.100.0/24 from AS 65001 with path id 7 (ADD-PATH) and a 4-octet AS_PATH.
const UPDATE: UpdateMessage = {
  type: 'UPDATE',
  withdrawn: [],
  attributes: [
    { type: 'ORIGIN', origin: 'IGP' },
    { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65001, 4200000000] }] },
    { type: 'NEXT_HOP', nextHop: '192.0.2.1' },
  ],
  nlri: [{ prefix: '198.51.100.0/24', pathId: 7 }],
};

const rm = (peer: BmpPeerHeader, pdu: Uint8Array): BmpMessage => ({ type: 'route-monitoring', peer, pdu });

describe('BMP contexts', () => {
  it('Adj-RIB-In (O clear): what the peer sent, contextFor(received, sent): ADD-PATH and 4-octet AS', () => {
    const ctx = bmpContext(PEER, ROUTER, PEER_OPEN);
    expect(ctx.as4).toBe(true);
    expect(ctx.addPath).toEqual([{ afi: 1, safi: 1 }]);
    const peers = new BmpPeers();
    expect(peers.read(peerUp(PEER, ROUTER, PEER_OPEN)).map((p) => p.message?.type)).toEqual(['OPEN', 'OPEN']);
    const pdu = encodeMessage(UPDATE, ctx);
    const [got] = peers.read(rm(PEER, pdu));
    expect(got?.contextSource).toBe('peer-up');
    expect((got?.message as UpdateMessage).nlri).toEqual([{ prefix: '198.51.100.0/24', pathId: 7 }]);
  });

  it('Adj-RIB-Out (O set, RFC 8671 section 4): what the router sends, contextFor(sent, received): no ADD-PATH that way', () => {
    const out = { ...PEER, flags: 0x10 };
    expect(bmpContext(out, ROUTER, PEER_OPEN).addPath).toEqual([]);
    // The same OPENs read the other way round would give ADD-PATH: the O flag decides.
    expect(bmpContext(out, PEER_OPEN, ROUTER).addPath).toEqual([{ afi: 1, safi: 1 }]);
  });

  it('the A flag (RFC 7854 section 4.2) decides the AS_PATH width of Route Monitoring, not of Route Mirroring', () => {
    expect(bmpContext({ ...PEER, flags: 0x20 }, ROUTER, PEER_OPEN).as4).toBe(false);
    expect(bmpContext({ ...PEER, flags: 0x20 }, ROUTER, PEER_OPEN, true).as4).toBe(true);
    // A 2-octet session reformatted to 4 octets by the router (A clear): 4-octet.
    const old = open(65001, []);
    expect(bmpContext(PEER, ROUTER, old).as4).toBe(true);
    expect(bmpContext({ ...PEER, flags: 0x20 }, ROUTER, old).as4).toBe(false);
  });

  it('Loc-RIB (type 3, RFC 9069): the fabricated OPEN, 4-octet AS, ADD-PATH wherever the capability appears', () => {
    const loc = { ...PEER, peerType: 3, address: '0.0.0.0' };
    const fabricated = open(65000, [{ type: 'add-path', families: [{ afi: 2, safi: 1, send: false, receive: true }] }]);
    const ctx = bmpContext(loc, fabricated, fabricated);
    expect(ctx.as4).toBe(true); // section 5.4.1, even without the capability in this OPEN
    expect(ctx.addPath).toEqual([{ afi: 2, safi: 1 }]); // section 5.2: "the capability intent ... can be ignored"
  });

  it('no Peer Up: the context is missing (never guessed); the option gives one; a function overrides', () => {
    const pdu = encodeMessage(UPDATE, sessionContext({ as4: true, addPath: [{ afi: 1, safi: 1 }] }));
    expect(new BmpPeers().read(rm(PEER, pdu))[0]).toEqual({ role: 'update', bytes: pdu, missing: 'no Peer Up seen for this peer (give a context option)' });
    const given = sessionContext({ as4: true, addPath: [{ afi: 1, safi: 1 }] });
    const [v] = new BmpPeers({ context: given }).read(rm(PEER, pdu));
    expect(v?.contextSource).toBe('option');
    expect((v?.message as UpdateMessage).nlri[0]).toEqual({ prefix: '198.51.100.0/24', pathId: 7 });
    // A value does not replace a Peer Up's context; a function that answers does.
    const withUp = new BmpPeers({ context: sessionContext({ as4: false }) });
    withUp.read(peerUp(PEER, ROUTER, PEER_OPEN));
    expect(withUp.read(rm(PEER, pdu))[0]?.contextSource).toBe('peer-up');
    const fn = new BmpPeers({ context: (i) => (i.peer.address === '192.0.2.1' ? given : undefined) });
    fn.read(peerUp(PEER, ROUTER, PEER_OPEN));
    expect(fn.read(rm(PEER, pdu))[0]?.contextSource).toBe('option');
  });

  it('Peer Down forgets the peer; a new Peer Up replaces the context; peers are keyed by type, RD and address', () => {
    const peers = new BmpPeers();
    peers.read(peerUp(PEER, ROUTER, PEER_OPEN));
    const pdu = encodeMessage(UPDATE, bmpContext(PEER, ROUTER, PEER_OPEN));
    // Another RD instance with the same address has no Peer Up.
    const rd = { ...PEER, peerType: 1, distinguisher: Uint8Array.from([0, 0, 0xfd, 0xe9, 0, 0, 0, 1]) };
    expect(peers.read(rm(rd, pdu))[0]?.missing).toBeDefined();
    expect(peers.read(rm(PEER, pdu))[0]?.message).toBeDefined();
    const down: BmpMessage = { type: 'peer-down', peer: PEER, reason: 4 };
    expect(peers.read(decodeBmpMessage(encodeBmpMessage(down)))).toEqual([]);
    expect(peers.size).toBe(0);
    expect(peers.read(rm(PEER, pdu))[0]?.missing).toBeDefined();
  });

  it('an OPEN that does not decode: the OPEN error and the missing context say so', () => {
    const bad = { ...(peerUp(PEER, ROUTER, PEER_OPEN) as Extract<BmpMessage, { type: 'peer-up' }>) };
    const broken = bad.receivedOpen.slice();
    broken[19] = 9; // BGP version 9 decodes (strict rejects); break the length of the optional parameters instead
    broken[28] = 200;
    const peers = new BmpPeers();
    const [, rx] = peers.read({ ...bad, receivedOpen: broken });
    expect(rx?.error).toBeDefined();
    const [u] = peers.read(rm(PEER, encodeMessage(UPDATE, sessionContext({ as4: true, addPath: [{ afi: 1, safi: 1 }] }))));
    expect(u?.missing).toMatch(/received OPEN does not decode/);
  });
});
