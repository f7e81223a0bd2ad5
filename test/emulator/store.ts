// The emulator's data: assets, files and the confirm history. State changes live in metastudio.ts.
import type { AssetRecord, ConfirmCall, EmulatorState, FileRecord } from './types';

export class Store {
  readonly assets = new Map<string, AssetRecord>();
  readonly files = new Map<string, FileRecord>();
  readonly confirms: ConfirmCall[] = [];
  /** asset_id -> its files, so a ListAssets page costs what its own assets hold, not the account's size. */
  private readonly byAsset = new Map<string, FileRecord[]>();
  /** asset_id -> its creation number: create_time has whole seconds, so this orders assets made in the same second. */
  private readonly created = new Map<string, number>();

  clear(): void {
    this.assets.clear();
    this.created.clear();
    this.files.clear();
    this.byAsset.clear();
    this.confirms.length = 0;
  }

  /** Adds an asset record, numbered in the order of creation; an asset_id is never reused. */
  addAsset(asset: AssetRecord): void {
    if (this.assets.has(asset.asset_id)) {
      throw new Error(`emulator: asset ${asset.asset_id} exists already`);
    }
    this.assets.set(asset.asset_id, asset);
    this.created.set(asset.asset_id, this.created.size);
  }

  /** The asset's creation number: a later asset has a larger one, whatever its create_time says. */
  creationOf(assetId: string): number {
    return this.created.get(assetId) ?? -1;
  }

  /** Adds a file record; a file never moves to another asset, so the index stays true. */
  addFile(file: FileRecord): void {
    if (this.files.has(file.file_id)) {
      throw new Error(`emulator: file ${file.file_id} exists already`);
    }
    this.files.set(file.file_id, file);
    const list = this.byAsset.get(file.asset_id);
    if (list) {
      list.push(file);
    } else {
      this.byAsset.set(file.asset_id, [file]);
    }
  }

  /** The files of one asset, in the order they were created. */
  filesOf(assetId: string): readonly FileRecord[] {
    return this.byAsset.get(assetId) ?? [];
  }

  /** A copy, so tests can keep it while the emulator moves on. */
  snapshot(): EmulatorState {
    return structuredClone({
      assets: [...this.assets.values()],
      files: [...this.files.values()],
      confirms: this.confirms,
    });
  }
}
