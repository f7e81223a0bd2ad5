// The list is the truth, in a real VS Code host against the emulator: files pending under assets of
// any state, first rows while pages still arrive, a refresh that can be cancelled, empty leftover
// assets, bytes never uploaded, uploads again under a taken name, categories an asset has no room for.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MetaStudioClient } from '../../src/client';
import type { PendingNode } from '../../src/tree/pendingTree';
import { DEMO_ACCOUNT, DEMO_IDS, DEMO_PROJECT_ID } from '../emulator';
import { withAnswers } from './fakeWindow';
import { configureDemoCredentials, outputLog, suiteWithEmulator, until } from './helpers';

describe('The list is the truth', function () {
  this.timeout(120_000);
  const suite = suiteWithEmulator({ seed: 'demo' });
  const view = () => suite.api.services.view;
  const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const write = (name: string, bytes: number | Buffer) => {
    const file = path.join(folder(), name);
    fs.writeFileSync(file, typeof bytes === 'number' ? Buffer.alloc(bytes, name) : bytes);
    return vscode.Uri.file(file);
  };
  const assetNode = (assetId: string) => view().tree.getChildren().find((n): n is Extract<PendingNode, { kind: 'asset' }> => n.kind === 'asset' && n.asset.assetId === assetId);
  const filesUnder = (assetId: string) => {
    const node = assetNode(assetId);
    // A row resolved a moment ago stays, marked, before it leaves: it is not pending.
    return node ? view().tree.getChildren(node).map((n) => (n.kind === 'file' && !n.file.resolvedAs ? n.file.fileName : '')).filter(Boolean) : [];
  };
  const serverFile = (id: string) => suite.emulator.state.files.find((f) => f.file_id === id);
  /** The new-asset pick, then the video production marks as the settings say. */
  const newAsset = [
    (items: readonly vscode.QuickPickItem[]) => items.find((i) => i.label.includes('New asset')),
    (items: readonly vscode.QuickPickItem[]) => items.filter((i) => i.picked),
  ];
  let client: MetaStudioClient;

  before(async () => {
    await configureDemoCredentials();
    await vscode.commands.executeCommand('workbench.view.extension.metastudio');
    // The test's own client on the same emulator, for what a script or the console would do meanwhile.
    client = new MetaStudioClient({ endpoint: suite.emulator.url, iamEndpoint: suite.emulator.url, region: DEMO_ACCOUNT.region, projectId: DEMO_PROJECT_ID, credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk }, rateLimitPerSecond: 0 });
  });
  after(() => client?.close());

  it('keeps listing COVER and PAGE files after Mark as Uploaded on the MAIN file turns the asset ACTIVED', async () => {
    const asset = await client.createDigitalAsset({ asset_name: 'Launch deck', asset_type: 'PPT' });
    const main = write('launch-deck.pptx', 4000);
    const md5 = createHash('md5').update(fs.readFileSync(main.fsPath)).digest('base64');
    const made = await client.createFile({ file_name: 'launch-deck.pptx', file_md5: md5, file_size: 4000, file_type: 'pptx', asset_id: asset.asset_id, asset_file_category: 'MAIN' });
    await client.putFile({ uploadUrl: made.upload_url, path: main.fsPath, size: 4000, md5, contentType: 'application/octet-stream' });
    await client.createFile({ file_name: 'cover.jpg', file_md5: md5, file_size: 10, file_type: 'jpg', asset_id: asset.asset_id, asset_file_category: 'COVER' });
    await client.createFile({ file_name: 'page-1.png', file_md5: md5, file_size: 10, file_type: 'png', asset_id: asset.asset_id, asset_file_category: 'PAGE' });
    await vscode.commands.executeCommand('metastudio.refresh');
    assert.deepEqual(filesUnder(asset.asset_id), ['launch-deck.pptx', 'cover.jpg', 'page-1.png']);

    await withAnswers({}, () => vscode.commands.executeCommand('metastudio.markCreated', view().tree.fileNode(made.file_id)));
    assert.equal(suite.emulator.state.assets.find((a) => a.asset_id === asset.asset_id)?.asset_state, 'ACTIVED');
    await vscode.commands.executeCommand('metastudio.refresh');
    assert.deepEqual(filesUnder(asset.asset_id), ['cover.jpg', 'page-1.png'], 'from 3 pending files to 2, not to 0');
    const item = view().tree.getTreeItem(assetNode(asset.asset_id)!);
    assert.match(String(item.description), /^2 pending$/);
  });

  it('offers only the categories the asset still takes: not MAIN or COVER once it has them', async () => {
    const deck = suite.emulator.state.assets.find((a) => a.asset_name === 'Launch deck')!;
    const page = write('page-2.png', 3000);
    let offered: string[] = [];
    await withAnswers(
      {
        quickPick: [
          (items) => items.find((i) => i.label === 'Launch deck'),
          (items) => {
            offered = items.map((i) => i.label);
            return items.find((i) => i.label === 'PAGE');
          },
        ],
      },
      () => vscode.commands.executeCommand('metastudio.uploadFiles', page, [page]),
    );
    assert.deepEqual(offered, ['PAGE', 'OTHER']);
    const file = suite.emulator.state.files.find((f) => f.file_name === 'page-2.png');
    assert.equal(file?.asset_id, deck.asset_id);
    assert.equal(file?.state, 'CREATED');
  });

  it('says a file MetaStudio has no bytes for was never uploaded, and uploads a local file in its place', async () => {
    await vscode.commands.executeCommand('metastudio.refresh');
    const backdrop = view().tree.fileNode(DEMO_IDS.backdropMain)!;
    const { shown } = await withAnswers({}, () => vscode.commands.executeCommand('metastudio.markCreated', backdrop));
    const summary = shown.at(-1)!;
    assert.equal(summary.message, `backdrop-blue.png (file id ${DEMO_IDS.backdropMain}) was not marked as uploaded. MetaStudio has no bytes for it: upload a local file in its place, or mark it as cancelled.`);
    assert.deepEqual(summary.actions, ['Upload in Its Place...', 'Mark as Cancelled', 'Show Output'], 'no Retry: a retry cannot succeed');
    const item = view().tree.getTreeItem(view().tree.fileNode(DEMO_IDS.backdropMain)!);
    assert.equal(item.contextValue, 'pendingFile.failed.notUploaded');
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /has not been uploaded/);
    assert.match(tooltip, /MetaStudio has no bytes for this file/);
    assert.doesNotMatch(tooltip, /may already be confirmed or deleted/);

    const replacement = write('backdrop-blue-v2.png', 20_000);
    const run = await withAnswers(
      { buttons: ['Upload in Its Place...', 'Cancel It and Upload'], openFiles: [replacement] },
      () => vscode.commands.executeCommand('metastudio.markCreated', view().tree.fileNode(DEMO_IDS.backdropMain)),
    );
    assert.ok(run.shown.some((s) => /^Mark backdrop-blue\.png as cancelled and upload backdrop-blue-v2\.png into Studio backdrop \(blue\) as MAIN\?$/.test(s.message)), JSON.stringify(run.shown));
    assert.equal(serverFile(DEMO_IDS.backdropMain)?.state, 'CANCELLED');
    const added = suite.emulator.state.files.find((f) => f.file_name === 'backdrop-blue-v2.png');
    assert.equal(added?.asset_id, DEMO_IDS.backdropAsset);
    assert.equal(added?.asset_file_category, 'MAIN');
    assert.equal(added?.state, 'CREATED');
    assert.ok(!view().tree.fileNode(DEMO_IDS.backdropMain), 'the empty file left the view');
  });

  it('uploads a file again after a failure into a free asset name, not "asset name already exists"', async () => {
    const talk = write('talk.mp4', 256 * 1024);
    suite.emulator.setFaults({ obsEarlyAnswer: 403 }); // OBS refuses the PUT: the upload is confirmed FAILED
    await withAnswers({ quickPick: newAsset }, () => vscode.commands.executeCommand('metastudio.uploadFiles', talk, [talk]));
    suite.emulator.setFaults({});
    assert.equal(suite.emulator.state.assets.find((a) => a.asset_name === 'talk')?.asset_state, 'FAILED');
    const { shown } = await withAnswers({ quickPick: newAsset, button: 'Upload' }, () => vscode.commands.executeCommand('metastudio.uploadFiles', talk, [talk]));
    assert.deepEqual(shown.map((s) => s.message), ['talk.mp4 goes to a new asset "talk (2)": an asset named "talk" exists.', 'Uploaded talk.mp4 into the asset talk (2).']);
    assert.equal(suite.emulator.state.assets.find((a) => a.asset_name === 'talk (2)')?.asset_state, 'ACTIVED');
    assert.match(outputLog(suite.api), /talk\.mp4 goes to a new asset "talk \(2\)"/);
  });

  it('uploads two files of one base name in one batch into "clip" and "clip (2)", saying so first, each named with its folder', async () => {
    fs.mkdirSync(path.join(folder(), 'take-1'), { recursive: true });
    fs.mkdirSync(path.join(folder(), 'take-2'), { recursive: true });
    const clips = [write(path.join('take-1', 'clip.mp4'), 2000), write(path.join('take-2', 'clip.mp4'), 3000)];
    const declined = await withAnswers({ quickPick: newAsset }, () => vscode.commands.executeCommand('metastudio.uploadFiles', clips[0], clips));
    assert.deepEqual(declined.shown.map((s) => s.message), ['take-2/clip.mp4 goes to a new asset "clip (2)": another file of this upload is named "clip".']);
    assert.ok(!suite.emulator.state.assets.some((a) => a.asset_name.startsWith('clip')), 'nothing made without a yes');
    const { shown } = await withAnswers({ quickPick: newAsset, button: 'Upload' }, () => vscode.commands.executeCommand('metastudio.uploadFiles', clips[0], clips));
    assert.equal(shown.at(-1)?.message, 'Uploaded 2 of 2 files: clip.mp4 into the asset clip and clip.mp4 into the asset clip (2).', 'each file with the asset it went to');
    const clipAssets = suite.emulator.state.assets.filter((a) => a.asset_name.startsWith('clip'));
    assert.deepEqual(clipAssets.map((a) => a.asset_name).sort(), ['clip', 'clip (2)']);
    assert.ok(clipAssets.every((a) => a.asset_state === 'ACTIVED'));
  });

  it('lists an empty asset left CREATING as such, and deletes it with Delete Empty Asset', async () => {
    const empty = await client.createDigitalAsset({ asset_name: 'Abandoned upload', asset_type: 'VIDEO' });
    // A refresh the last upload started may still run (and is joined): refresh until one began after.
    await until('the empty asset is listed', async () => {
      await vscode.commands.executeCommand('metastudio.refresh');
      return assetNode(empty.asset_id) !== undefined;
    });
    const node = assetNode(empty.asset_id)!;
    const item = view().tree.getTreeItem(node);
    assert.equal(item.contextValue, 'leftoverAsset');
    assert.match(String(item.description), /VIDEO · empty: no file/);
    const declined = await withAnswers({}, () => vscode.commands.executeCommand('metastudio.deleteAsset', node));
    assert.equal(declined.shown[0].message, 'Delete the empty asset Abandoned upload?');
    assert.equal(suite.emulator.state.assets.find((a) => a.asset_id === empty.asset_id)?.asset_state, 'CREATING', 'not the default');
    await withAnswers({ button: 'Delete' }, () => vscode.commands.executeCommand('metastudio.deleteAsset', node));
    assert.equal(suite.emulator.state.assets.find((a) => a.asset_id === empty.asset_id)?.asset_state, 'DELETING');
    // Its row stays a moment, saying so, with no action, then leaves.
    assert.equal(assetNode(empty.asset_id)?.asset.removed, true);
    assert.equal(view().tree.getTreeItem(assetNode(empty.asset_id)!).contextValue, 'removedAsset');
    await until('the deleted asset\'s row leaves', () => !assetNode(empty.asset_id));
  });

  it('shows the first rows while pages still arrive, counts the assets read, and a slow refresh can be cancelled', async () => {
    suite.emulator.seedBulk({ assets: 450, filesPerAsset: 1, uploaded: false });
    const model = suite.api.services.model;
    model.clear();
    // As at a first start: no listing kept from an earlier refresh (that one would show instead of the pages).
    fs.rmSync(path.join(suite.api.services.context.globalStorageUri.fsPath, 'listings'), { recursive: true, force: true });
    suite.emulator.setFaults({ latencyMs: 700, latencyRate: 1 });
    const first = view().refresh();
    assert.equal(view().refresh(), first, 'a refresh already running is joined');
    await until('the first rows show before the last page', () => model.count > 0);
    assert.equal(model.isLoaded, false, 'still reading');
    await until('the view says how far it got', () => /Reading pending uploads: \d+ assets read…/.test(view().treeView.message ?? ''));
    view().cancelRefresh();
    await first;
    suite.emulator.setFaults({});
    assert.equal(view().treeView.message, undefined);
    await view().refresh();
    assert.equal(model.isLoaded, true);
    const pending = suite.emulator.state.files.filter((f) => f.state === 'CREATING').length;
    assert.equal(model.count, pending);
  });
});
