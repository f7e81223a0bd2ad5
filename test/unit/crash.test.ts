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
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { MetaStudioClient } from '../../src/client';
import { PendingUploads, type PendingFile } from '../../src/pending/model';
import { FileRecordStore, MemoryUrlVault, RecordWriteError, type UploadRecord } from '../../src/pending/records';
import { offerOf, reconcileStored, showUploads, urlLostReason, urlsLost } from '../../src/pending/recovery';
import { Uploader } from '../../src/pending/upload';
import { UploadLocks } from '../../src/pending/uploadLock';
import { DEMO_ACCOUNT, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';
import { windowOn } from '../support/crash/recover';
import { createdViolations, recordsLeftViolations, runPoint, shownViolations, whereIn, type Outcome } from '../support/crash/harness';
import type { FileRecord } from '../emulator/types';
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
    const where = whereIn(emulator, dir);
    const window = windowOn(where);
    try {
      const asset = await window.client.createDigitalAsset({ asset_name: 'Grace', asset_type: 'VIDEO' });
      const record: UploadRecord = {
        id: 'cut-short', endpoint: emulator.url, projectId: DEMO_PROJECT_ID, localPath: path.join(dir, 'a.mp4'), fileName: 'a.mp4', fileType: 'mp4', contentType: 'video/mp4', size: 10, mtimeMs: 1,
        md5: 'AAAAAAAAAAAAAAAAAAAAAA==', assetId: asset.asset_id, assetName: 'Grace', category: 'MAIN', step: 'creating', createdAt: Date.now(), updatedAt: Date.now(),
      };
      await window.records.save(record);
      const reconcile = () => reconcileStored(window.client, window.records, window.urls, window.locks, { endpoint: emulator.url, projectId: DEMO_PROJECT_ID }, new Set());
      const release = await new UploadLocks(path.join(where.storage, 'uploads', 'locks')).acquire(record.id);
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

    it('a part PUT after the confirm of a large file is found', async () => {
      const outcome = await runPoint(emulator, root, point('kill:forget.removed:existing-parts'), 904, async () => {
        const file = emulator.state.files[0];
        await fetch(file.multipart!.upload_urls[0], { method: 'PUT', body: Buffer.alloc(16) });
      });
      assert.match(outcome.violations.join('\n'), /was sent 1 part PUTs after its confirm/);
    });

    it('an upload URL in SecretStorage that no record leads to is found, and one written to the logs', async () => {
      const outcome = await runPoint(emulator, root, point('kill:put.before:existing-small'), 905, (where) => {
        mkdirSync(where.vault, { recursive: true });
        writeFileSync(path.join(where.vault, 'no-such-record'), emulator.state.files[0].upload_url);
        mkdirSync(where.logs, { recursive: true });
        writeFileSync(path.join(where.logs, 'extension.log'), `PUT ${emulator.state.files[0].upload_url}`);
      });
      assert.match(outcome.violations.join('\n'), /an upload URL is kept in SecretStorage for no-such-record, which no record leads to/);
      assert.match(outcome.violations.join('\n'), /logs\/extension\.log holds part of an upload URL/);
    });

    it('a record kept without a true reason, or not shown, is found', () => {
      const file = { file_id: 'f1', file_name: 'a.mp4', state: 'CREATING' } as FileRecord;
      const record = { ...keptRecord, fileId: 'f1', step: 'uploading' } as UploadRecord;
      const row = (extra: Partial<PendingFile>): PendingFile => ({ fileId: 'f1', assetId: 'asset', assetName: 'A', fileName: 'a.mp4', state: 'CREATING', upload: record, ...extra });
      const now = record.createdAt;
      assert.deepEqual(shownViolations([record], [row({ lastError: 'The disk is full.' })], [file], now), [], 'a row with its reason and Resume');
      assert.deepEqual(shownViolations([record], [row({})], [file], now), ['a.mp4 is shown at step uploading (resumable) with no reason']);
      assert.deepEqual(shownViolations([record], [row({ urlLost: true, lastError: 'Resume was refused.' })], [file], now), ['a.mp4 has no upload URL saved but its row says: Resume was refused.']);
      assert.deepEqual(shownViolations([record], [], [file], now), ['record of a.mp4 at step uploading is not shown under This machine']);
    });

    it('a file CREATED twice, two files CREATED, or one left CREATING after the way on is found', () => {
      const file = (file_id: string, state: FileRecord['state']) => ({ file_id, file_name: 'a.mp4', state }) as FileRecord;
      const ok = (file_id: string) => ({ file_id, state: 'CREATED', status: 200, time: '' });
      assert.deepEqual(createdViolations('a.mp4', [file('f1', 'CANCELLED'), file('f2', 'CREATED')], [ok('f2')], true), [], 'the way on: the kept one CANCELLED, the new one CREATED');
      assert.deepEqual(createdViolations('a.mp4', [file('f1', 'CREATED')], [ok('f1'), ok('f1')]), ['f1 was confirmed CREATED 2 times']);
      assert.deepEqual(createdViolations('a.mp4', [file('f1', 'CREATED'), file('f2', 'CREATED')], [ok('f1'), ok('f2')]), ['a.mp4 ends CREATED 2 times (states: CREATED, CREATED)']);
      assert.deepEqual(createdViolations('a.mp4', [file('f1', 'FAILED')], []), ['f1 (a.mp4) ended FAILED with no one choosing it']);
      assert.deepEqual(createdViolations('a.mp4', [file('f1', 'CREATING')], [], true), ['a.mp4 ends CREATED 0 times (states: CREATING)', 'f1 (a.mp4) is still CREATING after the way on was followed']);
    });

    it('a record left after the way on was followed is found', () => {
      assert.deepEqual(recordsLeftViolations([{ ...keptRecord, fileId: 'f1', step: 'confirming' } as UploadRecord]), ['record of a.mp4 (f1, step confirming) left after the way on was followed']);
      assert.deepEqual(recordsLeftViolations([]), []);
    });

    it('a torn record is reported as unreadable', async () => {
      const outcome = await runPoint(emulator, root, point('kill:put.before:existing-small'), 902, (where) => {
        writeFileSync(path.join(where.storage, 'uploads', 'torn.json'), '{"id": "torn", "localPa');
      });
      assert.match(outcome.violations.join('\n'), /record torn\.json read back unreadable: it is not whole JSON/);
    });
  });
});

const keptRecord = {
  id: 'kept', endpoint: 'https://metastudio.example', projectId: 'p', localPath: '/x/a.mp4', fileName: 'a.mp4', fileType: 'mp4', contentType: 'video/mp4', size: 3, mtimeMs: 1,
  md5: 'AAAAAAAAAAAAAAAAAAAAAA==', assetId: 'asset', assetName: 'A', category: 'MAIN', createdAt: 1_000_000, updatedAt: 1_000_000,
};

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

  it('at start, removes the temp files a crashed write left (ours, by name, their process gone), and never reads one back', async () => {
    const dead = deadPid();
    const names = [`ok.json.${dead}.7.0a1b2c3d.tmp`, `ok.json.${process.pid}.8.0a1b2c3d.tmp`, 'notes.tmp', `ok.json.${dead}.tmp`];
    for (const name of names) {
      writeFileSync(path.join(dir, name), JSON.stringify(valid));
    }
    const store = new FileRecordStore(dir);
    assert.deepEqual(await store.list(), [], 'a temp file is never a record');
    assert.deepEqual(readdirSync(dir).sort(), names.slice(1).sort(), "the dead writer's temp file goes; this process's and names not ours stay");
  });
});

describe('upload locks left by a crash', () => {
  it('at start, sweeps a dead window\'s lock (under its claim), claim and takeover temp file; a live window\'s lock stays', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ms-locks-'));
    try {
      const dead = JSON.stringify({ owner: `${deadPid()}-x`, token: 't', pid: deadPid(), host: hostname() });
      writeFileSync(path.join(dir, 'gone.lock'), dead);
      writeFileSync(path.join(dir, 'gone.lock.t.claim'), dead);
      writeFileSync(path.join(dir, 'gone.lock.0b9f6f8e-4c1a-4d5e-9a6b-1c2d3e4f5a6b.tmp'), dead);
      writeFileSync(path.join(dir, 'live.lock'), JSON.stringify({ owner: 'this', token: 'l', pid: process.pid, host: hostname() }));
      const points: string[] = [];
      await new UploadLocks(dir, Date.now, undefined, (p) => points.push(p)).sweep();
      assert.deepEqual(readdirSync(dir).sort(), ['live.lock']);
      assert.deepEqual(points, ['lock.claimed', 'lock.swept']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('an upload URL not saved', () => {
  it('is offered Upload in Place, not Resume, and its row says why; a refused Resume saves its reason on the record', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ms-urllost-'));
    try {
      const store = new FileRecordStore(dir);
      const record = { ...keptRecord, fileId: 'f1', step: 'uploading', urlExpiresAt: Date.now() + 3600_000 } as UploadRecord;
      await store.save(record);
      const urls = new MemoryUrlVault();
      assert.deepEqual([...(await urlsLost([record], urls))], ['kept']);
      assert.equal(offerOf(record, Date.now(), false), 'urlLost');
      await urls.set('kept', 'https://obs.example/put');
      assert.deepEqual([...(await urlsLost([record], urls))], []);
      assert.equal(offerOf(record, Date.now()), 'resumable');
      await urls.delete('kept');

      const model = new PendingUploads();
      await showUploads(model, [record], urls, undefined, new Set());
      const [row] = model.localUploads();
      assert.equal(row.urlLost, true);
      assert.equal(row.lastError, urlLostReason(record).lastError);
      assert.equal(row.lastFailure?.reason, 'url-not-saved');
      assert.match(row.lastError!, /^The upload URL of a\.mp4 \(f1\) was not saved on this machine, so it cannot be resumed/);

      const client = new MetaStudioClient({ endpoint: 'https://metastudio.example', region: 'cn-north-4', projectId: 'p', credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk } });
      try {
        await assert.rejects(new Uploader(client, store, urls).resume({ ...record }), /no longer on this machine/);
        assert.match((await store.list())[0].lastError ?? '', /The upload URL of a\.mp4 is no longer on this machine/, 'the refusal is the row\'s reason after a reload too');
      } finally {
        await client.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The pid of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

