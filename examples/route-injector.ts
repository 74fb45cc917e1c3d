// A route injector (the ExaBGP anycast use): announce a service prefix while its health check
// passes, withdraw it when the check fails. The check here is "a TCP connect succeeds"; pass
// your own `check` for anything else.
import { connect } from 'node:net';
import { Speaker } from 'bgpwire/node';
import type { Peer, PeerOptions, RouteInput } from 'bgpwire/node';

export interface InjectorOptions {
  readonly localAs: number;
  readonly bgpId: string;
  readonly peer: PeerOptions;
  /** The route announced while healthy. */
  readonly route: RouteInput;
  /** Resolves true while the service is healthy. Default: a TCP connect to `service`. */
  readonly check?: () => Promise<boolean>;
  readonly service?: { readonly host: string; readonly port: number };
  /** Seconds between checks (default 2). */
  readonly interval?: number;
  /** Called on every change: `announced` or `withdrawn`. */
  readonly onChange?: (state: 'announced' | 'withdrawn') => void;
}

/** A TCP connect health check that gives up after 1 s. */
export function tcpCheck(host: string, port: number): () => Promise<boolean> {
  return () =>
    new Promise((resolve) => {
      const s = connect({ host, port });
      const done = (ok: boolean): void => {
        s.destroy();
        resolve(ok);
      };
      s.setTimeout(1000, () => done(false));
      s.once('connect', () => done(true));
      s.once('error', () => done(false));
    });
}

/** Starts injecting; returns the speaker and peer, and a stop function. */
export function startInjector(o: InjectorOptions): { speaker: Speaker; peer: Peer; stop: () => Promise<void> } {
  const check = o.check ?? (o.service === undefined ? async () => true : tcpCheck(o.service.host, o.service.port));
  const speaker = new Speaker({ localAs: o.localAs, bgpId: o.bgpId });
  const peer = speaker.addPeer(o.peer);
  let healthy = false;
  let stopped = false;
  const tick = async (): Promise<void> => {
    const ok = await check().catch(() => false);
    if (stopped || ok === healthy) return;
    healthy = ok;
    // Announced routes are kept by the peer and sent whenever the session is (re)established.
    if (ok) peer.announce(o.route);
    else peer.withdraw(o.route.prefixes);
    o.onChange?.(ok ? 'announced' : 'withdrawn');
  };
  const timer = setInterval(() => void tick(), (o.interval ?? 2) * 1000);
  void tick();
  return {
    speaker,
    peer,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await speaker.close();
    },
  };
}
