// Progress of a batch of transfers as a person wants to read it: percent, bytes and speed, at most a
// few times a second (VS Code drops progress reports that come too fast).
import { formatBytes } from '../client/fileTypes';

export interface MeterReading {
  /** Percent of all bytes, added since the last reading. */
  increment: number;
  message: string;
}

export class TransferMeter {
  private readonly done = new Map<string, number>();
  private readonly finishedKeys = new Set<string>();
  private reportedPercent = 0;
  private lastReport = -Infinity;
  private readonly started: number;

  constructor(
    private readonly totalBytes: number,
    private readonly totalFiles: number,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = 250,
  ) {
    this.started = now();
  }

  /** Bytes of one file so far; returns a reading when one is due, else undefined. */
  update(key: string, bytes: number, label: string, force = false): MeterReading | undefined {
    this.done.set(key, bytes);
    const now = this.now();
    if (!force && now - this.lastReport < this.intervalMs) {
      return undefined;
    }
    this.lastReport = now;
    const sent = [...this.done.values()].reduce((a, b) => a + b, 0);
    const percent = this.totalBytes === 0 ? 100 : Math.min(100, (sent / this.totalBytes) * 100);
    const increment = Math.max(0, percent - this.reportedPercent);
    this.reportedPercent = Math.max(this.reportedPercent, percent);
    const seconds = (now - this.started) / 1000;
    const speed = seconds > 0.5 ? ` · ${formatBytes(sent / seconds)}/s` : '';
    const files = this.totalFiles > 1 ? ` · ${this.finished} of ${this.totalFiles} done` : '';
    const progress = `${Math.floor(percent)}% · ${formatBytes(sent)} of ${formatBytes(this.totalBytes)}${speed}${files}`;
    return { increment, message: label ? `${label} · ${progress}` : progress };
  }

  /**
   * A file read for its MD5 before it is sent: `label`, then percent and bytes read of this file. Adds
   * nothing to the batch's percent, which counts bytes sent. A reading when one is due, else undefined.
   */
  hashing(hashed: number, size: number, label: string): MeterReading | undefined {
    const now = this.now();
    if (now - this.lastReport < this.intervalMs && hashed < size) {
      return undefined;
    }
    this.lastReport = now;
    const percent = size === 0 ? 100 : Math.min(100, Math.floor((hashed / size) * 100));
    return { increment: 0, message: `${label} · ${percent}% · ${formatBytes(hashed)} of ${formatBytes(size)}` };
  }

  finish(key: string, bytes: number): void {
    this.finishedKeys.add(key);
    this.done.set(key, bytes);
  }

  get finished(): number {
    return this.finishedKeys.size;
  }
}
