import { sessionContext } from '../context/session-context.ts';
import { BmpStation } from '../node/bmp-station.ts';
import type { BmpRouterEvent } from '../node/bmp-router.ts';
import { bmpLines } from './format-bmp.ts';

/** Usage of `bgpwire bmp`. */
export const BMP_USAGE = `usage: bgpwire bmp --listen [ADDR:]PORT [--text] [--context as4|as2]

Runs a BMP (RFC 7854) monitoring station: accepts connections from routers and prints one
JSON line per BMP message (router, time, the message, the BGP PDUs inside decoded with the
monitored peer's context from its Peer Up). Stops on SIGINT or SIGTERM.

options:
  --listen [ADDR:]PORT  where to listen (ADDR default all; [v6]:PORT for IPv6)
  --text                one text line per message instead of JSON
  --context as4|as2     the session context for peers without a Peer Up (e.g. GoBGP's
                        Loc-RIB): 4- or 2-octet AS, no ADD-PATH; default none, and
                        their UPDATEs are reported as missing a context
  -h, --help            this text`;

/** Thrown for a bad `bgpwire bmp` command line. */
export class BmpUsageError extends Error {}

/** Parsed `bgpwire bmp` arguments. */
export interface BmpArgs {
  readonly host: string | undefined;
  readonly port: number;
  readonly format: 'json' | 'text';
  /** `--context`: the context for peers without a Peer Up. */
  readonly as4: boolean | undefined;
}

/** Parses the arguments after `bmp`. @throws BmpUsageError */
export function parseBmpArgs(argv: readonly string[]): BmpArgs | 'help' {
  let listen: string | undefined;
  let format: BmpArgs['format'] = 'json';
  let as4: boolean | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '-h' || a === '--help') return 'help';
    if (a === '--text') format = 'text';
    else if (a === '--json') format = 'json';
    else if (a === '--context') {
      const v = argv[++i];
      if (v !== 'as4' && v !== 'as2') throw new BmpUsageError('--context needs as4 or as2');
      as4 = v === 'as4';
    } else if (a === '--listen') {
      listen = argv[++i];
      if (listen === undefined) throw new BmpUsageError('--listen needs [ADDR:]PORT');
    } else throw new BmpUsageError(`unknown option ${a}`);
  }
  if (listen === undefined) throw new BmpUsageError('--listen [ADDR:]PORT is required');
  const m = /^(?:\[([0-9a-fA-F:.]+)\]:|([^:]+):)?(\d+)$/.exec(listen);
  if (m === null || Number(m[3]) > 65535) throw new BmpUsageError(`bad --listen ${JSON.stringify(listen)} (PORT, ADDR:PORT or [V6]:PORT)`);
  return { host: m[1] ?? m[2], port: Number(m[3]), format, as4 };
}

/** Runs `bgpwire bmp`; resolves with the exit code when stopped by a signal. */
export async function bmpCommand(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseBmpArgs(argv);
  } catch (e) {
    if (!(e instanceof BmpUsageError)) throw e;
    process.stderr.write(`bgpwire: ${e.message}\n${BMP_USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${BMP_USAGE}\n`);
    return 0;
  }
  const station = new BmpStation(args.as4 === undefined ? {} : { context: sessionContext({ as4: args.as4 }) });
  const lines: string[] = [];
  const format = args.format;
  station.on('router', (r) => {
    const src = `${r.address}:${r.port}`;
    process.stderr.write(`bgpwire: router ${src} connected\n`);
    r.on('message', (ev: BmpRouterEvent) => {
      bmpLines({ time: ev.time, src, dst: 'station', session: 0, bmp: { message: ev.message, pdus: ev.pdus }, length: 0 }, format, undefined, lines);
      if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
      lines.length = 0;
    });
    r.on('error', (e: Error) => process.stderr.write(`bgpwire: router ${src}: ${e.message}\n`));
    r.on('disconnect', () => process.stderr.write(`bgpwire: router ${src} disconnected\n`));
  });
  let addr;
  try {
    addr = await station.listen(args.port, args.host);
  } catch (e) {
    process.stderr.write(`bgpwire: cannot listen on ${args.host ?? '*'}:${args.port}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  process.stderr.write(`bgpwire: listening on ${addr.address}:${addr.port}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await station.close();
  return 0;
}
