// KooCLI's profiles, `~/.hcloud/config.json` (the same path on Windows and macOS under the user's home):
// `{ "current": NAME, "authEncrypt": "true"|"false", "profiles": [{ name, mode, accessKeyId,
// secretAccessKey, securityToken, region, projectId, ... }] }`, flags as strings (schema as read by
// terraform-provider-huaweicloud config/auth.go). Keys are encrypted by default with a scheme that is
// not published: such profiles give their name, region and project id, and the AK/SK are asked for once.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { credentialProblem, type Credentials } from '../client/credentials';
import type { Profile, SourceResult, SourceWarning } from './profile';

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
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { profiles: [], warnings: [] } : { profiles: [], warnings: [{ file, problem: `the file cannot be read (${code ?? 'error'})` }] };
  }
  return parseKooCli(file, text);
}

/** Profiles from the text of KooCLI's config.json; `file` names it in warnings. */
export function parseKooCli(file: string, text: string): SourceResult {
  const warnings: SourceWarning[] = [];
  let config: { current?: unknown; authEncrypt?: unknown; profiles?: unknown };
  try {
    config = JSON.parse(text.replace(/^\uFEFF/, '')) as typeof config;
  } catch (error) {
    // JSON.parse's own message quotes the text around the fault, which may be a key: only its position is kept.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const line = position === undefined ? undefined : text.slice(0, Number(position)).split('\n').length;
    return { profiles: [], warnings: [{ file, line, problem: 'the file is not valid JSON; no KooCLI profile is used until it is fixed.' }] };
  }
  if (!config || typeof config !== 'object' || !Array.isArray(config.profiles)) {
    return { profiles: [], warnings: [{ file, problem: 'the file has no "profiles" list.' }] };
  }
  // The default is encrypted; KooCLI writes the flag as the string "true" or "false".
  const encrypted = config.authEncrypt !== 'false' && config.authEncrypt !== false;
  const profiles: Profile[] = [];
  for (const [index, entry] of (config.profiles as KooCliProfile[]).entries()) {
    const name = typeof entry?.name === 'string' && entry.name.trim() ? entry.name.trim() : undefined;
    const line = lineOf(text, name, index);
    const warn = (problem: string) => warnings.push({ file, profile: name ?? `#${index + 1}`, line, problem });
    if (!name) {
      warn('the profile has no name; skipped.');
      continue;
    }
    if (profiles.some((p) => p.name === name)) {
      warn('a second profile of the same name; skipped.');
      continue;
    }
    const mode = typeof entry.mode === 'string' && entry.mode ? entry.mode : 'AKSK';
    if (mode !== 'AKSK') {
      warn(`mode ${JSON.stringify(mode.slice(0, 20))} is not supported (only AKSK is); skipped.`);
      continue;
    }
    const field = (value: unknown) => (typeof value === 'string' && value.trim()) || undefined;
    const region = field(entry.region);
    if (region !== undefined && !/^[a-z]{2}(-[a-z0-9]+){1,3}$/.test(region)) {
      warn('the region is not a region id like cn-north-4; skipped.');
      continue;
    }
    const target = { region, projectId: field(entry.projectId) };
    const profile: Profile = { id: `kooCli:${name}`, name, source: 'kooCli', origin: file, target, sourceCurrent: config.current === name };
    if (encrypted) {
      profiles.push({ ...profile, needsKeys: true });
      continue;
    }
    const ak = field(entry.accessKeyId);
    const sk = field(entry.secretAccessKey);
    if (!ak || !sk) {
      warn(`"${ak ? 'secretAccessKey' : 'accessKeyId'}" is missing or empty; skipped.`);
      continue;
    }
    const securityToken = field(entry.securityToken);
    const credentials: Credentials = securityToken ? { kind: 'temporary', ak, sk, securityToken } : { kind: 'aksk', ak, sk };
    const problem = credentialProblem(credentials);
    if (problem) {
      warn(`${problem} Skipped.`);
      continue;
    }
    profiles.push({ ...profile, credentials });
  }
  return { profiles, warnings };
}

/** The line of a profile's `"name": ...` entry, else undefined. */
function lineOf(text: string, name: string | undefined, index: number): number | undefined {
  const names = [...text.matchAll(/"name"\s*:/g)];
  const byName = name === undefined ? undefined : new RegExp(`"name"\\s*:\\s*${escape(JSON.stringify(name))}`).exec(text);
  const at = byName?.index ?? names[index]?.index;
  return at === undefined ? undefined : text.slice(0, at).split('\n').length;
}

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
