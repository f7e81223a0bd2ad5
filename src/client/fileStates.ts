// What a file's state says about its upload (AssetFileInfo.state, the SDK's per-value docs):
// CREATED 已上传(自动审核通过), UPLOADED 已上传(尚未审核), REVIEW 人工审核, BLOCK 冻结.
import { englishOf, type ErrorSentence } from './errors';
import { LIVE_FILE_STATES } from './fileTypes';
import type { AssetFileInfo, ConfirmState, DigitalAssetInfo, FileState } from './types';

/** The states an accepted confirm CREATED leads to: passed review, awaiting review, in manual review, blocked by review. */
export const AFTER_UPLOAD_STATES: readonly FileState[] = ['CREATED', 'UPLOADED', 'REVIEW', 'BLOCK'];

/**
 * Whether a file in state `actual` is where a confirm asking for `requested` leads: for CREATED,
 * any state that follows a successful upload; for FAILED and CANCELLED, that state itself.
 */
export function reachedState(actual: FileState | undefined, requested: ConfirmState): boolean {
  return requested === 'CREATED' ? AFTER_UPLOAD_STATES.includes(actual ?? '') : actual === requested;
}

/** "frozen (BLOCK): reason, code X" for the log: a blocked file's reason is never dropped. */
export function blockDetails(file: Pick<AssetFileInfo, 'reason' | 'block_reason_code'>): string {
  return [file.reason, file.block_reason_code && `block_reason_code ${file.block_reason_code}`].filter(Boolean).join('; ');
}

/**
 * Why `asset`'s file list says nothing about its files, or undefined when it shows them all. A BLOCK
 * asset is frozen and shows no files (SDK DigitalAssetInfo.asset_state: "资产被冻结，资产不可用，不可查看文件"):
 * its `files: []` does not mean they are gone. Every "absent means gone" decision asks this first.
 */
export function hiddenFilesIssue(asset: Pick<DigitalAssetInfo, 'asset_id' | 'asset_name' | 'asset_state' | 'files'>): ErrorSentence | undefined {
  const assetName = asset.asset_name || asset.asset_id;
  if (asset.asset_state === 'BLOCK') {
    return { reason: 'files-hidden-frozen', facts: { assetName } };
  }
  return Array.isArray(asset.files) ? undefined : { reason: 'files-hidden-unlisted', facts: { assetName } };
}

/** `hiddenFilesIssue` as an English sentence. */
export function hiddenFilesReason(asset: Pick<DigitalAssetInfo, 'asset_id' | 'asset_name' | 'asset_state' | 'files'>): string | undefined {
  return englishOf(hiddenFilesIssue(asset));
}

/**
 * An asset left CREATING with no file that holds or may get bytes (an upload cancelled, a CreateFile
 * refused). Only a file list MetaStudio shows in full can say so: an asset without `files` is not empty.
 */
export function isEmptyCreatingAsset(asset: Pick<DigitalAssetInfo, 'asset_id' | 'asset_name' | 'asset_state' | 'files'>): boolean {
  return asset.asset_state === 'CREATING' && !hiddenFilesReason(asset) && !asset.files!.some((f) => LIVE_FILE_STATES.includes(f.state ?? 'CREATING'));
}
