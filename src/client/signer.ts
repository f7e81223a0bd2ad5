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

/**
 * HMAC-SHA256 with one key, prepared once (RFC 2104): H((K ^ opad) || H((K ^ ipad) || m)). The
 * pads are computed once per key, and each MAC is two one-shot hashes, without the Hmac object
 * `createHmac` builds per call. Checked equal to `createHmac` in the signer's tests.
 */
class PreparedHmac {
  /** K ^ ipad: ASCII when K is (an SK is printable ASCII), so it prefixes the message as a string. */
  private readonly inner: string | undefined;
  /** (K ^ opad), then room for the inner digest. */
  private readonly outer = Buffer.alloc(64 + 32);
  private readonly key?: KeyObject;

  constructor(secret: string) {
    let key = Buffer.from(secret, 'utf8');
    if (key.length > 64) {
      key = hash('sha256', key, 'buffer');
    }
    const inner = Buffer.alloc(64, 0x36);
    this.outer.fill(0x5c, 0, 64);
    for (let i = 0; i < key.length; i++) {
      inner[i] ^= key[i];
      this.outer[i] ^= key[i];
    }
    if (inner.every((byte) => byte < 0x80)) {
      this.inner = inner.toString('latin1');
    } else {
      this.key = createSecretKey(key);
    }
  }

  /** The MAC of an ASCII `message`, in hex. */
  hex(message: string): string {
    if (this.inner === undefined) {
      return createHmac('sha256', this.key!).update(message).digest('hex');
    }
    this.outer.write(hash('sha256', this.inner + message, 'binary'), 64, 'latin1'); // a short string: cheaper to collect than a Buffer
    return hash('sha256', this.outer, 'hex');
  }
}

const macs = new Map<string, PreparedHmac>();

function hmacFor(sk: string): PreparedHmac {
  let mac = macs.get(sk);
  if (!mac) {
    if (macs.size > 16) {
      macs.clear();
    }
    mac = new PreparedHmac(sk);
    macs.set(sk, mac);
  }
  return mac;
}

export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex'); // one-shot: no Hash object for a short string
}

/** Hashes of the few small bodies sent again and again (`{"state":"CREATED"}` and its kind). */
const bodyHashes = new Map<string, string>();

function bodyHash(body: string | Uint8Array | undefined): string {
  if (body === undefined || body.length === 0) {
    return EMPTY_BODY_SHA256;
  }
  if (typeof body !== 'string' || body.length > 64) {
    return sha256Hex(body);
  }
  let found = bodyHashes.get(body);
  if (found === undefined) {
    if (bodyHashes.size >= 64) {
      bodyHashes.clear();
    }
    found = sha256Hex(body);
    bodyHashes.set(body, found);
  }
  return found;
}

/** Compares signed header lines by name. */
const byName = (a: [string, string], b: [string, string]): number => (a[0] < b[0] ? -1 : 1);

export function sign(request: SignableRequest, key: AccessKey, time: Date): Signature {
  const date = sdkDate(time);
  const lines: Array<[string, string]> = [['host', request.host], ['x-sdk-date', date]];
  for (const name in request.headers) {
    const lower = name.toLowerCase();
    if (lower !== 'host' && lower !== 'x-sdk-date' && lower !== 'x-sdk-content-sha256') {
      lines.push([lower, request.headers[name].trim()]);
    }
  }
  if (request.unsignedPayload) {
    lines.push(['x-sdk-content-sha256', UNSIGNED_PAYLOAD]);
  }
  lines.sort(byName);
  let signedHeaders = lines[0][0];
  let canonicalHeaders = lines[0][0] + ':' + lines[0][1] + '\n';
  for (let i = 1; i < lines.length; i++) {
    signedHeaders += ';' + lines[i][0];
    canonicalHeaders += lines[i][0] + ':' + lines[i][1] + '\n';
  }

  const payloadHash = request.unsignedPayload ? UNSIGNED_PAYLOAD : bodyHash(request.body);
  const canonicalRequest =
    request.method.toUpperCase() + '\n' +
    canonicalUri(request.path) + '\n' +
    canonicalQuery(request.query) + '\n' +
    canonicalHeaders + '\n' +
    signedHeaders + '\n' +
    payloadHash;
  const signature = hmacFor(key.sk).hex(ALGORITHM + '\n' + date + '\n' + sha256Hex(canonicalRequest));

  const headers: Record<string, string> = { 'X-Sdk-Date': date };
  if (request.unsignedPayload) {
    headers['X-Sdk-Content-Sha256'] = UNSIGNED_PAYLOAD;
  }
  headers.Authorization = ALGORITHM + ' Access=' + key.ak + ', SignedHeaders=' + signedHeaders + ', Signature=' + signature;
  return { headers, canonicalRequest };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
