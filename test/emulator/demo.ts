// Demo credentials and seed data. The keys are fake, public test values: they open nothing but
// this emulator.
import { createHash } from 'node:crypto';
import { isoTime } from './http';
import type { Obs } from './obs';
import type { Store } from './store';
import type { AssetType, EmulatorAccount, FileCategory } from './types';

export const DEMO_REGION = 'cn-north-4';
export const DEMO_PROJECT_ID = '0e5a4b9f6c2d4e8a9b7c1d3f5a7b9c1e';

export const DEMO_ACCOUNT: EmulatorAccount = {
  ak: 'EMUDEMOAK0PUBLIC0001',
  sk: 'EmulatorDemoSecretKeyPublicTestValue0001',
  projectId: DEMO_PROJECT_ID,
  region: DEMO_REGION,
  domainName: 'metastudio-demo',
  userName: 'demo-uploader',
  password: 'demo-password-public',
  temporary: {
    ak: 'EMUDEMOTMPAK0PUBLIC1',
    sk: 'EmulatorDemoTemporarySecretPublicValue01',
    securityToken: 'emulator-demo-security-token-public-test-value',
  },
};

/** Stable ids of the demo seed, so tests can name them. */
export const DEMO_IDS = {
  keynoteAsset: 'a55e7000-0000-4000-8000-000000000001',
  keynoteMain: 'f11e0000-0000-4000-8000-000000000011',
  keynoteCover: 'f11e0000-0000-4000-8000-000000000012',
  backdropAsset: 'a55e7000-0000-4000-8000-000000000002',
  backdropMain: 'f11e0000-0000-4000-8000-000000000021',
  jingleAsset: 'a55e7000-0000-4000-8000-000000000003',
  jingleMain: 'f11e0000-0000-4000-8000-000000000031',
  deckAsset: 'a55e7000-0000-4000-8000-000000000004',
  deckMain: 'f11e0000-0000-4000-8000-000000000041',
  logoAsset: 'a55e7000-0000-4000-8000-000000000005',
  logoMain: 'f11e0000-0000-4000-8000-000000000051',
} as const;

interface DemoAsset {
  id: string;
  name: string;
  type: AssetType;
  ageHours: number;
  active?: boolean;
  files: { id: string; name: string; category: FileCategory; size: number; uploaded: boolean }[];
}

const HOUR = 3600_000;
const MiB = 1024 * 1024;

// Pending uploads as users leave them: bytes PUT but never confirmed (the common case), never PUT,
// and one whose upload URL has already expired (created 30 h ago).
const DEMO_ASSETS: DemoAsset[] = [
  {
    id: DEMO_IDS.keynoteAsset, name: 'Product launch keynote 2025', type: 'VIDEO', ageHours: 2,
    files: [
      { id: DEMO_IDS.keynoteMain, name: 'keynote-2025.mp4', category: 'MAIN', size: 734_003_200, uploaded: true },
      { id: DEMO_IDS.keynoteCover, name: 'keynote-cover.jpg', category: 'COVER', size: 245_760, uploaded: true },
    ],
  },
  {
    id: DEMO_IDS.backdropAsset, name: 'Studio backdrop (blue)', type: 'IMAGE', ageHours: 1,
    files: [{ id: DEMO_IDS.backdropMain, name: 'backdrop-blue.png', category: 'MAIN', size: 3 * MiB, uploaded: false }],
  },
  {
    id: DEMO_IDS.jingleAsset, name: 'Intro jingle', type: 'MUSIC', ageHours: 5,
    files: [{ id: DEMO_IDS.jingleMain, name: 'intro-jingle.mp3', category: 'MAIN', size: 4_718_592, uploaded: true }],
  },
  {
    id: DEMO_IDS.deckAsset, name: 'Quarterly review deck', type: 'PPT', ageHours: 30,
    files: [{ id: DEMO_IDS.deckMain, name: 'q3-review.pptx', category: 'MAIN', size: 18 * MiB, uploaded: false }],
  },
  {
    id: DEMO_IDS.logoAsset, name: 'Company logo', type: 'IMAGE', ageHours: 72, active: true,
    files: [{ id: DEMO_IDS.logoMain, name: 'company-logo.png', category: 'MAIN', size: 524_288, uploaded: true }],
  },
];

function demoFile(fileId: string): DemoAsset['files'][number] | undefined {
  return DEMO_ASSETS.flatMap((a) => a.files).find((f) => f.id === fileId);
}

/**
 * The bytes of a demo file that was never uploaded (backdropMain, deckMain): its name repeated to
 * its size. PUT them to the file's upload URL to finish the upload. Undefined for other files.
 */
export function demoFileContent(fileId: string): Buffer | undefined {
  const file = demoFile(fileId);
  return file && !file.uploaded ? Buffer.alloc(file.size, `${file.name}\n`) : undefined;
}

const md5Cache = new Map<string, string>();

// Uploaded demo files have no bytes here (nobody needs 700 MB); their MD5 is just well-formed.
function demoMd5(fileId: string): string {
  let md5 = md5Cache.get(fileId);
  if (!md5) {
    md5 = createHash('md5').update(demoFileContent(fileId) ?? fileId).digest('base64');
    md5Cache.set(fileId, md5);
  }
  return md5;
}

export function seedDemo(store: Store, obs: Obs, now: number): void {
  for (const demo of DEMO_ASSETS) {
    const created = now - demo.ageHours * HOUR;
    store.addAsset({
      project_id: DEMO_PROJECT_ID,
      asset_id: demo.id,
      produce_id: demo.id.replace('a55e7000', 'b0d0ce00'),
      asset_name: demo.name,
      asset_description: '',
      create_time: isoTime(created),
      update_time: isoTime(demo.active ? created + 60_000 : created),
      asset_type: demo.type,
      asset_state: demo.active ? 'ACTIVED' : 'CREATING',
      tags: [],
      system_properties: [],
    });
    for (const f of demo.files) {
      const fileType = f.name.split('.').pop()!;
      store.addFile(obs.newFile({
        file_id: f.id,
        file_name: f.name,
        file_md5: demoMd5(f.id),
        file_size: f.size,
        file_type: fileType,
        asset_file_category: f.category,
        state: demo.active ? 'CREATED' : 'CREATING',
        asset_id: demo.id,
        project_id: DEMO_PROJECT_ID,
        uploaded: f.uploaded,
      }, created));
    }
  }
}
