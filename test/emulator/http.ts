// Small HTTP helpers shared by the gateway, OBS and admin parts.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An answer other than success; thrown by handlers and written by the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: object,
    readonly headers: Record<string, string> = {},
  ) {
    super(JSON.stringify(body));
  }
}

/** MetaStudio and API gateway errors share this body shape. */
export function apiError(status: number, code: string, msg: string): ApiError {
  return new ApiError(status, { error_code: code, error_msg: msg });
}

export function requestId(): string {
  return randomBytes(16).toString('hex');
}

/** ISO 8601 without milliseconds, as MetaStudio writes times. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function sendJson(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...(text ? { 'Content-Type': 'application/json;charset=UTF-8' } : {}),
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export const MAX_BODY_BYTES = 12 * 1024 * 1024;

/** Reads a gateway request body; larger than the gateway allows gives 413 APIGW.0201. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  // The rest of the body is never read, so the connection must not be reused.
  const tooLarge = new ApiError(413, { error_code: 'APIGW.0201', error_msg: 'Request entity too large' }, { Connection: 'close' });
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    throw tooLarge;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      throw tooLarge;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A header as one string (Node joins repeated headers with ", "). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

export function isJsonType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
