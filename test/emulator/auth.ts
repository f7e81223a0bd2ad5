// The API gateway in front of MetaStudio and IAM: AK/SK signatures (checked with the official
// SDK's primitives), IAM tokens, clock skew, AK lockout and per-project rate limiting.
import { publishedRate, type RateRegion } from './rates';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { apiError, header } from './http';
import { AKSKSigner } from './sdk';
import type { EmulatorAccount } from './types';

const ALGORITHM = 'SDK-HMAC-SHA256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const MAX_SKEW_MS = 15 * 60_000;
const LOCK_AFTER_FAILURES = 5;
const LOCK_MS = 5 * 60_000;

export interface Principal {
  account: EmulatorAccount;
  /** The project the credentials act for: the account's, or the token's scope. */
  projectId: string;
}

export interface IssuedToken {
  token: string;
  issuedAt: number;
  expiresAt: number;
}

interface TokenRecord extends IssuedToken, Principal {}

function unauthorized(detail: string): Error {
  return apiError(401, 'APIGW.0301', `Incorrect IAM authentication information: ${detail}`);
}

/** `YYYYMMDDTHHMMSSZ`, the X-Sdk-Date format. */
export function sdkDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

function parseSdkDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : undefined;
}

// Each segment is decoded and encoded once, as Huawei's Python SDK and standalone signer.js do.
// (The Node SDK's CanonicalURI would encode an already-encoded path a second time.)
function canonicalUri(rawPath: string): string {
  const path = rawPath
    .split('/')
    .map((segment) => AKSKSigner.urlEncode(safeDecode(segment)))
    .join('/');
  return path.endsWith('/') ? path : path + '/';
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export class Gateway {
  rateLimit = 0;
  apiRateLimits?: RateRegion;
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly accounts: readonly EmulatorAccount[],
    private readonly now: () => number,
    private readonly tokenTtlMs: number,
  ) {}

  reset(): void {
    this.failures.clear();
    this.tokens.clear();
    this.windows.clear();
  }

  authenticate(req: IncomingMessage, rawPath: string, rawQuery: string, body: Buffer): Principal {
    const authorization = header(req, 'authorization');
    if (authorization) {
      return this.verifyAkSk(req, authorization, rawPath, rawQuery, body);
    }
    const token = header(req, 'x-auth-token');
    if (token) {
      return this.verifyToken(token);
    }
    throw unauthorized('x-auth-token not found');
  }

  issueToken(account: EmulatorAccount, projectId: string): IssuedToken {
    const issuedAt = this.now();
    // Real tokens are a few KB of base64; a long one keeps header-size handling honest.
    const record = { account, projectId, issuedAt, expiresAt: issuedAt + this.tokenTtlMs, token: 'MIIE' + randomBytes(1500).toString('base64url') };
    this.tokens.set(record.token, record);
    return record;
  }

  /** The URL project must be the caller's, and so must `X-Project-Id` when sent. */
  checkProject(req: IncomingMessage, principal: Principal, urlProjectId: string): void {
    const sent = header(req, 'x-project-id');
    if ((sent !== undefined && sent.trim() !== urlProjectId) || principal.projectId !== urlProjectId) {
      throw apiError(400, 'MSS.00010009', 'urlTenantId is not equal tokenTenantId');
    }
  }

  /**
   * Sliding one-second windows per project, on real time so clock games don't disturb them: one
   * for all MetaStudio calls (`rateLimit`) and, with `apiRateLimits`, one per API at its published
   * limit (`route` is `METHOD /path` of the route called).
   */
  checkRate(projectId: string, route: { method: string; path: string }): void {
    this.checkWindow(projectId, this.rateLimit);
    const perApi = this.apiRateLimits && publishedRate(this.apiRateLimits, route.method, route.path);
    if (perApi) {
      this.checkWindow(`${projectId} ${route.method} ${route.path}`, perApi);
    }
  }

  private checkWindow(key: string, limit: number): void {
    if (!limit) {
      return;
    }
    const now = performance.now();
    const recent = (this.windows.get(key) ?? []).filter((t) => now - t < 1000);
    this.windows.set(key, recent);
    if (recent.length >= limit) {
      throw apiError(429, 'APIGW.0308', `The throttling threshold has been reached: policy user over ratelimit,limit:${limit},time:1 second`);
    }
    recent.push(now);
  }

  private verifyToken(token: string): Principal {
    const record = this.tokens.get(token.trim());
    if (!record) {
      throw unauthorized('decrypt token fail');
    }
    if (this.now() >= record.expiresAt) {
      throw apiError(401, 'APIGW.0307', 'The token must be updated');
    }
    return record;
  }

  private verifyAkSk(req: IncomingMessage, authorization: string, rawPath: string, rawQuery: string, body: Buffer): Principal {
    const m = /^SDK-HMAC-SHA256 Access=([^,\s]+), ?SignedHeaders=([^,\s]+), ?Signature=([0-9a-f]{64})$/.exec(authorization.trim());
    if (!m) {
      throw unauthorized('verify aksk signature fail, unsupported Authorization format');
    }
    const [, ak, signedHeaders, signature] = m;
    const failures = this.failures.get(ak) ?? { count: 0, lockedUntil: 0 };
    if (this.now() < failures.lockedUntil) {
      throw unauthorized('AK access failed to reach the limit,forbidden');
    }
    const account = this.accounts.find((a) => a.ak === ak || a.temporary?.ak === ak);
    if (!account) {
      throw unauthorized('verify aksk signature fail, ak not found');
    }
    const names = signedHeaders.split(';');
    if (!names.includes('x-sdk-date') || !names.includes('host')) {
      throw unauthorized('verify aksk signature fail, x-sdk-date and host must be signed');
    }
    const date = header(req, 'x-sdk-date')?.trim() ?? '';
    const signedAt = parseSdkDate(date);
    if (signedAt === undefined) {
      throw unauthorized('verify aksk signature fail, invalid x-sdk-date');
    }
    if (Math.abs(this.now() - signedAt) > MAX_SKEW_MS) {
      throw unauthorized(`calc aksk signature fail:signature expired, signature time:${date},server time:${sdkDate(this.now())}`);
    }

    const temporary = account.temporary?.ak === ak;
    const sk = temporary ? account.temporary!.sk : account.sk;
    const canonicalRequest = this.canonicalRequest(req, signedHeaders, rawPath, rawQuery, body);
    const stringToSign = AKSKSigner.getStringToSign(ALGORITHM, date, AKSKSigner.Hex(canonicalRequest));
    const expected = Buffer.from(AKSKSigner.hmacSHA256(sk, stringToSign));
    if (!timingSafeEqual(expected, Buffer.from(signature))) {
      failures.count += 1;
      if (failures.count >= LOCK_AFTER_FAILURES) {
        failures.count = 0;
        failures.lockedUntil = this.now() + LOCK_MS;
      }
      this.failures.set(ak, failures);
      throw unauthorized(`verify aksk signature fail, canonicalRequest:${canonicalRequest.replace(/\n/g, '|')}`);
    }
    this.failures.delete(ak);
    if (temporary && header(req, 'x-security-token') !== account.temporary!.securityToken) {
      throw unauthorized('verify security token fail');
    }
    return { account, projectId: account.projectId };
  }

  private canonicalRequest(req: IncomingMessage, signedHeaders: string, rawPath: string, rawQuery: string, body: Buffer): string {
    const headers: Record<string, string> = {};
    for (const name of signedHeaders.split(';')) {
      headers[name] = (header(req, name) ?? '').trim();
    }
    const payloadHash = header(req, 'x-sdk-content-sha256')?.trim() === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : AKSKSigner.Hex(body);
    return AKSKSigner.buildCanonicalRequest(
      req.method ?? 'GET',
      canonicalUri(rawPath),
      AKSKSigner.CanonicalQueryString({ queryParams: parseQuery(rawQuery) }),
      AKSKSigner.buildCanonicalHeaders(headers),
      signedHeaders,
      payloadHash,
    );
  }
}
