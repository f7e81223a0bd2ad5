// The extension's settings, read in one place. Endpoint-changing settings are machine-scoped in the
// manifest, so a workspace's .vscode/settings.json cannot send signed requests elsewhere.
import vscode = require('vscode');
import type { ProxySettings } from './client/dispatcher';
import { iamEndpoint, metaStudioEndpoint } from './client/regions';
import { VIDEO_PRODUCTION_KEYS } from './client/systemProperties';
import type { Profile, ProfileTarget } from './profiles/profile';

export interface Settings {
  region: string;
  endpoint: string;
  iamEndpoint: string;
  projectId?: string;
  /** Only from a profile (`[global]` section, HUAWEICLOUD_SDK_DOMAIN_ID): there is no setting. */
  domainId?: string;
  appUserId?: string;
  autoMetaAnalysis: boolean;
  /** system_properties keys set to "Yes" on new IMAGE / VIDEO assets, so video production shows them. */
  imageSystemProperties: string[];
  videoSystemProperties: string[];
  concurrency: number;
  /** Parts of a large file sent at once. */
  partsInFlight: number;
  /** `metastudio.rateLimit`: caps every API's published limit; undefined (the setting's 0) leaves them as published. */
  rateLimitPerSecond?: number;
  timeoutMs: number;
  retries: number;
  autoRefreshSeconds: number;
  /** `metastudio.statusBarAtZero`: the status bar item stays when nothing is pending. */
  statusBarAtZero: boolean;
  proxy: ProxySettings;
}

export const SECTION = 'metastudio';

/**
 * The settings of the Default profile (no `target`), or of another profile (its `target`). The
 * project id and X-App-UserId settings are the Default profile's own: any other profile has its own
 * or none, never the Default's (a project id it lacks is looked up from IAM for its region, as the
 * SDKs do; without an X-App-UserId none is sent). The place (region or endpoints) of a profile that
 * names none, such as the environment's or the SDK credentials file's, is the settings' one.
 */
export function readSettings(target?: ProfileTarget): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const http = vscode.workspace.getConfiguration('http');
  const regionSetting = text(config.get('region')) || 'cn-north-4';
  const custom = regionSetting === 'custom';
  const endpointSetting = text(config.get('endpoint'));
  const own = target !== undefined;
  target ??= {};
  const ownPlace = Boolean(target.endpoint || target.region);
  const endpoint = target.endpoint || (target.region ? metaStudioEndpoint(target.region) : custom ? endpointSetting : metaStudioEndpoint(regionSetting));
  // A custom endpoint's region is in its host name when it is Huawei's; the rate limit follows it.
  const region = target.region || (target.endpoint || custom ? (/metastudio\.([a-z0-9-]+)\./.exec(endpoint)?.[1] ?? 'cn-north-4') : regionSetting);
  const iamSetting = !ownPlace && custom ? text(config.get('iamEndpoint')) : '';
  const timeoutSeconds = number(config.get('timeoutSeconds'), 30, 1, 600);
  return {
    region,
    endpoint,
    iamEndpoint: target.iamEndpoint || iamSetting || iamEndpoint(region),
    projectId: own ? target.projectId || undefined : text(config.get('projectId')) || undefined,
    domainId: target.domainId,
    appUserId: own ? target.appUserId || undefined : text(config.get('appUserId')) || undefined,
    autoMetaAnalysis: config.get('autoMetaAnalysis') === true,
    imageSystemProperties: keys(config.get('imageSystemProperties'), VIDEO_PRODUCTION_KEYS.IMAGE, ['MATERIAL_IMG']),
    videoSystemProperties: keys(config.get('videoSystemProperties'), VIDEO_PRODUCTION_KEYS.VIDEO, ['MATERIAL_VIDEO']),
    concurrency: number(config.get('concurrency'), 4, 1, 16),
    partsInFlight: number(config.get('partsInFlight'), 4, 1, 8),
    rateLimitPerSecond: number(config.get('rateLimit'), 0, 0, 100) || undefined,
    timeoutMs: timeoutSeconds * 1000,
    retries: number(config.get('retries'), 3, 0, 10),
    autoRefreshSeconds: autoRefresh(number(config.get('autoRefreshSeconds'), 0, 0, 86_400)),
    statusBarAtZero: config.get('statusBarAtZero') === true,
    proxy: {
      proxy: text(http.get('proxy')),
      noProxy: Array.isArray(http.get('noProxy')) ? (http.get('noProxy') as unknown[]).filter((h): h is string => typeof h === 'string') : [],
      strictSSL: http.get('proxyStrictSSL') !== false,
    },
  };
}

/** The settings of `profile` (`readSettings`); those of the Default profile when there is none. */
export function profileSettings(profile: Pick<Profile, 'source' | 'target'> | undefined): Settings {
  return readSettings(profile && profile.source !== 'settings' ? profile.target : undefined);
}

/** Settings of the wrong type fall back to the default instead of breaking a call. */
function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** The known keys in a list setting; anything but a list means the default. */
function keys(value: unknown, known: readonly string[], fallback: string[]): string[] {
  return Array.isArray(value) ? known.filter((key) => value.includes(key)) : fallback;
}

function number(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
}

function autoRefresh(seconds: number): number {
  return seconds === 0 ? 0 : Math.max(30, seconds);
}
