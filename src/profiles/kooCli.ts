// KooCLI's profiles, `~/.hcloud/config.json` (the same path on Windows and macOS under the user's home):
// `{ "current": NAME, "authEncrypt": "true"|"false", "profiles": [{ name, mode, accessKeyId,
// secretAccessKey, securityToken, region, projectId, ... }] }`, flags as strings (schema as read by
// terraform-provider-huaweicloud config/auth.go). Keys are encrypted by default with a scheme that is
// not published: such profiles give their name, region and project id, and the AK/SK are asked for once.
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import * as os from 'node:os';
import * as path from 'node:path';
import { credentialProblem, type Credentials } from '../client/credentials';
import { capWarnings, looksLikeKey, PROJECT_ID, type Profile, type SourceResult, type SourceWarning } from './profile';
import { readSourceFile } from './sourceFile';

export function kooCliConfigPath(home = os.homedir()): string {
  return path.join(home, '.hcloud', 'config.json');
}

interface KooCliProfile {
  name?: unknown;
  mode?: unknown;
  accessKeyId?: unknown;
  secretAccessKey?: unknown;
  securityToken?: unknown;
  region?: unknown;
  projectId?: unknown;
}

/** Reads KooCLI's config; a missing file is no problem. Never throws. */
export async function readKooCli(home = os.homedir()): Promise<SourceResult> {
  const file = kooCliConfigPath(home);
  const read = await readSourceFile(file);
  if ('missing' in read) {
    return { profiles: [], warnings: [], listed: [{ file, ids: [] }] };
  }
  return 'problem' in read ? { profiles: [], warnings: [{ file, problem: read.problem }] } : parseKooCli(file, read.text);
}

/** KooCLI's modes (schema above); only AKSK gives keys this extension can sign with. */
const KNOWN_MODES = new Set(['AKSK', 'ecsAgency', 'AssumeRole', 'SSO']);
/** A profile name a warning may show, if it does not look like a key; any other is named by its place in the list (`#3`). */
const SHOWN_NAME = /^[\p{L}\p{N}_.@-]{1,64}$/u;

/**
 * Whether the keys are encrypted. KooCLI writes `"authEncrypt": "true"` or `"false"` (strings); files
 * from before KooCLI 5.2.7, which could not store plaintext, have no flag and are encrypted. Our
 * reading: no flag, or a true-ish value (true, 1, "true", "1", "yes", "on" in any case), is encrypted;
 * any other value ("false", "False", 0, ...) is plaintext, whose keys must then pass the format checks.
 */
export function authEncrypted(flag: unknown): boolean {
  if (flag === undefined || flag === null) {
    return true;
  }
  return flag === true || flag === 1 || (typeof flag === 'string' && ['true', '1', 'yes', 'on'].includes(flag.trim().toLowerCase()));
}

/** Profiles from the text of KooCLI's config.json; `file` names it in warnings, which never quote the file. */
export function parseKooCli(file: string, text: string): SourceResult {
  const warnings: SourceWarning[] = [];
  let config: { current?: unknown; authEncrypt?: unknown; profiles?: unknown };
  try {
    config = JSON.parse(text.replace(/^\uFEFF/, '')) as typeof config;
  } catch (error) {
    // JSON.parse's own message quotes the text around the fault, which may be a key: only its position is kept.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const line = position === undefined ? undefined : text.slice(0, Number(position)).split(/\r\n|\r|\n/).length;
    return { profiles: [], warnings: [{ file, line, problem: 'the file is not valid JSON; no KooCLI profile is used until it is fixed.' }] };
  }
  if (!config || typeof config !== 'object' || !Array.isArray(config.profiles)) {
    return { profiles: [], warnings: [{ file, problem: 'the file has no "profiles" list.' }] };
  }
  const encrypted = authEncrypted(config.authEncrypt);
  const lineOf = entryLines(text);
  const profiles: Profile[] = [];
  const names = new Set<string>();
  for (const [index, entry] of (config.profiles as KooCliProfile[]).entries()) {
    const name = typeof entry?.name === 'string' && entry.name.trim() ? entry.name.trim() : undefined;
    const line = lineOf(index);
    const keyLike = name !== undefined && looksLikeKey(name);
    const shown = name !== undefined && !keyLike && SHOWN_NAME.test(name) ? name : `#${index + 1}`;
    const warn = (problem: string) => warnings.push({ file, profile: shown, line, problem });
    if (!name) {
      warn('the profile has no name; skipped.');
      continue;
    }
    if (keyLike) {
      // An AK or SK pasted as the name: it would show in the picker, the status bar and the log.
      warn('the profile name looks like a key; skipped. Rename the profile in KooCLI.');
      continue;
    }
    if (names.has(name)) {
      warn('a second profile of the same name; skipped.');
      continue;
    }
    names.add(name);
    const mode = typeof entry.mode === 'string' && entry.mode ? entry.mode : 'AKSK';
    if (mode !== 'AKSK') {
      // Only a mode KooCLI has is named: an unknown value could be anything, a key too.
      warn(`${KNOWN_MODES.has(mode) ? `mode "${mode}"` : 'the mode'} is not supported (only AKSK is); skipped.`);
      continue;
    }
    const field = (value: unknown) => (typeof value === 'string' && value.trim()) || undefined;
    const region = field(entry.region);
    if (region !== undefined && !/^[a-z]{2}(-[a-z0-9]+){1,3}$/.test(region)) {
      warn('the region is not a region id like cn-north-4; skipped.');
      continue;
    }
    const projectId = field(entry.projectId);
    if (projectId !== undefined && !PROJECT_ID.test(projectId)) {
      warn('the projectId is not an id (letters, digits, - or _); skipped.');
      continue;
    }
    const target = { region, projectId };
    const profile: Profile = { id: `kooCli:${name}`, name, source: 'kooCli', origin: file, target, sourceCurrent: config.current === name };
    if (encrypted) {
      profiles.push({ ...profile, needsKeys: true });
      continue;
    }
    const ak = field(entry.accessKeyId);
    const sk = field(entry.secretAccessKey);
    const securityToken = field(entry.securityToken);
    if (!ak && !sk && securityToken) {
      warn('a securityToken is given without the temporary "accessKeyId" and "secretAccessKey" it belongs to; skipped.');
      continue;
    }
    if (!ak || !sk) {
      warn(`"${ak ? 'secretAccessKey' : 'accessKeyId'}" is missing or empty; skipped.`);
      continue;
    }
    const credentials: Credentials = securityToken ? { kind: 'temporary', ak, sk, securityToken } : { kind: 'aksk', ak, sk };
    const problem = credentialProblem(credentials);
    if (problem) {
      warn(`${problem} Skipped.`);
      continue;
    }
    profiles.push({ ...profile, credentials });
  }
  return { profiles, warnings: capWarnings(warnings), listed: [{ file, ids: [...names].map((name) => `kooCli:${name}`) }] };
}

/**
 * The line of each entry of the `profiles` list: where its `"name"` is, else where the entry starts
 * (a profile without a name is placed at its own line, not another's). `text` is valid JSON; the
 * positions come from jsonc-parser's syntax tree, in one pass over the text.
 */
function entryLines(text: string): (index: number) => number | undefined {
  const entries = findNodeAtLocation(parseTree(text) ?? ({ type: 'null', offset: 0, length: 0 } as Node), ['profiles'])?.children ?? [];
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      starts.push(i + 1);
    }
  }
  const lineAt = (offset: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low + 1;
  };
  return (index) => {
    const entry = entries[index];
    if (!entry) {
      return undefined;
    }
    const name = entry.type === 'object' ? entry.children?.find((p) => p.children?.[0]?.value === 'name') : undefined;
    return lineAt((name ?? entry).offset);
  };
}
