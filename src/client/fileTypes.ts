// What OBS expects for each kind of file, and which asset types take which files (research notes §2.2, §2.3).
import { englishOf, type ErrorSentence } from './errors';
import { UPLOAD_ASSET_TYPES, type AssetFileCategory, type AssetFileInfo, type AssetType, type DigitalAssetInfo, type FileState, type UploadAssetType } from './types';

/** The Content-Type the upload URL was signed with; anything not listed is application/octet-stream. */
const CONTENT_TYPES: Record<string, string> = {
  gif: 'image/gif',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
  mp4: 'video/mp4',
  mp3: 'audio/mp3',
  wav: 'audio/wav',
};

/** Over 5 GiB, VIDEO and COMMON_FILE main files go through CreateLargeFile, up to 500 GiB (largeFileRules.ts). */
const MAIN_FILE_TYPES: Record<UploadAssetType, { extensions: string[]; maxBytes: number }> = {
  VIDEO: { extensions: ['mp4', 'm4v', 'mkv', 'mov', 'flv', '3gp', 'wmv', 'avi', 'webm'], maxBytes: 536_870_912_000 },
  IMAGE: { extensions: ['jpeg', 'jpg', 'png', 'bmp', 'gif'], maxBytes: 50 * 1024 ** 2 },
  MUSIC: { extensions: ['wav', 'mp3', 'm4a'], maxBytes: 100 * 1024 ** 2 },
  AUDIO: { extensions: ['wav', 'mp3', 'm4a'], maxBytes: 100 * 1024 ** 2 },
  PPT: { extensions: ['ppt', 'pptx', 'pdf'], maxBytes: 100 * 1024 ** 2 },
  COMMON_FILE: { extensions: [], maxBytes: 536_870_912_000 },
};

/** COVER and PAGE files are images (our reading of CreateFile: a cover, a PPT page's picture). */
const IMAGE_EXTENSIONS = MAIN_FILE_TYPES.IMAGE.extensions;

/**
 * The file categories each asset type takes (CreateFile's rules): one MAIN, and these besides. Only
 * the public types files are uploaded into; the others (HUMAN_MODEL_2D, VOICE_MODEL, MATERIAL…) are
 * made by MetaStudio's own flows, and this extension uploads nothing into them.
 */
export const ASSET_FILE_CATEGORIES: Record<UploadAssetType, AssetFileCategory[]> = {
  IMAGE: ['MAIN'],
  VIDEO: ['MAIN', 'COVER'],
  MUSIC: ['MAIN', 'COVER'],
  AUDIO: ['MAIN', 'COVER'],
  PPT: ['MAIN', 'COVER', 'PAGE', 'OTHER'],
  COMMON_FILE: ['MAIN', 'OTHER'],
};

/** Categories an asset holds one file of (CreateFile refuses a second: MSS.10001008, MSS.10001009). */
export const ONE_PER_ASSET: readonly AssetFileCategory[] = ['MAIN', 'COVER'];

/** File states that hold bytes, or may still get them: such a file keeps its asset's MAIN or COVER place. */
export const LIVE_FILE_STATES: readonly FileState[] = ['CREATING', 'CREATED', 'UPLOADED', 'REVIEW', 'BLOCK'];

/** The file that holds `category` in this asset already, when the asset takes only one of it. */
export function holderOf(asset: Pick<DigitalAssetInfo, 'files'>, category: AssetFileCategory): AssetFileInfo | undefined {
  return ONE_PER_ASSET.includes(category) ? asset.files?.find((f) => f.asset_file_category === category && LIVE_FILE_STATES.includes(f.state ?? 'CREATING')) : undefined;
}

/** The categories this asset still takes a file of (one that fits `fileName`, when given), in ASSET_FILE_CATEGORIES' order. */
export function openCategories(asset: Pick<DigitalAssetInfo, 'asset_type' | 'files'>, fileName?: string): AssetFileCategory[] {
  const fitting = fileName === undefined ? categoriesFor(asset.asset_type) : categoriesTaking(asset.asset_type, fileName);
  return fitting.filter((c) => !holderOf(asset, c));
}

/** A single PUT to an upload URL takes at most 5 GiB. */
export const MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;

/** Whether files can be uploaded into assets of this type; any string, since MetaStudio adds types. */
export function isUploadAssetType(type: AssetType | undefined): type is UploadAssetType {
  return (UPLOAD_ASSET_TYPES as readonly string[]).includes(type ?? '');
}

/** The categories an asset of this type takes; none for types this extension does not upload into. */
export function categoriesFor(type: AssetType | undefined): AssetFileCategory[] {
  return isUploadAssetType(type) ? ASSET_FILE_CATEGORIES[type] : [];
}

/** Why files cannot be uploaded into an asset of this type (a reason code and facts), or undefined when they can. */
export function assetTypeIssue(type: AssetType | undefined): ErrorSentence | undefined {
  if (isUploadAssetType(type)) {
    return undefined;
  }
  const types = UPLOAD_ASSET_TYPES.join(', ');
  return type ? { reason: 'asset-type-not-uploadable', facts: { assetType: type, types } } : { reason: 'asset-type-unknown', facts: { types } };
}

/** `assetTypeIssue` as an English sentence. */
export function assetTypeProblem(type: AssetType | undefined): string | undefined {
  return englishOf(assetTypeIssue(type));
}

/** Why this file cannot be an asset's file of this category (by its kind, not its size), or undefined. */
export function categoryFileIssue(assetType: AssetType | undefined, category: AssetFileCategory, fileName: string): ErrorSentence | undefined {
  const typeIssue = assetTypeIssue(assetType);
  if (typeIssue) {
    return typeIssue;
  }
  const type = fileType(fileName);
  const allowed = categoriesFor(assetType);
  if (!allowed.includes(category)) {
    return { reason: 'category-not-taken', facts: { assetType: assetType!, categories: allowed.join(' or '), category } };
  }
  if (category === 'MAIN') {
    const rule = MAIN_FILE_TYPES[assetType as UploadAssetType];
    return rule.extensions.length > 0 && !rule.extensions.includes(type) ? kindIssue(assetType as string, rule.extensions, type) : undefined;
  }
  if ((category === 'COVER' || category === 'PAGE') && !IMAGE_EXTENSIONS.includes(type)) {
    const extensions = IMAGE_EXTENSIONS.map((e) => e.toUpperCase()).join('/');
    return type ? { reason: 'not-an-image', facts: { category, extensions, type: type.toUpperCase() } } : { reason: 'not-an-image-no-extension', facts: { category, extensions } };
  }
  return undefined;
}

/** `categoryFileIssue` as an English sentence. */
export function categoryFileProblem(assetType: AssetType | undefined, category: AssetFileCategory, fileName: string): string | undefined {
  return englishOf(categoryFileIssue(assetType, category, fileName));
}

/** The categories of an asset of this type that could take this file, by its kind. */
export function categoriesTaking(assetType: AssetType | undefined, fileName: string): AssetFileCategory[] {
  return categoriesFor(assetType).filter((category) => !categoryFileIssue(assetType, category, fileName));
}

function kindIssue(assetType: string, extensions: string[], type: string): ErrorSentence {
  const kinds = extensions.map((e) => e.toUpperCase()).join('/');
  return type ? { reason: 'wrong-kind', facts: { assetType, extensions: kinds, type: type.toUpperCase() } } : { reason: 'wrong-kind-no-extension', facts: { assetType, extensions: kinds } };
}

export function fileType(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** `type` is a file_type, the extension without its dot: mp4, png. */
export function contentTypeFor(type: string): string {
  return CONTENT_TYPES[type.toLowerCase()] ?? 'application/octet-stream';
}

/** The asset type a main file of this kind makes: mp4 makes a VIDEO, png an IMAGE, and so on. */
export function assetTypeFor(fileName: string): UploadAssetType {
  const type = fileType(fileName);
  const found = UPLOAD_ASSET_TYPES.find((asset) => asset !== 'MUSIC' && MAIN_FILE_TYPES[asset].extensions.includes(type));
  return found ?? 'COMMON_FILE';
}

/** Why this file cannot be the MAIN file of an asset of this type, or undefined. */
export function mainFileIssue(assetType: AssetType, fileName: string, size: number): ErrorSentence | undefined {
  const issue = categoryFileIssue(assetType, 'MAIN', fileName);
  if (issue) {
    return issue;
  }
  const rule = MAIN_FILE_TYPES[assetType as UploadAssetType];
  if (size > rule.maxBytes) {
    return { reason: 'main-too-large', facts: { fileName, limit: formatBytes(rule.maxBytes), assetType } };
  }
  return size === 0 ? { reason: 'empty-file', facts: { fileName } } : undefined;
}

/** `mainFileIssue` as an English sentence. */
export function mainFileProblem(assetType: AssetType, fileName: string, size: number): string | undefined {
  return englishOf(mainFileIssue(assetType, fileName, size));
}

/**
 * Bytes as every message, row and progress line shows them: binary units labelled as such (KiB, MiB,
 * GiB: 1 MiB = 1,048,576 bytes), the units MetaStudio's and OBS's limits are set in (50 MiB images,
 * 5 GiB a PUT), so that a limit reads as the round number it is. 200,000,000 bytes: "191 MiB".
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  const rounded = (value: number, unit: number) => (unit === 0 ? value : Number(value.toFixed(value >= 10 ? 0 : 1)));
  let value = bytes;
  let unit = 0;
  // Compare what will be shown, so 1,048,575 bytes reads "1 MiB", not "1024 KiB".
  while (rounded(value, unit) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${rounded(value, unit)} ${units[unit]}`;
}
