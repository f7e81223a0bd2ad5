// What this machine does with its upload records after a reload or a crash, shared by the view and
// the crash tests: check them against MetaStudio's listing (reconcile.ts), then offer each what can
// carry it on. Imports no `vscode`.
import type { MetaStudioClient } from '../client/metastudio';
import { inputError } from '../client/errors';
import { belongsTo, failedWith, URL_LIFETIME_MS, type RecordStore, type UploadRecord, type UrlVault } from './records';
import { reconcileRecords, type ReconcileOptions } from './reconcile';
import type { UploadLocks } from './uploadLock';
import type { PendingUploads } from './model';

/**
 * What a local row offers: `resumable` (Resume PUTs again while the URL lasts), `confirmable` (the
 * bytes are in; Resume confirms), `expired` (the URL ran out: Mark, then upload again), `urlLost`
 * (the upload URL was never saved here, or is gone from SecretStorage: MetaStudio gives no second URL
 * for a file id, so Upload in Place marks it CANCELLED and uploads the file again into its asset and
 * category), `orphan` (no file id yet: Forget, or Mark once MetaStudio shows the file).
 */
export type Offer = 'resumable' | 'confirmable' | 'expired' | 'urlLost' | 'orphan';

/** `urlSaved`: the record's upload URL is in the vault (urlsLost tells); a Resume that PUTs needs it. */
export function offerOf(record: UploadRecord, now: number, urlSaved = true): Offer {
  if (!record.fileId) {
    return 'orphan';
  }
  if (!needsUrl(record)) {
    return 'confirmable';
  }
  if (urlTimeLeft(record, now) <= 0) {
    return 'expired';
  }
  return urlSaved ? 'resumable' : 'urlLost';
}

/** A Resume of this record PUTs (all or some of) the bytes, so it needs the upload URL. */
export function needsUrl(record: UploadRecord): boolean {
  return record.step === 'created' || record.step === 'uploading' || (!!record.neverUploaded && (record.step === 'uploaded' || record.step === 'confirming') && (record.confirming ?? 'CREATED') === 'CREATED');
}

/**
 * The ids of the records whose Resume needs an upload URL the vault does not hold (a crash between
 * CreateFile's answer and the URL's save, or SecretStorage lost it). A large file's part URLs must
 * be a whole JSON list. Throws what the vault throws.
 */
export async function urlsLost(records: readonly UploadRecord[], urls: UrlVault): Promise<Set<string>> {
  const lost = new Set<string>();
  for (const record of records.filter((r) => r.fileId && needsUrl(r))) {
    const text = await urls.get(record.id);
    if (!text || (record.parts && !isUrlList(text))) {
      lost.add(record.id);
    }
  }
  return lost;
}

/** The reason a row with no saved upload URL shows, and its way on (`lastError`, and `lastFailure` for the view's language). */
export function urlLostReason(record: UploadRecord): Pick<UploadRecord, 'lastError' | 'lastFailure'> {
  return failedWith(inputError('url-not-saved', { fileName: record.fileName, fileId: record.fileId, assetName: record.assetName, category: record.category }));
}

function isUrlList(text: string): boolean {
  try {
    const list: unknown = JSON.parse(text);
    return Array.isArray(list) && list.length > 0 && list.every((u) => typeof u === 'string');
  } catch {
    return false;
  }
}

/** Milliseconds the record's upload URL has left (the record's creation bounds it when its expiry was never saved). */
export function urlTimeLeft(record: UploadRecord, now: number): number {
  return (record.urlExpiresAt ?? record.createdAt + URL_LIFETIME_MS) - now;
}

/**
 * After a listing: the records of `endpoint` and `projectId` that no window is working on are
 * checked against MetaStudio (kept, given their file, or dropped on its word). `active`: the records
 * this window works on. Returns how many records changed.
 */
export async function reconcileStored(
  client: Pick<MetaStudioClient, 'showAsset'>,
  store: RecordStore,
  urls: UrlVault,
  locks: UploadLocks | undefined,
  where: { endpoint: string; projectId: string | undefined },
  serverPending: ReadonlySet<string>,
  options: ReconcileOptions = {},
): Promise<number> {
  // What crashed windows left in the locks folder goes first (uploadLock.ts), so no dead claim refuses a Resume.
  await locks?.sweep().catch(() => undefined);
  const records = (await store.list()).filter((r) => belongsTo(r, where.endpoint, where.projectId));
  const busy = new Set(options.active);
  for (const record of records) {
    if (locks && (await locks.heldElsewhere(record.id))) {
      busy.add(record.id);
    }
  }
  // With the locks, a record no live window holds is no CreateFile on its way: no grace is needed.
  return reconcileRecords(client, store, urls, records, serverPending, { ...(locks ? { graceMs: 0 } : {}), ...options, active: busy });
}

/**
 * A reload of this machine's rows: `records` (those of the endpoint and project in use) into
 * `model`, each with whether another window holds it (its lock) and whether its upload URL is saved.
 * `active`: the records this window works on. A vault that cannot be read marks no URL lost (Resume
 * then says what failed).
 */
export async function showUploads(model: PendingUploads, records: readonly UploadRecord[], urls: UrlVault, locks: UploadLocks | undefined, active: ReadonlySet<string>): Promise<void> {
  const elsewhere = new Set<string>();
  for (const record of records) {
    if (!active.has(record.id) && locks && (await locks.heldElsewhere(record.id))) {
      elsewhere.add(record.id);
    }
  }
  const lost = await urlsLost(records, urls).catch(() => new Set<string>());
  model.setUploads(records, active, elsewhere, lost);
}
