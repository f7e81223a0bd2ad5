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
  ) {}

  /**
   * Takes the lock of record `id`; returns its release, or undefined when another live owner holds
   * it (or is creating it). The lock beats until released; `onLost` is called if a beat finds it
   * taken over or gone, and the holder must then stop working on the record.
   */
  async acquire(id: string, onLost?: () => void): Promise<(() => Promise<void>) | undefined> {
    await fs.mkdir(this.dir, { recursive: true });
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
        await fs.writeFile(file, JSON.stringify(mine), { flag: 'wx' });
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
        await fs.rename(temp, file);
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
      await fs.writeFile(claim, this.owner, { flag: 'wx' });
    } catch {
      await this.dropStaleClaim(claim);
      return 'busy';
    }
    try {
      const seen = await this.inspect(file);
      if (seen?.key !== key) {
        return 'changed';
      }
      return await change(seen);
    } finally {
      await fs.rm(claim, { force: true });
    }
  }

  /** A claim is held for a few milliseconds; one left by a process that died holding it is removed once stale. */
  private async dropStaleClaim(claim: string): Promise<void> {
    const stat = await fs.stat(claim).catch(() => undefined);
    if (stat && this.now() - stat.mtimeMs >= STALE_MS) {
      await fs.rm(claim, { force: true });
    }
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
    try {
      process.kill(held.pid, 0); // signal 0 only checks that the process exists
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
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
