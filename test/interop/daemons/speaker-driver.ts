// The bgpwire Speaker inside a network namespace, driven by the interop test over JSON lines
// (the test process itself cannot enter a namespace). Started as
//   ip netns exec <ns> node --import bench/register.mjs speaker-driver.ts
// stdin: one command per line, { id, op, ... }; stdout: { re: id, ok, result | error } replies and
// { ev, peer, ... } events. Everything here is plain Speaker / Peer API use, as a user writes it;
// the only internal read is the peer's OPEN, to list the capabilities the daemon sent.
import { createInterface } from 'node:readline';
import type { PathAttribute } from '../../../src/attributes/types.ts';
import type { NotificationMessage, OpenMessage } from '../../../src/messages/types.ts';
import type { RibFamily, RibRoute } from '../../../src/rib/types.ts';
import { Speaker } from '../../../src/node/index.ts';
import type { Peer, PeerOptions, RouteInput } from '../../../src/node/index.ts';
import { toJSON } from '../../../src/json.ts';

const speakers = new Map<string, Speaker>();
const peers = new Map<string, Peer>();

function out(obj: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

/** One Adj-RIB-In route in the harness's normalised shape (see types.ts DaemonRoute). */
function ribRoute(r: RibRoute): Record<string, unknown> {
  const attr = <T extends PathAttribute['type']>(t: T): Extract<PathAttribute, { type: T }> | undefined =>
    r.attributes.find((a) => a.type === t) as Extract<PathAttribute, { type: T }> | undefined;
  const mp = attr('MP_REACH_NLRI');
  return {
    prefix: r.prefix,
    pathId: r.pathId,
    from: r.peer.address,
    nextHop: attr('NEXT_HOP')?.nextHop ?? mp?.nextHop?.[0] ?? '',
    nextHops: mp?.nextHop ?? [],
    asPath: (attr('AS_PATH')?.segments ?? []).flatMap((s) => s.asns),
    origin: attr('ORIGIN')?.origin,
    med: attr('MULTI_EXIT_DISC')?.med,
    localPref: attr('LOCAL_PREF')?.localPref,
    communities: attr('COMMUNITIES')?.communities ?? [],
    largeCommunities: attr('LARGE_COMMUNITY')?.communities ?? [],
    extendedCommunities: toJSON(attr('EXTENDED_COMMUNITIES')?.communities ?? []),
    otc: attr('OTC')?.asn,
    stale: r.stale,
    attributeTypes: r.attributes.map((a) => a.type),
  };
}

function notificationJson(n: NotificationMessage): Record<string, unknown> {
  const d = n.details;
  // RFC 9003: the shutdown communication of a Cease 6/2 or 6/4, as bgpwire decoded it.
  const text = d !== undefined && d.kind === 'shutdown' ? d.communication : undefined;
  return { code: n.code, subcode: n.subcode, data: Buffer.from(n.data).toString('hex'), ...(text === undefined ? {} : { text }) };
}

function addPeer(speakerName: string, name: string, options: PeerOptions): Peer {
  const speaker = speakers.get(speakerName);
  if (speaker === undefined) throw new Error(`no speaker ${speakerName}`);
  const peer = speaker.addPeer(options);
  peers.set(name, peer);
  peer.on('established', (s) => {
    // The daemon's OPEN as bgpwire decoded it (internal field of the live connection).
    const open = (peer as unknown as { established_?: { peerOpen?: OpenMessage } }).established_?.peerOpen;
    out({ ev: 'established', peer: name, session: toJSON(s), capabilities: toJSON(open?.capabilities ?? []), holdTime: open?.holdTime });
  });
  peer.on('update', (u, changes) => out({ ev: 'update', peer: name, update: toJSON(u), changes: changes.length }));
  peer.on('notification', (n, direction) => out({ ev: 'notification', peer: name, direction, ...notificationJson(n) }));
  peer.on('down', (d) => out({ ev: 'down', peer: name, reason: d.reason, direction: d.direction, ...(d.notification === undefined ? {} : { notification: notificationJson(d.notification) }) }));
  peer.on('state', (from, to) => out({ ev: 'state', peer: name, from, to }));
  peer.on('error', (e) => out({ ev: 'error', peer: name, message: e.message }));
  return peer;
}

function peerOf(name: unknown): Peer {
  const p = peers.get(String(name));
  if (p === undefined) throw new Error(`no peer ${String(name)}`);
  return p;
}

async function run(cmd: Record<string, unknown>): Promise<unknown> {
  switch (cmd.op) {
    case 'speaker': {
      const speaker = new Speaker({ localAs: Number(cmd.localAs), bgpId: String(cmd.bgpId) });
      speakers.set(String(cmd.name), speaker);
      if (cmd.listen !== undefined) return speaker.listen(cmd.listen as { host: string; port: number });
      return null;
    }
    case 'listen': {
      const speaker = speakers.get(String(cmd.speaker));
      if (speaker === undefined) throw new Error(`no speaker ${String(cmd.speaker)}`);
      return speaker.listen(cmd.listen as { host: string; port: number });
    }
    case 'peer':
      addPeer(String(cmd.speaker), String(cmd.name), cmd.options as PeerOptions);
      return null;
    case 'announce':
      return peerOf(cmd.peer).announce(cmd.route as RouteInput);
    case 'withdraw':
      return peerOf(cmd.peer).withdraw(cmd.prefixes as string[]);
    case 'refresh':
      peerOf(cmd.peer).refresh(cmd.family as RibFamily | undefined);
      return null;
    case 'stop':
      await peerOf(cmd.peer).stop(cmd.reason as string | undefined);
      return null;
    case 'start':
      peerOf(cmd.peer).start();
      return null;
    case 'rib':
      return [...peerOf(cmd.peer).adjRibIn(cmd.family as RibFamily | undefined)].map(ribRoute);
    case 'silence': {
      // bgpwire "goes silent": its writes on the session's socket are dropped from now on, while
      // the kernel still acknowledges what the daemon sends (a paused speaker with a live TCP
      // stack, so the daemon's own hold timer is what ends the session).
      const socket = (peerOf(cmd.peer) as unknown as { established_?: { socket?: { write: unknown } } }).established_?.socket;
      if (socket === undefined) throw new Error('silence: no established socket');
      socket.write = (_b: unknown, cb?: unknown) => {
        if (typeof cb === 'function') (cb as () => void)();
        return true;
      };
      return null;
    }
    case 'state':
      return peerOf(cmd.peer).state;
    case 'close':
      await Promise.all([...speakers.values()].map((s) => s.close()));
      return null;
    default:
      throw new Error(`unknown op ${String(cmd.op)}`);
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  let cmd: Record<string, unknown>;
  try {
    cmd = JSON.parse(line) as Record<string, unknown>;
  } catch {
    out({ ev: 'error', message: `bad command line ${line}` });
    return;
  }
  run(cmd).then(
    (result) => out({ re: cmd.id, ok: true, result: toJSON(result) }),
    (err: unknown) => out({ re: cmd.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});
process.stdin.on('end', () => {
  void Promise.all([...speakers.values()].map((s) => s.close())).finally(() => process.exit(0));
});
