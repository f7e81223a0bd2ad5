// What the extension does with its storage folder after a reload, as a user would go on: refresh the
// view (list MetaStudio's pending files, reconcile the records), then Resume every row that offers it.
// The same src/pending code the extension runs; used by the crash tests' processes and their checks.
import * as path from 'node:path';
import { MetaStudioClient } from '../../../src/client';
import { PendingUploads } from '../../../src/pending/model';
import type { Probe } from '../../../src/pending/probe';
import { FileRecordStore } from '../../../src/pending/records';
import { offerOf, reconcileStored } from '../../../src/pending/recovery';
import { Uploader } from '../../../src/pending/upload';
import { UploadLocks } from '../../../src/pending/uploadLock';
import { FolderUrlVault } from './vault';

/** Files over 6 MiB go in parts of 1 MiB here, so the crash tests cover large files at a small size. */
export const LARGE_FILE_BYTES = 6 * 1024 * 1024;
export const PART_BYTES = 1024 * 1024;

export interface Where {
  endpoint: string;
  ak: string;
  sk: string;
  projectId: string;
  /** The extension's storage folder (records under uploads/, locks under uploads/locks/). */
  storage: string;
  /** Where SecretStorage keeps the upload URLs: outside `storage`. */
  vault: string;
}

/** What one window of the extension works with, on the storage folder of `where`. */
export function windowOn(where: Where, probe?: Probe, onProgress?: (phase: string, bytes: number) => void) {
  const client = new MetaStudioClient({
    endpoint: where.endpoint, iamEndpoint: where.endpoint, region: 'cn-north-4', projectId: where.projectId,
    credentials: { kind: 'aksk', ak: where.ak, sk: where.sk }, rateLimitPerSecond: 0, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5 },
  });
  const records = new FileRecordStore(path.join(where.storage, 'uploads'), probe);
  const locks = new UploadLocks(path.join(where.storage, 'uploads', 'locks'));
  const urls = new FolderUrlVault(where.vault);
  const uploader = new Uploader(client, records, urls, { locks, putRetries: 0, probe, largeFileBytes: LARGE_FILE_BYTES, partBytes: PART_BYTES, partsInFlight: 2 });
  return { client, records, locks, urls, uploader, onProgress };
}

export interface Recovered {
  /** Records resumed to their end, by the state confirmed. */
  resumed: string[];
  /** Why each Resume that was offered did not finish. */
  refused: string[];
}

/** Refresh, reconcile, Resume what is offered: the user's way back after a reload. */
export async function recover(window: ReturnType<typeof windowOn>): Promise<Recovered> {
  const { client, records, urls, locks, uploader } = window;
  const model = new PendingUploads();
  await model.refresh(client);
  await reconcileStored(client, records, urls, locks, { endpoint: client.endpoint, projectId: await client.projectId() }, model.serverFileIds());
  const result: Recovered = { resumed: [], refused: [] };
  for (const record of await records.list()) {
    const offer = offerOf(record, Date.now());
    if (offer !== 'resumable' && offer !== 'confirmable') {
      continue;
    }
    try {
      const done = await uploader.resume(record, { onProgress: (phase, bytes) => window.onProgress?.(phase, bytes) });
      result.resumed.push(done.state);
    } catch (error) {
      result.refused.push((error as Error).message);
    }
  }
  return result;
}
