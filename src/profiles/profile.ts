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
  /** Signed out of in this window: a read-only source's credentials left unused here (profileStore.ts). */
  signedOut?: boolean;
  /** KooCLI's own current profile. */
  sourceCurrent?: boolean;
  /**
   * The profile picked in this window is not in its source now: `gone` when the file was read whole
   * without it, `unreadable` when the file cannot be read or parsed (a save half done). It has no
   * credentials: nothing is sent until it is back or another profile is picked.
   */
  unavailable?: 'gone' | 'unreadable';
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
  /** For the warning that counts the ones not listed: how many. */
  omitted?: number;
}

export interface SourceResult {
  profiles: Profile[];
  warnings: SourceWarning[];
  /**
   * The files read whole (or found missing), with the id of every profile they name, usable or not.
   * A file that could not be read or parsed is not here: its profiles may be back at the next read.
   */
  listed?: Array<{ file: string; ids: string[] }>;
}

/** At most this many warnings per file; the rest are counted in one more ("and N more"). */
export const WARNINGS_PER_FILE = 10;

/** The first WARNINGS_PER_FILE warnings of each file, then one that counts the rest (`omitted`). */
export function capWarnings(warnings: SourceWarning[]): SourceWarning[] {
  const byFile = new Map<string, SourceWarning[]>();
  for (const warning of warnings) {
    byFile.set(warning.file, [...(byFile.get(warning.file) ?? []), warning]);
  }
  return [...byFile].flatMap(([file, list]) => list.length <= WARNINGS_PER_FILE ? list : [
    ...list.slice(0, WARNINGS_PER_FILE),
    { file, problem: `and ${list.length - WARNINGS_PER_FILE} more problems in this file, not listed; fix the ones above first.`, omitted: list.length - WARNINGS_PER_FILE },
  ]);
}

/**
 * Whether a name looks like a key pasted into it: an AK's shape (a run of 20 or more capital letters
 * and digits, with both) or an SK's or token's (a run of 30 or more letters, digits, `+`, `/` or `=`).
 * Such a name is never shown, logged or kept. Names people choose ("production2024customerA") pass.
 */
export function looksLikeKey(name: string): boolean {
  const akLike = (name.match(/[A-Z0-9]{20,}/g) ?? []).some((run) => /[A-Z]/.test(run) && /[0-9]/.test(run));
  return akLike || /[A-Za-z0-9+/=]{30,}/.test(name);
}

/** A profile name for the log: in double quotes, with quotes, line breaks and other control or format characters escaped. */
export function quoteName(name: string): string {
  return JSON.stringify(name).replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, escapeChar);
}

/** Text of the environment (a file path) for the log: control and format characters escaped, so it stays on its line. */
export function plainText(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, escapeChar);
}

function escapeChar(c: string): string {
  return `\\u{${c.codePointAt(0)!.toString(16)}}`;
}

/**
 * A profile name for a label that renders icons (quick pick, status bar): `$(` is escaped, so that a
 * name such as `$(check) x` shows as typed, and control characters become spaces.
 */
export function labelName(name: string): string {
  return name.replace(/[\p{Cc}\u2028\u2029]/gu, ' ').replace(/\$\(/g, '\\$(');
}

/** `file:line: profile "x": problem`, for the output. */
export function describeWarning(warning: SourceWarning): string {
  const where = warning.line ? `${plainText(warning.file)}:${warning.line}` : plainText(warning.file);
  return `${where}: ${warning.profile ? `profile ${quoteName(warning.profile)}: ` : ''}${warning.problem}`;
}

/** Who can read a source's origin in a sentence. */
export const SOURCE_LABELS: Record<ProfileSource, string> = {
  settings: 'Settings',
  stored: 'Stored profile',
  environment: 'Environment variables',
  credentialsFile: 'SDK credentials file',
  kooCli: 'KooCLI',
};
