// This machine's uploads in VS Code: records in the extension's global storage folder, upload URLs
// in SecretStorage, and an uploader on the client a command holds.
import * as path from 'node:path';
import vscode = require('vscode');
import type { MetaStudioClient } from './client/metastudio';
import { inputError } from './client/errors';
import { blockDetails } from './client/fileStates';
import { checkEndpoint } from './client/regions';
import type { Logger } from './logger';
import type { PendingUploads } from './pending/model';
import { FileRecordStore, type UploadRecord, type UrlVault } from './pending/records';
import { Uploader } from './pending/upload';
import { UploadLocks } from './pending/uploadLock';
import { readSettings } from './settings';

function origin(endpoint: string): string {
  try {
    return checkEndpoint(endpoint);
  } catch {
    return endpoint; // a broken setting matches no record; the next call says what is wrong with it
  }
}

class SecretUrlVault implements UrlVault {
  constructor(private readonly secrets: vscode.SecretStorage) {}
  get(id: string) {
    return Promise.resolve(this.secrets.get(`metastudio.uploadUrl.${id}`));
  }
  set(id: string, url: string) {
    return Promise.resolve(this.secrets.store(`metastudio.uploadUrl.${id}`, url));
  }
  delete(id: string) {
    return Promise.resolve(this.secrets.delete(`metastudio.uploadUrl.${id}`));
  }
}

export class Uploads {
  readonly records: FileRecordStore;
  /** Shared with the other windows: an upload runs in one of them at a time. */
  private readonly locks: UploadLocks;
  private readonly vault: UrlVault;
  /** Records being uploaded in this window right now. */
  private readonly active = new Set<string>();

  constructor(context: vscode.ExtensionContext, private readonly model: PendingUploads, private readonly logger: Logger) {
    this.records = new FileRecordStore(path.join(context.globalStorageUri.fsPath, 'uploads'));
    this.locks = new UploadLocks(path.join(context.globalStorageUri.fsPath, 'uploads', 'locks'));
    this.vault = new SecretUrlVault(context.secrets);
  }

  /** Reads the records of the endpoint and project in use from disk into the view (no network). */
  async reload(): Promise<void> {
    const records = await this.current();
    const elsewhere = new Set<string>();
    for (const record of records) {
      if (!this.active.has(record.id) && (await this.locks.heldElsewhere(record.id))) {
        elsewhere.add(record.id);
      }
    }
    this.model.setUploads(records, this.active, elsewhere);
  }

  /** Records of another endpoint or project stay on disk, untouched, until the settings point there again. */
  private async current(): Promise<UploadRecord[]> {
    const settings = readSettings();
    const endpoint = origin(settings.endpoint);
    return (await this.records.list()).filter((r) => r.endpoint === endpoint && (!settings.projectId || r.projectId === settings.projectId));
  }

  /** An uploader on `client`: the client of the command's lease (`Session.use`). */
  uploader(client: MetaStudioClient): Uploader {
    const settings = readSettings();
    return new Uploader(client, this.records, this.vault, { autoMetaAnalysis: settings.autoMetaAnalysis, active: this.active, locks: this.locks, partsInFlight: settings.partsInFlight });
  }

  /** Drops the local record and its upload URL; needs no client. */
  async forget(record: UploadRecord): Promise<void> {
    if (this.active.has(record.id) || (await this.locks.heldElsewhere(record.id))) {
      throw inputError(`${record.fileName} is being uploaded right now; it can be forgotten once that upload stops.`);
    }
    await this.records.remove(record.id);
    await this.vault.delete(record.id);
    this.logger.info('upload', `forgot the local record of ${record.fileName}${record.fileId ? ` (${record.fileId})` : ''}`);
    await this.reload();
  }

  /**
   * A record whose file MetaStudio has in another state than CREATING was resolved elsewhere (another
   * window, the console, a colleague): it is dropped. Anything uncertain keeps the record.
   */
  async reconcile(client: MetaStudioClient, serverPending: ReadonlySet<string>): Promise<void> {
    for (const record of await this.current()) {
      if (!record.fileId || serverPending.has(record.fileId)) {
        continue;
      }
      try {
        const asset = await client.showAsset(record.assetId);
        const file = asset.files?.find((f) => f.file_id === record.fileId);
        const state = file?.state;
        if (state !== 'CREATING') {
          await this.vault.delete(record.id);
          await this.records.remove(record.id);
          this.logger.info('upload', `${record.fileName} (${record.fileId}) is ${state ?? 'gone'} in MetaStudio${state === 'BLOCK' ? ` (${blockDetails(file!) || 'no reason given'})` : ''}; dropped its local record`);
        }
      } catch (error) {
        // Not even a missing asset drops a record: the user decides, with Forget Upload.
        this.logger.warn('upload', `could not check ${record.fileName} (${record.fileId}): ${(error as Error).message}`);
      }
    }
    await this.reload();
  }
}
