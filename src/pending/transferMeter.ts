// Progress of a batch of transfers as numbers a person wants to read: percent, bytes and speed, at
// most a few times a second (VS Code drops progress reports that come too fast). The line itself is
// composed in the UI, through vscode.l10n, so that it is said in the display language.

export interface MeterReading {
  /** Percent of all bytes, added since the last reading. */
  increment: number;
  /** Percent of all bytes (of this file's, while hashing), 0-100, whole. */
  percent: number;
  /** Bytes sent (read, while hashing) so far. */
  bytes: number;
  /** Bytes of the batch (of this file, while hashing). */
  totalBytes: number;
  /**
   * Bytes a second while sending: bytes sent by the PUTs of this batch over the time some PUT ran
   * (not the MD5 before it, nor bytes a resumed upload had sent before); undefined in the first
   * half second of sending and while hashing.
   */
  bytesPerSecond?: number;
  /** Files finished and files in the batch; undefined for a batch of one and while hashing. */
  files?: { done: number; total: number };
}

export class TransferMeter {
  private readonly done = new Map<string, number>();
  private readonly finishedKeys = new Set<string>();
  private reportedPercent = 0;
  private lastReport = -Infinity;
  /** Keys whose PUT runs, with their bytes when it began. */
  private readonly putting = new Map<string, number>();
  /** Since when some PUT runs (undefined: none), and the ms of PUTs before it. */
  private sendingSince?: number;
  private sentMs = 0;
  /** Bytes sent by PUTs that have ended. */
  private sentBefore = 0;

  constructor(
    private readonly totalBytes: number,
    private readonly totalFiles: number,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = 250,
  ) {}

  /**
   * Bytes of one file so far; `sending`: its PUT runs (false: it waits or is being confirmed).
   * Returns a reading when one is due (or `force`), else undefined.
   */
  update(key: string, bytes: number, force = false, sending = true): MeterReading | undefined {
    this.done.set(key, bytes);
    const now = this.now();
    this.track(key, bytes, sending, now);
    if (!force && now - this.lastReport < this.intervalMs) {
      return undefined;
    }
    this.lastReport = now;
    const sent = [...this.done.values()].reduce((a, b) => a + b, 0);
    const percent = this.totalBytes === 0 ? 100 : Math.min(100, (sent / this.totalBytes) * 100);
    const increment = Math.max(0, percent - this.reportedPercent);
    this.reportedPercent = Math.max(this.reportedPercent, percent);
    const seconds = (this.sentMs + (this.sendingSince === undefined ? 0 : now - this.sendingSince)) / 1000;
    const sentByPuts = this.sentBefore + [...this.putting].reduce((a, [k, base]) => a + (this.done.get(k) ?? base) - base, 0);
    return {
      increment,
      percent: Math.floor(percent),
      bytes: sent,
      totalBytes: this.totalBytes,
      bytesPerSecond: seconds > 0.5 ? sentByPuts / seconds : undefined,
      files: this.totalFiles > 1 ? { done: this.finished, total: this.totalFiles } : undefined,
    };
  }

  /**
   * A file read for its MD5 before it is sent: percent and bytes read of this file. Adds nothing to
   * the batch's percent, which counts bytes sent. A reading when one is due, else undefined.
   */
  hashing(hashed: number, size: number): MeterReading | undefined {
    const now = this.now();
    if (now - this.lastReport < this.intervalMs && hashed < size) {
      return undefined;
    }
    this.lastReport = now;
    const percent = size === 0 ? 100 : Math.min(100, Math.floor((hashed / size) * 100));
    return { increment: 0, percent, bytes: hashed, totalBytes: size };
  }

  finish(key: string, bytes: number): void {
    this.finishedKeys.add(key);
    this.done.set(key, bytes);
    this.track(key, bytes, false, this.now());
  }

  /** Starts or ends the PUT of `key`, so that the speed counts only the time and bytes of PUTs. */
  private track(key: string, bytes: number, sending: boolean, now: number): void {
    const base = this.putting.get(key);
    if (sending && base === undefined) {
      if (this.putting.size === 0) {
        this.sendingSince = now;
      }
      this.putting.set(key, bytes);
    } else if (!sending && base !== undefined) {
      this.putting.delete(key);
      this.sentBefore += Math.max(0, bytes - base);
      if (this.putting.size === 0 && this.sendingSince !== undefined) {
        this.sentMs += now - this.sendingSince;
        this.sendingSince = undefined;
      }
    }
  }

  get finished(): number {
    return this.finishedKeys.size;
  }
}
