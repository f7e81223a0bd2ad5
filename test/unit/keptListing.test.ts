// The last listing, kept per tenant: what is kept (no URLs), what a damaged file gives, and how the
// model shows it until a refresh replaces it.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DigitalAssetInfo } from '../../src/client';
import { ListingKeeper } from '../../src/pending/keptListing';
import { PendingUploads } from '../../src/pending/model';

const TENANT = '0123456789abcdef0123456789abcdef';
const ASSETS: DigitalAssetInfo[] = [{
  asset_id: 'asset-1', asset_name: 'Launch video', asset_type: 'VIDEO', asset_state: 'CREATING', create_time: '2026-11-29T08:00:00Z',
  asset_description: 'a description', tags: ['x'],
  files: [
    { file_id: 'file-1', file_name: 'launch.mp4', file_size: 1234, file_type: 'mp4', asset_file_category: 'MAIN', state: 'CREATING', download_url: 'https://obs.example.com/launch.mp4?Signature=SECRETSIGNATURE', file_md5: 'md5md5md5md5md5md5md5m==' },
    { file_id: 'file-2', file_name: 'cover.jpg', asset_file_category: 'COVER', state: 'CREATED', download_url: 'https://obs.example.com/cover.jpg?Signature=OTHERSIGNATURE' },
  ],
}];

describe('kept listing', () => {
  const folder = () => mkdtempSync(path.join(tmpdir(), 'ms-kept-'));

  it('keeps the listing of a tenant without any URL, and reads it back with when it was read', async () => {
    const dir = folder();
    const keeper = new ListingKeeper(dir);
    await keeper.save(TENANT, ASSETS, 1_000);
    const text = readFileSync(path.join(dir, `listing-${TENANT}.json`), 'utf8');
    assert.ok(!/https?:|Signature|download_url|upload_url/.test(text), text);
    const kept = await keeper.load(TENANT);
    assert.equal(kept?.savedAt, 1_000);
    assert.deepEqual(kept?.assets, [{
      asset_id: 'asset-1', asset_name: 'Launch video', asset_type: 'VIDEO', asset_state: 'CREATING', create_time: '2026-11-29T08:00:00Z',
      files: [
        { file_id: 'file-1', file_name: 'launch.mp4', file_size: 1234, file_type: 'mp4', asset_file_category: 'MAIN', state: 'CREATING' },
        { file_id: 'file-2', file_name: 'cover.jpg', asset_file_category: 'COVER', state: 'CREATED' },
      ],
    }]);
    assert.deepEqual(readdirSync(dir), [`listing-${TENANT}.json`], 'no temporary file left');
  });

  it('has nothing for another tenant, a missing file, a cut-off file or another format', async () => {
    const dir = folder();
    const keeper = new ListingKeeper(dir);
    assert.equal(await keeper.load(TENANT), undefined);
    await keeper.save(TENANT, ASSETS);
    assert.equal(await keeper.load('fedcba9876543210fedcba9876543210'), undefined);
    const file = path.join(dir, `listing-${TENANT}.json`);
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 40));
    assert.equal(await keeper.load(TENANT), undefined);
    writeFileSync(file, JSON.stringify({ version: 99, savedAt: 1, assets: [] }));
    assert.equal(await keeper.load(TENANT), undefined);
    assert.equal(await keeper.load('../outside'), undefined);
    await assert.rejects(keeper.save('../outside', ASSETS), /hex/);
  });

  it('reads the listing kept last, with its tenant, before the tenant is known: the newest of several, nothing from an empty or missing folder', async () => {
    const dir = folder();
    const keeper = new ListingKeeper(dir);
    assert.equal(await new ListingKeeper(path.join(dir, 'missing')).loadLatest(), undefined);
    assert.equal(await keeper.loadLatest(), undefined);
    const OTHER = 'fedcba9876543210fedcba9876543210';
    await keeper.save(TENANT, ASSETS, 1_000);
    assert.deepEqual({ ...(await keeper.loadLatest()), assets: undefined }, { tenant: TENANT, savedAt: 1_000, assets: undefined });
    await keeper.save(OTHER, [], 2_000);
    utimesSync(path.join(dir, `listing-${TENANT}.json`), 1, 1); // the other one is the newer, whatever the clock's resolution
    assert.deepEqual(await keeper.loadLatest(), { tenant: OTHER, savedAt: 2_000, assets: [] });
    writeFileSync(path.join(dir, `listing-${OTHER}.json`), 'cut sh');
    assert.equal(await keeper.loadLatest(), undefined, 'the newest cannot be read: nothing, and the tenant\'s own is read once known');
  });

  it('is shown by the model, with its age, until a refresh completes; never over a listing already read', async () => {
    const model = new PendingUploads();
    model.showKept(ASSETS, 5_000);
    assert.deepEqual(model.files().map((f) => f.fileId), ['file-1']);
    assert.equal(model.keptAt, 5_000);
    assert.equal(model.isLoaded, false, 'a kept listing is not a refresh');
    await model.refresh({ listAllAssets: async () => [{ ...ASSETS[0], files: [] }] });
    assert.deepEqual(model.files(), []);
    assert.equal(model.keptAt, undefined);
    model.showKept(ASSETS, 6_000);
    assert.deepEqual(model.files(), [], 'the fresh listing stays');
    assert.equal(model.keptAt, undefined);
  });

  it('removes the listing of one tenant (signed out, or its profile removed) and keeps the others', async () => {
    const dir = folder();
    const keeper = new ListingKeeper(dir);
    const other = 'fedcba9876543210fedcba9876543210';
    await keeper.save(TENANT, ASSETS, 1_000);
    await keeper.save(other, ASSETS, 1_000);
    await keeper.remove(TENANT);
    assert.equal(await keeper.load(TENANT), undefined);
    assert.deepEqual(readdirSync(dir), [`listing-${other}.json`]);
    await keeper.remove(TENANT); // none left is no problem
  });
});
