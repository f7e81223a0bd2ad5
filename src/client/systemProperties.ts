// system_properties that make a new asset usable in video production. CreateDigitalAsset's page:
// images and videos uploaded through the API stay invisible in video production unless marked, IMAGE
// with BACKGROUND_IMG or MATERIAL_IMG, VIDEO with MATERIAL_VIDEO or BUSSINESS_CARD_VIDEO (the API's
// spelling), value "Yes" (the value format of ListAssets' `system_property=BACKGROUND_IMG:Yes`).
import type { AssetType, SystemProperty } from './types';

export const VIDEO_PRODUCTION_KEYS = {
  IMAGE: ['MATERIAL_IMG', 'BACKGROUND_IMG'],
  VIDEO: ['MATERIAL_VIDEO', 'BUSSINESS_CARD_VIDEO'],
} as const;

export type VideoProductionKey = (typeof VIDEO_PRODUCTION_KEYS)[keyof typeof VIDEO_PRODUCTION_KEYS][number];

/** The system_properties for a new asset of this type from the chosen keys; keys of other types are left out. */
export function videoProductionProperties(assetType: AssetType, keys: readonly string[]): SystemProperty[] {
  const own: readonly string[] = assetType === 'IMAGE' ? VIDEO_PRODUCTION_KEYS.IMAGE : assetType === 'VIDEO' ? VIDEO_PRODUCTION_KEYS.VIDEO : [];
  return own.filter((key) => keys.includes(key)).map((key) => ({ key, value: 'Yes' }));
}
