// The credentials file of Huawei Cloud's SDKs: `~/.huaweicloud/credentials`, or the file named by
// HUAWEICLOUD_SDK_CREDENTIALS_FILE. An INI file whose section names are credential types: the SDKs
// take `[basic]` (project-scoped) and `[global]`, and any section whose name starts with either,
// such as `[basic-prod]` (huaweicloud-sdk-python-v3 core/auth/provider.py, ProfileCredentialProvider).
// Keys: ak, sk, security_token, project_id, domain_id, iam_endpoint, idp_id, id_token_file. There is
// no region key. The `ini` package parses; the line index below only says where a problem is.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ini from 'ini';
import { credentialProblem, type Credentials } from '../client/credentials';
import { checkEndpoint } from '../client/regions';
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
  /** Line of each key, lower case. */
  keys: Map<string, number>;
}

/** Profiles from the text of a credentials file; `file` names it in warnings. */
export function parseCredentialsFile(file: string, text: string): SourceResult {
  const warnings: SourceWarning[] = [];
  const { sections, clean } = indexLines(file, text, warnings);
  const parsed = ini.parse(clean) as Record<string, unknown>;
  const profiles: Profile[] = [];
  for (const section of sections) {
    const warn = (problem: string, line = section.line) => warnings.push({ file, profile: section.name, line, problem });
    if (!/^(basic|global)/.test(section.name)) {
      warn('the section name is not a credential type (basic or global, or a name starting with one of them); skipped.');
      continue;
    }
    // Keys are case-insensitive, as in the SDKs' INI readers.
    const values = new Map(Object.entries(sectionValues(parsed, section.name)).map(([k, v]) => [k.toLowerCase(), v]));
    const get = (key: string) => {
      const value = values.get(key);
      return (typeof value === 'string' ? value.trim() : undefined) || undefined;
    };
    const ak = get('ak');
    const sk = get('sk');
    if (!ak && !sk && (get('idp_id') || get('id_token_file'))) {
      warn('federated sign-in (idp_id, id_token_file) is not supported; use an AK/SK.', section.keys.get('idp_id') ?? section.keys.get('id_token_file'));
      continue;
    }
    if (!ak || !sk) {
      warn(`the key "${ak ? 'sk' : 'ak'}" is missing or empty.`, section.keys.get(ak ? 'sk' : 'ak') ?? section.line);
      continue;
    }
    const securityToken = get('security_token');
    const credentials: Credentials = securityToken ? { kind: 'temporary', ak, sk, securityToken } : { kind: 'aksk', ak, sk };
    const problem = credentialProblem(credentials);
    if (problem) {
      const key = problem.includes('security token') ? 'security_token' : problem.includes('The SK') ? 'sk' : 'ak';
      warn(problem, section.keys.get(key));
      continue;
    }
    let iamEndpoint = get('iam_endpoint');
    if (iamEndpoint) {
      try {
        iamEndpoint = checkEndpoint(iamEndpoint, 'iam_endpoint');
      } catch (error) {
        warn(`${(error as Error).message} Skipped.`, section.keys.get('iam_endpoint'));
        continue;
      }
    }
    profiles.push({
      id: `credentialsFile:${section.name}`,
      name: section.name,
      source: 'credentialsFile',
      origin: file,
      credentials,
      target: { projectId: get('project_id'), iamEndpoint },
    });
  }
  return { profiles, warnings };
}

/**
 * Where each section and key is, a warning for each line that is not a section, a key = value, a
 * comment or blank, and the text with those lines blanked (an unclosed header blanks its keys too),
 * so that `ini` never files a key under the wrong section. Only positions and key names are kept.
 */
function indexLines(file: string, text: string, warnings: SourceWarning[]): { sections: Section[]; clean: string } {
  const sections: Section[] = [];
  let current: Section | undefined;
  let broken = false;
  const kept = text.split(/\r?\n/).map((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      return raw;
    }
    const header = /^\[([^\]]*)\]$/.exec(trimmed);
    if (header) {
      const name = header[1].trim();
      if (sections.some((s) => s.name === name)) {
        warnings.push({ file, profile: name, line, problem: 'the section appears twice; its keys are merged, the later value wins.' });
      }
      current = { name, line, keys: new Map() };
      sections.push(current);
      broken = false;
      return raw;
    }
    if (trimmed.startsWith('[')) {
      warnings.push({ file, profile: /^\[([\w.-]*)/.exec(trimmed)?.[1], line, problem: 'the section header is not closed with "]"; the section is ignored.' });
      broken = true;
      return '';
    }
    const key = /^([A-Za-z0-9_.-]+)\s*=/.exec(trimmed)?.[1];
    if (broken) {
      return '';
    }
    if (!key) {
      warnings.push({ file, profile: current?.name, line, problem: 'the line is not "key = value"; ignored.' });
      return '';
    }
    if (!current) {
      warnings.push({ file, line, problem: `the key "${key}" is outside any section; ignored.` });
      return '';
    }
    current.keys.set(key.toLowerCase(), line);
    return raw;
  });
  // A section written twice is one profile, as in the SDKs' INI readers.
  const merged = sections.filter((s, i) => sections.findIndex((o) => o.name === s.name) === i).map((s) => ({
    ...s,
    keys: new Map(sections.filter((o) => o.name === s.name).flatMap((o) => [...o.keys])),
  }));
  return { sections: merged, clean: kept.join('\n') };
}

/** The values of one section; `ini` nests dotted section names (`[basic.prod]`), so walk them. */
function sectionValues(parsed: Record<string, unknown>, name: string): Record<string, unknown> {
  const direct = parsed[name];
  if (direct && typeof direct === 'object') {
    return direct as Record<string, unknown>;
  }
  let node: unknown = parsed;
  for (const part of name.split('.')) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  return node && typeof node === 'object' ? (node as Record<string, unknown>) : {};
}
