// The last complete listing, kept on disk per tenant so that the view opens with what was known
// (marked with its age) while the refresh runs. Only what the view shows is kept: ids, names, types,
// states, sizes, times; never a download or upload URL. Imports no `vscode`.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AssetFileInfo, DigitalAssetInfo } from '../client/types';

export interface KeptListing {
  /** When the listing was complete, ms since the epoch. */
  savedAt: number;
  assets: DigitalAssetInfo[];
}

const VERSION = 1;
const LISTING = /^listing-([0-9a-f]{8,64})\.json$/;

/** An asset as kept: the fields the view and the model read, nothing else. */
export function keptAsset(asset: DigitalAssetInfo): DigitalAssetInfo {
  return {
    asset_id: asset.asset_id,
    asset_name: asset.asset_name,
    asset_type: asset.asset_type,
    asset_state: asset.asset_state,
    create_time: asset.create_time,
    files: asset.files?.map(keptFile),
  };
}

function keptFile(file: AssetFileInfo): AssetFileInfo {
  return { file_id: file.file_id, file_name: file.file_name, file_size: file.file_size, file_type: file.file_type, asset_file_category: file.asset_file_category, state: file.state };
}

export class ListingKeeper {
  /** `folder`: where the listings are kept (the extension's global storage), one file per tenant. */
  constructor(private readonly folder: string) {}

  /** The listing kept for `tenant` (`tenantKey`), or undefined when there is none or it cannot be read. */
  async load(tenant: string): Promise<KeptListing | undefined> {
    try {
      const kept = JSON.parse(await fs.readFile(this.file(tenant), 'utf8')) as { version?: unknown; savedAt?: unknown; assets?: unknown };
      if (kept.version !== VERSION || typeof kept.savedAt !== 'number' || !Array.isArray(kept.assets)) {
        return undefined;
      }
      return { savedAt: kept.savedAt, assets: (kept.assets as DigitalAssetInfo[]).filter((a) => typeof a?.asset_id === 'string') };
    } catch {
      return undefined; // none yet, or a file cut short: the refresh will write a new one
    }
  }

  /**
   * The listing kept last, of whichever tenant, with its tenant key: read at start-up while the
   * credentials (which the tenant key needs) are still being read, and shown only if it turns out to
   * be the current tenant's. Undefined when there is none or it cannot be read.
   */
  async loadLatest(): Promise<(KeptListing & { tenant: string }) | undefined> {
    let names: string[];
    try {
      names = (await fs.readdir(this.folder)).filter((name) => LISTING.test(name));
    } catch {
      return undefined;
    }
    // One tenant is the usual case; of several, the newest.
    const stamped = names.length === 1 ? [{ name: names[0], at: 0 }] : await Promise.all(names.map(async (name) => ({ name, at: await fs.stat(path.join(this.folder, name)).then((s) => s.mtimeMs, () => -1) })));
    const newest = stamped.reduce<{ name: string; at: number } | undefined>((best, next) => (!best || next.at > best.at ? next : best), undefined);
    const tenant = newest && LISTING.exec(newest.name)![1];
    const kept = tenant ? await this.load(tenant) : undefined;
    return kept && tenant ? { ...kept, tenant } : undefined;
  }

  /** Keeps `assets` as the listing of `tenant`; written whole or not at all. */
  async save(tenant: string, assets: readonly DigitalAssetInfo[], savedAt = Date.now()): Promise<void> {
    await fs.mkdir(this.folder, { recursive: true });
    const file = this.file(tenant);
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      await fs.writeFile(temp, JSON.stringify({ version: VERSION, savedAt, assets: assets.map(keptAsset) }));
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  /** Drops the listing kept for `tenant` (its credentials were signed out or its profile removed); none is no problem. */
  async remove(tenant: string): Promise<void> {
    await fs.rm(this.file(tenant), { force: true });
  }

  private file(tenant: string): string {
    if (!/^[0-9a-f]{8,64}$/.test(tenant)) {
      throw new Error('a tenant key is hex');
    }
    return path.join(this.folder, `listing-${tenant}.json`);
  }
}
