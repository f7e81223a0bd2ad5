// The two IAM calls the client needs: a token for a user name and password, and a project id by region.
import type { IssuedToken } from './auth';
import { failure } from './errors';
import { header, type Authorizer, type Transport } from './transport';

export interface PasswordLogin {
  domainName: string;
  userName: string;
  password: string;
}

/** The token is scoped to the region's project, as MetaStudio is a regional service. */
export async function createToken(transport: Transport, iamOrigin: string, login: PasswordLogin, region: string, signal?: AbortSignal): Promise<IssuedToken & { projectId?: string }> {
  const answer = await transport.send({
    operation: 'IAM token',
    method: 'POST',
    origin: iamOrigin,
    segments: ['v3', 'auth', 'tokens'],
    query: { nocatalog: 'true' },
    body: {
      auth: {
        identity: { methods: ['password'], password: { user: { domain: { name: login.domainName }, name: login.userName, password: login.password } } },
        scope: { project: { name: region } },
      },
    },
    headers: { 'Content-Type': 'application/json;charset=utf8' },
    idempotent: true,
    signal,
  });
  const token = header(answer.headers, 'x-subject-token');
  const body = parseJson<{ token?: { expires_at?: string; project?: { id?: string } } }>('IAM token', answer.text);
  const expiresAt = Date.parse(body.token?.expires_at ?? '');
  if (!token || Number.isNaN(expiresAt)) {
    throw failure('iam-no-token', {}, { kind: 'http', operation: 'IAM token', status: answer.status, requestId: answer.requestId });
  }
  return { token, expiresAt, projectId: body.token?.project?.id };
}

/**
 * `headers`: `X-Domain-Id` when the account's domain id is known (`[global]` credentials), as the SDKs'
 * GlobalCredentials send it with AK/SK on IAM, a global service.
 */
export async function lookupProjectId(transport: Transport, iamOrigin: string, region: string, authorizer: Authorizer, signal?: AbortSignal, headers?: Record<string, string>): Promise<string> {
  const answer = await transport.send({
    operation: 'IAM project lookup',
    headers,
    method: 'GET',
    origin: iamOrigin,
    segments: ['v3', 'projects'],
    query: { name: region },
    idempotent: true,
    authorizer,
    signal,
  });
  const body = parseJson<{ projects?: Array<{ id?: string; name?: string }> }>('IAM project lookup', answer.text);
  const project = body.projects?.find((p) => p.name === region) ?? body.projects?.[0];
  if (!project?.id) {
    throw failure('iam-no-project', { region }, { kind: 'http', operation: 'IAM project lookup', requestId: answer.requestId });
  }
  return project.id;
}

/**
 * The region of a project. IAM names each project after its region (`cn-north-4`), a subproject
 * after its region and its own name (`cn-north-4_test`): the region is the part before `_`.
 * GET /v3/projects/{project_id} (IAM API, "Querying Project Details"). Returns e.g. `cn-north-4`.
 * `headers` as for `lookupProjectId`.
 */
export async function lookupProjectRegion(transport: Transport, iamOrigin: string, projectId: string, authorizer: Authorizer, signal?: AbortSignal, headers?: Record<string, string>): Promise<string> {
  const answer = await transport.send({
    operation: 'IAM project details',
    headers,
    method: 'GET',
    origin: iamOrigin,
    segments: ['v3', 'projects', projectId],
    idempotent: true,
    authorizer,
    signal,
  });
  const body = parseJson<{ project?: { name?: string } }>('IAM project details', answer.text);
  const region = body.project?.name?.split('_')[0];
  if (!region || !/^[a-z]{2}(-[a-z0-9]+){1,3}$/.test(region)) {
    throw failure('iam-no-region', { projectId }, { kind: 'http', operation: 'IAM project details', requestId: answer.requestId });
  }
  return region;
}

export function parseJson<T>(operation: string, text: string): T {
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object') {
      return value as T;
    }
  } catch {
    // falls through to the error below
  }
  throw failure('answer-not-json', { operation, bytes: text.length }, { kind: 'http', operation });
}
