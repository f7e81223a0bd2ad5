// MetaStudio's own shapes, with its own field names (snake_case as on the wire). Enums follow the
// official SDK's models (huaweicloud-sdk-nodejs-v3, services/metastudio/v1/model/); like the SDK,
// fields that carry an enum also take any other string, since MetaStudio adds values over time.

/** Any other string: what a newer MetaStudio may send. `string & {}` keeps the known values in completion. */
type Open<T extends string> = T | (string & {});

export const CONFIRM_STATES = ['CREATED', 'FAILED', 'CANCELLED'] as const;
export type ConfirmState = (typeof CONFIRM_STATES)[number];

/** AssetFileInfo.state (AssetFileInfoStateEnum). */
export const FILE_STATES = ['CREATING', 'CREATED', 'FAILED', 'CANCELLED', 'DELETING', 'DELETED', 'UPLOADED', 'REVIEW', 'BLOCK'] as const;
export type FileState = Open<(typeof FILE_STATES)[number]>;

/** DigitalAssetInfo.asset_state (DigitalAssetInfoAssetStateEnum). */
export const ASSET_STATES = ['CREATING', 'FAILED', 'UNACTIVED', 'ACTIVED', 'DELETING', 'DELETED', 'BLOCK', 'WAITING_DELETE'] as const;
export type AssetState = (typeof ASSET_STATES)[number];

/** DigitalAssetInfo.asset_type (DigitalAssetInfoAssetTypeEnum): 14 values. */
export const ASSET_TYPES = [
  'HUMAN_MODEL', 'VOICE_MODEL', 'SCENE', 'ANIMATION', 'VIDEO', 'IMAGE', 'PPT', 'MATERIAL',
  'NORMAL_MODEL', 'COMMON_FILE', 'HUMAN_MODEL_2D', 'BUSINESS_CARD_TEMPLET', 'MUSIC', 'AUDIO',
] as const;
export type AssetType = Open<(typeof ASSET_TYPES)[number]>;

/** The public asset types files are uploaded into (CreateDigitalAssetRequestBody: "公共资产类型", minus VOICE_MODEL, which ordinary users cannot upload). */
export const UPLOAD_ASSET_TYPES = ['VIDEO', 'IMAGE', 'PPT', 'MUSIC', 'AUDIO', 'COMMON_FILE'] as const;
export type UploadAssetType = (typeof UPLOAD_ASSET_TYPES)[number];

export type AssetFileCategory = 'MAIN' | 'COVER' | 'PAGE' | 'SAMPLE' | 'OTHER' | 'TEMPORARY' | 'PACKAGE';

/** DigitalAssetInfo.fail_type: why an asset is FAILED after review. */
export type FailType = Open<'AUTOMATIC_REVIEW_REJECT' | 'MANUAL_REVIEW_REJECT'>;

/** SystemProperty: `{key, value}`, value "Yes" to set a flag (ListAssets' `system_property=KEY:Yes`). */
export interface SystemProperty {
  action?: 'ADD' | 'DELETE';
  key: string;
  value: string;
}

export interface AssetFileInfo {
  file_id: string;
  file_name?: string;
  file_md5?: string;
  file_size?: number;
  file_type?: string;
  asset_file_category?: Open<AssetFileCategory>;
  /** Valid 24 hours. */
  download_url?: string;
  state?: FileState;
  /** Why review failed. */
  reason?: string;
  block_reason_code?: string;
  file_extra_meta?: { video_transcoding_status?: Open<'WAITING' | 'TRANSCODING' | 'FAILED' | 'SUCCEEDED'> };
}

export interface DigitalAssetInfo {
  project_id?: string;
  asset_id: string;
  produce_id?: string;
  asset_name?: string;
  asset_description?: string;
  app_user_id?: string;
  create_time?: string;
  update_time?: string;
  asset_type?: AssetType;
  asset_state?: Open<AssetState>;
  fail_type?: FailType;
  block_reason_code?: string;
  reason?: string;
  tags?: string[];
  system_properties?: SystemProperty[];
  files?: AssetFileInfo[];
  asset_order?: number;
  supported_service?: string[];
}

export interface ListAssetsQuery {
  asset_state?: AssetState[];
  asset_type?: AssetType[];
  name?: string;
  sort_key?: 'create_time' | 'update_time' | 'asset_order';
  sort_dir?: 'asc' | 'desc';
}

export interface CreateDigitalAssetBody {
  /** See assetNameProblem (assetNames.ts) for the characters MetaStudio takes. */
  asset_name: string;
  asset_type: AssetType;
  asset_description?: string;
  tags?: string[];
  system_properties?: SystemProperty[];
}

export interface CreateFileBody {
  file_name: string;
  /** Base64 of the raw MD5 digest, 24 characters. */
  file_md5: string;
  file_size: number;
  file_type: string;
  asset_id: string;
  asset_file_category: AssetFileCategory;
}

/** CreateLargeFile's body (LargeFilesCreateReq): no MD5; the file comes in `file_multipart_count` parts. */
export interface CreateLargeFileBody {
  file_name: string;
  /** Bytes, 1 to 536870912000 (500 GiB). */
  file_size: number;
  file_type: string;
  asset_id: string;
  asset_file_category: 'MAIN' | 'OTHER' | 'PACKAGE';
  /** 1 to 100; MetaStudio's default is 1. */
  file_multipart_count: number;
}

/** Every successful call returns the gateway's request id, for the log and for support tickets. */
export interface Receipt {
  requestId?: string;
}
