// Runs one crash point: a child process uploads (or resumes) and dies at the point, then this
// process does what the extension does after a reload and checks MetaStudio's state (the emulator's)
// against what the user sees. Every way the run breaks a promise is named in `violations`.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PendingFile } from '../../../src/pending/model';
import type { UploadRecord } from '../../../src/pending/records';
import { offerOf, type Offer } from '../../../src/pending/recovery';
import type { UploadTarget } from '../../../src/pending/upload';
import { DEMO_ACCOUNT, DEMO_PROJECT_ID, type Emulator } from '../../emulator';
import type { ConfirmCall, FileRecord } from '../../emulator/types';
import type { ChildAnswer, ChildTask } from './child';
import type { CrashPoint, Held } from './points';
import { windowOn, type Where } from './recover';

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

const WRITE_FAILURE = new RegExp([
  /^The upload record of (\S+) could not be saved on this machine: (the disk is full|the disk is read-only|the disk reported an I\/O error)\. \1 stays where its last saved step says; free space or fix the folder's permissions, then Resume the upload\.$/.source,
  /^The upload URL of (\S+) \(\S+\) could not be saved in SecretStorage \(E[A-Z]+\), so it was not uploaded\. It stays pending under This machine: Upload a Local File in Its Place uploads it again into Crash \d+\.$/.source,
].join('|'));

/** The rows a kept record may show, and what the user does on each (the first command of its menu). */
const WAY_ON: Record<Offer, string> = {
  resumable: 'Resume',
  confirmable: 'Resume',
  urlLost: 'Upload a Local File in Its Place',
  expired: 'Mark as Cancelled, then upload again',
  orphan: 'Forget',
};

/**
 * `tamper`: run on the folders after the crash, before the recovery; the harness's own tests break
 * things there (a record lost, a URL written, a torn record) to show each check can fail.
 */
export async function runPoint(emulator: Emulator, root: string, point: CrashPoint, index: number, tamper?: (where: Where) => void | Promise<void>): Promise<Outcome> {
  emulator.reset('none');
  const dir = path.join(root, `run-${index}`);
  const where = whereIn(emulator, dir);
  const name = `crash-${index}.mp4`;
  const localPath = path.join(dir, name);
  mkdirSync(where.tmp, { recursive: true });
  writeFileSync(localPath, contentFor(point.id, point.size));
  const violations: string[] = [];
  const output: string[] = [];
  const parent = windowOn(where);
  try {
    const target = await targetFor(parent.client, point, index);
    const task: ChildTask = { where, mode: 'upload', localPath, target };
    if (point.first) {
      const first = await runChild({ ...task, kill: { point: point.first } }, output);
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
    const run = await runChild(point.kind === 'fail' ? { ...task, fail: { point: point.point!, nth: point.nth, code: point.code! } } : { ...task, kill: point.held ? undefined : { point: point.point, nth: point.nth, phase: point.phase, bytes: point.bytes } }, output, child);
    emulator.holdAnswers();
    if (point.kind === 'kill' && !run.killed) {
      violations.push(`not reached: the process lived to the end (${JSON.stringify(run.answer)})`);
    }
    if (point.kind === 'fail' && run.answer?.error !== undefined && !WRITE_FAILURE.test(run.answer.error)) {
      violations.push(`the failing write gave an unclear message: ${run.answer.error}`);
    }
    await tamper?.(where);
    violations.push(...secretsIn(where, emulator, output).map((v) => `before recovery: ${v}`));
    const createdAtCrash = emulator.state.files.some((f) => f.file_name === name && f.state === 'CREATED');

    // A new window (a new process) on the same folders: refresh, reconcile, Resume what its rows offer, reload.
    const again = await runChild({ where, mode: 'recover' }, output);
    const rows = again.answer?.rows;
    if (!rows) {
      violations.push(`the recovery did not end: ${JSON.stringify(again.answer)}`);
    }
    const { records: kept, unreadable } = await parent.records.read();
    violations.push(...unreadable.map((u) => `record ${u.name} read back unreadable: ${u.why}`));
    violations.push(...secretsIn(where, emulator, output).map((v) => `after recovery: ${v}`));
    violations.push(...leftoversIn(where, kept));
    const files = () => emulator.state.files.filter((f) => f.file_name === name);
    violations.push(...shownViolations(kept, rows ?? [], files(), Date.now()));
    violations.push(...createdViolations(name, files(), emulator.state.confirms));
    violations.push(...putAfterConfirmViolations(files()));
    const resumed = again.answer?.resumed ?? [];
    let kind = createdAtCrash && kept.length === 0 ? 'done before the crash'
      : resumed.includes('CREATED') ? 'resumed to CREATED'
      : kept.length > 0 ? `kept, shown with a reason (${[...new Set(kept.map((r) => offerOf(r, Date.now(), !(rows ?? []).find((row) => row.upload?.id === r.id)?.urlLost)))].join(', ')})`
      : files().length === 0 ? `nothing begun${emulator.state.assets.some((a) => a.asset_name === `Crash ${index}`) && target.kind === 'new' ? ' (an empty asset left, listed)' : ''}`
      : 'unexplained';

    // The user follows each row's way on; then the file is CREATED once and nothing is left.
    if (kept.length > 0 && rows) {
      for (const row of rows.filter((r) => r.upload)) {
        await followWayOn(parent, row, localPath);
      }
      kind += ', way on followed';
      violations.push(...createdViolations(name, files(), emulator.state.confirms, true));
      violations.push(...recordsLeftViolations(await parent.records.list()));
      violations.push(...secretsIn(where, emulator, output).map((v) => `after the way on: ${v}`));
    }
    return { id: point.id, kind: `${point.kind === 'fail' ? 'write failed' : 'killed'}: ${kind}`, violations };
  } catch (error) {
    return { id: point.id, kind: 'harness error', violations: [...violations, `harness: ${(error as Error).stack?.split('\n').slice(0, 3).join(' ')}`] };
  } finally {
    emulator.holdAnswers();
    await parent.client.close();
  }
}

export function whereIn(emulator: Emulator, dir: string): Where {
  return {
    endpoint: emulator.url, ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk, projectId: DEMO_PROJECT_ID,
    storage: path.join(dir, 'globalStorage'), workspace: path.join(dir, 'workspaceStorage'), logs: path.join(dir, 'logs'), tmp: path.join(dir, 'tmp'), vault: path.join(dir, 'secrets'),
  };
}

/** What a user does on a kept row, by what it offers (WAY_ON). */
async function followWayOn(window: ReturnType<typeof windowOn>, row: PendingFile, localPath: string): Promise<void> {
  const record = row.upload!;
  const offer = offerOf(record, Date.now(), !row.urlLost);
  if (offer === 'orphan') {
    await window.uploader.forget(record);
    return;
  }
  if (offer === 'resumable' || offer === 'confirmable') {
    const done = await window.uploader.resume(record).then(() => true, () => false);
    if (done) {
      return;
    }
  }
  // Upload in Place (or Mark as Cancelled, then upload again): the same asset, the same category.
  await window.uploader.resolve(record, 'CANCELLED');
  const asset = await window.client.showAsset(record.assetId);
  await window.uploader.upload(localPath, { kind: 'existing', asset: { ...asset, files: asset.files?.filter((f) => f.file_id !== record.fileId) }, category: record.category });
}

/**
 * Every record kept is shown under This machine with a true reason and a way on; every file the flow
 * left CREATING is shown (with its record). `files`: the emulator's files of this upload's name.
 */
export function shownViolations(records: readonly UploadRecord[], rows: readonly PendingFile[], files: readonly FileRecord[], now: number): string[] {
  const found: string[] = [];
  for (const record of records) {
    const file = files.find((f) => f.file_id === record.fileId);
    if (!file || file.state !== 'CREATING') {
      found.push(`record of ${record.fileName} at step ${record.step} points at ${record.fileId ? `${record.fileId} (${file?.state ?? 'gone'})` : 'no file'}`);
    }
    const row = rows.find((r) => r.upload?.id === record.id);
    if (!row) {
      found.push(`record of ${record.fileName} at step ${record.step} is not shown under This machine`);
      continue;
    }
    const offer = offerOf(row.upload!, now, !row.urlLost);
    if (!row.lastError?.trim()) {
      found.push(`${record.fileName} is shown at step ${record.step} (${offer}) with no reason`);
    } else if (offer === 'urlLost' && !/upload URL .* was not saved/.test(row.lastError)) {
      found.push(`${record.fileName} has no upload URL saved but its row says: ${row.lastError}`);
    }
    if (!WAY_ON[offer]) {
      found.push(`${record.fileName} is shown with no way on (${offer})`);
    }
  }
  for (const file of files.filter((f) => f.state === 'CREATING' && !records.some((r) => r.fileId === f.file_id))) {
    found.push(`${file.file_id} is CREATING with no record on this machine`);
  }
  return found;
}

/**
 * From the emulator: no file confirmed CREATED twice, at most one file of `name` CREATED (the user's
 * file uploaded once), none FAILED or CANCELLED unless the user chose it; `settled` (after the way
 * on): none still CREATING, and exactly one CREATED when any was created.
 */
export function createdViolations(name: string, files: readonly FileRecord[], confirms: readonly ConfirmCall[], settled = false): string[] {
  const found: string[] = [];
  for (const file of files) {
    const created = confirms.filter((c) => c.file_id === file.file_id && c.state === 'CREATED' && c.status === 200).length;
    if (created > 1) {
      found.push(`${file.file_id} was confirmed CREATED ${created} times`);
    }
  }
  const createdFiles = files.filter((f) => f.state === 'CREATED');
  const ended = files.filter((f) => f.state !== 'CREATED' && f.state !== 'CREATING');
  const chosen = settled ? ended.filter((f) => f.state === 'CANCELLED') : [];
  if (createdFiles.length > 1 || (settled && files.length > 0 && createdFiles.length !== 1)) {
    found.push(`${name} ends CREATED ${createdFiles.length} times (states: ${files.map((f) => f.state).join(', ')})`);
  }
  for (const file of ended.filter((f) => !chosen.includes(f))) {
    found.push(`${file.file_id} (${name}) ended ${file.state} with no one choosing it`);
  }
  if (settled) {
    for (const file of files.filter((f) => f.state === 'CREATING')) {
      found.push(`${file.file_id} (${name}) is still CREATING after the way on was followed`);
    }
  }
  return found;
}

/** Records left after the way on was followed: each one a row that no action ends. */
export function recordsLeftViolations(records: readonly UploadRecord[]): string[] {
  return records.map((r) => `record of ${r.fileName} (${r.fileId ?? 'no file id'}, step ${r.step}) left after the way on was followed`);
}

/** A file's bytes sent after its confirm: a whole single PUT stored, or any part PUT (OBS refuses those). */
export function putAfterConfirmViolations(files: readonly FileRecord[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    if ((file.stored_after_confirm ?? 0) > 0) {
      found.push(`${file.file_id} was PUT completely ${file.stored_after_confirm} times after its confirm`);
    }
    if ((file.part_puts_after_confirm ?? 0) > 0) {
      found.push(`${file.file_id} was sent ${file.part_puts_after_confirm} part PUTs after its confirm`);
    }
  }
  return found;
}

/** Temp files, claims and locks of no record left in the storage folder after a start (a crashed write's), and upload URLs in the vault that no record leads to. */
function leftoversIn(where: Where, records: readonly UploadRecord[]): string[] {
  const found: string[] = [];
  for (const file of filesUnder(where.storage).filter((f) => /\.(tmp|claim)$/.test(f) || (f.endsWith('.lock') && !records.some((r) => path.basename(f) === `${r.id.replace(/[^A-Za-z0-9_-]/g, '_')}.lock`)))) {
    found.push(`${path.relative(where.storage, file)} left after a restart`);
  }
  for (const entry of safeList(where.vault).filter((e) => !e.endsWith('.tmp'))) {
    if (!records.some((r) => r.id.replace(/[^A-Za-z0-9_-]/g, '_') === entry)) {
      found.push(`an upload URL is kept in SecretStorage for ${entry}, which no record leads to`);
    }
  }
  return found;
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

function runChild(task: ChildTask, output: string[], handle: { pid: number } = { pid: 0 }): Promise<{ killed: boolean; answer?: ChildAnswer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'child.js'), JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: task.where.tmp, TEMP: task.where.tmp, TMP: task.where.tmp } });
    handle.pid = child.pid!;
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      output.push(out, err);
      if (err.trim()) {
        process.stderr.write(err);
      }
      const line = out.trim().split('\n').pop();
      resolve({ killed: signal === 'SIGKILL', answer: line ? (JSON.parse(line) as ChildAnswer) : code === 0 ? undefined : { error: `exit ${code}` } });
    });
  });
}

/**
 * Upload URLs, their signatures and the secret key, found in any file the processes wrote (global and
 * workspace storage, logs, temp files) or in their output; the vault (SecretStorage) is where URLs belong.
 */
export function secretsIn(where: Where, emulator: Emulator, output: readonly string[]): string[] {
  const urls = emulator.state.files.flatMap((f) => [f.upload_url, ...(f.multipart?.upload_urls ?? [])]).filter(Boolean);
  const needles = ['Signature=', 'AccessKeyId=', DEMO_ACCOUNT.sk, ...urls.map((u) => new URL(u).pathname)];
  const found: string[] = [];
  const root = path.dirname(where.storage);
  for (const file of [where.storage, where.workspace, where.logs, where.tmp].flatMap(filesUnder)) {
    const text = readFileSync(file, 'latin1');
    if (needles.some((n) => text.includes(n))) {
      found.push(`${path.relative(root, file)} holds part of an upload URL or the secret key`);
    }
  }
  if (output.some((text) => needles.some((n) => text.includes(n)))) {
    found.push('the process output holds part of an upload URL or the secret key');
  }
  return found;
}

function filesUnder(dir: string): string[] {
  return safeList(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
