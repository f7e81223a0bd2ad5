// The real API's variety in a real VS Code host: assets of types files are not uploaded into (and of
// a type newer than the SDK), asset names MetaStudio takes, video production's system_properties, and
// files that review has not passed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { withAnswers } from './fakeWindow';
import { configureDemoCredentials, suiteWithEmulator, updateSetting } from './helpers';

describe('Fidelity: asset types, names, video production and review', function () {
  const suite = suiteWithEmulator({ seed: 'none' });
  const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const write = (name: string, bytes: number) => {
    const file = path.join(folder(), name);
    fs.writeFileSync(file, Buffer.alloc(bytes, name));
    return vscode.Uri.file(file);
  };
  const upload = (...uris: vscode.Uri[]) => vscode.commands.executeCommand('metastudio.uploadFiles', uris[0], uris);
  const newAssetPerFile = (items: readonly vscode.QuickPickItem[]) => items.find((i) => i.label.includes('New asset'));
  const asSettingsSay = (items: readonly vscode.QuickPickItem[]) => items.filter((i) => i.picked);
  const assetOf = (fileName: string) => {
    const file = suite.emulator.state.files.find((f) => f.file_name === fileName);
    return suite.emulator.state.assets.find((a) => a.asset_id === file?.asset_id);
  };

  before(async () => {
    await configureDemoCredentials();
    suite.emulator.seedAssets([
      { asset_name: 'Presenter avatar', asset_type: 'HUMAN_MODEL_2D', asset_state: 'ACTIVED', files: [{ file_name: 'avatar.mp4', state: 'CREATED' }] },
      { asset_name: 'Hologram show', asset_type: 'HOLOGRAM', asset_state: 'CREATING', files: [{ file_name: 'show.holo' }] },
      { asset_name: 'Launch video', asset_type: 'VIDEO', asset_state: 'ACTIVED', files: [{ file_name: 'launch.mp4', state: 'CREATED' }] },
    ]);
  });
  afterEach(async () => {
    suite.emulator.setReview('auto');
    await updateSetting('metastudio.imageSystemProperties', undefined);
  });

  it('offers only the assets that take the files; one of a type we do not upload into is shown with the reason, and picking it creates nothing', async () => {
    const cover = write('launch-cover.png', 10_000);
    let offered: readonly vscode.QuickPickItem[] = [];
    const files = suite.emulator.state.files.length;
    const { shown } = await withAnswers(
      { quickPick: [(items) => ((offered = items), items.find((i) => i.label === 'Presenter avatar'))] },
      () => upload(cover),
    );
    assert.deepEqual(offered.slice(1).map((i) => i.label), ['Existing assets', 'Launch video', 'Cannot take these files', 'Hologram show', 'Presenter avatar']);
    const avatar = offered.find((i) => i.label === 'Presenter avatar')!;
    assert.equal(avatar.detail, '$(circle-slash) Files cannot be uploaded into a HUMAN_MODEL_2D asset: MetaStudio makes such assets itself.');
    assert.deepEqual(shown.map((s) => [s.level, s.message]), [['warning', 'Nothing was uploaded into Presenter avatar. Files cannot be uploaded into a HUMAN_MODEL_2D asset: MetaStudio makes such assets itself.']]);
    assert.equal(suite.emulator.state.files.length, files, 'nothing was created');
  });

  it('uploads into an asset that takes the file, as the one category that takes it', async () => {
    const cover = write('launch-cover.png', 10_000);
    const { shown } = await withAnswers({ quickPick: [(items) => items.find((i) => i.label === 'Launch video')] }, () => upload(cover));
    assert.deepEqual(shown.map((s) => s.message), ['Uploaded launch-cover.png into the asset Launch video.']);
    const file = suite.emulator.state.files.find((f) => f.file_name === 'launch-cover.png');
    assert.deepEqual([file?.asset_file_category, file?.state, assetOf('launch-cover.png')?.asset_name], ['COVER', 'CREATED', 'Launch video']);
  });

  it('shows an asset whose one fitting category is taken apart, with the reason, for one file and for several', async () => {
    // Launch video holds its COVER now (the test above): a VIDEO asset takes a picture only as its COVER.
    const second = write('second-cover.png', 10_000);
    const third = write('third-cover.png', 10_000);
    for (const files of [[second], [second, third]]) {
      let offered: readonly vscode.QuickPickItem[] = [];
      await withAnswers({ quickPick: [(items) => ((offered = items), undefined)] }, () => upload(...files));
      const labels = offered.map((i) => i.label);
      assert.ok(labels.indexOf('Launch video') > labels.indexOf('Cannot take these files'), `${files.length} file(s): ${labels.join(', ')}`);
      assert.equal(offered.find((i) => i.label === 'Launch video')?.detail, '$(circle-slash) It has its COVER file already.');
    }
  });

  it('lists the pending file of an asset of a type newer than the SDK, like any other', async () => {
    await suite.api.services.view.refresh();
    const tree = suite.api.services.view.tree;
    const asset = tree.getChildren().find((n) => n.kind === 'asset' && n.asset.assetName === 'Hologram show');
    assert.ok(asset, 'the asset is in the tree');
    assert.equal(tree.getTreeItem(asset).description, '1 pending');
    assert.match((tree.getTreeItem(asset).tooltip as vscode.MarkdownString).value, /^Type: HOLOGRAM$/m);
    assert.deepEqual(tree.getChildren(asset).map((n) => (n.kind === 'file' ? n.file.fileName : '')), ['show.holo']);
  });

  it('shows the asset name it will use before anything is created, and creates nothing when declined', async () => {
    const menu = write('Café: menu (v2).png', 5_000);
    const before = suite.emulator.state.assets.length;
    const declined = await withAnswers({ quickPick: [newAssetPerFile, asSettingsSay] }, () => upload(menu));
    assert.equal(declined.shown[0].message, 'The asset for Café: menu (v2).png will be named "Cafe_ menu (v2)".');
    assert.equal(suite.emulator.state.assets.length, before, 'no asset when the name is not accepted');
    let offered: readonly vscode.QuickPickItem[] = [];
    const accepted = await withAnswers({ quickPick: [(items) => ((offered = items), newAssetPerFile(items)), asSettingsSay], button: 'Upload' }, () => upload(menu));
    assert.deepEqual([offered[0].label, offered[0].description], ['$(new-file) New asset', '"Cafe_ menu (v2)", an image asset'], 'one file: one new asset, named');
    assert.equal(accepted.shown.at(-1)?.message, 'Uploaded Café: menu (v2).png into the asset Cafe_ menu (v2).');
    assert.equal(assetOf('Café: menu (v2).png')?.asset_name, 'Cafe_ menu (v2)');
  });

  it('marks new images and videos for video production as the settings say, and as chosen in the upload', async () => {
    const still = write('still.png', 3_000);
    const clip = write('clip.mp4', 3_000);
    let offered: readonly vscode.QuickPickItem[] = [];
    await withAnswers({ quickPick: [newAssetPerFile, (items) => ((offered = items), asSettingsSay(items))] }, () => vscode.commands.executeCommand('metastudio.uploadFiles', still, [still, clip]));
    assert.deepEqual(offered.map((i) => [i.description, i.picked]), [['IMAGE · MATERIAL_IMG', true], ['IMAGE · BACKGROUND_IMG', false], ['VIDEO · MATERIAL_VIDEO', true], ['VIDEO · BUSSINESS_CARD_VIDEO', false]]);
    assert.deepEqual(assetOf('still.png')?.system_properties, [{ key: 'MATERIAL_IMG', value: 'Yes' }]);
    assert.deepEqual(assetOf('clip.mp4')?.system_properties, [{ key: 'MATERIAL_VIDEO', value: 'Yes' }]);

    await updateSetting('metastudio.imageSystemProperties', ['BACKGROUND_IMG']);
    const backdrop = write('backdrop.png', 3_000);
    await withAnswers({ quickPick: [newAssetPerFile, (items) => ((offered = items), asSettingsSay(items))] }, () => upload(backdrop));
    assert.deepEqual(offered.filter((i) => i.picked).map((i) => i.description), ['IMAGE · BACKGROUND_IMG']);
    assert.deepEqual(assetOf('backdrop.png')?.system_properties, [{ key: 'BACKGROUND_IMG', value: 'Yes' }]);

    // A setting of the wrong shape: its known keys count, anything else means the default.
    await updateSetting('metastudio.imageSystemProperties', ['BACKGROUND_IMG', 'NOT_A_KEY', 3]);
    await withAnswers({ quickPick: [newAssetPerFile, (items) => ((offered = items), undefined)] }, () => upload(backdrop));
    assert.deepEqual(offered.filter((i) => i.picked).map((i) => i.description), ['IMAGE · BACKGROUND_IMG']);
    await updateSetting('metastudio.imageSystemProperties', 'many');
    await withAnswers({ quickPick: [newAssetPerFile, (items) => ((offered = items), undefined)] }, () => upload(backdrop));
    assert.deepEqual(offered.filter((i) => i.picked).map((i) => i.description), ['IMAGE · MATERIAL_IMG'], 'cancelled, and nothing was created');
    assert.equal(suite.emulator.state.files.filter((f) => f.file_name === 'backdrop.png').length, 1);

    const hidden = write('hidden.png', 3_000);
    await withAnswers({ quickPick: [newAssetPerFile, () => []] }, () => upload(hidden));
    assert.deepEqual(assetOf('hidden.png')?.system_properties, [], 'nothing checked: no marks');
  });

  it('says when an uploaded file awaits review, and shows a block with its reason', async () => {
    suite.emulator.setReview('awaiting');
    const waiting = write('waiting.png', 2_000);
    const first = await withAnswers({ quickPick: [newAssetPerFile, asSettingsSay] }, () => upload(waiting));
    assert.deepEqual(first.shown.map((s) => [s.level, s.message]), [['info', 'Uploaded waiting.png into the asset waiting. waiting.png is uploaded, awaiting review.']]);
    suite.emulator.setReview('block');
    const blocked = write('blocked.png', 2_000);
    const second = await withAnswers({ quickPick: [newAssetPerFile, asSettingsSay] }, () => upload(blocked));
    assert.deepEqual(second.shown.map((s) => [s.level, s.message]), [['warning', 'Uploaded blocked.png into the asset blocked. blocked.png is uploaded, but MetaStudio blocked it: Content review failed; block_reason_code EMU.REVIEW_REJECTED']]);
  });
});
