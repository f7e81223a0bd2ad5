// Row: 200 small files uploaded into new assets (CreateDigitalAsset, CreateFile, the PUT,
// ConfirmFileUpload each) through `Uploader`, as the Upload command runs them (runBatch at the
// default `metastudio.concurrency`, 4), against an emulator enforcing MetaStudio's per-API limits for
// cn-north-4 (`--api-rate-limits cn-north-4`); our client at its defaults (a budget per API at the
// same published limits). The floor is the largest of calls ÷ limit over the APIs: 200 calls of each
// of the three at 10/s, 20 s. 429s from the emulator's counters.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runBatch } from '../src/client/batch';
import { MetaStudioClient } from '../src/client/metastudio';
import { RateBudgets } from '../src/client/rateLimit';
import { apiRate } from '../src/client/regions';
import { FileRecordStore, MemoryUrlVault } from '../src/pending/records';
import { Uploader } from '../src/pending/upload';
import { clientOptions, EmulatorProcess } from './emulator';
import { command, ratios, stat, type BenchOutcome } from './harness';

const FILES = 200;
const CONCURRENCY = 4;
const REGION = 'cn-north-4';
const REPETITIONS = Number(process.env.BENCH_UPLOADS_RUNS) || 3;
const APIS = ['CreateDigitalAsset', 'CreateFile', 'ConfirmFileUpload'];

export async function run(): Promise<BenchOutcome> {
  const emulator = await EmulatorProcess.start(['--api-rate-limits', REGION]);
  const dir = mkdtempSync(path.join(tmpdir(), 'ms-bench-uploads-'));
  const floorS = Math.max(...APIS.map((api) => FILES / apiRate(REGION, api)));
  const walls: number[] = [];
  const throttled: number[] = [];
  try {
    const files = Array.from({ length: FILES }, (_, i) => {
      const full = path.join(dir, `still-${String(i).padStart(3, '0')}.png`);
      writeFileSync(full, `a small image ${i} `.repeat(64));
      return full;
    });
    for (let rep = 0; rep < REPETITIONS; rep++) {
      await emulator.reset();
      // Fresh budgets each repetition: the last one's answers must not hold this one's first second.
      const client = new MetaStudioClient({ ...clientOptions(emulator.url, undefined), region: REGION, budgets: new RateBudgets(REGION) });
      const uploader = new Uploader(client, new FileRecordStore(path.join(dir, `records-${rep}`)), new MemoryUrlVault(), {});
      const started = performance.now();
      const results = await runBatch(files, (file) => uploader.upload(file, { kind: 'new', assetName: `bench ${rep} ${path.basename(file, '.png')}`, assetType: 'IMAGE' }), { concurrency: CONCURRENCY });
      walls.push((performance.now() - started) / 1000);
      await client.close();
      const failed = results.filter((r) => !r.ok || r.value.state !== 'CREATED').length;
      if (failed > 0) {
        throw new Error(`${failed} of ${FILES} uploads did not end CREATED`);
      }
      throttled.push((await emulator.counters()).throttled);
    }
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const wall = stat(walls);
  const ratio = stat(ratios(walls, walls.map(() => floorS)));
  return {
    lines: [
      {
        bench: 'uploads',
        what: `Wall time of ${FILES} small files uploaded into new assets (create asset, create file, PUT, confirm), emulator enforcing the per-API limits of ${REGION}, concurrency ${CONCURRENCY}`,
        unit: 's',
        ours: wall,
        comparisons: [{ name: 'floor: the largest of calls ÷ limit over the APIs', stat: stat([floorS]) }],
        ratios: [{ name: 'ours/floor', stat: ratio }],
        goal: '≤ 1.15 × the floor and zero 429',
        met: ratio.max <= 1.15 && Math.max(...throttled) === 0,
        command: command('uploads'),
        note: `429 answers per run: ${throttled.join(', ')}`,
      },
    ],
  };
}
