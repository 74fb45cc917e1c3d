/** How many distinct connections {@link OtherTcp} remembers (then it counts no new ones: bounded memory). */
const MAX_FLOWS = 65536;

/**
 * TCP seen on ports other than the BGP ports, so that a capture holding no BGP can say what it
 * held instead ("none on port 179, TCP on 443"): distinct connections (4-tuples, up to 65,536)
 * and, per connection, its lower port (usually the server's).
 */
export class OtherTcp {
  private readonly flows = new Set<string>();
  private readonly ports = new Map<number, number>();

  /** Notes a segment between `src:srcPort` and `dst:dstPort`. */
  add(src: string, srcPort: number, dst: string, dstPort: number): void {
    if (this.flows.size >= MAX_FLOWS) return;
    const a = `${src}|${srcPort}`;
    const b = `${dst}|${dstPort}`;
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    if (this.flows.has(key)) return;
    this.flows.add(key);
    const port = Math.min(srcPort, dstPort);
    this.ports.set(port, (this.ports.get(port) ?? 0) + 1);
  }

  /** Distinct connections seen (at most 65,536 are counted). */
  get sessions(): number {
    return this.flows.size;
  }

  /** The ports with the most connections, most first (ties: lower port first). */
  topPorts(n: number): number[] {
    return [...this.ports].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, n).map(([p]) => p);
  }
}
