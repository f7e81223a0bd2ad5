// A person's path through the real workbench in the browser: open the view, right-click a pending
// file, choose "Mark as Uploaded", and see it leave. Screenshots go to the runner's SCREENSHOT_DIR.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO_IDS, startEmulator, type Emulator } from '../emulator';
import { configureDemoCredentials, extensionApi, until, useEmulator } from './helpers';
import { ui, uiAvailable } from './ui';

describe('Pending Uploads in the browser', function () {
  let emulator: Emulator;

  before(async function () {
    if (!uiAvailable()) {
      this.skip(); // desktop host: no browser to drive
    }
    emulator = await startEmulator({ seed: 'demo' });
    await extensionApi();
    await useEmulator(emulator);
    await configureDemoCredentials();
  });
  after(async () => {
    await vscode.commands.executeCommand('metastudio.signOut').then(undefined, () => undefined);
    await emulator?.close();
  });

  it('right-click a row, Mark as Uploaded: the file is confirmed and leaves the view', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.metastudio');
    await vscode.commands.executeCommand('metastudio.refresh');
    const row = '.monaco-list-row:has-text("intro-jingle.mp3")';
    await ui({ waitFor: row });
    await ui({ click: row });
    await ui({ screenshot: 'pending-view' });
    await ui({ rightClick: row });
    const item = '.monaco-menu .action-item:has-text("Mark as Uploaded")';
    await ui({ waitFor: item });
    await ui({ screenshot: 'pending-context-menu' });
    await ui({ click: item });
    await until('MetaStudio has the file CREATED', () => emulator.state.files.find((f) => f.file_id === DEMO_IDS.jingleMain)?.state === 'CREATED');
    await until('the row is gone', async () => (await ui({ count: row })).count === 0);
    const rows = await ui({ texts: '.monaco-list-row' });
    assert.ok(rows.texts?.some((t) => t.includes('keynote-2025.mp4')), 'the other pending files are still listed');
    await ui({ screenshot: 'pending-after-mark' });
  });
});
