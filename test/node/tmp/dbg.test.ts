import { it } from 'vitest';
import { closeAll, pair } from '../helpers.ts';
it('dbg', async () => {
  const { pa, pb } = await pair({}, { passive: false });
  for (const [n, p] of [['A', pa], ['B', pb]] as const) {
    p.on('error', (e) => console.log(n, 'error', e.message));
    p.on('state', (f, t) => console.log(n, 'state', f, t, JSON.stringify(p.connection)));
    p.on('notification', (m, d) => console.log(n, 'notif', d, m.code, m.subcode));
  }
  await Promise.all([pa.established(), pb.established()]);
  await new Promise((r) => setTimeout(r, 1000));
  console.log(pa.state, pb.state, pa.connection, pb.connection);
  await closeAll();
});
