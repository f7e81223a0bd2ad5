// What tests and tools import from the emulator.
export { startEmulator, type Emulator } from './server';
export { DEMO_ACCOUNT, DEMO_IDS, DEMO_PROJECT_ID, DEMO_REGION, demoFileContent } from './demo';
export { contentTypeFor } from './obs';
export type * from './types';
export type { AssetPatch, FilePatch, SeedAsset, SeedFile, SeededAsset } from './seedAssets';
