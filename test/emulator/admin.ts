// The admin API, for tests driving an emulator in another process. No authentication: it is only
// reachable from loopback, and it never sees faults, rate limits or the counters.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bulkSeedProblem } from './bulk';
import { readBody, sendJson } from './http';
import { seedProblem, type SeedAsset } from './seedAssets';
import type { Emulator } from './server';
import { REVIEW_MODES, type Faults, type ReviewMode } from './types';

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

export async function handleAdmin(emulator: Emulator, req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
  if (!LOOPBACK.includes(req.socket.remoteAddress ?? '')) {
    return sendJson(res, 403, { error: 'The admin API answers loopback only.' });
  }
  const route = `${req.method} ${rawPath}`;
  if (route === 'GET /__admin/state') {
    const rss = process.memoryUsage().rss; // lets a test in another process watch the emulator's memory
    return sendJson(res, 200, { serverTime: new Date(emulator.now()).toISOString(), rss, state: emulator.state, counters: emulator.counters });
  }
  let body: Record<string, unknown>;
  try {
    const text = (await readBody(req)).toString('utf8');
    body = text ? JSON.parse(text) : {};
  } catch {
    return sendJson(res, 400, { error: 'The body must be JSON.' });
  }
  const number = (key: string): number | undefined => (typeof body[key] === 'number' ? (body[key] as number) : undefined);
  switch (route) {
    case 'POST /__admin/faults':
      emulator.setFaults(body as Faults);
      break;
    case 'POST /__admin/clock':
      if (number('offsetMs') === undefined) {
        return sendJson(res, 400, { error: 'Send {"offsetMs": <number>}.' });
      }
      emulator.setClockOffset(number('offsetMs')!);
      break;
    case 'POST /__admin/rate-limit':
      if (number('perSecond') === undefined) {
        return sendJson(res, 400, { error: 'Send {"perSecond": <number>} (0 turns it off).' });
      }
      emulator.setRateLimit(number('perSecond')!);
      break;
    case 'POST /__admin/reset':
      if (body.seed !== undefined && body.seed !== 'demo' && body.seed !== 'none') {
        return sendJson(res, 400, { error: 'seed must be "demo" or "none".' });
      }
      emulator.reset(body.seed as 'demo' | 'none' | undefined);
      break;
    case 'POST /__admin/seed-bulk': {
      // {assets, filesPerAsset, uploaded[, projectId]}: answers the new files' ids.
      const problem = bulkSeedProblem(body) ?? (body.projectId !== undefined && typeof body.projectId !== 'string' ? 'projectId must be a string.' : undefined);
      if (problem) {
        return sendJson(res, 400, { error: problem });
      }
      return sendJson(res, 200, { files: emulator.seedBulk(body as { assets: number; filesPerAsset: number; uploaded: boolean; projectId?: string }) });
    }
    case 'POST /__admin/seed-assets': {
      // {assets: SeedAsset[], projectId?}: answers [{asset_id, file_ids}] in the same order.
      const assets = body.assets as Record<string, unknown>[] | undefined;
      const problem = !Array.isArray(assets) ? 'Send {"assets": [{asset_name, asset_type, asset_state?, files?: [...]}]}.' : assets.map((a) => seedProblem(a ?? {})).find(Boolean);
      if (problem) {
        return sendJson(res, 400, { error: problem });
      }
      return sendJson(res, 200, { assets: emulator.seedAssets(assets as unknown as SeedAsset[], body.projectId as string | undefined) });
    }
    case 'POST /__admin/asset':
    case 'POST /__admin/file': {
      // {asset_id, ...fields} or {file_id, ...fields}: sets those fields as they are.
      const { asset_id: assetId, file_id: fileId, ...patch } = body;
      const problem = seedProblem(patch);
      const found = problem === undefined && (route.endsWith('asset') ? emulator.patchAsset(String(assetId), patch) : emulator.patchFile(String(fileId), patch));
      if (!found) {
        return sendJson(res, problem ? 400 : 404, { error: problem ?? 'No such asset or file.' });
      }
      break;
    }
    case 'POST /__admin/review':
      if (!REVIEW_MODES.includes(body.mode as ReviewMode)) {
        return sendJson(res, 400, { error: `Send {"mode": ${REVIEW_MODES.map((m) => `"${m}"`).join(' | ')}}.` });
      }
      emulator.setReview(body.mode as ReviewMode);
      break;
    default:
      return sendJson(res, 404, { error: `No admin route ${route}.` });
  }
  sendJson(res, 200, { ok: true });
}
