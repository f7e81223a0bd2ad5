// Reliability under faults and bad input: a large batch against a misbehaving emulator, 1,000
// generated bad inputs at the client, and 600 generated broken server answers.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetaStudioClient, MetaStudioError, type ClientEvent, type Credentials, type MetaStudioClientOptions } from '../../src/client';
import { DEMO_ACCOUNT, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';
import { pick, prng, text } from '../support/random';

const AKSK: Credentials = { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk };

/** A sentence a person can read: no leaked code words, ends like a sentence, not a wall of text. */
function assertSentence(error: unknown, context: string): void {
  assert.ok(error instanceof MetaStudioError, `${context}: ${String(error)} is a MetaStudioError`);
  assert.match(error.message, /[.)]$/, `${context}: "${error.message}" ends like a sentence`);
  assert.doesNotMatch(error.message, /undefined|\[object |TypeError|at .+\.js:\d+/, `${context}: "${error.message}"`);
  assert.ok(error.message.length < 700, `${context}: message of ${error.message.length} characters`);
}

describe('reliability', function () {
  this.timeout(120_000);
  let unhandled: unknown[];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
  });

  describe('500 confirms against a failing server', () => {
    let emulator: Emulator;
    before(async () => {
      emulator = await startEmulator({ seed: 'none', randomSeed: 7 });
    });
    after(() => emulator.close());

    it('confirms every file once or reports it failed and still pending; nothing lost, nothing doubled', async () => {
      const files = emulator.seedBulk({ assets: 500, filesPerAsset: 1, uploaded: true });
      emulator.setFaults({ error500: 0.2, reset: 0.1, error429: 0.1, lostResponse: 0.05, latencyMs: 1500, latencyRate: 0.05 });
      const events: ClientEvent[] = [];
      const client = new MetaStudioClient({
        endpoint: emulator.url, iamEndpoint: emulator.url, region: 'cn-north-4', projectId: DEMO_PROJECT_ID, credentials: AKSK,
        rateLimitPerSecond: 0, timeouts: { headersMs: 1000 }, retry: { retries: 5, baseDelayMs: 2, maxDelayMs: 20 }, onEvent: (e) => events.push(e),
      });
      const started = Date.now();
      const results = await client.confirmFileUploads(files.map((f) => ({ fileId: f.file_id, assetId: f.asset_id })), 'CREATED', { concurrency: 16 });
      const ms = Date.now() - started;
      emulator.setFaults({});
      await client.close();

      const state = new Map(emulator.state.files.map((f) => [f.file_id, f.state]));
      const failed = results.filter((r) => !r.ok);
      for (const r of results) {
        if (r.ok) {
          assert.equal(state.get(r.item.fileId), 'CREATED', `${r.item.fileId} reported confirmed`);
        } else if (!/could not be checked: refresh to see/.test(r.error.message)) {
          assert.equal(state.get(r.item.fileId), 'CREATING', `${r.item.fileId} reported failed and still pending: ${r.error.message}`);
          assertSentence(r.error, r.item.fileId);
        } else {
          // The last attempt got no answer: the report says so, and the view's refresh will tell.
          assertSentence(r.error, r.item.fileId);
        }
      }
      assert.equal(results.length, 500, 'none lost');
      for (const f of files) {
        const states = new Set(emulator.state.confirms.filter((c) => c.file_id === f.file_id && c.status === 200).map((c) => c.state));
        assert.ok(states.size <= 1, `${f.file_id} confirmed in ${[...states]}`);
      }
      assert.equal(emulator.counters.unauthorized, 0, 'no 401, so no lockout');
      const attempts = events.filter((e) => e.type === 'call').length;
      const retried = events.filter((e) => e.type === 'call' && e.outcome === 'retry').length;
      const unknown = failed.filter((r) => !r.ok && /could not be checked: refresh to see/.test(r.error.message)).length;
      console.log(`      reliability: 500 confirms, ${attempts} attempts (${retried} retried), ${500 - failed.length} CREATED, ${failed.length - unknown} reported failed and still pending, ${unknown} reported as unanswered, 0 lost, 0 doubled, ${ms} ms`);
    });
  });

  describe('1,000 generated bad inputs at the client', () => {
    let emulator: Emulator;
    before(async () => {
      emulator = await startEmulator({ seed: 'demo' });
    });
    after(() => emulator.close());

    it('answers each with a clear MetaStudioError and never sends a request it should not', async () => {
      const random = prng(4242);
      const nasty = [...'abcXYZ019-_', '/', '\\', '.', '%', '2', 'F', '?', '#', ' ', '\t', '\n', '\u0000', '中', '文', 'é', '😀', '"', "'", '<', '>', '&', '=', '+', ':', '@'];
      const good: MetaStudioClientOptions = { endpoint: emulator.url, iamEndpoint: emulator.url, region: 'cn-north-4', projectId: DEMO_PROJECT_ID, credentials: AKSK, rateLimitPerSecond: 0, retry: { retries: 0 } };
      const client = new MetaStudioClient(good);
      const requests = () => Object.values(emulator.counters.requests).reduce((a, b) => a + b, 0);
      const kinds = new Map<string, number>();
      for (let i = 0; i < 1000; i++) {
        const kind = pick(random, ['fileId', 'pathId', 'state', 'endpoint', 'projectId', 'ak', 'sk', 'appUserId', 'token', 'assetId']);
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        const base = pick(random, [
          '', ' ', 'x'.repeat(65 + Math.floor(random() * 200)), '../' + text(random, nasty, 0, 8), '..', '.', '%2F' + text(random, nasty, 1, 6),
          text(random, nasty, 1, 30), '用户' + text(random, nasty, 0, 5), 'a/b', 'a\\b', '\u0000', 'null', 'https://evil.example/x',
        ]);
        // Made certainly bad: a string of only id characters would be a valid id.
        const junk = /^[A-Za-z0-9_-]*$/.test(base) && base.length > 0 && base.length <= 64 ? base + '/' : base;
        const before = requests();
        const attempt = async () => {
          switch (kind) {
            case 'fileId':
              return client.confirmFileUpload(junk, 'CREATED');
            case 'assetId':
              return client.showAsset(junk);
            case 'pathId':
              return client.deleteFile(junk);
            case 'state':
              return client.confirmFileUpload('f11e0000-0000-4000-8000-000000000011', junk as never);
            case 'endpoint':
              return new MetaStudioClient({ ...good, endpoint: pick(random, [junk, 'http://metastudio.example.com', 'ftp://127.0.0.1', `${emulator.url}/v1`, 'https://user:pw@example.com']) });
            case 'projectId':
              return new MetaStudioClient({ ...good, projectId: junk });
            case 'ak':
              return new MetaStudioClient({ ...good, credentials: { kind: 'aksk', ak: junk, sk: DEMO_ACCOUNT.sk } });
            case 'sk':
              return new MetaStudioClient({ ...good, credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: junk.slice(0, 15) } });
            case 'token':
              return new MetaStudioClient({ ...good, credentials: { kind: 'token', token: junk.length > 15 ? junk + ' x' : junk } });
            default:
              return new MetaStudioClient({ ...good, appUserId: '用户' + junk });
          }
        };
        try {
          const made = await attempt();
          if (made instanceof MetaStudioClient) {
            await made.close();
          }
          assert.fail(`#${i} ${kind} ${JSON.stringify(junk)} was accepted`);
        } catch (error) {
          if (error instanceof assert.AssertionError) {
            throw error;
          }
          assertSentence(error, `#${i} ${kind} ${JSON.stringify(junk)}`);
          assert.equal((error as MetaStudioError).kind, 'input', `#${i} ${kind} ${JSON.stringify(junk)}: ${(error as Error).message}`);
        }
        assert.equal(requests(), before, `#${i} ${kind} ${JSON.stringify(junk)} sent nothing`);
      }
      await client.close();
      assert.equal([...kinds.values()].reduce((a, b) => a + b, 0), 1000);
    });
  });

  describe('600 generated broken answers from the server', () => {
    let server: Server;
    let url: string;
    let next: () => { status: number; headers: Record<string, string>; body?: Buffer; cut?: boolean };

    before(async () => {
      server = createServer((req, res) => {
        req.resume();
        const answer = next();
        res.writeHead(answer.status, { ...answer.headers, ...(answer.cut && answer.body ? { 'Content-Length': String(answer.body.length * 2) } : {}) });
        if (answer.cut) {
          res.write(answer.body ?? Buffer.alloc(1));
          res.socket?.destroy();
          return;
        }
        res.end(answer.body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise((resolve) => server.close(resolve)));

    it('turns every one into a result or a clear MetaStudioError, reading no more than it should', async () => {
      const random = prng(99);
      const bodies: Array<() => Buffer> = [
        () => Buffer.alloc(0),
        () => Buffer.from('<html><body>502 Bad Gateway</body></html>'),
        () => Buffer.from('{"error_code":"MSS.0000'),
        () => Buffer.from(JSON.stringify({ error_code: 'MSS.10001004', error_msg: 'The file not found' })),
        () => Buffer.from(JSON.stringify({ error: { code: 500, message: 'IAM trouble' } })),
        () => Buffer.from('[]'),
        () => Buffer.from('null'),
        () => Buffer.from('42'),
        () => Buffer.from('{"count":"many","assets":{}}'),
        () => Buffer.from('{"count":1,"assets":[{"asset_id":7},null,"x"]}'),
        () => Buffer.from('{"file_id":null,"upload_url":5}'),
        () => Buffer.from(JSON.stringify({ error_code: 'x'.repeat(5000), error_msg: 'y'.repeat(100_000) })),
        () => Buffer.from(Array.from({ length: 64 }, () => Math.floor(random() * 256))),
        () => Buffer.alloc(3 * 1024 * 1024, 'z'),
        () => Buffer.from('\uFFFD\u0000{"error_msg":"\u202Eevil"}'),
      ];
      const client = new MetaStudioClient({ endpoint: url, iamEndpoint: url, region: 'cn-north-4', projectId: DEMO_PROJECT_ID, credentials: AKSK, rateLimitPerSecond: 0, retry: { retries: 0 } });
      const outcomes = { resolved: 0, rejected: 0 };
      const rssBefore = process.memoryUsage().rss;
      for (let i = 0; i < 600; i++) {
        const body = pick(random, bodies)();
        next = () => ({
          status: pick(random, [200, 200, 201, 204, 400, 401, 403, 404, 413, 429, 500, 502, 503]),
          headers: { 'Content-Type': pick(random, ['application/json', 'text/html', 'application/octet-stream', 'application/json;charset=utf-8']), ...(random() < 0.1 ? { 'Retry-After': pick(random, ['0', 'soon', '-5']) } : {}) },
          body,
          cut: random() < 0.1,
        });
        const operation = pick(random, ['confirm', 'list', 'show', 'create']);
        try {
          if (operation === 'confirm') {
            await client.confirmFileUpload('f11e0000-0000-4000-8000-000000000011', 'CREATED');
          } else if (operation === 'list') {
            const page = await client.listAssets({ limit: 10 });
            assert.ok(Array.isArray(page.assets) && typeof page.count === 'number');
            page.assets.forEach((a) => assert.equal(typeof a.asset_id, 'string'));
          } else if (operation === 'show') {
            assert.equal(typeof (await client.showAsset('a55e7000-0000-4000-8000-000000000001')).asset_id, 'string');
          } else {
            const created = await client.createFile({ file_name: 'a.mp4', file_md5: 'XrY7u+Ae7tCTyyK7j1rNww==', file_size: 1, file_type: 'mp4', asset_id: 'a55e7000-0000-4000-8000-000000000001', asset_file_category: 'MAIN' });
            assert.equal(typeof created.file_id, 'string');
            assert.equal(typeof created.upload_url, 'string');
          }
          outcomes.resolved++;
        } catch (error) {
          if (error instanceof assert.AssertionError) {
            throw error;
          }
          assertSentence(error, `#${i} ${operation}`);
          outcomes.rejected++;
        }
      }
      await client.close();
      assert.equal(outcomes.resolved + outcomes.rejected, 600);
      assert.ok(process.memoryUsage().rss - rssBefore < 100 * 1024 * 1024, 'bounded memory');
    });
  });
});
