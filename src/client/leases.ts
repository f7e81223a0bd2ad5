// The client in use, lent out for each piece of work. Settings or credentials change while a batch
// runs: the next piece of work gets a new client, and the running one finishes on the client it
// started with, which closes when its last lease ends. Closing it under the work would fail every
// request it had not sent yet. Imports no `vscode`.

interface Closable {
  close(): Promise<void>;
}

interface Entry<C, T> {
  client: Promise<C>;
  /** What the client was built for (the session's profile), as `tag()` said when it was built. */
  tag: T | undefined;
  leases: number;
  retired: boolean;
  /** Aborted by `stop`: the work holding this client must end (sign-out). */
  stop: AbortController;
}

export class ClientLeases<C extends Closable, T = unknown> {
  private current?: Entry<C, T>;
  private readonly live = new Set<Entry<C, T>>();

  /** `make` builds a client from the credentials and settings of the moment; `tag` says whose they are. */
  constructor(private readonly make: () => Promise<C>, private readonly tag: () => T | undefined = () => undefined) {}

  /**
   * Runs `work` with the current client (built on first use), which stays open until `work` ends
   * even if `retire` or `stop` is called meanwhile. `signal` aborts when `stop` is called.
   */
  async use<T>(work: (client: C, signal: AbortSignal) => Promise<T>): Promise<T> {
    const entry = this.entry();
    entry.leases += 1;
    try {
      return await work(await entry.client, entry.stop.signal);
    } finally {
      entry.leases -= 1;
      this.closeIfDone(entry);
    }
  }

  /** The next `use` gets a new client; work in flight keeps the one it has. */
  retire(): void {
    const entry = this.current;
    this.current = undefined;
    if (entry) {
      entry.retired = true;
      this.closeIfDone(entry);
    }
  }

  /** Retires every client and aborts the work using them with `reason`; returns how many pieces of work were running. */
  stop(reason: unknown): number {
    return this.stopWhere(reason, () => true);
  }

  /**
   * Like `stop`, for the clients whose tag passes `test` only (the work of one profile); the others
   * keep running. Returns how many pieces of work were stopped.
   */
  stopWhere(reason: unknown, test: (tag: T | undefined) => boolean): number {
    if (this.current && test(this.current.tag)) {
      this.retire();
    }
    let running = 0;
    for (const entry of this.live) {
      // Work already stopped is not counted twice (it may still be ending).
      if (test(entry.tag) && !entry.stop.signal.aborted) {
        running += entry.leases;
        entry.stop.abort(reason);
      }
    }
    return running;
  }

  /** The tags of the clients that have work running now and not stopped. */
  runningTags(): T[] {
    return [...this.live].filter((entry) => entry.leases > 0 && !entry.stop.signal.aborted && entry.tag !== undefined).map((entry) => entry.tag!);
  }

  /** Pieces of work running now, on any client. */
  get running(): number {
    return [...this.live].reduce((sum, entry) => sum + entry.leases, 0);
  }

  private entry(): Entry<C, T> {
    if (!this.current) {
      const entry: Entry<C, T> = { client: this.make(), tag: this.tag(), leases: 0, retired: false, stop: new AbortController() };
      entry.client.catch(() => {
        // A client that could not be built is not kept: the next use tries again, with what is set then.
        if (this.current === entry) {
          this.current = undefined;
        }
        this.live.delete(entry);
      });
      this.current = entry;
      this.live.add(entry);
    }
    return this.current;
  }

  private closeIfDone(entry: Entry<C, T>): void {
    if (entry.retired && entry.leases === 0 && this.live.delete(entry)) {
      void entry.client.then((client) => client.close()).catch(() => undefined);
    }
  }
}
