// One budget per API, at MetaStudio's published limit for the region, shared by every client of a
// tenant: against an emulator that enforces the same per-API limits, our own pace meets no 429.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MetaStudioClient, type Credentials, type MetaStudioClientOptions } from '../../src/client';
import { tenantKey } from '../../src/client/credentials';
import { RateBudgets, sharedBudgets } from '../../src/client/rateLimit';
import { FileRecordStore, MemoryUrlVault } from '../../src/pending/records';
import { Uploader } from '../../src/pending/upload';
import { DEMO_ACCOUNT, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';

const AKSK: Credentials = { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk };

describe('rate budgets', () => {
  it('gives each API its published limit: cn-north-4 listing 20/s, creating and confirming 10/s; half elsewhere', () => {
    const north = new RateBudgets('cn-north-4');
    const rates = (budgets: RateBudgets) =>
      ['ListAssets', 'ShowAsset', 'CreateDigitalAsset', 'CreateFile', 'CreateLargeFile', 'ConfirmFileUpload', 'DeleteFile', 'DeleteAsset'].map((op) => budgets.rateOf(op));
    assert.deepEqual(rates(north), [20, 20, 10, 10, 10, 10, 10, 10]);
    assert.deepEqual(rates(new RateBudgets('ap-southeast-3')), [10, 10, 5, 5, 5, 5, 5, 5]);
    assert.deepEqual(rates(new RateBudgets('cn-east-3')), [10, 10, 5, 5, 5, 5, 5, 5]);
    assert.deepEqual(rates(new RateBudgets('somewhere-new')), [10, 10, 5, 5, 5, 5, 5, 5], 'a region we do not know gets the lower figures');
    assert.notEqual(north.limiter('ListAssets'), north.limiter('ConfirmFileUpload'));
  });

  it('caps every budget with metastudio.rateLimit, never raises one, and the latest cap applies to budgets in use', () => {
    const budgets = new RateBudgets('cn-north-4');
    budgets.limiter('ListAssets');
    budgets.setCap(4);
    assert.deepEqual([budgets.rateOf('ListAssets'), budgets.rateOf('ConfirmFileUpload')], [4, 4]);
    budgets.setCap(50);
    assert.deepEqual([budgets.rateOf('ListAssets'), budgets.rateOf('ConfirmFileUpload')], [20, 10]);
    budgets.setCap(0);
    assert.deepEqual([budgets.rateOf('ListAssets'), budgets.rateOf('ConfirmFileUpload')], [20, 10]);
  });

  it('keys a tenant by endpoint, region, project and whose credentials, with no secret in the key', () => {
    const key = tenantKey('https://metastudio.cn-north-4.myhuaweicloud.com', 'cn-north-4', 'p1', AKSK);
    assert.match(key, /^[0-9a-f]{32}$/);
    assert.ok(!key.includes(DEMO_ACCOUNT.sk) && !key.includes(DEMO_ACCOUNT.ak));
    assert.equal(tenantKey('https://metastudio.cn-north-4.myhuaweicloud.com', 'cn-north-4', 'p1', { ...AKSK, sk: 'another-secret-key-0000' }), key, 'the SK is not part of who it is');
    assert.notEqual(tenantKey('https://metastudio.cn-north-4.myhuaweicloud.com', 'cn-north-4', 'p2', AKSK), key);
    assert.notEqual(tenantKey('https://metastudio.cn-north-4.myhuaweicloud.com', 'cn-north-4', 'p1', { ...AKSK, ak: 'OTHERAKOTHERAK0000' }), key);
    assert.equal(sharedBudgets(key, 'cn-north-4'), sharedBudgets(key, 'cn-north-4'));
  });

  describe('against an emulator enforcing the published per-API limits', function () {
    this.timeout(60_000);
    let emulator: Emulator;
    const clients: MetaStudioClient[] = [];
    const client = (options: Partial<MetaStudioClientOptions> = {}) => {
      const made = new MetaStudioClient({
        endpoint: emulator.url, iamEndpoint: emulator.url, region: 'cn-north-4', projectId: DEMO_PROJECT_ID, credentials: AKSK,
        retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20 }, ...options,
      });
      clients.push(made);
      return made;
    };

    before(async () => {
      emulator = await startEmulator({ seed: 'none', apiRateLimits: 'cn-north-4' });
    });
    after(async () => {
      await Promise.all(clients.map((c) => c.close()));
      await emulator.close();
    });

    it('shares the budgets between the client of running work and the one built after a settings change', () => {
      const before = client();
      const after = client({ rateLimitPerSecond: 8 });
      assert.equal(before.transport.budgets, after.transport.budgets);
      assert.equal(before.transport.budgets!.rateOf('ListAssets'), 8, 'the newer setting caps the running work too');
      assert.equal(client({ rateLimitPerSecond: 0 }).transport.budgets, undefined, '0 in the client options: no limit at all');
      assert.notEqual(client({ credentials: { kind: 'aksk', ak: 'ANOTHERAK0000000', sk: 'another-secret-key-0000' } }).transport.budgets, before.transport.budgets);
      before.transport.budgets!.setCap(0);
    });

    it('uploads many small files through two clients of one tenant while the listing runs, and meets no 429', async () => {
      const seeded = emulator.seedBulk({ assets: 2500, filesPerAsset: 1, uploaded: false }); // 25 pages of ListAssets
      const dir = mkdtempSync(path.join(tmpdir(), 'ms-budgets-'));
      const records = new FileRecordStore(path.join(dir, 'records'));
      const urls = new MemoryUrlVault();
      const first = client();
      const second = client(); // built after a "settings change"; the first still runs its half
      const files = Array.from({ length: 24 }, (_, i) => {
        const full = path.join(dir, `page-${i}.png`);
        writeFileSync(full, `image ${i}`);
        return full;
      });
      const listing = first.listAllAssets({ asset_state: ['CREATING'] });
      const results = await Promise.all(files.map((file, i) =>
        new Uploader(i % 2 ? second : first, records, urls, { putRetries: 0 }).upload(file, { kind: 'new', assetName: `page ${i}`, assetType: 'IMAGE' })));
      // The uploads' new assets may be listed too: they are CREATING while the pages are read.
      const listed = new Set((await listing).map((a) => a.asset_id));
      assert.deepEqual(seeded.filter((f) => !listed.has(f.asset_id)), []);
      assert.deepEqual(new Set(results.map((r) => r.state)), new Set(['CREATED']));
      assert.equal(emulator.counters.throttled, 0);
    });
  });
});
