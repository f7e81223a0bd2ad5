// The existing assets the upload's asset pick offers: those of a type that takes files of the chosen
// kind, and, apart, the others with the reason (a HUMAN_MODEL_2D asset, a PPT file for an IMAGE).
import * as path from 'node:path';
import vscode = require('vscode');
import { assetTypeProblem, categoriesTaking, holderOf, ONE_PER_ASSET, openCategories } from '../client/fileTypes';
import type { AssetFileCategory, DigitalAssetInfo } from '../client/types';
import { someNames } from '../messages';
import { AnAsset, anAsset, assetStateWord, assetTypeWord } from './assetWords';

export type AssetItem = vscode.QuickPickItem & { asset?: DigitalAssetInfo; refusal?: string };

/**
 * The categories of this asset that take every one of these files, by their kind, and still have room:
 * a MAIN or COVER the asset holds already is not offered, nor one of them for several files at once.
 */
export function categoriesForFiles(asset: DigitalAssetInfo, uris: readonly vscode.Uri[]): AssetFileCategory[] {
  const names = uris.map((uri) => path.basename(uri.fsPath));
  const fitting = names.reduce((left, name) => left.filter((c) => categoriesTaking(asset.asset_type, name).includes(c)), openCategories(asset, names[0] ?? ''));
  return names.length > 1 ? fitting.filter((c) => !ONE_PER_ASSET.includes(c)) : fitting;
}

/** Why none of this asset's categories takes these files, in a sentence; undefined when one does. */
export function assetRefusal(asset: DigitalAssetInfo, uris: readonly vscode.Uri[]): string | undefined {
  const typeProblem = assetTypeProblem(asset.asset_type);
  if (typeProblem) {
    return vscode.l10n.t('Files cannot be uploaded into {0}: MetaStudio makes such assets itself.', anAsset(asset.asset_type));
  }
  if (categoriesForFiles(asset, uris).length > 0) {
    return undefined;
  }
  // Say which files it does not take by their kind: with a mixed selection, it may take some of them.
  const names = uris.map((uri) => path.basename(uri.fsPath));
  const wrongKind = names.filter((name) => categoriesTaking(asset.asset_type, name).length === 0);
  if (wrongKind.length === 0) {
    // Each is of a kind it takes: its place is taken, or they do not fit one place together (one MAIN, one COVER).
    const taken = [...new Set(names.flatMap((name) => categoriesTaking(asset.asset_type, name)).filter((c) => holderOf(asset, c)))];
    if (names.every((name) => openCategories(asset, name).length === 0)) {
      return vscode.l10n.t('It has its {0} file already.', taken.join(', '));
    }
    const together = names.reduce((left, name) => left.filter((c) => openCategories(asset, name).includes(c)), openCategories(asset, names[0]));
    return together.length > 0
      ? vscode.l10n.t('It takes one file as its {0}, not {1} at once.', together.join(', '), names.length)
      : vscode.l10n.t('It takes each of these files only on its own: upload them one at a time.');
  }
  if (names.length === 1) {
    return vscode.l10n.t('{0} does not take {1}.', AnAsset(asset.asset_type), names[0]);
  }
  return wrongKind.length === names.length
    ? vscode.l10n.t('{0} takes none of these files.', AnAsset(asset.asset_type))
    : vscode.l10n.t('{0} does not take {1}, so it cannot take these files together.', AnAsset(asset.asset_type), someNames(wrongKind));
}

/** Quick pick items: the assets that can take the files, then the ones that cannot, with why. */
export function existingAssetItems(assets: readonly DigitalAssetInfo[], uris: readonly vscode.Uri[]): AssetItem[] {
  const item = (asset: DigitalAssetInfo, refusal?: string): AssetItem => ({
    label: asset.asset_name || asset.asset_id,
    description: `${assetTypeWord(asset.asset_type)} · ${assetStateWord(asset.asset_state)}`,
    detail: refusal ? `$(circle-slash) ${refusal}` : asset.asset_id,
    asset,
    refusal,
  });
  const refused = assets.map((asset) => ({ asset, refusal: assetRefusal(asset, uris) }));
  const taking = refused.filter((r) => !r.refusal).map((r) => item(r.asset));
  const others = refused.filter((r) => r.refusal).map((r) => item(r.asset, r.refusal));
  return [
    { label: vscode.l10n.t('Existing assets'), kind: vscode.QuickPickItemKind.Separator },
    ...taking,
    ...(others.length > 0 ? [{ label: vscode.l10n.t('Cannot take these files'), kind: vscode.QuickPickItemKind.Separator }, ...others] : []),
  ];
}
