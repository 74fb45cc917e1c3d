import { describe, expect, it } from 'vitest';
import type { UpdateMessage } from '../../src/attributes/types.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { validateAsPath } from '../../src/messages/validate-update.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { ctx2, ctx4, ctxConfed, ctxInternal, hx, msg, NEXT_HOP, NLRI, ORIGIN } from '../errors/cases.ts';

describe('validateAsPath (RFC 4271 6.3, RFC 7606 7.2, RFC 5065 5)', () => {
  const withPath = (segments: string, ctx = ctx4): UpdateMessage => {
    const len = hx(segments).length / 2;
    const attr = `40 02 ${len.toString(16).padStart(2, '0')} ${segments}`;
    const alen = 4 + 3 + len + 7;
    const m = decodeMessage(fromHex(msg(2, `0000 ${alen.toString(16).padStart(4, '0')} ${ORIGIN} ${attr} ${NEXT_HOP} ${NLRI}`)), ctx);
    if (m.type !== 'UPDATE') throw new Error('not an UPDATE');
    return m;
  };
  const peer = { asn: 65001, peerType: 'external' } as const;

  it('accepts a path whose leftmost AS is the external peer', () => {
    expect(validateAsPath(withPath('02 02 0000fde9 0000fdea'), peer)).toEqual([]);
  });
  it('treats a path from another AS as withdrawn by default (7.2: SHOULD)', () => {
    const [i, ...rest] = validateAsPath(withPath('02 01 0000fdea'), peer);
    expect(rest).toEqual([]);
    expect([i?.action, i?.code, i?.subcode, toHex(i?.data ?? new Uint8Array(1))]).toEqual(['treat-as-withdraw', 3, 11, '']);
  });
  it('resets the session when configured to (7.2: MAY)', () => {
    expect(validateAsPath(withPath('02 01 0000fdea'), peer, { firstAs: 'session-reset' }).map((i) => i.action)).toEqual(['session-reset']);
  });
  it('is switched off for route servers', () => {
    expect(validateAsPath(withPath('02 01 0000fdea'), peer, { firstAs: 'off' })).toEqual([]);
  });
  it('has no leftmost AS in an empty path or a leading AS_SET', () => {
    expect(validateAsPath(withPath(''), peer)).toHaveLength(1);
    expect(validateAsPath(withPath('01 01 0000fde9'), peer)).toHaveLength(1);
  });
  it('accepts AS_TRANS for a 4-octet peer AS on a 2-octet session (RFC 6793 4.2.2)', () => {
    expect(validateAsPath(withPath('02 01 5ba0', ctx2), { asn: 4200000001, peerType: 'external' })).toEqual([]);
  });
  it('rejects AS_CONFED segments from outside the confederation (RFC 5065 5)', () => {
    const issues = validateAsPath(withPath('03 01 0000fdeb 02 01 0000fde9'), peer);
    expect(issues.map((i) => [i.subcode, i.action])).toEqual([[11, 'treat-as-withdraw'], [11, 'treat-as-withdraw']]);
    expect(validateAsPath(withPath('02 01 0000fde9 04 01 0000fdeb'), peer, { firstAs: 'off' })).toHaveLength(1);
  });
  it('wants an AS_CONFED_SEQUENCE first from a confederation peer (RFC 5065 5)', () => {
    expect(validateAsPath(withPath('03 01 0000fdeb 02 01 0000fde9', ctxConfed), { asn: 65003, peerType: 'confed-external' })).toEqual([]);
    expect(validateAsPath(withPath('02 01 0000fde9', ctxConfed), { asn: 65003, peerType: 'confed-external' })).toHaveLength(1);
  });
  it('does not check internal peers or UPDATEs without AS_PATH', () => {
    expect(validateAsPath(withPath('02 01 0000fdea', ctxInternal), { asn: 65001, peerType: 'internal' })).toEqual([]);
    const withdraw = decodeMessage(fromHex(msg(2, `0004 ${NLRI} 0000`)), ctx4) as UpdateMessage;
    expect(validateAsPath(withdraw, peer)).toEqual([]);
  });
  it('never throws on a hand-built value', () => {
    expect(validateAsPath({ type: 'UPDATE', withdrawn: [], attributes: [{ type: 'AS_PATH', segments: [] }], nlri: [] }, peer)).toHaveLength(1);
  });
});

