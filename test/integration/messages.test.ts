// What the extension says, in a real VS Code host: every result names its files, toasts are short and
// never awaited, confirmations list what they change with the safe choice first, progress moves,
// uploads say where they go.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MetaStudioClient } from '../../src/client';
import { DEMO_ACCOUNT, DEMO_PROJECT_ID } from '../emulator';
import { withAnswers } from './fakeWindow';
import { configureDemoCredentials, EXTENSION_ID, scriptPendingFiles, suiteWithEmulator, writeWorkspaceFile } from './helpers';

describe('What the extension says', function () {
  this.timeout(120_000);
  const suite = suiteWithEmulator({ seed: 'none' });
  const write = writeWorkspaceFile;
  const serverFile = (name: string) => suite.emulator.state.files.find((f) => f.file_name === name);
  const newAsset = (items: readonly vscode.QuickPickItem[]) => items.find((i) => i.label.includes('New asset'));
  const asSettingsSay = (items: readonly vscode.QuickPickItem[]) => items.filter((i) => i.picked);
  let client: MetaStudioClient;
  /** Pending files made as a script would: CreateFile, no bytes. */
  const pendingFiles = async (assetName: string, names: string[]) => (await scriptPendingFiles(suite.api, client, assetName, names)).nodes;

  before(async () => {
    await configureDemoCredentials();
    client = new MetaStudioClient({ endpoint: suite.emulator.url, iamEndpoint: suite.emulator.url, region: DEMO_ACCOUNT.region, projectId: DEMO_PROJECT_ID, credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk }, rateLimitPerSecond: 0 });
  });
  after(() => client?.close());

  it('asks before Mark as Failed on many files: lists ten and "and N more", says what it means, keeps them pending by default', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `slide-${String(i + 1).padStart(2, '0')}.png`);
    const nodes = await pendingFiles('Many slides', names);
    const kept = await withAnswers({ button: 'Keep Them Pending' }, () => vscode.commands.executeCommand('metastudio.markFailed', nodes[0], nodes));
    const question = kept.shown[0];
    assert.equal(kept.shown.length, 1, 'only the question');
    assert.deepEqual([question.modal, question.message], [true, 'Mark 12 files as failed?']);
    // VS Code's modal shows the first item as its primary, focused button and adds Cancel: the safe one is first.
    assert.deepEqual(question.actions, ['Keep Them Pending', 'Mark as Failed']);
    const lines = question.detail!.split('\n');
    assert.deepEqual(lines.slice(0, 11).map((l) => l.replace(/ \(file id .*\)$/, '')), [...names.slice(0, 10), 'and 2 more']);
    assert.match(lines.at(-1)!, /^MetaStudio stops waiting for their bytes and keeps them as FAILED in their assets; they leave Pending Uploads\. This cannot be undone/);
    assert.ok(names.every((n) => serverFile(n)?.state === 'CREATING'), 'nothing changed');

    const done = await withAnswers({ button: 'Mark as Failed' }, () => vscode.commands.executeCommand('metastudio.markFailed', nodes[0], nodes));
    assert.deepEqual(done.shown.at(-1)?.message, 'Marked 12 files as failed: slide-01.png, slide-02.png, slide-03.png and 9 more.');
    assert.equal(done.progress[0].title, 'Marking 12 files as failed');
    assert.ok(names.every((n) => serverFile(n)?.state === 'FAILED'));
  });

  it('names the files a batch could not mark, and a failed command\'s promise settles without anyone clicking', async () => {
    const nodes = await pendingFiles('Some slides', ['intro.png', 'outro.png']);
    // Gone meanwhile (a script, the console): MetaStudio no longer has them.
    for (const node of nodes) {
      if (node.kind === 'file') {
        await client.deleteFile(node.file.fileId);
      }
    }
    // Toasts nobody clicks: the command still ends.
    const { shown } = await withAnswers({ unanswered: true }, () => vscode.commands.executeCommand('metastudio.markCreated', nodes[0], nodes));
    assert.equal(shown.length, 1, 'one action, one notification');
    assert.equal(shown[0].level, 'error');
    assert.match(shown[0].message, /^2 files were not marked as uploaded: intro\.png and outro\.png\. /);
    assert.doesNotMatch(shown[0].message, /The file not found|X-Request-Id|\n/, 'the server\'s words and request ids are in the output');
    assert.equal(shown[0].actions.at(-1), 'Show Output');

    const failing = await withAnswers({ unanswered: true }, () => vscode.commands.executeCommand('metastudio.switchProfile', 'no-such-profile'));
    assert.deepEqual(failing.shown.map((s) => [s.level, s.message, s.actions]), [['error', 'There is no MetaStudio profile "no-such-profile".', ['Show Output']]]);
  });

  it('says where an upload went, with Copy File ID; the MD5 step shows its own progress, the name once per line', async () => {
    const clip = write('says/keynote-clip.mp4', 3 * 1024 * 1024);
    const { shown, progress } = await withAnswers({ quickPick: [newAsset, asSettingsSay], button: 'Copy File ID' }, () => vscode.commands.executeCommand('metastudio.uploadFiles', clip, [clip]));
    // Pressed: its action ran without a failure of its own (the test host's browser has no clipboard to read back).
    assert.deepEqual(shown.map((s) => [s.level, s.message, s.actions]), [['info', 'Uploaded keynote-clip.mp4 into the asset keynote-clip.', ['Copy File ID']]]);
    assert.equal(serverFile('keynote-clip.mp4')?.state, 'CREATED');
    const upload = progress.find((p) => p.title === 'Uploading keynote-clip.mp4 to MetaStudio')!;
    assert.ok(upload, JSON.stringify(progress));
    assert.match(upload.messages[0], /^Computing MD5 · \d+% · [\d.]+ (B|KiB|MiB) of 3 MiB$/, 'bytes read, not 0 B sent');
    assert.ok(upload.messages.every((m) => !m.includes('keynote-clip')), `the title names the file: ${upload.messages.join(' | ')}`);
  });

  it('names a file that will make a common file asset before anything is created, and lets it be skipped', async () => {
    const notes = write('says/shoot-notes.txt', 500);
    const still = write('says/still-frame.png', 2000);
    const { shown } = await withAnswers({ quickPick: [newAsset, asSettingsSay], button: 'Skip shoot-notes.txt' }, () => vscode.commands.executeCommand('metastudio.uploadFiles', notes, [notes, still]));
    assert.deepEqual([shown[0].modal, shown[0].message, shown[0].actions], [
      true,
      'shoot-notes.txt is not a video, image, audio or PPT file: it becomes a common file asset (COMMON_FILE). Upload it?',
      ['Upload as Common File', 'Skip shoot-notes.txt'],
    ]);
    assert.equal(shown.at(-1)?.message, 'Uploaded still-frame.png into the asset still-frame.');
    assert.equal(serverFile('shoot-notes.txt'), undefined, 'skipped: nothing created for it');
    assert.equal(serverFile('still-frame.png')?.state, 'CREATED');
  });

  it('shows asset types and states in words in the asset pick, with right plurals', async () => {
    const poster = write('says/poster-a.png', 1000);
    const other = write('says/poster-b.png', 1000);
    let offered: readonly vscode.QuickPickItem[] = [];
    const one = await withAnswers({ quickPick: [(items) => ((offered = items), undefined)] }, () => vscode.commands.executeCommand('metastudio.uploadFiles', poster, [poster]));
    assert.deepEqual(one.pickTitles, ['Upload poster-a.png to which asset?']);
    assert.deepEqual([offered[0].label, offered[0].description], ['$(new-file) New asset', '"poster-a", an image asset']);
    const still = offered.find((i) => i.label === 'still-frame');
    assert.equal(still?.description, 'Image · Active', 'ACTIVED in words');
    assert.ok(offered.every((i) => !/ACTIVED|UNACTIVED|\(s\)/.test(`${i.label} ${i.description ?? ''} ${i.detail ?? ''}`)), JSON.stringify(offered));

    const two = await withAnswers({ quickPick: [(items) => ((offered = items), undefined)] }, () => vscode.commands.executeCommand('metastudio.uploadFiles', poster, [poster, other]));
    assert.deepEqual(two.pickTitles, ['Upload 2 files to which asset?']);
    assert.equal(offered[0].label, '$(new-file) New asset for each file');
    // A video asset takes a picture only as its one COVER: not two at once.
    assert.equal(offered.find((i) => i.label === 'keynote-clip')?.detail, '$(circle-slash) It takes one file as its COVER, not 2 at once.');
    // A mixed selection: the asset takes the picture, not the clip.
    const clip = write('says/clip-b.mp4', 1000);
    await withAnswers({ quickPick: [(items) => ((offered = items), undefined)] }, () => vscode.commands.executeCommand('metastudio.uploadFiles', poster, [poster, clip]));
    assert.equal(offered.find((i) => i.label === 'still-frame')?.detail, '$(circle-slash) An image asset does not take clip-b.mp4, so it cannot take these files together.');
  });

  it('has one Explorer item, "Upload to MetaStudio...", for files and folders', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, Array<{ command: string }>>; commands: Array<{ command: string; title: string }> } };
    const items = manifest.contributes.menus['explorer/context'];
    assert.deepEqual(items.map((i) => i.command), ['metastudio.uploadFromExplorer']);
    const nls = JSON.parse(fs.readFileSync(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const title = manifest.contributes.commands.find((c) => c.command === 'metastudio.uploadFromExplorer')!.title;
    assert.equal(nls[title.replace(/%/g, '')] ?? title, 'Upload to MetaStudio...');
  });
});
