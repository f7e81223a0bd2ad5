// The admin API, for tests driving an emulator in another process. No authentication: it is only
// reachable from loopback, and it never sees faults, rate limits or the counters. A request it cannot
// take gets a 400 naming the key or value; nothing a test sends here can stop the emulator.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http';
import type { SeedAsset } from './seedAssets';
import { RATE_REGIONS, type RateRegion } from './rates';
import type { Emulator } from './server';
import { AdminInputError, type Faults, type ReviewMode, type Seed } from './types';

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/** The keys each route's body takes (the patch routes' fields are checked by patchProblem, the faults by faultsProblem). */
const KEYS: Record<string, readonly string[] | undefined> = {
  'POST /__admin/clock': ['offsetMs'],
  'POST /__admin/rate-limit': ['perSecond', 'perApi'],
  'POST /__admin/reset': ['seed'],
  'POST /__admin/seed-bulk': ['assets', 'filesPerAsset', 'uploaded', 'mixed', 'projectId'],
  'POST /__admin/seed-assets': ['assets', 'projectId'],
  'POST /__admin/review': ['mode'],
};

export async function handleAdmin(emulator: Emulator, req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
  try {
    await route(emulator, req, res, rawPath);
  } catch (e) {
    if (!res.headersSent) {
      sendJson(res, e instanceof AdminInputError ? 400 : 500, { error: e instanceof Error ? e.message : String(e) });
    }
  }
}

async function route(emulator: Emulator, req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
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
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return sendJson(res, 400, { error: 'The body must be a JSON object.' });
  }
  const unknown = Object.keys(body).find((key) => KEYS[route] && !KEYS[route].includes(key));
  if (unknown !== undefined) {
    return sendJson(res, 400, { error: `${route} takes no key "${unknown}"; it takes ${KEYS[route]!.join(', ')}.` });
  }
  switch (route) {
    case 'POST /__admin/faults':
      emulator.setFaults(body as Faults);
      break;
    case 'POST /__admin/clock':
      if (typeof body.offsetMs !== 'number') {
        return sendJson(res, 400, { error: 'Send {"offsetMs": <number>}.' });
      }
      emulator.setClockOffset(body.offsetMs);
      break;
    case 'POST /__admin/rate-limit':
      if (typeof body.perSecond !== 'number' || (body.perApi !== undefined && !RATE_REGIONS.includes(body.perApi as RateRegion))) {
        return sendJson(res, 400, { error: `Send {"perSecond": <number>} (0 turns it off), and optionally "perApi": one of ${RATE_REGIONS.join(', ')} for each API's published limit there.` });
      }
      emulator.setRateLimit(body.perSecond, body.perApi as RateRegion | undefined);
      break;
    case 'POST /__admin/reset':
      emulator.reset(body.seed as Seed | undefined);
      break;
    case 'POST /__admin/seed-bulk':
      // {assets, filesPerAsset, uploaded[, mixed][, projectId]}: answers the new pending files' ids.
      return sendJson(res, 200, { files: emulator.seedBulk(body as { assets: number; filesPerAsset: number; uploaded: boolean; mixed?: boolean; projectId?: string }) });
    case 'POST /__admin/seed-assets':
      // {assets: SeedAsset[], projectId?}: answers [{asset_id, file_ids}] in the same order.
      return sendJson(res, 200, { assets: emulator.seedAssets(body.assets as SeedAsset[], body.projectId as string | undefined) });
    case 'POST /__admin/asset':
    case 'POST /__admin/file': {
      // {asset_id, ...fields} or {file_id, ...fields}: sets those fields as they are.
      const idKey = route.endsWith('asset') ? 'asset_id' : 'file_id';
      const { [idKey]: id, ...patch } = body;
      if (typeof id !== 'string') {
        return sendJson(res, 400, { error: `Send {"${idKey}": <string>, ...fields}.` });
      }
      if (!(idKey === 'asset_id' ? emulator.patchAsset(id, patch) : emulator.patchFile(id, patch))) {
        return sendJson(res, 404, { error: `No such ${idKey === 'asset_id' ? 'asset' : 'file'} ${id}.` });
      }
      break;
    }
    case 'POST /__admin/review':
      emulator.setReview(body.mode as ReviewMode);
      break;
    default:
      return sendJson(res, 404, { error: `No admin route ${route}.` });
  }
  sendJson(res, 200, { ok: true });
}
