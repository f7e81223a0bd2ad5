// The undici dispatcher for every request: keep-alive, connect timeout, and the proxy the user set.
// Loopback always goes direct: a proxy cannot reach this machine's own ports, whatever
// HTTP(S)_PROXY or http.proxy say.
import { isIP } from 'node:net';
import { Agent, Dispatcher, EnvHttpProxyAgent } from 'undici';

export interface ProxySettings {
  /** `http://[user[:password]@]host:port`; empty means the HTTP(S)_PROXY environment variables, if any. */
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
  const env = process.env;
  const proxy = settings.proxy?.trim() || undefined;
  const httpsProxy = proxy ?? env.https_proxy ?? env.HTTPS_PROXY;
  const httpProxy = proxy ?? env.http_proxy ?? env.HTTP_PROXY;
  if (!httpsProxy && !httpProxy) {
    return new Agent(common);
  }
  const token = proxyAuthorization(httpsProxy ?? httpProxy);
  const proxied = new EnvHttpProxyAgent({
    ...common,
    httpProxy,
    httpsProxy,
    noProxy: settings.noProxy?.length ? [...settings.noProxy].join(',') : undefined,
    requestTls: tls,
    proxyTls: tls,
    ...(token ? { token } : {}),
  });
  return new LoopbackDirect(new Agent(common), proxied);
}

/**
 * `Basic user:password` for a proxy URL with a user name. undici sends credentials only when both
 * are there; a user without a password (`http://alice@proxy:3128`) authenticates as that user.
 */
export function proxyAuthorization(proxyUrl: string | undefined): string | undefined {
  let url: URL;
  try {
    url = new URL(proxyUrl ?? '');
  } catch {
    return undefined;
  }
  if (!url.username) {
    return undefined;
  }
  return `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
}

/** 127.0.0.0/8, ::1, ::ffff:127.x and localhost (with or without brackets or a trailing dot). */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return true;
  }
  if (isIP(host) === 4) {
    return host.startsWith('127.');
  }
  return host === '::1' || /^::ffff:127\./.test(host) || /^(0:){5}ffff:7f/.test(host) || /^(0{1,4}:){7}0{0,3}1$/.test(host);
}

class LoopbackDirect extends Dispatcher {
  constructor(private readonly direct: Dispatcher, private readonly proxied: Dispatcher) {
    super();
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const origin = typeof options.origin === 'string' ? new URL(options.origin) : options.origin;
    return (origin && isLoopback(origin.hostname) ? this.direct : this.proxied).dispatch(options, handler);
  }

  override async close(): Promise<void> {
    await Promise.all([this.direct.close(), this.proxied.close()]);
  }

  override async destroy(): Promise<void> {
    await Promise.all([this.direct.destroy(), this.proxied.destroy()]);
  }
}
