// The matrix's feature scenarios: ADD-PATH both ways, extended messages, BGP role and OTC (or a
// session without capability 9), graceful restart. Each runs concurrently with the others
// against the one daemon of its file (see matrix.ts).
import { expect, it } from 'vitest';
import { slot, waitFor } from './lab.ts';
import {
  AP_PREFIX,
  asOf,
  BIG4,
  BIG_COMMUNITIES,
  DAEMON_AS,
  find,
  KEEP4,
  type MatrixContext,
  peerOptions,
  S,
  v4,
  v6,
  when,
} from './matrix-setup.ts';
import { type NotificationEvent, SpeakerProcess } from './speaker-process.ts';
import type { DaemonRoute } from './types.ts';

/** Defines the feature scenarios; `c`'s lab, daemon and speaker exist once the tests run. */
export function defineFeatureScenarios(c: MatrixContext): void {
  it.concurrent('ADD-PATH both directions', async () => {
    const x = slot(S.apX).v4;
    await Promise.all(
      ([['apX', S.apX], ['apY', S.apY], ['apZ', S.apZ]] as const).map(async ([name, s]) => {
        await c.sp.speaker(name, asOf(s), slot(s).v4);
        await c.sp.addPeer(name, name, peerOptions(s, name === 'apX' ? { addPath: { 'ipv4-unicast': 'both', 'ipv6-unicast': 'both' } } : {}));
      }),
    );
    await c.row('ADD-PATH: negotiated both ways', async () => {
      const est = await c.sp.established('apX', 30, 1, c.explain);
      const session = est.session as { send: { addPath: unknown[] }; receive: { addPath: unknown[] } };
      expect(session.send.addPath).toEqual([{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }]);
      expect(session.receive.addPath).toEqual([{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }]);
      await waitFor(`${c.daemon.name} to show ${x} Established`, 20, () => c.daemon.neighbor(x).established, c.explain);
      return undefined;
    });
    await c.row('ADD-PATH: two paths bgpwire sends for one prefix, both on the daemon', async () => {
      const prefix = v4(S.apX);
      await c.sp.announce('apX', { prefixes: [prefix], pathId: 1, med: 1 });
      await c.sp.announce('apX', { prefixes: [prefix], pathId: 2, med: 2 });
      const paths = await waitFor(`${c.daemon.name} to show two paths for ${prefix} from ${x}`, 20, () => {
        const ps = c.daemon.routes('ipv4').filter((r) => r.prefix === prefix && r.from === x);
        return ps.length === 2 ? ps : undefined;
      }, c.explain);
      expect(paths.map((r) => r.med).sort()).toEqual([1, 2]);
      return undefined;
    });
    await c.row('ADD-PATH: two paths the daemon sends for one prefix, both in bgpwire', async () => {
      if (c.p.keepsRib) {
        await c.sp.established('apY', 30, 1, c.explain);
        await c.sp.established('apZ', 30, 1, c.explain);
        await c.sp.announce('apY', { prefixes: [AP_PREFIX], med: 1 });
        await c.sp.announce('apZ', { prefixes: [AP_PREFIX], med: 2 });
      }
      const rib = await c.sp.ribUntil('apX', `two paths for ${AP_PREFIX} in bgpwire`, 20, (rib) => rib.filter((r) => r.prefix === AP_PREFIX).length === 2, c.explain);
      const paths = rib.filter((r) => r.prefix === AP_PREFIX);
      expect(new Set(paths.map((r) => r.pathId)).size).toBe(2);
      return `path ids ${paths.map((r) => r.pathId).join(', ')}`;
    });
  });

  when(c.p.extendedMessages)('extended messages (RFC 8654): an UPDATE over 4,096 octets each way', async () => {
    const addr = slot(S.ext).v4;
    await c.sp.speaker('ext', asOf(S.ext), addr);
    await c.sp.addPeer('ext', 'ext', peerOptions(S.ext));
    await c.row('extended messages: negotiated both ways', async () => {
      const est = await c.sp.established('ext', 30, 1, c.explain);
      const session = est.session as { send: { extendedMessage: boolean }; receive: { extendedMessage: boolean } };
      expect([session.send.extendedMessage, session.receive.extendedMessage]).toEqual([true, true]);
      return undefined;
    });
    await c.row('extended messages: bgpwire sends an UPDATE of 4,400+ octets of COMMUNITIES', async () => {
      const many = Array.from({ length: 1100 }, (_, i) => `65008:${i + 1}`);
      await c.sp.announce('ext', { prefixes: [v4(S.ext)], communities: many });
      const r = await waitFor(`${c.daemon.name} to show ${v4(S.ext)}`, 20, () => find(c.daemon.routes('ipv4'), v4(S.ext), addr), c.explain);
      if (c.daemon.hasCommunities !== undefined) {
        // birdc cuts the line: the count and the ends are asked with a filter instead.
        expect(c.daemon.hasCommunities(v4(S.ext), addr, many.length, many[0] as string, many.at(-1) as string)).toBe(true);
        return `${many.length} communities (count, first and last by filter)`;
      }
      expect(r.communities).toEqual(many);
      return `${r.communities.length} communities read back`;
    });
    await c.row('extended messages: the daemon sends an UPDATE of 4,400+ octets of COMMUNITIES', async () => {
      const rib = await c.sp.ribUntil('ext', `bgpwire to learn ${BIG4.prefix}`, 20, (rib) => rib.some((r) => r.prefix === BIG4.prefix), c.explain);
      expect(rib.find((r) => r.prefix === BIG4.prefix)?.communities).toEqual(BIG_COMMUNITIES);
      return `${BIG_COMMUNITIES.length} communities received`;
    });
  });

  when(c.p.role)('BGP role and OTC (RFC 9234), and a role mismatch answered with 2/11', async () => {
    const addr = slot(S.role).v4;
    await c.sp.speaker('role', asOf(S.role), addr);
    await c.sp.addPeer('role', 'role', peerOptions(S.role, { role: 'customer' }));
    await c.sp.speaker('mismatch', asOf(S.mismatch), slot(S.mismatch).v4);
    await c.sp.addPeer('mismatch', 'mismatch', peerOptions(S.mismatch, { role: 'provider', idleHoldTime: 5 }));
    await c.row('role: customer (bgpwire) with provider (daemon), Established', async () => {
      const est = await c.sp.established('role', 30, 1, c.explain);
      const session = est.session as { receive: { roles?: { sender?: number; receiver?: number } } };
      // RFC 9234 section 4.1: Provider 0, Customer 3.
      expect(session.receive.roles).toEqual({ sender: 0, receiver: 3 });
      const view = await waitFor(`${c.daemon.name} to show ${addr} Established`, 20, () => (c.daemon.neighbor(addr).established ? c.daemon.neighbor(addr) : undefined), c.explain);
      expect(view.received).toContain('role');
      return undefined;
    });
    await c.row('OTC: routes from the provider carry OTC = its AS in bgpwire', async () => {
      const rib = await c.sp.ribUntil('role', `bgpwire to learn ${KEEP4.prefix}`, 20, (rib) => rib.some((r) => r.prefix === KEEP4.prefix), c.explain);
      expect(rib.find((r) => r.prefix === KEEP4.prefix)?.otc).toBe(DAEMON_AS);
      return undefined;
    });
    await c.row('OTC: a route already carrying OTC does not reach the provider; a plain one does, without OTC', async () => {
      const leak = '198.18.99.0/24';
      await c.sp.announce('role', { prefixes: [leak], attributes: [{ type: 'OTC', asn: 65099 }] });
      await c.sp.announce('role', { prefixes: [v4(S.role)] });
      // UPDATEs are processed in order: once the plain route is there, the leak was handled.
      const r = await waitFor(`${c.daemon.name} to show ${v4(S.role)}`, 20, () => find(c.daemon.routes('ipv4'), v4(S.role), addr), c.explain);
      expect(r.otc).toBeUndefined();
      expect(find(c.daemon.routes('ipv4'), leak, addr)).toBeUndefined();
      return undefined;
    });
    await c.row('role mismatch: provider (bgpwire) with provider (daemon), NOTIFICATION 2/11', async () => {
      const n = (await waitFor('a Role Mismatch NOTIFICATION', 30, () =>
        c.sp.of('mismatch', 'notification').find((e) => (e as NotificationEvent).code === 2), c.explain)) as NotificationEvent;
      expect([n.code, n.subcode]).toEqual([2, 11]);
      const text = await waitFor(`${c.daemon.name} to report the mismatch`, 20, () => /.*role mismatch.*/i.exec(`${c.daemon.neighbor(slot(S.mismatch).v4).text}\n${c.daemon.log()}`)?.[0], c.explain);
      await c.sp.stop('mismatch');
      return `bgpwire ${n.direction} it; daemon: ${text.trim().slice(0, 100)}`;
    });
  });

  when(!c.p.role)('BGP role: the session comes up without capability 9 on the daemon side', async () => {
    const addr = slot(S.role).v4;
    await c.sp.speaker('role', asOf(S.role), addr);
    await c.sp.addPeer('role', 'role', peerOptions(S.role, { role: 'customer' }));
    await c.row('role: bgpwire announces customer, the daemon ignores capability 9, Established without roles', async () => {
      const est = await c.sp.established('role', 30, 1, c.explain);
      const session = est.session as { receive: { roles?: { sender?: number; receiver?: number } } };
      expect(session.receive.roles?.sender).toBeUndefined();
      const view = await waitFor(`${c.daemon.name} to show ${addr} Established`, 20, () => (c.daemon.neighbor(addr).established ? c.daemon.neighbor(addr) : undefined), c.explain);
      expect(view.received).not.toContain('role');
      return `daemon lists [${view.received.join(' ')}]`;
    });
  });

  when(c.p.gracefulRestart)('graceful restart (RFC 4724): stale routes kept across a restart, cleared at End-of-RIB', async () => {
    const addr = slot(S.gr).v4;
    const keep = [v4(S.gr), v6(S.gr)];
    const dropped = '198.18.111.0/24';
    const families = [{ afi: 1, safi: 1, forwarding: true }, { afi: 2, safi: 1, forwarding: true }];
    const first = new SpeakerProcess(c.lab);
    const second = new SpeakerProcess(c.lab);
    const fromBgpwire = (): DaemonRoute[] => [...c.daemon.routes('ipv4'), ...c.daemon.routes('ipv6')].filter((r) => r.from === addr);
    const ourDiag = (): string => `${first.diag()}\n${second.diag()}\ndaemon routes from ${addr}: ${JSON.stringify(fromBgpwire())}\n${c.daemon.log().slice(-3000)}`;
    try {
      first.start();
      await first.speaker('gr', asOf(S.gr), addr);
      await first.addPeer('gr', 'gr', peerOptions(S.gr, { gracefulRestart: { restartTime: 30, forwarding: true } }));
      await c.row('graceful restart: negotiated, routes in', async () => {
        const est = await first.established('gr', 30, 1, ourDiag);
        expect((est.session as { gracefulRestart?: unknown }).gracefulRestart, "the daemon's capability 64").toBeDefined();
        await first.announce('gr', { prefixes: [...keep, dropped] });
        await waitFor(`${c.daemon.name} to show bgpwire's 3 routes`, 20, () => fromBgpwire().length === 3, ourDiag);
        expect(c.daemon.neighbor(addr).received).toContain('graceful-restart');
        return undefined;
      });
      await c.row('graceful restart: TCP dropped without NOTIFICATION, the daemon marks the routes stale', async () => {
        await first.kill();
        const stale = await waitFor(`${c.daemon.name} to mark bgpwire's routes stale`, 20, () => {
          const rs = fromBgpwire();
          return rs.length === 3 && rs.every((r) => r.stale === true) ? rs : undefined;
        }, ourDiag);
        return `${stale.length} stale routes`;
      });
      await c.row('graceful restart: back with R=1 and F=1, End-of-RIB clears the stale mark and drops what was not sent again', async () => {
        second.start();
        await second.speaker('gr', asOf(S.gr), addr);
        await second.addPeer('gr', 'gr', peerOptions(S.gr, {
          gracefulRestart: false,
          capabilities: [{ type: 'graceful-restart', restarting: true, notification: true, restartTime: 30, families }],
        }));
        await second.announce('gr', { prefixes: keep });
        await second.established('gr', 30, 1, ourDiag);
        const after = await waitFor(`${c.daemon.name} to end the restart`, 20, () => {
          const rs = fromBgpwire();
          return rs.length === 2 && rs.every((r) => r.stale !== true && keep.includes(r.prefix)) ? rs : undefined;
        }, ourDiag);
        const view = c.daemon.neighbor(addr).text;
        for (const re of c.p.restartShown ?? []) expect(view, `${c.daemon.name} shows R=1 / F=1`).toMatch(re);
        return `${after.length} routes fresh, ${dropped} gone${c.p.restartShown === undefined ? '' : `; the daemon shows R=1 and F=1 (${c.p.restartShown.length} checks)`}`;
      });
    } finally {
      await first.close();
      await second.close();
    }
  });
}
