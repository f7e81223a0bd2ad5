// One refresh at a time: a second asker joins the one running, unless it was cancelled (it is never
// joined: its work stops, and the new one starts) or has been silent (no page) for longer than the
// request timeout, in which case it is taken for stuck, cancelled, and replaced.
// Imports no `vscode`.

export interface RunningRefresh {
  promise: Promise<void>;
  signal: AbortSignal;
}

export class RefreshGate {
  private running?: { promise: Promise<void>; controller: AbortController; lastActivity: number };

  /** `stuckAfterMs()`: silence after which a refresh is stuck (read each time: the timeout setting may change). */
  constructor(private readonly stuckAfterMs: () => number, private readonly now: () => number = Date.now) {}

  /**
   * The refresh running, or a new one of `work` (given the signal that cancels it). The promise of a
   * cancelled or replaced refresh resolves quietly; other errors reject it.
   */
  run(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const running = this.running;
    // A cancelled refresh is not joined: it may still be settling, and what it reads is dropped.
    if (running && !running.controller.signal.aborted && this.now() - running.lastActivity <= this.stuckAfterMs()) {
      return running.promise;
    }
    running?.controller.abort();
    const controller = new AbortController();
    const entry = { controller, lastActivity: this.now(), promise: Promise.resolve() };
    this.running = entry;
    entry.promise = work(controller.signal)
      .catch((error: unknown) => {
        if (!controller.signal.aborted && (error as { kind?: string })?.kind !== 'cancelled') {
          throw error;
        }
      })
      .finally(() => {
        if (this.running === entry) {
          this.running = undefined;
        }
      });
    return entry.promise;
  }

  /** A page arrived: the running refresh is alive. */
  alive(): void {
    if (this.running) {
      this.running.lastActivity = this.now();
    }
  }

  /** Cancel Refresh: the list read so far stays as it was before. */
  cancel(): void {
    this.running?.controller.abort();
  }

  get busy(): boolean {
    return this.running !== undefined;
  }
}
