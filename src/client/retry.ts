// The one retry policy: what may be tried again, and how long to wait before it.
import { MetaStudioError } from './errors';

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 3, baseDelayMs: 250, maxDelayMs: 8000 };

/**
 * Throttling, server trouble and network errors are retried. 400s never are, and neither are
 * 401/403: five bad signatures in a row lock the AK for five minutes. A call that is not safe to
 * repeat (it creates something) is retried only when the first attempt cannot have been processed.
 */
export function shouldRetry(error: MetaStudioError, attempt: number, options: RetryOptions, idempotent: boolean): boolean {
  if (attempt > options.retries || !error.retryable) {
    return false;
  }
  return idempotent || error.notProcessed;
}

/** Exponential backoff, jittered over the upper half so retries spread out; a server's Retry-After wins when it asks for longer. */
export function backoffMs(attempt: number, options: RetryOptions, retryAfter?: string | null, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  const asked = parseRetryAfter(retryAfter);
  return asked === undefined ? jittered : Math.min(Math.max(asked, jittered), 60_000);
}

function parseRetryAfter(value: string | null | undefined): number | undefined {
  if (!value) {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
