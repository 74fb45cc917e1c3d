// The interop matrix (issue 17): one daemon, bgpwire's Speaker in the other namespace, every
// check read back through the daemon's own CLI. Each scenario has its own speaker address
// (slot) and its own neighbor in the daemon's config, so scenarios run concurrently against
// one daemon; a scenario's checks run in order and each is recorded as a row of the matrix.
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeerOptions } from '../../../src/node/index.ts';
import { repoRoot, requireAll } from '../../helpers/shared.ts';
import { DAEMON, NetLab, slot, waitFor } from './lab.ts';
import { installed, PROFILES, type Profile } from './profiles.ts';
import { type NotificationEvent, SpeakerProcess, type SpeakerRoute } from './speaker-process.ts';
import type { Daemon, DaemonRoute, DaemonSpec, NeighborSpec, OriginatedRoute } from './types.ts';

const DAEMON_AS = 65001;
const S = { active: 2, passive: 3, hold: 4, apX: 5, apY: 6, apZ: 7, ext: 8, role: 9, mismatch: 10, gr: 11, v6: 12 } as const;
const asOf = (n: number): number => (n === S.passive ? DAEMON_AS : 65000 + n);
const v4 = (n: number): string => `198.18.${n}.0/24`;
const v6 = (n: number): string => `2001:db8:${(0x200 + n).toString(16)}::/48`;

const KEEP4: OriginatedRoute = { prefix: '203.0.113.0/24', nextHop: DAEMON.v4, med: 5, communities: ['65001:7'], largeCommunities: ['65001:1:2'] };
const KEEP6: OriginatedRoute = { prefix: '2001:db8:100::/48', nextHop: DAEMON.v6, med: 6, communities: ['65001:8'] };
const GONE4: OriginatedRoute = { prefix: '192.0.2.0/24', nextHop: DAEMON.v4 };
const GONE6: OriginatedRoute = { prefix: '2001:db8:1ff::/48', nextHop: DAEMON.v6 };
// 1,100 communities: 4,400 octets of COMMUNITIES alone, so the UPDATE exceeds 4,096 (RFC 8654).
const BIG_COMMUNITIES = Array.from({ length: 1100 }, (_, i) => `65001:${i + 1}`);
const BIG4: OriginatedRoute = { prefix: '198.19.0.0/24', nextHop: DAEMON.v4, communities: BIG_COMMUNITIES };
const AP_PREFIX = '198.18.50.0/24';

/** The daemon's config for the matrix. */
export function matrixSpec(p: Profile): DaemonSpec {
  const ext = p.extendedMessages;
  const n = (s: number, extra: Partial<NeighborSpec> = {}): NeighborSpec => ({ address: slot(s).v4, asn: asOf(s), passive: true, extendedMessages: ext, ...extra });
  const neighbors: NeighborSpec[] = [
    n(S.active),
    n(S.passive, { passive: false }),
    n(S.hold, { holdTime: 3 }),
    n(S.apX, {
      addPath: 'both',
      exportLearned: true,
      // ExaBGP passes nothing on: it originates the two paths itself.
      ...(p.keepsRib ? {} : { routes: [{ prefix: AP_PREFIX, nextHop: DAEMON.v4, pathId: 1, med: 1 }, { prefix: AP_PREFIX, nextHop: DAEMON.v4, pathId: 2, med: 2 }] }),
    }),
    n(S.apY),
    n(S.apZ),
    ...(ext ? [n(S.ext)] : []),
    // Without role support the daemon still gets bgpwire's role capability (and must ignore it).
    ...(p.role ? [n(S.role, { role: 'provider' }), n(S.mismatch, { role: 'provider' })] : [n(S.role)]),
    ...(p.gracefulRestart ? [n(S.gr, { gracefulRestart: 30 })] : []),
    // A session over IPv6 carrying IPv6 unicast only.
    { address: slot(S.v6).v6, asn: asOf(S.v6), passive: true, families: ['ipv6'], extendedMessages: ext },
  ];
  return { asn: DAEMON_AS, routerId: DAEMON.v4, neighbors, routes: [KEEP4, KEEP6, GONE4, GONE6, ...(ext ? [BIG4] : [])] };
}

/** bgpwire's options towards the daemon from slot `s`. */
function peerOptions(s: number, extra: Partial<PeerOptions> = {}): PeerOptions {
  return { address: DAEMON.v4, peerAs: DAEMON_AS, localAddress: slot(s).v4, nextHop6: slot(s).v6, holdTime: 9, connectRetryTime: 1, idleHoldTime: 0.5, maxIdleHoldTime: 2, ...extra };
}

const find = (routes: readonly DaemonRoute[], prefix: string, from?: string): DaemonRoute | undefined =>
  routes.find((r) => r.prefix === prefix && (from === undefined || r.from === from));

/** A scenario the daemon supports runs (concurrently with the others); one it lacks shows as skipped. */
const when = (supported: boolean): typeof it.concurrent => (supported ? it.concurrent : it.skip);

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
      await sp.speaker('passive', DAEMON_AS, slot(S.passive).v4, { host: slot(S.passive).v4, port: 179 });
      await sp.addPeer('passive', 'passive', peerOptions(S.passive, { passive: true }));
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

    it.concurrent('ADD-PATH both directions', async () => {
      const x = slot(S.apX).v4;
      await Promise.all(
        ([['apX', S.apX], ['apY', S.apY], ['apZ', S.apZ]] as const).map(async ([name, s]) => {
          await sp.speaker(name, asOf(s), slot(s).v4);
          await sp.addPeer(name, name, peerOptions(s, name === 'apX' ? { addPath: { 'ipv4-unicast': 'both', 'ipv6-unicast': 'both' } } : {}));
        }),
      );
      await row('ADD-PATH: negotiated both ways', async () => {
        const est = await sp.established('apX', 30, 1, explain);
        const session = est.session as { send: { addPath: unknown[] }; receive: { addPath: unknown[] } };
        expect(session.send.addPath).toEqual([{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }]);
        expect(session.receive.addPath).toEqual([{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }]);
        await waitFor(`${daemon.name} to show ${x} Established`, 20, () => daemon.neighbor(x).established, explain);
        return undefined;
      });
      await row('ADD-PATH: two paths bgpwire sends for one prefix, both on the daemon', async () => {
        const prefix = v4(S.apX);
        await sp.announce('apX', { prefixes: [prefix], pathId: 1, med: 1 });
        await sp.announce('apX', { prefixes: [prefix], pathId: 2, med: 2 });
        const paths = await waitFor(`${daemon.name} to show two paths for ${prefix} from ${x}`, 20, () => {
          const ps = daemon.routes('ipv4').filter((r) => r.prefix === prefix && r.from === x);
          return ps.length === 2 ? ps : undefined;
        }, explain);
        expect(paths.map((r) => r.med).sort()).toEqual([1, 2]);
        return undefined;
      });
      await row('ADD-PATH: two paths the daemon sends for one prefix, both in bgpwire', async () => {
        if (p.keepsRib) {
          await sp.established('apY', 30, 1, explain);
          await sp.established('apZ', 30, 1, explain);
          await sp.announce('apY', { prefixes: [AP_PREFIX], med: 1 });
          await sp.announce('apZ', { prefixes: [AP_PREFIX], med: 2 });
        }
        const rib = await sp.ribUntil('apX', `two paths for ${AP_PREFIX} in bgpwire`, 20, (rib) => rib.filter((r) => r.prefix === AP_PREFIX).length === 2, explain);
        const paths = rib.filter((r) => r.prefix === AP_PREFIX);
        expect(new Set(paths.map((r) => r.pathId)).size).toBe(2);
        return `path ids ${paths.map((r) => r.pathId).join(', ')}`;
      });
    });

    when(p.extendedMessages)('extended messages (RFC 8654): an UPDATE over 4,096 octets each way', async () => {
      const addr = slot(S.ext).v4;
      await sp.speaker('ext', asOf(S.ext), addr);
      await sp.addPeer('ext', 'ext', peerOptions(S.ext));
      await row('extended messages: negotiated both ways', async () => {
        const est = await sp.established('ext', 30, 1, explain);
        const session = est.session as { send: { extendedMessage: boolean }; receive: { extendedMessage: boolean } };
        expect([session.send.extendedMessage, session.receive.extendedMessage]).toEqual([true, true]);
        return undefined;
      });
      await row('extended messages: bgpwire sends an UPDATE of 4,400+ octets of COMMUNITIES', async () => {
        const many = Array.from({ length: 1100 }, (_, i) => `65008:${i + 1}`);
        await sp.announce('ext', { prefixes: [v4(S.ext)], communities: many });
        const r = await waitFor(`${daemon.name} to show ${v4(S.ext)}`, 20, () => find(daemon.routes('ipv4'), v4(S.ext), addr), explain);
        if (daemon.hasCommunities !== undefined) {
          // birdc cuts the line: the count and the ends are asked with a filter instead.
          expect(daemon.hasCommunities(v4(S.ext), addr, many.length, many[0] as string, many.at(-1) as string)).toBe(true);
          return `${many.length} communities (count, first and last by filter)`;
        }
        expect(r.communities).toEqual(many);
        return `${r.communities.length} communities read back`;
      });
      await row('extended messages: the daemon sends an UPDATE of 4,400+ octets of COMMUNITIES', async () => {
        const rib = await sp.ribUntil('ext', `bgpwire to learn ${BIG4.prefix}`, 20, (rib) => rib.some((r) => r.prefix === BIG4.prefix), explain);
        expect(rib.find((r) => r.prefix === BIG4.prefix)?.communities).toEqual(BIG_COMMUNITIES);
        return `${BIG_COMMUNITIES.length} communities received`;
      });
    });

    when(p.role)('BGP role and OTC (RFC 9234), and a role mismatch answered with 2/11', async () => {
      const addr = slot(S.role).v4;
      await sp.speaker('role', asOf(S.role), addr);
      await sp.addPeer('role', 'role', peerOptions(S.role, { role: 'customer' }));
      await sp.speaker('mismatch', asOf(S.mismatch), slot(S.mismatch).v4);
      await sp.addPeer('mismatch', 'mismatch', peerOptions(S.mismatch, { role: 'provider', idleHoldTime: 5 }));
      await row('role: customer (bgpwire) with provider (daemon), Established', async () => {
        const est = await sp.established('role', 30, 1, explain);
        const session = est.session as { receive: { roles?: { sender?: number; receiver?: number } } };
        // RFC 9234 section 4.1: Provider 0, Customer 3.
        expect(session.receive.roles).toEqual({ sender: 0, receiver: 3 });
        const view = await waitFor(`${daemon.name} to show ${addr} Established`, 20, () => (daemon.neighbor(addr).established ? daemon.neighbor(addr) : undefined), explain);
        expect(view.received).toContain('role');
        return undefined;
      });
      await row('OTC: routes from the provider carry OTC = its AS in bgpwire', async () => {
        const rib = await sp.ribUntil('role', `bgpwire to learn ${KEEP4.prefix}`, 20, (rib) => rib.some((r) => r.prefix === KEEP4.prefix), explain);
        expect(rib.find((r) => r.prefix === KEEP4.prefix)?.otc).toBe(DAEMON_AS);
        return undefined;
      });
      await row('OTC: a route already carrying OTC does not reach the provider; a plain one does, without OTC', async () => {
        const leak = '198.18.99.0/24';
        await sp.announce('role', { prefixes: [leak], attributes: [{ type: 'OTC', asn: 65099 }] });
        await sp.announce('role', { prefixes: [v4(S.role)] });
        // UPDATEs are processed in order: once the plain route is there, the leak was handled.
        const r = await waitFor(`${daemon.name} to show ${v4(S.role)}`, 20, () => find(daemon.routes('ipv4'), v4(S.role), addr), explain);
        expect(r.otc).toBeUndefined();
        expect(find(daemon.routes('ipv4'), leak, addr)).toBeUndefined();
        return undefined;
      });
      await row('role mismatch: provider (bgpwire) with provider (daemon), NOTIFICATION 2/11', async () => {
        const n = (await waitFor('a Role Mismatch NOTIFICATION', 30, () =>
          sp.of('mismatch', 'notification').find((e) => (e as NotificationEvent).code === 2), explain)) as NotificationEvent;
        expect([n.code, n.subcode]).toEqual([2, 11]);
        const text = await waitFor(`${daemon.name} to report the mismatch`, 20, () => /.*role mismatch.*/i.exec(`${daemon.neighbor(slot(S.mismatch).v4).text}\n${daemon.log()}`)?.[0], explain);
        await sp.stop('mismatch');
        return `bgpwire ${n.direction} it; daemon: ${text.trim().slice(0, 100)}`;
      });
    });

    when(!p.role)('BGP role: the session comes up without capability 9 on the daemon side', async () => {
      const addr = slot(S.role).v4;
      await sp.speaker('role', asOf(S.role), addr);
      await sp.addPeer('role', 'role', peerOptions(S.role, { role: 'customer' }));
      await row('role: bgpwire announces customer, the daemon ignores capability 9, Established without roles', async () => {
        const est = await sp.established('role', 30, 1, explain);
        const session = est.session as { receive: { roles?: { sender?: number; receiver?: number } } };
        expect(session.receive.roles?.sender).toBeUndefined();
        const view = await waitFor(`${daemon.name} to show ${addr} Established`, 20, () => (daemon.neighbor(addr).established ? daemon.neighbor(addr) : undefined), explain);
        expect(view.received).not.toContain('role');
        return `daemon lists [${view.received.join(' ')}]`;
      });
    });

    when(p.gracefulRestart)('graceful restart (RFC 4724): stale routes kept across a restart, cleared at End-of-RIB', async () => {
      const addr = slot(S.gr).v4;
      const keep = [v4(S.gr), v6(S.gr)];
      const dropped = '198.18.111.0/24';
      const families = [{ afi: 1, safi: 1, forwarding: true }, { afi: 2, safi: 1, forwarding: true }];
      const first = new SpeakerProcess(lab);
      const second = new SpeakerProcess(lab);
      const fromBgpwire = (): DaemonRoute[] => [...daemon.routes('ipv4'), ...daemon.routes('ipv6')].filter((r) => r.from === addr);
      const ourDiag = (): string => `${first.diag()}\n${second.diag()}\ndaemon routes from ${addr}: ${JSON.stringify(fromBgpwire())}\n${daemon.log().slice(-3000)}`;
      try {
        first.start();
        await first.speaker('gr', asOf(S.gr), addr);
        await first.addPeer('gr', 'gr', peerOptions(S.gr, { gracefulRestart: { restartTime: 30, forwarding: true } }));
        await row('graceful restart: negotiated, routes in', async () => {
          const est = await first.established('gr', 30, 1, ourDiag);
          expect((est.session as { gracefulRestart?: unknown }).gracefulRestart, "the daemon's capability 64").toBeDefined();
          await first.announce('gr', { prefixes: [...keep, dropped] });
          await waitFor(`${daemon.name} to show bgpwire's 3 routes`, 20, () => fromBgpwire().length === 3, ourDiag);
          expect(daemon.neighbor(addr).received).toContain('graceful-restart');
          return undefined;
        });
        await row('graceful restart: TCP dropped without NOTIFICATION, the daemon marks the routes stale', async () => {
          await first.kill();
          const stale = await waitFor(`${daemon.name} to mark bgpwire's routes stale`, 20, () => {
            const rs = fromBgpwire();
            return rs.length === 3 && rs.every((r) => r.stale === true) ? rs : undefined;
          }, ourDiag);
          return `${stale.length} stale routes`;
        });
        await row('graceful restart: back with R=1 and F=1, End-of-RIB clears the stale mark and drops what was not sent again', async () => {
          second.start();
          await second.speaker('gr', asOf(S.gr), addr);
          await second.addPeer('gr', 'gr', peerOptions(S.gr, {
            gracefulRestart: false,
            capabilities: [{ type: 'graceful-restart', restarting: true, notification: true, restartTime: 30, families }],
          }));
          await second.announce('gr', { prefixes: keep });
          await second.established('gr', 30, 1, ourDiag);
          const after = await waitFor(`${daemon.name} to end the restart`, 20, () => {
            const rs = fromBgpwire();
            return rs.length === 2 && rs.every((r) => r.stale !== true && keep.includes(r.prefix)) ? rs : undefined;
          }, ourDiag);
          const view = daemon.neighbor(addr).text;
          for (const re of p.restartShown ?? []) expect(view, `${daemon.name} shows R=1 / F=1`).toMatch(re);
          return `${after.length} routes fresh, ${dropped} gone${p.restartShown === undefined ? '' : `; the daemon shows R=1 and F=1 (${p.restartShown.length} checks)`}`;
        });
      } finally {
        await first.close();
        await second.close();
      }
    });
  });
}
