// The emulator: one loopback HTTP server for MetaStudio, IAM, OBS uploads and the admin API.
// Requests pass as through the real gateway: route, body size, authentication, project, rate
// limit, injected faults, then the service.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { handleAdmin } from './admin';
import { Gateway } from './auth';
import { bulkSeedProblem, seedBulk, type BulkFile, type BulkSeed } from './bulk';
import { seedDemo } from './demo';
import { patchProblem, seedAssets, type AssetPatch, type FilePatch, type SeedAsset, type SeededAsset } from './seedAssets';
import { DEMO_ACCOUNT } from './demo';
import { FaultInjector, faultsProblem, writeBadBody, writeEarlyAnswer, writeTrickle } from './faults';
import { ApiError, apiError, header, readBody, requestId, sendJson, sleep } from './http';
import { Iam } from './iam';
import { LargeFiles } from './largeFiles';
import { MetaStudio } from './metastudio';
import { Obs, obsError } from './obs';
import { EmulatorProxy } from './proxy';
import { match, splitUrl, type Call, type Route } from './router';
import type { RateRegion } from './rates';
import { Store } from './store';
import { AdminInputError, REVIEW_MODES, type EmulatorCounters, type EmulatorOptions, type EmulatorState, type Faults, type ReviewMode, type Seed } from './types';

export interface Emulator {
  /** `http://127.0.0.1:PORT`, the endpoint for MetaStudio and IAM alike. */
  readonly url: string;
  readonly port: number;
  /** `http://127.0.0.1:PORT` of a forward proxy that sends every host it is asked for to this emulator. */
  readonly proxyUrl: string;
  /** A copy of assets, files and the confirm history. */
  readonly state: EmulatorState;
  readonly counters: EmulatorCounters;
  /** The server clock: real time plus the offset. */
  now(): number;
  setFaults(faults: Faults): void;
  /** Lets the OBS PUTs held by `obsStallAfterBytes` go on to the end, and holds no more. */
  releaseStalls(): void;
  setClockOffset(ms: number): void;
  /** Requests per second per project on MetaStudio routes; 0 turns it off. `perApi`: also each API at its published limit in that region (undefined: off). */
  setRateLimit(perSecond: number, perApi?: RateRegion): void;
  /** Back to the start options: empty state, tokens, lockouts, counters; then the seed (default: the start seed). */
  reset(seed?: Seed): void;
  /** Adds many pending files (for benchmarks) to the first account's project, or to `projectId`. */
  seedBulk(seed: BulkSeed & { projectId?: string }): BulkFile[];
  /**
   * Adds assets and files in any type and state (to the first account's project, or `projectId`).
   * Throws AdminInputError, adding nothing, on an unknown key, a bad value or an asset_id / file_id that exists.
   */
  seedAssets(assets: SeedAsset[], projectId?: string): SeededAsset[];
  /** Changes an asset's state, type, fail_type, reason…; false when there is no such asset; AdminInputError on another key or a bad value. */
  patchAsset(assetId: string, patch: AssetPatch): boolean;
  /** Changes a file's state, reason, block_reason_code, download_url…; false when there is no such file; AdminInputError on another key or a bad value. */
  patchFile(fileId: string, patch: FilePatch): boolean;
  /** What a confirmed CREATED becomes from now on (until reset). */
  setReview(mode: ReviewMode): void;
  /**
   * Calls `matches` picks (by method and path) are applied but never answered: `onHeld` runs instead,
   * where the crash tests kill the caller. No argument (or a reset) ends it.
   */
  holdAnswers(matches?: (method: string, path: string) => boolean, onHeld?: () => void): void;
  close(): Promise<void>;
}

const DAY = 24 * 3600_000;
/** About 3,000 years: the server clock stays within what Date can show. */
const MAX_CLOCK_OFFSET_MS = 1e14;

class EmulatorServer implements Emulator {
  url = '';
  port = 0;
  private readonly server: Server;
  private readonly store = new Store();
  private readonly gateway: Gateway;
  private readonly faults: FaultInjector;
  private readonly obs: Obs;
  private readonly proxy: EmulatorProxy;
  private readonly routes: Route[];
  private readonly largeFiles: LargeFiles;
  private clockOffsetMs = 0;
  private review: ReviewMode = 'auto';
  private statuses: Record<string, number> = {};
  private resets = 0;
  private obsPuts = 0;
  private hold?: { matches: (method: string, path: string) => boolean; onHeld: () => void };

  constructor(private readonly options: EmulatorOptions) {
    const accounts = options.accounts ?? [DEMO_ACCOUNT];
    const now = (): number => this.now();
    this.gateway = new Gateway(accounts, now, options.tokenTtlMs ?? DAY);
    this.faults = new FaultInjector(options.randomSeed ?? 1);
    this.obs = new Obs(() => this.url, now, (id) => this.store.files.get(id), () => (this.resets += 1));
    const metaStudio = new MetaStudio(this.store, this.obs, now, () => this.review);
    this.largeFiles = new LargeFiles(this.store, this.obs, () => this.url, now, (...args) => metaStudio.assetTakingFile(...args));
    this.routes = [...new Iam(accounts, this.gateway).routes(), ...metaStudio.routes(), ...this.largeFiles.routes()];
    this.proxy = new EmulatorProxy(() => this.port, () => this.faults.faults);
    this.server = createServer((req, res) => void this.handle(req, res));
    // Expect: 100-continue is answered per route, so OBS can refuse a PUT before its body is sent.
    this.server.on('checkContinue', (req, res) => void this.handle(req, res));
    this.server.requestTimeout = 0; // multi-GB uploads may take longer than Node's default 5 minutes
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', resolve);
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    await this.proxy.listen();
    this.reset();
  }

  get proxyUrl(): string {
    return this.proxy.url;
  }

  get state(): EmulatorState {
    return this.store.snapshot();
  }

  get counters(): EmulatorCounters {
    const proxy = this.proxy.counters;
    return {
      requests: { ...this.statuses }, throttled: this.statuses['429'] ?? 0, unauthorized: this.statuses['401'] ?? 0, resets: this.resets,
      obsPuts: this.obsPuts, obsStored: this.obs.stored, proxied: proxy.proxied, proxyRefused: proxy.proxyRefused, proxyUsers: { ...proxy.proxyUsers },
    };
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  setFaults(faults: Faults): void {
    refuse(faultsProblem(faults));
    this.faults.set(faults);
  }

  setClockOffset(ms: number): void {
    // A clock past what Date can show would break every answer's Date header.
    refuse(Number.isFinite(ms) && Math.abs(ms) <= MAX_CLOCK_OFFSET_MS ? undefined : `The clock offset is a number of milliseconds within ±${MAX_CLOCK_OFFSET_MS}.`);
    this.clockOffsetMs = ms;
  }

  releaseStalls(): void {
    this.setFaults({ ...this.faults.faults, obsStallAfterBytes: undefined });
    this.obs.releaseStalls();
  }

  setRateLimit(perSecond: number, perApi?: RateRegion): void {
    refuse(Number.isFinite(perSecond) && perSecond >= 0 ? undefined : 'The rate limit is a number of requests per second, 0 or more (0 turns it off).');
    this.gateway.rateLimit = perSecond;
    this.gateway.apiRateLimits = perApi;
  }

  reset(seed: Seed = this.options.seed ?? 'none'): void {
    refuse(seed === 'demo' || seed === 'none' ? undefined : 'The seed is "demo" or "none".');
    this.store.clear();
    this.hold = undefined;
    this.gateway.reset();
    this.faults.reseed();
    this.setFaults(this.options.faults ?? {});
    this.setRateLimit(this.options.rateLimit ?? 0, this.options.apiRateLimits);
    this.setClockOffset(this.options.clockOffsetMs ?? 0);
    this.setReview(this.options.review ?? 'auto');
    this.statuses = {};
    this.resets = 0;
    this.obsPuts = 0;
    this.obs.stored = 0;
    this.proxy.reset();
    if (seed === 'demo') {
      seedDemo(this.store, this.obs, this.now());
    }
  }

  seedBulk(seed: BulkSeed & { projectId?: string }): BulkFile[] {
    refuse(bulkSeedProblem(seed) ?? (seed.projectId !== undefined && typeof seed.projectId !== 'string' ? 'projectId must be a string.' : undefined));
    const projectId = seed.projectId ?? (this.options.accounts ?? [DEMO_ACCOUNT])[0].projectId;
    return seedBulk(this.store, this.obs, projectId, this.now(), seed);
  }

  seedAssets(assets: SeedAsset[], projectId = (this.options.accounts ?? [DEMO_ACCOUNT])[0].projectId): SeededAsset[] {
    refuse(typeof projectId === 'string' && projectId !== '' ? undefined : 'projectId must be a string.');
    return seedAssets(this.store, this.obs, projectId, this.now(), assets);
  }

  patchAsset(assetId: string, patch: AssetPatch): boolean {
    refuse(patchProblem('asset', patch));
    const asset = this.store.assets.get(assetId);
    return asset ? (Object.assign(asset, patch), true) : false;
  }

  patchFile(fileId: string, patch: FilePatch): boolean {
    refuse(patchProblem('file', patch));
    const file = this.store.files.get(fileId);
    return file ? (Object.assign(file, patch), true) : false;
  }

  setReview(mode: ReviewMode): void {
    refuse(REVIEW_MODES.includes(mode) ? undefined : `The review mode is one of ${REVIEW_MODES.join(', ')}.`);
    this.review = mode;
  }

  async close(): Promise<void> {
    await Promise.all([
      this.proxy.close(),
      new Promise<void>((resolve) => {
        this.server.close(() => resolve());
        this.server.closeAllConnections();
      }),
    ]);
  }

  holdAnswers(matches?: (method: string, path: string) => boolean, onHeld: () => void = () => undefined): void {
    this.hold = matches ? { matches, onHeld } : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = requestId();
    res.setHeader('Date', new Date(this.now()).toUTCString());
    const { rawPath, rawQuery } = splitUrl(req.url ?? '/');
    const isObs = rawPath.startsWith('/obs/');
    if (!isObs && header(req, 'expect')?.toLowerCase() === '100-continue') {
      res.writeContinue();
    }
    if (rawPath.startsWith('/__admin/')) {
      return handleAdmin(this, req, res, rawPath);
    }
    res.on('finish', () => (this.statuses[res.statusCode] = (this.statuses[res.statusCode] ?? 0) + 1));
    if (this.hold?.matches(req.method ?? '', rawPath)) {
      withheld(res, this.hold.onHeld);
    }
    try {
      if (isObs) {
        res.setHeader('x-obs-request-id', id.toUpperCase());
        await this.handleObs(req, res, rawPath, rawQuery, id.toUpperCase());
      } else {
        res.setHeader('X-Request-Id', id);
        await this.handleGateway(req, res, rawPath, rawQuery);
      }
    } catch (e) {
      if (res.headersSent || res.destroyed) {
        return;
      }
      req.resume();
      if (e instanceof ApiError) {
        sendJson(res, e.status, e.body, e.headers);
      } else {
        sendJson(res, 500, { error_code: 'MSS.00000004', error_msg: `Internal Error: ${String(e)}` });
      }
    }
  }

  private async handleGateway(req: IncomingMessage, res: ServerResponse, rawPath: string, rawQuery: string): Promise<void> {
    const found = match(this.routes, req.method ?? '', rawPath);
    if (!found) {
      throw apiError(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment');
    }
    const body = await readBody(req);
    const call: Call = { req, params: found.params, query: parseQuery(rawQuery), body, projectId: found.params.project_id ?? '' };
    if (!found.route.anonymous) {
      call.principal = this.gateway.authenticate(req, rawPath, rawQuery, body);
    }
    let after: 'lostResponse' | 'trickle' | 'replacedAnswer' | undefined;
    if (found.route.service === 'metastudio') {
      this.gateway.checkProject(req, call.principal!, call.projectId);
      this.gateway.checkRate(call.projectId, found.route);
      const fault = await this.injectFault(req, res);
      if (fault === 'answered') {
        return;
      }
      after = fault;
    }
    if (found.route.service === 'iam' && this.faults.faults.iamLatencyMs) {
      await sleep(this.faults.faults.iamLatencyMs);
    }
    const reply = await found.route.handle(call);
    if (after === 'lostResponse') {
      this.cut(req);
      return;
    }
    if (after === 'trickle') {
      return writeTrickle(res, reply.status, JSON.stringify(reply.body), this.faults.faults.trickleIntervalMs);
    }
    if (after === 'replacedAnswer') {
      await writeBadBody(res, 'portal');
      return;
    }
    sendJson(res, reply.status, reply.body, reply.headers);
  }

  /** Applies the drawn fault; 'answered' when the request must go no further. */
  private async injectFault(req: IncomingMessage, res: ServerResponse): Promise<'answered' | 'lostResponse' | 'trickle' | 'replacedAnswer' | undefined> {
    const { kind, delayMs } = this.faults.decide();
    if (delayMs > 0) {
      await sleep(delayMs);
    }
    switch (kind) {
      case 'reset':
        this.cut(req);
        return 'answered';
      case 'error500':
        throw apiError(500, 'MSS.00000004', 'Internal Error');
      case 'error503':
        throw apiError(503, 'APIGW.0201', 'Backend unavailable');
      case 'error429':
        throw apiError(429, 'APIGW.0308', `The throttling threshold has been reached: policy user over ratelimit,limit:${this.gateway.rateLimit || 10},time:1 second`);
      case 'badBody':
        await writeBadBody(res, this.faults.faults.badBodyKind);
        return 'answered';
      default:
        return kind;
    }
  }

  private async handleObs(req: IncomingMessage, res: ServerResponse, rawPath: string, rawQuery: string, id: string): Promise<void> {
    this.obs.resetAfterBytes = this.faults.faults.obsResetAfterBytes;
    this.obs.stallAfterBytes = this.faults.faults.obsStallAfterBytes;
    this.obs.bytesPerSecond = this.faults.faults.obsBytesPerSecond;
    this.obsPuts += 1;
    if (this.faults.faults.obsEarlyAnswer) {
      return writeEarlyAnswer(req, res, this.faults.faults.obsEarlyAnswer, id, () => (this.resets += 1));
    }
    if (this.faults.obsUnavailable()) {
      const retryAfter = this.faults.faults.obsRetryAfterSeconds;
      if (retryAfter !== undefined) {
        res.setHeader('Retry-After', String(retryAfter));
      }
      return obsError(req, res, 503, 'SlowDown', 'Please reduce your request rate.', id);
    }
    let loseResponse = false;
    if (this.faults.faults.obs) {
      const { kind, delayMs } = this.faults.decide();
      await sleep(delayMs);
      switch (kind) {
        case 'reset':
          return this.cut(req);
        case 'error500':
          return obsError(req, res, 500, 'InternalError', 'We encountered an internal error. Please try again.', id);
        case 'error503':
          return obsError(req, res, 503, 'ServiceUnavailable', 'Please reduce your request rate.', id);
        case 'error429':
          return obsError(req, res, 503, 'SlowDown', 'Please reduce your request rate.', id);
        case 'badBody':
          return writeBadBody(res, this.faults.faults.badBodyKind);
        case 'lostResponse':
          loseResponse = true;
      }
    }
    if (new URLSearchParams(rawQuery).has('partNumber')) {
      return this.largeFiles.handlePart(req, res, rawPath, rawQuery, id, this.faults.faults, () => (this.resets += 1), loseResponse);
    }
    this.obs.handle(req, res, rawPath, rawQuery, id, loseResponse);
  }

  private cut(req: IncomingMessage): void {
    this.resets += 1;
    req.socket.destroy();
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new EmulatorServer(options);
  await emulator.listen(options.port ?? 0);
  return emulator;
}

/** Throws the problem, if any, as an AdminInputError (a 400 on the admin API). */
function refuse(problem: string | undefined): void {
  if (problem) {
    throw new AdminInputError(problem);
  }
}

/** The answer to this call is never written: the first try calls `onHeld`, and the connection stays open until the caller goes. */
function withheld(res: ServerResponse, onHeld: () => void): void {
  let held = false;
  const hold = () => {
    if (!held) {
      held = true;
      onHeld();
    }
  };
  res.writeHead = (() => (hold(), res)) as typeof res.writeHead;
  res.write = (() => (hold(), true)) as typeof res.write;
  res.end = (() => (hold(), res)) as typeof res.end;
}
