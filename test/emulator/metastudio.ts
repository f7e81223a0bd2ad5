// MetaStudio's asset and file APIs: validation, the asset/file state machines and the answers.
import { randomUUID } from 'node:crypto';
import { ApiError, apiError, header, isoTime } from './http';
import { mergeParts } from './largeFiles';
import type { Obs } from './obs';
import type { Call, Reply, Route } from './router';
import type { Store } from './store';
import { assetNotFound, characters, checkLength, expectType, fileNotFound, integerParam, invalid, jsonBody, listParam, single, type Json } from './validate';
import {
  assetNameValid, assetStateAfterMain, BLOCK_REASON, takesFiles, categoriesOf, filesVisible, IMAGE_TYPES, LIVE_FILE_STATES, MAIN_FILES, MAX_FILE_SIZE,
  NOT_CREATABLE, REVIEWED_STATE, SYSTEM_PROPERTY_KEYS,
} from './rules';
import { ASSET_STATES, ASSET_TYPES, FILE_CATEGORIES, type AssetRecord, type AssetType, type FileCategory, type FileRecord, type ReviewMode } from './types';

const CONFIRM_STATES = ['CREATED', 'FAILED', 'CANCELLED'];
const ASSET_KEYS = [
  'asset_name', 'asset_description', 'asset_type', 'tags', 'review_config', 'asset_extra_meta', 'system_properties',
  'shared_config', 'is_need_generate_cover', 'asset_order', 'supported_service', 'auto_operation_config',
];
const FILE_KEYS = ['file_name', 'file_md5', 'file_size', 'file_type', 'asset_id', 'asset_file_category'];

export class MetaStudio {
  constructor(
    private readonly store: Store,
    private readonly obs: Obs,
    private readonly now: () => number,
    /** What a confirmed CREATED becomes (REVIEWED_STATE). */
    private readonly review: () => ReviewMode = () => 'auto',
  ) {}

  routes(): Route[] {
    const route = (method: string, path: string, handle: (call: Call) => Reply): Route => ({ method, path, service: 'metastudio', handle });
    return [
      route('POST', '/v1/:project_id/digital-assets', (c) => this.createAsset(c)),
      route('GET', '/v1/:project_id/digital-assets', (c) => this.listAssets(c)),
      route('GET', '/v1/:project_id/digital-assets/:asset_id', (c) => this.showAsset(c)),
      route('DELETE', '/v1/:project_id/digital-assets/:asset_id', (c) => this.deleteAsset(c)),
      route('POST', '/v1/:project_id/files', (c) => this.createFile(c)),
      route('POST', '/v1/:project_id/files/:file_id/complete', (c) => this.confirmFile(c)),
      route('DELETE', '/v1/:project_id/files/:file_id', (c) => this.deleteFile(c)),
    ];
  }

  private createAsset(call: Call): Reply {
    const body = jsonBody(call, ASSET_KEYS);
    expectType(body, 'asset_name', 'string', true);
    expectType(body, 'asset_type', 'string', true);
    expectType(body, 'asset_description', 'string', false);
    expectType(body, 'tags', 'array', false);
    expectType(body, 'system_properties', 'array', false);
    expectType(body, 'asset_order', 'number', false);
    const name = body.asset_name as string;
    checkLength(name, 'asset_name', 1, 256);
    if (!assetNameValid(name)) {
      throw invalid('asset_name takes Chinese and English letters, digits, spaces and _ - . ( ) only');
    }
    checkLength((body.asset_description as string | undefined) ?? '', 'asset_description', 0, 4096);
    if (!ASSET_TYPES.includes(body.asset_type as AssetType)) {
      throw invalid(`asset_type must be one of ${ASSET_TYPES.join(', ')}`);
    }
    if (NOT_CREATABLE.includes(body.asset_type as AssetType)) {
      throw invalid(`asset_type ${body.asset_type as string} cannot be created by ordinary users`);
    }
    if (body.asset_order !== undefined && !Number.isInteger(body.asset_order)) {
      throw invalid('asset_order must be an integer');
    }
    const tags = (body.tags as unknown[] | undefined) ?? [];
    if (tags.length > 50 || tags.some((t) => typeof t !== 'string' || characters(t) > 128)) {
      throw invalid('tags must be at most 50 strings of at most 128 characters');
    }
    const properties = (body.system_properties as unknown[] | undefined) ?? [];
    checkSystemProperties(properties);
    const taken = [...this.store.assets.values()].some(
      (a) => a.project_id === call.projectId && a.asset_name === name && a.asset_state !== 'DELETED',
    );
    if (taken) {
      throw apiError(400, 'MSS.10001005', 'Asset name already exists');
    }
    const time = isoTime(this.now());
    const asset: AssetRecord = {
      project_id: call.projectId,
      asset_id: randomUUID(),
      produce_id: randomUUID(),
      asset_name: name,
      asset_description: (body.asset_description as string | undefined) ?? '',
      app_user_id: header(call.req, 'x-app-userid'),
      create_time: time,
      update_time: time,
      asset_type: body.asset_type as AssetType,
      asset_state: 'CREATING',
      tags: tags as string[],
      system_properties: properties as AssetRecord['system_properties'],
      ...(body.asset_order === undefined ? {} : { asset_order: body.asset_order as number }),
    };
    this.store.addAsset(asset);
    return { status: 200, body: { asset_id: asset.asset_id, produce_id: asset.produce_id } };
  }

  private listAssets(call: Call): Reply {
    const q = call.query;
    const limit = integerParam(q, 'limit', 1, 100, 10);
    const offset = integerParam(q, 'offset', 0, 2147483647, 0);
    // Without asset_state, every state: "默认查询所有状态的资产" (ListAssetsRequest).
    const states = listParam(q, 'asset_state', ASSET_STATES) ?? ASSET_STATES;
    const types = listParam(q, 'asset_type', ASSET_TYPES);
    const name = single(q, 'name')?.toLowerCase();
    const ids = q.asset_id === undefined ? undefined : ([] as string[]).concat(q.asset_id);
    const sortKey = single(q, 'sort_key') ?? 'create_time';
    const sortDir = single(q, 'sort_dir') ?? 'asc';
    if (!['create_time', 'update_time', 'asset_order'].includes(sortKey) || !['asc', 'desc'].includes(sortDir)) {
      throw invalid('sort_key must be create_time, update_time or asset_order, sort_dir asc or desc');
    }
    const sign = sortDir === 'asc' ? 1 : -1;
    const made = (a: AssetRecord, b: AssetRecord): number => this.store.creationOf(a.asset_id) - this.store.creationOf(b.asset_id);
    // Times have whole seconds: ties go by creation, in the sort's direction; equal asset_order, newest first always.
    const compare = sortKey === 'asset_order'
      ? (a: AssetRecord, b: AssetRecord) => sign * byAssetOrder(a, b) || b.create_time.localeCompare(a.create_time) || made(b, a)
      : (a: AssetRecord, b: AssetRecord) => sign * (a[sortKey as 'create_time' | 'update_time'].localeCompare(b[sortKey as 'create_time' | 'update_time']) || made(a, b));
    const found = [...this.store.assets.values()]
      .filter(
        (a) =>
          a.project_id === call.projectId &&
          states.includes(a.asset_state) &&
          (!types || types.includes(a.asset_type)) &&
          (!name || a.asset_name.toLowerCase().includes(name)) &&
          (!ids || ids.includes(a.asset_id)),
      )
      .sort(compare);
    return { status: 200, body: { count: found.length, assets: found.slice(offset, offset + limit).map((a) => this.assetInfo(a)) } };
  }

  private showAsset(call: Call): Reply {
    return { status: 200, body: this.assetInfo(this.asset(call)) };
  }

  private deleteAsset(call: Call): Reply {
    const asset = this.asset(call);
    const mode = single(call.query, 'mode');
    if (mode !== undefined && mode !== 'force') {
      throw invalid('mode must be force');
    }
    asset.asset_state = mode === 'force' ? 'DELETED' : 'DELETING';
    asset.update_time = isoTime(this.now());
    if (mode === 'force') {
      this.store.filesOf(asset.asset_id).forEach((f) => (f.state = 'DELETED'));
    }
    return { status: 204 };
  }

  private createFile(call: Call): Reply {
    const body = jsonBody(call, FILE_KEYS);
    for (const field of FILE_KEYS) {
      expectType(body, field, field === 'file_size' ? 'number' : 'string', field !== 'file_type');
    }
    const fileType = (body.file_type as string | undefined) ?? '';
    if (fileType === '') {
      throw apiError(400, 'MSS.10001003', 'The file type are empty, please check');
    }
    const md5 = body.file_md5 as string;
    const size = body.file_size as number;
    const category = body.asset_file_category as FileCategory;
    checkLength(body.file_name as string, 'file_name', 1, 256);
    checkLength(fileType, 'file_type', 1, 64);
    checkLength(body.asset_id as string, 'asset_id', 1, 64);
    if (!/^[A-Za-z0-9+/]{22}==$/.test(md5)) {
      throw invalid('file_md5 must be the base64 of the 16-byte MD5 digest (24 characters)');
    }
    if (!Number.isInteger(size) || size < 1 || size > MAX_FILE_SIZE) {
      throw invalid(`file_size must be an integer from 1 to ${MAX_FILE_SIZE}`);
    }
    if (!FILE_CATEGORIES.includes(category)) {
      throw invalid(`asset_file_category must be one of ${FILE_CATEGORIES.join(', ')}`);
    }
    const asset = this.assetTakingFile(call, body.asset_id as string, category, fileType.toUpperCase(), size);

    const now = this.now();
    const file = this.obs.newFile({
      file_id: randomUUID(),
      file_name: body.file_name as string,
      file_md5: md5,
      file_size: size,
      file_type: fileType,
      asset_file_category: category,
      state: 'CREATING',
      asset_id: asset.asset_id,
      project_id: call.projectId,
      uploaded: false,
    }, now);
    this.store.addFile(file);
    return { status: 200, body: { file_id: file.file_id, upload_url: file.upload_url } };
  }

  /** The asset a new file goes into (CreateFile, CreateLargeFile), after every check of the file against it. */
  assetTakingFile(call: Call, assetId: string, category: FileCategory, fileType: string, size: number): AssetRecord {
    const asset = this.store.assets.get(assetId);
    if (!asset || asset.project_id !== call.projectId || asset.asset_state === 'DELETED' || asset.asset_state === 'DELETING') {
      throw assetNotFound();
    }
    if (!takesFiles(asset.asset_state)) {
      throw invalid(`the asset is ${asset.asset_state}; it takes no new files`);
    }
    this.checkFileFits(asset, category, fileType, size);
    return asset;
  }

  private checkFileFits(asset: AssetRecord, category: FileCategory, fileType: string, size: number): void {
    const categories = categoriesOf(asset.asset_type);
    if (categories && !categories.includes(category)) {
      throw invalid(`a ${asset.asset_type} asset takes files of category ${categories.join(', ')}`);
    }
    const main = MAIN_FILES[asset.asset_type];
    if (category === 'MAIN' && main && !main.types.includes(fileType)) {
      throw invalid(`the MAIN file of a ${asset.asset_type} asset must be one of ${main.types.join(', ')}`);
    }
    if (category === 'MAIN' && main && size > main.maxSize) {
      throw invalid(`the MAIN file of a ${asset.asset_type} asset must be at most ${main.maxSize} bytes`);
    }
    if (categories && (category === 'COVER' || category === 'PAGE') && !IMAGE_TYPES.includes(fileType)) {
      throw invalid(`a ${category} file must be one of ${IMAGE_TYPES.join(', ')}`);
    }
    const holds = (c: FileCategory): boolean =>
      this.store.filesOf(asset.asset_id).some((f) => f.asset_file_category === c && LIVE_FILE_STATES.includes(f.state));
    if (category === 'MAIN' && holds('MAIN')) {
      throw apiError(400, 'MSS.10001008', 'Asset main file already exists');
    }
    if (category === 'COVER' && holds('COVER')) {
      throw apiError(400, 'MSS.10001009', 'Asset cover file already exists');
    }
  }

  private confirmFile(call: Call): Reply {
    const entry = { file_id: call.params.file_id, state: undefined as unknown, time: new Date(this.now()).toISOString(), status: 200 };
    try {
      const body = jsonBody(call, ['state', 'auto_meta_analysis']);
      entry.state = body.state;
      expectType(body, 'state', 'string', false);
      // auto_meta_analysis: in SDK 3.1.113–3.1.115 only. Our reading: still taken as a boolean, and ignored.
      expectType(body, 'auto_meta_analysis', 'boolean', false);
      const state = body.state as FileRecord['state'];
      if (!CONFIRM_STATES.includes(state)) {
        throw invalid('state must be CREATED, FAILED or CANCELLED');
      }
      const file = this.file(call);
      if (file.state !== 'CREATING') {
        throw invalid(`the file is ${file.state}; only a CREATING file can be confirmed`);
      }
      // Assumption: MetaStudio checks the object exists in OBS before accepting CREATED. Its docs
      // do not say; refusing is the stricter reading and catches clients that confirm too early.
      if (state === 'CREATED') {
        mergeParts(file);
      }
      if (state === 'CREATED' && !file.uploaded) {
        throw apiError(400, 'MSS.00000003', 'The file has not been uploaded');
      }
      file.state = state === 'CREATED' ? REVIEWED_STATE[this.review()] : state;
      if (file.state === 'BLOCK') {
        Object.assign(file, BLOCK_REASON);
      }
      this.followMainFile(file);
      this.store.confirms.push(entry);
      return { status: 200 };
    } catch (e) {
      if (e instanceof ApiError) {
        this.store.confirms.push({ ...entry, status: e.status, error_code: (e.body as { error_code?: string }).error_code });
      }
      throw e;
    }
  }

  /** The asset's state follows its MAIN file's (assetStateAfterMain); a cancelled upload leaves the asset waiting. */
  private followMainFile(file: FileRecord): void {
    const asset = this.store.assets.get(file.asset_id);
    const next = assetStateAfterMain(file.state);
    if (!asset || file.asset_file_category !== 'MAIN' || !next) {
      return;
    }
    asset.asset_state = next;
    if (file.state === 'BLOCK') {
      Object.assign(asset, { fail_type: 'AUTOMATIC_REVIEW_REJECT', reason: file.reason });
    }
    asset.update_time = isoTime(this.now());
  }

  private deleteFile(call: Call): Reply {
    this.file(call).state = 'DELETED';
    return { status: 204 };
  }

  /** Assets in the recycle bin (DELETING) can still be shown and deleted for good. */
  private asset(call: Call): AssetRecord {
    const asset = this.store.assets.get(call.params.asset_id);
    if (!asset || asset.project_id !== call.projectId || asset.asset_state === 'DELETED') {
      throw assetNotFound();
    }
    return asset;
  }

  private file(call: Call): FileRecord {
    const file = this.store.files.get(call.params.file_id);
    if (!file || file.project_id !== call.projectId || file.state === 'DELETED') {
      throw fileNotFound();
    }
    return file;
  }

  private assetInfo(asset: AssetRecord): object {
    const files = !filesVisible(asset.asset_state) ? [] : this.store
      .filesOf(asset.asset_id)
      .filter((f) => f.state !== 'DELETED')
      .map((f) => ({
        file_id: f.file_id,
        file_name: f.file_name,
        file_md5: f.file_md5,
        file_size: f.file_size,
        file_type: f.file_type,
        asset_file_category: f.asset_file_category,
        state: f.state,
        ...defined({ download_url: f.download_url, reason: f.reason, block_reason_code: f.block_reason_code, file_extra_meta: f.file_extra_meta }),
      }));
    return { ...asset, files };
  }
}

/** The fields that are set, so an answer carries no `"reason": undefined`. */
function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** By asset_order, unset counting as 0; equal orders go newest first whatever the direction ("如果取值相同，则默认最新的排在前面"). */
function byAssetOrder(a: AssetRecord, b: AssetRecord): number {
  return (a.asset_order ?? 0) - (b.asset_order ?? 0);
}

function checkSystemProperties(properties: unknown[]): void {
  if (properties.length > 50) {
    throw invalid('system_properties takes at most 50 items');
  }
  for (const p of properties as Json[]) {
    if (typeof p?.key !== 'string' || typeof p?.value !== 'string') {
      throw invalid('system_properties must be {key, value} strings');
    }
    if (!SYSTEM_PROPERTY_KEYS.includes(p.key)) {
      throw invalid(`system_properties has an unknown key ${p.key}`);
    }
    if (p.action !== undefined && p.action !== 'ADD' && p.action !== 'DELETE') {
      throw invalid('system_properties action must be ADD or DELETE');
    }
  }
}
