// The existing assets the upload's asset pick offers: those of a type that takes files of the chosen
// kind, and, apart, the others with the reason (a HUMAN_MODEL_2D asset, a PPT file for an IMAGE).
import * as path from 'node:path';
import vscode = require('vscode');
import { assetTypeProblem, categoriesTaking, ONE_PER_ASSET, openCategories } from '../client/fileTypes';
import type { AssetFileCategory, DigitalAssetInfo } from '../client/types';

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
    return vscode.l10n.t('Files cannot be uploaded into {0} assets: MetaStudio makes them itself.', asset.asset_type ?? '?');
  }
  return categoriesForFiles(asset, uris).length > 0 ? undefined : vscode.l10n.t('A {0} asset takes none of these files.', asset.asset_type ?? '?');
}

/** Quick pick items: the assets that can take the files, then the ones that cannot, with why. */
export function existingAssetItems(assets: readonly DigitalAssetInfo[], uris: readonly vscode.Uri[]): AssetItem[] {
  const item = (asset: DigitalAssetInfo, refusal?: string): AssetItem => ({
    label: asset.asset_name || asset.asset_id,
    description: `${asset.asset_type ?? ''} · ${asset.asset_state ?? ''}`,
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
