import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UpdateMessage } from '../../src/attributes/types.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { notificationFor } from '../../src/messages/notification-for.ts';
import { decodeOpen } from '../../src/messages/open.ts';
import { validateOpen } from '../../src/messages/validate-open.ts';
import { BgpError } from '../../src/wire/errors.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { repoRoot } from '../helpers/shared.ts';
import { CASES, msg, tripleOf } from './cases.ts';

function decodeOrError(bytes: Uint8Array, c: (typeof CASES)[number], strict = c.strict ?? false): { value?: ReturnType<typeof decodeMessage>; error?: unknown } {
  try {
    return { value: decodeMessage(bytes, c.ctx, { strict }) };
  } catch (error) {
    return { error };
  }
}

describe('conformance table: RFC 4271 section 6, RFC 7313 section 5, RFC 7606 (test/errors/cases.ts)', () => {
  it('has a row per condition, with unique ids', () => {
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(70);
  });

  for (const c of CASES) {
    it(`${c.id} (${c.rfc})`, () => {
      const bytes = fromHex(c.hex);
      const { value, error } = decodeOrError(bytes, c);
      const e = c.expect;
      if (e.kind === 'throw') {
        expect(error, `${c.id}: expected a BgpError, got ${JSON.stringify(value && 'type' in value ? value.type : value)}`).toBeInstanceOf(BgpError);
        const b = error as BgpError;
        expect({ code: b.code, subcode: b.subcode }).toEqual({ code: e.code, subcode: e.subcode });
        if (e.data !== undefined) expect(toHex(b.data)).toBe(e.data);
        // The NOTIFICATION it names encodes (RFC 4271 section 4.5).
        const n = notificationFor(b, c.ctx);
        expect(toHex(encodeMessage(n, c.ctx)).slice(38)).toBe(`${toHex(Uint8Array.of(e.code, e.subcode))}${toHex(b.data)}`);
        return;
      }
      if (error !== undefined) throw error;
      const m = value as NonNullable<typeof value>;
      // Every decoded message re-encodes byte for byte, malformed parts included.
      expect(toHex(encodeMessage(m, c.ctx))).toBe(c.hex);
      if (e.kind === 'ok') {
        expect(m.type === 'UPDATE' ? m.issues : undefined).toBeUndefined();
        return;
      }
      expect(m.type).toBe('UPDATE');
      const u = m as UpdateMessage;
      const found = (u.issues ?? []).find((i) => i.code === e.code && i.subcode === e.subcode && i.action === e.action);
      expect(found, `${c.id}: issues ${JSON.stringify(u.issues?.map((i) => [i.code, i.subcode, i.action, i.reason]))}`).toBeDefined();
      expect(toHex(found?.data ?? new Uint8Array(0))).toBe(e.data);
      expect(u.action).toBe(e.messageAction ?? e.action);
      // Strict decoding is the classic RFC 4271 speaker: any real error resets the session.
      if (c.strictAccepts === true) expect(decodeOrError(bytes, c, true).error).toBeUndefined();
      else if (c.strict !== true && e.subcode !== 0) {
        const strict = decodeOrError(bytes, c, true);
        expect(strict.error).toBeInstanceOf(BgpError);
        if ((u.issues ?? []).length === 1) {
          const b = strict.error as BgpError;
          expect([b.code, b.subcode, toHex(b.data)]).toEqual([e.code, e.subcode, e.data]);
        }
      }
    });
  }

  it('lists the (code, subcode, action) triples the table covers', () => {
    const triples = new Set(CASES.map((c) => tripleOf(c.expect)).filter((t) => t !== undefined));
    expect(triples.size).toBeGreaterThanOrEqual(25);
  });

  it('writes the table to docs/errors-table.md when BGPWIRE_WRITE_DOCS=1', () => {
    if (process.env.BGPWIRE_WRITE_DOCS !== '1') return;
    const rows = CASES.map((c) => {
      const e = c.expect;
      const answer = e.kind === 'ok' ? 'value, no issue' : e.kind === 'throw' ? `BgpError ${e.code}/${e.subcode}` : `issue ${e.code}/${e.subcode} ${e.action}`;
      const data = e.kind === 'ok' ? '' : e.data === undefined || e.data === '' ? '—' : e.data.length > 24 ? `${e.data.slice(0, 22)}…` : e.data;
      return `| \`${c.id}\` | ${c.rfc} | ${answer}${c.strict === true ? ' (strict)' : ''} | ${data} |`;
    });
    writeFileSync(join(repoRoot, '.tmp', 'errors-table.md'), ['| Case | RFC | Answer | Data |', '|---|---|---|---|', ...rows].join('\n') + '\n');
  });
});

describe('validateOpen rows of RFC 4271 6.2 (configuration-dependent)', () => {
  const open = (params = '00', myAs = 'fde9'): ReturnType<typeof decodeOpen> => decodeOpen(fromHex(msg(1, `04 ${myAs} 00b4 c0000201 ${params}`)));
  it('Bad Peer AS is 2/2', () => {
    const e = validateOpen(open(), { peerAs: 65002 });
    expect([e?.code, e?.subcode]).toEqual([2, 2]);
  });
  it('an unsupported optional parameter is 2/4', () => {
    const e = validateOpen(open('04 01 02 abcd // parameter 1 (deprecated authentication), 2 octets'), {});
    expect([e?.code, e?.subcode]).toEqual([2, 4]);
  });
  it('a required capability the peer lacks is 2/7 with it as data (RFC 5492 5)', () => {
    const e = validateOpen(open(), { requiredCapabilities: [{ type: 'route-refresh' } as never] });
    expect([e?.code, e?.subcode, toHex(e?.data ?? new Uint8Array(0))]).toEqual([2, 7, '0200']);
  });
  it('an internal peer with our BGP identifier is 2/3 (RFC 6286 2.2)', () => {
    const e = validateOpen(open(), { localAs: 65001, localBgpId: '192.0.2.1' });
    expect([e?.code, e?.subcode]).toEqual([2, 3]);
  });
});
