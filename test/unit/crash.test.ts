// Crash anywhere, lose nothing: an upload's process is killed at every step boundary (before and
// after each record write, between a record's write and its rename and between the rename and the
// folder's fsync, each call before sending, applied but unanswered and answered, during the MD5 and
// the PUT, during a Resume), or a record's write fails as a full or read-only disk does. After each,
// a new process on the same storage folder does what the extension does after a reload, and the
// emulator's state is checked: nothing lost, nothing confirmed twice, no URL outside the secret store.
//
// CI runs a seeded sample holding every boundary; CRASH_FULL=1 runs all points; CRASH_SEED=<n> picks
// the sample; CRASH_POINT=<id> runs one point.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileRecordStore, RecordWriteError, type UploadRecord } from '../../src/pending/records';
import { reconcileStored } from '../../src/pending/recovery';
import { UploadLocks } from '../../src/pending/uploadLock';
import { DEMO_ACCOUNT, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';
import { windowOn } from '../support/crash/recover';
import { runPoint, type Outcome } from '../support/crash/harness';
import { catalogue, choose } from '../support/crash/points';

/** Points in `npm test`: every boundary once, and some more; the full catalogue with CRASH_FULL=1. */
const CI_POINTS = 100;

describe('crash points: an upload killed anywhere loses nothing', function () {
  this.timeout(30 * 60_000);
  let emulator: Emulator;
  let root: string;

  before(async () => {
    emulator = await startEmulator({ seed: 'none' });
    root = mkdtempSync(path.join(tmpdir(), 'ms-crash-'));
  });
  after(async () => {
    await emulator.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('kills or fails the flow at the chosen points, recovers in a new process, and finds every file CREATED once or pending with a way on', async () => {
    const seed = Number(process.env.CRASH_SEED ?? 20);
    const full = process.env.CRASH_FULL === '1';
    const only = process.env.CRASH_POINT;
    const points = only ? catalogue().filter((p) => p.id === only) : choose(seed, full ? Infinity : CI_POINTS);
    assert.ok(points.length > 0, `no crash point ${only}`);
    const outcomes: Outcome[] = [];
    for (const [index, point] of points.entries()) {
      outcomes.push(await runPoint(emulator, root, point, index));
    }
    const kinds = new Map<string, number>();
    outcomes.forEach((o) => kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1));
    const lost = outcomes.filter((o) => o.violations.length > 0);
    const rerun = only ? `CRASH_POINT='${only}'` : `CRASH_SEED=${seed}${full ? ' CRASH_FULL=1' : ''}`;
    console.log([
      `      crash points tried: ${points.length} of ${catalogue().length} (seed ${seed}${full ? ', full' : ''})`,
      ...[...kinds].sort().map(([kind, n]) => `        ${String(n).padStart(4)}  ${kind}`),
      `      lost: ${lost.length}`,
      `      reproduce: ${rerun} MOCHA_GREP='crash points' node scripts/run-mocha.js out/test/unit`,
    ].join('\n'));
    assert.deepEqual(lost.map((o) => `${o.id}: ${o.violations.join('; ')}`), []);
  });

  it('reconciles at once a record cut short before CreateFile answered when no live window holds it, and leaves one a live window holds', async () => {
    emulator.reset('none');
    const dir = mkdtempSync(path.join(root, 'grace-'));
    const where = { endpoint: emulator.url, ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk, projectId: DEMO_PROJECT_ID, storage: dir, vault: path.join(dir, '..', 'grace-secrets') };
    const window = windowOn(where);
    try {
      const asset = await window.client.createDigitalAsset({ asset_name: 'Grace', asset_type: 'VIDEO' });
      const record: UploadRecord = {
        id: 'cut-short', endpoint: emulator.url, projectId: DEMO_PROJECT_ID, localPath: path.join(dir, 'a.mp4'), fileName: 'a.mp4', fileType: 'mp4', contentType: 'video/mp4', size: 10, mtimeMs: 1,
        md5: 'AAAAAAAAAAAAAAAAAAAAAA==', assetId: asset.asset_id, assetName: 'Grace', category: 'MAIN', step: 'creating', createdAt: Date.now(), updatedAt: Date.now(),
      };
      await window.records.save(record);
      const reconcile = () => reconcileStored(window.client, window.records, window.urls, window.locks, { endpoint: emulator.url, projectId: DEMO_PROJECT_ID }, new Set());
      const release = await new UploadLocks(path.join(dir, 'uploads', 'locks')).acquire(record.id);
      assert.equal(await reconcile(), 0, 'another live window holds it: its CreateFile may be on its way');
      await release!();
      assert.equal(await reconcile(), 1, 'no window holds it: MetaStudio has no such file, so it goes at once');
      assert.deepEqual(await window.records.list(), []);
    } finally {
      await window.client.close();
    }
  });

  describe('each check can fail', () => {
    const point = (id: string) => catalogue().find((p) => p.id === id)!;

    it('a file MetaStudio made whose record is lost is found CREATING with no record', async () => {
      const outcome = await runPoint(emulator, root, point('held:create:new-small'), 900, (where) => rmSync(path.join(where.storage, 'uploads'), { recursive: true }));
      assert.match(outcome.violations.join('\n'), /is CREATING with no record on this machine/);
    });

    it('an upload URL written into the storage folder is found', async () => {
      const outcome = await runPoint(emulator, root, point('kill:put.before:existing-small'), 901, (where) => {
        writeFileSync(path.join(where.storage, 'leak.log'), emulator.state.files[0].upload_url);
      });
      assert.match(outcome.violations.join('\n'), /leak\.log holds part of an upload URL or the secret key/);
    });

    it('a complete PUT after the confirm is found', async () => {
      const outcome = await runPoint(emulator, root, point('kill:forget.removed:existing-small'), 903, async (where) => {
        const file = emulator.state.files[0];
        const body = readFileSync(path.join(path.dirname(where.storage), file.file_name));
        await fetch(file.upload_url, { method: 'PUT', headers: { 'content-type': file.content_type, 'content-md5': file.file_md5 }, body });
      });
      assert.match(outcome.violations.join('\n'), /was PUT completely 1 times after its confirm/);
    });

    it('a torn record is reported as unreadable', async () => {
      const outcome = await runPoint(emulator, root, point('kill:put.before:existing-small'), 902, (where) => {
        writeFileSync(path.join(where.storage, 'uploads', 'torn.json'), '{"id": "torn", "localPa');
      });
      assert.match(outcome.violations.join('\n'), /record torn\.json read back unreadable: it is not whole JSON/);
    });
  });
});

describe('records read back', () => {
  let dir: string;
  const valid: UploadRecord = {
    id: 'ok', endpoint: 'https://metastudio.example', projectId: 'p', localPath: '/x/a.mp4', fileName: 'a.mp4', fileType: 'mp4', contentType: 'video/mp4', size: 3, mtimeMs: 1,
    md5: 'AAAAAAAAAAAAAAAAAAAAAA==', assetId: 'asset', assetName: 'A', category: 'MAIN', fileId: 'f', urlExpiresAt: 5, step: 'uploading', createdAt: 1, updatedAt: 2,
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ms-records-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('trusts only whole records of the right shape; a torn, empty or wrong one is reported with why', async () => {
    const store = new FileRecordStore(dir);
    await store.save(valid);
    const bad: Record<string, string> = {
      'torn.json': JSON.stringify(valid).slice(0, 40),
      'empty.json': '',
      'array.json': '[]',
      'no-size.json': JSON.stringify({ ...valid, id: 'no-size', size: '3' }),
      'odd-step.json': JSON.stringify({ ...valid, id: 'odd-step', step: 'done' }),
      'no-file-id.json': JSON.stringify({ ...valid, id: 'no-file-id', fileId: undefined }),
    };
    for (const [name, text] of Object.entries(bad)) {
      writeFileSync(path.join(dir, name), text);
    }
    writeFileSync(path.join(dir, 'ok.json.123.tmp'), '{');
    const { records, unreadable } = await store.read();
    // Whole JSON of the wrong shape is shown as damaged (recordShape.ts): never trusted, never dropped.
    assert.deepEqual(records.filter((r) => !r.damaged), [valid]);
    const damaged = records.filter((r) => r.damaged);
    assert.deepEqual(damaged.map((r) => r.id).sort(), ['no-file-id', 'no-size', 'odd-step']);
    assert.ok(damaged.every((r) => typeof r.damaged === 'string' && r.damaged.length > 0 && r.lastError), 'each damaged record says why and what to do');
    assert.deepEqual(Object.fromEntries(unreadable.map((u) => [u.name, u.why])), {
      'torn.json': 'it is not whole JSON (empty or cut short)',
      'empty.json': 'it is not whole JSON (empty or cut short)',
      'array.json': 'it is not an upload record (it has no id)',
    });
    assert.deepEqual((await store.list()).filter((r) => !r.damaged), [valid]);
  });

  it('a write that fails says which file, why, and that Resume goes on; the record before stays whole', async () => {
    const store = new FileRecordStore(dir, (point) => {
      if (point === 'record.uploaded.written') {
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      }
    });
    await store.save(valid);
    const error = await store.save({ ...valid, step: 'uploaded' }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof RecordWriteError);
    assert.equal(error.message, "The upload record of a.mp4 could not be saved on this machine: the disk is full. a.mp4 stays where its last saved step says; free space or fix the folder's permissions, then Resume the upload.");
    assert.deepEqual((await store.list()).map((r) => r.step), ['uploading']);
  });
});
