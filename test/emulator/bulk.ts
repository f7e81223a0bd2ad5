// Many pending files at once, for benchmarks: PPT assets in CREATING, each with a MAIN file, a
// COVER and then PAGE files, all CREATING. `uploaded` marks the bytes as PUT (none are kept), so
// the files can be confirmed CREATED; without it only FAILED or CANCELLED are accepted.
import { createHash, randomUUID } from 'node:crypto';
import { isoTime } from './http';
import type { Obs } from './obs';
import type { Store } from './store';
import type { FileCategory } from './types';

export interface BulkSeed {
  assets: number;
  filesPerAsset: number;
  uploaded: boolean;
  /**
   * Assets in mixed states, as on a real account: CREATING, FAILED, UNACTIVED and ACTIVED in turn,
   * and only one asset in four has its files still CREATING (the others CREATED). Default: all
   * assets and files CREATING.
   */
  mixed?: boolean;
}

export interface BulkFile {
  file_id: string;
  asset_id: string;
}

export const MAX_BULK_FILES = 100_000;

/** The problem with a bulk seed request, or undefined when it can be seeded. */
export function bulkSeedProblem(seed: Partial<BulkSeed>): string | undefined {
  const { assets, filesPerAsset } = seed;
  if (!Number.isInteger(assets) || assets! < 1 || !Number.isInteger(filesPerAsset) || filesPerAsset! < 1 || typeof seed.uploaded !== 'boolean' || (seed.mixed !== undefined && typeof seed.mixed !== 'boolean')) {
    return 'Send {"assets": <integer >= 1>, "filesPerAsset": <integer >= 1>, "uploaded": <boolean>[, "mixed": <boolean>]}.';
  }
  return assets! * filesPerAsset! > MAX_BULK_FILES ? `At most ${MAX_BULK_FILES} files per call.` : undefined;
}

const FILES: { category: FileCategory; type: string }[] = [
  { category: 'MAIN', type: 'pptx' },
  { category: 'COVER', type: 'jpg' },
  { category: 'PAGE', type: 'png' },
];

const MIXED_STATES = ['CREATING', 'FAILED', 'UNACTIVED', 'ACTIVED'] as const;

/** Adds the assets and files to what is there; one second apart, the newest last. Only pending files are returned. */
export function seedBulk(store: Store, obs: Obs, projectId: string, now: number, seed: BulkSeed): BulkFile[] {
  const batch = randomUUID().slice(0, 8);
  const md5 = createHash('md5').update(batch).digest('base64');
  const files: BulkFile[] = [];
  for (let i = 0; i < seed.assets; i++) {
    const created = now - (seed.assets - i) * 1000;
    const assetId = randomUUID();
    // Mixed: the pending assets are spread over the four states too.
    const pending = !seed.mixed || (i + Math.floor(i / 4)) % 4 === 0;
    store.addAsset({
      project_id: projectId,
      asset_id: assetId,
      produce_id: randomUUID(),
      asset_name: `Bulk ${batch} deck ${i + 1}`,
      asset_description: '',
      create_time: isoTime(created),
      update_time: isoTime(created),
      asset_type: 'PPT',
      asset_state: seed.mixed ? MIXED_STATES[i % 4] : 'CREATING',
      tags: [],
      system_properties: [],
    });
    for (let j = 0; j < seed.filesPerAsset; j++) {
      const { category, type } = FILES[Math.min(j, FILES.length - 1)];
      const file = obs.newFile({
        file_id: randomUUID(),
        file_name: `deck-${i + 1}-${j + 1}.${type}`,
        file_md5: md5,
        file_size: 1024 * (j + 1),
        file_type: type,
        asset_file_category: category,
        state: pending ? 'CREATING' : 'CREATED',
        asset_id: assetId,
        project_id: projectId,
        uploaded: seed.uploaded || !pending,
      }, created, now);
      store.addFile(file);
      if (pending) {
        files.push({ file_id: file.file_id, asset_id: assetId });
      }
    }
  }
  return files;
}
