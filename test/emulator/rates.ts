// The gateway's per-API limits, as MetaStudio publishes them: calls per second per tenant in
// CN North-Beijing4, half of that in CN East-Shanghai1 and AP-Singapore (product description,
// "Constraints", metastudio_01_0010). The emulator keeps its own copy of the table, keyed by route,
// so that a wrong figure in the client's table shows as a 429 in the tests.

/** By route: `METHOD /path` as in the emulator's routes. */
const CN_NORTH_4: Record<string, number> = {
  'GET /v1/:project_id/digital-assets': 20,
  'GET /v1/:project_id/digital-assets/:asset_id': 20,
  'POST /v1/:project_id/digital-assets': 10,
  'DELETE /v1/:project_id/digital-assets/:asset_id': 10,
  'POST /v1/:project_id/files': 10,
  'POST /v1/:project_id/large-files': 10,
  'POST /v1/:project_id/files/:file_id/complete': 10,
  'DELETE /v1/:project_id/files/:file_id': 10,
};

export const RATE_REGIONS = ['cn-north-4', 'cn-east-3', 'ap-southeast-3'] as const;
export type RateRegion = (typeof RATE_REGIONS)[number];

/** Calls per second a route allows in `region`; undefined for a route without a published limit. */
export function publishedRate(region: RateRegion, method: string, path: string): number | undefined {
  const limit = CN_NORTH_4[`${method} ${path}`];
  return limit === undefined ? undefined : region === 'cn-north-4' ? limit : limit / 2;
}
