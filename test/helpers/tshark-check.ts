import { spawn } from 'node:child_process';

/** What tshark says about a capture we wrote. */
export interface TsharkCheck {
  /** Frames with a malformed item or an expert info of severity Error (their summary lines). */
  readonly errors: readonly string[];
  /**
   * Frames with a TCP problem: a reassembly error, a malformed TCP header, or a TCP analysis
   * finding (expert group Sequence) of severity Warning or above (segments not captured,
   * ACKs of unseen data, out-of-order). Not what the payload's own malformations produce.
   */
  readonly tcpProblems: readonly string[];
  /** BGP messages per type code, every message of every frame. */
  readonly counts: Readonly<Record<string, number>>;
}

function run(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn('tshark', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (s: string) => {
      out += s;
    });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`tshark ${args.join(' ')}: exit ${code}`))));
  });
}

/**
 * Runs tshark on `path`: the frames with `_ws.malformed` or an Error-severity expert info,
 * and the BGP message types (`bgp.type`, every occurrence). `outOfOrder` turns on
 * `tcp.reassemble_out_of_order`, off by default in tshark 4.0: without it, tshark reports
 * segments we reorder or retransmit on purpose as reassembly errors and leaves their
 * messages undissected.
 */
export async function tsharkCheck(path: string, options: { outOfOrder?: boolean; ports?: readonly number[] } = {}): Promise<TsharkCheck> {
  const base = ['-n', '-r', path, '-o', 'tcp.desegment_tcp_streams:TRUE'];
  if (options.outOfOrder === true) base.push('-o', 'tcp.reassemble_out_of_order:TRUE');
  for (const p of options.ports ?? []) if (p !== 179) base.push('-d', `tcp.port==${p},bgp`);
  // One pass: per frame, its number, expert severities, malformed items and BGP types.
  const out = await run([...base, '-T', 'fields', '-E', 'occurrence=a', '-E', 'separator=/t', '-e', 'frame.number', '-e', '_ws.expert.severity', '-e', '_ws.expert.group', '-e', '_ws.malformed', '-e', '_ws.malformed.reassembly', '-e', 'bgp.type']);
  const counts: Record<string, number> = {};
  const errors: string[] = [];
  const tcpProblems: string[] = [];
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const [frame, severity = '', group = '', malformed = '', reassembly = '', types = ''] = line.split('\t');
    const sev = severity === '' ? [] : severity.split(',').map(Number);
    const grp = group === '' ? [] : group.split(',').map(Number);
    // epan/proto.h: PI_ERROR 0x00800000, PI_WARN 0x00600000, PI_SEQUENCE 0x02000000.
    if (malformed !== '' || sev.includes(0x00800000)) errors.push(`frame ${frame}: ${line.replace(/\t/g, ' | ')}`);
    const tcpAnalysis = sev.some((s, i) => s >= 0x00600000 && grp[i] === 0x02000000);
    if (reassembly !== '' || malformed.includes('Malformed Packet: TCP') || tcpAnalysis) tcpProblems.push(`frame ${frame}: ${line.replace(/\t/g, ' | ')}`);
    for (const t of types === '' ? [] : types.split(',')) counts[t] = (counts[t] ?? 0) + 1;
  }
  return { errors, tcpProblems, counts };
}

/** Counts of message types from our reader, keyed as tshark keys them. */
export function typeCounts(types: Iterable<number>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of types) counts[String(t)] = (counts[String(t)] ?? 0) + 1;
  return counts;
}
