// What a profile is: a name, credentials, and where MetaStudio is for it. Profiles come from the
// settings (the default profile), from the ones the user stored, and from the read-only sources that
// Huawei Cloud's SDKs and KooCLI already use. Imports no `vscode`.
import type { Credentials } from '../client/credentials';

/** Where a profile comes from; the last three are read-only and never written by the extension. */
export type ProfileSource = 'settings' | 'stored' | 'environment' | 'credentialsFile' | 'kooCli';

/** Where MetaStudio is for a profile. What a profile leaves out comes from the settings. */
export interface ProfileTarget {
  /** A region id such as `cn-north-4`: the MetaStudio and IAM endpoints follow from it. */
  region?: string;
  /** A custom MetaStudio endpoint (origin); wins over `region`. */
  endpoint?: string;
  iamEndpoint?: string;
  projectId?: string;
  /** The account (domain) id a `[global]` section or HUAWEICLOUD_SDK_DOMAIN_ID gives; sent to IAM as `X-Domain-Id`. */
  domainId?: string;
  /** `X-App-UserId`. */
  appUserId?: string;
}

export interface Profile {
  /** Stable: `settings`, `stored:<uuid>`, `environment`, `credentialsFile:<section>`, `kooCli:<name>`. */
  id: string;
  name: string;
  source: ProfileSource;
  /** Where it was read from, for the output: a file path or "environment variables". Never a value. */
  origin: string;
  /** Undefined when they must be typed once (KooCLI's encrypted keys) or were never set. */
  credentials?: Credentials;
  /** KooCLI keeps its keys encrypted with a scheme that is not published: the AK/SK are asked for once. */
  needsKeys?: boolean;
  /** KooCLI's own current profile. */
  sourceCurrent?: boolean;
  target: ProfileTarget;
}

/** What a project or domain id is made of (as `checkId`); a source's id that is not is refused without being quoted. */
export const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A problem with one source: which file, which profile, which line. Never a value from the file. */
export interface SourceWarning {
  file: string;
  profile?: string;
  /** 1-based. */
  line?: number;
  problem: string;
}

export interface SourceResult {
  profiles: Profile[];
  warnings: SourceWarning[];
}

/** `file:line: profile "x": problem`, for the output. */
export function describeWarning(warning: SourceWarning): string {
  const where = warning.line ? `${warning.file}:${warning.line}` : warning.file;
  return `${where}: ${warning.profile ? `profile "${warning.profile}": ` : ''}${warning.problem}`;
}

/** Who can read a source's origin in a sentence. */
export const SOURCE_LABELS: Record<ProfileSource, string> = {
  settings: 'Settings',
  stored: 'Stored profile',
  environment: 'Environment variables',
  credentialsFile: 'SDK credentials file',
  kooCli: 'KooCLI',
};
