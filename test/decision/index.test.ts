import { describe, expect, it } from 'vitest';
import * as decision from '../../src/decision/index.ts';
import { makeRoute } from '../arbitraries/routes.ts';

describe('bgpwire/decision entry point', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(decision).sort()).toEqual([
      'DECISION_STEP_ORDER',
      'DEFAULT_DECISION_OPTIONS',
      'asPathLength',
      'compareRoutes',
      'hasAsLoop',
      'ineligibleReason',
      'neighbourAs',
      'nextHopOf',
      'rankRoutes',
      'resolveAnyNextHop',
      'resolveDecisionOptions',
      'selectBest',
    ]);
    expect(Object.isFrozen(decision.DEFAULT_DECISION_OPTIONS)).toBe(true);
    expect(Object.isFrozen(decision.DECISION_STEP_ORDER)).toBe(true);
  });

  it('the helpers read AS_PATH as the decision process does', () => {
    const r = makeRoute({
      peerType: 'internal',
      asPath: [
        { type: 'AS_CONFED_SEQUENCE', asns: [64512, 64513] },
        { type: 'AS_SEQUENCE', asns: [65001, 65002] },
        { type: 'AS_SET', asns: [1, 2, 3] },
      ],
    });
    expect(decision.asPathLength(r)).toBe(3);
    expect(decision.neighbourAs(r)).toBe(65001);
    expect(decision.neighbourAs(makeRoute({ peerType: 'internal', asPath: [] }))).toBe(65000);
    expect(decision.neighbourAs(makeRoute({ peerType: 'internal', asPath: [], local: { asn: 64512, bgpId: '1.1.1.1', confederationId: 65500 } }))).toBe(65500);
    expect(decision.neighbourAs(makeRoute({ peerType: 'external', peerAsn: 65009, asPath: [] }))).toBe(65009);
    expect(decision.resolveAnyNextHop(undefined)).toEqual({ resolvable: false });
    expect(decision.resolveAnyNextHop('192.0.2.1')).toEqual({ resolvable: true });
  });
});
