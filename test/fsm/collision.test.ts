import { describe, expect, it } from 'vitest';
import { detectCollision } from '../../src/fsm/index.ts';
import type { CollisionInput } from '../../src/fsm/index.ts';

// The usual collision: our connection (we sent the SYN) reached OpenConfirm; the OPEN arrives on
// the connection the peer opened.
const base: CollisionInput = {
  existing: { state: 'OpenConfirm', initiatedLocally: true },
  incoming: { state: 'OpenSent', initiatedLocally: false },
  localBgpId: '10.0.0.1',
  remoteBgpId: '10.0.0.2',
  localAs: 65001,
  remoteAs: 65002,
};

describe('connection collision detection (RFC 4271 section 6.8, RFC 6286 section 2.3)', () => {
  it('"If the value of the local BGP Identifier is less than the remote one, the local system closes the BGP connection that already exists"', () => {
    expect(detectCollision(base).close).toBe('existing');
  });

  it('"Otherwise, the local system closes the newly created BGP connection"', () => {
    expect(detectCollision({ ...base, localBgpId: '10.0.0.3' }).close).toBe('incoming');
  });

  it('compares identifiers as 4-octet unsigned integers, not as text', () => {
    // '9.0.0.0' < '10.0.0.0' numerically, though not as a string.
    expect(detectCollision({ ...base, localBgpId: '9.0.0.0', remoteBgpId: '10.0.0.0' }).close).toBe('existing');
    expect(detectCollision({ ...base, localBgpId: '255.0.0.0', remoteBgpId: '10.0.0.0' }).close).toBe('incoming');
  });

  it('keeps the connection initiated by the higher identifier whichever connection is older', () => {
    // Our existing connection was opened by the peer; the new one by us. The peer's id is higher: keep its connection.
    const r = detectCollision({ ...base, existing: { state: 'OpenConfirm', initiatedLocally: false }, incoming: { state: 'OpenSent', initiatedLocally: true } });
    expect(r.close).toBe('incoming');
  });

  it('RFC 6286 2.3: "If the BGP Identifiers ... are identical, then the connection initiated by the BGP speaker with the larger AS number is preserved"', () => {
    const same = { ...base, remoteBgpId: '10.0.0.1' };
    expect(detectCollision({ ...same, localAs: 65001, remoteAs: 65002 }).close).toBe('existing');
    expect(detectCollision({ ...same, localAs: 65003, remoteAs: 65002 }).close).toBe('incoming');
    expect(detectCollision({ ...same, localAs: 4200000000, remoteAs: 65002 }).close).toBe('incoming');
  });

  it('"a connection collision cannot be detected with connections that are in Idle, Connect, or Active states"', () => {
    for (const state of ['Idle', 'Connect', 'Active'] as const) {
      expect(detectCollision({ ...base, existing: { state, initiatedLocally: true } }).close).toBe('none');
    }
  });

  it('"MAY also examine connections in an OpenSent state if it knows the BGP Identifier of the peer"', () => {
    const os = { ...base, existing: { state: 'OpenSent' as const, initiatedLocally: true } };
    expect(detectCollision(os).close).toBe('none');
    expect(detectCollision({ ...os, existingPeerIdKnown: true }).close).toBe('existing');
  });

  it('"Unless allowed via configuration, a connection collision with an existing BGP connection that is in the Established state causes closing of the newly created connection"', () => {
    const est = { ...base, existing: { state: 'Established' as const, initiatedLocally: true } };
    expect(detectCollision(est).close).toBe('incoming');
    expect(detectCollision({ ...est, collisionDetectEstablishedState: true }).close).toBe('existing');
  });

  it('never throws on a bad identifier', () => {
    expect(detectCollision({ ...base, remoteBgpId: 'nonsense' }).close).toBe('incoming');
  });
});
