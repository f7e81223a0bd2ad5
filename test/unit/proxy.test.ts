// VS Code's http.proxy, http.noProxy and http.proxyStrictSSL reach the undici dispatcher: calls go
// through a real forward proxy on loopback, or around it.
import * as assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { MetaStudioClient, MetaStudioError, type ProxySettings } from '../../src/client';
import { DEMO_ACCOUNT, DEMO_IDS, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';

/** A forward proxy that tunnels CONNECT and forwards absolute-form requests, counting both. */
async function startProxy(): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url!);
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  server.on('connect', (req, socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('proxy settings', () => {
  let emulator: Emulator;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  const client = (settings: ProxySettings) => new MetaStudioClient({
    endpoint: emulator.url.replace('127.0.0.1', 'localhost'), iamEndpoint: emulator.url, region: 'cn-north-4', projectId: DEMO_PROJECT_ID,
    credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk }, rateLimitPerSecond: 0, retry: { retries: 0 }, proxy: settings,
  });

  before(async () => {
    emulator = await startEmulator({ seed: 'demo' });
  });
  beforeEach(async () => {
    emulator.reset('demo');
    proxy = await startProxy();
  });
  afterEach(() => proxy.close());
  after(() => emulator.close());

  it('sends calls through http.proxy', async () => {
    const c = client({ proxy: proxy.url });
    await c.confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED');
    await c.close();
    assert.ok(proxy.seen.some((line) => line.includes('localhost')), proxy.seen.join(', '));
    assert.equal(emulator.state.files.find((f) => f.file_id === DEMO_IDS.keynoteMain)?.state, 'CREATED');
  });

  it('goes around the proxy for hosts in http.noProxy', async () => {
    const c = client({ proxy: proxy.url, noProxy: ['localhost'] });
    await c.confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED');
    await c.close();
    assert.deepEqual(proxy.seen, []);
  });

  it('says the proxy is the trouble when it cannot be reached', async () => {
    const url = proxy.url;
    await proxy.close();
    const c = client({ proxy: url });
    await assert.rejects(c.confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED'), (e: MetaStudioError) => e.kind === 'network' && /proxy settings \(http\.proxy\)/.test(e.message));
    await c.close();
    proxy = await startProxy();
  });
});
