// Delete Empty Asset: an asset left CREATING with no file (a cancelled upload, a CreateFile that never
// happened) goes to MetaStudio's recycle bin, after asking.
import vscode = require('vscode');
import { LIVE_FILE_STATES } from '../client/fileTypes';
import type { PendingAsset } from '../pending/model';
import { confirmChange, nameLines, warn } from '../messages';
import type { Services } from '../services';
import { isPendingNode } from '../tree/pendingTree';
import { selection } from './registry';

export function deleteAssetCommand(services: Services) {
  return async (clicked?: unknown, selected?: unknown) => {
    const assets = selection<unknown>(clicked, selected)
      .filter(isPendingNode)
      .flatMap((node) => (node.kind === 'asset' && node.asset.leftover && node.asset.files.length === 0 ? [node.asset] : []));
    if (assets.length === 0 || !(await confirmDelete(assets))) {
      return;
    }
    await services.session.use(async (client) => {
    for (const asset of assets) {
      // Read again: a file added since the list was read (another window) keeps the asset.
      const now = await client.showAsset(asset.assetId);
      if ((now.files ?? []).some((f) => LIVE_FILE_STATES.includes(f.state ?? 'CREATING'))) {
        warn(vscode.l10n.t('{0} was not deleted: it has a file now. Refresh to see it.', asset.assetName));
        continue;
      }
      const receipt = await client.deleteAsset(asset.assetId);
      services.model.removedAsset(asset.assetId);
      services.logger.info('asset', `${asset.assetName} (${asset.assetId}) moved to the recycle bin; X-Request-Id ${receipt.requestId ?? 'none'}`);
    }
    });
  };
}

async function confirmDelete(assets: PendingAsset[]): Promise<boolean> {
  const action = vscode.l10n.t('Delete');
  const question = assets.length === 1
    ? vscode.l10n.t('Delete the empty asset {0}?', assets[0].assetName)
    : vscode.l10n.t('Delete {0} empty assets?', assets.length);
  const detail = [
    ...(assets.length === 1 ? [] : [...nameLines(assets.map((a) => a.assetName)), '']),
    assets.length === 1
      ? vscode.l10n.t('It holds no file. MetaStudio keeps deleted assets in its recycle bin, where they can be restored.')
      : vscode.l10n.t('They hold no file. MetaStudio keeps deleted assets in its recycle bin, where they can be restored.'),
  ].join('\n');
  return confirmChange(question, detail, action, assets.length === 1 ? vscode.l10n.t('Keep It') : vscode.l10n.t('Keep Them'));
}
