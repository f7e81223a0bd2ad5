// The emulator's data: assets, files and the confirm history. State changes live in metastudio.ts.
import type { AssetRecord, ConfirmCall, EmulatorState, FileRecord } from './types';

export class Store {
  readonly assets = new Map<string, AssetRecord>();
  readonly files = new Map<string, FileRecord>();
  readonly confirms: ConfirmCall[] = [];

  clear(): void {
    this.assets.clear();
    this.files.clear();
    this.confirms.length = 0;
  }

  filesOf(assetId: string): FileRecord[] {
    return [...this.files.values()].filter((f) => f.asset_id === assetId);
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
