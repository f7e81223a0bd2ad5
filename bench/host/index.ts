// The extensionTestsPath module of the bench host: loaded by a real VS Code extension host
// (code-server) before anything has activated our extension, it times activate() of the extension
// named in BENCH_EXTENSION_ID and, when BENCH_EMULATOR_URL is set, the pending-uploads view over
// that emulator. Results go out as `__bench__ {json}` log lines.
import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MetaStudioClient as Client } from '../../src/client/metastudio';
import type { ExtensionApi } from '../../src/extension';
import { DEMO_ACCOUNT } from '../../test/emulator/demo';
import { timeTreeWalk, type ViewTimes } from '../treeWalk';
import { BENCH_MARKER } from './marker';

const report = (result: object) => console.log(BENCH_MARKER + JSON.stringify(result));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function view(api: ExtensionApi, url: string, runs: number): Promise<ViewTimes> {
  // The project's compiled client (plain Node), not a second copy: a require at run time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MetaStudioClient } = require(path.join(process.env.BENCH_ROOT!, 'out/src/client/metastudio')) as { MetaStudioClient: typeof Client };
  const { model, view } = api.services;
  const times: ViewTimes = { refreshMs: [], buildMs: [], childrenMs: [], treeItemsMs: [], assets: 0, files: 0 };
  for (let i = 0; i < runs; i++) {
    const client = new MetaStudioClient({ endpoint: url, iamEndpoint: url, region: DEMO_ACCOUNT.region, projectId: DEMO_ACCOUNT.projectId, credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk }, rateLimitPerSecond: 0 });
    let listed: Awaited<ReturnType<Client['listAllAssets']>> = [];
    const started = performance.now();
    await model.refresh({ listAllAssets: async (query, signal) => (listed = await client.listAllAssets(query, signal)) });
    times.refreshMs.push(performance.now() - started);
    await client.close();

    const building = performance.now();
    await model.refresh({ listAllAssets: async () => listed });
    times.buildMs.push(performance.now() - building);

    timeTreeWalk(view.tree, times);
  }
  return times;
}

export async function run(): Promise<void> {
  try {
    const id = process.env.BENCH_EXTENSION_ID ?? '';
    const extension = vscode.extensions.getExtension(id);
    if (!extension) {
      throw new Error(`extension ${id} is not installed in this host`);
    }
    const wasActive = extension.isActive;
    await sleep(Number(process.env.BENCH_SETTLE_MS) || 3000); // let the workbench finish starting
    // BENCH_HOST_PROFILE=x.cpuprofile writes x-<extension id>.cpuprofile: where the activation went (the last start's).
    const profile = process.env.BENCH_HOST_PROFILE?.replace(/(\.cpuprofile)?$/, `-${id}.cpuprofile`);
    const session = profile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
    }
    const started = performance.now();
    const api = (await extension.activate()) as ExtensionApi | undefined;
    const activationMs = performance.now() - started;
    if (session && profile) {
      fs.writeFileSync(profile, JSON.stringify((await session.post('Profiler.stop')).profile));
      session.disconnect();
    }
    report({ kind: 'activation', id, wasActive, activationMs, node: process.version });
    const url = process.env.BENCH_EMULATOR_URL;
    if (url && api) {
      report({ kind: 'view', ...(await view(api, url, Number(process.env.BENCH_VIEW_RUNS) || 5)) });
    }
  } catch (error) {
    report({ kind: 'error', message: error instanceof Error ? error.stack : String(error) });
  }
}
