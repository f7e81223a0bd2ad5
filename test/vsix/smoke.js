// The packaged extension as a user gets it: `npm run package` builds the .vsix, code-server installs it
// into a fresh extensions folder (no development mode), and headless Chromium checks the workbench, with
// the extension connected to the emulator by user settings and the demo keys in the environment, as
// `npm start` does. Each check is one test; the last line is "N passed, N failed".
//   node test/vsix/smoke.js      (scripts/test.js runs it as the `vsix` suite)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const host = require('../../scripts/start/host');

const manifest = JSON.parse(fs.readFileSync(path.join(host.root, 'package.json'), 'utf8'));
const extensionId = `${manifest.publisher}.${manifest.name}`;
const DEMO_FILES = ['q3-review.pptx', 'intro-jingle.mp3', 'keynote-2025.mp4', 'keynote-cover.jpg', 'backdrop-blue.png'];
const TIMEOUT_MS = Number(process.env.VSIX_SMOKE_TIMEOUT_MS) || 8 * 60_000;
const results = { passed: 0, failed: 0 };

/** One test: prints ✔ or ✘ with the reason. Returns whether it passed. */
async function check(name, work) {
  const started = Date.now();
  try {
    await work();
    results.passed += 1;
    console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
    return true;
  } catch (err) {
    results.failed += 1;
    console.log(`  ✘ ${name}: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
    return false;
  }
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** Files under `dir` (not following links) whose bytes contain `needle`. */
function filesContaining(dir, needle) {
  const hits = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      hits.push(...filesContaining(full, needle));
    } else if (entry.isFile() && fs.statSync(full).size < 200 * 1024 * 1024 && fs.readFileSync(full).includes(needle)) {
      hits.push(full);
    }
  }
  return hits;
}

async function inBrowser(sandbox, emulator, server) {
  const { context, page } = await host.openBrowser(sandbox);
  const row = (text) => page.locator(`.part.sidebar .monaco-list-row:has-text("${text}")`).first();
  const listsDemoFiles = async (timeout) => {
    for (const name of DEMO_FILES) {
      await row(name).waitFor({ timeout });
    }
  };
  try {
    await page.goto(server.url, { waitUntil: 'domcontentloaded' });
    const icon = page.locator('.activitybar [aria-label^="MetaStudio"]').first();
    const started = await check('the workbench shows the MetaStudio icon in the activity bar', () => icon.waitFor({ timeout: 90_000 }));
    if (!started) {
      return;
    }
    const opened = await check('the icon opens the Pending Uploads view', async () => {
      await icon.click();
      await page.locator('.part.sidebar .title-label:has-text("MetaStudio: Pending")').first().waitFor({ timeout: 10_000 });
    });
    if (!opened) {
      return;
    }
    await check('the view lists the demo pending files as it opens, without a Refresh', () => listsDemoFiles(20_000));
    await check('Refresh lists the five demo pending files under their four assets', async () => {
      await page.locator('.part.sidebar .action-label[aria-label="Refresh"]').first().click();
      await listsDemoFiles(20_000);
      const texts = await page.locator('.part.sidebar .monaco-list-row').allInnerTexts();
      assert(texts.length === 9, `9 rows expected (4 assets, 5 files), found ${texts.length}: ${texts.join(' | ')}`);
    });
    await check('the status bar item counts the 5 pending uploads', async () => {
      const item = page.locator(`[id="${extensionId}.metastudio.status"]`).first();
      await item.waitFor({ timeout: 10_000 });
      const label = await item.getAttribute('aria-label');
      assert(/\b5 pending uploads\b/.test(label ?? ''), `its label is "${label}"`);
    });
    await check(`the Extensions view lists ${manifest.displayName} ${manifest.version} as installed`, async () => {
      await page.locator('.activitybar [aria-label^="Extensions"]').first().click();
      await page.locator('.extensions-viewlet .suggest-input-container').first().click();
      await page.keyboard.type('@installed metastudio');
      const item = page.locator(`.extensions-viewlet .monaco-list-row[aria-label^="${manifest.displayName}, ${manifest.version},"]`).first();
      await item.waitFor({ timeout: 15_000 });
    });
    await check('the walkthrough is offered in Welcome: Open Walkthrough', async () => {
      await host.runCommand(page, 'Welcome: Open Walkthrough');
      await page.locator('.quick-input-list .monaco-list-row:has-text("Get started with MetaStudio Uploads")').first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Escape');
    });
  } catch (err) {
    await check('the browser session', () => Promise.reject(err));
  } finally {
    if (results.failed > 0) {
      const file = path.join(host.root, 'test-results/vsix-smoke-failed.png');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file }).then(() => console.log(`  the page after the failure: ${path.relative(host.root, file)}`), () => undefined);
    }
    await context.close().catch(() => undefined);
  }
}

async function main() {
  const sandbox = new host.Sandbox('metastudio-vsix-');
  process.on('exit', () => sandbox.stopNow());
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));
  setTimeout(() => {
    console.log(`  ✘ timed out after ${TIMEOUT_MS} ms (VSIX_SMOKE_TIMEOUT_MS)`);
    console.log(`${results.passed} passed, ${results.failed + 1} failed`);
    process.exit(1);
  }, TIMEOUT_MS).unref();

  console.log(`  ${extensionId} ${manifest.version} from its .vsix, in code-server`);
  const vsix = path.join(sandbox.dir, `${manifest.name}-${manifest.version}.vsix`);
  const packaged = await check('npm run package builds the .vsix: no vsce warning, only allowlisted files', () => {
    const run = spawnSync(process.execPath, [path.join(host.root, 'scripts/package.js'), '--out', vsix], { cwd: host.root, encoding: 'utf8' });
    assert(run.status === 0, `scripts/package.js failed:\n${run.stdout}${run.stderr}`.replace(/\n/g, ' / '));
  });
  if (!packaged) {
    return;
  }
  host.setupCodeServer();
  const extensionsDir = sandbox.folder('extensions');
  const cliData = ['--extensions-dir', extensionsDir, '--user-data-dir', sandbox.folder('cli-user-data')];
  const installed = await check('code-server --install-extension installs the .vsix', () => {
    const said = host.codeServerCli(sandbox, ['--install-extension', vsix, ...cliData]);
    assert(/successfully installed/.test(said), said.trim());
  });
  if (!installed) {
    return;
  }
  await check(`code-server --list-extensions shows ${extensionId}@${manifest.version}`, () => {
    const listed = host.codeServerCli(sandbox, ['--list-extensions', '--show-versions', ...cliData]).trim().split('\n');
    assert(listed.includes(`${extensionId}@${manifest.version}`), `it lists: ${listed.join(', ')}`);
  });

  try {
    const emulator = await host.startEmulator(sandbox, ['--seed', 'demo']);
    const workspace = sandbox.folder('workspace');
    const settings = host.userSettings(emulator, { 'workbench.startupEditor': 'none' });
    const server = await host.startCodeServer(sandbox, { settings, env: host.credentialEnv(emulator), workspace, extensionsDir });
    await inBrowser(sandbox, emulator, server);
    await check('the demo SK is in no file of the profile, the browser data or the settings', () => {
      // The shipped README gives the emulator's public demo keys on purpose (to sign out and back in
      // after `npm start`): only that one file of the installed extension may hold it.
      const readme = /^extensions\/[^/]+\/readme\.md$/i;
      const hits = filesContaining(sandbox.dir, Buffer.from(emulator.sk)).filter((f) => !readme.test(path.relative(sandbox.dir, f).split(path.sep).join('/')));
      assert(hits.length === 0, `found in ${hits.map((f) => path.relative(sandbox.dir, f)).join(', ')}`);
    });
  } finally {
    await sandbox.stop();
  }
}

main()
  .catch((err) => check('the smoke test runs', () => Promise.reject(err)))
  .then(() => {
    console.log(`${results.passed} passed, ${results.failed} failed`);
    process.exit(results.failed === 0 ? 0 : 1);
  });
