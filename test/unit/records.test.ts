// Success only when MetaStudio said so, and no record dropped while its file may exist: answers that
// are not the gateway's (a proxy's page), CreateFile answers lost or 5xx, records of other projects,
// and the records folder made durable after each rename.
import * as assert from 'node:assert/strict';
import { promises as fsp, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MetaStudioClient, MetaStudioError } from '../../src/client';
import { isRefusal } from '../../src/client/errors';
import { ANSWER_SHAPES } from '../../src/client/answerShapes';
import { foreignAnswerError } from '../../src/client/failures';
import { CREATE_GRACE_MS, reconcileRecords } from '../../src/pending/reconcile';
import { belongsTo, FileRecordStore, MemoryUrlVault, type UploadRecord } from '../../src/pending/records';
import { Uploader } from '../../src/pending/upload';
import { DEMO_ACCOUNT, DEMO_IDS, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';

const PORTAL = '<html><body>Sign in to the hotel Wi-Fi</body></html>';

/**
 * A proxy on the way to the emulator. For requests `replace` picks, it answers a 200 sign-in page
 * instead of MetaStudio's answer: after forwarding (`forward`: the request took effect) or without;
 * or a 200 JSON body of its own with an X-Request-Id (`{ json, forward }`).
 */
type Replacement = 'forward' | 'block' | { json: string; forward: boolean } | undefined;
async function proxyTo(target: string, replace: (method: string, url: string) => Replacement): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const how = replace(req.method ?? '', req.url ?? '');
      const portal = () => {
        if (typeof how === 'object') {
          res.writeHead(200, { 'Content-Type': 'application/json', 'X-Request-Id': 'added-by-proxy' });
          return res.end(how.json);
        }
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(PORTAL);
      };
      if (how === 'block' || (typeof how === 'object' && !how.forward)) {
        return portal();
      }
      const t = new URL(target);
      const out = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          if (how === 'forward' || typeof how === 'object') {
            return portal();
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(body));
        });
      });
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('the truth of confirms and records', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let dir: string;
  let records: FileRecordStore;
  let urls: MemoryUrlVault;
  const clients: MetaStudioClient[] = [];
  const servers: Server[] = [];

  const client = (endpoint = emulator.url) => {
    const made = new MetaStudioClient({
      endpoint, iamEndpoint: emulator.url, region: 'cn-north-4', projectId: DEMO_PROJECT_ID, credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk },
      rateLimitPerSecond: 0, timeouts: { headersMs: 300 }, retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
    });
    clients.push(made);
    return made;
  };
  const proxied = async (replace: Parameters<typeof proxyTo>[1]) => {
    const proxy = await proxyTo(emulator.url, replace);
    servers.push(proxy.server);
    return client(proxy.url);
  };
  const fileState = (fileId: string) => emulator.state.files.find((f) => f.file_id === fileId)?.state;
  const isConfirm = (method: string, url: string) => method === 'POST' && url.includes('/complete');
  const isShow = (method: string, url: string) => method === 'GET' && /digital-assets\/[^/?]+$/.test(url);
  /** A record of x.png (1000 bytes, COVER) in the deck asset, its last attempt long ago. */
  const recordOf = (fields: Partial<UploadRecord>): UploadRecord => ({
    id: 'r', endpoint: emulator.url, projectId: DEMO_PROJECT_ID, localPath: path.join(dir, 'x.png'), fileName: 'x.png', fileType: 'png', contentType: 'image/png', size: 1000, mtimeMs: 0,
    md5: 'AAAAAAAAAAAAAAAAAAAAAA==', assetId: DEMO_IDS.deckAsset, assetName: 'deck', category: 'COVER', step: 'uploaded', createdAt: 0, updatedAt: 0, ...fields,
  });
  /** A refresh after CREATE_GRACE_MS: a CreateFile that got no answer is no longer on its way. */
  const afterGrace = { now: () => Date.now() + CREATE_GRACE_MS + 1 };
  const local = (name: string, bytes = 1000) => {
    const full = path.join(dir, name);
    writeFileSync(full, Buffer.alloc(bytes, name));
    return full;
  };

  before(async () => {
    emulator = await startEmulator({ seed: 'demo' });
  });
  beforeEach(() => {
    emulator.reset('demo');
    dir = mkdtempSync(path.join(tmpdir(), 'ms-truth-'));
    records = new FileRecordStore(path.join(dir, 'records'));
    urls = new MemoryUrlVault();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });
  after(() => emulator.close());

  describe('a 2xx that is not the gateway\'s answer is an unknown outcome', () => {
    it('tells the gateway\'s answers from others, by the shape of each call\'s answer', () => {
      const ok = { status: 200, contentType: 'application/json', truncated: false, bytes: 2, requestId: 'r-1' };
      assert.equal(foreignAnswerError('X', { ...ok, text: '' }, ANSWER_SHAPES.ConfirmFileUpload), undefined);
      assert.equal(foreignAnswerError('X', { ...ok, text: '{}' }, ANSWER_SHAPES.ConfirmFileUpload), undefined);
      assert.equal(foreignAnswerError('X', { ...ok, text: '{"file_id":"f","upload_url":"https://u"}' }, ANSWER_SHAPES.CreateFile), undefined);
      assert.equal(foreignAnswerError('X', { ...ok, text: '{"asset_id":"a","files":[]}' }, ANSWER_SHAPES.ShowAsset('a')), undefined);
      assert.equal(foreignAnswerError('X', { ...ok, text: '{"count":0,"assets":[]}' }, ANSWER_SHAPES.ListAssets), undefined);
      for (const [why, answer, shape] of [
        ['no request id', { ...ok, text: '{}', requestId: undefined }, ANSWER_SHAPES.ConfirmFileUpload],
        ['an HTML page', { ...ok, text: PORTAL, contentType: 'text/html' }, ANSWER_SHAPES.ConfirmFileUpload],
        ['JSON of another shape', { ...ok, text: '"welcome"' }, ANSWER_SHAPES.ConfirmFileUpload],
        ['an error body with 200', { ...ok, text: '{"error_code":"MSS.00000004","error_msg":"x"}' }, ANSWER_SHAPES.ConfirmFileUpload],
        ['a policy answer to a confirm', { ...ok, text: '{"code":"403","message":"blocked by policy"}' }, ANSWER_SHAPES.ConfirmFileUpload],
        ['[] to a confirm', { ...ok, text: '[]' }, ANSWER_SHAPES.ConfirmFileUpload],
        ['CreateFile without upload_url', { ...ok, text: '{"file_id":"f"}' }, ANSWER_SHAPES.CreateFile],
        ['ShowAsset without files', { ...ok, text: '{"asset_id":"a"}' }, ANSWER_SHAPES.ShowAsset('a')],
        ['ShowAsset of another asset', { ...ok, text: '{"asset_id":"b","files":[]}' }, ANSWER_SHAPES.ShowAsset('a')],
        ['ListAssets without count', { ...ok, text: '{"assets":[]}' }, ANSWER_SHAPES.ListAssets],
        ['[] to ListAssets', { ...ok, text: '[]' }, ANSWER_SHAPES.ListAssets],
      ] as const) {
        const error = foreignAnswerError('ConfirmFileUpload', answer, shape);
        assert.ok(error?.mayHaveApplied, why);
        assert.match(error.message, /is not MetaStudio's/, why);
        assert.ok(!isRefusal(error), why);
      }
    });

    it('a confirm answered by a proxy page after it took effect: checked with ShowAsset, reported done', async () => {
      const c = await proxied((m, u) => (isConfirm(m, u) ? 'forward' : undefined));
      const receipt = await c.confirmFileUpload(DEMO_IDS.jingleMain, 'CREATED', { assetId: DEMO_IDS.jingleAsset });
      assert.equal(receipt.alreadyInState, true, 'known done only from the file\'s state');
      assert.equal(fileState(DEMO_IDS.jingleMain), 'CREATED');
    });

    for (const [why, json] of [['a policy answer', '{"code":"403","message":"blocked by policy"}'], ['[]', '[]']] as const) {
      it(`a confirm answered with ${why} and an X-Request-Id added by a proxy: not counted as done, the file stays`, async () => {
        const c = await proxied((m, u) => (isConfirm(m, u) ? { json, forward: false } : undefined));
        await assert.rejects(c.confirmFileUpload(DEMO_IDS.jingleMain, 'CREATED', { assetId: DEMO_IDS.jingleAsset }), (e: MetaStudioError) => /is not MetaStudio's/.test(e.message));
        assert.equal(fileState(DEMO_IDS.jingleMain), 'CREATING');
      });
    }

    for (const [why, json] of [['without files', (id: string) => JSON.stringify({ asset_id: id })], ['of another asset', () => JSON.stringify({ asset_id: DEMO_IDS.jingleAsset, files: [] })]] as const) {
      it(`a ShowAsset answered ${why}: the record is kept`, async () => {
        const record = recordOf({ id: 'shown', fileId: 'f-show', assetId: DEMO_IDS.deckAsset });
        await records.save(record);
        const c = await proxied((m, u) => (isShow(m, u) ? { json: json(DEMO_IDS.deckAsset), forward: true } : undefined));
        assert.equal(await reconcileRecords(c, records, urls, [record], new Set(), afterGrace), 0);
        assert.deepEqual((await records.list()).map((r) => r.id), ['shown']);
      });
    }

    it('a confirm answered by a sign-in page that never reached MetaStudio: not reported done, the file stays', async () => {
      const c = await proxied((m, u) => (isConfirm(m, u) ? 'block' : undefined));
      await assert.rejects(c.confirmFileUpload(DEMO_IDS.jingleMain, 'CREATED', { assetId: DEMO_IDS.jingleAsset }), (e: MetaStudioError) => /is not MetaStudio's/.test(e.message));
      assert.equal(fileState(DEMO_IDS.jingleMain), 'CREATING');
    });

    it('a CreateFile answered by a proxy page: the record stays, and the next refresh gives it the file MetaStudio made', async () => {
      const c = await proxied(() => 'forward');
      const uploader = new Uploader(c, records, urls, { putRetries: 0 });
      const deck = await client().showAsset(DEMO_IDS.deckAsset);
      const cover = local('cover.png');
      await assert.rejects(uploader.upload(cover, { kind: 'existing', asset: deck, category: 'COVER' }), /is not MetaStudio's/);
      const [kept] = await records.list();
      assert.ok(kept, 'the record of a CreateFile answered by a proxy page stays');
      assert.equal(kept.fileId, undefined);
      assert.match(kept.lastError ?? '', /is not MetaStudio's/);
      const made = emulator.state.files.filter((f) => f.asset_id === DEMO_IDS.deckAsset && f.file_name === 'cover.png');
      assert.equal(made.length, 1, 'MetaStudio made the file all the same');

      // A refresh right after: the CreateFile may still be on its way, the record is left alone.
      assert.equal(await reconcileRecords(client(), records, urls, await records.list(), new Set()), 0);
      // The next refresh after the grace, with a clean network: the record gets the file MetaStudio made.
      await reconcileRecords(client(), records, urls, await records.list(), new Set(), afterGrace);
      const [adopted] = await records.list();
      assert.equal(adopted.fileId, made[0].file_id);
    });

    it('the confirm of an upload when every answer is a proxy page: the record and its upload URL stay', async () => {
      const c = await proxied(() => 'forward');
      const deck = await client().showAsset(DEMO_IDS.deckAsset);
      const bytes = local('cover.png');
      const { fileMd5 } = await import('../../src/client');
      const md5 = await fileMd5(bytes);
      const made = await client().createFile({ file_name: 'cover.png', file_md5: md5, file_size: 1000, file_type: 'png', asset_id: deck.asset_id, asset_file_category: 'COVER' });
      await client().putFile({ uploadUrl: made.upload_url, path: bytes, size: 1000, md5, contentType: 'image/png' });
      const record: UploadRecord = {
        id: 'r1', endpoint: c.endpoint, projectId: DEMO_PROJECT_ID, localPath: bytes, fileName: 'cover.png', fileType: 'png', contentType: 'image/png', size: 1000, mtimeMs: 0, md5,
        assetId: deck.asset_id, assetName: 'deck', category: 'COVER', fileId: made.file_id, urlExpiresAt: Date.now() + 3600_000, step: 'uploaded', createdAt: Date.now(), updatedAt: Date.now(),
      };
      await records.save(record);
      await urls.set(record.id, made.upload_url);
      await assert.rejects(new Uploader(c, records, urls).resume(record), /could not be checked/);
      assert.equal(fileState(made.file_id), 'CREATED', 'MetaStudio applied it');
      assert.equal((await records.list()).length, 1, 'but nobody could tell: the record stays');
      assert.equal(await urls.get(record.id), made.upload_url);
      // The next refresh over a clean network sees CREATED and drops the record.
      await reconcileRecords(client(), records, urls, await records.list(), new Set());
      assert.deepEqual(await records.list(), []);
      assert.equal(await urls.get(record.id), undefined);
    });
  });

  describe('a record is never dropped while its file may exist', () => {
    const existing = async (assetId: string, category: 'COVER' | 'MAIN') => ({ kind: 'existing' as const, asset: await client().showAsset(assetId), category });

    for (const [fault, applied] of [['lostResponse', true], ['replacedAnswer', true], ['error503', false], ['error500', false]] as const) {
      it(`CreateFile with ${fault}: the record stays; the refresh ${applied ? 'adopts the file MetaStudio made' : 'drops it, MetaStudio having no such file'}`, async () => {
        const target = await existing(DEMO_IDS.deckAsset, 'COVER');
        const uploader = new Uploader(client(), records, urls, { putRetries: 0 });
        emulator.setFaults({ [fault]: 1 });
        await assert.rejects(uploader.upload(local('cover.png'), target));
        emulator.setFaults({});
        const [kept] = await records.list();
        assert.ok(kept, 'kept while the outcome is unknown');
        assert.equal(kept.step, 'creating');
        const made = emulator.state.files.find((f) => f.asset_id === DEMO_IDS.deckAsset && f.file_name === 'cover.png');
        assert.equal(!!made, applied);

        const changed = await reconcileRecords(client(), records, urls, await records.list(), new Set(), afterGrace);
        assert.equal(changed, 1);
        const after = await records.list();
        if (applied) {
          assert.equal(after[0].fileId, made!.file_id);
          assert.equal(after[0].lastError, undefined);
          // Mark as Cancelled on the row: the file MetaStudio made is confirmed, then the record goes.
          await uploader.resolve(after[0], 'CANCELLED');
          assert.equal(fileState(made!.file_id), 'CANCELLED');
        }
        assert.deepEqual(await records.list(), []);
      });
    }

    for (const [fault, applied] of [['lostResponse', true], ['error503', false]] as const) {
      it(`CreateLargeFile with ${fault}: the record stays; the refresh ${applied ? 'adopts the file by name and size (a large file has no MD5)' : 'drops it'}`, async () => {
        const target = await existing(DEMO_IDS.deckAsset, 'COVER');
        const uploader = new Uploader(client(), records, urls, { putRetries: 0, largeFileBytes: 1000 });
        emulator.setFaults({ [fault]: 1 });
        await assert.rejects(uploader.upload(local('deck-notes.pdf', 5000), { ...target, category: 'OTHER' }));
        emulator.setFaults({});
        assert.equal((await records.list()).length, 1, 'kept while the outcome is unknown');
        const made = emulator.state.files.find((f) => f.file_name === 'deck-notes.pdf');
        assert.equal(!!made, applied);
        await reconcileRecords(client(), records, urls, await records.list(), new Set(), afterGrace);
        assert.deepEqual((await records.list()).map((r) => r.fileId), applied ? [made!.file_id] : []);
      });
    }

    it('a refusal by MetaStudio (4xx with its code) drops the record at once: nothing was created', async () => {
      const keynote = await client().showAsset(DEMO_IDS.keynoteAsset);
      const uploader = new Uploader(client(), records, urls, { putRetries: 0 });
      // The local check would refuse a second MAIN: hide the live one to let MetaStudio say it.
      await assert.rejects(uploader.upload(local('second.mp4'), { kind: 'existing', asset: { ...keynote, files: [] }, category: 'MAIN' }), (e: unknown) => isRefusal(e) && (e as MetaStudioError).errorCode === 'MSS.10001008');
      assert.deepEqual(await records.list(), []);
    });

    it('Mark as Cancelled on a record whose CreateFile got no answer confirms the file MetaStudio made', async () => {
      const target = await existing(DEMO_IDS.deckAsset, 'COVER');
      const uploader = new Uploader(client(), records, urls, { putRetries: 0 });
      emulator.setFaults({ lostResponse: 1 });
      await assert.rejects(uploader.upload(local('cover.png'), target));
      emulator.setFaults({});
      const [kept] = await records.list();
      const made = emulator.state.files.find((f) => f.file_name === 'cover.png')!;
      const result = await uploader.resolve(kept, 'CANCELLED');
      assert.equal(result.fileId, made.file_id);
      assert.equal(fileState(made.file_id), 'CANCELLED');
      assert.deepEqual(await records.list(), []);
    });

    it('Mark as Cancelled when MetaStudio cannot be asked keeps the record', async () => {
      const target = await existing(DEMO_IDS.deckAsset, 'COVER');
      const uploader = new Uploader(client(), records, urls, { putRetries: 0 });
      emulator.setFaults({ lostResponse: 1 });
      await assert.rejects(uploader.upload(local('cover.png'), target));
      emulator.setFaults({ error503: 1 });
      const [kept] = await records.list();
      await assert.rejects(uploader.resolve(kept, 'CANCELLED'));
      emulator.setFaults({});
      assert.equal((await records.list()).length, 1);
    });

    it('a young record without file id and without error may be a CreateFile on its way: left alone until the grace ends', async () => {
      const record: UploadRecord = {
        id: 'young', endpoint: emulator.url, projectId: DEMO_PROJECT_ID, localPath: local('x.png'), fileName: 'x.png', fileType: 'png', contentType: 'image/png', size: 1000, mtimeMs: 0,
        md5: 'AAAAAAAAAAAAAAAAAAAAAA==', assetId: DEMO_IDS.deckAsset, assetName: 'deck', category: 'COVER', step: 'creating', createdAt: Date.now(), updatedAt: Date.now(),
      };
      await records.save(record);
      assert.equal(await reconcileRecords(client(), records, urls, [record], new Set()), 0);
      assert.equal(await reconcileRecords(client(), records, urls, [record], new Set(), { now: () => Date.now() + CREATE_GRACE_MS + 1 }), 1);
      assert.deepEqual(await records.list(), []);
    });

    it('a CreateFile that timed out is given its grace from its last attempt: a refresh right after keeps the record', async () => {
      const attempt = Date.now();
      const record = recordOf({ id: 'timed-out', step: 'creating', updatedAt: attempt, lastError: 'CreateFile failed: 127.0.0.1 did not answer within 30 s (timed out).' });
      await records.save(record);
      assert.equal(await reconcileRecords(client(), records, urls, [record], new Set(), { now: () => attempt + 1000 }), 0);
      assert.equal((await records.list()).length, 1, 'the CreateFile may still arrive');
      assert.equal(await reconcileRecords(client(), records, urls, [record], new Set(), { now: () => attempt + 1000, graceMs: 0 }), 0, 'also when no window holds its lock');
      assert.equal(await reconcileRecords(client(), records, urls, [record], new Set(), { now: () => attempt + CREATE_GRACE_MS + 1 }), 1);
      assert.deepEqual(await records.list(), [], 'after the grace, MetaStudio having no such file, the record goes');
    });

    it('records of files in a frozen (BLOCK) asset, which shows no files, are kept and say why', async () => {
      const c = client();
      const md5 = 'AAAAAAAAAAAAAAAAAAAAAA==';
      const made = await c.createFile({ file_name: 'x.png', file_md5: md5, file_size: 1000, file_type: 'png', asset_id: DEMO_IDS.deckAsset, asset_file_category: 'COVER' });
      const withId = recordOf({ id: 'with-id', fileId: made.file_id, step: 'created' });
      const lost = recordOf({ id: 'lost', step: 'creating' });
      await records.save(withId);
      await records.save(lost);
      assert.ok(emulator.patchAsset(DEMO_IDS.deckAsset, { asset_state: 'BLOCK' }));
      assert.deepEqual((await c.showAsset(DEMO_IDS.deckAsset)).files, [], 'a frozen asset hides its files');
      await reconcileRecords(c, records, urls, [withId, lost], new Set(), afterGrace);
      const kept = await records.list();
      assert.deepEqual(kept.map((r) => r.id).sort(), ['lost', 'with-id']);
      assert.ok(kept.every((r) => /frozen \(BLOCK\)/.test(r.lastError ?? '')), 'each row says why');
      // Mark as Cancelled on the lost one: refused with the reason, the record stays, the file is untouched.
      await assert.rejects(new Uploader(c, records, urls).resolve(lost, 'CANCELLED'), /frozen \(BLOCK\)/);
      assert.equal((await records.list()).length, 2);
      assert.equal(fileState(made.file_id), 'CREATING');
    });

    it('Mark as Cancelled on a lost record never cancels a file another record owns', async () => {
      const c = client();
      const md5 = 'AAAAAAAAAAAAAAAAAAAAAA==';
      const made = await c.createFile({ file_name: 'x.png', file_md5: md5, file_size: 1000, file_type: 'png', asset_id: DEMO_IDS.deckAsset, asset_file_category: 'COVER' });
      await records.save(recordOf({ id: 'owner', fileId: made.file_id, step: 'created' }));
      const lost = recordOf({ id: 'lost', step: 'creating' });
      await records.save(lost);
      await new Uploader(c, records, urls).resolve(lost, 'CANCELLED');
      assert.equal(fileState(made.file_id), 'CREATING', 'the owner\'s file is not this record\'s');
      assert.deepEqual((await records.list()).map((r) => r.id), ['owner']);
    });

    it('a record whose asset cannot be shown (not found, or no answer) is kept', async () => {
      const record: UploadRecord = {
        id: 'lost', endpoint: emulator.url, projectId: DEMO_PROJECT_ID, localPath: local('y.mp4'), fileName: 'y.mp4', fileType: 'mp4', contentType: 'video/mp4', size: 1000, mtimeMs: 0,
        md5: 'AAAAAAAAAAAAAAAAAAAAAA==', assetId: 'a55e7000-0000-4000-8000-0000000000ff', assetName: 'gone', category: 'MAIN', fileId: 'f-1', step: 'uploaded', createdAt: 0, updatedAt: 0,
      };
      await records.save(record);
      const logged: string[] = [];
      await reconcileRecords(client(), records, urls, [record], new Set(), { log: (_, m) => logged.push(m) });
      assert.equal((await records.list()).length, 1);
      assert.match(logged.join('\n'), /kept the record of y\.mp4 \(f-1\): its asset is not found/);
    });
  });

  describe('records belong to their endpoint and project', () => {
    it('another project on the same endpoint is not ours, also when the project id was looked up', async () => {
      // Two accounts of one region on one endpoint, each client looking its project up from IAM.
      const other = { ...DEMO_ACCOUNT, ak: 'EMUOTHERAK0PUBLIC001', sk: 'EmulatorOtherSecretKeyPublicTestValue01', projectId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', domainName: 'other-domain', userName: 'other-user', temporary: undefined };
      const shared = await startEmulator({ seed: 'none', accounts: [DEMO_ACCOUNT, other] });
      try {
        const lookingUp = (account: typeof DEMO_ACCOUNT) => {
          const made = new MetaStudioClient({ endpoint: shared.url, iamEndpoint: shared.url, region: account.region, credentials: { kind: 'aksk', ak: account.ak, sk: account.sk }, rateLimitPerSecond: 0 });
          clients.push(made);
          return made;
        };
        const [ours, theirs] = [lookingUp(DEMO_ACCOUNT), lookingUp(other)];
        // Each client's records carry the project it looked up (as the Uploader saves them).
        for (const [c, id] of [[ours, 'ours'], [theirs, 'theirs']] as const) {
          await records.save(recordOf({ id, endpoint: c.endpoint, projectId: await c.projectId() }));
        }
        assert.deepEqual([await ours.projectId(), await theirs.projectId()], [DEMO_PROJECT_ID, other.projectId], 'looked up from IAM');
        for (const [c, expected] of [[ours, ['ours']], [theirs, ['theirs']]] as const) {
          const projectId = await c.projectId();
          assert.deepEqual((await records.list()).filter((r) => belongsTo(r, c.endpoint, projectId)).map((r) => r.id), expected);
        }
        assert.deepEqual((await records.list()).filter((r) => belongsTo(r, ours.endpoint, undefined)).map((r) => r.id).sort(), ['ours', 'theirs'], 'both shown while the project is not known yet');
      } finally {
        await shared.close();
      }
    });

    it('a record made with a looked-up project id carries that id', async () => {
      const lookedUp = new MetaStudioClient({ endpoint: emulator.url, iamEndpoint: emulator.url, region: DEMO_ACCOUNT.region, credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk }, rateLimitPerSecond: 0 });
      clients.push(lookedUp);
      const saved: UploadRecord[] = [];
      const watching = { list: () => records.list(), remove: (id: string) => records.remove(id), save: async (r: UploadRecord) => void saved.push({ ...r }) };
      await new Uploader(lookedUp, watching, urls, { putRetries: 0 }).upload(local('z.mp4'), { kind: 'new', assetName: 'Z', assetType: 'VIDEO' });
      assert.ok(saved.length > 0);
      assert.ok(saved.every((r) => r.projectId === DEMO_PROJECT_ID && r.endpoint === emulator.url));
    });

    it('saves of many records at once, two of each record side by side: every record readable, the last save kept', async () => {
      const all = Array.from({ length: 100 }, (_, i) => recordOf({ id: `r${i}`, step: 'creating' }));
      await Promise.all(all.flatMap((r) => [records.save({ ...r, fileName: 'first.png' }), records.save({ ...r, fileName: 'last.png' }), ...(r.id === 'r7' ? [records.remove(r.id)] : [])]));
      const listed = await records.list();
      assert.equal(listed.length, 99, 'none unreadable; the one removed last is gone');
      assert.ok(listed.every((r) => r.fileName === 'last.png'), 'the last save asked wins');
      assert.deepEqual((await fsp.readdir(path.join(dir, 'records'))).filter((n) => !n.endsWith('.json')), [], 'no temp file left');
    });

    it('a cancelled refresh\'s reconcile stops: no record checked or dropped', async () => {
      const record = recordOf({ id: 'old', fileId: 'f-nowhere' });
      await records.save(record);
      const controller = new AbortController();
      controller.abort();
      let shown = 0;
      const counting = { showAsset: (id: string, signal?: AbortSignal) => (shown++, client().showAsset(id, signal)) };
      assert.equal(await reconcileRecords(counting, records, urls, [record], new Set(), { ...afterGrace, signal: controller.signal }), 0);
      assert.equal(shown, 0);
      assert.equal((await records.list()).length, 1);
    });

    it('fsyncs the records folder after each rename and removal', async () => {
      const synced: string[] = [];
      const open = fsp.open;
      fsp.open = (async (file: string, flags?: string) => {
        const handle = await open(file, flags);
        if (file === path.join(dir, 'records') && flags === 'r') {
          const sync = handle.sync.bind(handle);
          handle.sync = async () => {
            synced.push('dir');
            return sync();
          };
        }
        return handle;
      }) as typeof fsp.open;
      try {
        const r = { id: 'a', localPath: 'x', createdAt: 1 } as UploadRecord;
        await records.save(r);
        assert.deepEqual(synced, ['dir']);
        await records.remove('a');
        assert.deepEqual(synced, ['dir', 'dir']);
      } finally {
        fsp.open = open;
      }
    });
  });
});
