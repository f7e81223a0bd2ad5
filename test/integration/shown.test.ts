// What the view, the status bar and the log show: the log's context line, the status bar at zero
// and during an upload, the view while the first listing runs, and which row offers which inline action.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEMO_ACCOUNT } from '../emulator';
import { withAnswers } from './fakeWindow';
import { configureDemoCredentials, EXTENSION_ID, outputLog, settled, suiteWithEmulator, until, updateSetting } from './helpers';

describe('What is shown', function () {
  const suite = suiteWithEmulator({ seed: 'none' });
  const config = () => vscode.workspace.getConfiguration('metastudio');

  it('the log starts with the context: endpoint, region, project id, where the credentials come from; never a value', async () => {
    await configureDemoCredentials();
    const lines = outputLog(suite.api).split('\n').filter(Boolean);
    assert.match(lines[0], /\[context\] profile ".+": endpoint \S+, region \S+, project id .+, IAM \S+; credentials: /);
    const last = () => outputLog(suite.api).split('\n').filter((l) => l.includes('[context]')).at(-1) ?? '';
    assert.match(last(), new RegExp(`endpoint ${suite.emulator.url}, region cn-north-4, project id \\w+, IAM ${suite.emulator.url}; credentials: AK/SK from secret storage$`));
    const project = config().get<string>('projectId');
    await updateSetting('metastudio.projectId', 'a0000000000000000000000000000042');
    try {
      await until('the log has the new context', () => last().includes('project id a0000000000000000000000000000042'));
    } finally {
      await updateSetting('metastudio.projectId', project);
      await settled(suite.api);
    }
    await until('the log has the context again', () => last().includes(`project id ${project}`));
    assert.ok(!outputLog(suite.api).includes(DEMO_ACCOUNT.ak), 'no AK in the log');
  });

  it('the status bar item is hidden at zero unless metastudio.statusBarAtZero keeps it; during an upload it shows the upload, then the count', async () => {
    const { status, view } = suite.api.services;
    await vscode.commands.executeCommand('workbench.view.extension.metastudio');
    await view.refresh();
    assert.equal(suite.api.services.model.count, 0);
    assert.equal(status.visible, false);
    await updateSetting('metastudio.statusBarAtZero', true);
    await settled(suite.api);
    try {
      await until('the setting keeps the item', () => status.visible);
      assert.equal(status.text, '$(cloud-upload) MetaStudio: 0 pending');
      const file = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'status-bar-clip.mp4'));
      fs.writeFileSync(file.fsPath, Buffer.alloc(64 * 1024, 'status bar'));
      suite.emulator.setFaults({ latencyMs: 400, latencyRate: 1 });
      const answers = { quickPick: [(items: readonly vscode.QuickPickItem[]) => items.find((i) => i.label.includes('New asset')), (items: readonly vscode.QuickPickItem[]) => items.filter((i) => i.picked)] };
      const uploading = withAnswers(answers, () => vscode.commands.executeCommand('metastudio.uploadFiles', file, [file]));
      await until('the status bar shows the upload', () => status.text.includes('Uploading status-bar-clip.mp4'), 20_000);
      assert.match(status.text, /^\$\(sync~spin\) /);
      assert.equal(status.visible, true);
      suite.emulator.setFaults({});
      await uploading;
      await until('the status bar shows the count again', () => status.text === '$(cloud-upload) MetaStudio: 0 pending');
    } finally {
      suite.emulator.setFaults({});
      await updateSetting('metastudio.statusBarAtZero', undefined);
    }
    await until('hidden at zero again', () => !status.visible);
  });

  it('says "Loading pending uploads…" while the first listing runs', async () => {
    const { view, model } = suite.api.services;
    suite.emulator.setFaults({ latencyMs: 1000, latencyRate: 1 });
    try {
      model.clear();
      const refreshing = view.refresh();
      // A kept listing may take its place once read from disk: here it is the first thing said.
      assert.equal(view.treeView.message, 'Loading pending uploads…');
      await refreshing;
    } finally {
      suite.emulator.setFaults({});
    }
    assert.equal(view.treeView.message, undefined);
  });

  it('a failed first listing leaves a row that says why, with Retry and Show Output; a retry that works removes it', async () => {
    const { view, model } = suite.api.services;
    await updateSetting('metastudio.retries', 0);
    await settled(suite.api);
    suite.emulator.setFaults({ error500: 1 });
    try {
      model.clear();
      await view.refresh().then(() => assert.fail('the listing should fail'), () => undefined);
      const [first] = view.tree.getChildren();
      assert.equal(first?.kind, 'listingFailed');
      const item = view.tree.getTreeItem(first);
      assert.equal(item.label, 'Could not list the pending uploads');
      assert.match(String(item.description), /^ListAssets failed: MSS\.00000004\. MetaStudio had an internal error/);
      assert.equal(item.contextValue, 'listingFailed');
      assert.equal(item.command?.command, 'metastudio.refresh');
      const inline = menus().filter((m) => /listingFailed/.test(m.when) && m.group.startsWith('inline')).map((m) => m.command);
      assert.deepEqual(inline, ['metastudio.retryRefresh', 'metastudio.showOutput']);
      suite.emulator.setFaults({});
      await vscode.commands.executeCommand('metastudio.retryRefresh');
      assert.ok(!view.tree.getChildren().some((n) => n.kind === 'listingFailed'));
    } finally {
      suite.emulator.setFaults({});
      await updateSetting('metastudio.retries', undefined);
      await settled(suite.api);
    }
  });

  it('an interrupted upload\'s row has Resume inline, not Mark as Uploaded; a pending file\'s row has ✓', () => {
    const inline = (contextValue: string) => menus()
      .filter((m) => m.group.startsWith('inline') && m.when.includes('view == metastudio.pending'))
      .filter((m) => [...m.when.matchAll(/viewItem =~ \/(.+?)\/(?= |$)/g)].every((r) => new RegExp(r[1]).test(contextValue)) && [...m.when.matchAll(/viewItem == (\w+)/g)].every((r) => r[1] === contextValue))
      .map((m) => m.command);
    assert.deepEqual(inline('pendingFile.local.resumable'), ['metastudio.resumeUpload']);
    assert.deepEqual(inline('pendingFile.local.confirmable'), ['metastudio.resumeUpload']);
    assert.deepEqual(inline('pendingFile'), ['metastudio.markCreated']);
    assert.deepEqual(inline('pendingAsset'), ['metastudio.markCreated']);
    assert.deepEqual(inline('resolvedFile'), []);
  });
});

function menus(): Array<{ command: string; when: string; group: string }> {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, Array<{ command: string; when: string; group: string }>> } };
  return manifest.contributes.menus['view/item/context'];
}
