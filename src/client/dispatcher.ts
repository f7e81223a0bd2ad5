// The undici dispatcher for every request: keep-alive, connect timeout, and the proxy the user set.
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';

export interface ProxySettings {
  /** `http://host:port`; empty means the HTTP(S)_PROXY environment variables, if any. */
  proxy?: string;
  /** Hosts that bypass the proxy (VS Code's http.noProxy). */
  noProxy?: readonly string[];
  /** False accepts any TLS certificate (http.proxyStrictSSL off, for TLS-inspecting proxies). */
  strictSSL?: boolean;
  connectTimeoutMs?: number;
}

export function createDispatcher(settings: ProxySettings = {}): Dispatcher {
  const tls = settings.strictSSL === false ? { rejectUnauthorized: false } : undefined;
  const common = { keepAliveTimeout: 30_000, connect: { timeout: settings.connectTimeoutMs ?? 10_000, ...tls } };
  const proxy = settings.proxy?.trim();
  const env = process.env;
  if (!proxy && !env.HTTPS_PROXY && !env.https_proxy && !env.HTTP_PROXY && !env.http_proxy) {
    return new Agent(common);
  }
  return new EnvHttpProxyAgent({
    ...common,
    httpProxy: proxy || undefined,
    httpsProxy: proxy || undefined,
    noProxy: settings.noProxy?.length ? [...settings.noProxy].join(',') : undefined,
    requestTls: tls,
    proxyTls: tls,
  });
}
