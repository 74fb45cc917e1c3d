import { describe, expect, it } from 'vitest';
import { communityName, decodeMessage, encodeMessage, parseCommunity, sessionContext, type UpdateMessage } from '../../src/index.ts';

// Well-known communities are accepted by the encoder in IANA and daemon spellings, any case
// (issue 15); decoded values stay numeric `ASN:value` text and communityName gives the name.
// Values: RFC 1997 section "Well-known Communities", RFC 7999 section 5, RFC 8326 section 5,
// RFC 3765 section 4, RFC 9494 section 4.3 and the IANA "BGP Well-known Communities" registry.

const cases: [string[], number, string][] = [
  [['NO_EXPORT', 'no-export', 'No_Export', 'no_export', 'NO-EXPORT'], 0xffffff01, 'NO_EXPORT'],
  [['NO_ADVERTISE', 'no-advertise'], 0xffffff02, 'NO_ADVERTISE'],
  [['NO_EXPORT_SUBCONFED', 'no-export-subconfed', 'local-AS', 'local-as'], 0xffffff03, 'NO_EXPORT_SUBCONFED'],
  [['NOPEER', 'nopeer', 'no-peer', 'NO_PEER'], 0xffffff04, 'NOPEER'],
  [['BLACKHOLE', 'blackhole', 'Blackhole'], 0xffff029a, 'BLACKHOLE'],
  [['GRACEFUL_SHUTDOWN', 'graceful-shutdown', 'graceful_shutdown'], 0xffff0000, 'GRACEFUL_SHUTDOWN'],
  [['ACCEPT_OWN', 'accept-own'], 0xffff0001, 'ACCEPT_OWN'],
  [['ACCEPT_OWN_NEXTHOP', 'accept-own-nexthop'], 0xffff0008, 'accept-own-nexthop'],
  [['ROUTE_FILTER_TRANSLATED_v4', 'route-filter-translated-v4'], 0xffff0002, 'ROUTE_FILTER_TRANSLATED_v4'],
  [['ROUTE_FILTER_v6', 'route-filter-v6'], 0xffff0005, 'ROUTE_FILTER_v6'],
  [['LLGR_STALE', 'llgr-stale'], 0xffff0006, 'LLGR_STALE'],
  [['NO_LLGR', 'no-llgr'], 0xffff0007, 'NO_LLGR'],
  [['STANDBY_PE', 'Standby PE', 'standby-pe'], 0xffff0009, 'STANDBY_PE'],
];

const ctx = sessionContext({ as4: true });
const update = (communities: string[]): UpdateMessage => ({
  type: 'UPDATE',
  withdrawn: [],
  attributes: [{ type: 'COMMUNITIES', communities }],
  nlri: [],
});

describe('well-known community names', () => {
  it.each(cases)('%j all parse to the same value', (spellings, value, name) => {
    for (const s of spellings) expect(parseCommunity(s)).toBe(value);
    const text = `${value >>> 16}:${value & 0xffff}`;
    expect(communityName(text)).toBe(name);
  });

  it('the encoder accepts them; decoding gives numbers back, communityName the names', () => {
    const bytes = encodeMessage(update(['no-export', 'BLACKHOLE', 'graceful-shutdown', 'local-AS', '65000:100']), ctx);
    const same = encodeMessage(update(['65535:65281', '65535:666', '65535:0', '65535:65283', '65000:100']), ctx);
    expect(bytes).toEqual(same);
    const m = decodeMessage(bytes, ctx);
    expect(m.type === 'UPDATE' && m.attributes[0]).toEqual({ type: 'COMMUNITIES', communities: ['65535:65281', '65535:666', '65535:0', '65535:65283', '65000:100'] });
    expect(m.type === 'UPDATE' && m.attributes[0]?.type === 'COMMUNITIES' && m.attributes[0].communities.map((c) => communityName(c) ?? c)).toEqual(['NO_EXPORT', 'BLACKHOLE', 'GRACEFUL_SHUTDOWN', 'NO_EXPORT_SUBCONFED', '65000:100']);
  });

  it('anything else is a TypeError naming the text and the accepted forms', () => {
    expect(() => parseCommunity('65536:1')).toThrow(RangeError);
    for (const bad of ['no-exports', 'export', 'NO EXPORT X', '', 'internet']) {
      expect(() => parseCommunity(bad), bad).toThrow(TypeError);
    }
    expect(() => encodeMessage(update(['no-exprot']), ctx)).toThrow(/community: "no-exprot" is not ASN:value or a well-known community name \(NO_EXPORT, no-export/);
  });
});
