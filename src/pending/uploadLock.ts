// Which window is working on an upload. Records are shared by every window (one storage folder), so
// an upload belongs to one window at a time: a lock file per record, taken over when its owner
// stopped beating (closed, crashed). Imports no `vscode`.
//
// One owner, always, with only atomic file operations:
// - A lock file is created exclusively (`wx`) and never rewritten: its content (owner, token) is
//   fixed, and the heartbeat only touches its modification time. A file that is empty or half
//   written is being created: held, not free (until it is stale, then its creator crashed).
// - The lock file is changed (taken over by rename, or removed at release) only by the process that
//   holds its claim: `<lock>.<token>.claim`, created exclusively, then the lock checked again. So two
//   processes that both saw a stale lock cannot both take it over.
// - Each beat first checks that the lock is still this owner's; one that was taken over (this
//   window slept past STALE_MS) calls `onLost`, and the upload stops, to resume.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import type { Probe } from './probe';
import { processRuns } from './records';

interface LockFile {
  owner: string;
  /** Unique to this taking of the lock: what a claim is for (none in a lock of the previous version). */
  token?: string;
  /** The owner's process and machine: a lock of a process that is gone is free at once (a reload, a crash). */
  pid?: number;
  host?: string;
}

/** A lock file as found: its content when it is whole, and what identifies this very file. */
interface Seen {
  lock?: LockFile;
  key: string;
  beatAt: number;
}

/** Beat this often while holding a lock; a lock whose beat is older than STALE_MS is taken over. */
const HEARTBEAT_MS = 5_000;
const STALE_MS = 30_000;

export class UploadLocks {
  /** One owner per window (per process and instance). */
  readonly owner = `${process.pid}-${randomUUID()}`;

  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
    private readonly heartbeatMs = HEARTBEAT_MS,
    /** The crash tests' hook at each write of a lock file (probe.ts); unset in the extension. */
    private readonly probe?: Probe,
  ) {}

  /** Set once what crashed windows left was swept (sweep). */
  private swept = false;

  /**
   * Takes the lock of record `id`; returns its release, or undefined when another live owner holds
   * it (or is creating it). The lock beats until released; `onLost` is called if a beat finds it
   * taken over or gone, and the holder must then stop working on the record.
   */
  async acquire(id: string, onLost?: () => void): Promise<(() => Promise<void>) | undefined> {
    await fs.mkdir(this.dir, { recursive: true });
    await this.sweep();
    const file = this.file(id);
    const mine: LockFile & { token: string } = { owner: this.owner, token: randomUUID(), pid: process.pid, host: hostname() };
    if (!(await this.take(file, mine))) {
      return undefined;
    }
    let stopped = false;
    const beat = setInterval(() => {
      void this.inspect(file).then(async (seen) => {
        if (stopped) {
          return;
        }
        if (seen?.key !== mine.token) {
          stopped = true;
          clearInterval(beat);
          onLost?.();
          return;
        }
        const at = new Date(this.now());
        await fs.utimes(file, at, at);
      }).catch(() => undefined);
    }, this.heartbeatMs);
    beat.unref();
    return async () => {
      stopped = true;
      clearInterval(beat);
      await this.withClaim(file, mine.token, async () => {
        await fs.rm(file, { force: true });
        this.at('lock.released');
      });
    };
  }

  /** Another live owner holds record `id` (for the view: "running in another window"). */
  async heldElsewhere(id: string): Promise<boolean> {
    const seen = await this.inspect(this.file(id)).catch(() => undefined);
    return seen !== undefined && seen.lock?.owner !== this.owner && this.alive(seen);
  }

  /** Creates the lock, or takes it over from an owner that is gone; a few rounds when it changes under us. */
  private async take(file: string, mine: LockFile): Promise<boolean> {
    for (let round = 0; round < 3; round++) {
      try {
        this.at('lock.begin');
        await fs.writeFile(file, JSON.stringify(mine), { flag: 'wx' });
        this.at('lock.created');
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw error;
        }
      }
      const seen = await this.inspect(file);
      if (!seen) {
        continue; // released meanwhile: create it again
      }
      if (this.alive(seen)) {
        return false;
      }
      const taken = await this.withClaim(file, seen.key, async (now) => {
        if (this.alive(now)) {
          return false; // it beat again meanwhile
        }
        const temp = `${file}.${mine.token}.tmp`;
        await fs.writeFile(temp, JSON.stringify(mine));
        this.at('lock.temp.written');
        await fs.rename(temp, file);
        this.at('lock.renamed');
        return true;
      });
      if (taken !== 'changed') {
        return taken === true;
      }
    }
    return false;
  }

  /**
   * Runs `change` on the lock file only while it is still the one identified by `key`, holding that
   * file's claim; returns what `change` returns, 'busy' when another process holds the claim,
   * 'changed' when the file is another.
   */
  private async withClaim<T>(file: string, key: string, change: (seen: Seen) => Promise<T>): Promise<T | 'busy' | 'changed'> {
    const claim = `${file}.${key.replace(/[^A-Za-z0-9_-]/g, '_')}.claim`;
    try {
      await fs.writeFile(claim, JSON.stringify({ owner: this.owner, pid: process.pid, host: hostname() }), { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
      // A dead window's claim, dropped: the caller looks again, as when the lock changed.
      return (await this.dropStaleClaim(claim)) ? 'changed' : 'busy';
    }
    try {
      this.at('lock.claimed');
      const seen = await this.inspect(file);
      if (seen?.key !== key) {
        return 'changed';
      }
      return await change(seen);
    } finally {
      await fs.rm(claim, { force: true });
    }
  }

  /**
   * A claim is held for a few milliseconds; one left by a process that died holding it is removed at
   * once when that process was on this machine (else the record's Resume would be refused as "in
   * another window" for STALE_MS while no window holds it), and once stale otherwise.
   */
  private async dropStaleClaim(claim: string): Promise<boolean> {
    const stat = await fs.stat(claim).catch(() => undefined);
    if (stat && (this.now() - stat.mtimeMs >= STALE_MS || (await this.ownerGone(claim)))) {
      await fs.rm(claim, { force: true });
      return true;
    }
    return false;
  }

  /** The file names its writer ({ pid, host }, whole JSON), and that process is no longer running on this machine. */
  private async ownerGone(file: string): Promise<boolean> {
    try {
      const written = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<LockFile>;
      return written.host === hostname() && typeof written.pid === 'number' && !processRuns(written.pid);
    } catch {
      return false; // being written, or not ours: only its age tells
    }
  }

  /**
   * Once per instance, at start (reconcile and the first acquire call it): what windows that crashed
   * left here goes. A takeover's temp file (`<id>.lock.<uuid>.tmp`) or a claim whose writer is gone
   * (or that is stale); a lock whose owner is gone, removed under its claim as a release does. Only
   * our own names; a temp file is never read as a lock.
   */
  async sweep(): Promise<void> {
    if (this.swept) {
      return;
    }
    this.swept = true;
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      const full = path.join(this.dir, name);
      if (/^[A-Za-z0-9_-]+\.lock\.[0-9a-f-]{36}\.tmp$/.test(name)) {
        const stat = await fs.stat(full).catch(() => undefined);
        if (stat && (this.now() - stat.mtimeMs >= STALE_MS || (await this.ownerGone(full)))) {
          await fs.rm(full, { force: true }).catch(() => undefined);
        }
      } else if (name.endsWith('.claim')) {
        await this.dropStaleClaim(full).catch(() => undefined);
      }
    }
    for (const name of (await fs.readdir(this.dir).catch(() => [] as string[])).filter((n) => /^[A-Za-z0-9_-]+\.lock$/.test(n))) {
      const file = path.join(this.dir, name);
      const seen = await this.inspect(file).catch(() => undefined);
      if (seen && !this.alive(seen)) {
        await this.withClaim(file, seen.key, async (now) => {
          if (!this.alive(now)) {
            await fs.rm(file, { force: true });
            this.at('lock.swept');
          }
        }).catch(() => undefined);
      }
    }
  }

  private at(point: string): void {
    this.probe?.(point);
  }

  /** The owner still beats, and its process still runs when it is on this machine. */
  private alive(seen: Seen): boolean {
    if (this.now() - seen.beatAt >= STALE_MS) {
      return false;
    }
    const held = seen.lock;
    if (!held || held.host !== hostname() || typeof held.pid !== 'number') {
      return true; // being created, or on another machine: only its beat tells
    }
    return processRuns(held.pid);
  }

  /** The lock file as it is now, or undefined when there is none. Content and time are of one file (one handle). */
  private async inspect(file: string): Promise<Seen | undefined> {
    let handle;
    try {
      handle = await fs.open(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      throw error;
    }
    try {
      const stat = await handle.stat();
      const text = await handle.readFile('utf8');
      let lock: LockFile | undefined;
      try {
        const parsed = JSON.parse(text) as Partial<LockFile>;
        lock = typeof parsed.owner === 'string' ? (parsed as LockFile) : undefined;
      } catch {
        lock = undefined;
      }
      // A file without a token (empty, half written, or of the previous version) is known by its inode, size and time.
      return { lock, key: lock?.token ?? `${stat.ino}-${stat.size}-${Math.floor(stat.mtimeMs)}`, beatAt: stat.mtimeMs };
    } finally {
      await handle.close();
    }
  }

  private file(id: string): string {
    return path.join(this.dir, `${id.replace(/[^A-Za-z0-9_-]/g, '_')}.lock`);
  }
}

