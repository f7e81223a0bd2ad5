// MetaStudio's own shapes, with its own field names (snake_case as on the wire).

export const CONFIRM_STATES = ['CREATED', 'FAILED', 'CANCELLED'] as const;
export type ConfirmState = (typeof CONFIRM_STATES)[number];

export type FileState = ConfirmState | 'CREATING' | 'DELETING' | 'DELETED' | 'UPLOADED' | 'REVIEW' | 'BLOCK';
export type AssetState = 'CREATING' | 'FAILED' | 'UNACTIVED' | 'ACTIVED' | 'DELETING' | 'DELETED' | 'BLOCK' | 'WAITING_DELETE';
export type AssetType = 'VIDEO' | 'IMAGE' | 'PPT' | 'MUSIC' | 'AUDIO' | 'COMMON_FILE';
export type AssetFileCategory = 'MAIN' | 'COVER' | 'PAGE' | 'SAMPLE' | 'OTHER' | 'TEMPORARY' | 'PACKAGE';

export interface AssetFileInfo {
  file_id: string;
  file_name?: string;
  file_md5?: string;
  file_size?: number;
  file_type?: string;
  asset_file_category?: AssetFileCategory;
  download_url?: string;
  state?: FileState;
  reason?: string;
  block_reason_code?: string;
}

export interface DigitalAssetInfo {
  project_id?: string;
  asset_id: string;
  asset_name?: string;
  asset_description?: string;
  app_user_id?: string;
  create_time?: string;
  update_time?: string;
  asset_type?: AssetType;
  asset_state?: AssetState;
  reason?: string;
  tags?: string[];
  files?: AssetFileInfo[];
}

export interface ListAssetsQuery {
  asset_state?: AssetState[];
  asset_type?: AssetType[];
  name?: string;
  sort_key?: 'create_time' | 'update_time' | 'asset_order';
  sort_dir?: 'asc' | 'desc';
}

export interface CreateDigitalAssetBody {
  asset_name: string;
  asset_type: AssetType;
  asset_description?: string;
  tags?: string[];
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

/** Every successful call returns the gateway's request id, for the log and for support tickets. */
export interface Receipt {
  requestId?: string;
}
