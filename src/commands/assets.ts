// Delete Empty Asset: an asset left CREATING with no file (a cancelled upload, a CreateFile that never
// happened) goes to MetaStudio's recycle bin, after asking.
import vscode = require('vscode');
import { LIVE_FILE_STATES } from '../client/fileTypes';
import type { PendingAsset } from '../pending/model';
import { confirmChange, fail, inform, nameLines, someNames, warn } from '../messages';
import type { Services } from '../services';
import { isPendingNode } from '../tree/pendingTree';
import { toastText } from './errorText';
import { selection } from './registry';

export function deleteAssetCommand(services: Services) {
  return async (clicked?: unknown, selected?: unknown) => {
    const assets = selection<unknown>(clicked, selected)
      .filter(isPendingNode)
      .flatMap((node) => (node.kind === 'asset' && node.asset.leftover && node.asset.files.length === 0 ? [node.asset] : []));
    if (assets.length === 0 || !(await confirmDelete(assets))) {
      return;
    }
    const deleted: PendingAsset[] = [];
    const kept: PendingAsset[] = [];
    let failure: { asset: PendingAsset; error: unknown } | undefined;
    await services.session.use(async (client) => {
      for (const asset of assets) {
        try {
          // Read again: a file added since the list was read (another window) keeps the asset.
          const now = await client.showAsset(asset.assetId);
          if ((now.files ?? []).some((f) => LIVE_FILE_STATES.includes(f.state ?? 'CREATING'))) {
            kept.push(asset);
            services.logger.info('asset', `${asset.assetName} (${asset.assetId}) not deleted: it has a file now`);
            continue;
          }
          const receipt = await client.deleteAsset(asset.assetId);
          services.model.removedAsset(asset.assetId);
          deleted.push(asset);
          services.logger.info('asset', `${asset.assetName} (${asset.assetId}) moved to the recycle bin; X-Request-Id ${receipt.requestId ?? 'none'}`);
        } catch (error) {
          // The ones after it are left as they are: said in the one summary, the reason in the log.
          failure = { asset, error };
          services.logger.error('asset', `${asset.assetName} (${asset.assetId}) was not deleted: ${error instanceof Error ? error.message : String(error)}`);
          break;
        }
      }
    });
    summarizeDelete(assets.length, deleted, kept, failure);
  };
}

/** One notification for the action: what was deleted, what was kept and why, named (first few, then a count). */
function summarizeDelete(total: number, deleted: PendingAsset[], kept: PendingAsset[], failure?: { asset: PendingAsset; error: unknown }): void {
  const names = (list: PendingAsset[]) => someNames(list.map((a) => a.assetName));
  const done = deleted.length === 0 ? undefined
    : deleted.length === total ? (total === 1
      ? vscode.l10n.t('Deleted the empty asset {0}: it is in MetaStudio\'s recycle bin.', deleted[0].assetName)
      : vscode.l10n.t('Deleted {0} empty assets, now in MetaStudio\'s recycle bin: {1}.', deleted.length, names(deleted)))
    : deleted.length === 1 ? vscode.l10n.t('Deleted 1 of {0} empty assets: {1}.', total, deleted[0].assetName)
    : vscode.l10n.t('Deleted {0} of {1} empty assets: {2}.', deleted.length, total, names(deleted));
  const stayed = kept.length === 0 ? undefined
    : kept.length === 1 ? vscode.l10n.t('{0} was not deleted: it has a file now. Refresh to see it.', kept[0].assetName)
    : vscode.l10n.t('{0} assets were not deleted, as they have files now: {1}. Refresh to see them.', kept.length, names(kept));
  if (failure) {
    const untried = total - deleted.length - kept.length;
    fail([done, untried === 1
      ? vscode.l10n.t('{0} was not deleted. {1}', failure.asset.assetName, toastText(failure.error))
      : vscode.l10n.t('{0} and {1} more were not deleted. {2}', failure.asset.assetName, untried - 1, toastText(failure.error))].filter(Boolean).join(' '));
  } else if (stayed) {
    // Two sentences at most: with some deleted, the kept ones are named and the reason is in the log.
    warn(done ? [done, kept.length === 1 ? vscode.l10n.t('{0} has a file now and stays.', kept[0].assetName) : vscode.l10n.t('{0} have files now and stay.', names(kept))].join(' ') : stayed);
  } else if (done) {
    inform(done);
  }
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
