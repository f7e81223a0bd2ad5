// Upload Files... in a real VS Code host: from the Explorer selection to CREATED in the suite.emulator.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { withAnswers } from './fakeWindow';
import { DEMO_PROJECT_ID } from '../emulator';
import { configureDemoCredentials, outputLog, suiteWithEmulator, until, updateSetting } from './helpers';

describe('Upload Files', function () {
  const suite = suiteWithEmulator({ seed: 'none' });
  const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const newAssetPerFile = (items: readonly vscode.QuickPickItem[]) => items.find((i) => i.label.includes('New asset'));
  /** Video production's marks for new images and videos, as the settings check them. */
  const asSettingsSay = (items: readonly vscode.QuickPickItem[]) => items.filter((i) => i.picked);
  const write = (name: string, bytes: number) => {
    const file = path.join(folder(), name);
    fs.writeFileSync(file, Buffer.alloc(bytes, name));
    return vscode.Uri.file(file);
  };
  const serverFile = (name: string) => suite.emulator.state.files.find((f) => f.file_name === name);

  before(() => configureDemoCredentials());

  it('uploads two Explorer-selected files, each to a new asset, and confirms them CREATED', async () => {
    const video = write('launch-teaser.mp4', 3 * 1024 * 1024 + 5);
    const image = write('poster.png', 200_000);
    // The Explorer passes the right-clicked file as a Uri object of its own, beside the selection's.
    const clicked = vscode.Uri.file(video.fsPath);
    const { shown } = await withAnswers({ quickPick: [newAssetPerFile, asSettingsSay] }, () => vscode.commands.executeCommand('metastudio.uploadFiles', clicked, [video, image]));
    assert.deepEqual(shown.map((s) => s.message), ['Uploaded 2 of 2 files, each into a new asset of its name: launch-teaser.mp4 and poster.png.']);
    assert.equal(serverFile('launch-teaser.mp4')?.state, 'CREATED');
    assert.equal(serverFile('launch-teaser.mp4')?.uploaded, true);
    assert.equal(serverFile('poster.png')?.state, 'CREATED');
    const assets = suite.emulator.state.assets.map((a) => [a.asset_name, a.asset_type, a.asset_state]).sort();
    assert.deepEqual(assets, [['launch-teaser', 'VIDEO', 'ACTIVED'], ['poster', 'IMAGE', 'ACTIVED']]);
    assert.deepEqual(await suite.api.services.uploads.records.list(), [], 'no local record is left');
    assert.match(outputLog(suite.api), /Upload to OBS: PUT 127\.0\.0\.1:\d+\/obs\/[^ ]+launch-teaser\.mp4 → 200/);
    assert.doesNotMatch(outputLog(suite.api), /Signature=[^*]/, 'the upload URL\'s signature is not logged');
  });

  it('refuses early, in a sentence, what MetaStudio would refuse', async () => {
    const empty = write('empty.mp4', 0);
    const before = suite.emulator.state.files.length;
    const { shown } = await withAnswers({ quickPick: [newAssetPerFile, asSettingsSay] }, () => vscode.commands.executeCommand('metastudio.uploadFiles', empty, [empty]));
    assert.match(shown[0].message, /empty\.mp4 cannot be uploaded\. empty\.mp4 is empty/);
    assert.equal(suite.emulator.state.files.length, before);
  });

  it('adds a file to an existing asset as its COVER', async () => {
    const cover = write('teaser-cover.jpg', 50_000);
    await withAnswers(
      { quickPick: [(items) => items.find((i) => i.label === 'launch-teaser'), (items) => items.find((i) => i.label === 'COVER')] },
      () => vscode.commands.executeCommand('metastudio.uploadFiles', cover, [cover]),
    );
    const file = serverFile('teaser-cover.jpg');
    assert.equal(file?.asset_file_category, 'COVER');
    assert.equal(file?.state, 'CREATED');
    assert.equal(suite.emulator.state.assets.find((a) => a.asset_id === file?.asset_id)?.asset_name, 'launch-teaser');
  });

  it('keeps an upload whose PUT keeps being cut to resume (not FAILED); Resume by record id finishes it', async () => {
    suite.emulator.setFaults({ obsResetAfterBytes: 64 * 1024 });
    const clip = write('broken-clip.mp4', 1024 * 1024);
    const { shown } = await withAnswers({ quickPick: [newAssetPerFile, asSettingsSay] }, () => vscode.commands.executeCommand('metastudio.uploadFiles', clip, [clip]));
    suite.emulator.setFaults({});
    assert.equal(serverFile('broken-clip.mp4')?.state, 'CREATING');
    const summary = shown.at(-1)!;
    assert.equal(summary.message, 'broken-clip.mp4 was not uploaded and stays pending under This machine. The connection to OBS broke: check your network, then Resume the upload.');
    assert.deepEqual(summary.actions, ['Show in Pending Uploads', 'Show Output'], 'no Retry: Resume is the way, from its row');
    const [kept] = await suite.api.services.uploads.records.list();
    assert.match(kept.lastError ?? '', /reset the connection/);
    // Only the id is taken from the argument: the record is the extension's own.
    await vscode.commands.executeCommand('metastudio.resumeUpload', { kind: 'file', file: { fileId: kept.fileId, upload: { id: kept.id } } });
    assert.equal(serverFile('broken-clip.mp4')?.state, 'CREATED');
    assert.deepEqual(await suite.api.services.uploads.records.list(), []);
  });

  it('ignores a made-up record passed to Resume, Forget or Mark: nothing is confirmed, nothing forgotten', async () => {
    const victim = suite.emulator.seedBulk({ assets: 1, filesPerAsset: 1, uploaded: false })[0];
    const crafted = { kind: 'file', file: { fileId: victim.file_id, assetId: victim.asset_id, upload: { id: 'made-up', fileId: victim.file_id, assetId: victim.asset_id, step: 'uploaded', confirming: 'CANCELLED', localPath: '/nowhere', size: 1 } } };
    const confirms = suite.emulator.state.confirms.length;
    for (const command of ['metastudio.resumeUpload', 'metastudio.forgetUpload']) {
      await vscode.commands.executeCommand(command, crafted);
    }
    assert.equal(suite.emulator.state.confirms.length, confirms);
    assert.equal(suite.emulator.state.files.find((f) => f.file_id === victim.file_id)?.state, 'CREATING');
  });

  it('finishes an upload on the client it started with when settings change and the proxy toggles in the middle', async () => {
    // OBS answers 503 for 0.8 s: the PUT is still retrying (backoff of 1 s or more in all) while the settings change.
    suite.emulator.setFaults({ obsUnavailableMs: 800 });
    const clip = write('steady-clip.mp4', 256 * 1024);
    const running = withAnswers({ quickPick: [newAssetPerFile, asSettingsSay] }, () => vscode.commands.executeCommand('metastudio.uploadFiles', clip, [clip]));
    await until('OBS refused a PUT', () => (suite.emulator.counters.requests['503'] ?? 0) > 0);
    await updateSetting('metastudio.timeoutSeconds', 31);
    await updateSetting('http.proxy', suite.emulator.proxyUrl);
    await updateSetting('http.proxy', undefined);
    const { shown } = await running;
    await updateSetting('metastudio.timeoutSeconds', undefined);
    suite.emulator.setFaults({});
    assert.deepEqual(shown.map((s) => s.message), ['Uploaded steady-clip.mp4 into the asset steady-clip.']);
    assert.equal(serverFile('steady-clip.mp4')?.state, 'CREATED');
    assert.doesNotMatch(outputLog(suite.api), /was not contacted|could not be checked/);
  });

  it('stops a running upload at sign-out with one sentence; the upload stays to resume, nothing confirmed', async () => {
    suite.emulator.setFaults({ obsStallAfterBytes: 64 * 1024 });
    const clip = write('signed-out-clip.mp4', 512 * 1024);
    const confirms = suite.emulator.state.confirms.length;
    const running = withAnswers({ quickPick: [newAssetPerFile, asSettingsSay] }, () => vscode.commands.executeCommand('metastudio.uploadFiles', clip, [clip]));
    await until('the PUT is under way', async () => (await suite.api.services.uploads.records.list()).some((r) => r.fileName === 'signed-out-clip.mp4' && r.step === 'uploading'));
    const signedOut = await withAnswers({}, () => vscode.commands.executeCommand('metastudio.signOut'));
    const upload = await running;
    suite.emulator.setFaults({});
    try {
      assert.deepEqual(signedOut.shown.map((s) => s.message), ['Signed out of MetaStudio (profile "Default"): the work in progress stopped, and unfinished uploads stay under This machine to resume.']);
      assert.deepEqual(upload.shown.map((s) => s.message), [], 'no second message about the upload');
      assert.equal(serverFile('signed-out-clip.mp4')?.state, 'CREATING');
      assert.equal(suite.emulator.state.confirms.length, confirms, 'nothing confirmed');
      const kept = (await suite.api.services.uploads.records.list()).find((r) => r.fileName === 'signed-out-clip.mp4');
      assert.match(kept?.lastError ?? '', /^Signed out of MetaStudio/);
    } finally {
      await configureDemoCredentials();
    }
  });

  it('stops a running upload when another window signs out of its profile, as a sign-out here does', async () => {
    suite.emulator.setFaults({ obsStallAfterBytes: 64 * 1024 });
    const clip = write('signed-out-elsewhere.mp4', 512 * 1024);
    const confirms = suite.emulator.state.confirms.length;
    const running = withAnswers({ quickPick: [newAssetPerFile, asSettingsSay] }, () => vscode.commands.executeCommand('metastudio.uploadFiles', clip, [clip]));
    await until('the PUT is under way', async () => (await suite.api.services.uploads.records.list()).some((r) => r.fileName === 'signed-out-elsewhere.mp4' && r.step === 'uploading'));
    // Another window's Sign Out: only SecretStorage changes, and this window hears of it by its change event.
    const told = await withAnswers({}, async () => {
      await suite.api.services.context.secrets.delete('metastudio.credentials');
      await until('the upload stopped', async () => (await suite.api.services.uploads.records.list()).some((r) => r.fileName === 'signed-out-elsewhere.mp4' && /^Signed out of MetaStudio/.test(r.lastError ?? '')));
      await until('the view is signed out', async () => suite.api.services.session.state === 'unconfigured' && suite.api.services.session.running === 0);
    });
    const upload = await running;
    suite.emulator.setFaults({});
    try {
      assert.deepEqual(told.shown.map((s) => s.message), ['Signed out of MetaStudio in another window (profile "Default"): the work in progress stopped, and unfinished uploads stay under This machine to resume.']);
      assert.deepEqual(upload.shown.map((s) => s.message), [], 'no second message about the upload');
      assert.equal(serverFile('signed-out-elsewhere.mp4')?.state, 'CREATING');
      assert.equal(suite.emulator.state.confirms.length, confirms, 'nothing confirmed');
    } finally {
      await configureDemoCredentials();
    }
  });

  it('starts nothing when the user signs out while the asset pick is open, and says so in one sentence', async () => {
    const clip = write('picked-after-sign-out.mp4', 4096);
    const assets = suite.emulator.state.assets.length;
    const signOutThenPick = async (items: readonly vscode.QuickPickItem[]) => {
      await vscode.commands.executeCommand('metastudio.signOut');
      return newAssetPerFile(items);
    };
    try {
      const { shown } = await withAnswers({ quickPick: [signOutThenPick, asSettingsSay] }, () => vscode.commands.executeCommand('metastudio.uploadFiles', clip, [clip]));
      assert.deepEqual(shown.map((s) => s.message), [
        'Signed out of MetaStudio (profile "Default"): the work in progress stopped, and unfinished uploads stay under This machine to resume.',
        'picked-after-sign-out.mp4 was not uploaded: you signed out of MetaStudio. Sign in, then upload it again.',
      ]);
      assert.equal(suite.emulator.state.assets.length, assets, 'no asset created');
      assert.equal(serverFile('picked-after-sign-out.mp4'), undefined, 'no file created');
      assert.deepEqual((await suite.api.services.uploads.records.list()).filter((r) => r.fileName === 'picked-after-sign-out.mp4'), []);
    } finally {
      await configureDemoCredentials();
    }
  });

  it('shows an upload another window holds as running there, with no Resume, Forget or Mark', async () => {
    const { services } = suite.api;
    const [seeded] = suite.emulator.seedBulk({ assets: 1, filesPerAsset: 1, uploaded: false });
    const local = write('held-elsewhere.mp4', 1000);
    const record = {
      id: 'held-elsewhere', endpoint: suite.emulator.url, projectId: DEMO_PROJECT_ID, localPath: local.fsPath, fileName: 'held-elsewhere.mp4', fileType: 'mp4', contentType: 'video/mp4',
      size: 1000, mtimeMs: 0, md5: 'x', assetId: seeded.asset_id, assetName: 'held', category: 'MAIN' as const, fileId: seeded.file_id, urlExpiresAt: Date.now() + 3600_000,
      step: 'uploading' as const, createdAt: Date.now(), updatedAt: Date.now(),
    };
    await services.uploads.records.save(record);
    // The other window's lock: a live owner on another machine sharing this storage, beating now.
    const locks = path.join(services.context.globalStorageUri.fsPath, 'uploads', 'locks');
    fs.mkdirSync(locks, { recursive: true });
    fs.writeFileSync(path.join(locks, 'held-elsewhere.lock'), JSON.stringify({ owner: 'other-window', heartbeatAt: Date.now(), pid: 1, host: 'another-machine' }));
    try {
      await services.uploads.reload();
      const file = services.model.localUploads().find((f) => f.upload?.id === 'held-elsewhere')!;
      assert.equal(file.elsewhere, true);
      const item = services.view.tree.getTreeItem({ kind: 'file', file });
      assert.equal(item.contextValue, 'runningUpload');
      assert.match(String(item.description), /uploading in another window/);
      const arg = { kind: 'file', file: { fileId: seeded.file_id, upload: { id: 'held-elsewhere' } } };
      const resumed = await withAnswers({}, () => vscode.commands.executeCommand('metastudio.resumeUpload', arg));
      assert.match(resumed.shown.at(-1)?.message ?? '', /held-elsewhere\.mp4 is being uploaded in another window/);
      const forgot = await withAnswers({}, () => vscode.commands.executeCommand('metastudio.forgetUpload', arg));
      assert.deepEqual(forgot.shown, [], 'no Forget dialog for a running upload');
      assert.equal((await services.uploads.records.list()).filter((r) => r.id === 'held-elsewhere').length, 1);
      assert.equal(suite.emulator.state.files.find((f) => f.file_id === seeded.file_id)?.state, 'CREATING');
    } finally {
      fs.rmSync(path.join(locks, 'held-elsewhere.lock'), { force: true });
      await services.uploads.records.remove('held-elsewhere');
      await services.uploads.reload();
    }
  });
});
