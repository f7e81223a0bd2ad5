// IAM on the same port: password login for a project-scoped token, and the project lookup.
import { createHash } from 'node:crypto';
import { ApiError, header, isJsonType } from './http';
import type { Gateway } from './auth';
import type { Call, Reply, Route } from './router';
import type { EmulatorAccount } from './types';

/** IAM writes its errors in its own shape, not MetaStudio's. */
function iamError(code: number, title: string, message: string): ApiError {
  return new ApiError(code, { error: { code, message, title } });
}

const badRequest = (message: string): ApiError => iamError(400, 'Bad Request', message);

/** IAM times carry microseconds: 2024-01-02T03:04:05.123000Z */
function iamTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

function stableId(...parts: string[]): string {
  return createHash('md5').update(parts.join('/')).digest('hex');
}

function domainOf(account: EmulatorAccount): { id: string; name: string } {
  return { id: stableId(account.domainName), name: account.domainName };
}

type Json = Record<string, unknown>;

/** Follows a path of keys through parsed JSON, undefined when any step is missing. */
function at(value: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Json)[k] : undefined), value);
}

export class Iam {
  constructor(
    private readonly accounts: readonly EmulatorAccount[],
    private readonly gateway: Gateway,
  ) {}

  routes(): Route[] {
    return [
      { method: 'POST', path: '/v3/auth/tokens', service: 'iam', anonymous: true, handle: (c) => this.createToken(c) },
      { method: 'GET', path: '/v3/projects', service: 'iam', handle: (c) => this.listProjects(c) },
      { method: 'GET', path: '/v3/projects/:project_id', service: 'iam', handle: (c) => this.showProject(c) },
    ];
  }

  private createToken(call: Call): Reply {
    if (!isJsonType(header(call.req, 'content-type'))) {
      throw badRequest('Content-Type must be application/json');
    }
    let body: unknown;
    try {
      body = JSON.parse(call.body.toString('utf8'));
    } catch {
      throw badRequest('The request body is not valid JSON.');
    }
    const methods = at(body, 'auth', 'identity', 'methods');
    const user = at(body, 'auth', 'identity', 'password', 'user');
    if (!Array.isArray(methods) || !methods.includes('password') || typeof at(user, 'name') !== 'string') {
      throw badRequest('auth.identity must use the password method with a user.');
    }
    const account = this.accounts.find(
      (a) => a.domainName === at(user, 'domain', 'name') && a.userName === at(user, 'name') && a.password === at(user, 'password'),
    );
    if (!account) {
      throw iamError(401, 'Unauthorized', 'The username or password is wrong.');
    }
    const scope = at(body, 'auth', 'scope', 'project');
    if (scope === undefined) {
      throw badRequest('This emulator issues project-scoped tokens only: set auth.scope.project.');
    }
    if (at(scope, 'id') !== account.projectId && at(scope, 'name') !== account.region) {
      throw badRequest('The project in auth.scope does not exist.');
    }
    const issued = this.gateway.issueToken(account, account.projectId);
    const domain = domainOf(account);
    const token = {
      expires_at: iamTime(issued.expiresAt),
      issued_at: iamTime(issued.issuedAt),
      methods: ['password'],
      project: { id: account.projectId, name: account.region, domain },
      user: { id: stableId(account.domainName, account.userName), name: account.userName, domain, password_expires_at: '' },
      roles: [{ id: '0', name: 'te_admin' }],
      ...(call.query.nocatalog === 'true' ? {} : { catalog: [] }),
    };
    return { status: 201, body: { token }, headers: { 'X-Subject-Token': issued.token } };
  }

  /**
   * `X-Domain-Id`, when sent (the SDKs' GlobalCredentials send it with AK/SK), must be the domain of
   * the credentials, else 403. Our reading: the IAM docs do not say what a wrong one gets.
   */
  private checkDomain(call: Call, account: EmulatorAccount): void {
    const sent = header(call.req, 'x-domain-id');
    if (sent !== undefined && sent.trim() !== domainOf(account).id) {
      throw iamError(403, 'Forbidden', 'The X-Domain-Id is not the domain of the credentials.');
    }
  }

  /** Only the caller's own project; another's is "not found", as IAM answers. */
  private showProject(call: Call): Reply {
    const account = call.principal!.account;
    this.checkDomain(call, account);
    if (call.params.project_id !== account.projectId) {
      throw iamError(404, 'Not Found', 'Could not find project.');
    }
    const domainId = domainOf(account).id;
    return { status: 200, body: { project: { id: account.projectId, name: account.region, domain_id: domainId, parent_id: domainId, enabled: true, is_domain: false, description: '' } } };
  }

  private listProjects(call: Call): Reply {
    const account = call.principal!.account;
    this.checkDomain(call, account);
    const name = call.query.name;
    const projects = [account]
      .filter((a) => name === undefined || a.region === name)
      .map((a) => {
        const domainId = domainOf(a).id;
        return { id: a.projectId, name: a.region, domain_id: domainId, parent_id: domainId, enabled: true, is_domain: false, description: '' };
      });
    return { status: 200, body: { projects } };
  }
}
