// Row 3: 200 confirms against an emulator that enforces 10 calls/s per project (`--rate-limit 10`),
// our client limited to 10/s at concurrency 16. The floor is the limit itself: 200 calls at 10/s
// take 20 s (19.9 s from the first call to the last, plus the answers). 429s from the emulator's counters.
import { MetaStudioClient } from '../src/client/metastudio';
import { clientOptions, EmulatorProcess } from './emulator';
import { command, stat, type BenchOutcome } from './harness';

const FILES = 200;
const RATE = 10;
const CONCURRENCY = 16;
const REPETITIONS = Number(process.env.BENCH_RATELIMIT_RUNS) || 3;

export async function run(): Promise<BenchOutcome> {
  const emulator = await EmulatorProcess.start(['--rate-limit', String(RATE)]);
  const walls: number[] = [];
  const throttled: number[] = [];
  const retries: number[] = [];
  try {
    for (let rep = 0; rep < REPETITIONS; rep++) {
      await emulator.reset();
      const files = await emulator.seedBulk(FILES, 1, true);
      let attempts = 0;
      const client = new MetaStudioClient({ ...clientOptions(emulator.url, RATE), onEvent: (e) => void (e.type === 'call' && (attempts += 1)) });
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
        what: `Wall time of ${FILES} confirms, emulator enforcing ${RATE}/s, our client at ${RATE}/s, concurrency ${CONCURRENCY}`,
        unit: 's',
        ours: wall,
        comparisons: [{ name: 'the limit itself', stat: stat([FILES / RATE]) }],
        ratios: [{ name: 'ours/limit', stat: stat(walls.map((w) => w / (FILES / RATE))) }],
        goal: '≤ 21 s and zero 429',
        met: wall.max <= 21 && most429 === 0,
        command: command('ratelimit'),
        note: `429 answers per run: ${throttled.join(', ')}; attempts beyond one per file: ${retries.join(', ')}`,
      },
    ],
  };
}
