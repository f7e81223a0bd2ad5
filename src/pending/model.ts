// The pending uploads: files MetaStudio still has in state CREATING, grouped by asset, with what
// went wrong the last time someone tried to resolve them. Imports no `vscode`.
import type { AssetFileInfo, AssetState, ConfirmState, DigitalAssetInfo, FileState, ListAssetsQuery, MetaStudioError } from '../client';
import { isNotUploaded, sentenceOf, type ErrorSentence } from '../client/errors';
import { hiddenFilesReason, isEmptyCreatingAsset } from '../client/fileStates';
import { Emitter } from './emitter';
import { failedWith, type UploadRecord } from './records';
import { urlLostReason } from './recovery';

export interface PendingFile {
  fileId: string;
  assetId: string;
  assetName: string;
  fileName: string;
  fileSize?: number;
  category?: AssetFileInfo['asset_file_category'];
  state: FileState;
  /** When the asset was created: how long the file has been pending. */
  createdAt?: string;
  /** Why the last attempt to resolve it failed, as an English sentence (for the log). */
  lastError?: string;
  /** The same as a reason code and facts, for the view to say in the display language. */
  lastFailure?: ErrorSentence;
  /** MetaStudio refused CREATED because it has no bytes for the file: only a new upload (or CANCELLED) helps. */
  neverUploaded?: boolean;
  /** Set when this machine started the upload: what the local record knows. */
  upload?: UploadRecord;
  /** The upload is running right now, in this window or another. */
  active?: boolean;
  /** It runs in another window (which holds its lock). */
  elsewhere?: boolean;
  /** Its Resume needs an upload URL this machine does not hold (recovery.ts, urlsLost). */
  urlLost?: boolean;
  /** Resolved a moment ago: the row stays where it was, saying so, before it leaves (`holdMs`). */
  resolvedAs?: ConfirmState;
}

/** A resolved file's row, held in its place for a moment: where it was, and the timer that lets it go. */
interface Leaving {
  file: PendingFile;
  /** The asset row it was under (undefined: under This machine). */
  asset?: PendingAsset;
  assetIndex: number;
  fileIndex: number;
  timer: ReturnType<typeof setTimeout>;
}

export interface PendingAsset {
  assetId: string;
  assetName: string;
  assetType?: string;
  assetState?: DigitalAssetInfo['asset_state'];
  files: PendingFile[];
  /** An asset still CREATING with no file that holds or may get bytes: left by a cancelled or failed upload. */
  leftover?: boolean;
  /** Why MetaStudio shows none of this asset's files (a frozen, BLOCK, asset): pending ones may be hidden in it. */
  hiddenFiles?: string;
  /** Deleted a moment ago: the row stays where it was, saying so, before it leaves (`holdMs`). */
  removed?: boolean;
}

/**
 * Asset states that can hold a file in CREATING, every one but DELETED (whose files are DELETED): a
 * COVER, PAGE or OTHER file added to an UNACTIVED or ACTIVED asset is as pending as the MAIN file of a
 * new one; a file still CREATING when its asset went to the recycle bin (DELETING), is to be taken
 * offline (WAITING_DELETE) or was frozen (BLOCK) can still be confirmed. A BLOCK asset shows none of
 * its files: its row says so (`hiddenFiles`). Research notes §1; test/emulator/ASSUMPTIONS.md.
 */
export const PENDING_ASSET_STATES: AssetState[] = ['CREATING', 'FAILED', 'UNACTIVED', 'ACTIVED', 'BLOCK', 'WAITING_DELETE', 'DELETING'];

/** Asset states that take new files: the assets an upload may go into (the others refuse CreateFile). */
export const UPLOADABLE_ASSET_STATES: AssetState[] = ['CREATING', 'FAILED', 'UNACTIVED', 'ACTIVED'];

/** The one query the view lists with: create_time never changes, so no asset moves while pages are read. */
export const PENDING_QUERY: ListAssetsQuery = { asset_state: PENDING_ASSET_STATES, sort_key: 'create_time', sort_dir: 'asc' };


/** What the model needs from the client: every asset that may hold pending files, page by page. */
export interface PendingSource {
  listAllAssets(query: ListAssetsQuery, signal?: AbortSignal, onPage?: (assets: DigitalAssetInfo[]) => void): Promise<DigitalAssetInfo[]>;
}

export class PendingUploads {
  private assets: PendingAsset[] = [];
  private uploads: PendingFile[] = [];
  private shown?: PendingAsset[];
  private loaded = false;
  private keptAtValue?: number;
  private readonly errors = new Map<string, MetaStudioError>();
  private readonly notUploaded = new Set<string>();
  /** Files resolved since the last refresh ended. */
  private resolvedLog: string[] = [];
  private readonly leaving = new Map<string, Leaving>();
  /** Empty assets deleted a moment ago, held in their places like resolved files. */
  private readonly leavingAssets = new Map<string, { asset: PendingAsset; index: number; timer: ReturnType<typeof setTimeout> }>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  /**
   * How long (ms) a resolved file's row stays in its place, saying how it was resolved, before it
   * leaves: so that the row under the pointer never becomes the next file's between two clicks.
   * 0: it leaves at once. The file stops counting as pending at once either way.
   */
  constructor(public holdMs = 0) {}

  /**
   * Reads every page from the server; the previous list stays if this fails. Before the first list
   * is complete, each page shows as it arrives (`progress` tells how many assets are read), unless
   * a kept listing (`showKept`) shows meanwhile: that stays until the whole new list is there.
   */
  async refresh(source: PendingSource, signal?: AbortSignal, progress?: (assetsRead: number) => void): Promise<void> {
    let read = 0;
    const partial: PendingAsset[] = [];
    // A file resolved while the pages are read may be on a page read before: it must not come back.
    const resolvedBefore = this.resolvedLog.length;
    const assets = await source.listAllAssets(PENDING_QUERY, signal, (page) => {
      read += page.length;
      progress?.(read);
      // Until a list is complete: each page as it comes, unless a kept listing shows meanwhile.
      if (!this.loaded && this.keptAtValue === undefined) {
        partial.push(...this.pendingOf(page));
        this.assets = partial;
        this.touch();
      }
    });
    const resolvedMeanwhile = new Set(this.resolvedLog.slice(resolvedBefore));
    this.resolvedLog = [];
    this.assets = this.pendingOf(assets)
      .map((asset) => ({ ...asset, files: asset.files.filter((f) => !resolvedMeanwhile.has(f.fileId)) }))
      .filter(isShown);
    this.loaded = true;
    this.keptAtValue = undefined;
    this.touch();
  }

  private pendingOf(assets: readonly DigitalAssetInfo[]): PendingAsset[] {
    const pending = assets.map(toPendingAsset).filter(isShown);
    for (const file of pending.flatMap((a) => a.files)) {
      file.lastError = this.errors.get(file.fileId)?.message;
      file.lastFailure = sentenceOf(this.errors.get(file.fileId));
      file.neverUploaded = this.notUploaded.has(file.fileId) || undefined;
    }
    return pending;
  }

  /**
   * Shows a listing kept from before (keptListing.ts) until a refresh completes; `savedAt` (ms since
   * the epoch) tells how old it is. Ignored once a listing has been read.
   */
  showKept(assets: readonly DigitalAssetInfo[], savedAt: number): void {
    if (this.loaded) {
      return;
    }
    this.assets = this.pendingOf(assets);
    this.keptAtValue = savedAt;
    this.touch();
  }

  /** When the listing shown was read, if it is a kept one (no refresh has completed since). */
  get keptAt(): number | undefined {
    return this.keptAtValue;
  }

  /**
   * The uploads this machine started and has not finished; their server rows are shown with them.
   * `urlLost`: ids of those whose upload URL is not saved; their row gives that as its reason.
   */
  setUploads(records: readonly UploadRecord[], active: ReadonlySet<string> = new Set(), elsewhere: ReadonlySet<string> = new Set(), urlLost: ReadonlySet<string> = new Set()): void {
    this.uploads = records.map((upload) => ({
      active: active.has(upload.id) || elsewhere.has(upload.id),
      elsewhere: elsewhere.has(upload.id),
      fileId: upload.fileId ?? '',
      assetId: upload.assetId,
      assetName: upload.assetName,
      fileName: upload.fileName,
      fileSize: upload.size,
      category: upload.category,
      state: 'CREATING',
      createdAt: new Date(upload.createdAt).toISOString(),
      ...(this.errors.has(upload.fileId ?? upload.id) ? failedWith(this.errors.get(upload.fileId ?? upload.id)) : urlLost.has(upload.id) ? urlLostReason(upload) : { lastError: upload.lastError, lastFailure: upload.lastFailure }),
      urlLost: urlLost.has(upload.id) || undefined,
      neverUploaded: this.notUploaded.has(upload.fileId ?? upload.id) || upload.neverUploaded || undefined,
      upload,
    }));
    this.touch();
  }

  clear(): void {
    [...this.leaving.values(), ...this.leavingAssets.values()].forEach((l) => clearTimeout(l.timer));
    this.leaving.clear();
    this.leavingAssets.clear();
    this.assets = [];
    this.loaded = false;
    this.keptAtValue = undefined;
    this.errors.clear();
    this.notUploaded.clear();
    this.touch();
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  /**
   * A listing completed and found nothing to show (no server row, no row of this machine). Only
   * this may say "no pending uploads": an empty model before the listing is complete, or while
   * its first rows are on their way to the view, says nothing.
   */
  get listedEmpty(): boolean {
    return this.loaded && this.localRows().length === 0 && this.rowGroups().length === 0;
  }

  /** The server's pending files by asset, without those this machine's uploads already show; and empty leftover assets. */
  groups(): readonly PendingAsset[] {
    if (!this.shown) {
      const local = new Set(this.uploads.map((u) => u.fileId));
      const uploading = new Set(this.uploads.map((u) => u.assetId));
      this.shown = this.assets
        .map((asset) => ({ ...asset, files: asset.files.filter((f) => !local.has(f.fileId)) }))
        .filter((asset) => asset.files.length > 0 || asset.hiddenFiles || (asset.leftover && !uploading.has(asset.assetId)));
    }
    return this.shown;
  }

  /** An empty asset was deleted: it leaves the list at once; its row stays a moment (`holdMs`), saying so. */
  removedAsset(assetId: string): void {
    const index = this.holdMs > 0 && !this.leavingAssets.has(assetId) ? this.rowGroups().findIndex((a) => a.assetId === assetId) : -1;
    if (index >= 0) {
      const timer = setTimeout(() => {
        this.leavingAssets.delete(assetId);
        this.touch();
      }, this.holdMs);
      this.leavingAssets.set(assetId, { asset: { ...this.rowGroups()[index], files: [], removed: true }, index, timer });
    }
    this.assets = this.assets.filter((asset) => asset.assetId !== assetId);
    this.touch();
  }

  /** Something changed: what is shown is worked out again when next asked for. */
  private touch(): void {
    this.shown = undefined;
    this.changed.fire();
  }

  /** Every file id the server listed as pending, shown or not. */
  serverFileIds(): Set<string> {
    return new Set(this.assets.flatMap((asset) => asset.files.map((f) => f.fileId)));
  }

  localUploads(): readonly PendingFile[] {
    return this.uploads;
  }

  files(): PendingFile[] {
    return [...this.uploads, ...this.groups().flatMap((asset) => asset.files)];
  }

  get count(): number {
    return this.files().length;
  }

  find(fileId: string): PendingFile | undefined {
    return this.files().find((file) => file.fileId === fileId && fileId !== '');
  }

  /**
   * The rows to show: `groups()` with the files resolved a moment ago back in their places, marked
   * `resolvedAs`. Only the view uses these; everything that acts on files uses `groups()` and `files()`.
   */
  rowGroups(): readonly PendingAsset[] {
    const held = [...this.leaving.values()].filter((l) => l.asset);
    if (held.length === 0 && this.leavingAssets.size === 0) {
      return this.groups();
    }
    const groups = this.groups().map((asset) => ({ ...asset, files: [...asset.files] }));
    for (const l of held.sort((a, b) => a.assetIndex - b.assetIndex || a.fileIndex - b.fileIndex)) {
      let asset = groups.find((a) => a.assetId === l.asset!.assetId);
      if (!asset) {
        asset = { ...l.asset!, files: [] };
        groups.splice(Math.min(l.assetIndex, groups.length), 0, asset);
      }
      // Tree rows carry ids: a file listed again (by a refresh begun before) is not shown twice.
      if (!asset.files.some((f) => f.fileId === l.file.fileId)) {
        asset.files.splice(Math.min(l.fileIndex, asset.files.length), 0, l.file);
      }
    }
    for (const l of [...this.leavingAssets.values()].sort((a, b) => a.index - b.index)) {
      if (!groups.some((a) => a.assetId === l.asset.assetId)) {
        groups.splice(Math.min(l.index, groups.length), 0, l.asset);
      }
    }
    return groups;
  }

  /** This machine's rows: `localUploads()` with the ones resolved a moment ago back in their places. */
  localRows(): readonly PendingFile[] {
    const rows = [...this.uploads];
    const listed = new Set(rows.map((f) => f.upload?.id));
    for (const l of [...this.leaving.values()].filter((l) => !l.asset && !listed.has(l.file.upload?.id)).sort((a, b) => a.fileIndex - b.fileIndex)) {
      rows.splice(Math.min(l.fileIndex, rows.length), 0, l.file);
    }
    return rows;
  }

  /** Keeps the rows of `fileId` in their places, as resolved in `state`, for `holdMs`. */
  private hold(fileId: string, state: ConfirmState): void {
    const timer = () => setTimeout(() => {
      this.leaving.delete(fileId);
      this.touch();
    }, this.holdMs);
    const local = this.localRows().findIndex((f) => f.fileId === fileId && !f.resolvedAs);
    if (local >= 0) {
      this.leaving.set(fileId, { file: { ...this.localRows()[local], resolvedAs: state, active: false }, assetIndex: -1, fileIndex: local, timer: timer() });
      return;
    }
    const groups = this.rowGroups();
    const assetIndex = groups.findIndex((a) => a.files.some((f) => f.fileId === fileId && !f.resolvedAs));
    if (assetIndex >= 0) {
      const asset = groups[assetIndex];
      const fileIndex = asset.files.findIndex((f) => f.fileId === fileId);
      this.leaving.set(fileId, { file: { ...asset.files[fileIndex], resolvedAs: state }, asset: { ...asset, files: [] }, assetIndex, fileIndex, timer: timer() });
    }
  }

  /**
   * A file left CREATING (in `state`, when known): it stops counting as pending at once, without
   * waiting for the next refresh; its row stays a moment (`holdMs`), saying so, then leaves.
   */
  resolved(fileId: string, state?: ConfirmState): void {
    if (state && this.holdMs > 0 && fileId !== '' && !this.leaving.has(fileId)) {
      this.hold(fileId, state);
    }
    this.resolvedLog.push(fileId);
    this.errors.delete(fileId);
    this.notUploaded.delete(fileId);
    for (const asset of this.assets) {
      asset.files = asset.files.filter((file) => file.fileId !== fileId);
    }
    this.assets = this.assets.filter(isShown);
    this.uploads = this.uploads.filter((file) => file.fileId !== fileId);
    this.touch();
  }

  /** The file stays, and shows why it could not be resolved. */
  failed(fileId: string, error: MetaStudioError): void {
    this.errors.set(fileId, error);
    const never = isNotUploaded(error);
    if (never) {
      this.notUploaded.add(fileId);
    }
    for (const file of [...this.uploads, ...this.assets.flatMap((a) => a.files)].filter((f) => f.fileId === fileId)) {
      Object.assign(file, failedWith(error));
      file.neverUploaded = never || undefined;
    }
    this.touch();
  }
}

/** An asset has a row while it has pending files, is an empty leftover, or hides its files. */
function isShown(asset: PendingAsset): boolean {
  return asset.files.length > 0 || !!asset.leftover || !!asset.hiddenFiles;
}

function toPendingAsset(asset: DigitalAssetInfo): PendingAsset {
  const assetName = asset.asset_name || asset.asset_id;
  return {
    assetId: asset.asset_id,
    assetName,
    assetType: asset.asset_type,
    assetState: asset.asset_state,
    leftover: isEmptyCreatingAsset(asset),
    hiddenFiles: hiddenFilesReason(asset),
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
