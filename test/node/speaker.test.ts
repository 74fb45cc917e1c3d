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
