// Where MetaStudio runs, and how fast each of its APIs may be called there (calls per second per tenant).
import { inputError } from './errors';

export interface Region {
  id: string;
  label: string;
  /** The share of CN North-Beijing4's limits (`API_RATES`) this region allows. */
  rateShare: number;
}

export const REGIONS: readonly Region[] = [
  { id: 'cn-north-4', label: 'CN North-Beijing4', rateShare: 1 },
  { id: 'ap-southeast-3', label: 'AP-Singapore', rateShare: 0.5 },
  { id: 'cn-east-3', label: 'CN East-Shanghai1 (test environment)', rateShare: 0.5 },
];

/**
 * MetaStudio's published limits in CN North-Beijing4, calls per second per tenant, by API (the
 * operation names of the client's calls). CN East-Shanghai1 and AP-Singapore allow half of each.
 * Source: MetaStudio product description, "Constraints" (support.huaweicloud.com/intl/en-us/
 * productdesc-metastudio/metastudio_01_0010.html, 2024-11 and 2025-04 revisions).
 */
export const API_RATES: Readonly<Record<string, number>> = {
  ListAssets: 20,
  ShowAsset: 20,
  ListAssetSummary: 20,
  CreateDigitalAsset: 10,
  UpdateDigitalAsset: 10,
  DeleteAsset: 10,
  RestoreAsset: 10,
  CreateFile: 10,
  CreateLargeFile: 10,
  ConfirmFileUpload: 10,
  DeleteFile: 10,
};

/** An API the table does not name gets the lowest limit of the file APIs. */
const OTHER_API_RATE = 10;

/**
 * Calls per second MetaStudio allows `operation` in `region`: the table above, halved outside
 * CN North-Beijing4; a region we do not know gets the lower figures.
 */
export function apiRate(region: string | undefined, operation: string): number {
  const share = REGIONS.find((r) => r.id === region)?.rateShare ?? 0.5;
  return Math.max(1, Math.floor((API_RATES[operation] ?? OTHER_API_RATE) * share));
}

export function metaStudioEndpoint(region: string): string {
  return `https://metastudio.${region}.myhuaweicloud.com`;
}

export function iamEndpoint(region: string): string {
  return `https://iam.${region}.myhuaweicloud.com`;
}


const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An endpoint is an origin: https, or plain http on this machine only. Returns it normalised. */
export function checkEndpoint(value: string, what = 'The endpoint'): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw inputError('not-a-url', { what, value });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw inputError('not-https', { what, value: url.origin });
  }
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw inputError('not-an-origin', { what });
  }
  return url.origin;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Ids go into the request path, so only what MetaStudio's ids are made of is let through. */
export function checkId(what: string, value: unknown): string {
  if (typeof value !== 'string' || !ID.test(value)) {
    const shown = typeof value === 'string' ? `"${value.length > 70 ? value.slice(0, 70) + '…' : value}"` : String(value);
    throw inputError('bad-id', { value: shown, what });
  }
  return value;
}
