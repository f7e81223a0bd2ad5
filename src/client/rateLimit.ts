// A client-side limit of calls per second, so that a batch never meets the gateway's 429.
// The gateway counts the calls that reach it in one second. When a call reaches it lies somewhere
// between sending and the answer, so a call holds its place from when it is sent until one second
// after its answer: then no second can ever hold more than `perSecond` of them.
import { cancelledError } from './errors';
import { sleep } from './sleep';

const noop = (): void => undefined;

export class RateLimiter {
  /** When the answers of recent calls came, oldest first. */
  private readonly answered: number[] = [];
  private inFlight = 0;
  private queue: Promise<void> = Promise.resolve();
  private wake?: () => void;

  /** `perSecond` 0 means no limit. `marginMs` covers the clocks of this machine and the gateway. */
  constructor(
    private perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly marginMs = 20,
  ) {}

  setRate(perSecond: number): void {
    this.perSecond = perSecond;
  }

  /**
   * Waits, first come first served, until one more call fits; resolves with the function to call
   * when its answer (or failure) has arrived.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.perSecond <= 0) {
      return signal?.aborted ? Promise.reject(cancelledError()) : Promise.resolve(noop);
    }
    const turn = this.queue.then(() => this.take(signal));
    this.queue = turn.then(() => undefined, () => undefined);
    return turn;
  }

  private async take(signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      if (signal?.aborted) {
        throw cancelledError();
      }
      const now = this.now();
      while (this.answered.length > 0 && this.answered[0] + 1000 + this.marginMs <= now) {
        this.answered.shift();
      }
      if (this.perSecond <= 0 || this.inFlight + this.answered.length < this.perSecond) {
        this.inFlight++;
        let released = false;
        return () => {
          if (!released) {
            released = true;
            this.inFlight--;
            this.answered.push(this.now());
            this.wake?.();
          }
        };
      }
      // Wait for the oldest answer to leave the window, or for a call in flight to be answered.
      const wait = this.answered.length > 0 ? this.answered[0] + 1000 + this.marginMs - now : 1000;
      await Promise.race([sleep(wait, signal), new Promise<void>((resolve) => (this.wake = resolve))]);
    }
  }
}
