// A client-side limit of calls per second, so that a batch never meets the gateway's 429.
// The gateway counts calls in a one-second window, so this keeps the send times of the last
// `perSecond` calls and lets the next one go only when the oldest is more than a second old.
import { cancelledError } from './errors';
import { sleep } from './sleep';

export class RateLimiter {
  private readonly sent: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  /** `perSecond` 0 means no limit. `marginMs` covers the network's jitter between here and the gateway. */
  constructor(
    private perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly marginMs = 30,
  ) {}

  setRate(perSecond: number): void {
    this.perSecond = perSecond;
  }

  /** Waits, first come first served, until one more call fits in the window. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.take(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) {
        throw cancelledError();
      }
      if (this.perSecond <= 0) {
        return;
      }
      while (this.sent.length > this.perSecond) {
        this.sent.shift();
      }
      const now = this.now();
      const oldest = this.sent.length < this.perSecond ? undefined : this.sent[0];
      const wait = oldest === undefined ? 0 : oldest + 1000 + this.marginMs - now;
      if (wait <= 0) {
        this.sent.push(now);
        if (this.sent.length > this.perSecond) {
          this.sent.shift();
        }
        return;
      }
      await sleep(wait, signal);
    }
  }
}
