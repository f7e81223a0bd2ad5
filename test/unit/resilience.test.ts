// Running work survives settings changes, outages, proxies and bad answers: each against the
// emulator with its faults, and the closing batch (20 uploads while OBS answers 503 for 2 s, with a
// settings change and a proxy toggle in the middle) with its figures.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MetaStudioClient, MetaStudioError, type ClientEvent, type MetaStudioClientOptions } from '../../src/client';
import { authorizerFor, type IssuedToken } from '../../src/client/auth';
import { runBatch } from '../../src/client/batch';
import { createDispatcher } from '../../src/client/dispatcher';
import { ClientLeases } from '../../src/client/leases';
import { MIN_PUT_BYTES_PER_SECOND, obsError, putFile } from '../../src/client/obs';
import { FileRecordStore, MemoryUrlVault } from '../../src/pending/records';
import { Uploader } from '../../src/pending/upload';
import { UploadLocks } from '../../src/pending/uploadLock';
import { DEMO_ACCOUNT, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';

const KiB = 1024;

describe('resilience', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let events: ClientEvent[];
  let dir: string;
  const options = (extra: Partial<MetaStudioClientOptions> = {}): MetaStudioClientOptions => ({
    endpoint: emulator.url, iamEndpoint: emulator.url, region: 'cn-north-4', projectId: DEMO_PROJECT_ID,
    credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk }, rateLimitPerSecond: 0,
    retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5 }, onEvent: (e) => events.push(e), ...extra,
  });
  const file = (name: string, bytes: number) => {
    const full = path.join(dir, name);
    writeFileSync(full, Buffer.alloc(bytes, name));
    return full;
  };
  const serverFile = (id: string) => emulator.state.files.find((f) => f.file_id === id);
  const puts = () => events.filter((e) => e.type === 'call' && e.operation === 'Upload to OBS').length;

  before(async () => {
    emulator = await startEmulator({ seed: 'none' });
  });
  beforeEach(() => {
    emulator.reset('none');
    events = [];
    dir = mkdtempSync(path.join(tmpdir(), 'ms-resilience-'));
  });
  after(() => emulator.close());

  describe('a change does not break work in flight', () => {
    it('finishes a 20-file batch on the client it started with while the client is replaced twice', async () => {
      const files = emulator.seedBulk({ assets: 20, filesPerAsset: 1, uploaded: true });
      const leases = new ClientLeases(async () => new MetaStudioClient(options()));
      emulator.setFaults({ latencyMs: 20 });
      let done = 0;
      const results = await leases.use((client) => client.confirmFileUploads(files.map((f) => ({ fileId: f.file_id, assetId: f.asset_id })), 'CREATED', {
        concurrency: 2,
        onResult: () => {
          if (++done === 5 || done === 12) {
            leases.retire(); // a setting changed, or the credentials came again from another window
          }
        },
      }));
      assert.deepEqual(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.message), []);
      assert.ok(files.every((f) => serverFile(f.file_id)?.state === 'CREATED'));
      // The next piece of work runs on a new client; the retired ones are closed once their work ended.
      await leases.use((client) => client.listAssets({ limit: 1 }));
      assert.equal(leases.running, 0);
    });

    it('never calls a request that was never sent possibly applied', async () => {
      const [target] = emulator.seedBulk({ assets: 1, filesPerAsset: 1, uploaded: true });
      const client = new MetaStudioClient(options());
      await client.close();
      const error = await client.confirmFileUpload(target.file_id, 'CREATED', { assetId: target.asset_id }).then(() => undefined, (e: MetaStudioError) => e);
      assert.ok(error instanceof MetaStudioError);
      assert.equal(error.notProcessed, true);
      assert.equal(error.mayHaveApplied, false);
      assert.doesNotMatch(error.message, /applied|could not be checked/);
      assert.match(error.message, /was not contacted: the connection was closed before the request was sent\./);
      assert.equal(events.filter((e) => e.type === 'call').length, 1, 'no retries on a closed client');
      assert.equal(Object.values(emulator.counters.requests).reduce((a, b) => a + b, 0), 0, 'nothing reached the server');
    });

    it('stops the work at sign-out with one reason, and the upload keeps its record to resume', async () => {
      const { stoppedError } = await import('../../src/client/errors');
      const leases = new ClientLeases(async () => new MetaStudioClient(options()));
      const records = new FileRecordStore(path.join(dir, 'records'));
      emulator.setFaults({ obsStallAfterBytes: 64 * KiB });
      const upload = leases.use((client, stop) => new Uploader(client, records, new MemoryUrlVault()).upload(file('held.mp4', 512 * KiB), { kind: 'new', assetName: 'Held', assetType: 'VIDEO' }, { signal: stop }));
      while (!events.some((e) => e.type === 'call' && e.operation === 'CreateFile')) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(leases.stop(stoppedError('signed-out')), 1);
      await assert.rejects(upload, (e: MetaStudioError) => e.message === 'Signed out of MetaStudio: the work in progress stopped, and unfinished uploads stay under This machine to resume.');
      const [kept] = await records.list();
      assert.equal(serverFile(kept.fileId!)?.state, 'CREATING', 'not confirmed CANCELLED');
      assert.equal(kept.lastError, 'Signed out of MetaStudio: the work in progress stopped, and unfinished uploads stay under This machine to resume.');
      assert.equal(emulator.state.confirms.length, 0);
    });
  });

  describe('short outages do not fail an upload', () => {
    const uploader = (retries: number, extra: Partial<MetaStudioClientOptions> = {}) => {
      const client = new MetaStudioClient(options({ retry: { retries, baseDelayMs: 100, maxDelayMs: 400 }, ...extra }));
      return { client, records: new FileRecordStore(path.join(dir, 'records')), run: (u: Uploader) => u };
    };

    it('rides out OBS answering 503 SlowDown for a moment: backoff with jitter, then CREATED', async () => {
      const { client, records } = uploader(5);
      emulator.setFaults({ obsUnavailableMs: 300 });
      const result = await new Uploader(client, records, new MemoryUrlVault()).upload(file('slow.mp4', 64 * KiB), { kind: 'new', assetName: 'Slow', assetType: 'VIDEO' });
      await client.close();
      assert.equal(result.state, 'CREATED');
      assert.ok(puts() > 1, `${puts()} PUTs`);
      assert.ok(emulator.counters.requests['503'] >= 1);
    });

    it('honours Retry-After: one retry that waits as long as OBS asks succeeds', async () => {
      const { client, records } = uploader(1, { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 } });
      emulator.setFaults({ obsUnavailableMs: 400, obsRetryAfterSeconds: 1 });
      const result = await new Uploader(client, records, new MemoryUrlVault(), { putRetries: 1 }).upload(file('after.mp4', 16 * KiB), { kind: 'new', assetName: 'After', assetType: 'VIDEO' });
      await client.close();
      assert.equal(result.state, 'CREATED');
      assert.equal(puts(), 2);
    });

    it('keeps the upload resumable when the retries of a transient failure run out; Resume re-PUTs', async () => {
      const { client, records } = uploader(1, { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 } });
      emulator.setFaults({ obsUnavailableMs: 60_000 });
      const u = new Uploader(client, records, new MemoryUrlVault(), { putRetries: 1 });
      const error = await u.upload(file('outage.mp4', 16 * KiB), { kind: 'new', assetName: 'Outage', assetType: 'VIDEO' }).then(() => undefined, (e: MetaStudioError) => e);
      assert.match(error?.message ?? '', /^Upload to OBS failed: SlowDown Please reduce your request rate\. OBS asked to slow down: resume the upload in a moment\. \(HTTP 503, request [0-9A-F]+\) outage\.mp4 stays pending under This machine: Resume uploads it again\.$/);
      const [kept] = await records.list();
      assert.equal(kept.step, 'uploading');
      assert.equal(serverFile(kept.fileId!)?.state, 'CREATING');
      emulator.setFaults({});
      assert.equal((await u.resume(kept)).state, 'CREATED');
      await client.close();
    });

    for (const status of [403, 503] as const) {
      it(`reports the ${status} OBS sends before reading the whole body, then resets, as that answer`, async () => {
        const { client, records } = uploader(0);
        emulator.setFaults({ obsEarlyAnswer: status });
        const u = new Uploader(client, records, new MemoryUrlVault(), { putRetries: 0 });
        const outcome = await u.upload(file(`early${status}.mp4`, 8 * 1024 * KiB), { kind: 'new', assetName: 'Early', assetType: 'VIDEO' }).then((r) => r, (e: MetaStudioError) => e);
        await client.close();
        assert.equal(emulator.counters.resets, 1, 'the connection was reset after the answer');
        if (status === 403) {
          assert.ok(!(outcome instanceof Error) && outcome.state === 'FAILED', 'a refusal confirms FAILED');
          assert.equal(outcome.error?.errorCode, 'AccessDenied');
        } else {
          assert.ok(outcome instanceof MetaStudioError);
          assert.equal(outcome.errorCode, 'SlowDown');
          assert.equal(outcome.status, 503);
        }
      });
    }
  });

  describe('OBS codes that say "try again" leave the upload resumable', () => {
    it('retries a 400 RequestTimeout, then keeps the record to resume instead of confirming FAILED', async () => {
      const client = new MetaStudioClient(options({ retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 } }));
      const records = new FileRecordStore(path.join(dir, 'records'));
      emulator.setFaults({ obsEarlyAnswer: 400 });
      const u = new Uploader(client, records, new MemoryUrlVault(), { putRetries: 1 });
      const error = await u.upload(file('quiet.mp4', 16 * KiB), { kind: 'new', assetName: 'Quiet', assetType: 'VIDEO' }).then(() => undefined, (e: MetaStudioError) => e);
      assert.ok(error instanceof MetaStudioError, 'not confirmed FAILED');
      assert.equal(error.errorCode, 'RequestTimeout');
      assert.match(error.message, /quiet\.mp4 stays pending under This machine: Resume uploads it again\.$/);
      assert.equal(puts(), 2, 'tried again once');
      const [kept] = await records.list();
      assert.equal(serverFile(kept.fileId!)?.state, 'CREATING');
      emulator.setFaults({});
      assert.equal((await u.resume(kept)).state, 'CREATED');
      await client.close();
    });

    it('classifies each transient OBS code as retryable whatever its status, and refusals as not', () => {
      const xml = (code: string) => `<Error><Code>${code}</Code><Message>m</Message></Error>`;
      for (const [status, code] of [[400, 'RequestTimeout'], [400, 'IncompleteBody'], [409, 'OperationAborted'], [500, 'InternalError'], [503, 'SlowDown'], [503, 'ServiceUnavailable']] as const) {
        assert.equal(obsError(status, xml(code)).retryable, true, code);
      }
      for (const [status, code] of [[403, 'SignatureDoesNotMatch'], [403, 'AccessDenied'], [400, 'BadDigest'], [400, 'InvalidArgument']] as const) {
        assert.equal(obsError(status, xml(code)).retryable, false, code);
      }
    });
  });

  describe('a PUT runs as long as its bytes keep moving', () => {
    it('finishes an upload OBS reads steadily, slower than the timeout allows for the whole body but above the minimum rate', async () => {
      // 768 KiB read at 256 KiB/s (4x the minimum rate) takes about 3 s; the timeout is 0.5 s.
      const rate = 4 * MIN_PUT_BYTES_PER_SECOND;
      const server = createServer((req, res) => {
        req.on('data', (chunk: Buffer) => {
          req.pause();
          setTimeout(() => req.resume(), (chunk.length / rate) * 1000);
        });
        req.on('end', () => res.writeHead(200, { ETag: '"steady"' }).end());
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      const dispatcher = createDispatcher({});
      try {
        const size = 768 * KiB;
        const result = await putFile({ uploadUrl: `http://127.0.0.1:${port}/bucket/steady?sig=1`, path: file('steady.bin', size), size, md5: 'x', contentType: 'application/octet-stream', dispatcher, timeoutMs: 500 });
        assert.equal(result.etag, '"steady"');
      } finally {
        await dispatcher.close();
        server.close();
      }
    });

    it('still ends a PUT whose body stops moving, as a timeout to resume', async () => {
      const server = createServer((req) => req.pause()); // reads nothing, never answers
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      const dispatcher = createDispatcher({});
      try {
        const size = 256 * KiB; // its deadline: 0.2 s plus 4 s at the minimum rate
        const error = await putFile({ uploadUrl: `http://127.0.0.1:${port}/bucket/stalled?sig=1`, path: file('stalled.bin', size), size, md5: 'x', contentType: 'application/octet-stream', dispatcher, timeoutMs: 200 }).then(() => undefined, (e: MetaStudioError) => e);
        assert.equal(error?.kind, 'timeout');
        assert.equal(error?.retryable, true);
      } finally {
        await dispatcher.destroy();
        server.closeAllConnections();
        server.close();
      }
    });
  });

  describe('every attempt has a deadline', () => {
    it('ends an answer that trickles a byte at a time within the timeout, and says so', async () => {
      emulator.seedBulk({ assets: 2, filesPerAsset: 1, uploaded: false });
      emulator.setFaults({ trickle: 1, trickleIntervalMs: 100 });
      const client = new MetaStudioClient(options({ timeouts: { attemptMs: 1000, bodyMs: 5000 }, retry: { retries: 0 } }));
      const error = await client.listAssets({ limit: 10 }).then(() => undefined, (e: MetaStudioError) => e);
      await client.close();
      assert.equal(error?.kind, 'timeout');
      assert.match(error?.message ?? '', /^ListAssets failed: 127\.0\.0\.1:\d+ did not finish answering within 1 s \(timed out\)\./);
    });
  });

  describe('a refused password is tried once', () => {
    it('makes one IAM login for a 20-file batch whose password IAM refuses', async () => {
      const files = emulator.seedBulk({ assets: 20, filesPerAsset: 1, uploaded: true });
      const client = new MetaStudioClient(options({ credentials: { kind: 'password', domainName: DEMO_ACCOUNT.domainName, userName: DEMO_ACCOUNT.userName, password: 'changed-elsewhere' } }));
      const results = await client.confirmFileUploads(files.map((f) => ({ fileId: f.file_id })), 'CREATED', { concurrency: 4 });
      await client.close();
      assert.equal(results.filter((r) => !r.ok && r.error.kind === 'auth').length, 20);
      assert.equal(events.filter((e) => e.type === 'call' && e.operation === 'IAM token').length, 1);
      assert.equal(emulator.counters.unauthorized, 1);
    });
  });

  describe('a refusal costs one login per user action', () => {
    it('logs in once more for a new user action, never within one', async () => {
      const files = emulator.seedBulk({ assets: 4, filesPerAsset: 1, uploaded: true });
      const client = new MetaStudioClient(options({ credentials: { kind: 'password', domainName: DEMO_ACCOUNT.domainName, userName: DEMO_ACCOUNT.userName, password: 'changed-elsewhere' } }));
      const logins = () => events.filter((e) => e.type === 'call' && e.operation === 'IAM token').length;
      const batch = () => client.confirmFileUploads(files.map((f) => ({ fileId: f.file_id })), 'CREATED', { concurrency: 2 });
      await batch();
      await batch();
      assert.equal(logins(), 1, 'one action: one login');
      client.newAction();
      const results = await batch();
      assert.equal(logins(), 2, 'the next action tries once more');
      assert.ok(results.every((r) => !r.ok && r.error.kind === 'auth'));
      client.newAction();
      await client.listAssets().catch(() => undefined);
      assert.equal(logins(), 3);
      await client.close();
    });
  });

  describe('shared work is not tied to one caller', () => {
    const passwordClient = () => new MetaStudioClient(options({ projectId: undefined, credentials: { kind: 'password', domainName: DEMO_ACCOUNT.domainName, userName: DEMO_ACCOUNT.userName, password: DEMO_ACCOUNT.password } }));

    it('one caller cancelling leaves the login and the project lookup to the others', async () => {
      emulator.seedBulk({ assets: 1, filesPerAsset: 1, uploaded: false });
      emulator.setFaults({ iamLatencyMs: 150 });
      const client = passwordClient();
      const first = new AbortController();
      const a = client.listAssets({ limit: 1 }, first.signal).then(() => 'done', (e: MetaStudioError) => e.kind);
      const b = client.listAssets({ limit: 1 }).then(() => 'done', (e: MetaStudioError) => e.message);
      setTimeout(() => first.abort(), 20); // while the shared login or lookup is under way
      assert.deepEqual(await Promise.all([a, b]), ['cancelled', 'done']);
      const a2 = new AbortController();
      a2.abort();
      await assert.rejects(client.projectId(a2.signal), (e: MetaStudioError) => e.kind === 'cancelled');
      assert.equal(await client.projectId(), DEMO_PROJECT_ID);
      await client.close();
      assert.equal(events.filter((e) => e.type === 'call' && e.operation === 'IAM token').length, 1, 'one login, shared');
      assert.equal(events.filter((e) => e.type === 'call' && e.operation === 'IAM project lookup').length, 1, 'one lookup, shared');
    });

    it('a token login whose every caller stopped waiting still serves the next call', async () => {
      let logins = 0;
      // Like a real login, it ends early if it is given a signal that aborts.
      const login = (signal?: AbortSignal) => new Promise<IssuedToken>((resolve, reject) => {
        logins += 1;
        const timer = setTimeout(() => resolve({ token: `T${logins}`, expiresAt: Date.now() + 86_400_000 }), 50);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new MetaStudioError('IAM token was cancelled.', { kind: 'cancelled' }));
        });
      });
      const authorizer = authorizerFor({ kind: 'password', domainName: 'd', userName: 'u', password: 'p' }, login);
      const userA = new AbortController();
      const userB = new AbortController();
      const a = Promise.resolve(authorizer.headers({} as never, new Date(), userA.signal));
      const b = Promise.resolve(authorizer.headers({} as never, new Date(), userB.signal));
      userA.abort();
      await assert.rejects(a, (e: MetaStudioError) => e.kind === 'cancelled');
      assert.deepEqual(await b, { 'X-Auth-Token': 'T1' }, 'B is not failed by A\'s cancel');
      assert.deepEqual(await authorizer.headers({} as never, new Date()), { 'X-Auth-Token': 'T1' });
      assert.equal(logins, 1);
    });
  });

  describe('one sentence per network failure', () => {
    it('names the host and what happened', async () => {
      const refused = new MetaStudioClient(options({ endpoint: 'http://127.0.0.1:9', retry: { retries: 0 } }));
      const error = await refused.listAssets().then(() => undefined, (e: MetaStudioError) => e);
      await refused.close();
      assert.match(error?.message ?? '', /^ListAssets failed: 127\.0\.0\.1:9 refused the connection\. Check your network/);
      emulator.setFaults({ reset: 1 });
      const reset = new MetaStudioClient(options({ retry: { retries: 0 } }));
      const cut = await reset.listAssets().then(() => undefined, (e: MetaStudioError) => e);
      await reset.close();
      assert.match(cut?.message ?? '', /^ListAssets failed: 127\.0\.0\.1:\d+ (closed the connection before answering|reset the connection)\. /);
    });
  });

  describe('two windows, one upload', () => {
    it('runs an upload in one window at a time: the second is refused while the first beats, and takes over a stale lock', async () => {
      const storage = path.join(dir, 'shared');
      const records = new FileRecordStore(path.join(storage, 'records'));
      const urls = new MemoryUrlVault();
      const clientA = new MetaStudioClient(options({ retry: { retries: 5, baseDelayMs: 100, maxDelayMs: 200 } }));
      const clientB = new MetaStudioClient(options());
      const windowA = new Uploader(clientA, records, urls, { locks: new UploadLocks(path.join(storage, 'locks')) });
      const locksB = new UploadLocks(path.join(storage, 'locks'));
      const windowB = new Uploader(clientB, records, urls, { locks: locksB });
      emulator.setFaults({ obsUnavailableMs: 300 });
      const first = windowA.upload(file('shared.mp4', 32 * KiB), { kind: 'new', assetName: 'Shared', assetType: 'VIDEO' });
      let record;
      while (!(record = (await records.list())[0])?.fileId) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(await locksB.heldElsewhere(record.id), true);
      await assert.rejects(windowB.resume(record), /shared\.mp4 is being uploaded in another window/);
      assert.equal((await first).state, 'CREATED');
      assert.equal(emulator.counters.obsStored, 1, 'one full PUT');
      assert.equal(emulator.state.confirms.length, 1);
      // A window on another machine that stopped beating: after a while another window takes its lock over.
      const gone = path.join(storage, 'locks', 'gone.lock');
      writeFileSync(gone, JSON.stringify({ owner: 'crashed', token: 'gone', pid: 1, host: 'elsewhere' }));
      utimesSync(gone, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000)); // its last beat
      const release = await locksB.acquire('gone');
      assert.ok(release, 'a stale lock is taken over');
      await release!();
      await Promise.all([clientA.close(), clientB.close()]);
    });

    it('stops the upload of a window whose lock another window took over, leaves the record to it, and confirms nothing', async () => {
      const storage = path.join(dir, 'shared');
      const records = new FileRecordStore(path.join(storage, 'records'));
      const client = new MetaStudioClient(options({ retry: { retries: 0 } }));
      // Window A beats every 20 ms; window B's clock is 31 s ahead, so A looks asleep to it.
      const windowA = new Uploader(client, records, new MemoryUrlVault(), { locks: new UploadLocks(path.join(storage, 'locks'), Date.now, 20), putRetries: 0 });
      const locksB = new UploadLocks(path.join(storage, 'locks'), () => Date.now() + 31_000);
      emulator.setFaults({ obsStallAfterBytes: 16 * KiB }); // A's PUT stays under way
      const upload = windowA.upload(file('taken.mp4', 256 * KiB), { kind: 'new', assetName: 'Taken', assetType: 'VIDEO' }).then(() => undefined, (e: MetaStudioError) => e);
      let record;
      while ((record = (await records.list())[0])?.step !== 'uploading') {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const releaseB = await locksB.acquire(record.id);
      assert.ok(releaseB, 'B takes the lock over');
      const error = await upload;
      emulator.setFaults({});
      assert.equal(error?.kind, 'cancelled');
      assert.equal(error?.message, 'Another window took over the upload of taken.mp4; it goes on there.');
      const [kept] = await records.list();
      assert.equal(kept.step, 'uploading', 'the record stays for B');
      assert.equal(kept.lastError, undefined, 'A wrote nothing after losing the lock');
      assert.equal(serverFile(kept.fileId!)?.state, 'CREATING', 'nothing confirmed');
      assert.equal(emulator.state.confirms.length, 0);
      await releaseB!();
      await client.close();
    });

    it('shares locks between two processes on one storage folder; a killed owner frees its lock at once', async () => {
      const locksDir = path.join(dir, 'shared-locks');
      const script = `const { UploadLocks } = require(${JSON.stringify(require.resolve('../../src/pending/uploadLock'))});
        new UploadLocks(${JSON.stringify(locksDir)}).acquire('record-1').then((release) => { console.log(release ? 'held' : 'refused'); setInterval(() => {}, 1000); });`;
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const said = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
      assert.equal(said, 'held');
      const here = new UploadLocks(locksDir);
      assert.equal(await here.heldElsewhere('record-1'), true);
      assert.equal(await here.acquire('record-1'), undefined, 'refused while the other process holds it');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
      assert.equal(await here.heldElsewhere('record-1'), false);
      const release = await here.acquire('record-1');
      assert.ok(release, 'taken over from the killed process');
      await release!();
    });
  });

  describe('closing batch', () => {
    it('20 uploads while OBS answers 503 for 2 s, a setting changes and the proxy toggles in the middle: nothing lost', async () => {
      const records = new FileRecordStore(path.join(dir, 'records'));
      const urls = new MemoryUrlVault();
      let settings = 0;
      // Each "settings change" builds the next client from new settings; work in flight keeps its own.
      const make = async () => {
        const n = settings++;
        return new MetaStudioClient(options({
          retry: { retries: 5, baseDelayMs: 250, maxDelayMs: 2000 },
          proxy: n % 2 === 1 ? { proxy: emulator.proxyUrl } : {},
          rateLimitPerSecond: n === 1 ? 50 : 0,
        }));
      };
      const leases = new ClientLeases(make);
      const paths = Array.from({ length: 20 }, (_, i) => file(`clip-${String(i).padStart(2, '0')}.mp4`, 48 * KiB + i));
      emulator.setFaults({ obsUnavailableMs: 2000 });
      let started = 0;
      const results = await runBatch(paths, (localPath) => {
        started += 1;
        if (started === 7) {
          leases.retire(); // a metastudio.* setting changes (rate limit)
        }
        if (started === 13) {
          leases.retire(); // http.proxy toggles back
        }
        return leases.use((client) => new Uploader(client, records, urls).upload(localPath, { kind: 'new', assetName: path.basename(localPath), assetType: 'VIDEO' }));
      }, { concurrency: 4 });

      const created = results.filter((r) => r.ok && r.value.state === 'CREATED').length;
      const left = await records.list();
      const fileIds = new Set(emulator.state.files.map((f) => f.file_id));
      const reported = results.filter((r) => r.ok).map((r) => r.ok && r.value.fileId);
      const lost = results.filter((r) => !r.ok).filter((r) => !left.some((k) => k.localPath === r.item)).length
        + reported.filter((id) => id && !fileIds.has(id)).length;
      const putsPerFile = puts() / 20;
      console.log(`      closing batch: 20 uploads, OBS 503 for 2 s, 2 client changes (a setting, the proxy): ${created} CREATED, ${putsPerFile.toFixed(2)} PUTs per file, ${left.length} records left, ${lost} lost, ${emulator.counters.requests['503'] ?? 0} answers 503`);
      assert.equal(lost, 0);
      assert.equal(created + left.length, 20, 'every file CREATED, or kept to resume');
      for (const kept of left) {
        assert.equal(serverFile(kept.fileId!)?.state, 'CREATING', `${kept.fileName} still pending`);
      }
      assert.equal(emulator.state.files.filter((f) => f.state === 'FAILED' || f.state === 'CANCELLED').length, 0, 'no transient failure confirmed FAILED');
      assert.equal(leases.running, 0);
    });
  });
});
