// The credentials file of Huawei Cloud's SDKs: `~/.huaweicloud/credentials`, or the file named by
// HUAWEICLOUD_SDK_CREDENTIALS_FILE. An INI file whose section names are credential types: the SDKs
// take `[basic]` (project-scoped) and `[global]`, and any section whose name starts with either,
// such as `[basic-prod]` (huaweicloud-sdk-python-v3 core/auth/provider.py, ProfileCredentialProvider).
// Keys: ak, sk, security_token, project_id, domain_id, iam_endpoint, idp_id, id_token_file. There is
// no region key. How the text is read is `readIni` below: the way the Python SDK's configparser reads it.
import * as os from 'node:os';
import * as path from 'node:path';
import { credentialProblem, type Credentials } from '../client/credentials';
import { checkEndpoint } from '../client/regions';
import { capWarnings, looksLikeKey, PROJECT_ID } from './profile';
import type { Profile, SourceResult, SourceWarning } from './profile';
import { readSourceFile } from './sourceFile';

export const CREDENTIALS_FILE_VARIABLE = 'HUAWEICLOUD_SDK_CREDENTIALS_FILE';

/** The file the SDKs would read, and whether the environment named it. */
export function credentialsFilePath(env: NodeJS.ProcessEnv, home = os.homedir()): { file: string; named: boolean } {
  const named = env[CREDENTIALS_FILE_VARIABLE]?.trim();
  return named ? { file: path.resolve(named), named: true } : { file: path.join(home, '.huaweicloud', 'credentials'), named: false };
}

/** Reads the file; a missing default file is no problem, a missing named one is. Never throws. */
export async function readCredentialsFile(env: NodeJS.ProcessEnv, home = os.homedir()): Promise<SourceResult> {
  const { file, named } = credentialsFilePath(env, home);
  const read = await readSourceFile(file);
  if ('missing' in read) {
    const listed = [{ file, ids: [] }];
    return named ? { profiles: [], warnings: [{ file, problem: `the file does not exist (named by ${CREDENTIALS_FILE_VARIABLE}).` }], listed } : { profiles: [], warnings: [], listed };
  }
  return 'problem' in read ? { profiles: [], warnings: [{ file, problem: read.problem }] } : parseCredentialsFile(file, read.text);
}

interface Section {
  name: string;
  line: number;
  /** Each key (lower case), with its value and the line it is on. */
  keys: Map<string, { value: string; line: number }>;
}

/**
 * Section names we take as profiles: a credential type, then lower-case letters, digits, `_`, `.` or
 * `-`. The SDKs lower-case the type they are given before looking for its section, so a section with
 * an upper-case letter is never theirs.
 */
const PROFILE_SECTION = /^(basic|global)[a-z0-9_.-]{0,58}$/;
const KNOWN_KEYS = new Set(['ak', 'sk', 'security_token', 'project_id', 'domain_id', 'iam_endpoint', 'idp_id', 'id_token_file']);

/** Profiles from the text of a credentials file; `file` names it in warnings, which never quote the file. */
export function parseCredentialsFile(file: string, text: string): SourceResult {
  const warnings: SourceWarning[] = [];
  const profiles: Profile[] = [];
  const { sections, defaults } = readIni(file, text, warnings);
  for (const section of sections) {
    const warn = (problem: string, line = section.line) => warnings.push({ file, profile: section.name, line, problem });
    // configparser gives every section the keys of [DEFAULT] that it does not set itself.
    const entry = (key: string) => section.keys.get(key) ?? defaults.keys.get(key);
    const get = (key: string) => entry(key)?.value || undefined;
    const lineOf = (key: string) => entry(key)?.line ?? section.line;
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
  return { profiles, warnings: capWarnings(warnings), listed: [{ file, ids: sections.map((s) => `credentialsFile:${s.name}`) }] };
}

/** Whitespace as Python's str.strip() and `\s` know it (JavaScript's trim() differs: it strips U+FEFF, keeps U+001C-U+001F and U+0085). */
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');
const PY_INDENT = new RegExp(`^[${PY_SPACE}]*`);
const pyStrip = (text: string) => text.replace(PY_STRIP, '');

/**
 * The sections of the INI text, read as Huawei's Python SDK reads the file (`configparser` with its
 * defaults, huaweicloud-sdk-python-v3 core/auth/provider.py), with the line of each key for warnings:
 * - lines end at CR LF, LF or a lone CR (Python's universal newlines);
 * - `key = value` or `key: value`; keys are case-insensitive; values are trimmed and otherwise
 *   literal: a `;` or `#` after a value is part of it (no inline comments; Go's INI reader, by default,
 *   cuts the value there, so the SDKs differ and we follow Python's), and backslashes, quotes and `%`
 *   stay as written (Python would read `%%` as `%`; Huawei's keys hold none);
 * - a line indented deeper than its key continues the value on a new line; a blank line inside a
 *   value is kept in it, a comment line is not;
 * - only a whole line starting with `#` or `;` is a comment;
 * - a section header is a line that starts with `[` and has a `]` later: the name is everything
 *   between the `[` and the last `]`, spaces included, and the rest of the line is ignored
 *   (configparser's `\[(?P<header>.+)\]`, matched at the start): `[basic] ; prod` is `basic`,
 *   `[ basic ]` is ` basic `, which no SDK reads;
 * - `[DEFAULT]` is no section: its keys serve every section that does not set them;
 * - whitespace is Python's (`PY_SPACE`);
 * - a leading UTF-8 BOM is skipped (Windows editors write one; Go's INI reader skips it, where
 *   Python's would refuse the whole file).
 * No INI package on npm reads this way (`ini` cuts values at `;` or `#` and undoes backslash
 * escapes), and the warnings need each key's line, so the reading is here. Where configparser would
 * refuse the whole file (lines before the first section, a line that is not `key = value`, a
 * duplicate), this warns and keeps every other profile; lines before the first section are one warning.
 * Warnings name the file, the line and, for a section taken as a profile, its name: never a value,
 * an unknown key or a section name that is not a profile's.
 */
function readIni(file: string, text: string, warnings: SourceWarning[]): { sections: Section[]; defaults: Section } {
  const defaults: Section = { name: 'DEFAULT', line: 0, keys: new Map() };
  const sections = new Map<string, Section>();
  /** The section the lines belong to; undefined before the first one, null in a section that is skipped. */
  let current: Section | null | undefined;
  /** The key a deeper-indented line continues (`target` undefined in a skipped section). */
  let open: { value: string[]; indent: number; key: string; target?: Section } | undefined;
  const close = () => {
    if (open?.target) {
      open.target.keys.get(open.key)!.value = pyStrip(open.value.join('\n'));
    }
    open = undefined;
  };
  text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = pyStrip(raw);
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      if (trimmed === '' && open) {
        open.value.push(''); // a blank line inside a value is part of it; a comment line is not
      }
      return;
    }
    const indent = PY_INDENT.exec(raw)![0].length;
    if (open && indent > open.indent) {
      open.value.push(trimmed);
      return;
    }
    close();
    const header = /^\[(.+)\]/s.exec(trimmed);
    if (header) {
      const name = header[1];
      current = null;
      if (name === 'DEFAULT') {
        current = defaults;
      } else if (!PROFILE_SECTION.test(name)) {
        warnings.push({ file, line, problem: 'the section name is not a credential type (basic or global, or a name starting with one of them, of lower-case letters, digits, "_", "." or "-"); skipped.' });
      } else if (looksLikeKey(name)) {
        warnings.push({ file, line, problem: 'the section name looks like a key; skipped. Give the section a shorter name.' });
      } else {
        if (sections.has(name)) {
          warnings.push({ file, profile: name, line, problem: 'the section appears twice; its keys are merged, the later value wins.' });
        }
        current = sections.get(name) ?? { name, line, keys: new Map() };
        sections.set(name, current);
      }
      return;
    }
    if (current === undefined) {
      // configparser refuses the whole file here; one warning says it, the sections below still count.
      warnings.push({ file, line, problem: trimmed.startsWith('[')
        ? 'the section header is not closed with "]"; the lines up to the next section are ignored.'
        : 'the file does not start with a section header such as [basic]; the lines up to the first section are ignored.' });
      current = null;
      return;
    }
    const delimiter = trimmed.search(/[=:]/);
    const key = delimiter > 0 ? pyStrip(trimmed.slice(0, delimiter)).toLowerCase() : '';
    if (current === null) {
      if (key) {
        open = { value: [], indent, key };
      }
      return;
    }
    if (trimmed.startsWith('[')) {
      warnings.push({ file, line, problem: 'the section header is not closed with "]"; the lines up to the next section are ignored.' });
      current = null;
      return;
    }
    if (!key) {
      warnings.push({ file, profile: current === defaults ? undefined : current.name, line, problem: 'the line is not "key = value"; ignored.' });
      return;
    }
    if (current.keys.has(key) && KNOWN_KEYS.has(key)) {
      warnings.push({ file, profile: current === defaults ? undefined : current.name, line, problem: `the key "${key}" appears twice in the section; the later value wins.` });
    }
    current.keys.set(key, { value: '', line });
    open = { value: [trimmed.slice(delimiter + 1)], indent, key, target: current };
  });
  close();
  return { sections: [...sections.values()], defaults };
}
