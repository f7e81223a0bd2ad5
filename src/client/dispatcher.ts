// The undici dispatcher for every request: keep-alive, connect timeout, and the proxy the user set.
// Loopback always goes direct: a proxy cannot reach this machine's own ports, whatever
// HTTP(S)_PROXY or http.proxy say.
import { isIP } from 'node:net';
import { Agent, Dispatcher, EnvHttpProxyAgent } from 'undici';
import { inputError } from './errors';

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
  const http = proxyFor('http', settings.proxy);
  const https = proxyFor('https', settings.proxy) ?? http; // as undici does: HTTP_PROXY alone serves both schemes
  if (!http && !https) {
    return new Agent(common);
  }
  const noProxy = settings.noProxy?.length ? [...settings.noProxy].join(',') : undefined;
  // One agent per proxy, so that each proxy gets only its own credentials (an HTTPS_PROXY password
  // never goes to the HTTP_PROXY), and the same URL for both schemes so undici reads no variable.
  const through = (proxy: Proxy) => new EnvHttpProxyAgent({
    ...common,
    httpProxy: proxy.url,
    httpsProxy: proxy.url,
    noProxy,
    requestTls: tls,
    proxyTls: tls,
    ...(proxy.token ? { token: proxy.token } : {}),
  });
  const direct = new Agent(common);
  const httpAgent = http ? through(http) : direct;
  return new ByOrigin(direct, httpAgent, https && https.url !== http?.url ? through(https) : httpAgent);
}

interface Proxy {
  url: string;
  token?: string;
}

/**
 * The proxy for origins of `scheme`: http.proxy when set (both schemes), else the environment's
 * variable (lower case first, as curl). Throws an input MetaStudioError naming the setting, never
 * its value, when it is not an http(s) URL or its user name or password is not valid percent-encoding.
 */
function proxyFor(scheme: 'http' | 'https', setting: string | undefined): Proxy | undefined {
  const env = process.env;
  const [source, url] = setting?.trim()
    ? ['http.proxy', setting.trim()]
    : [[`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`].find((name) => env[name]), undefined];
  const given = url ?? (source ? env[source] : undefined);
  if (!given || !source) {
    return undefined;
  }
  // As curl: a proxy without a scheme (HTTPS_PROXY=proxy.corp:3128, common in the environment) is http.
  const value = /^[a-z][a-z0-9+.-]*:\/\//i.test(given) ? given : `http://${given}`;
  // undici's own error for a URL it cannot parse quotes the URL, password included: say it here instead.
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw inputError('proxy-not-a-url', { source });
  }
  return { url: value, token: proxyAuthorization(value, source) };
}

/**
 * `Basic user:password` for a proxy URL with a user name. undici sends credentials only when both
 * are there; a user without a password (`http://alice@proxy:3128`) authenticates as that user.
 * `source` names where the URL came from (`http.proxy`, `HTTPS_PROXY`) in the error thrown when
 * the user or password is not valid percent-encoding (a bare `%`).
 */
export function proxyAuthorization(proxyUrl: string | undefined, source = 'http.proxy'): string | undefined {
  let url: URL;
  try {
    url = new URL(proxyUrl ?? '');
  } catch {
    return undefined;
  }
  if (!url.username) {
    return undefined;
  }
  try {
    return `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  } catch {
    throw inputError('proxy-bad-escape', { source });
  }
}

/** 127.0.0.0/8, ::1, IPv4-mapped 127.x (::ffff:127.0.0.1, however written) and localhost (with or without brackets or a trailing dot). */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return true;
  }
  if (isIP(host) === 4) {
    return host.startsWith('127.');
  }
  if (isIP(host) !== 6) {
    return false;
  }
  // The URL parser writes every IPv6 spelling one way: ::1, and ::ffff:7fxx:xxxx for ::ffff:127.x.x.x.
  const canonical = new URL(`http://[${host}]/`).hostname.slice(1, -1);
  return canonical === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(canonical);
}

/** Loopback direct; other origins to the agent of their scheme. */
class ByOrigin extends Dispatcher {
  private readonly all: Dispatcher[];

  constructor(private readonly direct: Dispatcher, private readonly http: Dispatcher, private readonly https: Dispatcher) {
    super();
    this.all = [...new Set([direct, http, https])];
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const origin = typeof options.origin === 'string' ? new URL(options.origin) : options.origin;
    const via = origin && isLoopback(origin.hostname) ? this.direct : origin?.protocol === 'https:' ? this.https : this.http;
    return via.dispatch(options, handler);
  }

  override async close(): Promise<void> {
    await Promise.all(this.all.map((d) => d.close()));
  }

  override async destroy(): Promise<void> {
    await Promise.all(this.all.map((d) => d.destroy()));
  }
}
