// Profile sources that change under the window, in the real VS Code host: a file broken for a moment
// keeps the picked profile (and sends nothing with another account's keys meanwhile), a profile
// without a project id finds its own, a name with a line break writes no line of the log, a KooCLI
// profile that leaves config.json takes its typed keys with it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { DEMO_ACCOUNT, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';
import { FILE_ACCOUNT, fixture } from '../support/profileFixtures';
import { withAnswers } from './fakeWindow';
import { configureDemoCredentials, extensionApi, outputLog, until, useEmulator } from './helpers';

describe('Profiles: sources that change under the window', function () {
  let emulator: Emulator;
  let api: ExtensionApi;
  let dir: string;
  const saved = process.env.HUAWEICLOUD_SDK_CREDENTIALS_FILE;

  before(async () => {
    emulator = await startEmulator({ seed: 'demo', accounts: [DEMO_ACCOUNT, { ...FILE_ACCOUNT, region: 'cn-north-4', domainName: 'file-domain', userName: 'file-user', password: 'file-password-public' }] });
    api = await extensionApi();
    await useEmulator(emulator);
    await configureDemoCredentials();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-faults-'));
  });

  after(async () => {
    if (saved === undefined) {
      delete process.env.HUAWEICLOUD_SDK_CREDENTIALS_FILE;
    } else {
      process.env.HUAWEICLOUD_SDK_CREDENTIALS_FILE = saved;
    }
    await api.services.profiles.reload();
    await vscode.commands.executeCommand('metastudio.switchProfile', 'settings');
    fs.rmSync(dir, { recursive: true, force: true });
    await emulator?.close();
  });

  it('keeps the profile picked from a credentials file broken for a moment (a save half done), says it is not available, sends nothing meanwhile, and uses it again when the file is whole', async () => {
    const file = path.join(dir, 'credentials');
    const good = fs.readFileSync(fixture('credentials'), 'utf8');
    fs.writeFileSync(file, good);
    process.env.HUAWEICLOUD_SDK_CREDENTIALS_FILE = file;
    await vscode.commands.executeCommand('metastudio.switchProfile', 'credentialsFile:basic');
    assert.equal(api.services.session.profile?.id, 'credentialsFile:basic');

    // An editor or a tool writes the file: for a moment it holds only its first line.
    const { shown } = await withAnswers({}, async () => {
      fs.writeFileSync(file, good.split('\n')[0]);
      await api.services.profiles.reload();
      await api.services.view.reload();
    });
    const during = api.services.session.profile;
    assert.equal(during?.id, 'credentialsFile:basic', 'the window stays on the picked profile, not on another account');
    assert.equal(during?.unavailable, 'gone');
    assert.equal(during?.credentials, undefined, 'no keys: nothing is sent with another account\'s');
    assert.equal(api.services.session.state, 'unconfigured');
    assert.deepEqual(api.services.model.files(), [], 'no rows of another account');
    assert.equal(api.services.view.treeView.description, 'basic (not available)');
    assert.deepEqual(shown.map((s) => [s.level, s.message, s.actions[0]]), [['warning', `MetaStudio profile "basic" is no longer in ${file}: nothing is sent until it is back or you switch profile.`, 'Switch Profile']]);
    fs.writeFileSync(file, good);
    await api.services.profiles.reload();
    await api.services.view.reload();

    assert.ok((await api.services.profiles.list()).some((p) => p.id === 'credentialsFile:basic'), 'the profile is back in the file');
    assert.equal(api.services.session.profile?.id, 'credentialsFile:basic');
    assert.equal(api.services.session.profile?.unavailable, undefined);
    assert.equal(api.services.session.state, 'ready');
    assert.equal(api.services.view.treeView.description, 'basic');
  });

  it('looks up the project of a credentials-file profile without project_id from IAM, never taking metastudio.projectId (the Default account\'s)', async () => {
    const seeded = emulator.seedBulk({ assets: 1, filesPerAsset: 1, uploaded: true, projectId: FILE_ACCOUNT.projectId });
    const file = path.join(dir, 'credentials-no-project');
    fs.writeFileSync(file, `[basic]\nak = ${FILE_ACCOUNT.ak}\nsk = ${FILE_ACCOUNT.sk}\n`);
    process.env.HUAWEICLOUD_SDK_CREDENTIALS_FILE = file;
    const { shown } = await withAnswers({}, async () => {
      await vscode.commands.executeCommand('metastudio.switchProfile', 'credentialsFile:basic');
      await vscode.commands.executeCommand('metastudio.refresh');
    });
    assert.equal(api.services.session.profile?.id, 'credentialsFile:basic');
    assert.deepEqual(shown.filter((s) => s.level === 'error').map((s) => s.message), [], 'no error');
    assert.notEqual(api.services.session.settings.projectId, DEMO_PROJECT_ID, 'the settings\' project id belongs to the Default profile\'s account, not to these keys');
    const ids = api.services.model.files().map((f) => f.fileId).sort();
    assert.deepEqual(ids, seeded.map((f) => f.file_id).sort(), 'the pending files of the keys\' own project (as the SDK finds it from IAM for the region)');
  });

  it('writes a KooCLI profile name with a line break on one line of the log, escaped', async () => {
    const forged = '2026-11-30 06:00:00.000 [error] [credentials] FORGED: signed out of every profile';
    fs.mkdirSync(path.join(dir, '.hcloud'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.hcloud', 'config.json'), JSON.stringify({ authEncrypt: 'false', profiles: [{ name: `ok\n${forged}`, mode: 'AKSK', accessKeyId: FILE_ACCOUNT.ak, secretAccessKey: FILE_ACCOUNT.sk, region: 'cn-north-4' }] }));
    const home = process.env.HOME;
    process.env.HOME = dir;
    try {
      await api.services.profiles.reload();
      assert.ok((await api.services.profiles.list()).some((p) => p.source === 'kooCli'), 'the KooCLI profile was read');
    } finally {
      process.env.HOME = home;
      await api.services.profiles.reload();
    }
    assert.ok(!outputLog(api).split('\n').some((line) => line.startsWith(forged)), 'a line of the log was written by the file, not the extension');
  });

  it('forgets the typed AK/SK of a KooCLI profile that leaves config.json: a new profile of that name asks again', async () => {
    const config = path.join(dir, '.hcloud', 'config.json');
    fs.mkdirSync(path.dirname(config), { recursive: true });
    const write = (names: string[]) => fs.writeFileSync(config, JSON.stringify({ current: names[0], profiles: names.map((name) => ({ name, mode: 'AKSK', region: 'cn-north-4' })) }));
    const home = process.env.HOME;
    process.env.HOME = dir;
    try {
      write(['typed', 'other']);
      await api.services.profiles.reload();
      const typed = (await api.services.profiles.list()).find((p) => p.id === 'kooCli:typed');
      assert.ok(typed?.needsKeys);
      await api.services.profiles.saveCredentials(typed, { kind: 'aksk', ak: FILE_ACCOUNT.ak, sk: FILE_ACCOUNT.sk });
      assert.ok((await api.services.profiles.list()).find((p) => p.id === 'kooCli:typed')?.credentials);
      // A file that cannot be parsed for a moment forgets nothing.
      fs.writeFileSync(config, '{"profiles": [');
      await api.services.profiles.reload();
      write(['typed', 'other']);
      await api.services.profiles.reload();
      assert.ok((await api.services.profiles.list()).find((p) => p.id === 'kooCli:typed')?.credentials, 'kept through a broken moment');
      write(['other']);
      await api.services.profiles.reload();
      write(['typed', 'other']);
      await api.services.profiles.reload();
      const again = (await api.services.profiles.list()).find((p) => p.id === 'kooCli:typed');
      assert.ok(again?.needsKeys && !again.credentials, 'the new profile of the name does not get the keys of the one that left');
    } finally {
      process.env.HOME = home;
      await api.services.profiles.reload();
    }
    assert.match(outputLog(api), /KooCLI profile "typed" is no longer in .*config\.json: its AK\/SK are removed from secret storage/);
  });

  it('stops the upload of a KooCLI profile that leaves config.json, saying the profile is no longer there, not that someone signed out', async () => {
    const config = path.join(dir, '.hcloud', 'config.json');
    fs.mkdirSync(path.dirname(config), { recursive: true });
    // Encrypted keys (no authEncrypt flag) and no region: the settings' place, the emulator.
    fs.writeFileSync(config, JSON.stringify({ profiles: [{ name: 'leaving', mode: 'AKSK' }] }));
    const home = process.env.HOME;
    process.env.HOME = dir;
    const clip = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'profile-left-clip.mp4');
    fs.writeFileSync(clip, Buffer.alloc(512 * 1024, 7));
    const record = async () => (await api.services.uploads.records.list()).find((r) => r.fileName === 'profile-left-clip.mp4');
    try {
      await api.services.profiles.reload();
      const leaving = (await api.services.profiles.list()).find((p) => p.id === 'kooCli:leaving')!;
      await api.services.profiles.saveCredentials(leaving, { kind: 'aksk', ak: FILE_ACCOUNT.ak, sk: FILE_ACCOUNT.sk });
      await vscode.commands.executeCommand('metastudio.switchProfile', 'kooCli:leaving');
      emulator.setFaults({ obsStallAfterBytes: 64 * 1024 });
      const uri = vscode.Uri.file(clip);
      const upload = withAnswers(
        { quickPick: [(items) => items.find((i) => i.label.includes('New asset')), (items) => items.filter((i) => i.picked)] },
        () => vscode.commands.executeCommand('metastudio.uploadFiles', uri, [uri]),
      );
      await until('the PUT has started', async () => (await record())?.step === 'uploading');
      const told = await withAnswers({}, async () => {
        fs.writeFileSync(config, JSON.stringify({ profiles: [] }));
        await api.services.profiles.reload();
        await until('the upload stopped', async () => /^Profile "leaving" is no longer in/.test((await record())?.lastError ?? ''));
        await api.services.view.reload();
      });
      await upload;
      assert.deepEqual(told.shown.map((m) => m.message).sort(), [
        `MetaStudio profile "leaving" is no longer in ${config}: nothing is sent until it is back or you switch profile.`,
        `MetaStudio profile "leaving" is no longer in ${config}: the work in progress stopped, and unfinished uploads stay under This machine to resume.`,
      ]);
      assert.ok(!told.shown.some((m) => m.message.includes('Signed out')), 'nobody signed out');
      assert.equal(api.services.session.profile?.unavailable, 'gone');
    } finally {
      emulator.setFaults({});
      emulator.releaseStalls();
      const left = await record();
      if (left) {
        await api.services.uploads.forget(left).catch(() => undefined);
      }
      process.env.HOME = home;
      await api.services.profiles.reload();
      await vscode.commands.executeCommand('metastudio.switchProfile', 'settings');
    }
  });

  it('shows a profile name with $(icon) as typed in Switch Profile', async () => {
    const id = await api.services.profiles.add('$(check) icons', { region: 'cn-north-4' }, { kind: 'aksk', ak: FILE_ACCOUNT.ak, sk: FILE_ACCOUNT.sk });
    try {
      let labels: string[] = [];
      await withAnswers({ quickPick: [(items) => { labels = items.map((i) => i.label); return undefined; }] }, () => vscode.commands.executeCommand('metastudio.switchProfile'));
      assert.ok(labels.includes('\\$(check) icons'), labels.join(' | '));
    } finally {
      await api.services.profiles.remove(id);
    }
  });
});
