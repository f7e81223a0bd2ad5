// Large files (CreateLargeFile) against the emulator, with the threshold and part size lowered so the
// files stay small: parts within OBS's rules, faults in the middle of a part, a Resume that sends only
// the missing parts, an expired part URL, a cancel, and the emulator holding the client to our reading
// of the API (largeFileRules.ts). One more run, over 5 GiB, only when asked (see the README).
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MetaStudioClient, MetaStudioError, putFile } from '../../src/client';
import { Slots } from '../../src/client/batch';
import { isStopped, stoppedError } from '../../src/client/errors';
import { MAX_LARGE_FILE_BYTES, MAX_PART_BYTES, MAX_PARTS, MIN_PART_BYTES, partsOf, partSizesProblem, planParts } from '../../src/client/largeFileRules';
import { FileRecordStore, MemoryUrlVault, type UploadRecord } from '../../src/pending/records';
import { MAX_PARTS_IN_FLIGHT } from '../../src/pending/largeUpload';
import { Uploader } from '../../src/pending/upload';
import { DEMO_ACCOUNT, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

describe('part plans', function () {
  it('keep OBS\'s part rules and CreateLargeFile\'s 100 parts, from 1 byte to 500 GiB', function () {
    for (const size of [1, MIN_PART_BYTES - 1, MIN_PART_BYTES + 1, 150 * KiB, 64 * MiB, 64 * MiB + 1, 5 * GiB + 1, 6.4 * GiB, 99 * GiB + 7, MAX_LARGE_FILE_BYTES]) {
      const plan = planParts(Math.floor(size));
      const parts = partsOf(Math.floor(size), plan);
      assert.equal(partSizesProblem(parts.map((p) => p.size)), undefined, `size ${size}`);
      assert.equal(parts.reduce((sum, p) => sum + p.size, 0), Math.floor(size));
      assert.ok(parts.length <= MAX_PARTS && parts.every((p) => p.size > 0 && p.size <= MAX_PART_BYTES));
    }
    assert.equal(planParts(MAX_LARGE_FILE_BYTES).count, 100);
    assert.equal(planParts(150 * KiB, 1).count, 2, 'a target under 100 KiB is raised to it');
    assert.equal(planParts(6 * GiB).partSize, 64 * MiB);
    assert.throws(() => planParts(0), RangeError);
    assert.throws(() => planParts(MAX_LARGE_FILE_BYTES + 1), RangeError);
  });

  it('name what breaks the rules', function () {
    assert.match(partSizesProblem([50 * KiB, 200 * KiB]) ?? '', /part 1 is under/);
    assert.equal(partSizesProblem([200 * KiB, 1]), undefined, 'the last part may be small');
    assert.match(partSizesProblem(new Array(101).fill(MIN_PART_BYTES)) ?? '', /1 to 100 parts/);
  });
});

describe('Slots (the window\'s cap on parts in flight)', function () {
  it('runs at most its size at once; a waiter cancelled leaves the queue with a cancelled error; the slots pass on in turn', async () => {
    const slots = new Slots(2);
    const order: string[] = [];
    const gates = new Map<string, () => void>();
    const task = (name: string) => () => new Promise<string>((resolve) => gates.set(name, () => (order.push(name), resolve(name))));
    const a = slots.run(task('a'));
    const b = slots.run(task('b'));
    const cancel = new AbortController();
    const c = slots.run(task('c'), cancel.signal);
    const d = slots.run(task('d'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual([...gates.keys()], ['a', 'b'], 'two at once');
    cancel.abort();
    await assert.rejects(c, (e: MetaStudioError) => e.kind === 'cancelled');
    gates.get('a')!();
    await a;
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual([...gates.keys()], ['a', 'b', 'd'], 'the freed slot goes to the next waiter, not the cancelled one');
    gates.get('b')!();
    gates.get('d')!();
    assert.deepEqual(await Promise.all([b, d]), ['b', 'd']);
    await assert.rejects(slots.run(task('e'), AbortSignal.abort()), (e: MetaStudioError) => e.kind === 'cancelled');
    assert.equal(await slots.run(async () => 'f'), 'f');
  });
});

describe('large files against the emulator', function () {
  let emulator: Emulator;
  let client: MetaStudioClient;
  let dir: string;
  let records: FileRecordStore;
  let urls: MemoryUrlVault;
  const PART = 128 * KiB;
  const SIZE = 9 * PART - 1000; // 9 parts, the last shorter

  const file = (name: string, bytes: number) => {
    const full = path.join(dir, name);
    const content = Buffer.alloc(bytes);
    for (let i = 0; i < bytes; i += 4096) {
      content.write(`${name}@${i};`, i); // every part different, so a part in the wrong place shows
    }
    writeFileSync(full, content);
    return full;
  };
  const serverFile = (fileId: string) => emulator.state.files.find((f) => f.file_id === fileId);
  const uploader = (options: ConstructorParameters<typeof Uploader>[3] = {}) =>
    new Uploader(client, records, urls, { largeFileBytes: 1 * MiB / 2, partBytes: PART, partsInFlight: 3, ...options });
  const video = { kind: 'new' as const, assetName: 'Film', assetType: 'VIDEO' as const };

  /** Starts an upload whose parts `cut` are cut in the middle: it stops, resumable, with its record. */
  async function stopped(name: string, cut: number[], mtimeSeconds?: number): Promise<UploadRecord> {
    emulator.setFaults({ obsCutParts: { parts: cut, afterBytes: 50 * KiB } });
    const local = file(name, SIZE);
    if (mtimeSeconds !== undefined) {
      utimesSync(local, mtimeSeconds, mtimeSeconds);
    }
    await assert.rejects(uploader().upload(local, video), (e: MetaStudioError) => {
      assert.match(e.message, new RegExp(`${name} stays pending under This machine with ${cut.length} of 9 parts to send: Resume sends only those`));
      assert.equal(e.kind, 'network');
      return true;
    });
    emulator.setFaults({});
    const [record] = await records.list();
    return record;
  }

  before(async () => {
    emulator = await startEmulator({ seed: 'none' });
  });
  beforeEach(() => {
    emulator.reset('none');
    dir = mkdtempSync(path.join(tmpdir(), 'ms-large-'));
    records = new FileRecordStore(path.join(dir, 'records'));
    urls = new MemoryUrlVault();
    client = new MetaStudioClient({ endpoint: emulator.url, iamEndpoint: emulator.url, region: 'cn-north-4', projectId: DEMO_PROJECT_ID, credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk }, rateLimitPerSecond: 0, retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 5 } });
  });
  afterEach(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  after(() => emulator.close());

  it('uploads in parts through CreateLargeFile, several at once, and the confirm merges them', async () => {
    const local = file('film.mp4', SIZE);
    const phases = new Set<string>();
    let seen = 0;
    const result = await uploader().upload(local, video, { onProgress: (phase, bytes, total) => {
      phases.add(phase);
      assert.equal(total, SIZE);
      assert.ok(bytes >= 0 && bytes <= SIZE);
      seen = Math.max(seen, bytes);
    } });
    assert.equal(result.state, 'CREATED');
    assert.deepEqual([...phases], ['creating', 'uploading', 'confirming'], 'no MD5 pass over a large file');
    assert.equal(seen, SIZE);
    const server = serverFile(result.fileId)!;
    assert.equal(server.state, 'CREATED');
    assert.equal(server.uploaded, true);
    assert.equal(server.file_size, SIZE);
    assert.equal(server.multipart?.count, 9);
    assert.deepEqual([...server.multipart!.received].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9], 'each part once');
    const bytes = readFileSync(local);
    for (let n = 1; n <= 9; n++) {
      const slice = bytes.subarray((n - 1) * PART, Math.min(SIZE, n * PART));
      assert.equal(server.multipart!.parts[n].etag, `"${createHash('md5').update(slice).digest('hex')}"`, `part ${n} holds its own bytes`);
    }
    assert.deepEqual(await records.list(), []);
  });

  it(`sends at most ${MAX_PARTS_IN_FLIGHT} parts at once in a window, over every large file, each file at most its partsInFlight`, async () => {
    // Three files of 9 parts at 8 parts each would be 24 connections; the parts are read slowly so they overlap.
    emulator.setFaults({ obsBytesPerSecond: 1 * MiB });
    let now = 0;
    let most = 0;
    const perFile = new Map<string, number>();
    let mostOfOne = 0;
    const counted = Object.create(client) as MetaStudioClient;
    counted.putFile = async (options) => {
      const key = options.path;
      now++;
      perFile.set(key, (perFile.get(key) ?? 0) + 1);
      most = Math.max(most, now);
      mostOfOne = Math.max(mostOfOne, perFile.get(key)!);
      try {
        return await client.putFile(options);
      } finally {
        now--;
        perFile.set(key, perFile.get(key)! - 1);
      }
    };
    const results = await Promise.all(['a.mp4', 'b.mp4', 'c.mp4'].map((name) =>
      new Uploader(counted, records, urls, { largeFileBytes: MiB / 2, partBytes: PART, partsInFlight: 8 }).upload(file(name, SIZE), { ...video, assetName: `Film ${name}` })));
    emulator.setFaults({});
    assert.deepEqual(results.map((r) => r.state), ['CREATED', 'CREATED', 'CREATED']);
    assert.equal(most, MAX_PARTS_IN_FLIGHT);
    assert.equal(mostOfOne, 8);
  });

  it('keeps the upload resumable when parts are cut in the middle, with the ETags of the parts that landed', async () => {
    const record = await stopped('cut.mp4', [3, 7]);
    assert.equal(record.step, 'uploading');
    assert.equal(record.parts?.count, 9);
    assert.deepEqual(record.parts!.etags.map((e, i) => (e === null ? i + 1 : 0)).filter(Boolean), [3, 7]);
    assert.ok(record.parts!.etags.every((e) => e === null || /^"[0-9a-f]{32}"$/.test(e)));
    assert.equal(serverFile(record.fileId!)?.state, 'CREATING', 'nothing confirmed');
    assert.ok(emulator.counters.resets >= 2);
  });

  it('Resume sends only the missing parts, then confirms CREATED', async () => {
    const record = await stopped('resume.mp4', [2, 5, 9]);
    const before = serverFile(record.fileId!)!.multipart!.received.length;
    const result = await uploader().resume(record);
    assert.equal(result.state, 'CREATED');
    const server = serverFile(record.fileId!)!;
    assert.deepEqual(server.multipart!.received.slice(before).sort(), [2, 5, 9]);
    assert.equal(server.uploaded, true);
    assert.deepEqual(await records.list(), []);
  });

  it('after a crash with every part sent, Resume only confirms', async () => {
    const record = await stopped('crash.mp4', [4]);
    // Part 4 lands, then the window goes before the record says so.
    await putFile({ uploadUrl: JSON.parse((await urls.get(record.id))!)[3], path: record.localPath, start: 3 * PART, size: PART });
    const puts = serverFile(record.fileId!)!.multipart!.received.length;
    record.parts!.etags[3] = '"landed"';
    assert.equal((await uploader().resume(record)).state, 'CREATED');
    assert.equal(serverFile(record.fileId!)!.multipart!.received.length, puts, 'no part sent again');
  });

  it('confirms FAILED when OBS says a part URL has expired, and stops the other parts', async () => {
    const record = await stopped('expired.mp4', [1, 2, 3, 4, 5, 6]);
    emulator.setClockOffset(24 * 3600_000 + 60_000);
    const before = serverFile(record.fileId!)!.multipart!.received.length;
    const refusedBefore = emulator.counters.requests['403'] ?? 0;
    const result = await uploader({ partsInFlight: 1 }).resume(record);
    assert.equal((emulator.counters.requests['403'] ?? 0) - refusedBefore, 1, 'one refused part, the five others not tried');
    assert.equal(result.state, 'FAILED');
    assert.equal(result.error?.errorCode, 'AccessDenied');
    assert.match(result.error?.message ?? '', /^A part of expired\.mp4: Upload to OBS failed: AccessDenied/);
    assert.doesNotMatch(result.error?.message ?? '', /Signature=/);
    assert.equal(serverFile(record.fileId!)?.state, 'FAILED');
    assert.equal(serverFile(record.fileId!)!.multipart!.received.length, before);
    assert.deepEqual(await records.list(), []);
  });

  it('refuses to resume once the part URLs have expired by the local clock, keeping the record', async () => {
    const record = await stopped('late.mp4', [8]);
    await assert.rejects(uploader({ now: () => Date.now() + 24 * 3600_000 }).resume(record), /The part upload URLs of late\.mp4 have expired/);
    assert.equal((await records.list()).length, 1);
    assert.equal(serverFile(record.fileId!)?.state, 'CREATING');
  });

  it('refuses to resume a file that changed since its upload began', async () => {
    const record = await stopped('edited.mp4', [2]);
    writeFileSync(record.localPath, Buffer.alloc(SIZE, 1));
    utimesSync(record.localPath, new Date(), new Date(record.mtimeMs + 2000)); // as an editor saving it later
    await assert.rejects(uploader().resume(record), /edited\.mp4 has changed since its upload began/);
  });

  it('refuses to resume a file changed with its time of change kept (touch -r): its status change time and inode say', async () => {
    const record = await stopped('kept-time.mp4', [2], 1_700_000_000);
    assert.equal(record.mtimeMs, 1_700_000_000_000);
    assert.equal(typeof record.ctimeMs, 'number');
    assert.equal(typeof record.ino, 'number');
    writeFileSync(record.localPath, Buffer.alloc(SIZE, 2));
    utimesSync(record.localPath, 1_700_000_000, 1_700_000_000);
    await assert.rejects(uploader().resume(record), /kept-time\.mp4 has changed since its upload began/);
    // Replaced by another file (a new inode) of the same size and time:
    const other = file('other.mp4', SIZE);
    utimesSync(other, 1_700_000_000, 1_700_000_000);
    renameSync(other, record.localPath);
    await assert.rejects(uploader().resume(record), /kept-time\.mp4 has changed since its upload began/);
    assert.equal(serverFile(record.fileId!)?.state, 'CREATING');
  });

  it('does not confirm CREATED a file written to while its parts were sent: it stays pending, saying so', async () => {
    const local = file('edited-midway.mp4', SIZE);
    let edited = false;
    await assert.rejects(uploader({ partsInFlight: 1 }).upload(local, video, {
      onProgress: (phase, bytes) => {
        if (phase === 'uploading' && bytes > 0 && !edited) {
          edited = true;
          const fd = openSync(local, 'r+');
          writeSync(fd, Buffer.from('changed'), 0, 7, SIZE - 100); // same size, the last part's bytes
          closeSync(fd);
        }
      },
    }), /edited-midway\.mp4 has changed while it was being uploaded\. Mark it as Failed or Cancelled, then upload it again\./);
    const [record] = await records.list();
    assert.match(record.lastError ?? '', /edited-midway\.mp4 has changed while it was being uploaded/);
    assert.equal(serverFile(record.fileId!)?.state, 'CREATING', 'not confirmed CREATED');
    assert.deepEqual(emulator.state.confirms, []);
    await assert.rejects(uploader().resume(record), /edited-midway\.mp4 has changed since its upload began/);
  });

  describe('a cancel or sign-out that comes while a step is being saved is not missed', () => {
    /** A record store that aborts `controller` once a record is saved at `step`. */
    const abortingAt = (step: UploadRecord['step'], controller: AbortController, reason?: unknown) => ({
      list: () => records.list(),
      remove: (id: string) => records.remove(id),
      save: async (record: UploadRecord) => {
        await records.save(record);
        if (record.step === step && !controller.signal.aborted) {
          controller.abort(reason);
        }
      },
    });
    const slowUploader = (store: ReturnType<typeof abortingAt>) => new Uploader(client, store, urls, { largeFileBytes: MiB / 2, partBytes: PART, partsInFlight: 3 });

    for (const step of ['created', 'uploading'] as const) {
      it(`cancelled as the record is saved '${step}': no part is sent, the file is confirmed CANCELLED`, async () => {
        emulator.setFaults({ obsBytesPerSecond: 400 * KiB });
        const controller = new AbortController();
        const result = await slowUploader(abortingAt(step, controller)).upload(file(`gap-${step}.mp4`, SIZE), video, { signal: controller.signal });
        emulator.setFaults({});
        assert.equal(result.state, 'CANCELLED');
        assert.deepEqual(serverFile(result.fileId)?.multipart?.received, [], 'no part sent after the cancel');
        assert.deepEqual(await records.list(), []);
      });
    }

    it('signed out as the record is saved \'created\': no part is sent, nothing confirmed, the record kept', async () => {
      emulator.setFaults({ obsBytesPerSecond: 400 * KiB });
      const controller = new AbortController();
      await assert.rejects(slowUploader(abortingAt('created', controller, stoppedError('signed-out'))).upload(file('gap-out.mp4', SIZE), video, { signal: controller.signal }), (e: MetaStudioError) => isStopped(e));
      emulator.setFaults({});
      const [record] = await records.list();
      assert.deepEqual(serverFile(record.fileId!)?.multipart?.received, []);
      assert.deepEqual(emulator.state.confirms, []);
    });

    it('cancelled while a Resume reads its part URLs: no part is sent, the file is confirmed CANCELLED', async () => {
      const record = await stopped('gap-resume.mp4', [2, 5]);
      const before = serverFile(record.fileId!)!.multipart!.received.length;
      const controller = new AbortController();
      const vault = { get: async (id: string) => { controller.abort(); return urls.get(id); }, set: (id: string, url: string) => urls.set(id, url), delete: (id: string) => urls.delete(id) };
      const result = await new Uploader(client, records, vault, { largeFileBytes: MiB / 2, partBytes: PART }).resume(record, { signal: controller.signal });
      assert.equal(result.state, 'CANCELLED');
      assert.equal(serverFile(record.fileId!)!.multipart!.received.length, before);
    });
  });

  describe('a damaged record is shown with its reason, never trusted, never dropped', () => {
    /** A record file as JSON, to damage. */
    type RawRecord = Record<string, unknown> & { parts: { etags: unknown; partSize: unknown; count: unknown } };
    /** The record of a stopped upload, rewritten on disk by `damage`, then read back. */
    async function damaged(name: string, damage: (raw: RawRecord) => void): Promise<UploadRecord> {
      const record = await stopped(name, [3]);
      const file = path.join(dir, 'records', `${record.id}.json`);
      const raw = JSON.parse(readFileSync(file, 'utf8'));
      damage(raw);
      writeFileSync(file, JSON.stringify(raw));
      const [read] = await records.list();
      assert.equal(read.id, record.id, 'still listed');
      return read;
    }
    const cases: Array<[string, (raw: RawRecord) => void, RegExp]> = [
      ['etags shorter than the parts', (r) => (r.parts.etags = (r.parts.etags as unknown[]).slice(0, 7)), /parts\.etags holds 7 ETags for 9 parts/],
      ['an ETag that is a number', (r) => ((r.parts.etags as unknown[])[3] = 42), /parts\.etags holds something that is not an ETag/],
      ['etags null', (r) => (r.parts.etags = null), /parts\.etags holds no list of ETags for 9 parts/],
      ['a part size of 0', (r) => (r.parts.partSize = 0), /parts\.partSize 0 is not a number of bytes/],
      ['parts that do not make the size', (r) => (r.parts.count = 3, r.parts.etags = [null, null, null]), /3 parts of 131072 bytes do not make 1178648 bytes/],
      ['a size that is text', (r) => (r.size = 'big'), /size is not a number of bytes/],
      ['a step it never has', (r) => (r.step = 'sending'), /step "sending" is not a step of an upload/],
      ['a creation time no date holds', (r) => (r.createdAt = 1e300), /createdAt is not a time/],
    ];
    for (const [what, damage, reason] of cases) {
      it(`${what}: Resume refuses it with the reason, and Mark as Failed confirms it`, async () => {
        const record = await damaged(`damaged.mp4`, damage);
        assert.match(record.damaged ?? '', reason);
        assert.match(record.lastError ?? '', /^The record of damaged\.mp4 on this machine is damaged \(.+\), so it is not resumed\. Mark it as Failed or Cancelled, or Forget it\.$/);
        const before = serverFile(record.fileId!)!.multipart!.received.length;
        await assert.rejects(uploader().resume(record), (e: MetaStudioError) => e.kind === 'input' && reason.test(e.message) && /damaged\.mp4/.test(e.message));
        assert.equal(serverFile(record.fileId!)!.multipart!.received.length, before, 'no part sent');
        assert.equal((await records.list()).length, 1, 'kept');
        // Still damaged after it is saved again (a refused confirm saves it):
        await records.save({ ...record, lastError: 'later' });
        assert.match((await records.list())[0].damaged ?? '', reason);
        assert.equal((await uploader().resolve(record, 'FAILED')).state, 'FAILED');
        assert.equal(serverFile(record.fileId!)?.state, 'FAILED');
        assert.deepEqual(await records.list(), []);
      });
    }

    it('Forget drops a damaged record', async () => {
      const record = await damaged('forget.mp4', (r) => (r.parts.etags = null));
      await uploader().forget(record);
      assert.deepEqual(await records.list(), []);
    });

    it('a vault with fewer part URLs than parts: Resume refuses it, saying so', async () => {
      const record = await stopped('few-urls.mp4', [3]);
      await urls.set(record.id, JSON.stringify(JSON.parse((await urls.get(record.id))!).slice(0, 5)));
      await assert.rejects(uploader().resume(record), /The part upload URLs of few-urls\.mp4 kept on this machine are 5 for its 9 parts, so it cannot be resumed/);
      assert.equal((await records.list()).length, 1);
    });
  });

  it('cancels: the parts in flight are aborted and the file confirmed CANCELLED', async () => {
    const controller = new AbortController();
    emulator.setFaults({ obsStallAfterBytes: 64 * KiB });
    const result = await uploader().upload(file('cancel.mp4', SIZE), video, {
      signal: controller.signal,
      onProgress: (phase, bytes) => phase === 'uploading' && bytes > 0 && controller.abort(),
    });
    emulator.setFaults({});
    assert.equal(result.state, 'CANCELLED');
    assert.deepEqual(emulator.state.confirms.filter((c) => c.file_id === result.fileId).map((c) => [c.state, c.status]), [['CANCELLED', 200]]);
    assert.equal(serverFile(result.fileId)?.uploaded, false);
    // The asset this upload made holds nothing now: it goes too, so no empty asset is left behind.
    assert.equal(serverFile(result.fileId)?.state, 'DELETED');
    assert.deepEqual(await records.list(), []);
  });

  it('stopped from outside (a sign-out, the window closing): nothing is confirmed, the parts that landed are kept, Resume sends the rest', async () => {
    const controller = new AbortController();
    emulator.setFaults({ obsStallAfterBytes: 64 * KiB });
    let started = false;
    await assert.rejects(uploader({ partsInFlight: 2 }).upload(file('stopped.mp4', SIZE), video, {
      signal: controller.signal,
      onProgress: (phase, bytes) => {
        if (phase === 'uploading' && bytes > 0 && !started) {
          started = true;
          controller.abort(stoppedError('signed-out'));
        }
      },
    }), (e: MetaStudioError) => isStopped(e));
    emulator.setFaults({});
    const [record] = await records.list();
    assert.equal(record.lastError, 'Signed out of MetaStudio: the work in progress stopped, and unfinished uploads stay under This machine to resume.');
    assert.equal(serverFile(record.fileId!)?.state, 'CREATING', 'not confirmed CANCELLED');
    assert.deepEqual(emulator.state.confirms, []);
    assert.equal((await uploader().resume(record)).state, 'CREATED');
  });

  it('the emulator holds our reading: no Content-Type on a part, no CREATED with a part missing, no part after the confirm', async () => {
    const asset = await client.createDigitalAsset({ asset_name: 'Strict', asset_type: 'VIDEO' });
    const local = file('strict.mp4', 2 * PART);
    const created = await client.createLargeFile({ file_name: 'strict.mp4', file_size: 2 * PART, file_type: 'mp4', asset_id: asset.asset_id, asset_file_category: 'MAIN', file_multipart_count: 2 });
    assert.equal(created.upload_urls.length, 2);
    await assert.rejects(putFile({ uploadUrl: created.upload_urls[0], path: local, size: PART, contentType: 'video/mp4' }), (e: MetaStudioError) => e.errorCode === 'SignatureDoesNotMatch');
    await putFile({ uploadUrl: created.upload_urls[0], path: local, size: PART });
    await assert.rejects(client.confirmFileUpload(created.file_id, 'CREATED'), /part 2 of 2 missing/);
    await client.confirmFileUpload(created.file_id, 'CANCELLED');
    await assert.rejects(putFile({ uploadUrl: created.upload_urls[1], path: local, start: PART, size: PART }), (e: MetaStudioError) => e.errorCode === 'NoSuchUpload');
  });

  it('the emulator checks CreateLargeFile as documented: part count 1-100, size up to 500 GiB, MAIN, OTHER or PACKAGE', async () => {
    const asset = await client.createDigitalAsset({ asset_name: 'Checks', asset_type: 'COMMON_FILE' });
    const body = { file_name: 'a.bin', file_size: 10 * GiB, file_type: 'bin', asset_id: asset.asset_id, asset_file_category: 'MAIN' as const, file_multipart_count: 100 };
    const refused = async (change: object, pattern: RegExp) => assert.rejects(client.createLargeFile({ ...body, ...change }), (e: MetaStudioError) => e.status === 400 && pattern.test(e.message));
    await refused({ file_multipart_count: 101 }, /file_multipart_count must be an integer from 1 to 100/);
    await refused({ file_multipart_count: 0 }, /file_multipart_count/);
    await refused({ file_size: MAX_LARGE_FILE_BYTES + 1 }, /file_size must be an integer from 1 to 536870912000/);
    await refused({ asset_file_category: 'COVER' }, /asset_file_category must be one of MAIN, OTHER, PACKAGE/);
    await refused({ file_name: '' }, /file_name must be 1 to 256 characters/);
    const created = await client.createLargeFile(body);
    assert.equal(created.upload_urls.length, 100);
    assert.ok(created.upload_urls.every((u, i) => new URL(u).searchParams.get('partNumber') === String(i + 1)));
  });

  it('takes only MAIN, OTHER or PACKAGE over the threshold, and nothing over 500 GiB', async () => {
    const asset = await client.createDigitalAsset({ asset_name: 'Cover', asset_type: 'VIDEO' });
    const big = file('big-cover.jpg', MiB);
    await assert.rejects(uploader().check(big, { kind: 'existing', asset: { asset_id: asset.asset_id, asset_type: 'VIDEO', files: [] }, category: 'COVER' }), /only as MAIN, OTHER, PACKAGE, not COVER/);
    const huge = path.join(dir, 'huge.mp4');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, MAX_LARGE_FILE_BYTES + 1);
    closeSync(fd);
    await assert.rejects(uploader().check(huge, video), /larger than 500 GiB, the most MetaStudio takes/);
  });
});

// Outside `npm test` (it moves over 5 GiB): MS_LARGE_FILE_TEST=1 MOCHA_GREP="over 5 GiB" node scripts/run-mocha.js out/test/unit
describe('a real file over 5 GiB', function () {
  this.timeout(30 * 60_000);
  it('uploads a sparse file over 5 GiB with the default threshold and part size, and the confirm merges it', async function () {
    if (!process.env.MS_LARGE_FILE_TEST) {
      this.skip();
    }
    const emulator = await startEmulator({ seed: 'none' });
    const dir = mkdtempSync(path.join(tmpdir(), 'ms-5gib-'));
    const client = new MetaStudioClient({ endpoint: emulator.url, iamEndpoint: emulator.url, region: 'cn-north-4', projectId: DEMO_PROJECT_ID, credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk }, rateLimitPerSecond: 0 });
    try {
      const size = 5 * GiB + 123_457;
      const local = path.join(dir, 'master.mp4');
      const fd = openSync(local, 'w');
      ftruncateSync(fd, size);
      closeSync(fd);
      const started = Date.now();
      const rss = process.memoryUsage().rss;
      let peak = rss;
      const result = await new Uploader(client, new FileRecordStore(path.join(dir, 'records')), new MemoryUrlVault()).upload(local, { kind: 'new', assetName: 'Master', assetType: 'VIDEO' }, {
        onProgress: () => (peak = Math.max(peak, process.memoryUsage().rss)),
      });
      const server = emulator.state.files.find((f) => f.file_id === result.fileId)!;
      console.log(`      ${size} bytes in ${server.multipart?.count} parts, ${((Date.now() - started) / 1000).toFixed(1)} s, RSS growth ${((peak - rss) / MiB).toFixed(1)} MiB`);
      assert.equal(result.state, 'CREATED');
      assert.equal(server.uploaded, true);
      assert.equal(server.multipart?.count, Math.ceil(size / (64 * MiB)));
    } finally {
      await client.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
