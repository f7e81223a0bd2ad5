// Assets and files in any state a real account can show, for tests: any of the 14 asset types,
// UNACTIVED / BLOCK / WAITING_DELETE assets, UPLOADED / REVIEW / BLOCK files, with reason,
// block_reason_code, fail_type, download_url and file_extra_meta. Seeded whole, or patched later.
import { createHash, randomUUID } from 'node:crypto';
import { isoTime } from './http';
import type { Obs } from './obs';
import type { Store } from './store';
import {
  ASSET_STATES, ASSET_TYPES, FAIL_TYPES, FILE_CATEGORIES, FILE_STATES, TRANSCODING_STATUSES,
  type AssetRecord, type FileRecord,
} from './types';

export interface SeedFile {
  file_name: string;
  asset_file_category?: FileRecord['asset_file_category'];
  state?: FileRecord['state'];
  file_size?: number;
  /** The bytes were PUT (so CREATED can be confirmed); default false. */
  uploaded?: boolean;
  reason?: string;
  block_reason_code?: string;
  download_url?: string;
  file_extra_meta?: { video_transcoding_status?: string };
  file_id?: string;
}

export interface SeedAsset {
  asset_name: string;
  /** One of the 14, or a newer type (`string & {}`): what a future MetaStudio may send. */
  asset_type: AssetRecord['asset_type'] | (string & {});
  asset_state?: AssetRecord['asset_state'];
  fail_type?: AssetRecord['fail_type'];
  reason?: string;
  block_reason_code?: string;
  asset_order?: number;
  system_properties?: AssetRecord['system_properties'];
  asset_id?: string;
  files?: SeedFile[];
}

export interface SeededAsset {
  asset_id: string;
  file_ids: string[];
}

/** Fields of an asset or a file a test may change afterwards (state, reason…). */
export type AssetPatch = Partial<Pick<AssetRecord, 'asset_state' | 'asset_type' | 'fail_type' | 'reason' | 'block_reason_code' | 'asset_order'>>;
export type FilePatch = Partial<Pick<FileRecord, 'state' | 'reason' | 'block_reason_code' | 'download_url' | 'file_extra_meta'>>;

const STRINGS = ['asset_name', 'reason', 'block_reason_code', 'download_url', 'file_name', 'asset_id', 'file_id'];

/** What is wrong with a seed or a patch, or undefined. Values are checked against the SDK's enums. */
export function seedProblem(value: Record<string, unknown>): string | undefined {
  const enums: Record<string, readonly string[]> = {
    asset_state: ASSET_STATES, fail_type: FAIL_TYPES, state: FILE_STATES, asset_file_category: FILE_CATEGORIES,
  };
  // One of the SDK's 14, or a type newer than the SDK (as MetaStudio may add), in its style.
  if (value.asset_type !== undefined && !ASSET_TYPES.includes(value.asset_type as never) && !/^[A-Z][A-Z0-9_]{0,63}$/.test(String(value.asset_type))) {
    return `asset_type must be one of ${ASSET_TYPES.join(', ')}, or a newer type in capitals.`;
  }
  for (const [key, allowed] of Object.entries(enums)) {
    if (value[key] !== undefined && !allowed.includes(value[key] as string)) {
      return `${key} must be one of ${allowed.join(', ')}.`;
    }
  }
  const wrongString = STRINGS.find((key) => value[key] !== undefined && typeof value[key] !== 'string');
  if (wrongString) {
    return `${wrongString} must be a string.`;
  }
  const status = (value.file_extra_meta as { video_transcoding_status?: string } | undefined)?.video_transcoding_status;
  if (status !== undefined && !TRANSCODING_STATUSES.includes(status as never)) {
    return `file_extra_meta.video_transcoding_status must be one of ${TRANSCODING_STATUSES.join(', ')}.`;
  }
  const files = value.files;
  if (files !== undefined) {
    return Array.isArray(files) ? files.map((f) => (typeof f?.file_name === 'string' ? seedProblem(f) : 'Every file needs a file_name.')).find(Boolean) : 'files must be a list.';
  }
  return undefined;
}

export function seedAssets(store: Store, obs: Obs, projectId: string, now: number, seeds: SeedAsset[]): SeededAsset[] {
  return seeds.map((seed, i) => {
    const time = isoTime(now - (seeds.length - i) * 1000);
    const asset: AssetRecord = {
      project_id: projectId,
      asset_id: seed.asset_id ?? randomUUID(),
      produce_id: randomUUID(),
      asset_name: seed.asset_name,
      asset_description: '',
      create_time: time,
      update_time: time,
      asset_type: seed.asset_type as AssetRecord['asset_type'],
      asset_state: seed.asset_state ?? 'CREATING',
      tags: [],
      system_properties: seed.system_properties ?? [],
      ...pick(seed, ['fail_type', 'reason', 'block_reason_code', 'asset_order']),
    };
    store.assets.set(asset.asset_id, asset);
    const file_ids = (seed.files ?? []).map((f) => {
      const type = f.file_name.includes('.') ? f.file_name.split('.').pop()! : 'bin';
      const file = obs.newFile({
        file_id: f.file_id ?? randomUUID(),
        file_name: f.file_name,
        file_md5: createHash('md5').update(f.file_name).digest('base64'),
        file_size: f.file_size ?? 1024,
        file_type: type,
        asset_file_category: f.asset_file_category ?? 'MAIN',
        state: f.state ?? 'CREATING',
        asset_id: asset.asset_id,
        project_id: projectId,
        uploaded: f.uploaded ?? false,
        ...pick(f, ['reason', 'block_reason_code', 'download_url', 'file_extra_meta']),
      }, now);
      store.addFile(file);
      return file.file_id;
    });
    return { asset_id: asset.asset_id, file_ids };
  });
}

function pick<T extends object, K extends keyof T>(from: T, keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]])) as Partial<Pick<T, K>>;
}
