// Row 8: a full listing of an account of 10,000 assets in mixed states (CREATING, FAILED, UNACTIVED,
// ACTIVED in turn), 2,500 of them with a pending file: PendingUploads.refresh() through our client
// at its defaults (a budget per API at the published limits), on a fresh client, budgets and model
// each time, against an emulator enforcing cn-north-4's per-API limits (`--api-rate-limits`). Wall
// time, ListAssets calls, and the time until the first rows show (the model's first change with
// files), against the floor: the calls at the region's ListAssets limit (20/s in cn-north-4, research §6).
import { MetaStudioClient } from '../src/client/metastudio';
import { RateBudgets } from '../src/client/rateLimit';
import { apiRate } from '../src/client/regions';
import { PendingUploads } from '../src/pending/model';
import { clientOptions, EmulatorProcess } from './emulator';
import { command, ratios, sleep, stat, type BenchOutcome } from './harness';

const ASSETS = 10_000;
const PENDING = 2_500;
const REPETITIONS = Number(process.env.BENCH_LISTING_RUNS) || 3;
const REGION = 'cn-north-4';
/** ListAssets' limit per tenant in cn-north-4 (research notes, huawei-api.md §6): 20/s. */
const LIST_ASSETS_PER_SECOND = apiRate(REGION, 'ListAssets');

export async function run(): Promise<BenchOutcome> {
  const emulator = await EmulatorProcess.start(['--api-rate-limits', REGION]);
  try {
    const seeded = await emulator.seedBulk(ASSETS, 1, false, true);
    if (seeded.length !== PENDING) {
      throw new Error(`seeded ${seeded.length} pending files, not ${PENDING}`);
    }
    const t = { wallMs: [] as number[], firstRowsMs: [] as number[], calls: [] as number[], floorMs: [] as number[] };
    for (let i = 0; i < REPETITIONS; i++) {
      // The emulator's window still holds the last run's calls, which fresh budgets know nothing of.
      await sleep(1100);
      let calls = 0;
      const client = new MetaStudioClient({ ...clientOptions(emulator.url, undefined), region: REGION, budgets: new RateBudgets(REGION), onEvent: (e) => e.type === 'call' && e.operation === 'ListAssets' && calls++ });
      const model = new PendingUploads();
      let firstRows = NaN;
      const started = performance.now();
      const watch = model.onDidChange(() => {
        if (Number.isNaN(firstRows) && model.count > 0) {
          firstRows = performance.now() - started;
        }
      });
      await model.refresh(client);
      t.wallMs.push(performance.now() - started);
      watch.dispose();
      await client.close();
      if (model.count !== PENDING) {
        throw new Error(`the listing shows ${model.count} pending files, not ${PENDING}`);
      }
      t.firstRowsMs.push(firstRows);
      t.calls.push(calls);
      t.floorMs.push((calls / LIST_ASSETS_PER_SECOND) * 1000);
    }
    const throttled = (await emulator.counters()).throttled;
    const floor = { name: `floor: calls ÷ ${LIST_ASSETS_PER_SECOND}/s`, stat: stat(t.floorMs) };
    const common = { bench: 'listing', unit: 'ms', command: command('listing') };
    return {
      lines: [
        {
          ...common,
          what: `Full listing, ${ASSETS.toLocaleString('en')} assets in mixed states, ${PENDING.toLocaleString('en')} pending files, emulator enforcing the per-API limits of ${REGION}, our client at its defaults`,
          ours: stat(t.wallMs),
          comparisons: [floor],
          ratios: [{ name: 'ours/floor', stat: stat(ratios(t.wallMs, t.floorMs)) }],
          goal: '≤ 1.15 × the floor',
          met: stat(ratios(t.wallMs, t.floorMs)).median <= 1.15,
          note: `ListAssets calls: ${stat(t.calls).median} (100 a page, pages overlapping by one asset); 429 answers in all ${REPETITIONS} runs: ${throttled}`,
        },
        {
          ...common,
          what: 'Time to the first rows of that listing',
          ours: stat(t.firstRowsMs),
          comparisons: [],
          ratios: [],
          goal: '≤ 1,000 ms',
          met: stat(t.firstRowsMs).median <= 1000,
          note: 'the first change of the model with a pending file, from the start of the refresh',
        },
      ],
    };
  } finally {
    await emulator.stop();
  }
}
