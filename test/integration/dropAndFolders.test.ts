// Folders and drops in a real VS Code host, against the suite's emulator: a folder from the Explorer
// with its summary, files dropped on the view and on an asset row, a file dropped from the operating
// system, and a drop while signed out. The drops go through the view's own drag-and-drop controller,
// called with a real vscode.DataTransfer: a mouse drag cannot be driven in the test host.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MetaStudioClient } from '../../src/client';
import { DEMO_ACCOUNT, DEMO_PROJECT_ID } from '../emulator';
import { withAnswers } from './fakeWindow';
import { configureDemoCredentials, suiteWithEmulator, until } from './helpers';

describe('Folders and drag and drop', function () {
  const suite = suiteWithEmulator({ seed: 'none' });
  const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const newAssetPerFile = (items: readonly vscode.QuickPickItem[]) => items.find((i) => i.label.includes('New asset'));
  /** Video production's marks for new images and videos, as the settings check them. */
  const asSettingsSay = (items: readonly vscode.QuickPickItem[]) => items.filter((i) => i.picked);
  const write = (relative: string, bytes: number) => {
    const file = path.join(folder(), relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.alloc(bytes, relative));
    return vscode.Uri.file(file);
  };
  const serverFile = (name: string) => suite.emulator.state.files.find((f) => f.file_name === name);
  const uriList = (...uris: vscode.Uri[]) => {
    const data = new vscode.DataTransfer();
    data.set('text/uri-list', new vscode.DataTransferItem(uris.map((u) => u.toString()).join('\r\n')));
    return data;
  };
  const drop = (target: Parameters<typeof suite.api.services.view.drop.handleDrop>[0], data: vscode.DataTransfer) =>
    suite.api.services.view.drop.handleDrop(target, data, new vscode.CancellationTokenSource().token);

  before(() => configureDemoCredentials());

  it('uploads a folder from the Explorer: every supported file below it, after a summary of what is skipped and why', async () => {
    const shoot = path.dirname(write('shoot/clip-a.mp4', 300_000).fsPath);
    write('shoot/stills/still-b.png', 40_000);
    write('shoot/notes.txt', 100);
    write('shoot/empty-c.mp4', 0);
    write('shoot/.hidden-d.mp4', 100);
    const uri = vscode.Uri.file(shoot);
    const { shown } = await withAnswers({ quickPick: [newAssetPerFile, asSettingsSay], button: 'Upload 2 Files' }, () => vscode.commands.executeCommand('metastudio.uploadFolder', uri, [uri]));
    const summary = shown[0];
    assert.equal(summary.message, 'Upload 2 files (332 KiB) from shoot to MetaStudio?');
    assert.deepEqual(summary.actions, ['Upload 2 Files']);
    assert.equal(summary.detail, [
      'Skipped 1 hidden: .hidden-d.mp4.',
      'Skipped 1 of a type MetaStudio does not take: notes.txt.',
      'Skipped 1 empty: empty-c.mp4.',
    ].join('\n'));
    assert.equal(shown.at(-1)?.message, 'Uploaded 2 of 2 files, each into a new asset of its name: clip-a.mp4 and still-b.png.');
    assert.equal(serverFile('clip-a.mp4')?.state, 'CREATED');
    assert.equal(serverFile('still-b.png')?.state, 'CREATED');
    assert.equal(serverFile('notes.txt'), undefined);
    assert.equal(serverFile('empty-c.mp4'), undefined);
  });

  it('starts nothing when the summary is dismissed', async () => {
    const uri = vscode.Uri.file(path.dirname(write('later/clip-e.mp4', 1000).fsPath));
    const before = suite.emulator.state.files.length;
    const { shown } = await withAnswers({ quickPick: [newAssetPerFile, asSettingsSay] }, () => vscode.commands.executeCommand('metastudio.uploadFolder', uri, [uri]));
    assert.equal(shown.length, 1);
    assert.equal(suite.emulator.state.files.length, before);
    assert.equal(suite.emulator.state.assets.some((a) => a.asset_name === 'clip-e'), false);
  });

  it('uploads files and a folder dropped from the Explorer on the view, each to a new asset', async () => {
    const video = write('drops/intro-f.mp4', 200_000);
    const dir = vscode.Uri.file(path.dirname(write('drops/more/outro-g.mp4', 100_000).fsPath));
    const { shown } = await withAnswers({ quickPick: [newAssetPerFile, asSettingsSay], button: 'Upload 2 Files' }, () => drop(undefined, uriList(video, dir)));
    assert.equal(shown[0].message, 'Upload 2 files (293 KiB) from intro-f.mp4 and more to MetaStudio?');
    assert.equal(shown.at(-1)?.message, 'Uploaded 2 of 2 files, each into a new asset of its name: intro-f.mp4 and outro-g.mp4.');
    assert.equal(serverFile('intro-f.mp4')?.state, 'CREATED');
    assert.equal(serverFile('outro-g.mp4')?.state, 'CREATED');
  });

  it('uploads a file dropped on an asset row into that asset, asking which kind of file it is', async () => {
    const client = new MetaStudioClient({ endpoint: suite.emulator.url, iamEndpoint: suite.emulator.url, region: 'cn-north-4', projectId: DEMO_PROJECT_ID, credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk } });
    const { asset_id } = await client.createDigitalAsset({ asset_name: 'Deck H', asset_type: 'PPT' });
    await client.createFile({ file_name: 'deck-h.pptx', file_md5: 'AAAAAAAAAAAAAAAAAAAAAA==', file_size: 10, file_type: 'pptx', asset_id, asset_file_category: 'MAIN' });
    await client.close();
    // A refresh already under way (the last upload's) is joined, and may predate the asset: refresh until it shows.
    const findRow = () => suite.api.services.view.tree.getChildren().find((n) => n.kind === 'asset' && n.asset.assetId === asset_id);
    await until('the asset is a row of the view', async () => (await vscode.commands.executeCommand('metastudio.refresh'), findRow() !== undefined));
    const row = findRow()!;
    const categories: string[] = [];
    const page = write('deck-h-page-1.png', 30_000);
    const { shown } = await withAnswers(
      { quickPick: [(items) => (categories.push(...items.map((i) => i.label)), items.find((i) => i.label === 'PAGE'))] },
      () => drop(row, uriList(page)),
    );
    assert.ok(categories.includes('COVER') && categories.includes('PAGE') && !categories.includes('MAIN'), categories.join());
    assert.equal(shown.length, 1);
    assert.match(shown[0].message, /^Uploaded deck-h-page-1\.png into the asset .+\.$/);
    const file = serverFile('deck-h-page-1.png');
    assert.equal(file?.asset_id, asset_id);
    assert.equal(file?.asset_file_category, 'PAGE');
    assert.equal(file?.state, 'CREATED');
  });

  it('uploads a file dropped from the operating system (the "files" kind, with its path)', async () => {
    const uri = write('desktop/os-drop-i.mp4', 50_000);
    class OsFile extends vscode.DataTransferItem {
      override asFile(): vscode.DataTransferFile {
        return { name: 'os-drop-i.mp4', uri, data: async () => fs.readFileSync(uri.fsPath) };
      }
    }
    const data = new vscode.DataTransfer();
    data.set('files', new OsFile(''));
    const { shown } = await withAnswers({ quickPick: [newAssetPerFile, asSettingsSay] }, () => drop(undefined, data));
    assert.deepEqual(shown.map((s) => s.message), ['Uploaded os-drop-i.mp4 into the asset os-drop-i.']);
    assert.equal(serverFile('os-drop-i.mp4')?.state, 'CREATED');
  });

  it('in a remote window, takes the Explorer\'s vscode-remote URIs of its own remote from the disk the extension runs on, and refuses another remote\'s', async () => {
    // The test host is code-server: a remote window, its remote's name its authority ("host:port").
    const remoteName = vscode.env.remoteName;
    assert.ok(remoteName, 'a remote window');
    const local = write('remote/remote-k.mp4', 40_000);
    const ours = vscode.Uri.from({ scheme: 'vscode-remote', authority: remoteName, path: local.path });
    const theirs = vscode.Uri.from({ scheme: 'vscode-remote', authority: 'ssh-remote+elsewhere', path: local.path.replace('remote-k', 'remote-l') });
    const { shown } = await withAnswers({ quickPick: [newAssetPerFile, asSettingsSay] }, () => drop(undefined, uriList(ours, theirs)));
    // One drop, one notification: what was refused is said in the upload's summary.
    assert.deepEqual(shown.map((s) => s.message), [
      'Uploaded remote-k.mp4 into the asset remote-k. remote-l.mp4 (ssh-remote+elsewhere) cannot be uploaded from this drop: it has no path on this machine. Drop it from the Explorer, or use Upload Files....',
    ]);
    assert.equal(serverFile('remote-k.mp4')?.state, 'CREATED');
    assert.equal(serverFile('remote-l.mp4'), undefined);
  });

  it('says so when a drop comes while signed out, and keeps nothing', async () => {
    await vscode.commands.executeCommand('metastudio.signOut');
    const before = suite.emulator.state;
    const records = (await suite.api.services.uploads.records.list()).length;
    const clip = write('signed-out-j.mp4', 1000);
    const { shown } = await withAnswers({ quickPick: [newAssetPerFile, asSettingsSay] }, () => drop(undefined, uriList(clip)));
    assert.deepEqual(shown.map((s) => [s.level, s.message, s.actions]), [['warning', 'signed-out-j.mp4 was not uploaded: sign in to MetaStudio first, then drop it again.', ['Configure Credentials']]]);
    assert.deepEqual(suite.emulator.state.files.length, before.files.length);
    assert.deepEqual(suite.emulator.state.assets.length, before.assets.length);
    assert.equal((await suite.api.services.uploads.records.list()).length, records, 'no upload record');
  });
});
