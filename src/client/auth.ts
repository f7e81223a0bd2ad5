// Authorizers: how each kind of credentials turns into request headers.
import type { Credentials } from './credentials';
import { sign } from './signer';
import { waitFor } from './sleep';
import type { Authorizer } from './transport';

export interface IssuedToken {
  token: string;
  expiresAt: number;
}

/** Renew a token this long before IAM says it expires. */
const TOKEN_MARGIN_MS = 5 * 60_000;

/**
 * `issueToken` exchanges a user name and password for a token (IAM); it is called at most once at
 * a time, and again only when the token is close to expiry or was rejected. It gets no caller's
 * signal: the login is shared by every call waiting for it, and each stops waiting on its own.
 */
export function authorizerFor(credentials: Credentials, issueToken: () => Promise<IssuedToken>, now: () => number = Date.now): Authorizer {
  switch (credentials.kind) {
    case 'aksk':
      return { headers: (request, time) => sign(request, credentials, time).headers };
    case 'temporary':
      return {
        headers: (request, time) => {
          const withToken = { ...request, headers: { ...request.headers, 'X-Security-Token': credentials.securityToken } };
          return { 'X-Security-Token': credentials.securityToken, ...sign(withToken, credentials, time).headers };
        },
      };
    case 'token':
      return { headers: () => ({ 'X-Auth-Token': credentials.token }) };
    case 'password':
      return new TokenCache(issueToken, now);
  }
}

/**
 * One token at a time. A token rejected by MetaStudio is renewed once, however many calls saw it
 * rejected (a renewal for a token that is no longer the current one just uses the current one). A
 * password IAM refused is not sent again by this cache until the next user action (`retryRefused`):
 * the calls meanwhile fail with that refusal, without a login, so a changed password costs one login
 * per user action, not two per call, and does not walk into IAM's lockout.
 */
class TokenCache implements Authorizer {
  private current?: IssuedToken;
  private pending?: Promise<IssuedToken>;
  private refused?: unknown;

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    private readonly now: () => number,
  ) {}

  async headers(_request: unknown, _time: Date, signal?: AbortSignal): Promise<Record<string, string>> {
    const token = this.current && this.current.expiresAt - TOKEN_MARGIN_MS > this.now() ? this.current : await this.refresh(signal);
    return { 'X-Auth-Token': token.token };
  }

  async renew(sent: Record<string, string>, signal?: AbortSignal): Promise<boolean> {
    if (this.refused !== undefined) {
      return false;
    }
    if (this.current && sent['X-Auth-Token'] === this.current.token) {
      this.current = undefined;
    }
    await this.refresh(signal);
    return true;
  }

  retryRefused(): void {
    this.refused = undefined;
  }

  private refresh(signal?: AbortSignal): Promise<IssuedToken> {
    if (this.refused !== undefined) {
      return Promise.reject(this.refused);
    }
    if (this.current && this.current.expiresAt - TOKEN_MARGIN_MS > this.now()) {
      return Promise.resolve(this.current);
    }
    this.pending ??= this.issue()
      .then((token) => (this.current = token))
      .catch((error: unknown) => {
        if ((error as { kind?: string }).kind === 'auth') {
          this.refused = error;
        }
        throw error;
      })
      .finally(() => (this.pending = undefined));
    this.pending.catch(() => undefined); // a login every caller stopped waiting for still ends quietly
    return waitFor(this.pending, signal, 'IAM token');
  }
}
