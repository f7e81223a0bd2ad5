// SDK-HMAC-SHA256, the signature Huawei Cloud's API gateway checks on AK/SK requests.
// Pure: request, key and time in; headers out. One encoder serves signing and sending, so the
// bytes on the wire always match what was signed.
import { createHmac, createSecretKey, hash, KeyObject } from 'node:crypto';

export const ALGORITHM = 'SDK-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export type Query = Record<string, string | readonly string[]>;

export interface SignableRequest {
  method: string;
  /** `host[:port]` as sent; the default port is left out. */
  host: string;
  /** The path as sent, each segment already encoded with `uriEncode`. */
  path: string;
  query?: Query;
  /** Headers to sign besides `host` and `x-sdk-date`. Names in any case; values are trimmed. */
  headers: Record<string, string>;
  /** The exact bytes sent; none for GET and DELETE. */
  body?: string | Uint8Array;
  /** Sign `UNSIGNED-PAYLOAD` instead of the body hash (sends `X-Sdk-Content-Sha256`). */
  unsignedPayload?: boolean;
}

export interface AccessKey {
  ak: string;
  sk: string;
}

export interface Signature {
  /** Headers to add to the request: `X-Sdk-Date`, `Authorization` (and `X-Sdk-Content-Sha256`). */
  headers: Record<string, string>;
  canonicalRequest: string;
}

// RFC 3986 unreserved characters stay; everything else becomes %XY of its UTF-8 bytes.
const UNRESERVED = /[A-Za-z0-9\-_.~]/;
const PLAIN_PATH = /^[A-Za-z0-9\-_.~/]*$/;
const HEX = Array.from({ length: 256 }, (_, i) => '%' + i.toString(16).toUpperCase().padStart(2, '0'));

export function uriEncode(value: string): string {
  if (/^[A-Za-z0-9\-_.~]*$/.test(value)) {
    return value;
  }
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(ch) ? ch : HEX[byte];
  }
  return out;
}

let lastSecond = NaN;
let lastDate = '';

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function sdkDate(time: Date): string {
  const second = Math.floor(time.getTime() / 1000);
  if (second !== lastSecond) {
    const iso = time.toISOString(); // 2019-11-15T03:36:55.000Z
    lastDate = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
    lastSecond = second;
  }
  return lastDate;
}

/** The signed path always ends in `/`, though the request is sent without it. */
export function canonicalUri(path: string): string {
  if (PLAIN_PATH.test(path)) {
    return path.endsWith('/') ? path : path + '/'; // nothing to encode: ids and names of ASCII letters
  }
  const encoded = path
    .split('/')
    .map((segment) => uriEncode(safeDecode(segment)))
    .join('/');
  return encoded.endsWith('/') ? encoded : encoded + '/';
}

export function canonicalQuery(query: Query | undefined): string {
  if (!query) {
    return '';
  }
  const pairs: string[] = [];
  for (const name of Object.keys(query).sort()) {
    const value = query[name];
    const values = typeof value === 'string' ? [value] : [...value].sort();
    const key = uriEncode(name);
    for (const v of values) {
      pairs.push(key + '=' + uriEncode(v));
    }
  }
  return pairs.join('&');
}

/** The query string as sent: the same encoding as signed, in the same order. */
export function queryString(query: Query | undefined): string {
  const canonical = canonicalQuery(query);
  return canonical ? '?' + canonical : '';
}

const keyCache = new Map<string, KeyObject>();

function hmacKey(sk: string): KeyObject {
  let key = keyCache.get(sk);
  if (!key) {
    if (keyCache.size > 16) {
      keyCache.clear();
    }
    key = createSecretKey(Buffer.from(sk, 'utf8'));
    keyCache.set(sk, key);
  }
  return key;
}

export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex'); // one-shot: no Hash object for a short string
}

export function sign(request: SignableRequest, key: AccessKey, time: Date): Signature {
  const date = sdkDate(time);
  const added: Record<string, string> = { 'X-Sdk-Date': date };
  if (request.unsignedPayload) {
    added['X-Sdk-Content-Sha256'] = UNSIGNED_PAYLOAD;
  }

  const lines: Array<[string, string]> = [['host', request.host]];
  for (const name in request.headers) {
    const lower = name.toLowerCase();
    if (lower !== 'host' && lower !== 'x-sdk-date' && lower !== 'x-sdk-content-sha256') {
      lines.push([lower, request.headers[name].trim()]);
    }
  }
  lines.push(['x-sdk-date', date]);
  if (request.unsignedPayload) {
    lines.push(['x-sdk-content-sha256', UNSIGNED_PAYLOAD]);
  }
  lines.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  let signedHeaders = '';
  let canonicalHeaders = '';
  for (const [name, value] of lines) {
    signedHeaders += (signedHeaders ? ';' : '') + name;
    canonicalHeaders += name + ':' + value + '\n';
  }

  const payloadHash = request.unsignedPayload
    ? UNSIGNED_PAYLOAD
    : request.body === undefined || request.body.length === 0
      ? EMPTY_BODY_SHA256
      : sha256Hex(request.body);

  const canonicalRequest =
    request.method.toUpperCase() + '\n' +
    canonicalUri(request.path) + '\n' +
    canonicalQuery(request.query) + '\n' +
    canonicalHeaders + '\n' +
    signedHeaders + '\n' +
    payloadHash;
  const stringToSign = ALGORITHM + '\n' + date + '\n' + sha256Hex(canonicalRequest);
  const signature = createHmac('sha256', hmacKey(key.sk)).update(stringToSign).digest('hex');

  added.Authorization = `${ALGORITHM} Access=${key.ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers: added, canonicalRequest };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
