// The MetaStudio calls, typed. One client per set of credentials and endpoint; it knows nothing of VS Code.
import { authorizerFor, type IssuedToken } from './auth';
import { runBatch, type ItemResult } from './batch';
import { appUserIdIssue, checkCredentials, secretsOf, tenantKey, type Credentials } from './credentials';
import { cancelledError, failure, inputError, MetaStudioError, withNote } from './errors';
import { createToken, lookupProjectId, lookupProjectRegion, parseJson } from './iam';
import { listEvery } from './listing';
import { putFile, type PutOptions } from './obs';
import { reachedState } from './fileStates';
import { sharedBudgets, type RateBudgets } from './rateLimit';
import { checkEndpoint, checkId, iamEndpoint } from './regions';
import { backoffMs, shouldRetry } from './retry';
import { sleep, waitFor } from './sleep';
import { ANSWER_SHAPES, type ShapeCheck } from './answerShapes';
import { foreignAnswerError } from './failures';
import { Transport, type ApiRequest, type Authorizer, type TransportOptions } from './transport';
import { CONFIRM_STATES, type AssetFileInfo, type ConfirmState, type CreateDigitalAssetBody, type CreateFileBody, type CreateLargeFileBody, type DigitalAssetInfo, type ListAssetsQuery, type Receipt } from './types';

export interface MetaStudioClientOptions extends TransportOptions {
  /** `https://metastudio.{region}.myhuaweicloud.com`, or the emulator's URL. */
  endpoint: string;
  region: string;
  credentials: Credentials;
  /** Looked up from IAM by region when not given. */
  projectId?: string;
  /**
   * The account (domain) id, when known (a `[global]` section of the SDK credentials file): sent as
   * `X-Domain-Id` on IAM calls signed with AK/SK, as the SDKs' GlobalCredentials do.
   */
  domainId?: string;
  iamEndpoint?: string;
  /** X-App-UserId, a third-party user id sent with every call. */
  appUserId?: string;
  /**
   * Calls per second at most, for every API. Not given: each API at MetaStudio's published limit
   * for the region (`apiRate`); a number caps each of those; 0: no client-side limit at all.
   */
  rateLimitPerSecond?: number;
  /** The budgets to draw on; by default those of the tenant (`tenantKey`), shared by every client of this process built for it. */
  budgets?: RateBudgets;
}

export interface ConfirmOptions {
  autoMetaAnalysis?: boolean;
  /** The file's asset: lets a refused confirm be checked against the file's actual state. */
  assetId?: string;
  signal?: AbortSignal;
}

export interface ConfirmTarget {
  fileId: string;
  assetId?: string;
}

export interface ConfirmReceipt extends Receipt {
  /** The file was already where the requested state leads (an earlier attempt, or someone else, confirmed it). */
  alreadyInState?: boolean;
  /** The file as its asset showed it, when its state was checked: CREATED may have become UPLOADED, REVIEW or BLOCK. */
  file?: AssetFileInfo;
}

export class MetaStudioClient {
  readonly transport: Transport;
  readonly endpoint: string;
  readonly region: string;
  private readonly iamOrigin: string;
  private readonly authorizer: Authorizer;
  private project?: Promise<string>;
  /** The project id, once configured or looked up. */
  private knownProject?: string;
  private projectHeaders?: Readonly<Record<string, string>>;

  constructor(private readonly options: MetaStudioClientOptions) {
    this.endpoint = checkEndpoint(options.endpoint);
    this.iamOrigin = checkEndpoint(options.iamEndpoint ?? iamEndpoint(options.region), 'The IAM endpoint');
    this.region = options.region;
    checkCredentials(options.credentials);
    const appUserIdError = options.appUserId ? appUserIdIssue(options.appUserId) : undefined;
    if (appUserIdError) {
      throw inputError(appUserIdError.reason, appUserIdError.facts);
    }
    if (options.projectId !== undefined) {
      this.knownProject = checkId('project id', options.projectId);
      this.project = Promise.resolve(this.knownProject);
    }
    if (options.domainId !== undefined) {
      checkId('domain id', options.domainId);
    }
    this.transport = new Transport({
      ...options,
      budgets: this.budgetsFor(options),
      secrets: () => [...secretsOf(options.credentials), ...(options.secrets?.() ?? [])],
    });
    this.authorizer = authorizerFor(options.credentials, () => this.issueToken(), options.now);
  }

  /** The region of a project of these credentials, from IAM (the project's name). */
  async projectRegion(projectId: string, signal?: AbortSignal): Promise<string> {
    return lookupProjectRegion(this.transport, this.iamOrigin, checkId('project id', projectId), this.authorizer, signal, this.iamHeaders());
  }

  /** `X-Domain-Id` for IAM when the domain is known and the calls are signed with AK/SK. */
  private iamHeaders(): Record<string, string> | undefined {
    const { domainId, credentials } = this.options;
    return domainId && (credentials.kind === 'aksk' || credentials.kind === 'temporary') ? { 'X-Domain-Id': domainId } : undefined;
  }

  private budgetsFor(options: MetaStudioClientOptions): RateBudgets | undefined {
    if (options.rateLimitPerSecond === 0) {
      return undefined;
    }
    const budgets = options.budgets ?? sharedBudgets(tenantKey(this.endpoint, options.region, options.projectId, options.credentials), options.region);
    budgets.setCap(options.rateLimitPerSecond ?? 0);
    return budgets;
  }

  /**
   * The project id: configured, or looked up once from IAM for the region. The lookup is shared by
   * every caller and runs without any caller's signal; `signal` only stops this caller's wait.
   */
  projectId(signal?: AbortSignal): Promise<string> {
    if (!this.project) {
      const lookup = lookupProjectId(this.transport, this.iamOrigin, this.region, this.authorizer, undefined, this.iamHeaders()).then((projectId) => (this.knownProject = projectId), (error) => {
        if (this.project === lookup) {
          this.project = undefined;
        }
        throw error;
      });
      lookup.catch(() => undefined); // a lookup every caller stopped waiting for still ends quietly
      this.project = lookup;
    }
    return waitFor(this.project, signal, 'IAM project lookup');
  }

  /**
   * A new user action begins (a command): a password IAM refused may be tried once more, so a
   * refusal costs one login per user action. Calls within one action share that one login.
   */
  newAction(): void {
    this.authorizer.retryRefused?.();
  }

  async confirmFileUpload(fileId: string, state: ConfirmState, options: ConfirmOptions = {}): Promise<ConfirmReceipt> {
    checkId('file id', fileId);
    if (!CONFIRM_STATES.includes(state)) {
      throw inputError('bad-state', { state: String(state) });
    }
    const body = options.autoMetaAnalysis ? { state, auto_meta_analysis: true } : { state };
    try {
      const answer = await this.call({ operation: 'ConfirmFileUpload', method: 'POST', path: ['files', fileId, 'complete'], body, idempotent: true, signal: options.signal, shape: ANSWER_SHAPES.ConfirmFileUpload });
      return { requestId: answer.requestId };
    } catch (error) {
      const outcome = await this.fileIsAlready(error, fileId, state, options);
      if (typeof outcome === 'object') {
        return { requestId: (error as MetaStudioError).requestId, alreadyInState: true, file: outcome };
      }
      if (outcome === 'unknown') {
        const e = error as MetaStudioError;
        throw withNote(e, { reason: 'not-checked', facts: {} });
      }
      throw error;
    }
  }

  /** Confirms many files; each gets its own result, in the order given. */
  confirmFileUploads(
    targets: readonly ConfirmTarget[],
    state: ConfirmState,
    options: { concurrency?: number; autoMetaAnalysis?: boolean; signal?: AbortSignal; onResult?: (result: ItemResult<ConfirmTarget, ConfirmReceipt>, done: number, total: number) => void } = {},
  ): Promise<Array<ItemResult<ConfirmTarget, ConfirmReceipt>>> {
    return runBatch(targets, (target) => this.confirmFileUpload(target.fileId, state, { ...options, assetId: target.assetId }), {
      concurrency: options.concurrency ?? 4,
      signal: options.signal,
      onResult: options.onResult,
    });
  }

  async createDigitalAsset(body: CreateDigitalAssetBody, signal?: AbortSignal): Promise<{ asset_id: string; produce_id?: string } & Receipt> {
    const answer = await this.call({ operation: 'CreateDigitalAsset', method: 'POST', path: ['digital-assets'], body, idempotent: false, signal, shape: ANSWER_SHAPES.CreateDigitalAsset });
    const created = parseJson<{ asset_id?: string; produce_id?: string }>('CreateDigitalAsset', answer.text);
    return { asset_id: requireString('CreateDigitalAsset', created.asset_id, 'asset_id'), produce_id: created.produce_id, requestId: answer.requestId };
  }

  async createFile(body: CreateFileBody, signal?: AbortSignal): Promise<{ file_id: string; upload_url: string } & Receipt> {
    checkId('asset id', body.asset_id);
    const answer = await this.call({ operation: 'CreateFile', method: 'POST', path: ['files'], body, idempotent: false, signal, shape: ANSWER_SHAPES.CreateFile });
    const created = parseJson<{ file_id?: string; upload_url?: string }>('CreateFile', answer.text);
    return {
      file_id: requireString('CreateFile', created.file_id, 'file_id'),
      upload_url: requireString('CreateFile', created.upload_url, 'upload_url'),
      requestId: answer.requestId,
    };
  }

  /**
   * CreateLargeFile (`POST /v1/{project_id}/large-files`, files up to 500 GiB): answers the file id and
   * one upload URL per part, `upload_urls[i]` for part i + 1 (largeFileRules.ts). The file exists
   * once this answers, even when the URLs are fewer than the parts asked for: the caller checks.
   */
  async createLargeFile(body: CreateLargeFileBody, signal?: AbortSignal): Promise<{ file_id: string; upload_urls: string[] } & Receipt> {
    checkId('asset id', body.asset_id);
    const answer = await this.call({ operation: 'CreateLargeFile', method: 'POST', path: ['large-files'], body, idempotent: false, signal, shape: ANSWER_SHAPES.CreateLargeFile });
    const created = parseJson<{ file_id?: string; upload_urls?: unknown }>('CreateLargeFile', answer.text);
    const fileId = requireString('CreateLargeFile', created.file_id, 'file_id');
    const urls = Array.isArray(created.upload_urls) ? created.upload_urls.filter((u): u is string => typeof u === 'string' && u.length > 0) : [];
    return { file_id: fileId, upload_urls: urls, requestId: answer.requestId };
  }

  /** One page of ListAssets. */
  async listAssets(query: ListAssetsQuery & { limit?: number; offset?: number } = {}, signal?: AbortSignal): Promise<{ count: number; assets: DigitalAssetInfo[] }> {
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) {
        params[key] = Array.isArray(value) ? value.join(',') : String(value);
      }
    }
    const answer = await this.call({ operation: 'ListAssets', method: 'GET', path: ['digital-assets'], query: params, idempotent: true, signal, shape: ANSWER_SHAPES.ListAssets });
    const page = parseJson<{ count?: unknown; assets?: unknown }>('ListAssets', answer.text);
    if (!Array.isArray(page.assets) || typeof page.count !== 'number') {
      throw failure('answer-incomplete', { operation: 'ListAssets', field: 'assets' }, { kind: 'http', operation: 'ListAssets', requestId: answer.requestId });
    }
    return { count: page.count, assets: page.assets.filter(isAsset) };
  }

  /**
   * Every asset the query matches, over as many pages as it takes (see listing.ts for how the listing
   * stays complete while assets change). `onPage` gets each page's new assets as they are known.
   */
  listAllAssets(query: ListAssetsQuery = {}, signal?: AbortSignal, onPage?: (assets: DigitalAssetInfo[]) => void): Promise<DigitalAssetInfo[]> {
    return listEvery((offset, limit) => this.listAssets({ ...query, limit, offset }, signal), { signal, onPage, concurrency: 4 });
  }

  async showAsset(assetId: string, signal?: AbortSignal): Promise<DigitalAssetInfo> {
    checkId('asset id', assetId);
    const answer = await this.call({ operation: 'ShowAsset', method: 'GET', path: ['digital-assets', assetId], idempotent: true, signal, shape: ANSWER_SHAPES.ShowAsset(assetId) });
    const asset = parseJson<DigitalAssetInfo>('ShowAsset', answer.text);
    if (!isAsset(asset)) {
      throw failure('answer-incomplete', { operation: 'ShowAsset', field: 'asset_id' }, { kind: 'http', operation: 'ShowAsset', requestId: answer.requestId });
    }
    return asset;
  }

  async deleteFile(fileId: string, signal?: AbortSignal): Promise<Receipt> {
    checkId('file id', fileId);
    const answer = await this.call({ operation: 'DeleteFile', method: 'DELETE', path: ['files', fileId], idempotent: true, signal, shape: ANSWER_SHAPES.DeleteFile });
    return { requestId: answer.requestId };
  }

  async deleteAsset(assetId: string, options: { force?: boolean; signal?: AbortSignal } = {}): Promise<Receipt> {
    checkId('asset id', assetId);
    const answer = await this.call({ operation: 'DeleteAsset', method: 'DELETE', path: ['digital-assets', assetId], query: options.force ? { mode: 'force' } : undefined, idempotent: true, signal: options.signal, shape: ANSWER_SHAPES.DeleteAsset });
    return { requestId: answer.requestId };
  }

  /**
   * PUTs a file to its upload URL through the client's dispatcher (and proxy), and logs each attempt.
   * Transient failures (5xx, 429, a cut connection, a timeout) are tried again up to `retries` times
   * (default: the client's retries) with the client's jittered backoff, or longer when OBS sends
   * Retry-After; a PUT to the same URL with the same bytes is safe to repeat. Throws the last
   * MetaStudioError: `retryable` tells a transient failure from a refusal.
   */
  async putFile(options: Omit<PutOptions, 'dispatcher'> & { retries?: number }): Promise<{ etag?: string; requestId?: string }> {
    const url = new URL(options.uploadUrl);
    const retry = { ...this.transport.retry, retries: options.retries ?? this.transport.retry.retries };
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      const event = { type: 'call' as const, operation: 'Upload to OBS', method: 'PUT', path: `${url.host}${url.pathname}`, attempt };
      try {
        const result = await putFile({ timeoutMs: this.transport.timeouts.attemptMs, ...options, dispatcher: this.transport.currentDispatcher });
        this.transport.emit({ ...event, status: 200, requestId: result.requestId, ms: Math.round(performance.now() - started), outcome: 'ok' });
        return result;
      } catch (error) {
        const e = error as MetaStudioError;
        const again = e instanceof MetaStudioError && e.kind !== 'cancelled' && shouldRetry(e, attempt, retry, true);
        this.transport.emit({ ...event, status: e.status, requestId: e.requestId, ms: Math.round(performance.now() - started), outcome: again ? 'retry' : 'failed', errorCode: e.errorCode, errorMsg: e.errorMsg, error: e.message });
        if (!again) {
          throw error;
        }
        await sleep(backoffMs(attempt, retry, e.retryAfter), options.signal).catch(() => {
          throw cancelledError('The upload');
        });
      }
    }
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  /** One API call; a 2xx body must have `shape`, the shape of the call's answer (answerShapes.ts). */
  private async call(request: Omit<ApiRequest, 'origin' | 'segments' | 'authorizer' | 'limited' | 'headers'> & { path: string[]; shape: ShapeCheck }) {
    // The project id once known, without a wait: this runs for every call.
    const projectId = this.knownProject ?? (await this.projectId(request.signal));
    const headers = (this.projectHeaders ??= this.headersFor(projectId));
    const answer = await this.transport.send({
      operation: request.operation,
      method: request.method,
      origin: this.endpoint,
      segments: ['v1', projectId, ...request.path],
      query: request.query,
      body: request.body,
      headers,
      idempotent: request.idempotent,
      limited: true,
      authorizer: this.authorizer,
      signal: request.signal,
      maxBodyBytes: request.maxBodyBytes,
    });
    const foreign = foreignAnswerError(request.operation, answer, request.shape);
    if (foreign) {
      this.transport.notice('warn', foreign.message);
      throw foreign;
    }
    return answer;
  }

  /** The headers of every call to the project: read only, built once per client. */
  private headersFor(projectId: string): Readonly<Record<string, string>> {
    const headers: Record<string, string> = {};
    if (this.options.credentials.kind === 'aksk' || this.options.credentials.kind === 'temporary') {
      headers['X-Project-Id'] = projectId;
    }
    if (this.options.appUserId) {
      headers['X-App-UserId'] = this.options.appUserId;
    }
    return Object.freeze(headers);
  }

  private async issueToken(): Promise<IssuedToken> {
    const credentials = this.options.credentials;
    if (credentials.kind !== 'password') {
      throw new Error('only password credentials are exchanged for tokens');
    }
    return createToken(this.transport, this.iamOrigin, credentials, this.region);
  }

  /**
   * A refused confirm may only mean the file is already where the user wants it; a confirm whose
   * answer was lost may have gone through. Either way the file's state in its asset says: the file
   * when it is where `state` leads (for CREATED also UPLOADED, REVIEW or BLOCK), else 'not' or 'unknown'.
   */
  private async fileIsAlready(error: unknown, fileId: string, state: ConfirmState, options: ConfirmOptions): Promise<AssetFileInfo | 'not' | 'unknown'> {
    if (!(error instanceof MetaStudioError)) {
      return 'not';
    }
    const refused = error.errorCode === 'MSS.00000003';
    if (!refused && !error.mayHaveApplied) {
      return 'not';
    }
    if (!options.assetId) {
      return error.mayHaveApplied ? 'unknown' : 'not';
    }
    // An attempt that got no answer may still be on its way to MetaStudio: give it as long again.
    if (error.mayHaveApplied) {
      await sleep(Math.min(this.transport.timeouts.headersMs, 10_000), options.signal).catch(() => undefined);
    }
    try {
      const asset = await this.showAsset(options.assetId, options.signal);
      const file = asset.files?.find((f) => f.file_id === fileId);
      return file && reachedState(file.state, state) ? file : 'not';
    } catch {
      return 'unknown';
    }
  }
}

function isAsset(value: unknown): value is DigitalAssetInfo {
  return !!value && typeof value === 'object' && typeof (value as DigitalAssetInfo).asset_id === 'string';
}

function requireString(operation: string, value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    // A 2xx without what the API returns: it may have been applied all the same.
    throw failure('answer-incomplete', { operation, field }, { kind: 'http', operation, mayHaveApplied: true });
  }
  return value;
}
