// MetaStudio's asset types and states as a person reads them: "An image asset", "Active", not
// "A IMAGE asset", "ACTIVED". The API's own words stay in the log and the tooltips' details.
import vscode = require('vscode');
import type { AssetType } from '../client/types';

/** "a video asset", "an image asset": the article goes with the word, in each language. */
export function anAsset(type: AssetType | undefined): string {
  switch (type) {
    case 'VIDEO':
      return vscode.l10n.t('a video asset');
    case 'IMAGE':
      return vscode.l10n.t('an image asset');
    case 'PPT':
      return vscode.l10n.t('a PPT asset');
    case 'MUSIC':
      return vscode.l10n.t('a music asset');
    case 'AUDIO':
      return vscode.l10n.t('an audio asset');
    case 'COMMON_FILE':
      return vscode.l10n.t('a common file asset');
    default:
      return type ? vscode.l10n.t('a {0} asset', type) : vscode.l10n.t('an asset of no known type');
  }
}

/** The same at the start of a sentence. */
export function AnAsset(type: AssetType | undefined): string {
  const words = anAsset(type);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The type as a picker's description shows it: "Video", "Image". */
export function assetTypeWord(type: AssetType | undefined): string {
  const words: Record<string, string> = {
    VIDEO: vscode.l10n.t('Video'),
    IMAGE: vscode.l10n.t('Image'),
    PPT: vscode.l10n.t('PPT'),
    MUSIC: vscode.l10n.t('Music'),
    AUDIO: vscode.l10n.t('Audio'),
    COMMON_FILE: vscode.l10n.t('Common file'),
  };
  return words[type ?? ''] ?? type ?? '?';
}

/** An asset's state in words: "Active" for ACTIVED, "Inactive" for UNACTIVED. */
export function assetStateWord(state: string | undefined): string {
  const words: Record<string, string> = {
    CREATING: vscode.l10n.t('Being created'),
    FAILED: vscode.l10n.t('Failed'),
    UNACTIVED: vscode.l10n.t('Inactive'),
    ACTIVED: vscode.l10n.t('Active'),
    DELETING: vscode.l10n.t('Being deleted'),
    DELETED: vscode.l10n.t('Deleted'),
    BLOCK: vscode.l10n.t('Blocked'),
    WAITING_DELETE: vscode.l10n.t('Waiting to be deleted'),
  };
  return words[state ?? ''] ?? state ?? '?';
}

/** A file's state in words: "Waiting for its bytes" for CREATING, as a tooltip says it. */
export function fileStateWord(state: string | undefined): string {
  const words: Record<string, string> = {
    CREATING: vscode.l10n.t('Waiting for its bytes'),
    CREATED: vscode.l10n.t('Uploaded'),
    FAILED: vscode.l10n.t('Failed'),
    CANCELLED: vscode.l10n.t('Cancelled'),
    BLOCK: vscode.l10n.t('Blocked'),
  };
  return words[state ?? ''] ?? state ?? '?';
}
