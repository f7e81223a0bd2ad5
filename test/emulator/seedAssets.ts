// Assets and files in any state a real account can show, for tests: any of the 14 asset types,
// UNACTIVED / BLOCK / WAITING_DELETE assets, UPLOADED / REVIEW / BLOCK files, with reason,
// block_reason_code, fail_type, download_url and file_extra_meta. Seeded whole, or patched later.
import { createHash, randomUUID } from 'node:crypto';
import { isoTime } from './http';
import type { Obs } from './obs';
import type { Store } from './store';
import { assetNameValid, SYSTEM_PROPERTY_KEYS } from './rules';
import {
  ASSET_STATES, ASSET_TYPES, FAIL_TYPES, FILE_CATEGORIES, FILE_STATES, TRANSCODING_STATUSES,
  AdminInputError, type AssetRecord, type FileRecord,
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
  /** ISO 8601; by default each seed of a call is a second older than the next, the last one a second ago. */
  create_time?: string;
  files?: SeedFile[];
}

export interface SeededAsset {
  asset_id: string;
  file_ids: string[];
}

/** Fields of an asset or a file a test may change afterwards (state, reason…); nothing else can be patched. */
export const ASSET_PATCH_KEYS = ['asset_state', 'asset_type', 'fail_type', 'reason', 'block_reason_code', 'asset_order'] as const;
export const FILE_PATCH_KEYS = ['state', 'reason', 'block_reason_code', 'download_url', 'file_extra_meta'] as const;
export type AssetPatch = Partial<Pick<AssetRecord, (typeof ASSET_PATCH_KEYS)[number]>>;
export type FilePatch = Partial<Pick<FileRecord, (typeof FILE_PATCH_KEYS)[number]>>;

const ASSET_SEED_KEYS = [...ASSET_PATCH_KEYS, 'asset_name', 'system_properties', 'asset_id', 'create_time', 'files'];
const FILE_SEED_KEYS = [...FILE_PATCH_KEYS, 'file_name', 'asset_file_category', 'file_size', 'uploaded', 'file_id'];

const ENUMS: Record<string, readonly string[]> = { asset_state: ASSET_STATES, fail_type: FAIL_TYPES, state: FILE_STATES, asset_file_category: FILE_CATEGORIES };

/** What is wrong with one field's value, or undefined. Values are checked against the SDK's enums and the API's rules. */
function valueProblem(key: string, value: unknown): string | undefined {
  if (key in ENUMS) {
    return ENUMS[key].includes(value as string) ? undefined : `${key} must be one of ${ENUMS[key].join(', ')}.`;
  }
  switch (key) {
    case 'asset_type': // one of the SDK's 14, or a type newer than the SDK (as MetaStudio may add), in its style
      return ASSET_TYPES.includes(value as never) || (typeof value === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(value))
        ? undefined
        : `asset_type must be one of ${ASSET_TYPES.join(', ')}, or a newer type in capitals.`;
    case 'asset_name':
      return typeof value === 'string' && assetNameValid(value) ? undefined : `asset_name ${JSON.stringify(value)} is not a name MetaStudio takes (see rules.ts).`;
    case 'file_name':
    case 'asset_id':
    case 'file_id':
      return typeof value === 'string' && value !== '' ? undefined : `${key} must be a string that is not empty.`;
    case 'reason':
    case 'block_reason_code':
    case 'download_url':
      return typeof value === 'string' ? undefined : `${key} must be a string.`;
    case 'create_time':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : 'create_time must be an ISO 8601 time.';
    case 'asset_order':
      return Number.isInteger(value) ? undefined : 'asset_order must be an integer.';
    case 'file_size':
      return Number.isInteger(value) && (value as number) >= 0 ? undefined : 'file_size must be an integer of bytes, 0 or more.';
    case 'uploaded':
      return typeof value === 'boolean' ? undefined : 'uploaded must be true or false.';
    case 'system_properties':
      return Array.isArray(value) && value.every((p) => SYSTEM_PROPERTY_KEYS.includes(p?.key) && typeof p?.value === 'string')
        ? undefined
        : 'system_properties must be a list of {key, value} strings, each key of the SDK\'s SystemPropertyKeyEnum.';
    case 'file_extra_meta': {
      const meta = value as Record<string, unknown> | null;
      const bad = !meta || typeof meta !== 'object' || Object.keys(meta).some((k) => k !== 'video_transcoding_status') || !TRANSCODING_STATUSES.includes(meta.video_transcoding_status as never);
      return bad ? `file_extra_meta must be {"video_transcoding_status": ${TRANSCODING_STATUSES.map((t) => `"${t}"`).join(' | ')}}.` : undefined;
    }
    default:
      return undefined;
  }
}

/** What is wrong with an object of fields: not an object, a key outside `keys` (a misspelt one), a missing one, or a value. */
function fieldsProblem(value: unknown, what: string, keys: readonly string[], required: readonly string[] = []): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return `${what} must be a JSON object.`;
  }
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !keys.includes(key));
  if (unknown !== undefined) {
    return `${what} has no key "${unknown}"; it takes ${keys.join(', ')}.`;
  }
  const missing = required.find((key) => fields[key] === undefined);
  if (missing !== undefined) {
    return `${what} needs ${missing}.`;
  }
  return Object.entries(fields).map(([key, v]) => (v === undefined ? undefined : valueProblem(key, v))).find(Boolean);
}

/**
 * What is wrong with a list of seeds, or undefined: an unknown key, a value outside the SDK's enums or
 * the API's rules, or an asset_id or file_id that exists already (in any project) or twice in the list.
 */
export function seedsProblem(store: Store, seeds: unknown): string | undefined {
  if (!Array.isArray(seeds)) {
    return 'Send {"assets": [{asset_name, asset_type, asset_state?, files?: [{file_name, ...}]}]}.';
  }
  const assetIds = new Set<string>();
  const fileIds = new Set<string>();
  for (const seed of seeds as SeedAsset[]) {
    const problem = fieldsProblem(seed, 'An asset seed', ASSET_SEED_KEYS, ['asset_name', 'asset_type'])
      ?? (seed.files !== undefined && !Array.isArray(seed.files) ? 'files must be a list.' : undefined)
      ?? (seed.files ?? []).map((f) => fieldsProblem(f, 'A file seed', FILE_SEED_KEYS, ['file_name'])).find(Boolean);
    if (problem) {
      return problem;
    }
    if (seed.asset_id !== undefined) {
      if (store.assets.has(seed.asset_id) || assetIds.has(seed.asset_id)) {
        return `asset_id ${seed.asset_id} exists already: an asset id is never reused.`;
      }
      assetIds.add(seed.asset_id);
    }
    for (const id of (seed.files ?? []).flatMap((f) => (f.file_id === undefined ? [] : [f.file_id]))) {
      if (store.files.has(id) || fileIds.has(id)) {
        return `file_id ${id} exists already: a file id is never reused.`;
      }
      fileIds.add(id);
    }
  }
  return undefined;
}

/** What is wrong with a patch of an asset or a file, or undefined: it takes ASSET_PATCH_KEYS / FILE_PATCH_KEYS only, with valid values. */
export function patchProblem(kind: 'asset' | 'file', patch: unknown): string | undefined {
  return fieldsProblem(patch, kind === 'asset' ? 'An asset patch' : 'A file patch', kind === 'asset' ? ASSET_PATCH_KEYS : FILE_PATCH_KEYS);
}

/** Adds the seeds, each a second older than the next unless it gives its create_time; on a bad seed throws AdminInputError and adds nothing. */
export function seedAssets(store: Store, obs: Obs, projectId: string, now: number, seeds: SeedAsset[]): SeededAsset[] {
  const problem = seedsProblem(store, seeds);
  if (problem) {
    throw new AdminInputError(problem);
  }
  return seeds.map((seed, i) => {
    const time = isoTime(seed.create_time === undefined ? now - (seeds.length - i) * 1000 : Date.parse(seed.create_time));
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
    store.addAsset(asset);
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
