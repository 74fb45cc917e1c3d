import { Speaker } from '../../src/node/index.ts';
import type { Peer, PeerOptions, SpeakerOptions } from '../../src/node/index.ts';

/** Polls `check` every 20 ms until it holds; throws naming `what` after `ms`. */
export async function until(what: string, ms: number, check: () => boolean): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** Speakers made by a test, closed in its afterEach. */
export const made: Speaker[] = [];

/** A speaker listening on an ephemeral port of `host` (127.0.0.x: the whole /8 is on lo). */
export async function listening(options: SpeakerOptions, host: string): Promise<{ speaker: Speaker; port: number }> {
  const speaker = new Speaker(options);
  made.push(speaker);
  const { port } = await speaker.listen({ host, port: 0 });
  return { speaker, port };
}

/** Closes every speaker the test made. */
export async function closeAll(): Promise<void> {
  await Promise.all(made.splice(0).map((s) => s.close()));
}

/** Short timers for tests (RFC 4271 allows any hold time of 3 s or more). */
export const FAST: Partial<PeerOptions> = { holdTime: 3, connectRetryTime: 1, idleHoldTime: 0.2, maxIdleHoldTime: 1 };

/**
 * Two speakers on 127.0.0.1 (AS 65001) and 127.0.0.2 (AS 65002), each configured with the other;
 * A connects, B is passive (unless overridden).
 */
export async function pair(a: Partial<PeerOptions> = {}, b: Partial<PeerOptions> = {}, asB = 65002): Promise<{ A: Speaker; B: Speaker; pa: Peer; pb: Peer }> {
  const { speaker: A, port: portA } = await listening({ localAs: 65001, bgpId: '10.255.0.1' }, '127.0.0.1');
  const { speaker: B, port: portB } = await listening({ localAs: asB, bgpId: '10.255.0.2' }, '127.0.0.2');
  // NEXT_HOP self would be 127.0.0.x, which RFC 7606 / RFC 4271 6.3 treat as invalid: documentation addresses instead.
  const pa = A.addPeer({ address: '127.0.0.2', port: portB, localAddress: '127.0.0.1', peerAs: asB, nextHop: '192.0.2.1', ...FAST, ...a });
  const pb = B.addPeer({ address: '127.0.0.1', port: portA, localAddress: '127.0.0.2', peerAs: 65001, nextHop: '192.0.2.2', passive: true, ...FAST, ...b });
  return { A, B, pa, pb };
}
