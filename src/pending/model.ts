// The pending uploads: files MetaStudio still has in state CREATING, grouped by asset, with what
// went wrong the last time someone tried to resolve them. Imports no `vscode`.
import type { DigitalAssetInfo, FileState, MetaStudioError } from '../client';
import { Emitter } from './emitter';

export interface PendingFile {
  fileId: string;
  assetId: string;
  assetName: string;
  fileName: string;
  fileSize?: number;
  category?: string;
  state: FileState;
  /** When the asset was created: how long the file has been pending. */
  createdAt?: string;
  /** Why the last attempt to resolve it failed, as a sentence. */
  lastError?: string;
}

export interface PendingAsset {
  assetId: string;
  assetName: string;
  assetType?: string;
  files: PendingFile[];
}

/** What the model needs from the client: every asset that may hold pending files. */
export interface PendingSource {
  listAllAssets(query: { asset_state: ['CREATING'] }, signal?: AbortSignal): Promise<DigitalAssetInfo[]>;
}

export class PendingUploads {
  private assets: PendingAsset[] = [];
  private loaded = false;
  private readonly errors = new Map<string, string>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  /** Reads every page from the server; the previous list stays if this fails. */
  async refresh(source: PendingSource, signal?: AbortSignal): Promise<void> {
    const assets = await source.listAllAssets({ asset_state: ['CREATING'] }, signal);
    this.assets = assets.map(toPendingAsset).filter((asset) => asset.files.length > 0);
    for (const file of this.files()) {
      file.lastError = this.errors.get(file.fileId);
    }
    this.loaded = true;
    this.changed.fire();
  }

  clear(): void {
    this.assets = [];
    this.loaded = false;
    this.errors.clear();
    this.changed.fire();
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  groups(): readonly PendingAsset[] {
    return this.assets;
  }

  files(): PendingFile[] {
    return this.assets.flatMap((asset) => asset.files);
  }

  get count(): number {
    return this.assets.reduce((sum, asset) => sum + asset.files.length, 0);
  }

  find(fileId: string): PendingFile | undefined {
    return this.files().find((file) => file.fileId === fileId);
  }

  /** A file left CREATING: it leaves the list at once, without waiting for the next refresh. */
  resolved(fileId: string): void {
    this.errors.delete(fileId);
    for (const asset of this.assets) {
      asset.files = asset.files.filter((file) => file.fileId !== fileId);
    }
    this.assets = this.assets.filter((asset) => asset.files.length > 0);
    this.changed.fire();
  }

  /** The file stays, and shows why it could not be resolved. */
  failed(fileId: string, error: MetaStudioError): void {
    this.errors.set(fileId, error.message);
    const file = this.find(fileId);
    if (file) {
      file.lastError = error.message;
    }
    this.changed.fire();
  }
}

function toPendingAsset(asset: DigitalAssetInfo): PendingAsset {
  const assetName = asset.asset_name || asset.asset_id;
  return {
    assetId: asset.asset_id,
    assetName,
    assetType: asset.asset_type,
    files: (asset.files ?? [])
      .filter((file) => file.state === 'CREATING')
      .map((file) => ({
        fileId: file.file_id,
        assetId: asset.asset_id,
        assetName,
        fileName: file.file_name || file.file_id,
        fileSize: file.file_size,
        category: file.asset_file_category,
        state: file.state ?? 'CREATING',
        createdAt: asset.create_time,
      })),
  };
}
