// The middle step of an upload: the file's bytes, streamed from disk to the presigned OBS URL.
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { cancelledError, failure, MetaStudioError, redacted, type Advice } from './errors';
import { errorFromException } from './failures';
import { redact } from './redact';
import { header, withDeadline } from './transport';

const CHUNK = 1024 * 1024;

export interface PutOptions {
  uploadUrl: string;
  path: string;
  /** Bytes to send: the whole file, or one part of it. */
  size: number;
  /** Where the bytes start in the file (a part of a large file); default 0. */
  start?: number;
  /** Must equal the file_md5 the URL was created with; a part URL is signed without it (largeFileRules.ts). */
  md5?: string;
  /** As for md5. */
  contentType?: string;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
  /** Called as bytes leave; throttle in the caller. */
  onProgress?: (sentBytes: number) => void;
  /** The longest pause in OBS's answer once it comes, and the base of the attempt's deadline (see `putDeadlineMs`), in ms. */
  timeoutMs?: number;
}

/**
 * Slowest transfer a PUT is allowed before its deadline ends it: 64 KiB/s (512 kbit/s). Our choice,
 * not OBS's: a stalled or trickling connection must end some time, and a bigger file gets longer.
 */
export const MIN_PUT_BYTES_PER_SECOND = 64 * 1024;

/** The deadline of one PUT attempt, in ms: the timeout plus the bytes at the slowest rate allowed. */
export function putDeadlineMs(size: number, timeoutMs: number): number {
  return timeoutMs + Math.ceil((size / MIN_PUT_BYTES_PER_SECOND) * 1000);
}

/** PUTs the file with exactly the Content-Type and Content-MD5 the URL was signed for. One attempt. */
export async function putFile(options: PutOptions): Promise<{ etag?: string; requestId?: string }> {
  const operation = 'Upload to OBS';
  const timeoutMs = options.timeoutMs ?? 120_000;
  const deadlineMs = putDeadlineMs(options.size, timeoutMs);
  let sent = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sent += chunk.length;
      options.onProgress?.(sent);
      done(null, chunk);
    },
  });
  const start = options.start ?? 0;
  const source = createReadStream(options.path, { highWaterMark: CHUNK, start, end: start + options.size - 1 });
  source.on('error', (error) => counter.destroy(error));
  source.pipe(counter);
  const host = safeHost(options.uploadUrl);
  let status: number | undefined;
  let headers: Record<string, string | string[] | undefined> = {};
  try {
    return await withDeadline(deadlineMs, options.signal, async (signal) => {
      const response = await request(options.uploadUrl, {
        method: 'PUT',
        dispatcher: options.dispatcher,
        headers: signedHeaders(options),
        body: counter,
        signal,
        // undici's headers timer starts when the request leaves and runs while the body is still
        // being sent (it is only refreshed when a write waits, once per chunk), so it would cut a
        // steady upload whose body takes longer than timeoutMs. The attempt's deadline bounds it,
        // a stall included; the answer's body must then keep coming.
        headersTimeout: deadlineMs,
        bodyTimeout: timeoutMs,
      });
      status = response.statusCode;
      headers = response.headers;
      // OBS may answer before it has read the whole body, then close: what it said is what counts.
      const text = await response.body.text().catch(() => '');
      if (response.statusCode >= 300) {
        throw obsError(response.statusCode, text, obsRequestId(headers), header(headers, 'retry-after'));
      }
      return { etag: header(headers, 'etag'), requestId: obsRequestId(headers) };
    });
  } catch (error) {
    source.destroy();
    if (error instanceof MetaStudioError) {
      throw error;
    }
    if (options.signal?.aborted) {
      throw cancelledError('The upload');
    }
    if (status !== undefined && status >= 300) {
      throw obsError(status, '', obsRequestId(headers), header(headers, 'retry-after'));
    }
    const failed = errorFromException(operation, host, error, (error as { code?: unknown }).code === 'DEADLINE' ? deadlineMs : timeoutMs);
    throw redacted(failed, (text) => redact(text));
  }
}

function obsRequestId(headers: Record<string, string | string[] | undefined>): string | undefined {
  return header(headers, 'x-obs-request-id') ?? header(headers, 'x-request-id');
}

/** Content-Type and Content-MD5 when the URL was signed with them, and always Content-Length. */
function signedHeaders(options: PutOptions): Record<string, string> {
  return {
    ...(options.contentType === undefined ? {} : { 'Content-Type': options.contentType }),
    ...(options.md5 === undefined ? {} : { 'Content-MD5': options.md5 }),
    'Content-Length': String(options.size),
  };
}

/**
 * OBS error codes we act on: the advice given with them, and whether the failure is transient (the
 * PUT is tried again, then left to resume) rather than a refusal (the file is confirmed FAILED). A
 * transient code is transient whatever its HTTP status: OBS answers 400 RequestTimeout when the
 * client's connection went quiet. Source: the OBS API reference, "Error Codes" (the S3 codes).
 */
export const OBS_ERROR_CODES: Readonly<Record<string, { transient: boolean; advice?: Advice }>> = {
  SignatureDoesNotMatch: { transient: false, advice: 'obs-signature' },
  AccessDenied: { transient: false, advice: 'obs-denied' },
  BadDigest: { transient: false, advice: 'obs-bad-digest' },
  // 400: the connection was not read from or written to in time.
  RequestTimeout: { transient: true, advice: 'obs-quiet' },
  // 400: fewer bytes arrived than Content-Length said (the connection broke during the body).
  IncompleteBody: { transient: true, advice: 'obs-incomplete' },
  // 409: a conflicting operation on the same object is in progress; OBS says to try again.
  OperationAborted: { transient: true, advice: 'obs-busy' },
  InternalError: { transient: true, advice: 'obs-internal' },
  SlowDown: { transient: true, advice: 'obs-slow-down' },
  ServiceUnavailable: { transient: true, advice: 'obs-unavailable' },
};

/** OBS answers in XML: <Error><Code>SignatureDoesNotMatch</Code><Message>…</Message>. */
export function obsError(status: number, text: string, requestId?: string, retryAfter?: string): MetaStudioError {
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  const known = code !== undefined && Object.hasOwn(OBS_ERROR_CODES, code) ? OBS_ERROR_CODES[code] : undefined;
  const what = code ? `${code}${message ? ' ' + message.replace(/\.+$/, '') : ''}` : `HTTP ${status}`;
  return failure('obs-error', { errorCode: code ?? `HTTP ${status}`, errorMsg: message && redact(message), status, requestId }, {
    advice: known?.advice,
    logFacts: { errorCode: redact(what) },
    said: requestId && `HTTP ${status}, request ${requestId}`,
    kind: status === 403 ? 'auth' : 'http',
    operation: 'Upload to OBS',
    status,
    errorCode: code,
    errorMsg: message,
    requestId,
    retryable: known ? known.transient : status >= 500 || status === 429,
    retryAfter,
  });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the upload URL';
  }
}
