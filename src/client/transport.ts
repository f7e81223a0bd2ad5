// Sends one API call over undici: rate limit, authorization, timeouts, cancellation, retries with
// backoff (re-signing every attempt), clock-skew correction, and an event for every attempt.
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { createDispatcher, type ProxySettings } from './dispatcher';
import { cancelledError, failure, MetaStudioError, rebuilt, redacted } from './errors';
import type { CallEvent, EventListener } from './events';
import { errorFromAnswer, errorFromException, type Answer } from './failures';
import type { RateBudgets } from './rateLimit';
import { redact } from './redact';
import { backoffMs, DEFAULT_RETRY, shouldRetry, type RetryOptions } from './retry';
import { queryString, uriEncode, type Query, type SignableRequest } from './signer';
import { sleep } from './sleep';

export interface Timeouts {
  connectMs: number;
  /** Until the answer's headers arrive. */
  headersMs: number;
  /** Longest pause while the answer's body arrives. */
  bodyMs: number;
  /** The whole attempt, from sending to the last byte of the answer: a trickling answer ends here. */
  attemptMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000, attemptMs: 30_000 };

/** Adds authentication headers to a request about to be sent; may be asked to renew after a 401. */
export interface Authorizer {
  /** The headers, or a promise of them when they must be fetched first (a token); signing answers at once. */
  headers(request: SignableRequest, time: Date, signal?: AbortSignal): Record<string, string> | Promise<Record<string, string>>;
  /** Renews what was rejected (an expired token) in the headers `sent`; true when a second attempt is worth it. */
  renew?(sent: Record<string, string>, signal?: AbortSignal): Promise<boolean>;
  /** A new user action: credentials the server refused may be tried once more (one login). */
  retryRefused?(): void;
}

export interface TransportOptions {
  /** A dispatcher of the caller's, left open on close; otherwise one is made from `proxy` and closed with the transport. */
  dispatcher?: Dispatcher;
  proxy?: ProxySettings;
  timeouts?: Partial<Timeouts>;
  retry?: Partial<RetryOptions>;
  /** The per-API budgets calls marked `limited` draw on; none: no client-side limit. */
  budgets?: RateBudgets;
  onEvent?: EventListener;
  /** Secret values to keep out of events and errors. */
  secrets?: () => string[];
  now?: () => number;
}

export interface ApiRequest {
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  origin: string;
  /** Raw path segments; the transport encodes each one, so no id can change the path. */
  segments: readonly string[];
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** Safe to send twice. Calls that create things are retried only when unprocessed. */
  idempotent: boolean;
  /** Counts against the per-tenant rate limit of its API (`operation`). */
  limited?: boolean;
  authorizer?: Authorizer;
  signal?: AbortSignal;
  maxBodyBytes?: number;
}

export interface ApiAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  requestId?: string;
}

const USER_AGENT = 'metastudio-uploads-vscode/0.1';
const DEFAULT_MAX_BODY = 16 * 1024 * 1024;
const MAX_ERROR_BODY = 64 * 1024;

export class Transport {
  readonly budgets?: RateBudgets;
  private dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private clockOffsetMs = 0;
  timeouts: Timeouts;
  retry: RetryOptions;

  constructor(private readonly options: TransportOptions = {}) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.budgets = options.budgets;
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher = options.dispatcher ?? createDispatcher({ ...options.proxy, connectTimeoutMs: this.timeouts.connectMs });
  }

  /** Replaces the dispatcher (proxy settings changed); the old one is closed if it was ours. */
  setDispatcher(dispatcher: Dispatcher): void {
    const old = this.dispatcher;
    this.dispatcher = dispatcher;
    if (this.ownsDispatcher) {
      void old.close().catch(() => undefined);
    }
  }

  /** The dispatcher in use, for calls made outside `send` (the OBS PUT). */
  get currentDispatcher(): Dispatcher {
    return this.dispatcher;
  }

  /** Reports an event made outside `send`, redacted like the rest. */
  emit(event: CallEvent): void {
    this.options.onEvent?.({ ...event, path: this.redact(event.path), error: event.error && this.redact(event.error) });
  }

  get skewMs(): number {
    return this.clockOffsetMs;
  }

  now(): number {
    return (this.options.now ?? Date.now)() + this.clockOffsetMs;
  }

  redact(text: string): string {
    return redact(text, this.options.secrets?.() ?? []);
  }

  notice(level: 'info' | 'warn', message: string): void {
    this.options.onEvent?.({ type: 'notice', level, message: this.redact(message) });
  }

  async send(call: ApiRequest): Promise<Received> {
    let path = '';
    for (const segment of call.segments) {
      path += '/' + uriEncode(segment);
    }
    const url = call.origin + path + queryString(call.query);
    const host = hostOf(call.origin);
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers: Record<string, string> = body === undefined ? { ...call.headers } : { 'Content-Type': 'application/json', ...call.headers };
    let skewCorrected = false;
    let renewed = false;
    let unclear = false; // an earlier attempt may have been applied though it failed

    for (let attempt = 1; ; attempt++) {
      if (call.signal?.aborted) {
        throw cancelledError(call.operation);
      }
      const release = call.limited && this.budgets ? await this.budgets.limiter(call.operation).acquire(call.signal).catch(() => Promise.reject(cancelledError(call.operation))) : undefined;
      const started = performance.now();
      let answer: Received | undefined;
      let error: MetaStudioError;
      let auth: Record<string, string> = {};
      try {
        if (call.authorizer) {
          const given = call.authorizer.headers({ method: call.method, host, path, query: call.query, headers, body }, new Date(this.now()), call.signal);
          auth = given instanceof Promise ? await given : given;
        }
        answer = await this.attempt(url, call, { ...headers, ...auth, 'User-Agent': USER_AGENT }, body);
        if (answer.status < 300) {
          this.report(call, path, attempt, started, 'ok', answer);
          return answer;
        }
        error = errorFromAnswer(call.operation, { ...answer, text: this.redact(answer.text) });
      } catch (thrown) {
        error = this.toError(call, host, thrown);
      } finally {
        release?.();
      }

      const skew: boolean = !skewCorrected && this.correctSkew(error, answer);
      skewCorrected ||= skew;
      const renew: boolean = !skew && !renewed && error.kind === 'auth' && call.authorizer?.renew !== undefined && (await call.authorizer.renew(auth, call.signal));
      renewed ||= renew;
      const again = skew || renew || shouldRetry(error, attempt, this.retry, call.idempotent);
      this.report(call, path, attempt, started, again ? 'retry' : 'failed', answer, error);
      if (!again) {
        throw unclear && !error.mayHaveApplied ? rebuilt(error, { mayHaveApplied: true }) : error;
      }
      unclear ||= error.mayHaveApplied;
      if (!skew && !renew) {
        await sleep(backoffMs(attempt, this.retry, answer?.headers['retry-after'] as string | undefined), call.signal).catch(() => {
          throw cancelledError(call.operation);
        });
      }
    }
  }

  private attempt(url: string, call: ApiRequest, headers: Record<string, string>, body: string | undefined): Promise<Received> {
    return withDeadline(this.timeouts.attemptMs, call.signal, (signal) => this.exchange(url, call, headers, body, signal));
  }

  private async exchange(url: string, call: ApiRequest, headers: Record<string, string>, body: string | undefined, signal: AttemptSignal): Promise<Received> {
    const response = await request(url, {
      dispatcher: this.dispatcher,
      method: call.method,
      headers,
      body,
      signal,
      headersTimeout: this.timeouts.headersMs,
      bodyTimeout: this.timeouts.bodyMs,
    });
    const limit = response.statusCode < 300 ? (call.maxBodyBytes ?? DEFAULT_MAX_BODY) : MAX_ERROR_BODY;
    const { text, truncated, bytes } = await readCapped(response.body, limit, signal);
    const requestId = header(response.headers, 'x-request-id');
    if (truncated && response.statusCode < 300) {
      throw failure('answer-too-large', { operation: call.operation, limit }, { kind: 'http', operation: call.operation, status: response.statusCode, requestId, retryable: true });
    }
    const contentType = header(response.headers, 'content-type') ?? '';
    return { status: response.statusCode, headers: response.headers, text, requestId, truncated, bytes, contentType };
  }

  private toError(call: ApiRequest, host: string, thrown: unknown): MetaStudioError {
    if (thrown instanceof MetaStudioError) {
      return thrown;
    }
    if (call.signal?.aborted) {
      return cancelledError(call.operation);
    }
    const error = errorFromException(call.operation, host, thrown, isDeadline(thrown) ? this.timeouts.attemptMs : this.timeouts.headersMs);
    return redacted(error, (text) => this.redact(text));
  }

  /** The gateway refuses signatures more than 15 minutes off its clock; its Date header says how far. */
  private correctSkew(error: MetaStudioError, answer: Received | undefined): boolean {
    if (error.status !== 401 || !/signature expired/i.test(error.errorMsg ?? '')) {
      return false;
    }
    const serverTime = Date.parse(header(answer?.headers ?? {}, 'date') ?? '');
    if (Number.isNaN(serverTime)) {
      return false;
    }
    const local = (this.options.now ?? Date.now)();
    this.clockOffsetMs = serverTime + 500 - local;
    const minutes = Math.round(Math.abs(this.clockOffsetMs) / 60_000);
    this.notice('warn', `This computer's clock is ${minutes} minutes ${this.clockOffsetMs > 0 ? 'behind' : 'ahead of'} the server's; signing with the server's time from now on. Correct the system clock to make this go away.`);
    return true;
  }

  private report(call: ApiRequest, path: string, attempt: number, started: number, outcome: 'ok' | 'retry' | 'failed', answer?: Received, error?: MetaStudioError): void {
    this.options.onEvent?.({
      type: 'call',
      operation: call.operation,
      method: call.method,
      path: this.redact(path + queryString(call.query)),
      status: answer?.status ?? error?.status,
      requestId: answer?.requestId ?? error?.requestId,
      attempt,
      ms: Math.round(performance.now() - started),
      outcome,
      errorCode: error?.errorCode,
      errorMsg: error?.errorMsg,
      error: error?.message,
    });
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) {
      await this.dispatcher.close();
    }
  }
}

/** An answer with what the checks of its shape read (failures.ts). */
export type Received = ApiAnswer & Answer;

/**
 * The signal of one attempt: aborted by the deadline or the caller's signal. An EventEmitter, which
 * undici takes as a request's signal as well as an AbortSignal, at a fraction of an AbortController's
 * cost per attempt (EventTarget, listeners and all).
 */
export class AttemptSignal extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason: unknown): void {
    if (!this.aborted) {
      this.aborted = true;
      this.reason = reason;
      this.emit('abort', reason);
    }
  }
}

/**
 * Runs one attempt under a deadline of `ms` as well as the caller's signal. When the deadline ends
 * it, it throws an error with code `DEADLINE` (a timeout, not a cancellation).
 */
export async function withDeadline<T>(ms: number, outer: AbortSignal | undefined, work: (signal: AttemptSignal) => Promise<T>): Promise<T> {
  // A timer cleared at the end: AbortSignal.timeout's cannot be (it would outlive every attempt by
  // `ms`), and AbortSignal.any costs several times more per call.
  const signal = new AttemptSignal();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    signal.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, ms);
  const onAbort = () => signal.abort(outer!.reason);
  if (outer?.aborted) {
    onAbort();
  } else {
    outer?.addEventListener('abort', onAbort, { once: true });
  }
  try {
    return await work(signal);
  } catch (error) {
    if (expired && !outer?.aborted) {
      throw Object.assign(new Error(`the attempt did not finish within ${ms} ms`), { code: 'DEADLINE', cause: error });
    }
    throw error;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

function isDeadline(error: unknown): boolean {
  return (error as { code?: unknown })?.code === 'DEADLINE';
}

const hosts = new Map<string, string>();

/** `host[:port]` of an origin, as signed; parsed once per origin. */
function hostOf(origin: string): string {
  let host = hosts.get(origin);
  if (host === undefined) {
    host = new URL(origin).host;
    hosts.set(origin, host);
  }
  return host;
}

export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Reads an answer's body up to `limit` bytes. Cut off or larger than the limit: `truncated`, with
 * what came. Stopped before any byte came, or by the deadline or the user: that error. Reads the
 * stream's events directly, not through an async iterator, which costs a few times more per answer.
 */
const ignore = (): void => undefined;

function readCapped(body: Readable, limit: number, signal: AttemptSignal): Promise<{ text: string; truncated: boolean; bytes: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const text = () => (chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    const settle = (truncated: boolean) => {
      stop();
      resolve({ text: text(), truncated, bytes });
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) {
        chunks.push(chunk.subarray(0, chunk.length - (bytes - limit)));
        bytes = limit;
        settle(true);
        body.destroy();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle(false);
    const onError = (error: unknown) => {
      stop();
      // Stopped by the deadline or the user: that, not a cut-off answer, is what happened.
      if (bytes === 0 || signal.aborted) {
        reject(error);
      } else {
        resolve({ text: text(), truncated: true, bytes });
      }
    };
    const onClose = () => onError(Object.assign(new Error('the answer ended early'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    const stop = () => {
      // An error after this (the destroy below, a late reset) has nobody left to tell.
      body.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose).on('error', ignore);
    };
    body.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  });
}
