// Where MetaStudio runs, and how fast its file APIs may be called there (calls per second per tenant).
import { inputError } from './errors';

export interface Region {
  id: string;
  label: string;
  fileApiRatePerSecond: number;
}

export const REGIONS: readonly Region[] = [
  { id: 'cn-north-4', label: 'CN North-Beijing4', fileApiRatePerSecond: 10 },
  { id: 'ap-southeast-3', label: 'AP-Singapore', fileApiRatePerSecond: 5 },
  { id: 'cn-east-3', label: 'CN East-Shanghai1 (test environment)', fileApiRatePerSecond: 5 },
];

export function metaStudioEndpoint(region: string): string {
  return `https://metastudio.${region}.myhuaweicloud.com`;
}

export function iamEndpoint(region: string): string {
  return `https://iam.${region}.myhuaweicloud.com`;
}

export function defaultRate(region: string | undefined): number {
  return REGIONS.find((r) => r.id === region)?.fileApiRatePerSecond ?? 5;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An endpoint is an origin: https, or plain http on this machine only. Returns it normalised. */
export function checkEndpoint(value: string, what = 'The endpoint'): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw inputError(`${what} "${value}" is not a URL; it should look like https://metastudio.cn-north-4.myhuaweicloud.com.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw inputError(`${what} "${url.origin}" must use https (plain http is allowed only for 127.0.0.1 and localhost).`);
  }
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw inputError(`${what} should be only a scheme and host, like https://metastudio.cn-north-4.myhuaweicloud.com.`);
  }
  return url.origin;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Ids go into the request path, so only what MetaStudio's ids are made of is let through. */
export function checkId(what: string, value: unknown): string {
  if (typeof value !== 'string' || !ID.test(value)) {
    const shown = typeof value === 'string' ? `"${value.length > 70 ? value.slice(0, 70) + '…' : value}"` : String(value);
    throw inputError(`${shown} is not a valid ${what}: it should be 1 to 64 letters, digits, - or _.`);
  }
  return value;
}
