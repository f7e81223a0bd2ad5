// This machine's uploads in VS Code: records in the extension's global storage folder, upload URLs
// in SecretStorage, and an uploader on the client a command holds.
import * as path from 'node:path';
import vscode = require('vscode');
import type { MetaStudioClient } from './client/metastudio';
import { inputError } from './client/errors';
import { checkEndpoint } from './client/regions';
import type { Logger } from './logger';
import type { PendingUploads } from './pending/model';
import { belongsTo, failedWith, FileRecordStore, type UploadRecord, type UrlVault } from './pending/records';
import { reconcileStored, showUploads } from './pending/recovery';
import type { Uploader } from './pending/upload';
import { UploadLocks } from './pending/uploadLock';
import { readSettings, type Settings } from './settings';

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
  /** Record files found unreadable, reported once each. */
  private readonly reported = new Set<string>();
  /** The project the last client worked in, looked up from IAM when not configured: records of others stay hidden. */
  private lookedUp?: { endpoint: string; projectId: string };

  /** `place` gives the settings of the current profile: its endpoint and project pick the records shown. */
  constructor(context: vscode.ExtensionContext, private readonly model: PendingUploads, private readonly logger: Logger, private readonly place: () => Settings = () => readSettings()) {
    this.records = new FileRecordStore(path.join(context.globalStorageUri.fsPath, 'uploads'));
    this.locks = new UploadLocks(path.join(context.globalStorageUri.fsPath, 'uploads', 'locks'));
    this.vault = new SecretUrlVault(context.secrets);
  }

  /** Reads the records of the endpoint and project in use from disk into the view (no network). */
  async reload(): Promise<void> {
    await showUploads(this.model, await this.current(), this.vault, this.locks, this.active);
  }

  /**
   * Records of another endpoint or project stay on disk, untouched, until the current profile points
   * there again. The project is the configured one, or the one a client looked up from IAM (known after the
   * first call); until then the view shows the endpoint's records.
   */
  private async current(projectId = this.projectInUse()): Promise<UploadRecord[]> {
    const endpoint = origin(this.place().endpoint);
    const { records, unreadable } = await this.records.read();
    for (const bad of unreadable.filter((b) => !this.reported.has(b.name))) {
      this.reported.add(bad.name);
      this.logger.warn('upload', `skipped the upload record ${bad.name} in the extension's storage folder: ${bad.why}. It is not trusted; delete it when no upload needs it.`);
    }
    return records.filter((r) => belongsTo(r, endpoint, projectId));
  }

  private projectInUse(): string | undefined {
    const settings = this.place();
    const known = this.lookedUp?.endpoint === origin(settings.endpoint) ? this.lookedUp.projectId : undefined;
    return settings.projectId || known;
  }

  /** Learns the project `client` works in (a cached IAM lookup after its first call). */
  private async learnProject(client: MetaStudioClient): Promise<string> {
    const projectId = await client.projectId();
    this.lookedUp = { endpoint: client.endpoint, projectId };
    return projectId;
  }

  /** An uploader on `client`: the client of the command's lease (`Session.use`). The upload flow loads on the first call. */
  async uploader(client: MetaStudioClient): Promise<Uploader> {
    void this.learnProject(client).catch(() => undefined);
    const { Uploader } = await import('./lazy'); // the upload flow loads on the first upload, not at activation
    const settings = readSettings();
    return new Uploader(client, this.records, this.vault, { autoMetaAnalysis: settings.autoMetaAnalysis, active: this.active, locks: this.locks, partsInFlight: settings.partsInFlight });
  }

  /** MetaStudio refused CREATED for want of bytes: the record says so, and Resume PUTs them again. */
  async noteNotUploaded(record: UploadRecord, error: unknown): Promise<void> {
    await this.records.save({ ...record, neverUploaded: true, ...failedWith(error), updatedAt: Date.now() });
    await this.reload();
  }

  /** Drops the local record and its upload URL; needs no client. */
  async forget(record: UploadRecord): Promise<void> {
    if (this.active.has(record.id) || (await this.locks.heldElsewhere(record.id))) {
      throw inputError('forget-while-uploading', { fileName: record.fileName });
    }
    // The URL first: a crash between the two leaves a record whose row says its URL is lost, never
    // an upload URL in SecretStorage that no record leads to.
    await this.vault.delete(record.id);
    await this.records.remove(record.id);
    this.logger.info('upload', `forgot the local record of ${record.fileName}${record.fileId ? ` (${record.fileId})` : ''}`);
    await this.reload();
  }

  /**
   * After a listing: a record whose file MetaStudio has in another state than CREATING was resolved
   * elsewhere (another window, the console, a colleague) and is dropped; one whose CreateFile got no
   * answer gets the file MetaStudio made, or is dropped when there is none. Records being uploaded
   * here or in another window are left alone; anything uncertain stays.
   */
  async reconcile(client: MetaStudioClient, serverPending: ReadonlySet<string>, signal?: AbortSignal): Promise<void> {
    const projectId = await this.learnProject(client);
    await reconcileStored(client, this.records, this.vault, this.locks, { endpoint: origin(client.endpoint), projectId }, serverPending, {
      active: this.active,
      signal,
      log: (level, message) => this.logger[level]('upload', message),
    });
    await this.reload();
  }
}
