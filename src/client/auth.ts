// Authorizers: how each kind of credentials turns into request headers.
import type { Credentials } from './credentials';
import { sign } from './signer';
import type { Authorizer } from './transport';

export interface IssuedToken {
  token: string;
  expiresAt: number;
}

/** Renew a token this long before IAM says it expires. */
const TOKEN_MARGIN_MS = 5 * 60_000;

/**
 * `issueToken` exchanges a user name and password for a token (IAM); it is called at most once at
 * a time, and again only when the token is close to expiry or was rejected.
 */
export function authorizerFor(credentials: Credentials, issueToken: (signal?: AbortSignal) => Promise<IssuedToken>, now: () => number = Date.now): Authorizer {
  switch (credentials.kind) {
    case 'aksk':
      return { headers: async (request, time) => sign(request, credentials, time).headers };
    case 'temporary':
      return {
        headers: async (request, time) => {
          const withToken = { ...request, headers: { ...request.headers, 'X-Security-Token': credentials.securityToken } };
          return { 'X-Security-Token': credentials.securityToken, ...sign(withToken, credentials, time).headers };
        },
      };
    case 'token':
      return { headers: async () => ({ 'X-Auth-Token': credentials.token }) };
    case 'password':
      return new TokenCache(issueToken, now);
  }
}

class TokenCache implements Authorizer {
  private current?: IssuedToken;
  private pending?: Promise<IssuedToken>;

  constructor(
    private readonly issue: (signal?: AbortSignal) => Promise<IssuedToken>,
    private readonly now: () => number,
  ) {}

  async headers(_request: unknown, _time: Date, signal?: AbortSignal): Promise<Record<string, string>> {
    const token = this.current && this.current.expiresAt - TOKEN_MARGIN_MS > this.now() ? this.current : await this.refresh(signal);
    return { 'X-Auth-Token': token.token };
  }

  async renew(signal?: AbortSignal): Promise<boolean> {
    this.current = undefined;
    await this.refresh(signal);
    return true;
  }

  private refresh(signal?: AbortSignal): Promise<IssuedToken> {
    this.pending ??= this.issue(signal)
      .then((token) => (this.current = token))
      .finally(() => (this.pending = undefined));
    return this.pending;
  }
}
