import { formatIPv4, formatIPv6, parseAddress, parsePrefix } from '../wire/ip.ts';

/** Parsed command line of `bgpwire decode`. */
export interface DecodeArgs {
  readonly files: readonly string[];
  readonly format: 'text' | 'json' | 'bgpdump';
  readonly types: readonly string[];
  readonly prefixes: readonly string[];
  readonly peers: readonly string[];
  readonly asns: readonly number[];
  readonly ports: readonly number[];
  /** TCP ports carrying BMP (RFC 7854) in captures. */
  readonly bmpPorts: readonly number[];
  readonly perPacket: boolean;
  readonly progress: boolean | undefined;
  /** `--out FILE`: convert what passes the filters to FILE (.mrt, .pcap, .pcapng; + .gz or .bz2) instead of printing. */
  readonly out?: string;
}

/** Thrown for a bad command line; the message is shown as is. */
export class UsageError extends Error {}

export const USAGE = `usage: bgpwire decode [options] FILE...
       bgpwire --version
       bgpwire bmp --listen [ADDR:]PORT   (a BMP station: bgpwire bmp --help)

Decodes BGP messages from pcap, pcapng, MRT (plain, .gz or .bz2), BMP or hex dump files,
one line per message. FILE may be - (standard input) or a pipe (/dev/stdin, <(zcat x.gz));
the format is found from the first bytes.

options:
  --json               JSON lines (bytes as hex, 64-bit values as decimal strings)
  --format bgpdump     one line per route, as 'bgpdump -m' prints them
  --type TYPE          only messages of TYPE (open, update, notification, keepalive,
                       route-refresh); repeatable
  --prefix PREFIX      only UPDATEs/routes with a prefix covering or covered by PREFIX
  --peer ADDRESS       only messages from or to ADDRESS
  --asn ASN            only UPDATEs/routes whose AS path contains ASN
  --port PORT          TCP port carrying BGP in captures (default 179); repeatable
  --bmp-port PORT      TCP port carrying BMP in captures (default 11019 and 1790);
                       repeatable
  --per-packet         frame each TCP payload alone (captures with unusable TCP)
  --out FILE           write what passes the filters to FILE instead of printing it:
                       .mrt (BGP4MP_ET messages; MRT input as read), .pcap or
                       .pcapng (TCP sessions); .gz or .bz2 appended compresses it
  --progress / --no-progress
                       progress bar on stderr (default: when stderr is a terminal)
  -h, --help           this text
  -V, --version        the version of bgpwire`;

/** Parses `argv` (without node and the script). @throws UsageError */
export function parseArgs(argv: readonly string[]): DecodeArgs | 'help' | 'version' {
  if (argv.length === 0 || argv[0] === '-h' || argv[0] === '--help' || argv[0] === 'help') return 'help';
  if (argv[0] === '-V' || argv[0] === '--version' || argv[0] === 'version') return 'version';
  if (argv[0] !== 'decode') throw new UsageError(`unknown command ${JSON.stringify(argv[0])}`);
  const files: string[] = [];
  const types: string[] = [];
  const prefixes: string[] = [];
  const peers: string[] = [];
  const asns: number[] = [];
  const ports: number[] = [];
  const bmpPorts: number[] = [];
  let format: DecodeArgs['format'] = 'text';
  let perPacket = false;
  let progress: boolean | undefined;
  let out: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '-h':
      case '--help':
        return 'help';
      case '-V':
      case '--version':
        return 'version';
      case '--json':
        format = 'json';
        break;
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'bgpdump') throw new UsageError(`--format: unknown format ${JSON.stringify(v)} (text, json, bgpdump)`);
        format = v;
        break;
      }
      case '--type': {
        const v = value().toLowerCase();
        if (!['open', 'update', 'notification', 'keepalive', 'route-refresh'].includes(v)) throw new UsageError(`--type: unknown message type ${JSON.stringify(v)} (open, update, notification, keepalive, route-refresh)`);
        types.push(v.toUpperCase());
        break;
      }
      case '--prefix': {
        // Checked here, before any file is read: a bad value is the command line's fault (exit 2).
        const v = value();
        if (parsePrefix(v) === undefined) throw new UsageError(`--prefix: ${JSON.stringify(v)} is not a prefix (192.0.2.0/24 or 2001:db8::/32)`);
        prefixes.push(v);
        break;
      }
      case '--peer': {
        const v = value();
        const bytes = parseAddress(v);
        if (bytes === undefined) throw new UsageError(`--peer: ${JSON.stringify(v)} is not an IPv4 or IPv6 address`);
        // The canonical text (RFC 5952 for IPv6), as addresses are printed and compared.
        peers.push(bytes.length === 4 ? formatIPv4(bytes) : formatIPv6(bytes));
        break;
      }
      case '--asn': {
        const v = value().replace(/^AS/i, '');
        if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) throw new UsageError(`--asn: ${JSON.stringify(v)} is not an AS number (0 to 4294967295, AS prefix allowed)`);
        asns.push(Number(v));
        break;
      }
      case '--port': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`--port: ${JSON.stringify(v)} is not a TCP port (0 to 65535)`);
        ports.push(Number(v));
        break;
      }
      case '--bmp-port': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`bad port ${JSON.stringify(v)}`);
        bmpPorts.push(Number(v));
        break;
      }
      case '--per-packet':
        perPacket = true;
        break;
      case '--out': {
        const v = value();
        if (!/\.(mrt|pcap|pcapng)(\.gz|\.bz2)?$/i.test(v)) throw new UsageError(`--out ${JSON.stringify(v)}: the name must end in .mrt, .pcap or .pcapng (optionally .gz or .bz2)`);
        out = v;
        break;
      }
      case '--progress':
        progress = true;
        break;
      case '--no-progress':
        progress = false;
        break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        files.push(a);
    }
  }
  if (files.length === 0) throw new UsageError('no FILE given');
  return { files, format, types, prefixes, peers, asns, ports: ports.length > 0 ? ports : [179], bmpPorts: bmpPorts.length > 0 ? bmpPorts : [11019, 1790], perPacket, progress, ...(out === undefined ? {} : { out }) };
}
