// Shapes shared by the emulator's parts and by the tests that drive it.
import type { RateRegion } from './rates';

export type Seed = 'demo' | 'none';

export interface EmulatorAccount {
  ak: string;
  sk: string;
  projectId: string;
  /** Also the IAM project name, as on Huawei Cloud (`cn-north-4`). */
  region: string;
  domainName: string;
  userName: string;
  password: string;
  /** Temporary AK/SK, accepted only with a matching `X-Security-Token`. */
  temporary?: { ak: string; sk: string; securityToken: string };
}

/** A seed, patch or setting the emulator refuses: the admin API answers it with a 400 and this message; in-process callers get it thrown. */
export class AdminInputError extends Error {}

/** `portal`: a 200 HTML page without X-Request-Id, as a captive portal or proxy sign-in page answers. */
export const BAD_BODY_KINDS = ['html', 'empty', 'truncated', 'huge', 'portal'] as const;
export type BadBodyKind = (typeof BAD_BODY_KINDS)[number];

/** Rates are probabilities from 0 to 1, drawn from a seeded PRNG per request. */
export interface Faults {
  error500?: number;
  error503?: number;
  error429?: number;
  /** Destroy the socket before handling: the request had no effect. */
  reset?: number;
  /** Handle the request, then destroy the socket: it took effect but the client cannot tell. */
  lostResponse?: number;
  /** Handle the request, then answer with a 200 page that is not the gateway's (a proxy replaced the answer). */
  replacedAnswer?: number;
  latencyMs?: number;
  latencyRate?: number;
  badBody?: number;
  badBodyKind?: BadBodyKind;
  /** Cut every OBS PUT after this many body bytes. */
  obsResetAfterBytes?: number;
  /** Stop reading every OBS PUT after this many body bytes, leaving it hanging. */
  obsStallAfterBytes?: number;
  /** Read every OBS PUT (whole file or part) at most this many bytes per second, each on its own. */
  obsBytesPerSecond?: number;
  /** Cut the PUTs of these parts of a large file after `afterBytes` body bytes; other parts go through. */
  obsCutParts?: { parts: number[]; afterBytes: number };
  /** Also apply the rate faults above to OBS PUTs (MetaStudio routes always get them, IAM and admin never). */
  obs?: boolean;
  /** Rate of MetaStudio answers sent one byte per `trickleIntervalMs` (default 500): they never stall, and take ages. */
  trickle?: number;
  trickleIntervalMs?: number;
  /** IAM (token, project lookup) answers after this many ms: a slow login. */
  iamLatencyMs?: number;
  /** For this many ms from the first OBS PUT after the faults are set, every OBS PUT gets 503 SlowDown (its body drained). */
  obsUnavailableMs?: number;
  /** Seconds sent as Retry-After with that 503; none when unset (OBS usually sends none). */
  obsRetryAfterSeconds?: number;
  /**
   * Every OBS PUT is answered with this status (400 RequestTimeout, as OBS says when a client's
   * connection goes quiet; 403 AccessDenied; 503 SlowDown) before its body is read, then the
   * connection is reset.
   */
  obsEarlyAnswer?: 400 | 403 | 503;
  /** The forward proxy (Emulator.proxyUrl) answers every CONNECT with this status (407, 403, 502). */
  proxyRefuse?: number;
  /** `user:password` the forward proxy wants (Basic); 407 without it. */
  proxyAuth?: string;
}

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default: the demo account. */
  accounts?: EmulatorAccount[];
  /** Default: 'none' (no assets). */
  seed?: Seed;
  faults?: Faults;
  /** Requests per second per project on MetaStudio routes, all APIs together; 0 (default) is off. */
  rateLimit?: number;
  /** Each API's own limit per project, as MetaStudio publishes it for this region (rates.ts); default off. */
  apiRateLimits?: RateRegion;
  /** Lifetime of IAM tokens; default 24 h. */
  tokenTtlMs?: number;
  /** The server clock minus real time. */
  clockOffsetMs?: number;
  /** Seed of the fault PRNG; default 1. */
  randomSeed?: number;
  /** What a confirmed CREATED becomes; default 'auto' (CREATED). */
  review?: ReviewMode;
}

/** The SDK's 14 asset types (DigitalAssetInfoAssetTypeEnum). */
export const ASSET_TYPES = [
  'HUMAN_MODEL', 'VOICE_MODEL', 'SCENE', 'ANIMATION', 'VIDEO', 'IMAGE', 'PPT', 'MATERIAL',
  'NORMAL_MODEL', 'COMMON_FILE', 'HUMAN_MODEL_2D', 'BUSINESS_CARD_TEMPLET', 'MUSIC', 'AUDIO',
] as const;
export type AssetType = (typeof ASSET_TYPES)[number];
export const ASSET_STATES = ['CREATING', 'FAILED', 'UNACTIVED', 'ACTIVED', 'DELETING', 'DELETED', 'BLOCK', 'WAITING_DELETE'] as const;
export type AssetState = (typeof ASSET_STATES)[number];
export const FILE_CATEGORIES = ['MAIN', 'COVER', 'PAGE', 'SAMPLE', 'OTHER', 'TEMPORARY', 'PACKAGE'] as const;
export type FileCategory = (typeof FILE_CATEGORIES)[number];
export const FILE_STATES = ['CREATING', 'CREATED', 'FAILED', 'CANCELLED', 'DELETING', 'DELETED', 'UPLOADED', 'REVIEW', 'BLOCK'] as const;
export type FileState = (typeof FILE_STATES)[number];
export const FAIL_TYPES = ['AUTOMATIC_REVIEW_REJECT', 'MANUAL_REVIEW_REJECT'] as const;
export type FailType = (typeof FAIL_TYPES)[number];
export const TRANSCODING_STATUSES = ['WAITING', 'TRANSCODING', 'FAILED', 'SUCCEEDED'] as const;

/**
 * What a confirmed CREATED becomes: `auto` CREATED (passed automatic review), `awaiting` UPLOADED (not
 * reviewed yet), `manual` REVIEW (in manual review), `block` BLOCK (refused, with a reason).
 */
export const REVIEW_MODES = ['auto', 'awaiting', 'manual', 'block'] as const;
export type ReviewMode = (typeof REVIEW_MODES)[number];

/** Field names as in MetaStudio's DigitalAssetInfo, minus `files` (joined in on output). */
export interface AssetRecord {
  project_id: string;
  asset_id: string;
  produce_id: string;
  asset_name: string;
  asset_description: string;
  app_user_id?: string;
  create_time: string;
  update_time: string;
  asset_type: AssetType;
  asset_state: AssetState;
  fail_type?: FailType;
  block_reason_code?: string;
  reason?: string;
  asset_order?: number;
  tags: string[];
  system_properties: { action?: string; key: string; value: string }[];
}

/** AssetFileInfo fields plus what the emulator needs to know about the upload. */
export interface FileRecord {
  file_id: string;
  file_name: string;
  file_md5: string;
  file_size: number;
  file_type: string;
  asset_file_category: FileCategory;
  state: FileState;
  reason?: string;
  block_reason_code?: string;
  download_url?: string;
  file_extra_meta?: { video_transcoding_status?: string };
  asset_id: string;
  project_id: string;
  create_time: string;
  /** The bytes were PUT completely with the right MD5. */
  uploaded: boolean;
  /** Complete PUTs stored, and those of them that came after the file left CREATING (a confirm): for crash tests. */
  stored_puts?: number;
  stored_after_confirm?: number;
  /** Part PUTs (CreateLargeFile) that came after the file left CREATING; OBS refuses them, the crash tests count them. */
  part_puts_after_confirm?: number;
  upload_url: string;
  /** Unix seconds on the server clock. */
  upload_expires: number;
  /** The Content-Type the upload URL was signed with. */
  content_type: string;
  /** A large file's multipart upload (CreateLargeFile); absent for CreateFile's. */
  multipart?: MultipartRecord;
}

export interface MultipartRecord {
  upload_id: string;
  /** file_multipart_count. */
  count: number;
  upload_urls: string[];
  /** Part number -> what OBS holds for it (a part PUT again replaces it, as in OBS). */
  parts: Record<string, { size: number; etag: string }>;
  /** Part numbers in the order their PUTs completed: what each upload really sent. */
  received: number[];
}

/** One call of `POST /files/{file_id}/complete` that passed authentication, whatever its outcome. */
export interface ConfirmCall {
  file_id: string;
  /** As requested, even when invalid. */
  state: unknown;
  /** ISO time on the server clock. */
  time: string;
  status: number;
  error_code?: string;
}

export interface EmulatorState {
  assets: AssetRecord[];
  files: FileRecord[];
  confirms: ConfirmCall[];
}

export interface EmulatorCounters {
  /** Answers by HTTP status, admin routes excluded. */
  requests: Record<string, number>;
  throttled: number;
  unauthorized: number;
  /** Sockets destroyed on purpose (reset, lostResponse, obsResetAfterBytes, obsEarlyAnswer). */
  resets: number;
  /** OBS PUTs by outcome: every attempt, and those that stored the bytes. */
  obsPuts: number;
  obsStored: number;
  /** The forward proxy: tunnels passed on, refused, and user names seen ('' for none). */
  proxied: number;
  proxyRefused: number;
  proxyUsers: Record<string, number>;
}
