import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findAttribute } from '../../src/attributes/helpers.ts';
import type { UpdateMessage } from '../../src/attributes/types.ts';
import { closeAll, pair, until } from './helpers.ts';

afterEach(closeAll);

describe('two Speakers over loopback', () => {
  it('reach Established and exchange routes both ways with every attribute, then withdraw', async () => {
    // Over an IPv4 session an IPv6 next hop must be configured (never `::`).
    const { pa, pb } = await pair({ nextHop6: ['2001:db8::a'] });
    const errors: string[] = [];
    pa.on('error', (e) => errors.push(e.message));
    pb.on('error', (e) => errors.push(e.message));
    const updatesB: UpdateMessage[] = [];
    pb.on('update', (u) => updatesB.push(u));
    const [sa, sb] = await Promise.all([pa.established(), pb.established()]);
    expect(sa.peerAs).toBe(65002);
    expect(sb.peerAs).toBe(65001);
    expect(sa.send.families.length).toBe(2);
    expect(sa.send.extendedMessage).toBe(true);

    pa.announce({
      prefixes: ['10.1.0.0/24', '2001:db8:1::/48'],
      asPath: [64999],
      origin: 'EGP',
      med: 50,
      communities: ['65001:1', 'no-export'],
      largeCommunities: ['65001:1:2'],
      extendedCommunities: ['rt:65001:7'],
    });
    pa.announce({ prefixes: ['2001:db8:2::/48'], nextHop: ['2001:db8::1'] });
    pb.announce({ prefixes: ['10.2.0.0/16'], localPref: 300 });
    await until(`B to learn 3 routes ${errors.join()}`, 5000, () => [...pb.adjRibIn()].length === 3);
    await until('A to learn 1 route', 5000, () => [...pa.adjRibIn()].length === 1);

    const v4 = [...pb.adjRibIn('ipv4-unicast')][0];
    expect(v4?.prefix).toBe('10.1.0.0/24');
    const attrs = v4?.attributes ?? [];
    expect(findAttribute(attrs, 'ORIGIN')?.origin).toBe('EGP');
    // eBGP: our AS prepended (RFC 4271 5.1.2), NEXT_HOP self (the peer's configured nextHop), MED kept.
    expect(findAttribute(attrs, 'AS_PATH')?.segments).toEqual([{ type: 'AS_SEQUENCE', asns: [65001, 64999] }]);
    expect(findAttribute(attrs, 'NEXT_HOP')?.nextHop).toBe('192.0.2.1');
    expect(findAttribute(attrs, 'MULTI_EXIT_DISC')?.med).toBe(50);
    expect(findAttribute(attrs, 'LOCAL_PREF')).toBeUndefined();
    expect(findAttribute(attrs, 'COMMUNITIES')?.communities).toEqual(['65001:1', '65535:65281']);
    expect(findAttribute(attrs, 'LARGE_COMMUNITY')?.communities).toEqual(['65001:1:2']);
    expect(findAttribute(attrs, 'EXTENDED_COMMUNITIES')?.communities).toEqual([{ kind: 'route-target', type: 0, subtype: 2, global: 65001, local: 7 }]);
    const v6 = [...pb.adjRibIn('ipv6-unicast')].map((r) => [r.prefix, findAttribute(r.attributes, 'MP_REACH_NLRI')?.nextHop]);
    expect(v6).toContainEqual(['2001:db8:2::/48', ['2001:db8::1']]);
    expect(v6).toContainEqual(['2001:db8:1::/48', ['2001:db8::a']]);
    expect(errors).toEqual([]);
    // End-of-RIB for both families arrived (RFC 4724 section 2).
    expect(updatesB.filter((u) => u.nlri.length === 0 && u.withdrawn.length === 0 && u.attributes.length <= 1).length).toBeGreaterThanOrEqual(2);
    // LOCAL_PREF is not sent to an external peer.
    const fromB = [...pa.adjRibIn()][0];
    expect(findAttribute(fromB?.attributes ?? [], 'LOCAL_PREF')).toBeUndefined();

    pa.withdraw(['10.1.0.0/24']);
    await until('B to drop 10.1.0.0/24', 5000, () => [...pb.adjRibIn('ipv4-unicast')].length === 0);
    expect([...pb.adjRibIn()].length).toBe(2);
  });
});

describe('sessions', () => {
  it('iBGP: LOCAL_PREF added (default 100, or the route\'s), AS_PATH as given', async () => {
    const { pa, pb } = await pair({}, {}, 65001);
    await Promise.all([pa.established(), pb.established()]);
    expect(pa.session?.internal).toBe(true);
    pa.announce({ prefixes: ['10.3.0.0/24'] });
    pa.announce({ prefixes: ['10.4.0.0/24'], localPref: 250, asPath: [65010] });
    await until('B to learn 2 routes', 5000, () => [...pb.adjRibIn()].length === 2);
    const got = new Map([...pb.adjRibIn()].map((r) => [r.prefix, r.attributes]));
    expect(findAttribute(got.get('10.3.0.0/24') ?? [], 'LOCAL_PREF')?.localPref).toBe(100);
    expect(findAttribute(got.get('10.3.0.0/24') ?? [], 'AS_PATH')?.segments).toEqual([]);
    expect(findAttribute(got.get('10.4.0.0/24') ?? [], 'LOCAL_PREF')?.localPref).toBe(250);
    expect(findAttribute(got.get('10.4.0.0/24') ?? [], 'AS_PATH')?.segments).toEqual([{ type: 'AS_SEQUENCE', asns: [65010] }]);
  });

  it('speaker-wide routes go to every peer, routes given before Established are sent when it comes up', async () => {
    const { A, pa, pb } = await pair();
    A.announce({ prefixes: ['10.5.0.0/24'] });
    pa.announce({ prefixes: ['10.6.0.0/24'] });
    await until('B to learn both', 5000, () => [...pb.adjRibIn()].length === 2);
    A.withdraw(['10.5.0.0/24']);
    await until('B to drop the speaker-wide one', 5000, () => [...pb.adjRibIn()].map((r) => r.prefix).join() === '10.6.0.0/24');
  });

  it('collision: both connect at once, one connection survives (the one the higher BGP Identifier opened)', async () => {
    const { pa, pb } = await pair({}, { passive: false });
    const ceases: string[] = [];
    for (const [n, p] of [['A', pa], ['B', pb]] as const) p.on('notification', (m, d) => ceases.push(`${n} ${d} ${m.code}/${m.subcode}`));
    await Promise.all([pa.established(), pb.established()]);
    // Both sides connected, so each saw two connections: RFC 4271 6.8 closed one with Cease 6/7.
    await until('the collision Cease', 3000, () => ceases.some((c) => c.endsWith('6/7')));
    await new Promise((r) => setTimeout(r, 1500));
    expect(pa.state).toBe('Established');
    expect(pb.state).toBe('Established');
    // B (10.255.0.2) has the higher identifier: the surviving connection is the one B opened.
    expect(pa.connection?.initiatedLocally).toBe(false);
    expect(pb.connection?.initiatedLocally).toBe(true);
    expect(pa.connection?.localPort).toBe(pb.connection?.remotePort);
    pa.announce({ prefixes: ['10.7.0.0/24'] });
    await until('B to learn over the surviving session', 3000, () => [...pb.adjRibIn()].length === 1);
    expect(ceases.filter((c) => !c.endsWith('6/7'))).toEqual([]);
  });

  it('passive peers never connect', async () => {
    const { pa, pb } = await pair({ passive: true }, { passive: true });
    const states: string[] = [];
    pa.on('state', (_f, t) => states.push(`A ${t}`));
    pb.on('state', (_f, t) => states.push(`B ${t}`));
    // ConnectRetryTime is 1 s: Event 9 fires twice on each side, and neither opens a connection.
    await new Promise((r) => setTimeout(r, 2600));
    expect(states).toEqual(['A Active', 'B Active']);
    expect(pa.state).toBe('Active');
    expect(pa.connection).toBeUndefined();
    expect(pb.connection).toBeUndefined();
  });

  it('stop(reason): Cease 6/2 with the RFC 9003 shutdown communication, and no restart', async () => {
    const { pa, pb } = await pair();
    await Promise.all([pa.established(), pb.established()]);
    const down = new Promise<unknown>((resolve) => pb.once('down', resolve));
    await pa.stop('maintenance');
    const d = (await down) as { reason: string; notification?: { code: number; subcode: number; details?: unknown } };
    expect(d.reason).toBe('notification received: Cease/AdministrativeShutdown');
    expect([d.notification?.code, d.notification?.subcode]).toEqual([6, 2]);
    expect(d.notification?.details).toEqual({ kind: 'shutdown', communication: 'maintenance', valid: true });
    await new Promise((r) => setTimeout(r, 800));
    expect(pa.state).toBe('Idle');
    expect(pa.connection).toBeUndefined();
    // B comes back to Active (passive) and waits; A stays stopped until start().
    expect(pb.state).toBe('Active');
    pa.start();
    await Promise.all([pa.established(), pb.established()]);
  });

  it('ROUTE-REFRESH both ways: answered from the Adj-RIB-Out between BoRR and EoRR (RFC 7313)', async () => {
    const { pa, pb } = await pair();
    await Promise.all([pa.established(), pb.established()]);
    expect(pb.session?.send.enhancedRouteRefresh).toBe(true);
    pa.announce({ prefixes: ['10.8.0.0/24', '10.9.0.0/24'] });
    await until('B to learn 2', 5000, () => [...pb.adjRibIn()].length === 2);
    const seen: string[] = [];
    pb.on('update', (u) => seen.push(...u.nlri.map((p) => p.prefix)));
    pb.refresh('ipv4-unicast');
    await until('the refreshed routes', 5000, () => seen.length === 2);
    expect(seen.sort()).toEqual(['10.8.0.0/24', '10.9.0.0/24']);
    expect([...pa.adjRibOut()].length).toBe(2);
    pb.announce({ prefixes: ['10.10.0.0/24'] });
    await until('A to learn 1', 5000, () => [...pa.adjRibIn()].length === 1);
    const seenA: string[] = [];
    pa.on('update', (u) => seenA.push(...u.nlri.map((p) => p.prefix)));
    pa.refresh();
    await until('A to get it again', 5000, () => seenA.length === 1);
  });

  it('maximum prefixes: one past the limit is Cease 6/1 with AFI, SAFI and the limit (RFC 4486 section 4)', async () => {
    const { pa, pb } = await pair({}, { maxPrefixes: { 'ipv4-unicast': 5 } });
    await Promise.all([pa.established(), pb.established()]);
    const got = new Promise<{ code: number; subcode: number; data: Uint8Array }>((resolve) => pa.on('notification', (m, d) => d === 'received' && resolve(m)));
    pa.announce({ prefixes: ['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24', '10.0.4.0/24', '10.0.5.0/24'] });
    await until('B to hold 5', 5000, () => [...pb.adjRibIn()].length === 5);
    expect(pb.state).toBe('Established');
    pa.announce({ prefixes: ['10.0.6.0/24'] });
    const n = await got;
    expect([n.code, n.subcode]).toEqual([6, 1]);
    expect([...n.data]).toEqual([0, 1, 1, 0, 0, 0, 5]);
    expect([...pb.adjRibIn()].length).toBe(0);
    expect(pb.lastError?.message).toContain('maximum prefixes 5 for ipv4-unicast');
  });

  it('a listener that throws never kills the session or the process', async () => {
    const { pa, pb } = await pair();
    const errors: Error[] = [];
    pb.on('update', () => {
      throw new Error('listener bug');
    });
    pb.on('error', (e) => errors.push(e));
    await Promise.all([pa.established(), pb.established()]);
    pa.announce({ prefixes: ['10.11.0.0/24'] });
    await until('B to store the route', 5000, () => [...pb.adjRibIn()].length === 1);
    expect(errors.map((e) => e.message)).toContain("a 'update' listener threw: listener bug");
    expect(pb.state).toBe('Established');
    // An 'error' listener that throws too: reported as a process warning, the session stays.
    pb.removeAllListeners('error');
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w.message);
    };
    process.on('warning', onWarning);
    pb.on('error', () => {
      throw new Error('error listener bug');
    });
    pa.announce({ prefixes: ['10.12.0.0/24'] });
    await until('B to store the second route', 5000, () => [...pb.adjRibIn()].length === 2);
    await until('the warning', 2000, () => warnings.some((w) => w.includes('error listener bug')));
    process.off('warning', onWarning);
    expect(pb.state).toBe('Established');
  });

  it('an async iterator yields the same events', async () => {
    const { pa, pb } = await pair();
    const types: string[] = [];
    const loop = (async () => {
      for await (const e of pb) {
        types.push(e.type);
        if (e.type === 'update' && e.update.nlri.length > 0) break;
      }
    })();
    await pa.established();
    pa.announce({ prefixes: ['10.13.0.0/24'] });
    await loop;
    expect(types).toContain('established');
    expect(types.at(-1)).toBe('update');
  });
});

describe('hold timer between two Speakers', () => {
  it('when A stops sending, B\'s HoldTimer fires (4/0) and A hears why', async () => {
    let socket: Socket | undefined;
    const { pa, pb } = await pair({ createConnection: (t) => (socket = connect(t)) });
    await Promise.all([pa.established(), pb.established()]);
    const downA = new Promise<string>((resolve) => pa.once('down', (d) => resolve(d.reason)));
    const downB = new Promise<string>((resolve) => pb.once('down', (d) => resolve(d.reason)));
    const t0 = Date.now();
    // A's socket holds every write from now on: B hears nothing for its hold time (3 s).
    socket?.cork();
    expect(await downB).toBe('notification sent: HoldTimerExpired/Unspecific');
    expect(await downA).toBe('notification received: HoldTimerExpired/Unspecific');
    expect(Date.now() - t0).toBeGreaterThan(2000);
    // Both come back by themselves (IdleHold, then A connects again).
    await Promise.all([pa.established(), pb.established()]);
  });
});
