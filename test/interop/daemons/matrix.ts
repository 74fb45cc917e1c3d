// The interop matrix (issue 17): one daemon, bgpwire's Speaker in the other namespace, every
// check read back through the daemon's own CLI. Each scenario has its own speaker address
// (slot) and its own neighbor in the daemon's config, so scenarios run concurrently against
// one daemon; a scenario's checks run in order and each is recorded as a row of the matrix
// (printed at the end and written to .tmp/interop-matrix-<daemon>.txt).
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, requireAll } from '../../helpers/shared.ts';
import { DAEMON, NetLab, slot, waitFor } from './lab.ts';
import { defineFeatureScenarios } from './matrix-features.ts';
import { asOf, DAEMON_AS, find, GONE4, GONE6, KEEP4, KEEP6, type MatrixContext, matrixSpec, peerOptions, S, v4, v6 } from './matrix-setup.ts';
import { installed, PROFILES, type Profile } from './profiles.ts';
import { type NotificationEvent, SpeakerProcess, type SpeakerRoute } from './speaker-process.ts';
import type { Daemon } from './types.ts';

/** Defines the matrix for one daemon (BGPWIRE_INTEROP=1 or BGPWIRE_REQUIRE=1, root). */
export function defineMatrix(key: string): void {
  const p = PROFILES[key] as Profile;
  const wanted = process.env.BGPWIRE_INTEROP === '1' || requireAll;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const ready = wanted && isRoot && installed(p);
  if (wanted && requireAll && !ready) {
    it(`${key}: daemon and root present (BGPWIRE_REQUIRE=1)`, () => {
      throw new Error(`interop matrix needs root and ${p.binaries.join(', ')} (BGPWIRE_REQUIRE=1)`);
    });
    return;
  }

  describe.skipIf(!ready)(`bgpwire Speaker with ${key} (network namespaces)`, () => {
    let lab: NetLab;
    let daemon: Daemon;
    let sp: SpeakerProcess;
    const rows: string[] = [];
    const explain = (): string => `${sp.diag()}\ndaemon log:\n${daemon.log().slice(-4000)}`;

    /** Runs one check of the matrix and records it as a row. */
    async function row(name: string, fn: () => Promise<string | undefined> | string | undefined): Promise<void> {
      try {
        const note = await fn();
        rows.push(`${daemon.name} ${daemon.version} | ${name} | pass${note === undefined ? '' : ` | ${note}`}`);
      } catch (err) {
        rows.push(`${daemon.name} ${daemon.version} | ${name} | FAIL | ${String(err).split('\n')[0]}`);
        throw err;
      }
    }

    beforeAll(async () => {
      rmSync(join(repoRoot, '.tmp', `interop-matrix-${key}.txt`), { force: true });
      lab = new NetLab(key);
      lab.up(400, 11);
      daemon = p.make(lab, matrixSpec(p));
      sp = new SpeakerProcess(lab);
      sp.start();
      await daemon.start();
    }, 120_000);

    afterAll(async () => {
      await sp?.close();
      await daemon?.stop();
      await lab?.down();
      if (rows.length > 0) {
        console.log(rows.join('\n'));
        mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
        appendFileSync(join(repoRoot, '.tmp', `interop-matrix-${key}.txt`), `${rows.join('\n')}\n`);
      }
    }, 60_000);

    /** Established, then the capabilities and the negotiated context against the daemon's view. */
    async function sessionChecks(label: string, peer: string, s: number, internal: boolean): Promise<void> {
      const addr = slot(s).v4;
      await row(`${label}: Established, capabilities and negotiated context`, async () => {
        const est = await sp.established(peer, 30, 1, explain);
        const view = await waitFor(`${daemon.name} to show ${addr} Established`, 20, () => {
          const v = daemon.neighbor(addr);
          return v.established ? v : undefined;
        }, () => daemon.neighbor(addr).text + explain());
        const session = est.session as { send: Record<string, unknown>; receive: Record<string, unknown>; holdTime: number; internal: boolean; peerAs: number };
        const caps = (est.capabilities as { type: string }[]).map((c) => c.type);
        // What bgpwire sent, as the daemon lists it.
        for (const c of p.lists) expect(view.received, `${daemon.name} lists bgpwire's ${c}`).toContain(c);
        if (!p.extendedMessages) expect(view.received).not.toContain('extended-message');
        // What the daemon sent, as bgpwire decoded it, and the context built from both OPENs.
        expect(session.internal).toBe(internal);
        expect(session.peerAs).toBe(DAEMON_AS);
        expect(session.send.as4).toBe(true);
        expect(session.send.peerType).toBe(internal ? 'internal' : 'external');
        expect(session.send.families).toEqual([{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }]);
        expect(session.send.extendedMessage, 'extended messages negotiated').toBe(p.extendedMessages && caps.includes('extended-message'));
        expect(session.send.extendedMessage).toBe(p.extendedMessages);
        expect(session.send.enhancedRouteRefresh).toBe(caps.includes('enhanced-route-refresh'));
        expect(session.holdTime).toBe(Math.min(9, Number(est.holdTime)));
        if (view.holdTime !== undefined) expect(session.holdTime, `${daemon.name}'s negotiated hold time`).toBe(view.holdTime);
        return `daemon sent [${caps.join(' ')}]; daemon lists [${view.received.join(' ')}]; hold ${session.holdTime}`;
      });
    }

    /** bgpwire's routes arrive with every attribute; the daemon's arrive in the Adj-RIB-In. */
    async function routeChecks(label: string, peer: string, s: number, internal: boolean): Promise<void> {
      const addr = slot(s).v4;
      const sent = { asPath: [65100], med: 20, communities: ['65002:1', 'no-export'], largeCommunities: ['65002:3:4'], extendedCommunities: ['rt:65002:5'], ...(internal ? { localPref: 150 } : {}) };
      await row(`${label}: IPv4 and IPv6 routes bgpwire announces, read back on the daemon`, async () => {
        await sp.announce(peer, { prefixes: [v4(s), v6(s)], ...sent });
        const got = await waitFor(`${daemon.name} to show ${v4(s)} and ${v6(s)} from ${addr}`, 20, () => {
          const a = find(daemon.routes('ipv4'), v4(s), addr);
          const b = find(daemon.routes('ipv6'), v6(s), addr);
          return a !== undefined && b !== undefined ? [a, b] : undefined;
        }, explain);
        for (const [r, nh] of [[got[0], slot(s).v4], [got[1], slot(s).v6]] as const) {
          expect(r?.nextHop, `${r?.prefix} next hop`).toBe(nh);
          expect(r?.asPath).toEqual(internal ? [65100] : [asOf(s), 65100]);
          expect(r?.origin).toBe('IGP');
          expect(r?.med).toBe(20);
          if (internal) expect(r?.localPref).toBe(150);
          expect(r?.communities).toEqual(['65002:1', '65535:65281']);
          expect(r?.largeCommunities).toEqual(['65002:3:4']);
          expect(r?.extendedCommunities).toEqual(['rt:65002:5']);
        }
        return undefined;
      });
      await row(`${label}: routes the daemon originates, in bgpwire's Adj-RIB-In as its CLI shows them`, async () => {
        const want = p.ipv6OverIpv4 ? [KEEP4, KEEP6] : [KEEP4];
        const rib = await sp.ribUntil(peer, `bgpwire to learn ${want.map((r) => r.prefix).join(', ')}`, 20, (rib) => want.every((w) => rib.some((r) => r.prefix === w.prefix)), explain);
        const local =
          daemon.advertised === undefined
            ? [...daemon.routes('ipv4'), ...daemon.routes('ipv6')].filter((r) => r.from === '')
            : [...daemon.advertised(addr, 'ipv4'), ...daemon.advertised(addr, 'ipv6')];
        for (const w of want) {
          const r = rib.find((x) => x.prefix === w.prefix) as SpeakerRoute;
          expect(r.asPath).toEqual(internal ? [] : [DAEMON_AS]);
          expect(r.nextHop).toBe(w.nextHop);
          expect(r.med).toBe(w.med);
          expect(r.communities).toEqual(w.communities ?? []);
          expect(r.largeCommunities).toEqual(w.largeCommunities ?? []);
          if (internal) expect(r.localPref).toBe(100);
          // The daemon's own CLI view of the route it originates (ExaBGP keeps no RIB to show).
          const mine = find(local, w.prefix, '');
          if (p.keepsRib) {
            expect(mine, `${daemon.name} shows its ${w.prefix}`).toBeDefined();
            expect(r.med).toBe(mine?.med);
            expect(r.communities).toEqual(mine?.communities);
            expect(r.largeCommunities).toEqual(mine?.largeCommunities);
          }
        }
        return p.ipv6OverIpv4 ? undefined : 'IPv6 from the daemon over an IPv4 session not checked: next hop ::1';
      });
    }

    async function withdrawChecks(label: string, peer: string, s: number): Promise<void> {
      const addr = slot(s).v4;
      await row(`${label}: withdrawals both ways`, async () => {
        await sp.withdraw(peer, [v4(s), v6(s)]);
        await waitFor(`${daemon.name} to drop ${v4(s)} and ${v6(s)}`, 20, () =>
          find(daemon.routes('ipv4'), v4(s), addr) === undefined && find(daemon.routes('ipv6'), v6(s), addr) === undefined, explain);
        const gone = p.ipv6OverIpv4 ? [GONE4, GONE6] : [GONE4];
        await sp.ribUntil(peer, 'bgpwire to learn the routes to be withdrawn', 20, (rib) => gone.every((g) => rib.some((r) => r.prefix === g.prefix)), explain);
        for (const g of gone) daemon.withdrawOriginated(g.prefix);
        await sp.ribUntil(peer, `bgpwire's Adj-RIB-In to lose ${gone.map((g) => g.prefix).join(', ')}`, 20, (rib) => gone.every((g) => !rib.some((r) => r.prefix === g.prefix)), explain);
        return undefined;
      });
    }

    async function refreshChecks(label: string, peer: string, s: number): Promise<void> {
      const addr = slot(s).v4;
      await row(`${label}: ROUTE-REFRESH both ways`, async () => {
        // The daemon asks (its soft reset in): bgpwire answers from its Adj-RIB-Out.
        await sp.announce(peer, { prefixes: [v4(s)], med: 21 });
        await waitFor(`${daemon.name} to show ${v4(s)}`, 20, () => find(daemon.routes('ipv4'), v4(s), addr)?.med === 21, explain);
        const before = daemon.updatesReceived(addr);
        if (p.sendsRefresh) {
          daemon.requestRefresh(addr);
          await waitFor(`${daemon.name} to count bgpwire's answer to its ROUTE-REFRESH`, 20, () => daemon.updatesReceived(addr) > before, explain);
        }
        const first = p.sendsRefresh ? `daemon counted ${daemon.updatesReceived(addr) - before} UPDATEs after its request` : 'the daemon cannot send one';
        // bgpwire asks: the daemon sends its routes again.
        const updates = sp.of(peer, 'update').length;
        await sp.refresh(peer);
        if (!p.answersRefresh) {
          const said = await waitFor(`${daemon.name} to log bgpwire's ROUTE-REFRESH`, 20, () => new RegExp(`.*neighbor ${addr}: route refresh: AID IPv4 unicast not negotiated.*`).exec(daemon.log())?.[0], explain);
          return `${first}; it does not answer bgpwire's: "${said.trim()}"`;
        }
        await waitFor(`${daemon.name}'s UPDATEs after bgpwire's ROUTE-REFRESH`, 20, () => sp.of(peer, 'update').length > updates, explain);
        return `${first}; bgpwire got ${sp.of(peer, 'update').length - updates} UPDATEs after its own`;
      });
    }

    async function shutdownCheck(label: string, peer: string, s: number): Promise<void> {
      const addr = slot(s).v4;
      const text = p.shutdownText ? 'maintenance' : undefined;
      await row(`${label}: stop(${text === undefined ? '' : "'maintenance'"}) seen by the daemon`, async () => {
        await sp.stop(peer, text);
        const sent = sp.of(peer, 'notification').find((e) => (e as NotificationEvent).direction === 'sent') as NotificationEvent | undefined;
        expect([sent?.code, sent?.subcode]).toEqual([6, 2]);
        const seen = await waitFor(`${daemon.name} to report the Cease`, 20, () => {
          const t = `${daemon.neighbor(addr).text}\n${daemon.log()}`;
          const m = text === undefined ? /(cease|administrative shutdown|"code": 6)/i.exec(t) : /.*maintenance.*/.exec(t);
          return m?.[0];
        }, explain);
        return `daemon: ${seen.trim().slice(0, 120)}`;
      });
    }

    it.concurrent('bgpwire active (eBGP): session, routes, withdrawals, ROUTE-REFRESH, shutdown text', async () => {
      await sp.speaker('active', asOf(S.active), slot(S.active).v4);
      await sp.addPeer('active', 'active', peerOptions(S.active));
      await sessionChecks('active eBGP', 'active', S.active, false);
      await routeChecks('active eBGP', 'active', S.active, false);
      await withdrawChecks('active eBGP', 'active', S.active);
      await refreshChecks('active eBGP', 'active', S.active);
      await shutdownCheck('active eBGP', 'active', S.active);
    });

    it.concurrent('bgpwire passive (iBGP): session, routes with LOCAL_PREF, ROUTE-REFRESH', async () => {
      // The peer first, then listen: a connection from an address no peer has yet gets a Cease 5
      // (connection rejected), after which OpenBGPD, for one, waits out its idle hold time.
      await sp.speaker('passive', DAEMON_AS, slot(S.passive).v4);
      await sp.addPeer('passive', 'passive', peerOptions(S.passive, { passive: true }));
      await sp.listen('passive', slot(S.passive).v4);
      await sessionChecks('passive iBGP', 'passive', S.passive, true);
      await routeChecks('passive iBGP', 'passive', S.passive, true);
      await refreshChecks('passive iBGP', 'passive', S.passive);
    });

    it.concurrent('bgpwire over an IPv6 session (IPv6 unicast only): routes both ways', async () => {
      const addr = slot(S.v6).v6;
      await sp.speaker('v6', asOf(S.v6), slot(S.v6).v4);
      await sp.addPeer('v6', 'v6', peerOptions(S.v6, { address: DAEMON.v6, localAddress: addr, families: ['ipv6-unicast'], nextHop6: addr }));
      await row('IPv6 session: Established over IPv6, IPv6 unicast only', async () => {
        const est = await sp.established('v6', 30, 1, explain);
        expect((est.session as { send: { families: unknown[] } }).send.families).toEqual([{ afi: 2, safi: 1 }]);
        await waitFor(`${daemon.name} to show ${addr} Established`, 20, () => daemon.neighbor(addr).established, explain);
        return undefined;
      });
      await row('IPv6 session: routes both ways', async () => {
        await sp.announce('v6', { prefixes: [v6(S.v6)], med: 12, communities: ['65012:1'] });
        const r = await waitFor(`${daemon.name} to show ${v6(S.v6)} from ${addr}`, 20, () => find(daemon.routes('ipv6'), v6(S.v6), addr), explain);
        expect([r.nextHop, r.med, r.communities, r.asPath]).toEqual([addr, 12, ['65012:1'], [asOf(S.v6)]]);
        const rib = await sp.ribUntil('v6', `bgpwire to learn ${KEEP6.prefix}`, 20, (rib) => rib.some((x) => x.prefix === KEEP6.prefix), explain);
        const k = rib.find((x) => x.prefix === KEEP6.prefix) as SpeakerRoute;
        expect([k.nextHop, k.med, k.communities, k.asPath]).toEqual([DAEMON.v6, KEEP6.med, KEEP6.communities, [DAEMON_AS]]);
        return `next hops from the daemon: ${k.nextHops.join(' ')}`;
      });
    });

    it.concurrent("the daemon's hold timer fires when bgpwire goes silent; bgpwire reports its NOTIFICATION", async () => {
      const addr = slot(S.hold).v4;
      await sp.speaker('hold', asOf(S.hold), addr);
      await sp.addPeer('hold', 'hold', peerOptions(S.hold, { holdTime: 3, idleHoldTime: 30 }));
      await row('hold timer: negotiated 3 s, Established', async () => {
        const est = await sp.established('hold', 30, 1, explain);
        expect((est.session as { holdTime: number }).holdTime).toBe(3);
        return undefined;
      });
      await row("hold timer: the daemon's expiry, NOTIFICATION 4/0 received by bgpwire", async () => {
        await sp.call('silence', { peer: 'hold' });
        {
          const n = (await waitFor('bgpwire to receive the hold timer NOTIFICATION', 20, () =>
            sp.of('hold', 'notification').find((e) => (e as NotificationEvent).direction === 'received'), explain)) as NotificationEvent;
          expect([n.code, n.subcode]).toEqual([4, 0]);
          const down = await waitFor("bgpwire's down event", 10, () => sp.of('hold', 'down')[0], explain);
          expect(String(down.reason)).toMatch(/notification received: hold/i);
          return `bgpwire: ${String(down.reason)}`;
        }
      });
    });

    const ctx: MatrixContext = {
      p,
      get lab() {
        return lab;
      },
      get daemon() {
        return daemon;
      },
      get sp() {
        return sp;
      },
      row,
      explain,
    };
    defineFeatureScenarios(ctx);
  });
}
