// Runs bench/host in a real VS Code extension host: code-server + headless Chromium, through the
// same runner as the integration tests. Each extension under test is laid out in a folder of its
// own under the temp dir (the host loads exactly one development extension).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runInCodeServer } from '../test/integration/codeServerHost';
import { BENCH_MARKER } from './host/marker';
import { OUT, ROOT } from './harness';

export interface HostResult {
  kind: string;
  [key: string]: unknown;
}

/** A temp folder for the host runs; removed by `cleanup`. */
export function hostDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-bench-host-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 }) };
}

/** Our extension as users get it: package.json, its strings (package.nls*, l10n/), media/, and `node esbuild.js --production` built there. */
export function layOutOurs(dir: string): { root: string; bundle: string; id: string } {
  const root = path.join(dir, 'ours');
  fs.mkdirSync(root);
  for (const name of fs.readdirSync(ROOT).filter((n) => /^package(\.nls(\.[\w-]+)?)?\.json$/.test(n))) {
    fs.copyFileSync(path.join(ROOT, name), path.join(root, name));
  }
  for (const folder of ['media', 'l10n'].filter((f) => fs.existsSync(path.join(ROOT, f)))) {
    fs.cpSync(path.join(ROOT, folder), path.join(root, folder), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'src'), path.join(root, 'src')); // esbuild follows it back to the project's node_modules
  const build = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.js'), '--production'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`node esbuild.js --production failed: ${build.stderr}`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { publisher: string; name: string };
  return { root, bundle: path.join(root, 'dist/extension.js'), id: `${pkg.publisher}.${pkg.name}` };
}

/** The do-nothing fixture extension. */
export function layOutNoop(dir: string): { root: string; bundle: string; id: string } {
  const root = path.join(dir, 'noop');
  fs.cpSync(path.join(ROOT, 'bench/fixtures/noop'), root, { recursive: true });
  return { root, bundle: path.join(root, 'extension.js'), id: 'metastudio-bench.noop' };
}

/** Installs the host when missing, with its progress (a no-op once done), as the integration runner does. */
export function hostAvailable(): string | undefined {
  const setup = spawnSync(process.execPath, [path.join(ROOT, 'scripts/vscode-host/setup.js')], { stdio: 'inherit' });
  return setup.status === 0 ? undefined : `the VS Code host set-up (scripts/vscode-host/setup.js) failed with ${setup.status ?? setup.signal}`;
}

/** One host run with `root` as the development extension; resolves with the `__bench__` results it logged. */
export async function runHost(dir: string, root: string, env: Record<string, string>): Promise<HostResult[]> {
  const link = path.join(root, '.vscode-test-host');
  if (!fs.existsSync(link)) {
    fs.symlinkSync(path.join(ROOT, '.vscode-test-host'), link);
  }
  const runDir = fs.mkdtempSync(path.join(dir, 'run-'));
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace);
  const results: HostResult[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env, { BENCH_ROOT: ROOT }); // the host inherits the runner's environment
  try {
    const code = await runInCodeServer({
      root,
      testsPath: path.join(OUT, 'bench/host/index.js'),
      workspace,
      runDir,
      timeoutMs: 180_000,
      screenshotDir: path.join(dir, 'screenshots'),
      onLine: (line) => {
        const at = line.indexOf(BENCH_MARKER);
        if (at >= 0) {
          results.push(JSON.parse(line.slice(at + BENCH_MARKER.length)) as HostResult);
        }
      },
    });
    const error = results.find((r) => r.kind === 'error');
    if (code !== 0 || error) {
      throw new Error(`the bench host ${code !== 0 ? `exited with ${code}` : 'failed'}${error ? `: ${String(error.message)}` : ''}`);
    }
    return results;
  } finally {
    process.env = saved;
    fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  }
}
