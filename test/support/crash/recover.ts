// What the extension does with its storage folder after a reload, as a user would go on: refresh the
// view (list MetaStudio's pending files, reconcile the records), then Resume every row that offers it.
// The same src/pending code the extension runs; used by the crash tests' processes and their checks.
import { appendFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { MetaStudioClient } from '../../../src/client';
import { PendingUploads, type PendingFile } from '../../../src/pending/model';
import type { Probe } from '../../../src/pending/probe';
import { belongsTo, FileRecordStore } from '../../../src/pending/records';
import { offerOf, reconcileStored, showUploads } from '../../../src/pending/recovery';
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
  /** The extension's global storage folder (records under uploads/, locks under uploads/locks/). */
  storage: string;
  /** The workspace storage folder, the log folder (the output channel's file) and the temp folder (TMPDIR) of its processes. */
  workspace: string;
  logs: string;
  tmp: string;
  /** Where SecretStorage keeps the upload URLs: outside every folder above. */
  vault: string;
}

/** What one window of the extension works with, on the storage folder of `where`. */
export function windowOn(where: Where, probe?: Probe, onProgress?: (phase: string, bytes: number) => void) {
  const client = new MetaStudioClient({
    endpoint: where.endpoint, iamEndpoint: where.endpoint, region: 'cn-north-4', projectId: where.projectId,
    credentials: { kind: 'aksk', ak: where.ak, sk: where.sk }, rateLimitPerSecond: 0, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5 },
  });
  const records = new FileRecordStore(path.join(where.storage, 'uploads'), probe);
  const locks = new UploadLocks(path.join(where.storage, 'uploads', 'locks'), Date.now, undefined, probe);
  const urls = new FolderUrlVault(where.vault);
  const uploader = new Uploader(client, records, urls, { locks, putRetries: 0, probe, largeFileBytes: LARGE_FILE_BYTES, partBytes: PART_BYTES, partsInFlight: 2 });
  // What the extension writes to its output channel, which VS Code keeps in the log folder.
  const log = (level: string, message: string) => {
    mkdirSync(where.logs, { recursive: true });
    appendFileSync(path.join(where.logs, 'MetaStudio Uploads.log'), `${new Date().toISOString()} [${level}] ${message}\n`);
  };
  return { client, records, locks, urls, uploader, onProgress, log };
}

export interface Recovered {
  /** Records resumed to their end, by the state confirmed. */
  resumed: string[];
  /** Why each Resume that was offered did not finish. */
  refused: string[];
  /** Every row of the view after the reload that follows: This machine's, then the list's. */
  rows: PendingFile[];
}

/**
 * Refresh, reconcile, Resume what is offered (by the row: offerOf with its URL saved or not), then
 * the reload the extension does after uploads end (refresh, reconcile, this machine's rows): what
 * the user then sees is `rows`.
 */
export async function recover(window: ReturnType<typeof windowOn>): Promise<Recovered> {
  const { client, records, urls, locks, uploader, log } = window;
  const model = new PendingUploads();
  const where = { endpoint: client.endpoint, projectId: await client.projectId() };
  const reload = async () => {
    await model.refresh(client);
    await reconcileStored(client, records, urls, locks, where, model.serverFileIds(), { log });
    await showUploads(model, (await records.list()).filter((r) => belongsTo(r, where.endpoint, where.projectId)), urls, locks, new Set());
  };
  await reload();
  const result: Recovered = { resumed: [], refused: [], rows: [] };
  for (const row of model.localUploads()) {
    const offer = offerOf(row.upload!, Date.now(), !row.urlLost);
    if (offer !== 'resumable' && offer !== 'confirmable') {
      continue;
    }
    try {
      const done = await uploader.resume(row.upload!, { onProgress: (phase, bytes) => window.onProgress?.(phase, bytes) });
      log('info', `${done.fileName} (${done.fileId}) confirmed ${done.state}`);
      result.resumed.push(done.state);
    } catch (error) {
      log('error', `${row.fileName}: ${(error as Error).message}`);
      result.refused.push((error as Error).message);
    }
  }
  await reload();
  result.rows = model.files();
  return result;
}
