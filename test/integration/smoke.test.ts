// Smoke test of the integration host itself: the extension loads and activates, the workspace is a
// writable folder, and (in the code-server host) the browser UI can be driven.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ui, uiAvailable } from './ui';

const EXTENSION_ID = 'metastudio-uploads.metastudio-uploads';

describe('integration host', () => {
  it('finds and activates the extension', async () => {
    console.log(`vscode.version ${vscode.version} (appHost ${vscode.env.appHost}, uiKind ${vscode.env.uiKind})`);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} found`);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });

  it('opens a writable temp workspace folder', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const file = path.join(folder.uri.fsPath, 'smoke.txt');
    fs.writeFileSync(file, 'ok');
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'ok');
  });

  it('drives the browser UI', async function () {
    if (!uiAvailable()) {
      this.skip(); // desktop host: no browser to drive
    }
    const shot = await ui({ screenshot: 'smoke-workbench' });
    assert.ok(shot.path?.endsWith('smoke-workbench.png'), `screenshot saved: ${shot.path}`);
    const { count } = await ui({ count: '.monaco-workbench' });
    assert.strictEqual(count, 1);
  });
});
