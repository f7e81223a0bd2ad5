// The whole upload, so that nothing is left pending by accident: CreateFile, PUT, confirm. Every step
// is written to a durable record first; a cancelled upload is confirmed CANCELLED, a failed one FAILED
// with its reason, a finished one CREATED. What cannot be confirmed stays, with what went wrong.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { assetNameIssue } from '../client/assetNames';
import { asMetaStudioError } from '../client/batch';
import { inputError, isCancelled, isNotUploaded, isRefusal, isStopped, MetaStudioError, stoppedError, withNote, type Note } from '../client/errors';
import { categoryFileIssue, contentTypeFor, fileType, formatBytes, holderOf, mainFileIssue, MAX_SINGLE_PUT_BYTES, openCategories } from '../client/fileTypes';
import { isEmptyCreatingAsset, reachedState } from '../client/fileStates';
import { fileMd5 } from '../client/md5';
import type { MetaStudioClient } from '../client/metastudio';
import type { AssetFileCategory, AssetFileInfo, ConfirmState, DigitalAssetInfo, SystemProperty, UploadAssetType } from '../client/types';
import { LARGE_FILE_CATEGORIES, MAX_LARGE_FILE_BYTES } from '../client/largeFileRules';
import { createLargeAndPut, resumeLarge, type LargeUploadHost } from './largeUpload';
import { failedWith, RecordWriteError, URL_LIFETIME_MS, UrlSaveError, type RecordStore, type UploadRecord, type UrlVault } from './records';
import type { UploadLocks } from './uploadLock';
import type { Probe } from './probe';
import { verdictFor } from './reconcile';

export { URL_LIFETIME_MS };

const URL_MARGIN_MS = 5 * 60_000;

export type UploadTarget =
  /** `systemProperties`: sent with CreateDigitalAsset, e.g. MATERIAL_IMG "Yes" so video production shows it. */
  | { kind: 'new'; assetName: string; assetType: UploadAssetType; systemProperties?: SystemProperty[] }
  | { kind: 'existing'; asset: DigitalAssetInfo; category: AssetFileCategory };

export type UploadPhase = 'hashing' | 'creating' | 'uploading' | 'confirming';

export interface UploadOptions {
  signal?: AbortSignal;
  onProgress?: (phase: UploadPhase, bytes: number, total: number) => void;
}

export interface UploadResult {
  fileName: string;
  fileId: string;
  assetId: string;
  assetName: string;
  category: AssetFileCategory;
  state: ConfirmState;
  /** Why the upload failed, when it was confirmed FAILED. */
  error?: MetaStudioError;
  /** The file as MetaStudio showed it after a CREATED, when it could be read: UPLOADED or REVIEW await review, BLOCK was refused. */
  file?: AssetFileInfo;
}

export class Uploader {
  constructor(
    readonly client: MetaStudioClient,
    private readonly records: RecordStore,
    private readonly urls: UrlVault,
    private readonly options: {
      autoMetaAnalysis?: boolean;
      putRetries?: number;
      now?: () => number;
      /** Ids of the records being worked on right now, shared by every uploader of the window. */
      active?: Set<string>;
      /** The locks shared with other windows: an upload runs in one window at a time. */
      locks?: UploadLocks;
      /** Files over this many bytes go through CreateLargeFile, in parts; default 5 GiB, the most one PUT takes. */
      largeFileBytes?: number;
      /** Parts of a large file sent at once; default 4. */
      partsInFlight?: number;
      /** Target part size of a large file, in bytes (tests make it small). */
      partBytes?: number;
      /** The crash tests' hook at each step boundary (probe.ts); unset in the extension. */
      probe?: Probe;
    } = {},
  ) {}

  /** What MetaStudio would refuse, refused here before anything is created. */
  async check(localPath: string, target: UploadTarget): Promise<{ size: number; mtimeMs: number; ctimeMs: number; ino: number }> {
    const name = path.basename(localPath);
    const stat = await fs.stat(localPath).catch(() => undefined);
    if (!stat?.isFile()) {
      throw inputError('not-readable', { fileName: name });
    }
    if (stat.size > MAX_LARGE_FILE_BYTES) {
      throw inputError('too-large', { fileName: name, limit: formatBytes(MAX_LARGE_FILE_BYTES) });
    }
    const category = target.kind === 'new' ? 'MAIN' : target.category;
    if (this.isLarge(stat.size) && !(LARGE_FILE_CATEGORIES as readonly string[]).includes(category)) {
      throw inputError('too-large-for-category', { fileName: name, limit: formatBytes(this.options.largeFileBytes ?? MAX_SINGLE_PUT_BYTES), categories: LARGE_FILE_CATEGORIES.join(', '), category });
    }
    // An asset without a known type (a retry only knows the id): MetaStudio decides on the kind.
    const assetType = target.kind === 'new' ? target.assetType : target.asset.asset_type;
    const kindIssue = assetType === undefined ? undefined : category === 'MAIN' ? mainFileIssue(assetType, name, stat.size) : categoryFileIssue(assetType, category, name);
    const issue = (target.kind === 'new' ? assetNameIssue(target.assetName) : undefined) ?? kindIssue;
    if (issue) {
      throw inputError(issue.reason, issue.facts);
    }
    if (stat.size === 0) {
      throw inputError('empty-file', { fileName: name });
    }
    if (target.kind === 'existing') {
      const taken = holderOf(target.asset, category);
      if (taken) {
        throw withNote(inputError('category-taken', { assetName: target.asset.asset_name ?? target.asset.asset_id, category, holder: taken.file_name ?? taken.file_id }), othersOf(target.asset, name));
      }
    }
    return { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino };
  }

  async upload(localPath: string, target: UploadTarget, options: UploadOptions = {}): Promise<UploadResult> {
    const { size, mtimeMs, ctimeMs, ino } = await this.check(localPath, target);
    const fileName = path.basename(localPath);
    const large = this.isLarge(size);
    // CreateLargeFile takes no MD5: no need to read the whole file twice.
    const md5 = large ? '' : await this.hashed(localPath, size, options);
    options.onProgress?.('creating', 0, size);
    this.at('asset.before');
    const asset = target.kind === 'new'
      ? { asset_id: (await this.client.createDigitalAsset(newAssetBody(target), options.signal)).asset_id, asset_name: target.assetName }
      : target.asset;
    this.at('asset.done');
    const made = target.kind === 'new' ? asset.asset_id : undefined;
    const type = fileType(fileName);
    const record: UploadRecord = {
      id: randomUUID(),
      endpoint: this.client.endpoint,
      projectId: await this.client.projectId(options.signal),
      localPath,
      fileName,
      fileType: type,
      contentType: contentTypeFor(type),
      size,
      mtimeMs,
      ctimeMs,
      ino,
      md5,
      assetId: asset.asset_id,
      assetName: asset.asset_name ?? asset.asset_id,
      category: target.kind === 'new' ? 'MAIN' : target.category,
      step: 'creating',
      createdAt: this.now(),
      updatedAt: this.now(),
    };
    try {
      const result = await this.working(record, options, (opts) => (large ? createLargeAndPut(this.largeHost(), record, opts) : this.createAndPut(record, opts)));
      if (made && result.state === 'CANCELLED') {
        await this.dropEmptyAsset(made);
      }
      return result;
    } catch (error) {
      if (made && isRefusal(error)) {
        await this.dropEmptyAsset(made);
      }
      throw isPlaceTaken(error) ? withOpenCategories(error, await this.client.showAsset(asset.asset_id).catch(() => undefined), fileName) : error;
    }
  }

  /**
   * An asset this upload created and that ended with nothing in it (CreateFile refused, or the upload
   * cancelled) goes for good, so no empty asset is left behind under the file's name. Checked first:
   * anything live in it (another window's file) keeps it. A failure here leaves a leftover the view
   * lists with Delete Asset.
   */
  private async dropEmptyAsset(assetId: string): Promise<void> {
    try {
      const asset = await this.client.showAsset(assetId);
      if (isEmptyCreatingAsset(asset)) {
        await this.client.deleteAsset(assetId, { force: true });
      }
    } catch {
      // the view lists it as an empty leftover
    }
  }

  private isLarge(size: number): boolean {
    return size > (this.options.largeFileBytes ?? MAX_SINGLE_PUT_BYTES);
  }

  private largeHost(): LargeUploadHost {
    return {
      client: this.client,
      urls: this.urls,
      save: (record) => this.save(record),
      remove: (id) => (this.lostLocks.has(id) ? Promise.resolve() : this.records.remove(id)),
      finish: (record, state) => this.finish(record, state),
      now: () => this.now(),
      partsInFlight: this.options.partsInFlight ?? 4,
      partBytes: this.options.partBytes,
      putRetries: this.options.putRetries,
      at: (point) => this.at(point),
      keepUrl: (record, fileId, url, lifetimeMs) => this.keepUrl(record, fileId, url, lifetimeMs),
    };
  }

  private async createAndPut(record: UploadRecord, options: UploadOptions): Promise<UploadResult> {
    await this.save(record);
    const { fileName, md5, size, fileType: type } = record;
    let created;
    try {
      this.at('create.before');
      created = await this.client.createFile(
        { file_name: fileName, file_md5: md5, file_size: size, file_type: type || 'bin', asset_id: record.assetId, asset_file_category: record.category },
        options.signal,
      );
    } catch (error) {
      await this.createFailed(record, error);
      throw error;
    }
    this.at('create.answered');
    await this.keepUrl(record, created.file_id, created.upload_url, URL_LIFETIME_MS);
    await this.save(Object.assign(record, { fileId: created.file_id, urlExpiresAt: this.now() + URL_LIFETIME_MS, step: 'created' }));
    return this.put(record, created.upload_url, options);
  }

  /**
   * MetaStudio refused CreateFile: nothing was created, so nothing is pending. Any other outcome
   * (no answer, a 5xx, an answer that is not the gateway's) may have made the file: the record stays,
   * and the next refresh finds the file by name, size and MD5 (see reconcile.ts).
   */
  private async createFailed(record: UploadRecord, error: unknown): Promise<void> {
    if (isRefusal(error)) {
      await this.records.remove(record.id);
    } else {
      await this.save({ ...record, ...failedWith(error) });
    }
  }

  /** Picks up where a record stopped: re-PUT while the URL is valid and the file unchanged, or just confirm. */
  resume(record: UploadRecord, options: UploadOptions = {}): Promise<UploadResult> {
    return this.working(record, options, (opts) => this.resumeNow(record, opts).catch((error: unknown) => this.refused(record, error)));
  }

  /**
   * A Resume that could not start (no URL, expired, the file changed): the reason is saved on the
   * record, so its row says it after a reload too, not only in this window's toast. A damaged record
   * is never rewritten.
   */
  private async refused(record: UploadRecord, error: unknown): Promise<never> {
    if (error instanceof MetaStudioError && error.kind === 'input' && !record.damaged && record.lastError !== error.message) {
      await this.save(Object.assign(record, failedWith(error))).catch(() => undefined);
    }
    throw error;
  }

  private async resumeNow(record: UploadRecord, options: UploadOptions): Promise<UploadResult> {
    if (record.damaged) {
      throw inputError('record-damaged', { fileName: record.fileName, problem: record.damaged });
    }
    if (!record.fileId) {
      throw inputError('no-file-id', { fileName: record.fileName });
    }
    if ((record.step === 'uploaded' || record.step === 'confirming') && !(record.neverUploaded && (record.confirming ?? 'CREATED') === 'CREATED')) {
      return this.finish(record, record.confirming ?? 'CREATED');
    }
    if (record.parts) {
      return resumeLarge(this.largeHost(), record, options);
    }
    const url = await this.urls.get(record.id);
    if (!url) {
      throw inputError(record.urlExpiresAt === undefined ? 'url-never-kept' : 'url-gone', { fileName: record.fileName });
    }
    // Adopted after a crash between CreateFile's answer and its record: the record's own creation,
    // before CreateFile, bounds the URL's 24 hours from below.
    const expiresAt = record.urlExpiresAt ?? record.createdAt + URL_LIFETIME_MS;
    if (expiresAt - URL_MARGIN_MS < this.now()) {
      throw inputError('url-expired', { fileName: record.fileName });
    }
    const stat = await fs.stat(record.localPath).catch(() => undefined);
    const changed = !stat || stat.size !== record.size || (await this.hashed(record.localPath, record.size, options)) !== record.md5;
    if (changed) {
      throw inputError(stat ? 'file-changed' : 'file-gone', { fileName: record.fileName });
    }
    return this.put(record, url, options);
  }

  /** Confirms a record's file in `state` (Mark as Failed / Cancelled / Uploaded on a local row). */
  async resolve(record: UploadRecord, state: ConfirmState): Promise<UploadResult> {
    if (!record.fileId) {
      const fileId = await this.findLostFile(record);
      if (!fileId) {
        await this.forget(record);
        return { ...summary(record), fileId: '', state };
      }
      await this.save(Object.assign(record, { fileId, step: 'created' }));
    }
    return this.finish(record, state);
  }

  /**
   * The file a CreateFile whose answer was lost made, if MetaStudio has one; undefined only on its
   * word that there is none. Throws when it cannot be asked, so the record stays.
   */
  private async findLostFile(record: UploadRecord): Promise<string | undefined> {
    const asset = await this.client.showAsset(record.assetId);
    // A file another record already owns is never this one's.
    const claimed = new Set((await this.records.list()).flatMap((r) => (r.fileId && r.id !== record.id ? [r.fileId] : [])));
    const verdict = verdictFor(record, asset, claimed);
    if (verdict.kind === 'keep') {
      const unclear = inputError(verdict.issue?.reason ?? 'unexpected', verdict.issue?.facts ?? { detail: verdict.why });
      throw withNote(withNote(unclear, { reason: 'not-marked', facts: { fileName: record.fileName } }), { reason: 'record-kept', facts: {} });
    }
    return verdict.kind === 'adopt' ? verdict.file.file_id : undefined;
  }

  /**
   * Drops the local record and its upload URL; whatever MetaStudio has stays there (and in the
   * server list). The URL goes first: a crash between the two leaves a record whose row says its URL
   * is lost (or that reconcile drops), never an upload URL in SecretStorage no record leads to.
   */
  async forget(record: UploadRecord): Promise<void> {
    await this.urls.delete(record.id);
    this.at('forget.urlDeleted');
    await this.records.remove(record.id);
    this.at('forget.removed');
  }

  /**
   * Marks the record as worked on while `work` runs, so that no second Resume starts beside it, and
   * holds its lock against other windows. If another window takes the lock over (this one slept past
   * its heartbeat), the work stops as if stopped from outside and leaves the record to that window.
   */
  private async working<T>(record: UploadRecord, options: UploadOptions, work: (options: UploadOptions) => Promise<T>): Promise<T> {
    if (this.options.active?.has(record.id)) {
      throw inputError('already-uploading', { fileName: record.fileName });
    }
    const lost = new AbortController();
    // A lock that cannot be written (a full or read-only disk) stops the upload as a record would.
    const release = this.options.locks
      ? await this.options.locks.acquire(record.id, () => {
        this.lostLocks.add(record.id);
        lost.abort(stoppedError('taken-over', { fileName: record.fileName }));
      }).catch((error: unknown) => {
        throw new RecordWriteError(record.fileName, error);
      })
      : async () => undefined;
    if (!release) {
      throw inputError('uploading-elsewhere', { fileName: record.fileName });
    }
    this.lostLocks.delete(record.id);
    this.options.active?.add(record.id);
    try {
      return await work({ ...options, signal: options.signal ? AbortSignal.any([options.signal, lost.signal]) : lost.signal });
    } finally {
      this.options.active?.delete(record.id);
      await release().catch(() => undefined);
    }
  }

  /**
   * The PUT, with the client's retries. Only a refusal (OBS said no for good) confirms FAILED; when
   * the retries of a transient failure run out, the record stays, resumable, with the reason.
   */
  private async put(record: UploadRecord, url: string, options: UploadOptions): Promise<UploadResult> {
    await this.save(Object.assign(record, { step: 'uploading', lastError: undefined, lastFailure: undefined, neverUploaded: undefined }));
    try {
      this.at('put.before');
      options.onProgress?.('uploading', 0, record.size);
      await this.client.putFile({
        uploadUrl: url,
        path: record.localPath,
        size: record.size,
        md5: record.md5,
        contentType: record.contentType,
        signal: options.signal,
        retries: this.options.putRetries,
        onProgress: (n) => options.onProgress?.('uploading', n, record.size),
      });
    } catch (error) {
      if (isStopped(options.signal?.reason)) {
        return this.keepResumable(record, options.signal!.reason as MetaStudioError);
      }
      if (isCancelled(error) || options.signal?.aborted) {
        return this.finish(record, 'CANCELLED');
      }
      const failure = asMetaStudioError(error);
      // Only OBS saying no for good ends the upload; a transient failure, or one of the way there
      // (a proxy, TLS, DNS), leaves it to resume once that is fixed.
      if (failure.retryable || (failure.kind !== 'http' && failure.kind !== 'auth')) {
        return this.keepResumable(record, failure);
      }
      const result = await this.finish(record, 'FAILED');
      return { ...result, error: failure };
    }
    this.at('put.done');
    await this.save(Object.assign(record, { step: 'uploaded' }));
    options.onProgress?.('confirming', record.size, record.size);
    return this.finish(record, 'CREATED');
  }

  /** The upload stays pending, its record saying why; Resume PUTs it again while the URL lasts. */
  private async keepResumable(record: UploadRecord, failure: MetaStudioError): Promise<never> {
    await this.save(Object.assign(record, failedWith(failure)));
    if (isStopped(failure)) {
      throw failure;
    }
    throw withNote(failure, { reason: 'stays-pending', facts: { fileName: record.fileName } });
  }

  /** The third call. Until it succeeds the record stays, saying what is left to do and why. */
  private async finish(record: UploadRecord, state: ConfirmState): Promise<UploadResult> {
    await this.save(Object.assign(record, { step: 'confirming', confirming: state }));
    let receipt;
    try {
      this.at('confirm.before');
      receipt = await this.client.confirmFileUpload(record.fileId!, state, { assetId: record.assetId, autoMetaAnalysis: state === 'CREATED' && this.options.autoMetaAnalysis });
    } catch (error) {
      await this.save(Object.assign(record, { ...failedWith(error), neverUploaded: isNotUploaded(error) || undefined }));
      throw error;
    }
    this.at('confirm.answered');
    // MetaStudio has the state now: a record that cannot be removed here (a failing disk) is dropped
    // by the next refresh, which sees the state; the upload did not fail.
    await this.forget(record).catch(() => undefined);
    const file = receipt.file ?? (state === 'CREATED' ? await this.reviewOf(record) : undefined);
    return { ...summary(record), state, file };
  }

  /**
   * The file after an accepted CREATED, so the user learns whether it awaits review (UPLOADED, REVIEW)
   * or was blocked (BLOCK, with its reason). One ShowAsset; not knowing changes nothing.
   */
  private async reviewOf(record: UploadRecord): Promise<AssetFileInfo | undefined> {
    try {
      const file = (await this.client.showAsset(record.assetId)).files?.find((f) => f.file_id === record.fileId);
      return file && reachedState(file.state, 'CREATED') ? file : undefined;
    } catch {
      return undefined;
    }
  }

  /** Records whose lock another window took over: this window no longer writes them. */
  private readonly lostLocks = new Set<string>();

  /**
   * Keeps CreateFile's upload URL (or a large file's part URLs, as JSON) in the vault. When the vault
   * cannot, the record gets its file id and the reason, and a UrlSaveError stops the upload.
   */
  private async keepUrl(record: UploadRecord, fileId: string, url: string, lifetimeMs: number): Promise<void> {
    try {
      this.at('url.begin');
      await this.urls.set(record.id, url);
    } catch (error) {
      const failure = new UrlSaveError(record, fileId, error);
      await this.save(Object.assign(record, { fileId, urlExpiresAt: this.now() + lifetimeMs, step: 'created', ...failedWith(failure) }));
      throw failure;
    }
    this.at('url.stored');
  }

  /** The file's base64 MD5, reported as the `hashing` phase. */
  private async hashed(localPath: string, size: number, options: UploadOptions): Promise<string> {
    this.at('hash.before');
    const md5 = await fileMd5(localPath, options.signal, (n) => options.onProgress?.('hashing', n, size));
    this.at('hash.done');
    return md5;
  }

  /** A named step boundary, for the crash tests' probe. */
  private at(point: string): void {
    this.options.probe?.(point);
  }

  private save(record: UploadRecord): Promise<void> {
    if (this.lostLocks.has(record.id)) {
      return Promise.resolve();
    }
    record.updatedAt = this.now();
    return this.records.save(record);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function newAssetBody(target: Extract<UploadTarget, { kind: 'new' }>) {
  const properties = target.systemProperties ?? [];
  return { asset_name: target.assetName, asset_type: target.assetType, ...(properties.length > 0 ? { system_properties: properties } : {}) };
}

/** "Upload it as COVER, PAGE or OTHER instead", or into another asset when the asset takes no other. */
function othersOf(asset: Pick<DigitalAssetInfo, 'asset_name' | 'asset_id' | 'asset_type' | 'files'>, fileName: string): Note {
  const open = openCategories(asset, fileName);
  return open.length > 0 ? { reason: 'other-categories', facts: { fileName, categories: open.join(', ') } } : { reason: 'other-asset', facts: { fileName } };
}

function isPlaceTaken(error: unknown): error is MetaStudioError {
  return isRefusal(error) && (error.errorCode === 'MSS.10001008' || error.errorCode === 'MSS.10001009');
}

/** MetaStudio refused a second MAIN or COVER: say which categories the asset still takes. */
function withOpenCategories(error: MetaStudioError, asset: DigitalAssetInfo | undefined, fileName: string): MetaStudioError {
  return asset ? withNote(error, othersOf(asset, fileName)) : error;
}

function summary(record: UploadRecord): Omit<UploadResult, 'state'> {
  return { fileName: record.fileName, fileId: record.fileId ?? '', assetId: record.assetId, assetName: record.assetName, category: record.category };
}

