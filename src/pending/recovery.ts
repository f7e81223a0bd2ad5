// What this machine does with its upload records after a reload or a crash, shared by the view and
// the crash tests: check them against MetaStudio's listing (reconcile.ts), then offer each what can
// carry it on. Imports no `vscode`.
import type { MetaStudioClient } from '../client/metastudio';
import { belongsTo, URL_LIFETIME_MS, type RecordStore, type UploadRecord, type UrlVault } from './records';
import { reconcileRecords, type ReconcileOptions } from './reconcile';
import type { UploadLocks } from './uploadLock';

/**
 * What a local row offers: `resumable` (Resume PUTs again while the URL lasts), `confirmable` (the
 * bytes are in; Resume confirms), `expired` (the URL ran out: Mark, then upload again), `orphan`
 * (no file id yet: Forget, or Mark once MetaStudio shows the file).
 */
export type Offer = 'resumable' | 'confirmable' | 'expired' | 'orphan';

export function offerOf(record: UploadRecord, now: number): Offer {
  if (!record.fileId) {
    return 'orphan';
  }
  const needsUrl = record.step === 'created' || record.step === 'uploading';
  if (!needsUrl) {
    return 'confirmable';
  }
  return urlTimeLeft(record, now) <= 0 ? 'expired' : 'resumable';
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
