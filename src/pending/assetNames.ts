// Names of the new assets of one upload batch, decided once before anything is created, so that
// uploading a file again (after a cancel or a failure), or two files of the same base name, never
// meets "MSS.10001005 Asset name already exists". Imports no `vscode`.
import { isEmptyCreatingAsset } from '../client/fileStates';
import { numberedAssetName } from '../client/assetNames';
import type { MetaStudioClient } from '../client/metastudio';
import type { AssetState, DigitalAssetInfo } from '../client/types';
import type { UploadTarget } from './upload';

/**
 * Asset states whose asset keeps its name taken. Assumption (the API page does not say): names are
 * unique among a project's assets that are not DELETED; the recycle bin (DELETING) still holds them.
 */
export const NAME_HOLDING_STATES: AssetState[] = ['CREATING', 'FAILED', 'UNACTIVED', 'ACTIVED', 'DELETING', 'BLOCK', 'WAITING_DELETE'];

/** Up to this many distinct names are looked up one by one (ListAssets `name`); more, in one listing. */
const LOOKUPS = 5;

export type NewAsset = Extract<UploadTarget, { kind: 'new' }>;

export interface PlannedTarget {
  target: UploadTarget;
  /** The file goes elsewhere than a new asset of the name asked: into an empty leftover, or renamed. */
  change?: { kind: 'leftover' | 'renamed' | 'duplicate'; asked: string; name: string };
}

/**
 * For each new-asset target of a batch, in order: an empty leftover asset of that very name and type
 * (CREATING, no file that holds or may get bytes) is reused, once; otherwise the name itself when
 * free, else the first free "name (2)", "name (3)"... `change` says why a file goes elsewhere: a
 * leftover, a name taken in MetaStudio (`renamed`) or by an earlier file of the batch (`duplicate`).
 */
export async function planNewAssets(client: Pick<MetaStudioClient, 'listAllAssets'>, targets: readonly NewAsset[], signal?: AbortSignal): Promise<PlannedTarget[]> {
  const names = [...new Set(targets.map((t) => t.assetName))];
  const existing = names.length <= LOOKUPS
    ? (await Promise.all(names.map((name) => client.listAllAssets({ asset_state: NAME_HOLDING_STATES, name }, signal)))).flat()
    : await client.listAllAssets({ asset_state: NAME_HOLDING_STATES }, signal);
  const onServer = new Set(existing.map((a) => a.asset_name ?? ''));
  const taken = new Set(onServer);
  const reused = new Set<string>();
  return targets.map((target): PlannedTarget => {
    const leftover = existing.find((a) => a.asset_name === target.assetName && a.asset_type === target.assetType && isEmpty(a) && !reused.has(a.asset_id));
    if (leftover) {
      reused.add(leftover.asset_id);
      return { target: { kind: 'existing', asset: leftover, category: 'MAIN' }, change: { kind: 'leftover', asked: target.assetName, name: target.assetName } };
    }
    if (!taken.has(target.assetName)) {
      taken.add(target.assetName);
      return { target };
    }
    let n = 2;
    while (taken.has(numberedAssetName(target.assetName, n))) {
      n++;
    }
    const name = numberedAssetName(target.assetName, n);
    taken.add(name);
    return { target: { ...target, assetName: name }, change: { kind: onServer.has(target.assetName) ? 'renamed' : 'duplicate', asked: target.assetName, name } };
  });
}

function isEmpty(asset: DigitalAssetInfo): boolean {
  return isEmptyCreatingAsset(asset);
}
