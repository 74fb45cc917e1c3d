import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Peer, Speaker } from '../../src/node/index.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { BASE, CASES, type ConformanceCase, ctx4, ctxErr, msg, NLRI } from '../errors/cases.ts';
import { closeAll, listening, until } from './helpers.ts';
import { RawPeer } from './raw-peer.ts';

// A hostile peer: after Established, a raw TCP peer sends each malformed message of the error
// conformance table (test/errors/cases.ts). The Speaker must answer every session-reset case with
// the expected NOTIFICATION and close, apply the RFC 7606 action otherwise, never throw out of
// the Peer, and keep the process up. Rows written for another session kind (2-octet AS, internal,
// confederation, extended messages) or strict decoding are left out; the rest run against one
// external 4-octet session with enhanced route refresh, as the rows' contexts say.
const applicable = CASES.filter((c) => c.strict !== true && (c.ctx === undefined || c.ctx === ctx4 || c.ctx === ctxErr) && !(c.id.startsWith('rr/') && c.ctx !== ctxErr));

const ANNOUNCE = fromHex(msg(2, `0000 0014 ${BASE} ${NLRI}`));

let speaker: Speaker;
let port = 0;
let peer: Peer;
const errors: string[] = [];

beforeAll(async () => {
  ({ speaker, port } = await listening({ localAs: 65000, bgpId: '10.255.0.100' }, '127.0.0.1'));
  // No extended messages (the rows assume 4096), passive: the raw peer connects.
  peer = speaker.addPeer({ address: '127.0.0.6', peerAs: 65001, passive: true, extendedMessage: false, holdTime: 9, connectRetryTime: 1, idleHoldTime: 0.05, maxIdleHoldTime: 0.05 });
  peer.on('error', (e) => errors.push(e.message));
});
afterAll(closeAll);

async function session(): Promise<RawPeer> {
  await until('the peer to listen again (Active)', 5000, () => peer.state === 'Active');
  const raw = await RawPeer.connect('127.0.0.1', port, '127.0.0.6');
  raw.handshake(65001, '10.255.0.101', 9);
  await peer.established();
  return raw;
}

function expected(c: ConformanceCase): { code: number; subcode: number; data?: string } | undefined {
  if (c.expect.kind !== 'throw') return undefined;
  // An OPEN in Established is an unexpected message whatever it holds: FSM Error 5/3, data 01 (RFC 6608).
  if (c.hex.slice(36, 38) === '01' && c.expect.code === 2) return { code: 5, subcode: 3, data: '01' };
  return { code: c.expect.code, subcode: c.expect.subcode, ...(c.expect.data === undefined ? {} : { data: c.expect.data }) };
}

describe('a hostile peer sends every malformed message of the conformance table after Established', () => {
  it('covers the table', () => {
    expect(applicable.length).toBeGreaterThanOrEqual(60);
    expect(applicable.filter((c) => c.expect.kind === 'throw').length).toBeGreaterThanOrEqual(20);
  });

  const resets = applicable.filter((c) => c.expect.kind === 'throw');
  it.each(resets.map((c) => [c.id, c] as const))('%s: the expected NOTIFICATION, then the connection closes', async (_id, c) => {
    const raw = await session();
    const before = errors.length;
    raw.send(fromHex(c.hex));
    await Promise.race([raw.closed, new Promise((r) => setTimeout(r, 5000))]);
    expect(raw.isClosed).toBe(true);
    const want = expected(c);
    const got = raw.notifications.at(-1);
    expect({ code: got?.code, subcode: got?.subcode }).toEqual({ code: want?.code, subcode: want?.subcode });
    if (want?.data !== undefined && want.data !== '') expect(toHex(got?.data ?? new Uint8Array(0)).startsWith(want.data.slice(0, 64))).toBe(true);
    // Nothing but the FSM's own handling: no decoder bug reported, the Peer still stands.
    expect(errors.slice(before)).toEqual([]);
    expect(['Idle', 'Active']).toContain(peer.state);
  });

  const kept = applicable.filter((c) => c.expect.kind !== 'throw');
  it(`the ${kept.length} other rows: the RFC 7606 action on one session that stays up`, async () => {
    const raw = await session();
    let updates = 0;
    const count = (): void => {
      updates++;
    };
    peer.on('update', count);
    const have = (): boolean => [...peer.adjRibIn()].some((r) => r.prefix === '198.51.100.0/24');
    let checked = 0;
    let withdrawn = 0;
    let discarded = 0;
    for (const c of kept) {
      raw.send(ANNOUNCE);
      await until(`${c.id}: the valid announcement`, 3000, have);
      const n = updates;
      raw.send(fromHex(c.hex));
      await until(`${c.id}: the UPDATE to be processed`, 3000, () => updates > n || c.hex.slice(36, 38) !== '02');
      expect(peer.state, c.id).toBe('Established');
      const e = c.expect;
      const action = e.kind === 'issue' ? (e.messageAction ?? e.action) : undefined;
      if (action === 'treat-as-withdraw' && c.hex.endsWith(hexOf(NLRI))) {
        // RFC 7606 section 2: the routes of the UPDATE are withdrawn.
        expect(have(), `${c.id}: treat-as-withdraw`).toBe(false);
        withdrawn++;
      } else if (action === 'attribute-discard' && c.hex.endsWith(hexOf(NLRI))) {
        // The attribute goes, the route stays.
        expect(have(), `${c.id}: attribute-discard`).toBe(true);
        discarded++;
      }
      checked++;
    }
    peer.off('update', count);
    expect(checked).toBe(kept.length);
    expect(withdrawn).toBeGreaterThanOrEqual(24);
    expect(discarded).toBeGreaterThanOrEqual(8);
    expect(raw.notifications).toEqual([]);
    expect(raw.isClosed).toBe(false);
    expect(errors).toEqual([]);
    raw.destroy();
  });
});

function hexOf(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}
