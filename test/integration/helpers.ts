// What the integration suites share: the extension's API, the emulator as its endpoint, the demo
// credentials configured through the real command, the log as written to disk.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MetaStudioClient } from '../../src/client';
import type { ExtensionApi } from '../../src/extension';
import type { PendingNode } from '../../src/tree/pendingTree';
import { DEMO_ACCOUNT, DEMO_PROJECT_ID, startEmulator, type Emulator, type EmulatorOptions } from '../emulator';
import { withAnswers } from './fakeWindow';

export const EXTENSION_ID = 'metastudio-uploads.metastudio-uploads';

export async function extensionApi(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, 'extension found');
  return extension.activate();
}

/** The text of the "MetaStudio" log, as written to disk by the LogOutputChannel. */
export function outputLog(api: ExtensionApi): string {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth < 0 || !fs.existsSync(dir)) {
      return;
    }
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full, depth - 1);
      } else if (entry.name.endsWith('MetaStudio.log')) {
        found.push(full);
      }
    }
  };
  walk(path.dirname(path.dirname(api.services.context.logUri.fsPath)), 4);
  return found.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
}

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting until ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Sets a user setting (`section.key`; undefined removes it) and returns once the extension host has
 * seen the change: `update()` can resolve before the change event arrives, and the extension's own
 * handler (which may clear and reload the view) would then run after the caller's next step.
 */
export async function updateSetting(name: string, value: unknown): Promise<void> {
  const dot = name.indexOf('.');
  const config = vscode.workspace.getConfiguration(name.slice(0, dot));
  const key = name.slice(dot + 1);
  const same = JSON.stringify(config.inspect(key)?.globalValue) === JSON.stringify(value);
  const seen = same ? Promise.resolve() : new Promise<void>((resolve) => {
    const timer = setTimeout(() => { listener.dispose(); resolve(); }, 5_000);
    const listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(name)) {
        clearTimeout(timer);
        listener.dispose();
        resolve();
      }
    });
  });
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  await seen;
}

/** Settings changed: waits until the view's reloads that the changes started have finished. */
export async function settled(api: ExtensionApi): Promise<void> {
  await api.services.view.reload();
}

export async function useEmulator(emulator: Emulator): Promise<void> {
  for (const [key, value] of Object.entries({ region: 'custom', endpoint: emulator.url, iamEndpoint: emulator.url, projectId: DEMO_PROJECT_ID, rateLimit: 50 })) {
    await updateSetting(`metastudio.${key}`, value);
  }
}

/** Configure Credentials, answered as a user would: AK/SK, then the AK, then the SK. */
export async function configureDemoCredentials(): Promise<void> {
  const { validation, shown } = await withAnswers(
    { quickPick: [(items) => items.find((i) => i.label === 'AK/SK')], inputs: [DEMO_ACCOUNT.ak, DEMO_ACCOUNT.sk] },
    () => vscode.commands.executeCommand('metastudio.configureCredentials'),
  );
  assert.deepEqual(validation, []);
  assert.ok(shown.some((s) => s.message === 'MetaStudio credentials saved to profile "Default".'), JSON.stringify(shown));
}


/**
 * For a suite: an emulator of its own, the extension pointed at it, and everything undone after.
 * The fields are filled in by the suite's `before` hook.
 */
export function suiteWithEmulator(options: EmulatorOptions): { emulator: Emulator; api: ExtensionApi } {
  const suite = {} as { emulator: Emulator; api: ExtensionApi };
  before(async () => {
    suite.emulator = await startEmulator(options);
    suite.api = await extensionApi();
    await useEmulator(suite.emulator);
  });
  after(async () => {
    await vscode.commands.executeCommand('metastudio.signOut').then(undefined, () => undefined);
    await suite.emulator?.close();
  });
  return suite;
}

/** A file of `bytes` bytes (each the name's first char code) in the workspace folder, its folders made. */
export function writeWorkspaceFile(name: string, bytes: number): vscode.Uri {
  const file = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.alloc(bytes, name));
  return vscode.Uri.file(file);
}

/** Pending files made as a script would (CreateFile, no bytes) in a new PPT asset as PAGEs, then listed: their ids and view nodes. */
export async function scriptPendingFiles(api: ExtensionApi, client: MetaStudioClient, assetName: string, names: string[]): Promise<{ ids: string[]; nodes: PendingNode[] }> {
  const asset = await client.createDigitalAsset({ asset_name: assetName, asset_type: 'PPT' });
  const ids: string[] = [];
  for (const name of names) {
    ids.push((await client.createFile({ file_name: name, file_md5: '1B2M2Y8AsgTpgAmY7PhCfg==', file_size: 10, file_type: 'png', asset_id: asset.asset_id, asset_file_category: 'PAGE' })).file_id);
  }
  await vscode.commands.executeCommand('metastudio.refresh');
  return { ids, nodes: ids.map((id) => api.services.view.tree.fileNode(id)!) };
}
