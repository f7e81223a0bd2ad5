// The emulator's reading of what MetaStudio's docs leave open, in one place. Each rule is a row of
// ASSUMPTIONS.md (beside this file): change both together when a live account shows otherwise.
import { MAX_LARGE_FILE_BYTES } from '../../src/client/largeFileRules';
import { characters } from './validate';
import type { AssetState, AssetType, FileCategory, FileState, ReviewMode } from './types';

const MiB = 1024 * 1024;
export const MAX_FILE_SIZE = 5 * 1024 * MiB;

/** Categories per asset type (CreateFile's page names IMAGE, VIDEO and PPT; the rest is our reading). */
export const CATEGORIES: Partial<Record<AssetType, FileCategory[]>> = {
  VIDEO: ['MAIN', 'COVER'],
  IMAGE: ['MAIN'],
  PPT: ['MAIN', 'COVER', 'PAGE', 'OTHER'],
  MUSIC: ['MAIN', 'COVER'],
  AUDIO: ['MAIN', 'COVER'],
  COMMON_FILE: ['MAIN', 'OTHER'],
};
/** Types without a row above (HUMAN_MODEL_2D, MATERIAL…) take any category, unchecked: no rule is documented. */
export function categoriesOf(type: AssetType): readonly FileCategory[] | undefined {
  return CATEGORIES[type];
}

/** CreateDigitalAsset: "VOICE_MODEL，HUMAN_MODEL_2D 普通用户均无法上传" (ordinary users cannot create them). */
export const NOT_CREATABLE: readonly AssetType[] = ['VOICE_MODEL', 'HUMAN_MODEL_2D'];

export const IMAGE_TYPES = ['JPEG', 'JPG', 'PNG', 'BMP', 'GIF'];
const SOUND_TYPES = ['WAV', 'MP3', 'M4A'];
/** MAIN file types and sizes by asset type, from CreateDigitalAsset's documentation. */
export const MAIN_FILES: Partial<Record<AssetType, { types: string[]; maxSize: number }>> = {
  // Over 5 GiB (CreateFile's file_size cap) a VIDEO's MAIN file comes through CreateLargeFile, up to 500 GiB.
  VIDEO: { types: ['MP4', 'M4V', 'MKV', 'MOV', 'FLV', '3GP', 'WMV', 'AVI', 'WEBM'], maxSize: MAX_LARGE_FILE_BYTES },
  IMAGE: { types: IMAGE_TYPES, maxSize: 50 * MiB },
  MUSIC: { types: SOUND_TYPES, maxSize: 100 * MiB },
  AUDIO: { types: SOUND_TYPES, maxSize: 100 * MiB },
  PPT: { types: ['PPT', 'PPTX', 'PDF'], maxSize: 100 * MiB },
};
/** A file in these states holds its asset's one MAIN (or COVER) slot. */
export const LIVE_FILE_STATES: readonly FileState[] = ['CREATING', 'CREATED', 'UPLOADED', 'REVIEW', 'BLOCK'];

/** asset_name "只能使用中英文字符，字符长度0-256位": Han, A–Z, a–z, 0–9, space, _ - . ( ) （ ）; 1 to 256. */
export const ASSET_NAME = /^[\p{Script=Han}A-Za-z0-9 _\-.()（）]{1,256}$/u;
export function assetNameValid(name: string): boolean {
  return characters(name) <= 256 && ASSET_NAME.test(name) && name.trim() !== '';
}

/** SystemProperty.key (SystemPropertyKeyEnum): a key outside it is refused, so a misspelt key fails here. */
export const SYSTEM_PROPERTY_KEYS = [
  'STYLE_ID', 'DH_ID', 'PLATFORM_AVAILABLE', 'RENDER_ENGINE', 'BACKGROUND_IMG', 'BACKGROUND_SCENE', 'CREATED_BY_PLATFORM',
  'MATERIAL_IMG', 'MATERIAL_VIDEO', 'DIGITAL_HUMAN_2D_VIDEO', 'DIGITAL_HUMAN_3D_VIDEO', 'BUSSINESS_CARD_VIDEO', 'BUSINESS_CARD_VIDEO',
  'PHOTO_VIDEO', 'TO_BE_TRANSLATED_VIDEO', 'TRANSLATED_VIDEO', 'LAYER_CONFIG_ENABLE', 'MEITUAN_MATERIAL_APPROVED', 'IS_CONTROLLED',
  'LIVE_IS_AUTHORIZED', 'VIDEO_IS_AUTHORIZED', 'CHAT_IS_AUTHORIZED',
];

/** The file state a confirmed CREATED becomes under each review mode. */
export const REVIEWED_STATE: Record<ReviewMode, FileState> = { auto: 'CREATED', awaiting: 'UPLOADED', manual: 'REVIEW', block: 'BLOCK' };
/** What a blocked file carries; the codes of block_reason_code are not documented. */
export const BLOCK_REASON = { reason: 'Content review failed', block_reason_code: 'EMU.REVIEW_REJECTED' };

/**
 * The asset follows its MAIN file: passed review, ACTIVED; awaiting review, UNACTIVED ("主文件上传成功，
 * 资产未激活"); blocked, FAILED with fail_type AUTOMATIC_REVIEW_REJECT; FAILED, FAILED. Undefined: unchanged.
 */
export function assetStateAfterMain(file: FileState): AssetState | undefined {
  switch (file) {
    case 'CREATED':
      return 'ACTIVED';
    case 'UPLOADED':
    case 'REVIEW':
      return 'UNACTIVED';
    case 'BLOCK':
    case 'FAILED':
      return 'FAILED';
    default:
      return undefined;
  }
}

/** A BLOCK asset "不可查看文件": ListAssets and ShowAsset show it without files. */
export function filesVisible(asset: AssetState): boolean {
  return asset !== 'BLOCK';
}

/** A BLOCK (frozen, "资产不可用") or WAITING_DELETE (to be taken offline) asset takes no new files. */
export function takesFiles(asset: AssetState): boolean {
  return asset !== 'BLOCK' && asset !== 'WAITING_DELETE';
}
