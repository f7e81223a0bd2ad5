// What OBS expects for each kind of file, and which asset types take which files (research notes §2.2, §2.3).
import type { AssetFileCategory, AssetType } from './types';

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

const MAIN_FILE_TYPES: Record<AssetType, { extensions: string[]; maxBytes: number }> = {
  VIDEO: { extensions: ['mp4', 'm4v', 'mkv', 'mov', 'flv', '3gp', 'wmv', 'avi', 'webm'], maxBytes: 5 * 1024 ** 3 },
  IMAGE: { extensions: ['jpeg', 'jpg', 'png', 'bmp', 'gif'], maxBytes: 50 * 1024 ** 2 },
  MUSIC: { extensions: ['wav', 'mp3', 'm4a'], maxBytes: 100 * 1024 ** 2 },
  AUDIO: { extensions: ['wav', 'mp3', 'm4a'], maxBytes: 100 * 1024 ** 2 },
  PPT: { extensions: ['ppt', 'pptx', 'pdf'], maxBytes: 100 * 1024 ** 2 },
  COMMON_FILE: { extensions: [], maxBytes: 5 * 1024 ** 3 },
};

/** The file categories each asset type takes (CreateFile's rules): one MAIN, and these besides. */
export const ASSET_FILE_CATEGORIES: Record<AssetType, AssetFileCategory[]> = {
  IMAGE: ['MAIN'],
  VIDEO: ['MAIN', 'COVER'],
  MUSIC: ['MAIN', 'COVER'],
  AUDIO: ['MAIN', 'COVER'],
  PPT: ['MAIN', 'COVER', 'PAGE', 'OTHER'],
  COMMON_FILE: ['MAIN', 'OTHER'],
};

/** A single PUT to an upload URL takes at most 5 GiB. */
export const MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;

export function fileType(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** `type` is a file_type, the extension without its dot: mp4, png. */
export function contentTypeFor(type: string): string {
  return CONTENT_TYPES[type.toLowerCase()] ?? 'application/octet-stream';
}

/** The asset type a main file of this kind makes: mp4 makes a VIDEO, png an IMAGE, and so on. */
export function assetTypeFor(fileName: string): AssetType {
  const type = fileType(fileName);
  const found = (Object.keys(MAIN_FILE_TYPES) as AssetType[]).find((asset) => asset !== 'MUSIC' && MAIN_FILE_TYPES[asset].extensions.includes(type));
  return found ?? 'COMMON_FILE';
}

/** Why this file cannot be the MAIN file of an asset of this type, or undefined. */
export function mainFileProblem(assetType: AssetType, fileName: string, size: number): string | undefined {
  const rule = MAIN_FILE_TYPES[assetType];
  const type = fileType(fileName);
  if (rule.extensions.length > 0 && !rule.extensions.includes(type)) {
    return `A ${assetType} asset takes ${rule.extensions.map((e) => e.toUpperCase()).join('/')} files, not ${type ? type.toUpperCase() : 'files without an extension'}.`;
  }
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
