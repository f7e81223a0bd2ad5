// The middle step of an upload: the file's bytes, streamed from disk to the presigned OBS URL.
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { cancelledError, MetaStudioError } from './errors';
import { errorFromException } from './failures';
import { redact } from './redact';
import { header } from './transport';

const CHUNK = 1024 * 1024;

export interface PutOptions {
  uploadUrl: string;
  path: string;
  size: number;
  /** Must equal the file_md5 the URL was created with. */
  md5: string;
  contentType: string;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
  /** Called as bytes leave; throttle in the caller. */
  onProgress?: (sentBytes: number) => void;
  timeoutMs?: number;
}

/** PUTs the file with exactly the Content-Type and Content-MD5 the URL was signed for. */
export async function putFile(options: PutOptions): Promise<{ etag?: string; requestId?: string }> {
  const operation = 'Upload to OBS';
  let sent = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sent += chunk.length;
      options.onProgress?.(sent);
      done(null, chunk);
    },
  });
  const source = createReadStream(options.path, { highWaterMark: CHUNK });
  source.on('error', (error) => counter.destroy(error));
  source.pipe(counter);
  const host = safeHost(options.uploadUrl);
  try {
    const response = await request(options.uploadUrl, {
      method: 'PUT',
      dispatcher: options.dispatcher,
      headers: { 'Content-Type': options.contentType, 'Content-MD5': options.md5, 'Content-Length': String(options.size) },
      body: counter,
      signal: options.signal,
      headersTimeout: options.timeoutMs ?? 120_000,
      bodyTimeout: options.timeoutMs ?? 120_000,
    });
    const text = await response.body.text();
    const requestId = header(response.headers, 'x-obs-request-id') ?? header(response.headers, 'x-request-id');
    if (response.statusCode >= 300) {
      throw obsError(response.statusCode, text, requestId);
    }
    return { etag: header(response.headers, 'etag'), requestId };
  } catch (error) {
    source.destroy();
    if (error instanceof MetaStudioError) {
      throw error;
    }
    if (options.signal?.aborted) {
      throw cancelledError('The upload');
    }
    const failure = errorFromException(operation, host, error, options.timeoutMs ?? 120_000);
    throw new MetaStudioError(redact(failure.message), failure);
  }
}

/** OBS answers in XML: <Error><Code>SignatureDoesNotMatch</Code><Message>…</Message>. */
function obsError(status: number, text: string, requestId?: string): MetaStudioError {
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  const hints: Record<string, string> = {
    SignatureDoesNotMatch: 'The upload URL does not match the Content-Type or Content-MD5 sent, or has been altered: create the file again.',
    AccessDenied: 'The upload URL has expired (they last 24 hours) or was refused: create the file again.',
    BadDigest: 'The bytes that arrived do not match the file\'s MD5: the file may have changed during the upload.',
  };
  const hint = code && hints[code] ? ' ' + hints[code] : '';
  const what = code ? `${code}${message ? ' ' + message : ''}` : `HTTP ${status}`;
  return new MetaStudioError(redact(`Upload to OBS failed: ${what}.${hint}${requestId ? ` (HTTP ${status}, request ${requestId})` : ''}`), {
    kind: status === 403 ? 'auth' : 'http',
    operation: 'Upload to OBS',
    status,
    errorCode: code,
    errorMsg: message,
    requestId,
    retryable: status >= 500,
  });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the upload URL';
  }
}
