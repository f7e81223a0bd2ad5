// What OBS expects for each kind of file, and which asset types take which files (research notes §2.2, §2.3).
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

/** Why files cannot be uploaded into an asset of this type, or undefined when they can. */
export function assetTypeProblem(type: AssetType | undefined): string | undefined {
  if (isUploadAssetType(type)) {
    return undefined;
  }
  const which = type ? `${type} assets are` : 'An asset of no known type is';
  return `${which} made by MetaStudio itself; files are uploaded here into ${UPLOAD_ASSET_TYPES.join(', ')} assets.`;
}

/** Why this file cannot be an asset's file of this category (by its kind, not its size), or undefined. */
export function categoryFileProblem(assetType: AssetType | undefined, category: AssetFileCategory, fileName: string): string | undefined {
  const typeProblem = assetTypeProblem(assetType);
  if (typeProblem) {
    return typeProblem;
  }
  const type = fileType(fileName);
  const allowed = categoriesFor(assetType);
  if (!allowed.includes(category)) {
    return `A ${assetType} asset takes ${allowed.join(' or ')} files, not ${category}.`;
  }
  if (category === 'MAIN') {
    const rule = MAIN_FILE_TYPES[assetType as UploadAssetType];
    return rule.extensions.length > 0 && !rule.extensions.includes(type) ? extensionProblem(assetType as string, rule.extensions, type) : undefined;
  }
  if ((category === 'COVER' || category === 'PAGE') && !IMAGE_EXTENSIONS.includes(type)) {
    return `A ${category} file is an image (${IMAGE_EXTENSIONS.map((e) => e.toUpperCase()).join('/')}), not ${type ? type.toUpperCase() : 'a file without an extension'}.`;
  }
  return undefined;
}

/** The categories of an asset of this type that could take this file, by its kind. */
export function categoriesTaking(assetType: AssetType | undefined, fileName: string): AssetFileCategory[] {
  return categoriesFor(assetType).filter((category) => !categoryFileProblem(assetType, category, fileName));
}

function extensionProblem(assetType: string, extensions: string[], type: string): string {
  return `A ${assetType} asset takes ${extensions.map((e) => e.toUpperCase()).join('/')} files, not ${type ? type.toUpperCase() : 'files without an extension'}.`;
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
export function mainFileProblem(assetType: AssetType, fileName: string, size: number): string | undefined {
  const kindProblem = categoryFileProblem(assetType, 'MAIN', fileName);
  if (kindProblem) {
    return kindProblem;
  }
  const rule = MAIN_FILE_TYPES[assetType as UploadAssetType];
  if (size > rule.maxBytes) {
    return `${fileName} is larger than ${formatBytes(rule.maxBytes)}, the most a ${assetType} asset's main file may be.`;
  }
  if (size === 0) {
    return `${fileName} is empty; MetaStudio takes files of at least 1 byte.`;
  }
  return undefined;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : Number(value.toFixed(value >= 10 ? 0 : 1))} ${units[unit]}`;
}
