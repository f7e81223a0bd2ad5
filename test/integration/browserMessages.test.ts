// What a person sees of the extension's words in the real workbench, driven by clicks and keys in
// the browser: the one Explorer item, the palette's Upload commands. (The workbench refuses modal
// dialogs while extension tests run, so confirmations are checked through the fake window in
// messages.test.ts.) Screenshots go to the runner's SCREENSHOT_DIR.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator';
import { configureDemoCredentials, extensionApi, until, useEmulator } from './helpers';
import { ui, uiAvailable } from './ui';

describe('Messages in the browser', function () {
  this.timeout(120_000);
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
    await ui({ press: 'Escape' }).catch(() => undefined);
    await vscode.commands.executeCommand('metastudio.signOut').then(undefined, () => undefined);
    await emulator?.close();
  });

  it('the Explorer offers one item, "Upload to MetaStudio...", on a file and on a folder', async () => {
    try {
      const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
      fs.mkdirSync(path.join(folder, 'explorer-reels'), { recursive: true });
      fs.writeFileSync(path.join(folder, 'explorer-reels', 'reel.mp4'), Buffer.alloc(100));
      await vscode.commands.executeCommand('workbench.view.explorer');
      for (const name of ['explorer-reels', 'reel.mp4']) {
        const row = `.explorer-folders-view .monaco-list-row:has-text("${name}")`;
        // Revealed: expanded to and scrolled into view, whatever other suites left in the workspace.
        const uri = vscode.Uri.file(path.join(folder, 'explorer-reels', ...(name === 'reel.mp4' ? [name] : [])));
        await until(`${name} is in the Explorer`, async () => {
          await vscode.commands.executeCommand('revealInExplorer', uri);
          return ((await ui({ count: row })).count ?? 0) > 0;
        }, 20_000);
        await ui({ rightClick: row });
        await ui({ waitFor: '.monaco-menu .action-label' });
        // The browser's workbench has an "Upload..." of its own (into the workspace): ours is the other one.
        const items = ((await ui({ texts: '.monaco-menu .action-label' })).texts ?? []).filter((t) => /upload/i.test(t) && t !== 'Upload...');
        assert.deepEqual(items, ['Upload to MetaStudio...'], `${name}: ${items.join(', ')}`);
        await ui({ screenshot: `explorer-upload-${name === 'reel.mp4' ? 'file' : 'folder'}` });
        await ui({ press: 'Escape' });
      }
    } catch (error) {
      await ui({ screenshot: 'explorer-upload-failure' }).catch(() => undefined);
      await ui({ press: 'Escape' }).catch(() => undefined);
      throw error;
    }
  });

  it('F1 "MetaStudio: Upload" lists Upload Files... and Upload Folder..., not the Explorer\'s item', async () => {
    try {
      await ui({ press: 'F1' });
      const rows = '.quick-input-list .monaco-list-row';
      await ui({ waitFor: rows });
      await ui({ type: 'MetaStudio: Upload' });
      await until('the palette shows the matches', async () => ((await ui({ texts: rows })).texts ?? []).some((t) => /Upload Files/.test(t)));
      const texts = (await ui({ texts: rows })).texts ?? [];
      await ui({ screenshot: 'palette-upload' });
      assert.ok(texts.some((t) => t.startsWith('MetaStudio: Upload Files...')) && texts.some((t) => t.startsWith('MetaStudio: Upload Folder...')), texts.join(' | '));
      assert.ok(!texts.some((t) => /Upload to MetaStudio|Upload Dropped/.test(t)), 'the Explorer item and the drop\'s command are not in the palette');
    } finally {
      await ui({ press: 'Escape' }).catch(() => undefined);
    }
  });
});
