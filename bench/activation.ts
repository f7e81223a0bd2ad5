// Row 6: activation. In the real host (code-server's extension host), the time of
// `extensions.getExtension(id).activate()` for our production bundle against a do-nothing
// extension, one first activation per host start. In plain Node with a stub `vscode`, require()
// and activate() of the same bundles in fresh processes, as a second, labelled figure.
// And the size of dist/extension.js built by `node esbuild.js --production`.
import * as fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { ActivateOutput } from './activateWorker';
import { command, inChild, interleaved, ratios, stat, type BenchOutcome, type ResultLine } from './harness';
import { hostAvailable, hostDir, layOutNoop, layOutOurs, runHost } from './hostRun';

const HOST_RUNS = Number(process.env.BENCH_HOST_RUNS) || 3;
const NODE_RUNS = 10;

export async function run(): Promise<BenchOutcome> {
  const { dir, cleanup } = hostDir();
  try {
    const extensions = { ours: layOutOurs(dir), noop: layOutNoop(dir) };
    const lines: ResultLine[] = [];

    const missing = hostAvailable();
    if (missing) {
      console.log(`no VS Code host here (${missing}): the real-host figure is left out`);
    } else {
      const host = await interleaved(HOST_RUNS, ['ours', 'noop'] as const, async (which) => {
        const [result] = await runHost(dir, extensions[which].root, { BENCH_EXTENSION_ID: extensions[which].id });
        if (result.wasActive) {
          throw new Error(`${extensions[which].id} was already active when the bench module loaded`);
        }
        return result.activationMs as number;
      });
      lines.push({
        bench: 'activation',
        what: 'First activate() in the real host (code-server extension host), production bundle',
        unit: 'ms',
        ours: stat(host.ours),
        comparisons: [{ name: 'do-nothing extension', stat: stat(host.noop) }],
        ratios: [{ name: 'ours/do-nothing', stat: stat(ratios(host.ours, host.noop)) }],
        goal: 'ours ≤ 1.5× the do-nothing extension',
        met: stat(ratios(host.ours, host.noop)).median <= 1.5,
        command: command('activation'),
        note: `extensions.getExtension(id).activate(): loading the bundle + activate() + the host's bookkeeping; one cold activation per host start, ${HOST_RUNS} starts each`,
      });
    }

    const node = await interleaved(NODE_RUNS, ['ours', 'noop'] as const, (which) => inChild<ActivateOutput>('activateWorker.js', { bundle: extensions[which].bundle }));
    const total = (r: ActivateOutput) => r.requireMs + r.activateMs;
    const ours = node.ours.map(total);
    lines.push(
      {
        bench: 'activation',
        what: 'require() + activate() of the production bundle, plain Node, stub vscode',
        unit: 'ms',
        ours: stat(ours),
        comparisons: [{ name: 'do-nothing extension', stat: stat(node.noop.map(total)) }],
        ratios: [{ name: 'ours/do-nothing', stat: stat(ratios(ours, node.noop.map(total))) }],
        goal: 'reported (the real host is the goal\'s measure)',
        command: command('activation'),
        note: `fresh process each time; of which require(): ${stat(node.ours.map((r) => r.requireMs)).median.toFixed(1)} ms, activate(): ${stat(node.ours.map((r) => r.activateMs)).median.toFixed(1)} ms (medians)`,
      },
      {
        bench: 'activation',
        what: 'Size of dist/extension.js, `node esbuild.js --production`',
        unit: 'KiB',
        ours: stat([fs.statSync(extensions.ours.bundle).size / 1024]),
        comparisons: [],
        ratios: [],
        goal: 'reported',
        command: command('activation'),
        note: `gzip: ${(gzipSync(fs.readFileSync(extensions.ours.bundle)).length / 1024).toFixed(0)} KiB; beside it dist/lazy.js, loaded on the first command or call: ${(fs.statSync(extensions.ours.bundle.replace(/extension\.js$/, 'lazy.js')).size / 1024).toFixed(1)} KiB`,
      },
    );
    return { lines };
  } finally {
    cleanup();
  }
}
