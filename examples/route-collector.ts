// A route collector: listens for any number of configured peers (passive: they connect to us) and
// prints every UPDATE received as one JSON line, with the peer and the Loc-RIB changes it caused.
//   collector = await startCollector({ localAs: 65000, bgpId: '192.0.2.100', peers: [{ address: '192.0.2.1', peerAs: 65001 }] })
import { toJSON } from 'bgpwire';
import { Speaker } from 'bgpwire/node';
import type { PeerOptions } from 'bgpwire/node';

export interface CollectorOptions {
  readonly localAs: number;
  readonly bgpId: string;
  /** Where to listen (default every address, port 179). */
  readonly host?: string;
  readonly port?: number;
  /** The peers; each is passive unless it says otherwise. */
  readonly peers: readonly PeerOptions[];
  /** Where the JSON lines go (default stdout). */
  readonly write?: (line: string) => void;
}

/** Starts the collector; returns the speaker (close it to stop) and the port it listens on. */
export async function startCollector(o: CollectorOptions): Promise<{ speaker: Speaker; port: number }> {
  const write = o.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const speaker = new Speaker({ localAs: o.localAs, bgpId: o.bgpId });
  const { port } = await speaker.listen({ host: o.host ?? '::', port: o.port ?? 179 });
  for (const p of o.peers) {
    const peer = speaker.addPeer({ passive: true, ...p });
    peer.on('update', (update, changes) => {
      write(JSON.stringify({ time: new Date().toISOString(), peer: peer.address, update: toJSON(update), changes: changes.map((c) => ({ kind: c.kind, family: c.family, prefix: c.prefix })) }));
    });
    peer.on('state', (from, to) => write(JSON.stringify({ time: new Date().toISOString(), peer: peer.address, state: { from, to } })));
    peer.on('error', (err) => write(JSON.stringify({ time: new Date().toISOString(), peer: peer.address, error: err.message })));
  }
  return { speaker, port };
}
