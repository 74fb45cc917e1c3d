import { describe, expect, it } from 'vitest';
import { runTwoSpeakers } from '../../examples/two-speakers.ts';

describe('examples/two-speakers.ts: two reducers through the codec', () => {
  it('reach Established, carry an UPDATE, and return to Idle on a Cease', () => {
    const r = runTwoSpeakers();
    expect(r.statesA).toEqual(['Idle', 'Connect', 'OpenSent', 'OpenConfirm', 'Established', 'Idle']);
    expect(r.statesB).toEqual(['Idle', 'Active', 'OpenSent', 'OpenConfirm', 'Established', 'Idle']);
    expect(r.seenB).toEqual(['processUpdate 198.51.100.0/24', 'deleteRoutes']);
    // Both negotiated the smaller hold time (B offered 30).
    expect(r.log).toContain('A → B OPEN (37 bytes)');
    expect(r.log).toContain('A → B NOTIFICATION (21 bytes)');
    expect(r.log.filter((l) => l.includes('KEEPALIVE')).length).toBe(2);
    expect(r.a.name).toBe('Idle');
    expect(r.b.name).toBe('Idle');
  });
});
