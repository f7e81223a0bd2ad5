// Client-side limits of calls per second, one per API as MetaStudio counts them, so that our own pace
// never meets the gateway's 429.
// The gateway counts the calls that reach it in one second. When a call reaches it lies somewhere
// between sending and the answer, so a call holds its place from when it is sent until one second
// after its answer: then no second can ever hold more than `perSecond` of them.
import { cancelledError } from './errors';
import { apiRate } from './regions';
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

/**
 * One tenant's budgets: a RateLimiter per API, each at MetaStudio's published limit for the region
 * (`apiRate`), since the gateway counts each API separately. `cap` (calls per second, 0 for none)
 * lowers every budget to at most that; it never raises one.
 */
export class RateBudgets {
  private readonly limiters = new Map<string, RateLimiter>();
  private cap = 0;

  constructor(readonly region: string | undefined) {}

  /** The latest setting wins: work already running follows it from its next call. */
  setCap(perSecond: number): void {
    this.cap = perSecond > 0 ? perSecond : 0;
    for (const [operation, limiter] of this.limiters) {
      limiter.setRate(this.rateOf(operation));
    }
  }

  /** Calls per second `operation` may make now. */
  rateOf(operation: string): number {
    const published = apiRate(this.region, operation);
    return this.cap > 0 ? Math.min(this.cap, published) : published;
  }

  /** The budget of one API (the operation name of the call, e.g. `ConfirmFileUpload`). */
  limiter(operation: string): RateLimiter {
    let limiter = this.limiters.get(operation);
    if (!limiter) {
      limiter = new RateLimiter(this.rateOf(operation));
      this.limiters.set(operation, limiter);
    }
    return limiter;
  }
}

const shared = new Map<string, RateBudgets>();

/**
 * The budgets of one tenant, shared by every client of this process built for the same `key`
 * (`tenantKey`: endpoint, region, project and whose credentials; no secret in it), so a client
 * built after a settings change and the client still finishing earlier work draw on the same budgets.
 */
export function sharedBudgets(key: string, region: string | undefined): RateBudgets {
  let budgets = shared.get(key);
  if (!budgets) {
    budgets = new RateBudgets(region);
    shared.set(key, budgets);
  }
  return budgets;
}
