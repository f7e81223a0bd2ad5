// The Pending Uploads list against the emulator: every file in CREATING whatever its asset's state,
// complete while assets change under the listing, first rows before the last page, empty leftovers.
import * as assert from 'node:assert/strict';
import { MetaStudioClient, type ClientEvent, type DigitalAssetInfo } from '../../src/client';
import { listEvery, type AssetPage } from '../../src/client/listing';
import { PENDING_ASSET_STATES, PENDING_QUERY, PendingUploads } from '../../src/pending/model';
import { DEMO_ACCOUNT, DEMO_IDS, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';

describe('the pending list against the emulator', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let client: MetaStudioClient;
  let events: ClientEvent[];

  const newClient = () => new MetaStudioClient({
    endpoint: emulator.url, iamEndpoint: emulator.url, region: 'cn-north-4', projectId: DEMO_PROJECT_ID,
    credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk }, rateLimitPerSecond: 0,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 }, onEvent: (e) => events.push(e),
  });
  /** Every file MetaStudio has in CREATING under an asset that is not deleted. */
  const serverPending = () => {
    const live = new Set(emulator.state.assets.filter((a) => PENDING_ASSET_STATES.includes(a.asset_state)).map((a) => a.asset_id));
    return emulator.state.files.filter((f) => f.state === 'CREATING' && live.has(f.asset_id)).map((f) => f.file_id).sort();
  };
  const listed = (model: PendingUploads) => model.files().map((f) => f.fileId).sort();

  before(async () => {
    emulator = await startEmulator({ seed: 'demo' });
  });
  beforeEach(() => {
    emulator.reset('demo');
    events = [];
    client = newClient();
  });
  afterEach(() => client.close());
  after(() => emulator.close());

  /** A PPT asset with MAIN (bytes PUT), COVER and PAGE files, all CREATING. */
  async function deck(name: string) {
    const asset = await client.createDigitalAsset({ asset_name: name, asset_type: 'PPT' });
    const bytes = Buffer.from(`${name} main`);
    const { createHash } = await import('node:crypto');
    const md5 = createHash('md5').update(bytes).digest('base64');
    const main = await client.createFile({ file_name: 'deck.pptx', file_md5: md5, file_size: bytes.length, file_type: 'pptx', asset_id: asset.asset_id, asset_file_category: 'MAIN' });
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const path = await import('node:path');
    const local = path.join(mkdtempSync(path.join((await import('node:os')).tmpdir(), 'ms-deck-')), 'deck.pptx');
    writeFileSync(local, bytes);
    await client.putFile({ uploadUrl: main.upload_url, path: local, size: bytes.length, md5, contentType: 'application/octet-stream' });
    const cover = await client.createFile({ file_name: 'cover.jpg', file_md5: md5, file_size: 10, file_type: 'jpg', asset_id: asset.asset_id, asset_file_category: 'COVER' });
    const page = await client.createFile({ file_name: 'page-1.png', file_md5: md5, file_size: 10, file_type: 'png', asset_id: asset.asset_id, asset_file_category: 'PAGE' });
    return { assetId: asset.asset_id, main: main.file_id, cover: cover.file_id, page: page.file_id };
  }

  it('lists COVER and PAGE files still CREATING after the MAIN file is confirmed and the asset turns ACTIVED', async () => {
    const d = await deck('Launch deck');
    const model = new PendingUploads();
    await model.refresh(client);
    assert.deepEqual(model.groups().find((a) => a.assetId === d.assetId)?.files.map((f) => f.category), ['MAIN', 'COVER', 'PAGE']);
    await client.confirmFileUpload(d.main, 'CREATED');
    assert.equal(emulator.state.assets.find((a) => a.asset_id === d.assetId)?.asset_state, 'ACTIVED');
    await model.refresh(client);
    const group = model.groups().find((a) => a.assetId === d.assetId);
    assert.deepEqual(group?.files.map((f) => f.fileId), [d.cover, d.page], 'the asset went from 3 pending files to 2, not to 0');
    assert.equal(group?.assetState, 'ACTIVED');
    assert.deepEqual(listed(model), serverPending());
  });

  it('lists a COVER added to an asset that is already ACTIVED', async () => {
    const d = await deck('Active deck');
    await client.confirmFileUpload(d.main, 'CREATED');
    await client.confirmFileUpload(d.cover, 'CANCELLED');
    await client.confirmFileUpload(d.page, 'CREATED').catch(() => undefined); // never PUT: refused, stays pending
    const cover = await client.createFile({ file_name: 'new-cover.jpg', file_md5: 'AAAAAAAAAAAAAAAAAAAAAA==', file_size: 5, file_type: 'jpg', asset_id: d.assetId, asset_file_category: 'COVER' });
    const model = new PendingUploads();
    await model.refresh(client);
    assert.equal(emulator.state.assets.find((a) => a.asset_id === d.assetId)?.asset_state, 'ACTIVED');
    assert.deepEqual(model.groups().find((a) => a.assetId === d.assetId)?.files.map((f) => f.fileId), [d.page, cover.file_id]);
    assert.deepEqual(listed(model), serverPending());
  });

  it('lists CREATING files of assets in the recycle bin or to be taken offline, and says a frozen asset hides its files', async () => {
    const [binned, offline, frozen, deleted] = emulator.seedAssets([
      { asset_name: 'Binned', asset_type: 'IMAGE', asset_state: 'DELETING', files: [{ file_name: 'binned.png', state: 'CREATING' }] },
      { asset_name: 'Offline', asset_type: 'IMAGE', asset_state: 'WAITING_DELETE', files: [{ file_name: 'offline.png', state: 'CREATING' }] },
      { asset_name: 'Frozen', asset_type: 'IMAGE', asset_state: 'BLOCK', files: [{ file_name: 'frozen.png', state: 'CREATING' }] },
      { asset_name: 'Gone', asset_type: 'IMAGE', asset_state: 'DELETED', files: [{ file_name: 'gone.png', state: 'DELETED' }] },
    ]);
    const model = new PendingUploads();
    await model.refresh(client);
    const ids = listed(model);
    assert.ok(ids.includes(binned.file_ids[0]) && ids.includes(offline.file_ids[0]), 'CREATING files of DELETING and WAITING_DELETE assets are listed');
    const row = model.groups().find((a) => a.assetId === frozen.asset_id);
    assert.ok(row, 'a frozen asset has a row');
    assert.deepEqual(row.files, [], 'its files are hidden');
    assert.match(row.hiddenFiles ?? '', /frozen \(BLOCK\)/);
    assert.ok(!model.groups().some((a) => a.assetId === deleted.asset_id));
    // The CREATING files of DELETING and WAITING_DELETE assets can be confirmed.
    await client.confirmFileUpload(binned.file_ids[0], 'CANCELLED');
    await client.confirmFileUpload(offline.file_ids[0], 'CANCELLED');
  });

  it('asks ListAssets for every state that can hold a CREATING file, 100 assets a page, by create_time', async () => {
    await new PendingUploads().refresh(client);
    const list = events.find((e) => e.type === 'call' && e.operation === 'ListAssets');
    assert.ok(list && list.type === 'call');
    const query = new URLSearchParams(list.path.split('?')[1]);
    assert.equal(query.get('asset_state'), 'CREATING,FAILED,UNACTIVED,ACTIVED,BLOCK,WAITING_DELETE,DELETING');
    assert.equal(query.get('limit'), '100');
    assert.equal(query.get('sort_key'), 'create_time');
    assert.equal(query.get('sort_dir'), 'asc');
  });

  it('the emulator follows the API page: comma list of states, limit/offset, sort_key/sort_dir', async () => {
    emulator.seedBulk({ assets: 7, filesPerAsset: 1, uploaded: false });
    const all = await client.listAssets({ asset_state: ['CREATING', 'ACTIVED'], sort_key: 'create_time', sort_dir: 'asc', limit: 100 });
    assert.ok(all.assets.some((a) => a.asset_state === 'ACTIVED') && all.assets.some((a) => a.asset_state === 'CREATING'));
    const times = all.assets.map((a) => a.create_time!);
    assert.deepEqual(times, [...times].sort());
    const desc = await client.listAssets({ asset_state: ['CREATING', 'ACTIVED'], sort_key: 'create_time', sort_dir: 'desc', limit: 3, offset: 2 });
    assert.equal(desc.count, all.count);
    assert.deepEqual(desc.assets.map((a) => a.asset_id), [...all.assets].reverse().slice(2, 5).map((a) => a.asset_id));
    await assert.rejects(client.listAssets({ limit: 101 }), /limit must be an integer from 1 to 100/);
  });

  describe('complete while the assets change', () => {
    /** Before each page after the first is read: confirm 25 MAIN files and delete 3 assets listed earlier. */
    function changingReads(other: MetaStudioClient, onResolved: (fileId: string) => void = () => undefined) {
      const bulk = emulator.seedBulk({ assets: 400, filesPerAsset: 3, uploaded: true });
      const mains = bulk.filter((_, i) => i % 3 === 0);
      let confirmed = 0;
      let deleted = 0;
      const done = new Set<number>();
      const change = async (offset: number) => {
        // Four changes, at the first four offsets past 0 read: repair reads change nothing more.
        if (offset === 0 || done.has(offset) || done.size >= 4) {
          return;
        }
        done.add(offset);
        const batch = mains.slice(confirmed, confirmed + 25);
        confirmed += batch.length;
        // Taken before any await: pages are read concurrently, so changes run side by side.
        const from = 10 + deleted;
        deleted += 3;
        await other.confirmFileUploads(batch.map((f) => ({ fileId: f.file_id })), 'CREATED');
        batch.forEach((f) => onResolved(f.file_id));
        // Assets early in the listing leave it (deleted for good: the recycle bin is still listed): every later one moves forward.
        const order = emulator.state.assets.filter((a) => a.project_id === DEMO_PROJECT_ID && a.asset_state !== 'DELETING' && PENDING_ASSET_STATES.includes(a.asset_state)).sort((a, b) => a.create_time.localeCompare(b.create_time));
        for (const asset of order.slice(from, from + 3)) {
          await other.deleteAsset(asset.asset_id, { force: true });
        }
      };
      return { change, counts: () => ({ confirmed, deleted }), resolved: () => mains.slice(0, confirmed).map((f) => f.file_id) };
    }

    it('400 assets, 100 resolved and 12 deleted while the pages are read: every file still pending is listed', async () => {
      const other = newClient();
      const model = new PendingUploads();
      // Confirmed in this window, as Mark as Uploaded does: the model hears of each.
      const { change, counts, resolved } = changingReads(other, (id) => model.resolved(id));
      const source = {
        listAllAssets: (query: typeof PENDING_QUERY, signal?: AbortSignal, onPage?: (a: DigitalAssetInfo[]) => void) =>
          listEvery(async (offset, limit) => {
            await change(offset);
            return client.listAssets({ ...query, offset, limit }, signal);
          }, { signal, onPage }),
      };
      await model.refresh(source);
      await other.close();
      assert.deepEqual(counts(), { confirmed: 100, deleted: 12 });
      const missing = serverPending().filter((id) => !model.find(id));
      assert.deepEqual(missing, [], 'no pending file skipped');
      assert.equal(resolved().length, 100);
      assert.deepEqual(resolved().filter((id) => model.find(id)), [], 'no file resolved during the refresh is shown');
    });

    it('the same changes make plain offset paging skip pending files (what the overlap is for)', async () => {
      const other = newClient();
      const { change } = changingReads(other);
      const seen = new Set<string>();
      const first = await client.listAssets({ ...PENDING_QUERY, offset: 0, limit: 100 });
      first.assets.forEach((a) => (a.files ?? []).forEach((f) => seen.add(f.file_id)));
      for (let offset = 100; offset < first.count; offset += 100) {
        await change(offset);
        const page: AssetPage = await client.listAssets({ ...PENDING_QUERY, offset, limit: 100 });
        page.assets.forEach((a) => (a.files ?? []).forEach((f) => seen.add(f.file_id)));
      }
      await other.close();
      assert.ok(serverPending().some((id) => !seen.has(id)), 'plain paging misses some');
    });

    it('new assets created while the listing runs, past the first count, are read too', async () => {
      emulator.seedBulk({ assets: 198, filesPerAsset: 1, uploaded: false });
      const other = newClient();
      let added = false;
      const model = new PendingUploads();
      await model.refresh({
        listAllAssets: (query, signal, onPage) => listEvery(async (offset, limit) => {
          if (offset > 0 && !added) {
            added = true;
            for (let i = 0; i < 5; i++) {
              const a = await other.createDigitalAsset({ asset_name: `late ${i}`, asset_type: 'COMMON_FILE' });
              await other.createFile({ file_name: `late-${i}.bin`, file_md5: 'AAAAAAAAAAAAAAAAAAAAAA==', file_size: 3, file_type: 'bin', asset_id: a.asset_id, asset_file_category: 'MAIN' });
            }
          }
          return client.listAssets({ ...query, offset, limit }, signal);
        }, { signal, onPage }),
      });
      await other.close();
      const missing = serverPending().filter((id) => !model.find(id)).map((id) => emulator.state.files.find((f) => f.file_id === id)?.file_name);
      assert.deepEqual(missing, []);
      assert.deepEqual(listed(model), serverPending());
    });
  });

  it('lists the pending files of an account in mixed states (the listing benchmark\'s seed)', async () => {
    emulator.reset('none');
    const seeded = emulator.seedBulk({ assets: 400, filesPerAsset: 1, uploaded: false, mixed: true });
    assert.equal(seeded.length, 100);
    const states = new Set(seeded.map((f) => emulator.state.assets.find((a) => a.asset_id === f.asset_id)?.asset_state));
    assert.deepEqual([...states].sort(), ['ACTIVED', 'CREATING', 'FAILED', 'UNACTIVED']);
    const model = new PendingUploads();
    await model.refresh(client);
    assert.deepEqual(listed(model), seeded.map((f) => f.file_id).sort());
    const pages = events.filter((e) => e.type === 'call' && e.operation === 'ListAssets').length;
    assert.equal(pages, 5, '400 assets: pages at 0, 99, 198, 297 and 396');
  });

  it('a file confirmed in this window while the pages are read does not come back from a page read before', async () => {
    const model = new PendingUploads();
    await model.refresh(client);
    await model.refresh({
      listAllAssets: async (query, signal, onPage) => {
        const assets = await client.listAllAssets(query, signal, onPage);
        await client.confirmFileUpload(DEMO_IDS.jingleMain, 'CREATED'); // as Mark as Uploaded does, meanwhile
        model.resolved(DEMO_IDS.jingleMain);
        return assets;
      },
    });
    assert.equal(model.find(DEMO_IDS.jingleMain), undefined);
    assert.deepEqual(listed(model), serverPending());
  });

  it('shows the first rows as soon as the first page arrives, the rest as pages come', async () => {
    emulator.seedBulk({ assets: 450, filesPerAsset: 1, uploaded: false });
    const model = new PendingUploads();
    const counts: number[] = [];
    const read: number[] = [];
    model.onDidChange(() => counts.push(model.count));
    await model.refresh(client, undefined, (n) => read.push(n));
    assert.ok(counts.length >= 5, `the view changed ${counts.length} times`);
    assert.ok(counts[0] > 0 && counts[0] < model.count, `first rows (${counts[0]}) before the last page (${model.count})`);
    assert.deepEqual(read, [...read].sort((a, b) => a - b));
    assert.equal(read.at(-1), emulator.state.assets.filter((a) => PENDING_ASSET_STATES.includes(a.asset_state)).length);
  });

  it('lists an asset left CREATING with no file (a cancelled upload) as an empty leftover', async () => {
    const empty = await client.createDigitalAsset({ asset_name: 'Never uploaded', asset_type: 'VIDEO' });
    const d = await deck('Cancelled deck');
    for (const id of [d.main, d.cover, d.page]) {
      await client.confirmFileUpload(id, 'CANCELLED');
    }
    const model = new PendingUploads();
    await model.refresh(client);
    const leftovers = model.groups().filter((a) => a.leftover).map((a) => a.assetId).sort();
    assert.deepEqual(leftovers, [empty.asset_id, d.assetId].sort());
    assert.ok(!model.groups().some((a) => a.assetId === DEMO_IDS.logoAsset), 'an asset with files is not a leftover');
    model.removedAsset(empty.asset_id);
    assert.ok(!model.groups().some((a) => a.assetId === empty.asset_id));
  });
});
