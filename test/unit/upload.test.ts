// The whole upload flow against the emulator: records written at each step, cancel, a PUT cut in the
// middle, a 403 from OBS, an expired URL, a file changed before resume, and a resume after a "crash".
import * as assert from 'node:assert/strict';
import { closeSync, ftruncateSync, mkdtempSync, openSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MetaStudioClient, MetaStudioError, fileMd5 } from '../../src/client';
import { FileRecordStore, MemoryUrlVault, type UploadRecord } from '../../src/pending/records';
import { Uploader, URL_LIFETIME_MS } from '../../src/pending/upload';
import { DEMO_ACCOUNT, DEMO_IDS, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';

const MiB = 1024 * 1024;

describe('uploads against the emulator', function () {
  let emulator: Emulator;
  let client: MetaStudioClient;
  let dir: string;
  let records: FileRecordStore;
  let urls: MemoryUrlVault;

  const file = (name: string, bytes: number | string) => {
    const full = path.join(dir, name);
    writeFileSync(full, typeof bytes === 'string' ? bytes : Buffer.alloc(bytes, name));
    return full;
  };
  const serverFile = (fileId: string) => emulator.state.files.find((f) => f.file_id === fileId);
  const uploader = (options: ConstructorParameters<typeof Uploader>[3] = {}) => new Uploader(client, records, urls, { putRetries: 0, ...options });

  /** A record as a crash leaves it: CreateFile done, nothing PUT. */
  async function interrupted(localPath: string, step: UploadRecord['step'] = 'uploading'): Promise<UploadRecord> {
    const asset = await client.createDigitalAsset({ asset_name: path.basename(localPath) + ' asset', asset_type: 'VIDEO' });
    const md5 = await fileMd5(localPath);
    const size = statSync(localPath).size;
    const created = await client.createFile({ file_name: path.basename(localPath), file_md5: md5, file_size: size, file_type: 'mp4', asset_id: asset.asset_id, asset_file_category: 'MAIN' });
    const record: UploadRecord = {
      id: `crash-${created.file_id}`, endpoint: emulator.url, projectId: DEMO_PROJECT_ID, localPath, fileName: path.basename(localPath), fileType: 'mp4', contentType: 'video/mp4', size, mtimeMs: 0, md5,
      assetId: asset.asset_id, assetName: 'a', category: 'MAIN', fileId: created.file_id, urlExpiresAt: Date.now() + URL_LIFETIME_MS, step, createdAt: Date.now(), updatedAt: Date.now(),
    };
    await records.save(record);
    await urls.set(record.id, created.upload_url);
    return record;
  }

  before(async () => {
    emulator = await startEmulator({ seed: 'demo' });
  });
  beforeEach(() => {
    emulator.reset('demo');
    dir = mkdtempSync(path.join(tmpdir(), 'ms-upload-'));
    records = new FileRecordStore(path.join(dir, 'records'));
    urls = new MemoryUrlVault();
    client = new MetaStudioClient({ endpoint: emulator.url, iamEndpoint: emulator.url, region: 'cn-north-4', projectId: DEMO_PROJECT_ID, credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk }, rateLimitPerSecond: 0, retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } });
  });
  afterEach(() => client.close());
  after(() => emulator.close());

  it('uploads a file end to end: new asset, CreateFile, PUT, CREATED; no record left', async () => {
    const phases = new Set<string>();
    const result = await uploader().upload(file('intro.mp4', 2 * MiB + 3), { kind: 'new', assetName: 'Intro', assetType: 'VIDEO' }, { onProgress: (phase) => phases.add(phase) });
    assert.equal(result.state, 'CREATED');
    assert.equal(serverFile(result.fileId)?.state, 'CREATED');
    assert.equal(serverFile(result.fileId)?.uploaded, true);
    assert.deepEqual([...phases], ['hashing', 'creating', 'uploading', 'confirming']);
    assert.deepEqual(await records.list(), []);
    assert.equal(await urls.get('x'), undefined);
  });

  it('writes the record before the PUT starts and at each step', async () => {
    const steps: string[] = [];
    const watching = { ...records, list: () => records.list(), remove: (id: string) => records.remove(id), save: async (r: UploadRecord) => { steps.push(r.step); await records.save(r); } };
    await new Uploader(client, watching, urls).upload(file('b.mp4', 1000), { kind: 'new', assetName: 'B', assetType: 'VIDEO' });
    assert.deepEqual(steps, ['creating', 'created', 'uploading', 'uploaded', 'confirming']);
  });

  it('cancels: the PUT is aborted and the file confirmed CANCELLED', async () => {
    const controller = new AbortController();
    const result = await uploader().upload(file('big.mp4', 64 * MiB), { kind: 'new', assetName: 'Big', assetType: 'VIDEO' }, {
      signal: controller.signal,
      onProgress: (phase, bytes) => phase === 'uploading' && bytes > 0 && controller.abort(),
    });
    assert.equal(result.state, 'CANCELLED');
    assert.deepEqual(emulator.state.confirms.filter((c) => c.file_id === result.fileId).map((c) => [c.state, c.status]), [['CANCELLED', 200]]);
    assert.equal(serverFile(result.fileId)?.uploaded, false);
    // The asset this upload made holds nothing now: it goes too, so no empty asset is left behind.
    assert.equal(serverFile(result.fileId)?.state, 'DELETED');
    assert.deepEqual(await records.list(), []);
  });

  for (const step of ['created', 'uploading'] as const) {
    it(`a cancel that comes as the record is saved '${step}' is not missed: no byte PUT, confirmed CANCELLED`, async () => {
      const controller = new AbortController();
      const store = {
        list: () => records.list(),
        remove: (id: string) => records.remove(id),
        save: async (record: UploadRecord) => {
          await records.save(record);
          if (record.step === step) {
            controller.abort();
          }
        },
      };
      emulator.setFaults({ obsBytesPerSecond: 400 * 1024 });
      const result = await new Uploader(client, store, urls, { putRetries: 0 }).upload(file('gap.mp4', 2 * MiB), { kind: 'new', assetName: 'Gap', assetType: 'VIDEO' }, { signal: controller.signal });
      emulator.setFaults({});
      assert.equal(result.state, 'CANCELLED');
      assert.equal(serverFile(result.fileId)?.uploaded, false);
      assert.deepEqual(await records.list(), []);
    });
  }

  it('keeps the upload resumable, with the reason, when the PUT is cut in the middle every time; Resume finishes it', async () => {
    emulator.setFaults({ obsResetAfterBytes: 256 * 1024 });
    const error = await uploader({ putRetries: 2 }).upload(file('cut.mp4', 4 * MiB), { kind: 'new', assetName: 'Cut', assetType: 'VIDEO' }).then(() => undefined, (e: MetaStudioError) => e);
    assert.equal(error?.kind, 'network');
    assert.match(error?.message ?? '', /reset the connection\..*cut\.mp4 stays pending under This machine: Resume uploads it again\.$/);
    assert.equal(emulator.counters.resets, 3, 'three attempts');
    const [kept] = await records.list();
    assert.equal(kept.step, 'uploading');
    assert.match(kept.lastError ?? '', /reset the connection/);
    assert.equal(serverFile(kept.fileId!)?.state, 'CREATING', 'not confirmed FAILED');
    emulator.setFaults({});
    assert.equal((await uploader().resume(kept)).state, 'CREATED');
    assert.deepEqual(await records.list(), []);
  });

  it('confirms FAILED on a 403 from OBS (the URL does not match what is sent), without retrying', async () => {
    const record = await interrupted(file('sig.mp4', 1000));
    await urls.set(record.id, (await urls.get(record.id))!.replace('Signature=', 'Signature=00'));
    const result = await uploader({ putRetries: 2 }).resume(record);
    assert.equal(result.state, 'FAILED');
    assert.equal(result.error?.errorCode, 'SignatureDoesNotMatch');
    assert.match(result.error?.message ?? '', /does not match the Content-Type or Content-MD5 sent/);
    assert.ok(!(result.error?.message ?? '').includes('Signature=00'), 'the URL is not in the message');
    assert.equal(serverFile(record.fileId!)?.state, 'FAILED');
    assert.equal(emulator.state.confirms.length, 1);
  });

  it('resumes after a crash: the record is there, and finishes the upload', async () => {
    const record = await interrupted(file('crash.mp4', 3 * MiB));
    const [found] = await records.list();
    assert.equal(found.id, record.id);
    assert.equal(found.step, 'uploading');
    const result = await uploader().resume(found);
    assert.equal(result.state, 'CREATED');
    assert.equal(serverFile(record.fileId!)?.state, 'CREATED');
    assert.deepEqual(await records.list(), []);
  });

  it('only confirms when the bytes were already uploaded before the crash', async () => {
    const local = file('done.mp4', 1000);
    const record = await interrupted(local, 'created');
    await uploader().resume(record); // uploads and confirms
    const second = await interrupted(file('done2.mp4', 1000), 'uploaded');
    await assert.rejects(uploader().resume(second), (e: MetaStudioError) => e.errorCode === 'MSS.00000003', 'never PUT, so MetaStudio refuses CREATED');
    const [kept] = await records.list();
    assert.match(kept.lastError ?? '', /has not been uploaded/);
  });

  it('refuses to resume with an expired URL, and the record can still be marked FAILED', async () => {
    const record = await interrupted(file('old.mp4', 1000));
    const later = uploader({ now: () => Date.now() + URL_LIFETIME_MS + 1000 });
    await assert.rejects(later.resume(record), /has expired/);
    assert.equal((await records.list()).length, 1);
    await later.resolve(record, 'FAILED');
    assert.equal(serverFile(record.fileId!)?.state, 'FAILED');
    assert.deepEqual(await records.list(), []);
  });

  it('fails the PUT when OBS says the URL expired, even if the local clock disagrees', async () => {
    const record = await interrupted(file('skewed.mp4', 1000));
    emulator.setClockOffset(URL_LIFETIME_MS + 60_000);
    const result = await uploader().resume(record);
    assert.equal(result.state, 'FAILED');
    assert.equal(result.error?.errorCode, 'AccessDenied');
  });

  it('refuses to resume a file that changed since CreateFile', async () => {
    const local = file('edit.mp4', 'original bytes');
    const record = await interrupted(local);
    writeFileSync(local, 'edited! bytes!');
    await assert.rejects(uploader().resume(record), /has changed since its upload began/);
    assert.equal(serverFile(record.fileId!)?.state, 'CREATING');
    assert.equal((await records.list()).length, 1);
  });

  it('refuses early what MetaStudio would refuse', async () => {
    const huge = path.join(dir, 'huge.mp4');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 500 * 1024 ** 3 + 1);
    closeSync(fd);
    const u = uploader();
    await assert.rejects(u.check(huge, { kind: 'new', assetName: 'H', assetType: 'VIDEO' }), /larger than 500 GiB, the most MetaStudio takes/);
    await assert.rejects(u.check(file('a.png', 10), { kind: 'new', assetName: 'A', assetType: 'VIDEO' }), /VIDEO asset takes/);
    const keynote = await client.showAsset(DEMO_IDS.keynoteAsset);
    await assert.rejects(u.check(file('b.mp4', 10), { kind: 'existing', asset: keynote, category: 'MAIN' }), /already has a MAIN file/);
    await assert.rejects(u.check(file('c.mp4', 10), { kind: 'existing', asset: keynote, category: 'PAGE' }), /takes MAIN or COVER files/);
    const before = emulator.state.files.length;
    await assert.rejects(u.upload(file('d.png', 10), { kind: 'new', assetName: 'D', assetType: 'VIDEO' }));
    assert.equal(emulator.state.files.length, before, 'nothing was created');
  });
});
