// VS Code's http.proxy, http.noProxy and the HTTP(S)_PROXY variables reach the undici dispatcher:
// calls go through the emulator's forward proxy, or around it; loopback always goes direct; a proxy
// that refuses the tunnel is named, with its status and what to fix, and not retried.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MetaStudioClient, MetaStudioError, type ClientEvent, type ProxySettings } from '../../src/client';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { request } from 'undici';
import { createDispatcher, isLoopback, proxyAuthorization } from '../../src/client/dispatcher';
import { DEMO_ACCOUNT, DEMO_IDS, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';

/** A name that is not loopback: only the proxy (which sends every host to the emulator) can reach it. */
const REMOTE_HOST = 'metastudio.emulator.test';

describe('proxy settings', () => {
  let emulator: Emulator;
  let events: ClientEvent[];
  /** Plain http is for loopback only: a remote endpoint is https (the proxy refuses or tunnels before TLS matters). */
  const client = (settings: ProxySettings, host = REMOTE_HOST, retries = 0) => new MetaStudioClient({
    endpoint: host === REMOTE_HOST ? `https://${host}:${emulator.port}` : emulator.url.replace('127.0.0.1', host), iamEndpoint: emulator.url, region: 'cn-north-4', projectId: DEMO_PROJECT_ID,
    credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk }, rateLimitPerSecond: 0, retry: { retries, baseDelayMs: 1, maxDelayMs: 2 }, proxy: settings,
    onEvent: (e) => events.push(e),
  });
  const fileState = (id: string) => emulator.state.files.find((f) => f.file_id === id)?.state;

  before(async () => {
    emulator = await startEmulator({ seed: 'demo' });
  });
  beforeEach(() => {
    emulator.reset('demo');
    events = [];
  });
  after(() => emulator.close());

  /** CreateFile on the emulator directly (loopback), then the OBS PUT to a remote-looking host: through the proxy. */
  async function putThrough(settings: ProxySettings): Promise<void> {
    const c = client(settings, '127.0.0.1');
    const bytes = Buffer.from('through the proxy');
    const md5 = createHash('md5').update(bytes).digest('base64');
    const dir = mkdtempSync(path.join(tmpdir(), 'ms-proxy-'));
    writeFileSync(path.join(dir, 'p.bin'), bytes);
    try {
      const asset = await c.createDigitalAsset({ asset_name: 'Proxied', asset_type: 'COMMON_FILE' });
      const created = await c.createFile({ file_name: 'p.bin', file_md5: md5, file_size: bytes.length, file_type: 'bin', asset_id: asset.asset_id, asset_file_category: 'MAIN' });
      await c.putFile({ uploadUrl: created.upload_url.replace('127.0.0.1', REMOTE_HOST), path: path.join(dir, 'p.bin'), size: bytes.length, md5, contentType: 'application/octet-stream', retries: 0 });
      assert.equal(emulator.state.files.find((f) => f.file_id === created.file_id)?.uploaded, true);
    } finally {
      await c.close();
    }
  }

  it('sends calls through http.proxy (and MetaStudio on loopback around it)', async () => {
    await putThrough({ proxy: emulator.proxyUrl });
    assert.equal(emulator.counters.proxied, 1, 'the PUT, not the CreateFile');
  });

  it('goes around the proxy for hosts in http.noProxy', async () => {
    const c = client({ proxy: emulator.proxyUrl, noProxy: [REMOTE_HOST] });
    // Direct, the made-up name is unknown to DNS: the error says so, and the proxy saw nothing.
    await assert.rejects(c.confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED'), (e: MetaStudioError) => /is not a host name DNS knows/.test(e.message));
    await c.close();
    assert.equal(emulator.counters.proxied + emulator.counters.proxyRefused, 0);
  });

  it('always goes direct to loopback (127.0.0.0/8, ::1, localhost), whatever http.proxy or HTTP_PROXY say', async () => {
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, HTTPS_PROXY: process.env.HTTPS_PROXY };
    process.env.HTTP_PROXY = process.env.HTTPS_PROXY = emulator.proxyUrl;
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        for (const settings of [{}, { proxy: 'http://127.0.0.1:9' }]) {
          const c = client(settings, host);
          await c.showAsset(DEMO_IDS.keynoteAsset);
          await c.close();
        }
      }
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) {
          delete process.env[key];
        } else {
          process.env[key] = value;
        }
      }
    }
    assert.equal(emulator.counters.proxied + emulator.counters.proxyRefused, 0);
    const mapped = new URL('http://[::ffff:127.0.0.1]:80/').hostname; // the URL parser writes it [::ffff:7f00:1]
    for (const host of ['127.0.0.1', '127.8.9.10', '[::1]', '::1', 'localhost', 'LOCALHOST.', 'api.localhost', '::ffff:127.0.0.1', mapped, '[::ffff:7f08:90a]', '0:0:0:0:0:ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) {
      assert.ok(isLoopback(host), host);
    }
    for (const host of ['128.0.0.1', '10.0.0.1', 'localhost.example.com', '::2', REMOTE_HOST, '[::ffff:a00:1]', '::ffff:128.0.0.1', '::127.0.0.1', 'fe80::1']) {
      assert.ok(!isLoopback(host), host);
    }
  });

  for (const status of [407, 403, 502]) {
    it(`names a proxy that answers ${status} to CONNECT, says what to fix, does not retry, and does not call it possibly applied`, async () => {
      emulator.setFaults({ proxyRefuse: status });
      const c = client({ proxy: emulator.proxyUrl }, REMOTE_HOST, 3);
      const error = await c.confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED', { assetId: DEMO_IDS.keynoteAsset }).then(() => undefined, (e: MetaStudioError) => e);
      await c.close();
      assert.ok(error instanceof MetaStudioError);
      assert.match(error.message, new RegExp(`^ConfirmFileUpload failed: the proxy refused the tunnel to ${REMOTE_HOST}:\\d+ \\(HTTP ${status} to CONNECT\\)\\. `));
      assert.match(error.message, status === 407 ? /http\.proxy \(http:\/\/user:password@host:port\), or add this host to http\.noProxy\.$/ : /Check http\.proxy, or add this host to http\.noProxy/);
      assert.doesNotMatch(error.message, /could not be checked|applied/);
      assert.equal(error.mayHaveApplied, false);
      assert.equal(emulator.counters.proxyRefused, 1, 'one CONNECT: not retried');
      assert.equal(fileState(DEMO_IDS.keynoteMain), 'CREATING');
    });
  }

  it('authenticates as the user of a proxy URL with a user name and no password', async () => {
    emulator.setFaults({ proxyAuth: 'alice:' });
    const proxy = emulator.proxyUrl.replace('http://', 'http://alice@');
    assert.equal(proxyAuthorization(proxy), `Basic ${Buffer.from('alice:').toString('base64')}`);
    assert.equal(proxyAuthorization(emulator.proxyUrl), undefined);
    await putThrough({ proxy });
    assert.deepEqual(emulator.counters.proxyUsers, { alice: 1 });
    assert.equal(emulator.counters.proxyRefused, 0);
  });

  describe('each proxy gets only its own credentials', () => {
    let saved: Record<string, string | undefined>;
    let seen: Array<{ proxy: string; authorization: string }>;
    let servers: Server[];
    /** A proxy that notes what Proxy-Authorization it got, then refuses (CONNECT or a plain request). */
    const listeningProxy = async (name: string) => {
      const server = createServer((req, res) => {
        seen.push({ proxy: name, authorization: req.headers['proxy-authorization'] ?? '' });
        res.writeHead(403).end();
      });
      server.on('connect', (req: IncomingMessage, socket: Duplex) => {
        seen.push({ proxy: name, authorization: req.headers['proxy-authorization'] ?? '' });
        socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      return `127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    const basic = (userPassword: string) => `Basic ${Buffer.from(userPassword).toString('base64')}`;
    beforeEach(() => {
      saved = Object.fromEntries(['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'NO_PROXY', 'no_proxy'].map((k) => [k, process.env[k]]));
      for (const key of Object.keys(saved)) {
        delete process.env[key];
      }
      seen = [];
      servers = [];
    });
    afterEach(() => {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) {
          delete process.env[key];
        } else {
          process.env[key] = value;
        }
      }
      servers.forEach((s) => s.close());
    });

    it('sends the HTTPS_PROXY user to that proxy only, and the HTTP_PROXY user to its own', async () => {
      process.env.HTTPS_PROXY = `http://secure:s3cret@${await listeningProxy('https')}`;
      process.env.HTTP_PROXY = `http://${await listeningProxy('http')}`;
      const dispatcher = createDispatcher({});
      await assert.rejects(request(`http://${REMOTE_HOST}/plain`, { dispatcher }));
      await assert.rejects(request(`https://${REMOTE_HOST}/tls`, { dispatcher }));
      process.env.HTTP_PROXY = `plain:p4ss@${process.env.HTTP_PROXY.slice('http://'.length)}`; // no scheme: http, as curl
      process.env.HTTPS_PROXY = process.env.HTTPS_PROXY.replace('secure:s3cret@', '');
      const swapped = createDispatcher({});
      await assert.rejects(request(`http://${REMOTE_HOST}/plain`, { dispatcher: swapped }));
      await assert.rejects(request(`https://${REMOTE_HOST}/tls`, { dispatcher: swapped }));
      await Promise.all([dispatcher.close(), swapped.close()]);
      assert.deepEqual(seen, [
        { proxy: 'http', authorization: '' },
        { proxy: 'https', authorization: basic('secure:s3cret') },
        { proxy: 'http', authorization: basic('plain:p4ss') },
        { proxy: 'https', authorization: '' },
      ]);
    });

    it('refuses a proxy password with a bare % or #, or a proxy that is not an http(s) URL, in one sentence naming the setting, never the password', () => {
      for (const [settings, env, source] of [[{ proxy: 'http://alice:50%off@proxy.test:3128' }, undefined, 'http.proxy'], [{}, 'http://alice:50%off@proxy.test:3128', 'HTTPS_PROXY']] as const) {
        if (env) {
          process.env.HTTPS_PROXY = env;
        }
        assert.throws(() => createDispatcher(settings), (e: MetaStudioError) => {
          assert.equal(e.kind, 'input');
          assert.equal(e.message, `The proxy user or password in ${source} is not valid in a URL: write each % in it as %25 (and @ as %40, : as %3A).`);
          assert.doesNotMatch(e.message, /50%off|alice/);
          return true;
        });
      }
      assert.equal(proxyAuthorization('http://alice:50%25off@proxy.test:3128'), basic('alice:50%off'));
      for (const proxy of ['http://alice:p#ss@proxy.test:3128', 'socks5://alice:s3cret@proxy.test:1080', 'http://alice:s3cret@[proxy']) {
        assert.throws(() => createDispatcher({ proxy }), (e: MetaStudioError) => {
          assert.equal(e.kind, 'input');
          assert.equal(e.message, 'The proxy in http.proxy is not a URL of the form http://[user:password@]host:port: check it, and write # in a user or password as %23 (and % as %25, @ as %40).');
          return true;
        });
      }
    });
  });

  it('says the proxy is the trouble when it cannot be reached', async () => {
    const c = client({ proxy: 'http://127.0.0.1:9' });
    await assert.rejects(c.confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED'), (e: MetaStudioError) => e.kind === 'network' && /proxy settings \(http\.proxy\)/.test(e.message));
    await c.close();
  });
});
