// Runs one task per item with bounded concurrency. Each item gets its own result: one failure never
// stops the others. After cancellation no new item starts; the unstarted ones end as cancelled.
import { cancelledError, failure, MetaStudioError } from './errors';

export type ItemResult<T, R> = { item: T; ok: true; value: R } | { item: T; ok: false; error: MetaStudioError };

export interface BatchOptions<T, R> {
  concurrency: number;
  signal?: AbortSignal;
  onResult?: (result: ItemResult<T, R>, done: number, total: number) => void;
}

export async function runBatch<T, R>(items: readonly T[], task: (item: T) => Promise<R>, options: BatchOptions<T, R>): Promise<Array<ItemResult<T, R>>> {
  const results: Array<ItemResult<T, R>> = new Array(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      let result: ItemResult<T, R>;
      if (options.signal?.aborted) {
        result = { item, ok: false, error: cancelledError() };
      } else {
        try {
          result = { item, ok: true, value: await task(item) };
        } catch (error) {
          result = { item, ok: false, error: asMetaStudioError(error) };
        }
      }
      results[index] = result;
      options.onResult?.(result, ++done, items.length);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

export function asMetaStudioError(error: unknown): MetaStudioError {
  if (error instanceof MetaStudioError) {
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return failure('unexpected', { detail: message }, { kind: 'network', cause: error });
}

/**
 * At most `size` tasks at once across every caller of one `Slots`; the others wait in their turn.
 * A waiter whose `signal` aborts leaves the queue and rejects with a cancelled MetaStudioError.
 */
export class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    this.free = size;
  }

  async run<R>(task: () => Promise<R>, signal?: AbortSignal): Promise<R> {
    await this.take(signal);
    try {
      return await task();
    } finally {
      // The slot goes straight to the next waiter, so no new caller can take it in between.
      const next = this.waiting.shift();
      if (next) {
        next();
      } else {
        this.free++;
      }
    }
  }

  private take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) {
      return Promise.reject(cancelledError());
    }
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(granted), 1);
        reject(cancelledError());
      };
      const granted = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(granted);
    });
  }
}
