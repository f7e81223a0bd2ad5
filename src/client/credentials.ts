// The four ways to authenticate to MetaStudio, their format checks, and the environment as a source.
import { createHash } from 'node:crypto';
import { inputError } from './errors';

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

/** One check per field, so a form can say what is wrong as the user types. */
export const FIELD_PROBLEMS = {
  ak: (v: string) => (AK.test(v) ? undefined : 'The AK should be 12 to 64 letters and digits (Huawei Cloud AKs are 20 characters, like QTWAOYTTINDUT2QVKYUC).'),
  sk: (v: string) => (SK.test(v) ? undefined : 'The SK should be 16 to 128 characters without spaces (Huawei Cloud SKs are 40 characters).'),
  securityToken: (v: string) => (TOKEN.test(v) ? undefined : 'The security token is empty or contains spaces.'),
  token: (v: string) => (TOKEN.test(v) ? undefined : 'The IAM token is too short or contains spaces; paste the whole X-Subject-Token value.'),
  domainName: (v: string) => (NAME.test(v) ? undefined : 'The account (domain) name is empty or contains spaces.'),
  userName: (v: string) => (NAME.test(v) ? undefined : 'The IAM user name is empty or contains spaces.'),
  password: (v: string) => (v.length > 0 ? undefined : 'The password is empty.'),
} satisfies Record<string, (value: string) => string | undefined>;

const REQUIRED: Record<CredentialKind, Array<keyof typeof FIELD_PROBLEMS>> = {
  aksk: ['ak', 'sk'],
  temporary: ['ak', 'sk', 'securityToken'],
  token: ['token'],
  password: ['domainName', 'userName', 'password'],
};

/** Why these credentials cannot be right, in a sentence, or undefined when they look fine. */
export function credentialProblem(credentials: Credentials): string | undefined {
  const fields = REQUIRED[credentials?.kind];
  if (!fields) {
    return 'Unknown kind of credentials.';
  }
  for (const name of fields) {
    const value = (credentials as Record<string, unknown>)[name];
    const problem = typeof value === 'string' ? FIELD_PROBLEMS[name](value) : `The ${name} is missing.`;
    if (problem) {
      return problem;
    }
  }
  return undefined;
}

export function checkCredentials(credentials: Credentials): Credentials {
  const problem = credentialProblem(credentials);
  if (problem) {
    throw inputError('refused-here', { problem });
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
export function appUserIdProblem(value: string): string | undefined {
  if (/[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]/u.test(value)) {
    return 'X-App-UserId may not contain Chinese characters.';
  }
  if (!/^[\x21-\x7e]{1,64}$/.test(value)) {
    return 'X-App-UserId should be 1 to 64 printable ASCII characters without spaces.';
  }
  return undefined;
}
