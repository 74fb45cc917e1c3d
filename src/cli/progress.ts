/** Where the bar is drawn: a writable with `columns` when it is a terminal. */
export interface ProgressTarget {
  write(text: string): unknown;
  readonly columns?: number;
}

const WIDTH = 30;
// Redraw at most ten times a second: a terminal write per record would cost more than decoding.
const INTERVAL_MS = 100;

/** A one-line progress bar over the bytes of a file, redrawn in place and cleared at the end. */
export class ProgressBar {
  private last = 0;
  private drawn = false;
  private readonly target: ProgressTarget;
  private readonly label: string;
  private readonly total: number;

  constructor(target: ProgressTarget, label: string, total: number) {
    this.target = target;
    this.label = label;
    this.total = total;
  }

  /** Records that `bytes` of the file have been read; redraws when due. */
  update(bytes: number): void {
    const now = Date.now();
    if (now - this.last < INTERVAL_MS) return;
    this.last = now;
    const frac = this.total > 0 ? Math.min(1, bytes / this.total) : 0;
    const filled = Math.round(frac * WIDTH);
    const mb = (n: number): string => (n / 1048576).toFixed(1);
    let line = `${this.label} [${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${mb(bytes)}/${mb(this.total)} MB`;
    const cols = this.target.columns;
    if (cols !== undefined && cols > 10 && line.length >= cols) line = line.slice(line.length - cols + 1);
    this.target.write(`\r\x1b[K${line}`);
    this.drawn = true;
  }

  /** Erases the bar (before an error line or at the end). */
  clear(): void {
    if (this.drawn) this.target.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** Whether to draw a bar: `--progress`/`--no-progress` decide, else a terminal stderr and a file over 4 MiB. */
export function wantsProgress(option: boolean | undefined, isTTY: boolean, size: number): boolean {
  return option ?? (isTTY && size > 4 * 1024 * 1024);
}
