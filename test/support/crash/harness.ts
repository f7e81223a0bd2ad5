// Runs one crash point: a child process uploads (or resumes) and dies at the point, then this
// process does what the extension does after a reload and checks MetaStudio's state (the emulator's)
// against what the user sees. Every way the run breaks a promise is named in `violations`.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { offerOf } from '../../../src/pending/recovery';
import type { UploadTarget } from '../../../src/pending/upload';
import { DEMO_ACCOUNT, DEMO_PROJECT_ID, type Emulator } from '../../emulator';
import type { ChildAnswer, ChildTask } from './child';
import type { CrashPoint, Held } from './points';
import { recover, windowOn, type Where } from './recover';

export interface Outcome {
  id: string;
  /** How the upload ended up: done before the crash, resumed, nothing begun, kept and marked. */
  kind: string;
  violations: string[];
}

const HELD: Record<Held, (method: string, route: string) => boolean> = {
  asset: (m, r) => m === 'POST' && /^\/v1\/[^/]+\/digital-assets$/.test(r),
  create: (m, r) => m === 'POST' && /^\/v1\/[^/]+\/(files|large-files)$/.test(r),
  put: (m, r) => m === 'PUT' && r.startsWith('/obs/'),
  confirm: (m, r) => m === 'POST' && /\/files\/[^/]+\/complete$/.test(r),
  show: (m, r) => m === 'GET' && /^\/v1\/[^/]+\/digital-assets\/[^/]+$/.test(r),
};

const WRITE_FAILURE = /^The upload record of (\S+) could not be saved on this machine: (the disk is full|the disk is read-only|the disk reported an I\/O error)\. \1 stays where its last saved step says; free space or fix the folder's permissions, then Resume the upload\.$/;

/**
 * `tamper`: run on the storage folder after the crash, before the recovery; the harness's own tests
 * break things there (a record lost, a URL written, a torn record) to show each check can fail.
 */
export async function runPoint(emulator: Emulator, root: string, point: CrashPoint, index: number, tamper?: (where: Where) => void | Promise<void>): Promise<Outcome> {
  emulator.reset('none');
  const dir = path.join(root, `run-${index}`);
  const where: Where = { endpoint: emulator.url, ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk, projectId: DEMO_PROJECT_ID, storage: path.join(dir, 'storage'), vault: path.join(dir, 'secrets') };
  const name = `crash-${index}.mp4`;
  const localPath = path.join(dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(localPath, contentFor(point.id, point.size));
  const violations: string[] = [];
  const parent = windowOn(where);
  try {
    const target = await targetFor(parent.client, point, index);
    const task: ChildTask = { where, mode: 'upload', localPath, target };
    if (point.first) {
      const first = await runChild({ ...task, kill: { point: point.first } });
      if (!first.killed) {
        violations.push(`the first crash at ${point.first} was not reached: ${JSON.stringify(first.answer)}`);
      }
      task.mode = 'recover';
    }
    const child = { pid: 0 };
    if (point.held) {
      // Parts go two at a time: a second held answer may come after the first one's kill.
      emulator.holdAnswers(HELD[point.held], () => killed(child.pid));
    }
    const run = await runChild(point.kind === 'fail' ? { ...task, fail: { point: point.point!, nth: point.nth, code: point.code! } } : { ...task, kill: point.held ? undefined : { point: point.point, nth: point.nth, phase: point.phase, bytes: point.bytes } }, child);
    emulator.holdAnswers();
    if (point.kind === 'kill' && !run.killed) {
      violations.push(`not reached: the process lived to the end (${JSON.stringify(run.answer)})`);
    }
    if (point.kind === 'fail' && run.answer?.error !== undefined && !WRITE_FAILURE.test(run.answer.error)) {
      violations.push(`the failing write gave an unclear message: ${run.answer.error}`);
    }
    await tamper?.(where);
    violations.push(...secretsIn(where.storage, emulator));
    const createdAtCrash = emulator.state.files.some((f) => f.file_name === name && f.state === 'CREATED');

    // A new window on the same folder: refresh, reconcile, Resume what is offered.
    const { unreadable } = await parent.records.read();
    violations.push(...unreadable.map((u) => `record ${u.name} read back unreadable: ${u.why}`));
    const recovered = await recover(parent);
    const kept = await parent.records.list();
    const files = () => emulator.state.files.filter((f) => f.file_name === name);
    for (const record of kept) {
      const file = files().find((f) => f.file_id === record.fileId);
      if (!file || file.state !== 'CREATING') {
        violations.push(`record of ${record.fileName} at step ${record.step} points at ${record.fileId ? `${record.fileId} (${file?.state ?? 'gone'})` : 'no file'}`);
      }
      const offer = offerOf(record, Date.now());
      if (!record.lastError && offer !== 'expired' && recovered.refused.length === 0) {
        violations.push(`record of ${record.fileName} kept at step ${record.step} (${offer}) with no reason given`);
      }
    }
    for (const file of files().filter((f) => f.state === 'CREATING' && !kept.some((r) => r.fileId === f.file_id))) {
      violations.push(`${file.file_id} is CREATING with no record on this machine`);
    }
    let kind: string;
    if (createdAtCrash && kept.length === 0) {
      kind = 'done before the crash';
    } else if (recovered.resumed.includes('CREATED')) {
      kind = 'resumed to CREATED';
    } else if (kept.length > 0) {
      // The way on the row gives: Mark as Cancelled, then upload the file again into its asset.
      for (const record of kept) {
        await parent.uploader.resolve(record, 'CANCELLED');
        const asset = await parent.client.showAsset(record.assetId);
        await parent.uploader.upload(localPath, { kind: 'existing', asset, category: 'MAIN' });
      }
      kind = 'kept with a reason, marked and uploaded again';
    } else if (files().length === 0) {
      // A new asset the crash left empty is offered again under its name (the view lists it as a leftover).
      const left = emulator.state.assets.find((a) => a.asset_name === `Crash ${index}`);
      await parent.uploader.upload(localPath, left ? { kind: 'existing', asset: await parent.client.showAsset(left.asset_id), category: 'MAIN' } : target);
      kind = `nothing begun${left && target.kind === 'new' ? ' (an empty asset left)' : ''}, uploaded again`;
    } else {
      kind = 'unexplained';
      violations.push(`after recovery: ${JSON.stringify(files().map((f) => f.state))}, no record`);
    }
    const end = files();
    const created = end.filter((f) => f.state === 'CREATED').length;
    if (created !== 1) {
      violations.push(`${name} ends CREATED ${created} times (states: ${end.map((f) => f.state).join(', ')})`);
    }
    for (const file of end.filter((f) => (f.stored_after_confirm ?? 0) > 0)) {
      violations.push(`${file.file_id} was PUT completely ${file.stored_after_confirm} times after its confirm`);
    }
    if ((await parent.records.list()).length > 0) {
      violations.push('records left after the way on was followed');
    }
    return { id: point.id, kind: `${point.kind === 'fail' ? 'write failed' : 'killed'}: ${kind}`, violations };
  } catch (error) {
    return { id: point.id, kind: 'harness error', violations: [...violations, `harness: ${(error as Error).stack?.split('\n').slice(0, 3).join(' ')}`] };
  } finally {
    emulator.holdAnswers();
    await parent.client.close();
  }
}

function killed(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

/** Distinct bytes per point, so every file has its own MD5. */
function contentFor(id: string, size: number): Buffer {
  const seed = createHash('sha256').update(id).digest();
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += seed.length) {
    seed.copy(out, i);
  }
  return out;
}

async function targetFor(client: ReturnType<typeof windowOn>['client'], point: CrashPoint, index: number): Promise<UploadTarget> {
  if (point.target === 'new') {
    return { kind: 'new', assetName: `Crash ${index}`, assetType: 'VIDEO' };
  }
  const made = await client.createDigitalAsset({ asset_name: `Crash ${index}`, asset_type: 'VIDEO' });
  return { kind: 'existing', asset: { asset_id: made.asset_id, asset_name: `Crash ${index}`, asset_type: 'VIDEO', files: [] }, category: 'MAIN' };
}

function runChild(task: ChildTask, handle: { pid: number } = { pid: 0 }): Promise<{ killed: boolean; answer?: ChildAnswer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'child.js'), JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'inherit'] });
    handle.pid = child.pid!;
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = out.trim().split('\n').pop();
      resolve({ killed: signal === 'SIGKILL', answer: line ? (JSON.parse(line) as ChildAnswer) : code === 0 ? undefined : { error: `exit ${code}` } });
    });
  });
}

/** Upload URLs, their signatures and the secret key, found in any file under the storage folder. */
function secretsIn(storage: string, emulator: Emulator): string[] {
  const urls = emulator.state.files.flatMap((f) => [f.upload_url, ...(f.multipart?.upload_urls ?? [])]).filter(Boolean);
  const needles = ['Signature=', 'AccessKeyId=', DEMO_ACCOUNT.sk, ...urls.map((u) => new URL(u).pathname)];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of safeList(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) {
        walk(full);
      } else {
        const text = readFileSync(full, 'latin1');
        const hit = needles.find((n) => text.includes(n));
        if (hit) {
          found.push(`${path.relative(storage, full)} holds part of an upload URL or the secret key`);
        }
      }
    }
  };
  walk(storage);
  return found;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
