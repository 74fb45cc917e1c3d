// The matrix's fixed plan: the daemon's config (one neighbor per scenario, each on its own
// speaker address), the routes the daemon originates, bgpwire's peer options, and the context
// the scenario files share.
import { it } from 'vitest';
import type { PeerOptions } from '../../../src/node/index.ts';
import { DAEMON, type NetLab, slot } from './lab.ts';
import type { Profile } from './profiles.ts';
import type { SpeakerProcess } from './speaker-process.ts';
import type { Daemon, DaemonRoute, DaemonSpec, NeighborSpec, OriginatedRoute } from './types.ts';

export const DAEMON_AS = 65001;
export const S = { active: 2, passive: 3, hold: 4, apX: 5, apY: 6, apZ: 7, ext: 8, role: 9, mismatch: 10, gr: 11, v6: 12 } as const;
export const asOf = (n: number): number => (n === S.passive ? DAEMON_AS : 65000 + n);
export const v4 = (n: number): string => `198.18.${n}.0/24`;
export const v6 = (n: number): string => `2001:db8:${(0x200 + n).toString(16)}::/48`;

export const KEEP4: OriginatedRoute = { prefix: '203.0.113.0/24', nextHop: DAEMON.v4, med: 5, communities: ['65001:7'], largeCommunities: ['65001:1:2'] };
export const KEEP6: OriginatedRoute = { prefix: '2001:db8:100::/48', nextHop: DAEMON.v6, med: 6, communities: ['65001:8'] };
export const GONE4: OriginatedRoute = { prefix: '192.0.2.0/24', nextHop: DAEMON.v4 };
export const GONE6: OriginatedRoute = { prefix: '2001:db8:1ff::/48', nextHop: DAEMON.v6 };
// 1,100 communities: 4,400 octets of COMMUNITIES alone, so the UPDATE exceeds 4,096 (RFC 8654).
export const BIG_COMMUNITIES = Array.from({ length: 1100 }, (_, i) => `65001:${i + 1}`);
export const BIG4: OriginatedRoute = { prefix: '198.19.0.0/24', nextHop: DAEMON.v4, communities: BIG_COMMUNITIES };
export const AP_PREFIX = '198.18.50.0/24';

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
export function peerOptions(s: number, extra: Partial<PeerOptions> = {}): PeerOptions {
  return { address: DAEMON.v4, peerAs: DAEMON_AS, localAddress: slot(s).v4, nextHop6: slot(s).v6, holdTime: 9, connectRetryTime: 1, idleHoldTime: 0.5, maxIdleHoldTime: 2, ...extra };
}

export const find = (routes: readonly DaemonRoute[], prefix: string, from?: string): DaemonRoute | undefined =>
  routes.find((r) => r.prefix === prefix && (from === undefined || r.from === from));

/** What the scenarios share: the profile, the running lab, daemon and speaker, and the row recorder. */
export interface MatrixContext {
  readonly p: Profile;
  readonly lab: NetLab;
  readonly daemon: Daemon;
  readonly sp: SpeakerProcess;
  /** Runs one check and records it as a row of the matrix (with an optional note). */
  row(name: string, fn: () => Promise<string | undefined> | string | undefined): Promise<void>;
  /** Diagnostics for a failure message. */
  explain(): string;
}

/** A scenario the daemon supports runs (concurrently with the others); one it lacks shows as skipped. */
export const when = (supported: boolean): typeof it.concurrent => (supported ? it.concurrent : it.skip);
