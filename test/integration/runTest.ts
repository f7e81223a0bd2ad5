// `node out/test/integration/runTest.js`: runs the integration suite (index.ts) in a real VS Code
// extension host, desktop VS Code when it can be had, else code-server + headless Chromium, and ends
// with a plain "N passed, N failed" line. Exit: 0 all passed, 1 failures or no result, 3 no host, 124 timeout.
import { spawnSync } from 'node:child_process';
import { promises as dns } from 'node:dns';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { runInCodeServer } from './codeServerHost';
import { RESULT_MARKER } from './markers';
import { knownSecrets, scanForSecrets, SECRET_MARKER } from './secretScan';

const root = path.resolve(__dirname, '../../..');
const testsPath = path.join(__dirname, 'index.js');
const timeoutMs = Number(process.env.TEST_TIMEOUT_MS) || 10 * 60_000;
const electronCache = path.join(root, '.vscode-test');
let result: { passed: number; failed: number; skipped?: number } | undefined;
/** Messages of the host that look like errors and are not known noise: a passing run has none. */
const unexpected: string[] = [];
const printed: string[] = [];
const secrets = knownSecrets();

function scan(line: string): void {
  printed.push(line);
  const marked = line.indexOf(SECRET_MARKER);
  if (marked >= 0) {
    secrets.push(line.slice(marked + SECRET_MARKER.length).trim());
  }
  const at = line.indexOf(RESULT_MARKER);
  if (at >= 0) {
    result = JSON.parse(line.slice(at + RESULT_MARKER.length));
  }
}

/** Where desktop VS Code's executable is, or undefined when the code-server host should run. */
async function desktopVSCode(): Promise<string | undefined> {
  const forced = process.env.VSCODE_TEST_HOST;
  if (forced === 'code-server') {
    return undefined;
  }
  if (forced !== 'electron') {
    const cached = fs.existsSync(electronCache) && fs.readdirSync(electronCache).some((name) => name.startsWith('vscode-'));
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
      console.log('no display: using code-server (VSCODE_TEST_HOST=electron forces desktop VS Code)');
      return undefined;
    }
    // A quick check, so that a machine without internet does not wait for the download to time out.
    const resolves = await Promise.race([dns.lookup('update.code.visualstudio.com').then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), 3000))]);
    if (!cached && !resolves) {
      console.log('VS Code cannot be downloaded here: using code-server');
      return undefined;
    }
  }
  try {
    return await downloadAndUnzipVSCode({ cachePath: electronCache, version: process.env.VSCODE_VERSION ?? 'stable' });
  } catch (err) {
    if (forced === 'electron') {
      throw err;
    }
    console.log(`VS Code download failed (${err}): using code-server`);
    return undefined;
  }
}

async function runInDesktop(vscodeExecutablePath: string, workspace: string, runDir: string): Promise<number> {
  // test-electron copies the host's output to our stdout/stderr: read the marker line from there.
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    let pending = '';
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const lines = (pending + String(chunk)).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(scan);
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  delete process.env.UI_REPLY_DIR; // ui() is only for the code-server host: tests skip
  const launchArgs = [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', `--user-data-dir=${path.join(runDir, 'user-data')}`];
  if (process.getuid?.() === 0) {
    launchArgs.push('--no-sandbox'); // Electron refuses to run as root with its sandbox
  }
  const run = runTests({ vscodeExecutablePath, extensionDevelopmentPath: root, extensionTestsPath: testsPath, launchArgs }).then(() => 0, (err) => {
    console.log(`VS Code: ${err}`);
    return 1;
  });
  const timedOut = new Promise<number>((resolve) => setTimeout(() => {
    console.log(`timed out after ${timeoutMs} ms (TEST_TIMEOUT_MS)`);
    resolve(124);
  }, timeoutMs).unref());
  return Promise.race([run, timedOut]);
}

async function main(): Promise<number> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-host-'));
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace);
  let code: number;
  try {
    const desktop = await desktopVSCode();
    if (desktop) {
      code = await runInDesktop(desktop, workspace, runDir);
    } else {
      // Prints its progress on stderr, which the test runner does not hold back; a no-op once done.
      const setup = spawnSync(process.execPath, [path.join(root, 'scripts/vscode-host/setup.js')], { stdio: 'inherit' });
      if (setup.status !== 0) {
        throw new Error(`the VS Code host set-up (scripts/vscode-host/setup.js) failed with ${setup.status ?? setup.signal}: what to try is printed above`);
      }
      const screenshotDir = path.resolve(process.env.SCREENSHOT_DIR ?? path.join(root, 'test-results/screenshots'));
      code = await runInCodeServer({ root, testsPath, workspace, runDir, timeoutMs, screenshotDir, onUnexpected: (m) => unexpected.push(m), onLine: (line) => {
        scan(line);
        if (!line.includes(RESULT_MARKER) && !line.includes(SECRET_MARKER)) {
          console.log(line);
        }
      } });
    }
  } catch (err) {
    console.log(`the test host could not start: ${err instanceof Error ? err.stack : err}`);
    code = 3;
  } finally {
    // Secrets may be only in SecretStorage: the browser's profile in code-server, the keyring on desktop.
    const found = scanForSecrets(runDir, [path.join(runDir, 'chromium')], printed.filter((l) => !l.includes(SECRET_MARKER)), secrets);
    console.log(`secret scan: ${found.files} files (${Math.round(found.bytes / 1024)} KiB) and ${printed.length} output lines searched for ${secrets.length} secrets: ${found.hits.length} hits`);
    found.hits.forEach((hit) => console.log(`  secret found in ${hit}`));
    if (result) {
      result[found.hits.length === 0 ? 'passed' : 'failed'] += 1;
    }
    fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  }
  if (!result) {
    console.log('no test result from the extension host');
    console.log('0 passed, 1 failed');
    return code === 0 ? 1 : code;
  }
  if (result.failed === 0 && unexpected.length > 0) {
    // Failing tests print their own stack traces; a passing run prints none but known host noise.
    console.log(`${unexpected.length} unexpected error message(s) from the host, printed above (known host noise: HOST_NOISE in hostNoise.ts): ${unexpected.map((m) => m.split('\n')[0]).join(' | ')}`);
    result.failed += 1;
  }
  if (code !== 0 && result.failed === 0) {
    console.log(`the extension host exited with ${code}`);
  }
  console.log(`${result.passed} passed, ${result.failed} failed${result.skipped ? `, ${result.skipped} skipped` : ''}`);
  return code !== 0 ? code : result.failed > 0 ? 1 : 0;
}

main().then((code) => process.exit(code));
