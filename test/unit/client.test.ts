// The client against the emulator over real loopback HTTP. The emulator checks every signature
// with the official SDK's signer, so each passing call is also an interop check.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MetaStudioClient, MetaStudioError, fileMd5, putFile, type ClientEvent, type Credentials, type MetaStudioClientOptions } from '../../src/client';
import { DEMO_ACCOUNT, DEMO_IDS, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';

const AKSK: Credentials = { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk };
const PASSWORD: Credentials = { kind: 'password', domainName: DEMO_ACCOUNT.domainName, userName: DEMO_ACCOUNT.userName, password: DEMO_ACCOUNT.password };
const SECRETS = [DEMO_ACCOUNT.sk, DEMO_ACCOUNT.password, DEMO_ACCOUNT.temporary!.sk, DEMO_ACCOUNT.temporary!.securityToken];

describe('client against the emulator', function () {
  let emulator: Emulator;
  let events: ClientEvent[];
  const clients: MetaStudioClient[] = [];

  function client(options: Partial<MetaStudioClientOptions> = {}): MetaStudioClient {
    const made = new MetaStudioClient({
      endpoint: emulator.url,
      iamEndpoint: emulator.url,
      region: 'cn-north-4',
      projectId: DEMO_PROJECT_ID,
      credentials: AKSK,
      rateLimitPerSecond: 0,
      retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20 },
      onEvent: (e) => events.push(e),
      ...options,
    });
    clients.push(made);
    return made;
  }

  const fileState = (fileId: string) => emulator.state.files.find((f) => f.file_id === fileId)?.state;
  const calls = (operation: string) => events.filter((e) => e.type === 'call' && e.operation === operation);

  before(async () => {
    emulator = await startEmulator({ seed: 'demo' });
  });
  beforeEach(() => {
    emulator.reset('demo');
    events = [];
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    // Nothing the client reported may carry a secret.
    const text = JSON.stringify(events);
    for (const secret of SECRETS) {
      assert.ok(!text.includes(secret), 'a secret reached the events');
    }
  });
  after(() => emulator.close());

  it('lists every pending file across pages', async () => {
    const assets = await client().listAllAssets({ asset_state: ['CREATING'] });
    const pending = assets.flatMap((a) => a.files ?? []).filter((f) => f.state === 'CREATING').map((f) => f.file_id);
    assert.ok(pending.includes(DEMO_IDS.keynoteMain));
    assert.ok(!assets.some((a) => a.asset_id === DEMO_IDS.logoAsset), 'the active asset is not listed');
    const list = calls('ListAssets')[0];
    assert.equal(list.type === 'call' && list.status, 200);
    assert.match(list.type === 'call' ? (list.requestId ?? '') : '', /^[0-9a-f]{32}$/);
  });

  it('confirms an uploaded file CREATED, sending exactly {"state":"CREATED"}', async () => {
    const receipt = await client().confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED');
    assert.match(receipt.requestId ?? '', /^[0-9a-f]{32}$/);
    assert.equal(fileState(DEMO_IDS.keynoteMain), 'CREATED');
    assert.deepEqual(emulator.state.confirms.map((c) => [c.file_id, c.state, c.status]), [[DEMO_IDS.keynoteMain, 'CREATED', 200]]);
  });

  it('confirms many files with one result each, one failure stopping nothing', async () => {
    const targets = [DEMO_IDS.keynoteMain, 'f11e0000-0000-4000-8000-00000000dead', DEMO_IDS.backdropMain].map((fileId) => ({ fileId }));
    const results = await client().confirmFileUploads(targets, 'CANCELLED', { concurrency: 2 });
    assert.deepEqual(results.map((r) => r.ok), [true, false, true]);
    const failure = results[1];
    assert.ok(!failure.ok);
    assert.equal(failure.error.errorCode, 'MSS.10001004');
    assert.match(failure.error.message, /The file not found.*X-Request-Id [0-9a-f]{32}/);
    assert.equal(fileState(DEMO_IDS.backdropMain), 'CANCELLED');
  });

  it('treats a file already in the requested state as confirmed, and refuses another state', async () => {
    const c = client();
    await c.confirmFileUpload(DEMO_IDS.keynoteMain, 'FAILED');
    const again = await c.confirmFileUpload(DEMO_IDS.keynoteMain, 'FAILED', { assetId: DEMO_IDS.keynoteAsset });
    assert.equal(again.alreadyInState, true);
    await assert.rejects(c.confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED', { assetId: DEMO_IDS.keynoteAsset }), (e: MetaStudioError) => e.errorCode === 'MSS.00000003');
    assert.equal(fileState(DEMO_IDS.keynoteMain), 'FAILED');
  });

  it('refuses a malformed file id before sending anything', async () => {
    const before = Object.values(emulator.counters.requests).reduce((a, b) => a + b, 0);
    for (const bad of ['../digital-assets', 'a%2Fb', '', 'x/y']) {
      await assert.rejects(client().confirmFileUpload(bad, 'CREATED'), (e: MetaStudioError) => e.kind === 'input');
    }
    assert.equal(Object.values(emulator.counters.requests).reduce((a, b) => a + b, 0), before);
  });

  it('uploads a whole file: create asset, create file, PUT, confirm; the asset becomes active', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ms-client-'));
    const file = path.join(dir, 'intro.mp4');
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 'metastudio');
    writeFileSync(file, bytes);
    const md5 = await fileMd5(file);
    assert.equal(md5, createHash('md5').update(bytes).digest('base64'));

    const c = client();
    const asset = await c.createDigitalAsset({ asset_name: 'Intro video', asset_type: 'VIDEO' });
    const created = await c.createFile({ file_name: 'intro.mp4', file_md5: md5, file_size: bytes.length, file_type: 'mp4', asset_id: asset.asset_id, asset_file_category: 'MAIN' });
    let progress = 0;
    await putFile({ uploadUrl: created.upload_url, path: file, size: bytes.length, md5, contentType: 'video/mp4', onProgress: (n) => (progress = n) });
    assert.equal(progress, bytes.length);
    await c.confirmFileUpload(created.file_id, 'CREATED');
    const shown = await c.showAsset(asset.asset_id);
    assert.equal(shown.asset_state, 'ACTIVED');
    assert.equal(shown.files?.[0].state, 'CREATED');
  });

  it('explains an OBS refusal: wrong Content-Type, and an expired upload URL', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ms-client-'));
    const file = path.join(dir, 'a.png');
    writeFileSync(file, 'png bytes');
    const md5 = await fileMd5(file);
    const c = client();
    const asset = await c.createDigitalAsset({ asset_name: 'Logo', asset_type: 'IMAGE' });
    const created = await c.createFile({ file_name: 'a.png', file_md5: md5, file_size: 9, file_type: 'png', asset_id: asset.asset_id, asset_file_category: 'MAIN' });
    await assert.rejects(putFile({ uploadUrl: created.upload_url, path: file, size: 9, md5, contentType: 'application/octet-stream' }), (e: MetaStudioError) => e.errorCode === 'SignatureDoesNotMatch' && /Content-Type or Content-MD5/.test(e.message) && !e.message.includes('Signature=') );
    emulator.setClockOffset(25 * 3600_000);
    await assert.rejects(putFile({ uploadUrl: created.upload_url, path: file, size: 9, md5, contentType: 'image/png' }), (e: MetaStudioError) => e.errorCode === 'AccessDenied' && /expired/.test(e.message));
  });

  it('gives up at once on a bad SK: one attempt, no lockout', async () => {
    const bad = client({ credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: 'WrongSecretKeyWrongSecretKeyWrongSecret0' } });
    await assert.rejects(bad.confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED'), (e: MetaStudioError) => e.kind === 'auth' && e.errorCode === 'APIGW.0301' && /check the AK and SK/.test(e.message));
    assert.equal(emulator.counters.unauthorized, 1);
    assert.equal(fileState(DEMO_IDS.keynoteMain), 'CREATING');
  });

  it('says the AK is locked after five bad signatures', async () => {
    const bad = client({ credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: 'WrongSecretKeyWrongSecretKeyWrongSecret0' } });
    for (let i = 0; i < 5; i++) {
      await assert.rejects(bad.confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED'));
    }
    await assert.rejects(client().confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED'), /locked for 5 minutes/);
  });

  it('signs with temporary AK/SK and a security token', async () => {
    const t = DEMO_ACCOUNT.temporary!;
    await client({ credentials: { kind: 'temporary', ak: t.ak, sk: t.sk, securityToken: t.securityToken } }).confirmFileUpload(DEMO_IDS.backdropMain, 'CANCELLED');
    assert.equal(fileState(DEMO_IDS.backdropMain), 'CANCELLED');
  });

  it('exchanges a password for a token once, shared by concurrent calls, and renews it when refused', async () => {
    const c = client({ credentials: PASSWORD, projectId: undefined });
    await Promise.all([c.listAssets(), c.listAssets(), c.showAsset(DEMO_IDS.keynoteAsset)]);
    assert.equal(calls('IAM token').length, 1);
    assert.equal(calls('IAM project lookup').length, 1);
    emulator.setClockOffset(25 * 3600_000); // the token has expired on the server
    await c.confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED');
    assert.equal(calls('IAM token').length, 2);
    assert.equal(fileState(DEMO_IDS.keynoteMain), 'CREATED');
  });

  it('sends a static IAM token as X-Auth-Token', async () => {
    const { createToken } = await import('../../src/client/iam');
    const issued = await createToken(client().transport, emulator.url, PASSWORD as never, 'cn-north-4');
    await client({ credentials: { kind: 'token', token: issued.token } }).confirmFileUpload(DEMO_IDS.jingleMain, 'FAILED');
    assert.equal(fileState(DEMO_IDS.jingleMain), 'FAILED');
    assert.ok(!JSON.stringify(events).includes(issued.token));
  });

  it('corrects a clock more than 15 minutes off, once, and says so', async () => {
    emulator.setClockOffset(40 * 60_000);
    const c = client();
    await c.confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED');
    await c.confirmFileUpload(DEMO_IDS.jingleMain, 'CREATED');
    assert.equal(emulator.counters.unauthorized, 1);
    const notices = events.filter((e) => e.type === 'notice');
    assert.equal(notices.length, 1);
    assert.match(notices[0].type === 'notice' ? notices[0].message : '', /40 minutes behind/);
  });

  it('retries server errors, throttling and resets, and ends with every file confirmed once', async () => {
    emulator.setFaults({ error500: 0.15, error503: 0.1, error429: 0.1, reset: 0.1, lostResponse: 0.1 });
    const pending = emulator.state.files.filter((f) => f.state === 'CREATING');
    const results = await client({ retry: { retries: 8, baseDelayMs: 1, maxDelayMs: 5 } }).confirmFileUploads(
      pending.map((f) => ({ fileId: f.file_id, assetId: f.asset_id })),
      'CANCELLED',
      { concurrency: 4 },
    );
    emulator.setFaults({});
    assert.deepEqual(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.message), []);
    for (const f of pending) {
      assert.equal(fileState(f.file_id), 'CANCELLED');
      const states = new Set(emulator.state.confirms.filter((c) => c.file_id === f.file_id && c.status === 200).map((c) => c.state));
      assert.deepEqual([...states], ['CANCELLED']);
    }
    assert.ok(events.some((e) => e.type === 'call' && e.outcome === 'retry'), 'faults were met and retried');
  });

  it('keeps under the gateway\'s rate limit: no 429 at all', async () => {
    emulator.setRateLimit(5);
    const pending = emulator.state.files.filter((f) => f.state === 'CREATING').slice(0, 6);
    const targets = [...pending, ...pending].map((f) => ({ fileId: f.file_id }));
    await client({ rateLimitPerSecond: 5 }).confirmFileUploads(targets, 'CANCELLED', { concurrency: 8 });
    assert.equal(emulator.counters.throttled, 0);
  });

  it('cancels: the call in flight is aborted and nothing new starts', async () => {
    emulator.setFaults({ latencyMs: 2000, latencyRate: 1 });
    const controller = new AbortController();
    const pending = emulator.state.files.filter((f) => f.state === 'CREATING').map((f) => ({ fileId: f.file_id }));
    const batch = client().confirmFileUploads(pending, 'CREATED', { concurrency: 1, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const results = await batch;
    assert.ok(results.every((r) => !r.ok && r.error.kind === 'cancelled'));
    assert.equal(emulator.state.confirms.length <= 1, true);
  });

  it('times out a slow answer with a sentence that says so', async () => {
    emulator.setFaults({ latencyMs: 1500, latencyRate: 1 });
    await assert.rejects(
      client({ timeouts: { headersMs: 200 }, retry: { retries: 0 } }).confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED'),
      (e: MetaStudioError) => e.kind === 'timeout' && /did not answer within/.test(e.message),
    );
  });

  for (const kind of ['html', 'empty', 'truncated', 'huge'] as const) {
    it(`gives a clear error for a broken answer (${kind})`, async () => {
      emulator.setFaults({ badBody: 1, badBodyKind: kind });
      const started = process.memoryUsage().rss;
      await assert.rejects(client({ retry: { retries: 0 } }).confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED'), (e: MetaStudioError) => {
        assert.match(e.message, /^ConfirmFileUpload failed: /);
        assert.ok(e.status === undefined || e.status >= 500, String(e.status));
        return true;
      });
      assert.ok(process.memoryUsage().rss - started < 40 * 1024 * 1024, 'the huge body was not read whole');
    });
  }

  it('looks the project id up from IAM by region', async () => {
    const c = client({ projectId: undefined });
    assert.equal(await c.projectId(), DEMO_PROJECT_ID);
  });
});
