// Pending uploads survive a window reload and a killed extension host. One test in three halves
// around two restarts (the runner runs the suite again after each): an upload hangs in its PUT and
// the window reloads; its record is checked, a second upload hangs and the extension host is killed;
// both records are checked and resumed to CREATED. A file in the workspace carries what the next
// half needs, and the emulator runs in its own process to outlive the restarts.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { PendingNode } from '../../src/tree/pendingTree';
import type { Emulator } from '../emulator';
import { withAnswers } from './fakeWindow';
import { configureDemoCredentials, extensionApi, until, useEmulator } from './helpers';
import { ui, uiAvailable } from './ui';

interface Handover {
  phase: 'after-reload' | 'after-kill';
  url: string;
  pid: number;
}

const FIRST = 'interrupted-by-reload.mp4';
const SECOND = 'interrupted-by-kill.mp4';
const workspace = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const handoverFile = () => path.join(workspace(), '.durability-handover.json');

/** An emulator process that stalls every PUT after 256 KiB, so an upload is caught mid-flight. */
async function startEmulatorProcess(): Promise<{ url: string; pid: number }> {
  const main = path.resolve(__dirname, '../emulator/main.js');
  const child = spawn(process.execPath, [main, '--port', '0', '--seed', 'none', '--obs-stall-after', String(256 * 1024), '--max-lifetime-s', '600'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
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

async function admin(url: string, route: string, body?: unknown): Promise<{ state: { files: Array<{ file_name: string; state: string }> } }> {
  const response = await fetch(url + route, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return response.json() as never;
}

/** Starts Upload Files... on a new 2 MiB file and waits until its PUT hangs. */
async function startHangingUpload(api: ExtensionApi, fileName: string): Promise<void> {
  const file = vscode.Uri.file(path.join(workspace(), fileName));
  fs.writeFileSync(file.fsPath, Buffer.alloc(2 * 1024 * 1024, fileName));
  // New asset for each file; then video production's marks as the settings check them.
  const answers = { quickPick: [(items: readonly vscode.QuickPickItem[]) => items.find((i) => i.label.includes('New asset')), (items: readonly vscode.QuickPickItem[]) => items.filter((i) => i.picked)] };
  void withAnswers(answers, () => vscode.commands.executeCommand('metastudio.uploadFiles', file, [file]));
  await until(`the record of ${fileName} says its PUT is under way`, async () => (await api.services.uploads.records.list()).some((r) => r.fileName === fileName && r.step === 'uploading'), 20_000);
}

/** The row of a record this machine keeps, checked to be under This machine and resumable. */
async function interruptedRow(api: ExtensionApi, fileName: string): Promise<PendingNode> {
  await api.services.uploads.reload();
  const local = api.services.model.localUploads().find((f) => f.fileName === fileName);
  assert.ok(local?.upload, `the record of ${fileName} survived`);
  assert.equal(local.upload.step, 'uploading');
  const node: PendingNode = { kind: 'file', file: local };
  assert.match(String(api.services.view.tree.getTreeItem(node).contextValue), /^pendingFile\.local\.resumable/);
  assert.equal(api.services.view.tree.getParent(node)?.kind, 'machine');
  return node;
}

function handOver(handover: Handover): void {
  fs.writeFileSync(handoverFile(), JSON.stringify(handover));
}

/** Which third of the test this host runs: the heading of each says it, so no heading repeats. */
function part(): string {
  const phase = vscode.workspace.workspaceFolders && fs.existsSync(handoverFile()) ? (JSON.parse(fs.readFileSync(handoverFile(), 'utf8')) as Handover).phase : undefined;
  return phase === 'after-kill' ? 'after the killed extension host' : phase === 'after-reload' ? 'after the reload, until the extension host is killed' : 'until the window reloads';
}

describe(`Durability (${part()})`, function () {
  it('keeps uploads through a window reload and a killed extension host, and resumes them', async function () {
    if (!uiAvailable()) {
      this.skip(); // restarting the window and running the suite again is the code-server runner's
    }
    const api = await extensionApi();
    const handover = fs.existsSync(handoverFile()) ? (JSON.parse(fs.readFileSync(handoverFile(), 'utf8')) as Handover) : undefined;

    if (!handover) {
      const emulator = await startEmulatorProcess();
      await useEmulator(emulator as unknown as Emulator);
      await configureDemoCredentials();
      await startHangingUpload(api, FIRST);
      handOver({ phase: 'after-reload', ...emulator });
      await vscode.commands.executeCommand('workbench.action.reloadWindow');
      return new Promise<void>(() => undefined); // the reload ends this extension host
    }

    await useEmulator({ url: handover.url } as Emulator);
    await configureDemoCredentials();
    if (handover.phase === 'after-reload') {
      await interruptedRow(api, FIRST);
      await startHangingUpload(api, SECOND);
      handOver({ ...handover, phase: 'after-kill' });
      await ui({ reloadOnExit: true });
      process.kill(process.pid, 'SIGKILL');
      return new Promise<void>(() => undefined);
    }

    try {
      const rows = [await interruptedRow(api, FIRST), await interruptedRow(api, SECOND)];
      const before = await admin(handover.url, '/__admin/state');
      assert.deepEqual(before.state.files.map((f) => f.state), ['CREATING', 'CREATING']);
      await admin(handover.url, '/__admin/faults', {});
      const { shown } = await withAnswers({}, () => vscode.commands.executeCommand('metastudio.resumeUpload', rows[0], rows));
      assert.equal(shown.length, 1);
      assert.match(shown[0].message, /^Uploaded 2 of 2 files: /);
      const after = await admin(handover.url, '/__admin/state');
      assert.deepEqual(after.state.files.map((f) => [f.file_name, f.state]).sort(), [[SECOND, 'CREATED'], [FIRST, 'CREATED']].sort());
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
