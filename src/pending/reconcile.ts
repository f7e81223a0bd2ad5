// What MetaStudio's own list says about a local upload record: keep it, give it the file id
// MetaStudio made for it, or drop it. A record is dropped only on MetaStudio's word that its file
// is no longer pending or does not exist; anything uncertain keeps it. Imports no `vscode`.
import { isRefusal } from '../client/errors';
import { englishOf, type ErrorSentence } from '../client/errors';
import { blockDetails, hiddenFilesIssue } from '../client/fileStates';
import type { MetaStudioClient } from '../client/metastudio';
import type { AssetFileInfo, DigitalAssetInfo } from '../client/types';
import type { RecordStore, UploadRecord, UrlVault } from './records';

/**
 * A record with no file id this young (since its last CreateFile attempt, `updatedAt`) may belong to a
 * CreateFile still on its way: no answer (a timeout, a cut connection) says nothing about whether the
 * request arrives later, whatever the error, so an error does not shorten the wait.
 */
export const CREATE_GRACE_MS = 10 * 60_000;

export type Verdict =
  | { kind: 'keep'; why: string; issue?: ErrorSentence }
  | { kind: 'adopt'; file: AssetFileInfo }
  | { kind: 'drop'; why: string };

/**
 * The verdict on `record` from its asset as MetaStudio shows it now. `claimed` holds the file ids
 * other records already own, so two records never adopt the same file.
 */
export function verdictFor(record: UploadRecord, asset: DigitalAssetInfo, claimed: ReadonlySet<string>): Verdict {
  // Only a file list MetaStudio shows in full can say a file is gone.
  const hidden = hiddenFilesIssue(asset);
  if (hidden) {
    return { kind: 'keep', why: englishOf(hidden)!, issue: hidden };
  }
  const files = asset.files ?? [];
  if (record.fileId) {
    const file = files.find((f) => f.file_id === record.fileId);
    const state = file?.state;
    const blocked = state === 'BLOCK' ? ` (${blockDetails(file!) || 'no reason given'})` : '';
    return state === 'CREATING' ? { kind: 'keep', why: 'still CREATING' } : { kind: 'drop', why: `${state ?? 'gone'} in MetaStudio${blocked}` };
  }
  // CreateFile's answer never arrived: the file is the one with this name, size and MD5 (a large
  // file has no MD5: name and size), if any.
  const same = files.filter((f) => !claimed.has(f.file_id) && f.file_name === record.fileName && f.file_size === record.size && (!record.md5 || f.file_md5 === record.md5) && f.asset_file_category === record.category);
  const file = same.find((f) => f.state === 'CREATING');
  if (file) {
    return { kind: 'adopt', file };
  }
  return { kind: 'drop', why: same[0] ? `its file ${same[0].file_id} is ${same[0].state ?? '?'} in MetaStudio` : 'MetaStudio has no such file in its asset' };
}

export interface ReconcileOptions {
  /** Records being worked on in this window: left alone. */
  active?: ReadonlySet<string>;
  /**
   * How long a record without a file id and without an error counts as a CreateFile on its way;
   * default CREATE_GRACE_MS. 0 when the locks tell which records a live window works on (the rest
   * stopped). A record whose CreateFile failed without an answer always gets CREATE_GRACE_MS.
   */
  graceMs?: number;
  now?: () => number;
  log?: (level: 'info' | 'warn', message: string) => void;
  signal?: AbortSignal;
}

/**
 * Checks each record that the server listing did not show as pending against its asset (ShowAsset,
 * one call per asset), and keeps, adopts or drops it. `serverPending` is every file id the listing
 * saw in CREATING. Returns how many records changed.
 */
export async function reconcileRecords(
  client: Pick<MetaStudioClient, 'showAsset'>,
  store: RecordStore,
  urls: UrlVault,
  records: readonly UploadRecord[],
  serverPending: ReadonlySet<string>,
  options: ReconcileOptions = {},
): Promise<number> {
  const now = (options.now ?? Date.now)();
  const log = options.log ?? (() => undefined);
  const claimed = new Set(records.flatMap((r) => (r.fileId ? [r.fileId] : [])));
  const assets = new Map<string, Promise<DigitalAssetInfo>>();
  let changed = 0;
  for (const record of records) {
    // Cancel Refresh (or a refresh that replaced this one) stops here: nothing half done.
    if (options.signal?.aborted) {
      break;
    }
    // A CreateFile that ended without an answer (lastError) may still arrive, whoever holds the lock.
    const grace = record.lastError ? CREATE_GRACE_MS : (options.graceMs ?? CREATE_GRACE_MS);
    const inFlight = options.active?.has(record.id) || (!record.fileId && now - record.updatedAt < grace);
    // A damaged record (recordShape.ts) is not matched by what it says: the user decides on it.
    if (inFlight || record.damaged || (record.fileId && serverPending.has(record.fileId))) {
      continue;
    }
    let asset: DigitalAssetInfo;
    try {
      const shown = assets.get(record.assetId) ?? client.showAsset(record.assetId, options.signal);
      assets.set(record.assetId, shown);
      asset = await shown;
    } catch (error) {
      // Not even a missing asset drops a record: the user decides, with Forget Upload.
      const what = isRefusal(error) ? 'its asset is not found' : 'MetaStudio could not be asked';
      log('warn', `kept the record of ${record.fileName}${record.fileId ? ` (${record.fileId})` : ''}: ${what}: ${(error as Error).message}`);
      continue;
    }
    const verdict = verdictFor(record, asset, claimed);
    if (verdict.kind === 'keep' && verdict.why !== 'still CREATING' && record.lastError !== verdict.why) {
      // Said on the record's row: why MetaStudio cannot tell whether it is still pending.
      await store.save({ ...record, lastError: verdict.why, lastFailure: verdict.issue });
      log('warn', `kept the record of ${record.fileName}${record.fileId ? ` (${record.fileId})` : ''}: ${verdict.why}`);
      changed++;
    } else if (verdict.kind === 'drop') {
      await urls.delete(record.id);
      await store.remove(record.id);
      log('info', `${record.fileName}${record.fileId ? ` (${record.fileId})` : ''}: ${verdict.why}; dropped its local record`);
      changed++;
    } else if (verdict.kind === 'adopt') {
      claimed.add(verdict.file.file_id);
      await store.save({ ...record, fileId: verdict.file.file_id, step: 'created', lastError: undefined, lastFailure: undefined, updatedAt: now });
      log('info', `${record.fileName}: CreateFile's answer was lost; MetaStudio has the file as ${verdict.file.file_id} (${verdict.file.state ?? '?'}), now in its record`);
      changed++;
    }
  }
  return changed;
}
