// A minimal BGP peer built from bgpwire's codec, for test/interop/mpls-gobgp.test.ts (issue 21:
// the Speaker of issue 16 is not on main yet). Run as a child under `ip netns exec`, bundled to
// one file: connects from LOCAL to REMOTE:179, sends the OPEN given in the config, answers with
// KEEPALIVEs, prints every message it receives as one JSON line ({"open":...}, {"update":...},
// decoded with contextFor), and once Established encodes and sends the UPDATEs of the config
// (bgpwire values, encoded under the negotiated context). Ends on SIGTERM or stdin's end.
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { contextFor } from '../../src/messages/context-for.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { MessageFramer } from '../../src/messages/framing.ts';

import type { BgpMessage, OpenMessage } from '../../src/messages/types.ts';
import type { SessionContext } from '../../src/context/session-context.ts';
import type { UpdateMessage } from '../../src/attributes/types.ts';
import { toJSON } from '../../src/json.ts';

interface Config {
  readonly local: string;
  readonly remote: string;
  readonly open: OpenMessage;
  readonly send: UpdateMessage[];
  /** Explicit context changes for decoding what the peer sends (e.g. an RFC 3107 label stack). */
  readonly receive?: Partial<SessionContext>;
  /** Explicit context changes for encoding what we send. */
  readonly transmit?: Partial<SessionContext>;
}

const config = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Config;
const out = (v: unknown): void => {
  process.stdout.write(`${JSON.stringify(toJSON(v))}\n`);
};

const socket = connect({ host: config.remote, port: 179, localAddress: config.local });
const framer = new MessageFramer();
const KEEPALIVE_BYTES = encodeMessage({ type: 'KEEPALIVE' });
let rx: SessionContext | undefined;
let tx: SessionContext | undefined;
let established = false;
let timer: NodeJS.Timeout | undefined;

socket.on('connect', () => socket.write(encodeMessage(config.open)));
socket.on('data', (chunk: Buffer) => {
  framer.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  while (framer.next()) {
    const bytes = framer.bytes.slice(framer.offset, framer.offset + framer.length);
    let m: BgpMessage;
    try {
      m = decodeMessage(bytes, rx);
    } catch (e) {
      out({ error: String(e), hex: Buffer.from(bytes).toString('hex') });
      continue;
    }
    if (m.type === 'OPEN') {
      rx = { ...contextFor(m, config.open), ...(config.receive ?? {}) };
      tx = { ...contextFor(config.open, m), ...(config.transmit ?? {}) };
      out({ open: m, rx, tx });
      socket.write(KEEPALIVE_BYTES);
      timer = setInterval(() => socket.write(KEEPALIVE_BYTES), 3000);
    } else if (m.type === 'KEEPALIVE') {
      if (!established && tx !== undefined) {
        established = true;
        out({ established: true });
        for (const u of config.send) socket.write(encodeMessage(u, tx));
        out({ sent: config.send.length });
      }
    } else if (m.type === 'UPDATE') {
      out({ update: m, hex: Buffer.from(bytes).toString('hex') });
    } else {
      out({ message: m });
    }
  }
});
const end = (): void => {
  if (timer !== undefined) clearInterval(timer);
  socket.destroy();
  process.exit(0);
};
socket.on('error', (e) => {
  out({ error: String(e) });
  end();
});
socket.on('close', end);
process.on('SIGTERM', end);
process.stdin.on('end', end);
process.stdin.resume();
