// A large file's upload (CreateLargeFile): the file cut into parts, several PUT at once straight from
// disk, each part's ETag written to the record as it lands, so a Resume sends only the parts still
// missing. The confirm is the same as for any file. Our reading of what the API leaves open is in
// client/largeFileRules.ts.
import { promises as fs } from 'node:fs';
import { runBatch, Slots } from '../client/batch';
import { failure, inputError, isCancelled, isRefusal, isStopped, MetaStudioError, withNote } from '../client/errors';
import { PART_URL_LIFETIME_MS, partsOf, planParts, type Part } from '../client/largeFileRules';
import type { MetaStudioClient } from '../client/metastudio';
import type { ConfirmState } from '../client/types';
import { failedWith, RecordWriteError, type UploadRecord, type UrlVault } from './records';
import type { UploadOptions, UploadResult } from './upload';

/** What a large upload needs from the Uploader that runs it. */
export interface LargeUploadHost {
  client: MetaStudioClient;
  urls: UrlVault;
  save(record: UploadRecord): Promise<void>;
  remove(id: string): Promise<void>;
  /** The confirm; keeps the record when it fails. */
  finish(record: UploadRecord, state: ConfirmState): Promise<UploadResult>;
  now(): number;
  /** Parts sent at once (the metastudio.partsInFlight setting). */
  partsInFlight: number;
  /** Target part size in bytes (tests make it small); default in largeFileRules.ts. */
  partBytes?: number;
  /** Retries of each part's PUT; default: the client's. */
  putRetries?: number;
  /** The crash tests' hook at each step boundary (probe.ts). */
  at(point: string): void;
  /** Keeps the URLs in the vault; throws a UrlSaveError (the record saved with the file id and why) when it cannot. */
  keepUrl(record: UploadRecord, fileId: string, url: string, lifetimeMs: number): Promise<void>;
}

/**
 * Part PUTs in flight at once in this window (one extension host), over every large file: each file
 * sends up to `metastudio.partsInFlight` (1–8) of them, and up to `metastudio.concurrency` (1–16) files
 * go at once, which would be 128 connections to OBS. undici's Agent sets no limit per origin, and one
 * there would queue parts inside undici while their timeouts run, so the cap is here: two files at the
 * most parts each, or four at the default.
 */
export const MAX_PARTS_IN_FLIGHT = 16;
const partSlots = new Slots(MAX_PARTS_IN_FLIGHT);

/** A resume needs this much of the part URLs' lifetime left. */
const URL_MARGIN_MS = 5 * 60_000;

/** CreateLargeFile, then every part, then the confirm. `record` is new and unsaved. */
export async function createLargeAndPut(host: LargeUploadHost, record: UploadRecord, options: UploadOptions): Promise<UploadResult> {
  const plan = planParts(record.size, host.partBytes);
  record.parts = { partSize: plan.partSize, count: plan.count, etags: new Array<string | null>(plan.count).fill(null) };
  await host.save(record);
  let created;
  try {
    host.at('create.before');
    created = await host.client.createLargeFile(
      {
        file_name: record.fileName,
        file_size: record.size,
        file_type: record.fileType || 'bin',
        asset_id: record.assetId,
        asset_file_category: record.category as 'MAIN' | 'OTHER' | 'PACKAGE',
        file_multipart_count: plan.count,
      },
      options.signal,
    );
  } catch (error) {
    // MetaStudio refused it: nothing was created. Any other outcome may have made the file: the record
    // stays, and the next refresh finds it by name and size (reconcile.ts).
    if (isRefusal(error)) {
      await host.remove(record.id);
    } else {
      await host.save(Object.assign(record, failedWith(error)));
    }
    throw error;
  }
  host.at('create.answered');
  await host.keepUrl(record, created.file_id, JSON.stringify(created.upload_urls), PART_URL_LIFETIME_MS);
  await host.save(Object.assign(record, { fileId: created.file_id, urlExpiresAt: host.now() + PART_URL_LIFETIME_MS, step: 'created' }));
  if (created.upload_urls.length !== plan.count) {
    const miscount = failure('part-urls-short', { urls: created.upload_urls.length, parts: plan.count, fileName: record.fileName, fileId: created.file_id }, { kind: 'http', operation: 'CreateLargeFile', requestId: created.requestId });
    return { ...(await host.finish(record, 'FAILED')), error: miscount };
  }
  return sendParts(host, record, created.upload_urls, options);
}

/** Sends the parts a record still misses, while its URLs last and the file is as it was, then confirms. */
export async function resumeLarge(host: LargeUploadHost, record: UploadRecord, options: UploadOptions): Promise<UploadResult> {
  const urls = parseUrls(await host.urls.get(record.id));
  if (!urls) {
    throw inputError(record.urlExpiresAt === undefined ? 'part-urls-never-kept' : 'part-urls-gone', { fileName: record.fileName });
  }
  // Adopted after a crash between CreateLargeFile's answer and its record: the record's creation bounds the URLs' 24 hours.
  if ((record.urlExpiresAt ?? record.createdAt + PART_URL_LIFETIME_MS) - URL_MARGIN_MS < host.now()) {
    throw inputError('part-urls-expired', { fileName: record.fileName });
  }
  if (urls.length !== record.parts!.count) {
    throw inputError('part-urls-miscounted', { fileName: record.fileName, urls: urls.length, parts: record.parts!.count });
  }
  await assertUnchanged(record, 'since');
  return sendParts(host, record, urls, options);
}

/** How many parts are still to send, for messages. */
export function missingParts(record: UploadRecord): number {
  return record.parts?.etags.filter((e) => e === null).length ?? 0;
}

async function sendParts(host: LargeUploadHost, record: UploadRecord, urls: string[], options: UploadOptions): Promise<UploadResult> {
  // One part refused for good stops the others; the user's cancel stops them all. Listened to before
  // the first await, and checked at once: a cancel that came earlier fires no 'abort' again.
  const stop = new AbortController();
  const onCancel = () => stop.abort();
  options.signal?.addEventListener('abort', onCancel);
  if (options.signal?.aborted) {
    stop.abort();
  }
  try {
    return await sendPartsUntil(host, record, urls, options, stop);
  } finally {
    options.signal?.removeEventListener('abort', onCancel);
  }
}

async function sendPartsUntil(host: LargeUploadHost, record: UploadRecord, urls: string[], options: UploadOptions, stop: AbortController): Promise<UploadResult> {
  const parts = record.parts!;
  const save = serialized(host.save);
  await save(Object.assign(record, { step: 'uploading', lastError: undefined, lastFailure: undefined }));
  host.at('put.before');
  const missing = partsOf(record.size, parts).filter((p) => parts.etags[p.number - 1] === null);
  let landed = partsOf(record.size, parts).filter((p) => parts.etags[p.number - 1] !== null).reduce((sum, p) => sum + p.size, 0);
  const moving = new Map<number, number>();
  const report = () => options.onProgress?.('uploading', landed + [...moving.values()].reduce((a, b) => a + b, 0), record.size);
  report();

  let refusal: MetaStudioError | undefined;
  // The record could not be written after a part landed: stop, and say so as it is (the disk).
  let writeFailure: RecordWriteError | undefined;
  const sendPart = async (part: Part): Promise<void> => {
    try {
      const { etag } = await partSlots.run(() => host.client.putFile({
        uploadUrl: urls[part.number - 1],
        path: record.localPath,
        start: part.start,
        size: part.size,
        signal: stop.signal,
        retries: host.putRetries,
        onProgress: (n) => {
          moving.set(part.number, n);
          report();
        },
      }), stop.signal);
      host.at('part.done');
      moving.delete(part.number);
      landed += part.size;
      parts.etags[part.number - 1] = etag ?? '';
      await save(record);
    } catch (error) {
      moving.delete(part.number);
      if (error instanceof RecordWriteError) {
        writeFailure ??= error;
        stop.abort();
      }
      if (error instanceof MetaStudioError && !isCancelled(error) && isPartRefusal(error)) {
        refusal ??= error;
        stop.abort();
      }
      throw error;
    }
  };
  const results = await runBatch(missing, sendPart, { concurrency: Math.max(1, host.partsInFlight), signal: stop.signal });
  if (writeFailure) {
    throw writeFailure; // the record on disk is the last one written whole: Resume sends what it misses
  }
  // Stopped from outside (signed out, the window closing): not the user's cancel, so it stays resumable.
  if (isStopped(options.signal?.reason)) {
    await save(Object.assign(record, failedWith(options.signal!.reason)));
    throw options.signal!.reason;
  }
  if (options.signal?.aborted) {
    return host.finish(record, 'CANCELLED');
  }
  if (refusal) {
    return { ...(await host.finish(record, 'FAILED')), error: partError(record, refusal) };
  }
  const failed = results.find((r) => !r.ok);
  if (failed && !failed.ok) {
    // Transient (a cut connection, a timeout, a 5xx): what landed is kept, the rest waits for Resume.
    const left = missingParts(record);
    const failure = withNote(partError(record, failed.error), { reason: 'parts-left', facts: { fileName: record.fileName, left, parts: parts.count } });
    await save(Object.assign(record, failedWith(failure)));
    throw failure;
  }
  host.at('put.done');
  // OBS takes no MD5 of a part (largeFileRules.ts): a file written to while its parts were read would be
  // merged from bytes that never existed together. It stays pending, not resumable (its parts are of
  // another file), for the user to Mark as Failed or Cancelled and upload again.
  try {
    await assertUnchanged(record, 'during');
  } catch (error) {
    await save(Object.assign(record, failedWith(error)));
    throw error;
  }
  await save(Object.assign(record, { step: 'uploaded' }));
  options.onProgress?.('confirming', record.size, record.size);
  return host.finish(record, 'CREATED');
}

/**
 * Throws an input error naming the file when it is gone or is not the file the record was made of: a
 * large file has no MD5 to compare (CreateLargeFile takes none), so its size, time of change, time of
 * status change and inode say; the last two also catch a change that kept the time (`touch -r`).
 * Records from before ctimeMs and ino were kept are compared on what they have.
 */
async function assertUnchanged(record: UploadRecord, when: 'since' | 'during'): Promise<void> {
  const stat = await fs.stat(record.localPath).catch(() => undefined);
  const same = stat !== undefined && stat.size === record.size && stat.mtimeMs === record.mtimeMs && (record.ctimeMs === undefined || stat.ctimeMs === record.ctimeMs) && (record.ino === undefined || stat.ino === record.ino);
  if (!same) {
    const gone = stat === undefined;
    throw inputError(when === 'since' ? (gone ? 'file-gone' : 'file-changed') : (gone ? 'file-gone-during' : 'file-changed-during'), { fileName: record.fileName });
  }
}

/** OBS said no to a part for good (an expired or altered URL, a bad request): sending again cannot help. */
function isPartRefusal(error: MetaStudioError): boolean {
  return !error.retryable && (error.kind === 'http' || error.kind === 'auth');
}

function partError(record: UploadRecord, error: MetaStudioError): MetaStudioError {
  return withNote(error, { reason: 'part-of', facts: { fileName: record.fileName } });
}

function parseUrls(text: string | undefined): string[] | undefined {
  try {
    const urls: unknown = text === undefined ? undefined : JSON.parse(text);
    return Array.isArray(urls) && urls.every((u) => typeof u === 'string') ? urls : undefined;
  } catch {
    return undefined;
  }
}

/** Saves one at a time: parts land together, and the record file is replaced whole each time. */
function serialized(save: (record: UploadRecord) => Promise<void>): (record: UploadRecord) => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return (record) => (last = last.catch(() => undefined).then(() => save(record)));
}
