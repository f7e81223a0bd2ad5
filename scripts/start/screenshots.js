// `npm run screenshots`: regenerates the README's pictures in media/screenshots/ from a real run: the
// same emulator and code-server as `npm start`, driven in headless Chromium by playwright-core the way
// a person would use it. Also renders media/icon.png from media/icon.svg.
//   npm run screenshots [-- --no-build] [--out DIR]
/* global fetch */
const fs = require('node:fs');
const path = require('node:path');
const host = require('./host');

const argv = process.argv.slice(2);
const outDir = path.resolve(argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : path.join(host.root, 'media/screenshots'));
const MiB = 1024 * 1024;
const TEASER = 'launch-teaser.mp4';
const TEASER_BYTES = 48 * MiB;
const MAX_BYTES = 300 * 1024;

const row = (text) => `.monaco-list-row:has-text("${text}")`;

async function step(name, work) {
  const started = Date.now();
  const result = await work();
  console.log(`  ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

async function shoot(page, name) {
  const file = path.join(outDir, `${name}.png`);
  await page.waitForTimeout(400); // let hovers and animations settle
  await page.screenshot({ path: file });
  const size = fs.statSync(file).size;
  if (size > MAX_BYTES) {
    throw new Error(`${path.relative(host.root, file)} is ${Math.round(size / 1024)} KB, over ${MAX_BYTES / 1024} KB`);
  }
  console.log(`  wrote ${path.relative(host.root, file)} (${Math.round(size / 1024)} KB)`);
}

/** Waits until some frame of the page (webviews are nested iframes) shows `text`. */
async function untilFrameShows(page, text, timeoutMs = 15_000) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await page.waitForTimeout(250)) {
    for (const frame of page.frames()) {
      if (await frame.locator(`text=${text}`).first().isVisible().catch(() => false)) {
        return;
      }
    }
  }
  throw new Error(`no frame shows "${text}" after ${timeoutMs} ms`);
}

async function openWalkthrough(page) {
  await host.runCommand(page, 'Welcome: Open Walkthrough');
  await page.locator('.quick-input-list .monaco-list-row:has-text("MetaStudio")').first().click();
  await page.locator('.getting-started-step:has-text("Configure credentials")').first().waitFor();
}

async function renderIcon(sandbox) {
  const { context, page } = await host.openBrowser(sandbox, { width: 128, height: 128 });
  try {
    await page.setContent(`<body style="margin:0;background:transparent">${fs.readFileSync(path.join(host.root, 'media/icon.svg'), 'utf8')}</body>`);
    await page.locator('svg').screenshot({ path: path.join(host.root, 'media/icon.png'), omitBackground: true });
  } finally {
    await context.close();
  }
}

/** Opens the MetaStudio view and waits for the demo files; widens the side bar so names are readable. */
async function openPendingView(page) {
  const icon = page.locator('.activitybar .action-item:has([aria-label^="MetaStudio"])').first();
  if (!(await icon.getAttribute('class')).includes('checked')) {
    await icon.click(); // a click on the active container's icon would close the side bar
  }
  const listed = () => page.locator(row('keynote-2025.mp4')).first().waitFor({ timeout: 15_000 });
  // The view can miss its first load when it is visible as the extension starts: Refresh then.
  await listed().catch(async () => {
    await page.locator('.sidebar .action-label[aria-label="Refresh"]').first().click();
    await listed();
  });
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (sidebar.width < 400) {
    const y = sidebar.y + sidebar.height / 2;
    await page.mouse.move(sidebar.x + sidebar.width, y);
    await page.mouse.down();
    await page.mouse.move(sidebar.x + 470, y, { steps: 8 });
    await page.mouse.up();
  }
}

async function main() {
  if (!argv.includes('--no-build')) {
    host.build();
  }
  host.setupCodeServer();
  fs.mkdirSync(outDir, { recursive: true });
  const sandbox = new host.Sandbox('metastudio-shots-');
  process.on('SIGINT', () => sandbox.stop().then(() => process.exit(130)));
  process.on('exit', () => sandbox.stopNow());
  try {
    await step('icon', () => renderIcon(sandbox));
    const emulator = await host.startEmulator(sandbox, ['--seed', 'demo']);
    const workspace = sandbox.folder('workspace');
    fs.writeFileSync(path.join(workspace, TEASER), Buffer.alloc(TEASER_BYTES, 'MetaStudio Uploads demo bytes\n'));
    const settings = host.userSettings(emulator, { 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'window.commandCenter': false });
    const server = await host.startCodeServer(sandbox, { settings, env: host.credentialEnv(emulator), workspace, extensionsDir: host.linkExtension(sandbox) });
    const { context, page } = await host.openBrowser(sandbox);
    try {
      await step('workbench', async () => {
        await page.goto(server.url, { waitUntil: 'domcontentloaded' });
        await page.locator('.activitybar [aria-label^="MetaStudio"]').first().waitFor({ timeout: 60_000 });
        // Open the walkthrough once, so that it counts the steps done below (it tracks them from its first opening).
        await openWalkthrough(page);
        await host.runCommand(page, 'View: Close All Editors');
      });

      await step('pending uploads', async () => {
        await openPendingView(page);
        await page.locator(row('keynote-2025.mp4')).first().click();
        await page.mouse.move(900, 600);
        await page.locator(row('keynote-2025.mp4')).first().locator('.label-name').hover();
        await page.locator('.monaco-hover:has-text("keynote-2025.mp4")').first().waitFor({ timeout: 10_000 });
        await shoot(page, 'pending-uploads');
        await page.locator(row('intro-jingle.mp3')).first().click({ button: 'right' });
        await page.locator('.monaco-menu .action-item:has-text("Mark as Uploaded")').first().waitFor();
        await shoot(page, 'pending-context-menu');
        await page.keyboard.press('Escape');
      });

      await step('confirm mark as failed', async () => {
        // Two files selected, Mark as Failed: the question lists them, the safe button is the focused one.
        await page.locator(row('q3-review.pptx')).first().click();
        await page.locator(row('intro-jingle.mp3')).first().click({ modifiers: ['Control'] });
        await page.locator(row('intro-jingle.mp3')).first().click({ button: 'right' });
        const item = page.locator('.monaco-menu .action-item:has-text("Mark as Failed")').first();
        await item.waitFor();
        await page.waitForTimeout(500); // a menu ignores clicks that come right after it opened
        await item.click();
        await page.locator('.monaco-dialog-box:has-text("Keep Them Pending")').first().waitFor();
        await shoot(page, 'confirm-mark-failed');
        await page.keyboard.press('Escape');
      });

      await step('walkthrough', async () => {
        await openWalkthrough(page);
        await page.keyboard.press('Control+B'); // the step's text shows beside the list only when there is room
        // The region step: its table gives each region's endpoint.
        await page.locator('.getting-started-step:has-text("Choose the region or endpoint")').first().click();
        await untilFrameShows(page, 'metastudio.ap-southeast-3.myhuaweicloud.com'); // the step's markdown renders inside a webview
        await shoot(page, 'walkthrough');
        await host.runCommand(page, 'View: Close All Editors');
      });

      await step('upload in progress', async () => {
        // Slow the PUT's start a little (so the speed shows), then hold it a third of the way in.
        await host.admin(emulator, '/__admin/faults', { obs: true, latencyMs: 700, obsStallAfterBytes: 16 * MiB });
        await page.locator('.activitybar [aria-label^="Explorer"]').first().click();
        await page.locator(row(TEASER)).first().click({ button: 'right' });
        const item = page.locator('.monaco-menu .action-item:has-text("Upload to MetaStudio")').first();
        await item.waitFor();
        await page.waitForTimeout(500); // a menu ignores clicks that come right after it opened
        await shoot(page, 'explorer-upload');
        await item.click();
        await page.locator('.quick-input-list .monaco-list-row:has-text("New asset")').first().click();
        // A new VIDEO asset: accept video production's marks as the settings check them.
        await page.locator('.quick-input-list .monaco-list-row:has-text("Material video")').first().waitFor();
        await page.keyboard.press('Enter');
        const progress = page.locator('.notification-list-item:has-text("/s")').first();
        await progress.waitFor({ timeout: 30_000 });
        await page.waitForTimeout(1500);
        await shoot(page, 'upload-progress');
      });

      await step('interrupted upload after a reload', async () => {
        await page.reload({ waitUntil: 'domcontentloaded' });
        await page.locator('.activitybar [aria-label^="MetaStudio"]').first().waitFor({ timeout: 60_000 });
        await host.admin(emulator, '/__admin/faults', {});
        await openPendingView(page);
        await page.locator(row('This machine')).first().waitFor({ timeout: 15_000 });
        await page.locator(row(TEASER)).first().click();
        await shoot(page, 'interrupted-upload');
      });
    } catch (err) {
      const file = path.join(host.root, 'test-results/screenshots-failed.png');
      await page.screenshot({ path: file }).then(() => console.log(`  the page when it failed: ${path.relative(host.root, file)}`), () => undefined);
      console.log('notifications:', JSON.stringify(await page.locator('.notification-list-item').allInnerTexts().catch(() => [])));
      console.log('emulator:', JSON.stringify(await (await fetch(`${emulator.url}/__admin/state`)).json().then((s) => s.counters)));
      throw err;
    } finally {
      await context.close().catch(() => undefined);
    }
  } finally {
    await sandbox.stop();
  }
}

main().catch((err) => {
  console.error(`screenshots: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
