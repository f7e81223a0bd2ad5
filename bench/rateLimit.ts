// Row 3: 200 confirms against an emulator that enforces MetaStudio's per-API limits for cn-north-4
// (`--api-rate-limits cn-north-4`: ConfirmFileUpload 10/s), our client at its defaults (a budget per
// API at the same published limits) and concurrency 16. The floor is the limit itself: 200 calls at
// 10/s take 20 s (19.9 s from the first call to the last, plus the answers). 429s from the emulator's counters.
import { MetaStudioClient } from '../src/client/metastudio';
import { RateBudgets } from '../src/client/rateLimit';
import { apiRate } from '../src/client/regions';
import { clientOptions, EmulatorProcess } from './emulator';
import { command, stat, type BenchOutcome } from './harness';

const FILES = 200;
const REGION = 'cn-north-4';
const RATE = apiRate(REGION, 'ConfirmFileUpload');
const CONCURRENCY = 16;
const REPETITIONS = Number(process.env.BENCH_RATELIMIT_RUNS) || 3;

export async function run(): Promise<BenchOutcome> {
  const emulator = await EmulatorProcess.start(['--api-rate-limits', REGION]);
  const walls: number[] = [];
  const throttled: number[] = [];
  const retries: number[] = [];
  try {
    for (let rep = 0; rep < REPETITIONS; rep++) {
      await emulator.reset();
      const files = await emulator.seedBulk(FILES, 1, true);
      let attempts = 0;
      // Fresh budgets each repetition: the last one's answers must not hold this one's first second.
      const client = new MetaStudioClient({ ...clientOptions(emulator.url, undefined), region: REGION, budgets: new RateBudgets(REGION), onEvent: (e) => void (e.type === 'call' && (attempts += 1)) });
      const started = performance.now();
      const results = await client.confirmFileUploads(files.map((f) => ({ fileId: f.file_id, assetId: f.asset_id })), 'CREATED', { concurrency: CONCURRENCY });
      walls.push((performance.now() - started) / 1000);
      await client.close();
      const failed = results.filter((r) => !r.ok).length;
      if (failed > 0) {
        throw new Error(`${failed} of ${FILES} confirms failed`);
      }
      throttled.push((await emulator.counters()).throttled);
      retries.push(attempts - FILES);
    }
  } finally {
    await emulator.stop();
  }
  const wall = stat(walls);
  const most429 = Math.max(...throttled);
  return {
    lines: [
      {
        bench: 'ratelimit',
        what: `Wall time of ${FILES} confirms, emulator enforcing the per-API limits of ${REGION} (ConfirmFileUpload ${RATE}/s), our client at its defaults, concurrency ${CONCURRENCY}`,
        unit: 's',
        ours: wall,
        comparisons: [{ name: 'the limit itself', stat: stat([FILES / RATE]) }],
        ratios: [{ name: 'ours/limit', stat: stat(walls.map((w) => w / (FILES / RATE))) }],
        goal: '≤ 1.05 × the limit and zero 429',
        met: wall.max <= 1.05 * (FILES / RATE) && most429 === 0,
        command: command('ratelimit'),
        note: `429 answers per run: ${throttled.join(', ')}; attempts beyond one per file: ${retries.join(', ')}`,
      },
    ],
  };
}
