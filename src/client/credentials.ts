// The four ways to authenticate to MetaStudio, their format checks, and the environment as a source.
import { createHash } from 'node:crypto';
import { englishOf, inputError, type ErrorSentence, type Reason } from './errors';

export type Credentials =
  | { kind: 'aksk'; ak: string; sk: string }
  | { kind: 'temporary'; ak: string; sk: string; securityToken: string }
  | { kind: 'token'; token: string }
  | { kind: 'password'; domainName: string; userName: string; password: string };

export type CredentialKind = Credentials['kind'];

export const CREDENTIAL_LABELS: Record<CredentialKind, string> = {
  aksk: 'AK/SK',
  temporary: 'Temporary AK/SK with security token',
  token: 'IAM token',
  password: 'IAM user name and password',
};

const AK = /^[A-Za-z0-9]{12,64}$/;
const SK = /^[\x21-\x7e]{16,128}$/;
const TOKEN = /^[\x21-\x7e]{16,}$/;
const NAME = /^[^\s\p{Cc}]{1,64}$/u;

/** One check per field, so a form can say what is wrong as the user types: the reason code of its sentence. */
export const FIELD_CHECKS = {
  ak: (v: string) => (AK.test(v) ? undefined : 'ak-shape'),
  sk: (v: string) => (SK.test(v) ? undefined : 'sk-shape'),
  securityToken: (v: string) => (TOKEN.test(v) ? undefined : 'security-token-shape'),
  token: (v: string) => (TOKEN.test(v) ? undefined : 'token-shape'),
  domainName: (v: string) => (NAME.test(v) ? undefined : 'domain-name-shape'),
  userName: (v: string) => (NAME.test(v) ? undefined : 'user-name-shape'),
  password: (v: string) => (v.length > 0 ? undefined : 'password-empty'),
} satisfies Record<string, (value: string) => Reason | undefined>;

/** The same checks, as English sentences. */
export const FIELD_PROBLEMS = Object.fromEntries(Object.entries(FIELD_CHECKS).map(([field, check]) => [field, (v: string) => englishOf(sentenceFor(check(v)))])) as Record<keyof typeof FIELD_CHECKS, (value: string) => string | undefined>;

function sentenceFor(reason: Reason | undefined): ErrorSentence | undefined {
  return reason && { reason, facts: {} };
}

const REQUIRED: Record<CredentialKind, Array<keyof typeof FIELD_PROBLEMS>> = {
  aksk: ['ak', 'sk'],
  temporary: ['ak', 'sk', 'securityToken'],
  token: ['token'],
  password: ['domainName', 'userName', 'password'],
};

/** Why these credentials cannot be right (a reason code and facts), or undefined when they look fine. */
export function credentialIssue(credentials: Credentials): ErrorSentence | undefined {
  const fields = REQUIRED[credentials?.kind];
  if (!fields) {
    return { reason: 'credentials-kind-unknown', facts: {} };
  }
  for (const name of fields) {
    const value = (credentials as Record<string, unknown>)[name];
    const issue = typeof value === 'string' ? sentenceFor(FIELD_CHECKS[name](value)) : { reason: 'credential-missing' as const, facts: { field: name } };
    if (issue) {
      return issue;
    }
  }
  return undefined;
}

/** `credentialIssue` as an English sentence. */
export function credentialProblem(credentials: Credentials): string | undefined {
  return englishOf(credentialIssue(credentials));
}

export function checkCredentials(credentials: Credentials): Credentials {
  const issue = credentialIssue(credentials);
  if (issue) {
    throw inputError(issue.reason, issue.facts);
  }
  return credentials;
}

/** Who these credentials are, without their secret: the AK, the IAM user, or a hash of the token. */
export function credentialIdentity(credentials: Credentials): string {
  switch (credentials.kind) {
    case 'aksk':
    case 'temporary':
      return 'ak:' + credentials.ak;
    case 'password':
      return 'user:' + credentials.domainName + '/' + credentials.userName;
    case 'token':
      return 'token:' + createHash('sha256').update(credentials.token).digest('hex').slice(0, 16);
  }
}

/**
 * One tenant as MetaStudio counts it, as a key for what belongs to it (rate budgets, the kept
 * listing): a hash of the endpoint, region, project id (when configured) and `credentialIdentity`,
 * 32 hex characters, safe as a file name and holding no secret.
 */
export function tenantKey(endpoint: string, region: string, projectId: string | undefined, credentials: Credentials): string {
  return createHash('sha256').update([endpoint, region, projectId ?? '', credentialIdentity(credentials)].join('\n')).digest('hex').slice(0, 32);
}

/** The secret values in these credentials, for redaction. */
export function secretsOf(credentials: Credentials | undefined): string[] {
  switch (credentials?.kind) {
    case 'aksk':
      return [credentials.sk];
    case 'temporary':
      return [credentials.sk, credentials.securityToken];
    case 'token':
      return [credentials.token];
    case 'password':
      return [credentials.password];
    default:
      return [];
  }
}

/**
 * Credentials from the environment variables Huawei's official SDKs read:
 * HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and, for temporary keys, HUAWEICLOUD_SDK_SECURITY_TOKEN.
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  const ak = env.HUAWEICLOUD_SDK_AK?.trim();
  const sk = env.HUAWEICLOUD_SDK_SK?.trim();
  if (!ak || !sk) {
    return undefined;
  }
  const securityToken = env.HUAWEICLOUD_SDK_SECURITY_TOKEN?.trim();
  return securityToken ? { kind: 'temporary', ak, sk, securityToken } : { kind: 'aksk', ak, sk };
}

/** X-App-UserId: a third-party user id that, per the API, may not contain Chinese characters. */
export function appUserIdIssue(value: string): ErrorSentence | undefined {
  if (/[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]/u.test(value)) {
    return { reason: 'app-user-id-chinese', facts: {} };
  }
  return /^[\x21-\x7e]{1,64}$/.test(value) ? undefined : { reason: 'app-user-id-shape', facts: {} };
}

/** `appUserIdIssue` as an English sentence. */
export function appUserIdProblem(value: string): string | undefined {
  return englishOf(appUserIdIssue(value));
}
