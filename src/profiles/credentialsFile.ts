// The credentials file of Huawei Cloud's SDKs: `~/.huaweicloud/credentials`, or the file named by
// HUAWEICLOUD_SDK_CREDENTIALS_FILE. An INI file whose section names are credential types: the SDKs
// take `[basic]` (project-scoped) and `[global]`, and any section whose name starts with either,
// such as `[basic-prod]` (huaweicloud-sdk-python-v3 core/auth/provider.py, ProfileCredentialProvider).
// Keys: ak, sk, security_token, project_id, domain_id, iam_endpoint, idp_id, id_token_file. There is
// no region key. How the text is read is `readIni` below: the way the Python SDK's configparser reads it.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { credentialProblem, type Credentials } from '../client/credentials';
import { checkEndpoint } from '../client/regions';
import { PROJECT_ID } from './profile';
import type { Profile, SourceResult, SourceWarning } from './profile';

export const CREDENTIALS_FILE_VARIABLE = 'HUAWEICLOUD_SDK_CREDENTIALS_FILE';

/** The file the SDKs would read, and whether the environment named it. */
export function credentialsFilePath(env: NodeJS.ProcessEnv, home = os.homedir()): { file: string; named: boolean } {
  const named = env[CREDENTIALS_FILE_VARIABLE]?.trim();
  return named ? { file: path.resolve(named), named: true } : { file: path.join(home, '.huaweicloud', 'credentials'), named: false };
}

/** Reads the file; a missing default file is no problem, a missing named one is. Never throws. */
export async function readCredentialsFile(env: NodeJS.ProcessEnv, home = os.homedir()): Promise<SourceResult> {
  const { file, named } = credentialsFilePath(env, home);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !named) {
      return { profiles: [], warnings: [] };
    }
    const why = code === 'ENOENT' ? `the file does not exist (named by ${CREDENTIALS_FILE_VARIABLE})` : `the file cannot be read (${code ?? 'error'})`;
    return { profiles: [], warnings: [{ file, problem: why }] };
  }
  return parseCredentialsFile(file, text);
}

interface Section {
  name: string;
  line: number;
  /** Each key (lower case), with its value and the line it is on. */
  keys: Map<string, { value: string; line: number }>;
}

/** Section names we take as profiles: a credential type, then letters, digits, `_`, `.` or `-`. */
const PROFILE_SECTION = /^(basic|global)[A-Za-z0-9_.-]{0,58}$/;
const KNOWN_KEYS = new Set(['ak', 'sk', 'security_token', 'project_id', 'domain_id', 'iam_endpoint', 'idp_id', 'id_token_file']);

/** Profiles from the text of a credentials file; `file` names it in warnings, which never quote the file. */
export function parseCredentialsFile(file: string, text: string): SourceResult {
  const warnings: SourceWarning[] = [];
  const profiles: Profile[] = [];
  for (const section of readIni(file, text, warnings)) {
    const warn = (problem: string, line = section.line) => warnings.push({ file, profile: section.name, line, problem });
    const get = (key: string) => section.keys.get(key)?.value || undefined;
    const lineOf = (key: string) => section.keys.get(key)?.line ?? section.line;
    const ak = get('ak');
    const sk = get('sk');
    const securityToken = get('security_token');
    if (!ak && !sk && (get('idp_id') || get('id_token_file'))) {
      warn('federated sign-in (idp_id, id_token_file) is not supported; use an AK/SK.', lineOf(get('idp_id') ? 'idp_id' : 'id_token_file'));
      continue;
    }
    if (!ak && !sk && securityToken) {
      warn('a security_token is given without the temporary "ak" and "sk" it belongs to; skipped.', lineOf('security_token'));
      continue;
    }
    if (!ak || !sk) {
      warn(`the key "${ak ? 'sk' : 'ak'}" is missing or empty.`, lineOf(ak ? 'sk' : 'ak'));
      continue;
    }
    const credentials: Credentials = securityToken ? { kind: 'temporary', ak, sk, securityToken } : { kind: 'aksk', ak, sk };
    const problem = credentialProblem(credentials);
    if (problem) {
      const key = problem.includes('security token') ? 'security_token' : problem.includes('The SK') ? 'sk' : 'ak';
      warn(problem, lineOf(key));
      continue;
    }
    const projectId = get('project_id');
    const domainId = get('domain_id');
    const badId = [['project_id', projectId], ['domain_id', domainId]].find(([, value]) => value !== undefined && !PROJECT_ID.test(value));
    if (badId) {
      warn(`the ${badId[0]} is not an id (letters, digits, - or _); skipped.`, lineOf(badId[0]!));
      continue;
    }
    let iamEndpoint = get('iam_endpoint');
    if (iamEndpoint) {
      try {
        iamEndpoint = checkEndpoint(iamEndpoint, 'iam_endpoint');
      } catch {
        // checkEndpoint's message quotes the value: the warning says what is wrong without it.
        warn('the iam_endpoint is not an https URL of only a scheme and host; skipped.', lineOf('iam_endpoint'));
        continue;
      }
    }
    // The SDKs read domain_id for [global] sections only, project_id for [basic] ones.
    const global = section.name.startsWith('global');
    profiles.push({
      id: `credentialsFile:${section.name}`,
      name: section.name,
      source: 'credentialsFile',
      origin: file,
      credentials,
      target: global ? { domainId, iamEndpoint } : { projectId, iamEndpoint },
    });
  }
  return { profiles, warnings };
}

/**
 * The sections of the INI text, read as Huawei's Python SDK reads the file (`configparser` with its
 * defaults, huaweicloud-sdk-python-v3 core/auth/provider.py), with the line of each key for warnings:
 * - lines end at CR LF, LF or a lone CR (Python's universal newlines);
 * - `key = value` or `key: value`; keys are case-insensitive; values are trimmed and otherwise
 *   literal: a `;` or `#` after a value is part of it (no inline comments; Go's INI reader, by default,
 *   cuts the value there, so the SDKs differ and we follow Python's), and backslashes, quotes and `%`
 *   stay as written (Python would read `%%` as `%`; Huawei's keys hold none);
 * - a line indented deeper than its key continues the value on a new line;
 * - only a whole line starting with `#` or `;` is a comment;
 * - a leading UTF-8 BOM is skipped (Windows editors write one; Go's INI reader skips it, where
 *   Python's would refuse the whole file).
 * No INI package on npm reads this way (`ini` cuts values at `;` or `#` and undoes backslash
 * escapes), and the warnings need each key's line, so the reading is here. Where configparser would refuse the whole
 * file (a key before any section, a duplicate), this warns and keeps every other profile.
 * Warnings name the file, the line and, for a section taken as a profile, its name: never a value,
 * an unknown key or a section name that is not a profile's.
 */
function readIni(file: string, text: string, warnings: SourceWarning[]): Section[] {
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  /** False while the lines belong to a section that is skipped (unclosed header, not a credential type). */
  let keeping = true;
  /** The key a deeper-indented line continues. */
  let open: { value: string[]; indent: number; key: string } | undefined;
  const close = () => {
    if (open && current) {
      current.keys.get(open.key)!.value = open.value.join('\n').trim();
    }
    open = undefined;
  };
  text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      return; // a blank or comment line inside a value does not end it, as in configparser
    }
    const indent = raw.length - raw.trimStart().length;
    if (open && indent > open.indent) {
      open.value.push(trimmed);
      return;
    }
    close();
    if (trimmed.startsWith('[')) {
      const name = /^\[(.*)\]$/.exec(trimmed)?.[1].trim();
      current = undefined;
      keeping = false;
      if (name === undefined) {
        warnings.push({ file, line, problem: 'the section header is not closed with "]"; the section is ignored.' });
      } else if (!PROFILE_SECTION.test(name)) {
        warnings.push({ file, line, problem: 'the section name is not a credential type (basic or global, or a name starting with one of them, of letters, digits, "_", "." or "-"); skipped.' });
      } else {
        if (sections.has(name)) {
          warnings.push({ file, profile: name, line, problem: 'the section appears twice; its keys are merged, the later value wins.' });
        }
        current = sections.get(name) ?? { name, line, keys: new Map() };
        sections.set(name, current);
        keeping = true;
      }
      return;
    }
    const delimiter = trimmed.search(/[=:]/);
    const key = delimiter > 0 ? trimmed.slice(0, delimiter).trim().toLowerCase() : '';
    if (!keeping) {
      return;
    }
    if (!key) {
      warnings.push({ file, profile: current?.name, line, problem: 'the line is not "key = value"; ignored.' });
      return;
    }
    if (!current) {
      warnings.push({ file, line, problem: 'a key is outside any section; ignored.' });
      return;
    }
    if (current.keys.has(key) && KNOWN_KEYS.has(key)) {
      warnings.push({ file, profile: current.name, line, problem: `the key "${key}" appears twice in the section; the later value wins.` });
    }
    current.keys.set(key, { value: '', line });
    open = { value: [trimmed.slice(delimiter + 1)], indent, key };
  });
  close();
  return [...sections.values()];
}
