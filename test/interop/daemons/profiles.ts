// What each daemon supports, for the matrix: the checks it gets, and where it differs.
import { existsSync } from 'node:fs';
import { BIRD, BIRDC, BirdDaemon } from './bird.ts';
import { EXABGP, ExabgpDaemon } from './exabgp.ts';
import { FRR_LIB, FrrDaemon } from './frr.ts';
import { GOBGP, GOBGPD, GobgpDaemon } from './gobgp.ts';
import type { NetLab } from './lab.ts';
import { BGPCTL, OPENBGPD, OpenbgpdDaemon } from './openbgpd.ts';
import type { Daemon, DaemonSpec } from './types.ts';

export interface Profile {
  readonly key: string;
  readonly binaries: readonly string[];
  make(lab: NetLab, spec: DaemonSpec): Daemon;
  /** RFC 8654 capability 6. */
  readonly extendedMessages: boolean;
  /** RFC 9234 capability 9 and OTC. */
  readonly role: boolean;
  /** RFC 4724 helper with a RIB to read stale routes from. */
  readonly gracefulRestart: boolean;
  /** Passes learned routes on (ADD-PATH send of paths from other neighbors); else originates paths. */
  readonly keepsRib: boolean;
  /** Parses a Cease 6/2 with RFC 9003 text. */
  readonly shutdownText: boolean;
  /** Can be made to send a ROUTE-REFRESH from its CLI. */
  readonly sendsRefresh: boolean;
  /** Answers bgpwire's ROUTE-REFRESH by sending its routes again. */
  readonly answersRefresh: boolean;
  /** Sends a usable IPv6 next hop for its own IPv6 routes over an IPv4 session. */
  readonly ipv6OverIpv4: boolean;
  /** How the daemon's neighbor view shows bgpwire's R=1 and F=1 after a restart (RFC 4724 section 3), where it does. */
  readonly restartShown?: readonly RegExp[];
  /** bgpwire capabilities the daemon lists in its neighbor view (names as in NeighborView). */
  readonly lists: readonly string[];
}

const BASE = ['multiprotocol-ipv4', 'multiprotocol-ipv6', 'route-refresh', 'enhanced-route-refresh', 'as4'];

export const PROFILES: Readonly<Record<string, Profile>> = {
  bird: {
    key: 'bird',
    binaries: [BIRD, BIRDC],
    make: (lab, spec) => new BirdDaemon(lab, spec),
    extendedMessages: true,
    role: true,
    gracefulRestart: true,
    keepsRib: true,
    shutdownText: true,
    sendsRefresh: true,
    answersRefresh: true,
    ipv6OverIpv4: true,
    lists: [...BASE, 'extended-message'],
    restartShown: [/Neighbor capabilities[\s\S]*Restart recovery/, /Neighbor capabilities[\s\S]*AF preserved: ipv4 ipv6/],
  },
  frr: {
    key: 'frr',
    binaries: [`${FRR_LIB}/bgpd`, `${FRR_LIB}/zebra`, '/usr/bin/vtysh'],
    make: (lab, spec) => new FrrDaemon(lab, spec),
    extendedMessages: true,
    role: true,
    gracefulRestart: true,
    keepsRib: true,
    shutdownText: true,
    sendsRefresh: true,
    answersRefresh: true,
    ipv6OverIpv4: true,
    lists: [...BASE, 'extended-message'],
    restartShown: [/"rBit":true/, /"ipv4Unicast":\{\s*"fBit":true/, /"ipv6Unicast":\{\s*"fBit":true/],
  },
  openbgpd: {
    key: 'openbgpd',
    binaries: [OPENBGPD, BGPCTL],
    make: (lab, spec) => new OpenbgpdDaemon(lab, spec),
    extendedMessages: false,
    role: true,
    gracefulRestart: true,
    keepsRib: true,
    shutdownText: true,
    // 7.7's RDE logs "route refresh: AID IPv4 unicast not negotiated" and sends nothing.
    sendsRefresh: true,
    answersRefresh: false,
    // The Linux port sends ::1 as its own IPv6 next hop over an IPv4 session.
    ipv6OverIpv4: false,
    lists: BASE,
    restartShown: [/Neighbor capabilities:[\s\S]*Graceful Restart: Timeout: 30, restarted, IPv4 unicast \(preserved\), IPv6 unicast \(preserved\)/],
  },
  gobgp: {
    key: 'gobgp',
    binaries: [GOBGPD, GOBGP],
    make: (lab, spec) => new GobgpDaemon(lab, spec),
    extendedMessages: false,
    role: false,
    gracefulRestart: true,
    keepsRib: true,
    shutdownText: true,
    // 3.10 never sends one: `neighbor softresetin` re-applies its kept Adj-RIB-In.
    sendsRefresh: false,
    answersRefresh: true,
    ipv6OverIpv4: true,
    lists: [...BASE, 'unknown-6'],
  },
  exabgp: {
    key: 'exabgp',
    binaries: [EXABGP],
    make: (lab, spec) => new ExabgpDaemon(lab, spec),
    extendedMessages: true,
    role: false,
    gracefulRestart: false,
    keepsRib: false,
    // ExaBGP 4.2.21's notification.py formats the RFC 9003 bytes with a str and answers 1/0.
    shutdownText: false,
    sendsRefresh: true,
    answersRefresh: true,
    ipv6OverIpv4: true,
    lists: [...BASE, 'extended-message'],
  },
};

/** Whether every binary of the profile is installed. */
export function installed(p: Profile): boolean {
  return p.binaries.every((b) => existsSync(b));
}
