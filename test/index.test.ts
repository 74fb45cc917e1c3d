import { describe, expect, it } from 'vitest';
import * as bgpwire from '../src/index.ts';
import * as capture from '../src/capture/index.ts';
import * as decision from '../src/decision/index.ts';
import * as fsm from '../src/fsm/index.ts';
import * as rib from '../src/rib/index.ts';

describe('the public entry points', () => {
  it('export the names the README and the issues promise', () => {
    for (const name of ['decodeMessage', 'encodeMessage', 'peekMessage', 'contextFor', 'sessionContext', 'notificationFor', 'validateOpen', 'validateAsPath', 'viewUpdate', 'frameMessages', 'toJSON', 'BgpError']) {
      expect(typeof (bgpwire as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(typeof fsm.transition).toBe('function');
    expect(typeof fsm.initialState).toBe('function');
    expect(typeof decision.selectBest).toBe('function');
    expect(typeof decision.compareRoutes).toBe('function');
    expect(typeof rib.Rib).toBe('function');
    expect(typeof capture.readCapture).toBe('function');
    // Issue 21: the NLRI layer.
    for (const name of ['nlriCodec', 'nlriCodecByName', 'nlriText', 'nlriKey', 'rdText', 'rdBytes']) expect(typeof (bgpwire as Record<string, unknown>)[name], name).toBe('function');
    expect(bgpwire.nlriCodec(1, 128)?.name).toBe('l3vpn-ipv4-unicast');
    expect(bgpwire.nlriCodecs.length).toBe(11);
  });

  it('round-trips a KEEPALIVE and an UPDATE through the entry point', () => {
    const ctx = bgpwire.sessionContext({ asn4: true });
    expect(bgpwire.decodeMessage(bgpwire.encodeMessage({ type: 'KEEPALIVE' }))).toEqual({ type: 'KEEPALIVE' });
    const u = { type: 'UPDATE' as const, withdrawn: [], attributes: [], nlri: [] };
    expect(bgpwire.decodeMessage(bgpwire.encodeMessage(u, ctx), ctx)).toEqual(u);
    expect(bgpwire.endOfRib(u)).toEqual({ afi: 1, safi: 1 });
  });
});
