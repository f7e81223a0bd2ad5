// Which window is working on an upload. Records are shared by every window (one storage folder), so
// an upload belongs to one window at a time: a lock file per record, with its owner and a heartbeat,
// taken over when the owner stopped beating (closed, crashed). Imports no `vscode`.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';

interface LockFile {
  owner: string;
  heartbeatAt: number;
  /** The owner's process and machine: a lock of a process that is gone is free at once (a reload, a crash). */
  pid?: number;
  host?: string;
}

/** Beat this often while holding a lock; a lock whose beat is older than STALE_MS is taken over. */
const HEARTBEAT_MS = 5_000;
const STALE_MS = 30_000;

export class UploadLocks {
  /** One owner per window (per process and instance). */
  readonly owner = `${process.pid}-${randomUUID()}`;

  constructor(private readonly dir: string, private readonly now: () => number = Date.now) {}

  /**
   * Takes the lock of record `id`; returns its release, or undefined when another live owner holds
   * it. The lock beats until released.
   */
  async acquire(id: string): Promise<(() => Promise<void>) | undefined> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = this.file(id);
    const mine = this.lock();
    try {
      await fs.writeFile(file, JSON.stringify(mine), { flag: 'wx' });
    } catch {
      const held = await this.read(id);
      if (held && held.owner !== this.owner && this.alive(held)) {
        return undefined;
      }
      await this.write(file, mine); // its owner is gone: take it over
      if ((await this.read(id))?.owner !== this.owner) {
        return undefined; // another window took it over at the same moment, and won
      }
    }
    const beat = setInterval(() => void this.write(file, this.lock()).catch(() => undefined), HEARTBEAT_MS);
    beat.unref();
    return async () => {
      clearInterval(beat);
      if ((await this.read(id))?.owner === this.owner) {
        await fs.rm(file, { force: true });
      }
    };
  }

  /** Another live owner holds record `id` (for the view: "running in another window"). */
  async heldElsewhere(id: string): Promise<boolean> {
    const held = await this.read(id);
    return held !== undefined && held.owner !== this.owner && this.alive(held);
  }

  private lock(): LockFile {
    return { owner: this.owner, heartbeatAt: this.now(), pid: process.pid, host: hostname() };
  }

  /** The owner still beats, and its process still runs when it is on this machine. */
  private alive(held: LockFile): boolean {
    if (this.now() - held.heartbeatAt >= STALE_MS) {
      return false;
    }
    if (held.host !== hostname() || typeof held.pid !== 'number') {
      return true;
    }
    try {
      process.kill(held.pid, 0); // signal 0 only checks that the process exists
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  private async read(id: string): Promise<LockFile | undefined> {
    try {
      const lock = JSON.parse(await fs.readFile(this.file(id), 'utf8')) as LockFile;
      return typeof lock.owner === 'string' && typeof lock.heartbeatAt === 'number' ? lock : undefined;
    } catch {
      return undefined;
    }
  }

  private async write(file: string, lock: LockFile): Promise<void> {
    const temp = `${file}.${this.owner}.tmp`;
    await fs.writeFile(temp, JSON.stringify(lock));
    await fs.rename(temp, file);
  }

  private file(id: string): string {
    return path.join(this.dir, `${id.replace(/[^A-Za-z0-9_-]/g, '_')}.lock`);
  }
}
