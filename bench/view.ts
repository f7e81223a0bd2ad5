// Row 7: 10,000 pending files (2,500 assets × 4 files) on an emulator without rate limit. The
// first full listing: our listAllAssets with the view's query (PENDING_QUERY) through PendingUploads.refresh()
// with a fresh client each time; then PendingTreeProvider.getChildren for the root and every asset.
// In plain Node (the tree with the stub vscode) and in the real host (the extension's own model
// and tree, after a real activation).
import { MetaStudioClient } from '../src/client/metastudio';
import type { DigitalAssetInfo } from '../src/client/types';
import { clientOptions, EmulatorProcess } from './emulator';
import { command, stat, type BenchOutcome, type ResultLine } from './harness';
import { timeTreeWalk, type ViewTimes } from './treeWalk';
import { hostAvailable, hostDir, layOutOurs, runHost } from './hostRun';
import { installVscodeStub } from './stubVscode';

const ASSETS = 2500;
const FILES_PER_ASSET = 4;
const REPETITIONS = 5;

async function inNode(url: string, emulator: EmulatorProcess): Promise<ViewTimes & { emulatorCpuMs: number[] }> {
  installVscodeStub();
  const { PendingUploads } = await import('../src/pending/model');
  const { PendingTreeProvider } = await import('../src/tree/pendingTree');
  const times = { refreshMs: [] as number[], buildMs: [] as number[], childrenMs: [] as number[], treeItemsMs: [] as number[], emulatorCpuMs: [] as number[], assets: 0, files: 0 };
  for (let i = 0; i < REPETITIONS; i++) {
    const model = new PendingUploads();
    const tree = new PendingTreeProvider(model);
    const client = new MetaStudioClient(clientOptions(url, 0));
    let listed: DigitalAssetInfo[] = [];
    const cpu = emulator.cpuMs();
    const started = performance.now();
    await model.refresh({ listAllAssets: async (query, signal) => (listed = await client.listAllAssets(query, signal)) });
    times.refreshMs.push(performance.now() - started);
    times.emulatorCpuMs.push(emulator.cpuMs() - cpu);
    await client.close();
    const building = performance.now();
    await model.refresh({ listAllAssets: async () => listed });
    times.buildMs.push(performance.now() - building);
    timeTreeWalk(tree, times);
  }
  return times;
}

function lines(where: string, t: ViewTimes, extra = ''): ResultLine[] {
  if (t.files !== ASSETS * FILES_PER_ASSET) {
    throw new Error(`${where}: the view shows ${t.files} files, not ${ASSETS * FILES_PER_ASSET}`);
  }
  const refresh = stat(t.refreshMs);
  const children = stat(t.childrenMs);
  return [
    {
      bench: 'view',
      what: `First full listing of 10,000 pending files (${ASSETS} assets × ${FILES_PER_ASSET}), ${where}`,
      unit: 'ms',
      ours: refresh,
      comparisons: [],
      ratios: [],
      goal: '≤ 2,000 ms',
      met: refresh.median <= 2000,
      command: command('view'),
      note: `listAllAssets (${Math.ceil(ASSETS / 100)} pages of 100, 4 at a time) + PendingUploads.refresh(); of which building the model: ${stat(t.buildMs).median.toFixed(1)} ms${extra}`,
    },
    {
      bench: 'view',
      what: `getChildren for the root and all ${ASSETS} assets, ${where}`,
      unit: 'ms',
      ours: children,
      comparisons: [],
      ratios: [],
      goal: '≤ 50 ms',
      met: children.median <= 50,
      command: command('view'),
      note: `and getTreeItem for all ${ASSETS + ASSETS * FILES_PER_ASSET} nodes: ${stat(t.treeItemsMs).median.toFixed(1)} ms (median)`,
    },
  ];
}

export async function run(): Promise<BenchOutcome> {
  const emulator = await EmulatorProcess.start();
  try {
    await emulator.seedBulk(ASSETS, FILES_PER_ASSET, false);
    const node = await inNode(emulator.url, emulator);
    const result = lines('plain Node (tree with stub vscode)', node, `; emulator CPU during the listing: ${stat(node.emulatorCpuMs).median.toFixed(0)} ms`);
    const missing = hostAvailable();
    if (missing) {
      console.log(`no VS Code host here (${missing}): the real-host figure is left out`);
      return { lines: result };
    }
    const { dir, cleanup } = hostDir();
    try {
      const ours = layOutOurs(dir);
      const found = await runHost(dir, ours.root, { BENCH_EXTENSION_ID: ours.id, BENCH_EMULATOR_URL: emulator.url, BENCH_VIEW_RUNS: String(REPETITIONS) });
      const host = found.find((r) => r.kind === 'view') as unknown as ViewTimes | undefined;
      if (!host) {
        throw new Error('the bench host reported no view figures');
      }
      return { lines: [...result, ...lines("real host (the extension's own model and tree)", host)] };
    } finally {
      cleanup();
    }
  } finally {
    await emulator.stop();
  }
}
