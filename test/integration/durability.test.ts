// Pending uploads survive a window reload: the extension host dies in the middle of a PUT, and after
// the reload the record is there, under This machine, and Resume finishes it. The test runs in two
// halves around the reload (the runner runs the suite again after it); a file in the workspace
// carries what the second half needs. The emulator runs in its own process to outlive the reload.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Emulator } from '../emulator';
import { withAnswers } from './fakeWindow';
import { configureDemoCredentials, extensionApi, until, useEmulator } from './helpers';
import { uiAvailable } from './ui';

interface Handover {
  url: string;
  pid: number;
  fileName: string;
}

const workspace = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const handoverFile = () => path.join(workspace(), '.durability-handover.json');

/** An emulator process that stalls every PUT after 256 KiB, so an upload is caught mid-flight. */
async function startEmulatorProcess(): Promise<{ url: string; pid: number }> {
  const main = path.resolve(__dirname, '../emulator/main.js');
  const child = spawn(process.execPath, [main, '--port', '0', '--seed', 'none', '--obs-stall-after', String(256 * 1024)], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const found = /listening on (http:\/\/\S+)/.exec(chunk.toString());
      if (found) {
        resolve(found[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  child.stdout.destroy();
  child.unref();
  return { url, pid: child.pid! };
}

async function admin(url: string, route: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const response = await fetch(url + route, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return response.json();
}

describe('Durability', function () {
  it('finds an upload interrupted by a window reload under This machine, and resumes it', async function () {
    if (!uiAvailable()) {
      this.skip(); // the reload-and-run-again route is the code-server host's
    }
    const api = await extensionApi();
    const handover = fs.existsSync(handoverFile()) ? (JSON.parse(fs.readFileSync(handoverFile(), 'utf8')) as Handover) : undefined;

    if (!handover) {
      // First half: start an upload that hangs in its PUT, then reload the window under it.
      const emulator = await startEmulatorProcess();
      await useEmulator(emulator as unknown as Emulator);
      await configureDemoCredentials();
      const fileName = 'interrupted-take.mp4';
      const file = vscode.Uri.file(path.join(workspace(), fileName));
      fs.writeFileSync(file.fsPath, Buffer.alloc(2 * 1024 * 1024, 'take 1 '));
      void withAnswers({ quickPick: [(items) => items.find((i) => i.label.includes('New asset for each file'))] }, () => vscode.commands.executeCommand('metastudio.uploadFiles', file, [file]));
      await until('the record says the PUT is under way', async () => (await api.services.uploads.records.list()).some((r) => r.step === 'uploading'), 20_000);
      fs.writeFileSync(handoverFile(), JSON.stringify({ ...emulator, fileName } satisfies Handover));
      await vscode.commands.executeCommand('workbench.action.reloadWindow');
      return new Promise<void>(() => undefined); // the reload ends this extension host; the suite runs again
    }

    // Second half, after the reload.
    try {
      await useEmulator({ url: handover.url } as Emulator);
      await configureDemoCredentials();
      await api.services.uploads.reload();
      const local = api.services.model.localUploads().find((f) => f.fileName === handover.fileName);
      assert.ok(local?.upload, 'the record survived the reload');
      assert.equal(local.upload.step, 'uploading');
      const node = { kind: 'file' as const, file: local };
      assert.match(String(api.services.view.tree.getTreeItem(node).contextValue), /^pendingFile\.local\.resumable/);
      assert.equal(api.services.view.tree.getParent(node)?.kind, 'machine');
      const before = await admin(handover.url, '/__admin/state');
      assert.equal(before.state.files.find((f: { file_name: string }) => f.file_name === handover.fileName).state, 'CREATING');

      await admin(handover.url, '/__admin/faults', {});
      const { shown } = await withAnswers({}, () => vscode.commands.executeCommand('metastudio.resumeUpload', node));
      assert.deepEqual(shown.map((s) => s.message), [`Uploaded ${handover.fileName}.`]);
      const after = await admin(handover.url, '/__admin/state');
      assert.equal(after.state.files.find((f: { file_name: string }) => f.file_name === handover.fileName).state, 'CREATED');
      assert.deepEqual(await api.services.uploads.records.list(), []);
    } finally {
      fs.rmSync(handoverFile(), { force: true });
      try {
        process.kill(handover.pid);
      } catch {
        // already gone
      }
      await vscode.commands.executeCommand('metastudio.signOut').then(undefined, () => undefined);
    }
  });
});
