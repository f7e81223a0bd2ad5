// Waiting that a caller can stop with its own signal.
import { cancelledError } from './errors';

/** Waits `ms`, or rejects with a cancelled MetaStudioError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits for shared work (one login, one lookup, started by whoever asked first) with this caller's
 * own signal: an abort rejects this caller with a cancelled MetaStudioError naming `operation`; the
 * work and the other callers waiting for it go on.
 */
export function waitFor<T>(work: Promise<T>, signal: AbortSignal | undefined, operation?: string): Promise<T> {
  if (!signal) {
    return work;
  }
  if (signal.aborted) {
    return Promise.reject(cancelledError(operation));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError(operation));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
