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

  it('right-click a file never uploaded, Mark as Uploaded: its tooltip says so, its menu offers Upload in Its Place', async () => {
    // The run may be cut short by a later suite's reload before mocha reports: say what failed now.
    try {
      const row = '.monaco-list-row:has-text("backdrop-blue.png")';
      const away = '.part.sidebar .title-label'; // the pointer off the rows, so no row's tooltip covers another
      await ui({ waitFor: row });
      await ui({ hover: away });
      await ui({ rightClick: row });
      const mark = '.monaco-menu .action-item:has-text("Mark as Uploaded")';
      await ui({ waitFor: mark });
      await ui({ click: mark });
      // The test host hides notification toasts: the row's tooltip says it, and its menu offers the way out.
      const icon = `${row} .codicon-error`;
      await ui({ waitFor: icon });
      const hover = '.monaco-hover:has-text("MetaStudio has no bytes for this file")';
      // A hover shows after a pause of the pointer; on a busy machine the first may be missed.
      for (let attempt = 1; ; attempt++) {
        await ui({ hover: away });
        await ui({ hover: row });
        const shown = await ui({ waitFor: hover, timeoutMs: 5000 }).then(() => true, () => false);
        if (shown) {
          break;
        }
        if (attempt === 3) {
          assert.fail('the tooltip of backdrop-blue.png never showed');
        }
      }
      const [text] = (await ui({ texts: hover })).texts ?? [];
      assert.match(text, /has not been uploaded/);
      assert.doesNotMatch(text, /may already be confirmed or deleted/);
      await ui({ screenshot: 'pending-not-uploaded' });
      assert.equal(emulator.state.files.find((f) => f.file_id === DEMO_IDS.backdropMain)?.state, 'CREATING');
      await ui({ hover: away });
      await ui({ rightClick: row });
      await ui({ waitFor: '.monaco-menu .action-item:has-text("Upload a Local File in Its Place")' });
      await ui({ press: 'Escape' });
    } catch (error) {
      console.log(`browser test failed: ${String(error)}`);
      await ui({ screenshot: 'not-uploaded-failure' }).catch(() => undefined);
      throw error;
    }
  });
});
