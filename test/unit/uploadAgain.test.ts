// Uploading again against the emulator: a file MetaStudio has no bytes for, a retry into the same
// asset and category, categories an asset has no room for, asset names already taken, and the empty
// assets an upload leaves behind.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MetaStudioClient, MetaStudioError, fileMd5 } from '../../src/client';
import { canRetry, isNotUploaded } from '../../src/client/errors';
import { openCategories } from '../../src/client/fileTypes';
import { assetNameFor } from '../../src/client/assetNames';
import { assetTypeFor } from '../../src/client/fileTypes';
import { planNewAssets } from '../../src/pending/assetNames';
import { expandSelection, fileLabels } from '../../src/pending/folders';
import { FileRecordStore, MemoryUrlVault, type UploadRecord } from '../../src/pending/records';
import { Uploader, URL_LIFETIME_MS, type UploadTarget } from '../../src/pending/upload';
import { DEMO_ACCOUNT, DEMO_IDS, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';

describe('uploading again against the emulator', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let client: MetaStudioClient;
  let dir: string;
  let records: FileRecordStore;
  let urls: MemoryUrlVault;

  const local = (name: string, bytes = 1000) => {
    const full = path.join(dir, name);
    writeFileSync(full, Buffer.alloc(bytes, name));
    return full;
  };
  const uploader = () => new Uploader(client, records, urls, { putRetries: 0 });
  const assetsNamed = (prefix: string) => emulator.state.assets.filter((a) => a.asset_name.startsWith(prefix));

  before(async () => {
    emulator = await startEmulator({ seed: 'demo' });
  });
  beforeEach(() => {
    emulator.reset('demo');
    dir = mkdtempSync(path.join(tmpdir(), 'ms-again-'));
    records = new FileRecordStore(path.join(dir, 'records'));
    urls = new MemoryUrlVault();
    client = new MetaStudioClient({
      endpoint: emulator.url, iamEndpoint: emulator.url, region: 'cn-north-4', projectId: DEMO_PROJECT_ID,
      credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk }, rateLimitPerSecond: 0, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5 },
    });
  });
  afterEach(() => client.close());
  after(() => emulator.close());

  describe('bytes never uploaded', () => {
    it('Mark as Uploaded on a file never PUT: the error says so, in words and in its kind, and no retry is offered', async () => {
      const error = await client.confirmFileUpload(DEMO_IDS.backdropMain, 'CREATED', { assetId: DEMO_IDS.backdropAsset }).then(() => undefined, (e: MetaStudioError) => e);
      assert.ok(error && isNotUploaded(error));
      assert.match(error.message, /MSS\.00000003 The file has not been uploaded\. MetaStudio has no bytes for this file: upload the file again into the same asset, or mark it as Cancelled\./);
      assert.doesNotMatch(error.message, /may already be confirmed or deleted/);
      assert.equal(canRetry(error), false, 'confirming again cannot help');
    });

    it('a local upload refused for want of bytes PUTs them again on Resume, while its URL lasts', async () => {
      const bytes = local('clip.mp4');
      const md5 = await fileMd5(bytes);
      const asset = await client.createDigitalAsset({ asset_name: 'Clip', asset_type: 'VIDEO' });
      const made = await client.createFile({ file_name: 'clip.mp4', file_md5: md5, file_size: 1000, file_type: 'mp4', asset_id: asset.asset_id, asset_file_category: 'MAIN' });
      const record: UploadRecord = {
        id: 'r', endpoint: emulator.url, projectId: DEMO_PROJECT_ID, localPath: bytes, fileName: 'clip.mp4', fileType: 'mp4', contentType: 'video/mp4', size: 1000, mtimeMs: 0, md5,
        assetId: asset.asset_id, assetName: 'Clip', category: 'MAIN', fileId: made.file_id, urlExpiresAt: Date.now() + URL_LIFETIME_MS, step: 'uploaded', createdAt: Date.now(), updatedAt: Date.now(),
      };
      await records.save(record);
      await urls.set('r', made.upload_url);
      await assert.rejects(uploader().resume(record), (e: unknown) => isNotUploaded(e));
      const [kept] = await records.list();
      assert.equal(kept.neverUploaded, true);
      const result = await uploader().resume(kept);
      assert.equal(result.state, 'CREATED');
      assert.equal(emulator.state.files.find((f) => f.file_id === made.file_id)?.uploaded, true);
      assert.deepEqual(await records.list(), []);
    });
  });

  describe('retry keeps what the first try had', () => {
    it('a PAGE of a PPT asset fails, and the retry (the asset read again) goes to the same asset as PAGE', async () => {
      const deck = await client.showAsset(DEMO_IDS.deckAsset);
      emulator.setFaults({ obsEarlyAnswer: 403 }); // OBS refuses the PUT: the upload is confirmed FAILED
      const first = await uploader().upload(local('page-1.png', 5000), { kind: 'existing', asset: deck, category: 'PAGE' });
      emulator.setFaults({});
      assert.equal(first.state, 'FAILED');
      assert.equal(first.category, 'PAGE');
      // What the view's Retry Failed does: ShowAsset for the real type and files, same category.
      const again = await uploader().upload(local('page-1.png', 5000), { kind: 'existing', asset: await client.showAsset(first.assetId), category: first.category });
      assert.equal(again.state, 'CREATED');
      assert.equal(again.assetId, DEMO_IDS.deckAsset);
      assert.equal(emulator.state.files.find((f) => f.file_id === again.fileId)?.asset_file_category, 'PAGE');
      // Read again, the asset has its type, so the local checks apply to the retry as to the first try.
      await assert.rejects(uploader().check(local('page-2.mp4'), { kind: 'existing', asset: await client.showAsset(first.assetId), category: 'PAGE' }), /A PAGE file is an image/);
    });

    it('a MAIN that failed frees its place: the retry into the same asset is accepted', async () => {
      emulator.setFaults({ obsEarlyAnswer: 403 }); // OBS refuses the PUT: the upload is confirmed FAILED
      const first = await uploader().upload(local('talk.mp4', 5000), { kind: 'new', assetName: 'Talk', assetType: 'VIDEO' });
      emulator.setFaults({});
      assert.equal(first.state, 'FAILED');
      const again = await uploader().upload(local('talk.mp4', 5000), { kind: 'existing', asset: await client.showAsset(first.assetId), category: first.category });
      assert.equal(again.state, 'CREATED');
      assert.equal(emulator.state.assets.find((a) => a.asset_id === first.assetId)?.asset_state, 'ACTIVED');
    });
  });

  describe('never offer what the API will refuse', () => {
    it('an asset with a MAIN (and a COVER) file takes only the other categories', async () => {
      const keynote = await client.showAsset(DEMO_IDS.keynoteAsset); // VIDEO with MAIN and COVER pending
      assert.deepEqual(openCategories(keynote), []);
      const deck = await client.showAsset(DEMO_IDS.deckAsset); // PPT with a MAIN pending
      assert.deepEqual(openCategories(deck), ['COVER', 'PAGE', 'OTHER']);
      await client.confirmFileUpload(DEMO_IDS.deckMain, 'CANCELLED');
      assert.deepEqual(openCategories(await client.showAsset(DEMO_IDS.deckAsset)), ['MAIN', 'COVER', 'PAGE', 'OTHER'], 'a CANCELLED MAIN holds no place');
    });

    it('the refusal, local or MetaStudio\'s, names the categories that remain', async () => {
      const deck = await client.showAsset(DEMO_IDS.deckAsset);
      await assert.rejects(uploader().check(local('second.pptx'), { kind: 'existing', asset: deck, category: 'MAIN' }), /already has a MAIN file \(q3-review\.pptx\); an asset has one\. Upload second\.pptx as OTHER instead, or into another asset\./);
      // The list was read before another window added the MAIN: MetaStudio refuses, and the message says what is left.
      await assert.rejects(
        uploader().upload(local('late.pptx'), { kind: 'existing', asset: { ...deck, files: [] }, category: 'MAIN' }),
        (e: MetaStudioError) => e.errorCode === 'MSS.10001008' && /Upload late\.pptx as OTHER instead/.test(e.message),
      );
      assert.deepEqual(await records.list(), []);
    });
  });

  describe('asset names already taken', () => {
    it('a free name for a taken 256-character name fits 256 characters, counted as code points', async () => {
      for (const long of ['a'.repeat(256), '𠀀'.repeat(256)]) {
        await client.createDigitalAsset({ asset_name: long, asset_type: 'VIDEO' });
        // An IMAGE asset: the empty VIDEO asset of the name is no leftover to reuse for it.
        const [planned] = await planNewAssets(client, [{ kind: 'new', assetName: long, assetType: 'IMAGE' }]);
        const name = planned.target.kind === 'new' ? planned.target.assetName : '';
        assert.equal([...name].length, 256);
        assert.ok(name.endsWith(' (2)'));
        const made = await client.createDigitalAsset({ asset_name: name, asset_type: 'VIDEO' });
        assert.ok(made.asset_id, 'MetaStudio takes it');
      }
    });

    it('a second upload of the same file after a failure gets a free name; two files of one base name in a batch get two', async () => {
      emulator.setFaults({ obsEarlyAnswer: 403 }); // OBS refuses the PUT: the upload is confirmed FAILED
      await uploader().upload(local('talk.mp4', 5000), { kind: 'new', assetName: 'talk', assetType: 'VIDEO' });
      emulator.setFaults({});
      await assert.rejects(client.createDigitalAsset({ asset_name: 'talk', asset_type: 'VIDEO' }), (e: MetaStudioError) => e.errorCode === 'MSS.10001005');
      const planned = await planNewAssets(client, [
        { kind: 'new', assetName: 'talk', assetType: 'VIDEO' },
        { kind: 'new', assetName: 'talk', assetType: 'VIDEO' },
        { kind: 'new', assetName: 'fresh', assetType: 'VIDEO' },
      ]);
      assert.deepEqual(planned.map((p) => (p.target.kind === 'new' ? p.target.assetName : p.target.asset.asset_name)), ['talk (2)', 'talk (3)', 'fresh']);
      assert.deepEqual(planned.map((p) => p.change?.kind), ['renamed', 'renamed', undefined]);
      assert.deepEqual(planned[0].change, { kind: 'renamed', asked: 'talk', name: 'talk (2)' });
      const batch = await planNewAssets(client, [{ kind: 'new', assetName: 'twin', assetType: 'VIDEO' }, { kind: 'new', assetName: 'twin', assetType: 'VIDEO' }]);
      assert.deepEqual(batch.map((p) => p.change), [undefined, { kind: 'duplicate', asked: 'twin', name: 'twin (2)' }]);
      for (const [i, p] of planned.entries()) {
        const result = await uploader().upload(local(`talk-${i}.mp4`), p.target);
        assert.equal(result.state, 'CREATED');
      }
      assert.deepEqual(assetsNamed('talk').map((a) => a.asset_name).sort(), ['talk', 'talk (2)', 'talk (3)']);
    });

    it('a folder with files of one base name in different subfolders: "ep01", "ep01 (2)", "ep01 (3)", each uploaded, the messages telling them apart', async () => {
      const folder = path.join(dir, 'show');
      for (const [relative, bytes] of [['season1/ep01.mp4', 1000], ['season2/ep01.mp4', 1100], ['ep01.mov', 1200]] as const) {
        mkdirSync(path.dirname(path.join(folder, relative)), { recursive: true });
        writeFileSync(path.join(folder, relative), Buffer.alloc(bytes, relative));
      }
      const { files } = await expandSelection([folder]);
      const targets = files.map((f) => ({ kind: 'new' as const, assetName: assetNameFor(path.basename(f.path)), assetType: assetTypeFor(path.basename(f.path)) }));
      const planned = await planNewAssets(client, targets as Array<Extract<UploadTarget, { kind: 'new' }>>);
      assert.deepEqual(planned.map((p) => (p.target.kind === 'new' ? p.target.assetName : '')), ['ep01', 'ep01 (2)', 'ep01 (3)']);
      assert.deepEqual(planned.map((p) => p.change?.kind), [undefined, 'duplicate', 'duplicate']);
      assert.deepEqual(fileLabels(files.map((f) => f.path)), ['ep01.mov', 'season1/ep01.mp4', 'season2/ep01.mp4']);
      for (const [i, p] of planned.entries()) {
        assert.equal((await uploader().upload(files[i].path, p.target)).state, 'CREATED');
      }
      assert.deepEqual(assetsNamed('ep01').map((a) => a.asset_name).sort(), ['ep01', 'ep01 (2)', 'ep01 (3)']);
    });

    it('an empty leftover asset of that name is offered, once', async () => {
      const leftover = await client.createDigitalAsset({ asset_name: 'intro', asset_type: 'VIDEO' });
      const planned = await planNewAssets(client, [
        { kind: 'new', assetName: 'intro', assetType: 'VIDEO' },
        { kind: 'new', assetName: 'intro', assetType: 'VIDEO' },
      ]);
      assert.equal(planned[0].target.kind, 'existing');
      assert.deepEqual(planned[0].change, { kind: 'leftover', asked: 'intro', name: 'intro' });
      assert.equal(planned[0].target.kind === 'existing' && planned[0].target.asset.asset_id, leftover.asset_id);
      assert.equal(planned[1].target.kind === 'new' && planned[1].target.assetName, 'intro (2)');
      const result = await uploader().upload(local('intro.mp4'), planned[0].target);
      assert.equal(result.assetId, leftover.asset_id);
      assert.equal(result.state, 'CREATED');
    });

    it('looks names up in one listing when the batch has many', async () => {
      const targets = Array.from({ length: 8 }, (_, i) => ({ kind: 'new' as const, assetName: i === 0 ? 'Intro jingle' : `clip ${i}`, assetType: 'VIDEO' as const }));
      const planned = await planNewAssets(client, targets);
      assert.equal(planned[0].target.kind === 'new' && planned[0].target.assetName, 'Intro jingle (2)', 'a MUSIC asset of that name is not an empty VIDEO');
      assert.deepEqual(planned.slice(1).map((p) => p.target.kind === 'new' && p.target.assetName), targets.slice(1).map((t) => t.assetName));
    });
  });

  describe('leftovers cleaned', () => {
    it('a cancelled upload into a new asset leaves no empty asset behind', async () => {
      const controller = new AbortController();
      const result = await uploader().upload(local('big.mp4', 8 * 1024 * 1024), { kind: 'new', assetName: 'Big', assetType: 'VIDEO' }, {
        signal: controller.signal,
        onProgress: (phase, bytes) => phase === 'uploading' && bytes > 0 && controller.abort(),
      });
      assert.equal(result.state, 'CANCELLED');
      assert.equal(emulator.state.assets.find((a) => a.asset_id === result.assetId)?.asset_state, 'DELETED');
    });

    it('a CreateFile refused in a new asset leaves no empty asset behind', async () => {
      // MetaStudio refuses what a skipped local check lets through: a .txt as a VIDEO's MAIN file.
      const u = uploader();
      (u as unknown as { check: () => Promise<{ size: number; mtimeMs: number }> }).check = async () => ({ size: 1000, mtimeMs: 0 });
      await assert.rejects(u.upload(local('x.txt'), { kind: 'new', assetName: 'Refused', assetType: 'VIDEO' }), (e: MetaStudioError) => e.status === 400);
      assert.deepEqual(assetsNamed('Refused').map((a) => a.asset_state), ['DELETED']);
      assert.deepEqual(await records.list(), []);
    });

    it('an upload into an existing asset never deletes it', async () => {
      const controller = new AbortController();
      const deck = await client.showAsset(DEMO_IDS.deckAsset);
      const result = await uploader().upload(local('cover.png', 8 * 1024 * 1024), { kind: 'existing', asset: deck, category: 'COVER' }, {
        signal: controller.signal,
        onProgress: (phase, bytes) => phase === 'uploading' && bytes > 0 && controller.abort(),
      });
      assert.equal(result.state, 'CANCELLED');
      assert.equal(emulator.state.assets.find((a) => a.asset_id === DEMO_IDS.deckAsset)?.asset_state, 'CREATING');
    });
  });
});
