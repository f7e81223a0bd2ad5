// Profiles in a real VS Code host, with two emulators as two regions: add, switch, rename, remove;
// the environment and the SDK credentials file as read-only profiles; a switch during an upload.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { DEMO_ACCOUNT, DEMO_PROJECT_ID, startEmulator, type Emulator, type EmulatorAccount } from '../emulator';
import { ENV_ACCOUNT, ENV_OTHER_REGION_ACCOUNT, FILE_ACCOUNT, KOOCLI_TYPED, SECOND_REGION_ACCOUNT, fixture } from '../support/profileFixtures';
import { withAnswers } from './fakeWindow';
import { configureDemoCredentials, extensionApi, outputLog, until, updateSetting, useEmulator } from './helpers';

const account = (keys: { ak: string; sk: string; projectId: string }, region: string, name: string): EmulatorAccount => ({
  ...keys, region, domainName: `${name}-domain`, userName: `${name}-user`, password: `${name}-password-public`,
});

describe('Profiles', function () {
  let a: Emulator;
  let b: Emulator;
  let api: ExtensionApi;
  let home: string;
  const savedEnv = { ...process.env };
  const ids = () => api.services.model.files().map((f) => f.fileId).sort();
  const pendingIn = (emulator: Emulator, projectId: string) => emulator.state.files.filter((f) => f.state === 'CREATING' && f.project_id === projectId).map((f) => f.file_id).sort();
  const label = (name: string) => (items: readonly vscode.QuickPickItem[]) => items.find((i) => i.label.replace('$(check) ', '') === name);
  const profileId = async (name: string) => (await api.services.profiles.list()).find((p) => p.name === name)!.id;

  /** Every list of file ids the model had while `work` ran, in order. */
  async function watchRows(work: () => Thenable<unknown>): Promise<string[][]> {
    const seen: string[][] = [];
    const subscription = api.services.model.onDidChange(() => seen.push(ids()));
    try {
      await work();
    } finally {
      subscription.dispose();
    }
    return seen;
  }

  before(async () => {
    // Region one: the demo account (default profile), the account of the credentials file and the environment's.
    a = await startEmulator({ seed: 'demo', accounts: [DEMO_ACCOUNT, account(FILE_ACCOUNT, 'cn-north-4', 'file'), account(ENV_ACCOUNT, 'cn-north-4', 'env'), account(ENV_OTHER_REGION_ACCOUNT, 'ap-southeast-3', 'env-sg')] });
    b = await startEmulator({ accounts: [account(SECOND_REGION_ACCOUNT, 'ap-southeast-3', 'second')] });
    a.seedBulk({ assets: 1, filesPerAsset: 2, uploaded: true, projectId: FILE_ACCOUNT.projectId });
    a.seedBulk({ assets: 1, filesPerAsset: 1, uploaded: true, projectId: ENV_ACCOUNT.projectId });
    b.seedBulk({ assets: 2, filesPerAsset: 1, uploaded: true });
    api = await extensionApi();
    await useEmulator(a);
    await configureDemoCredentials();
    await vscode.commands.executeCommand('workbench.view.extension.metastudio');
    await vscode.commands.executeCommand('metastudio.refresh');
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'profiles-home-'));
  });

  after(async () => {
    for (const name of ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_PROJECT_ID', 'HUAWEICLOUD_SDK_CREDENTIALS_FILE', 'HOME']) {
      if (savedEnv[name] === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = savedEnv[name];
      }
    }
    await api.services.profiles.reload();
    await vscode.commands.executeCommand('metastudio.switchProfile', 'settings');
    await vscode.commands.executeCommand('metastudio.signOut');
    fs.rmSync(home, { recursive: true, force: true });
    await a?.close();
    await b?.close();
  });

  it('starts with the settings as the default profile, named in the view and the status bar', async () => {
    assert.equal(api.services.session.profile?.id, 'settings');
    assert.equal(api.services.view.treeView.description, 'Default');
    assert.match(api.services.status.tooltip, /Profile: Default/);
    assert.match(api.services.status.tooltip, /\(command:metastudio\.switchProfile\)/);
    assert.deepEqual(ids(), pendingIn(a, DEMO_PROJECT_ID));
  });

  it('adds a profile for a second region and switches to it: the first region\'s rows go at once', async () => {
    const before = ids();
    let shown: Awaited<ReturnType<typeof withAnswers>>['shown'] = [];
    const seen = await watchRows(async () => {
      ({ shown } = await withAnswers(
        {
          quickPick: [(items) => items.find((i) => i.label === 'Custom endpoints…'), (items) => items.find((i) => i.label === 'AK/SK')],
          inputs: ['Singapore', b.url, b.url, SECOND_REGION_ACCOUNT.projectId, '', SECOND_REGION_ACCOUNT.ak, SECOND_REGION_ACCOUNT.sk],
        },
        () => vscode.commands.executeCommand('metastudio.addProfile'),
      ));
    });
    assert.deepEqual(shown.map((s) => s.message), ['Profile "Singapore" added; it is the current profile now.']);
    assert.equal(api.services.session.profile?.name, 'Singapore');
    assert.equal(api.services.view.treeView.description, 'Singapore');
    assert.match(api.services.status.tooltip, /Profile: Singapore/);
    assert.deepEqual(ids(), pendingIn(b, SECOND_REGION_ACCOUNT.projectId));
    assert.equal(ids().length, 2);
    // From the first change on, no row of the first region is ever in the model.
    assert.ok(seen.length > 0);
    for (const rows of seen) {
      assert.deepEqual(rows.filter((id) => before.includes(id)), [], 'an old row was shown after the switch');
    }
    // The SK is in SecretStorage only: not in global state, nor in the settings.
    const state = JSON.stringify(api.services.context.globalState.keys().map((k) => api.services.context.globalState.get(k)));
    assert.ok(state.includes('Singapore') && !state.includes(SECOND_REGION_ACCOUNT.sk));
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('metastudio')).includes(SECOND_REGION_ACCOUNT.sk));
    assert.deepEqual(await api.services.session.credentials.get(`metastudio.credentials.${await profileId('Singapore')}`), { kind: 'aksk', ak: SECOND_REGION_ACCOUNT.ak, sk: SECOND_REGION_ACCOUNT.sk });
  });

  it('switches back from the picker; the second region\'s rows go at once', async () => {
    const before = ids();
    const seen = await watchRows(() => withAnswers({ quickPick: [label('Default')] }, () => vscode.commands.executeCommand('metastudio.switchProfile')));
    assert.equal(api.services.view.treeView.description, 'Default');
    assert.deepEqual(ids(), pendingIn(a, DEMO_PROJECT_ID));
    seen.forEach((rows) => assert.deepEqual(rows.filter((id) => before.includes(id)), []));
  });

  it('offers the environment and the SDK credentials file as read-only profiles, in the SDKs\' order', async () => {
    process.env.HUAWEICLOUD_SDK_AK = ENV_ACCOUNT.ak;
    process.env.HUAWEICLOUD_SDK_SK = ENV_ACCOUNT.sk;
    process.env.HUAWEICLOUD_SDK_PROJECT_ID = ENV_ACCOUNT.projectId;
    const file = path.join(home, 'credentials');
    fs.copyFileSync(fixture('credentials'), file);
    process.env.HUAWEICLOUD_SDK_CREDENTIALS_FILE = file;
    let offered: readonly vscode.QuickPickItem[] = [];
    await withAnswers({ quickPick: [(items) => ((offered = items), label('basic')(items))] }, () => vscode.commands.executeCommand('metastudio.switchProfile'));
    assert.deepEqual(offered.map((i) => i.label), ['$(check) Default', 'Singapore', 'Environment', 'basic', 'basic-prod', 'global', '$(add) Add Profile…']);
    assert.match(offered.find((i) => i.label === 'basic')!.description!, /^SDK credentials file · /);
    assert.equal(offered.find((i) => i.label === 'basic')!.detail, file);
    assert.equal(api.services.view.treeView.description, 'basic');
    assert.deepEqual(ids(), pendingIn(a, FILE_ACCOUNT.projectId), 'the file\'s project, at the settings\' endpoint');
    assert.match(outputLog(api), /profile "basic" from SDK credentials file \(.*credentials\): aksk/);

    // Read-only: Sign Out says where the credentials come from; declined, it changes nothing.
    const { shown } = await withAnswers({}, () => vscode.commands.executeCommand('metastudio.signOut'));
    assert.match(shown[0].message, /^The MetaStudio credentials of profile "basic" come from .*credentials, which this extension does not change\.$/);
    assert.deepEqual(shown[0].actions, ['Stop Using Them in This Window']);
    assert.equal(shown.length, 1);
    assert.equal(api.services.session.state, 'ready');

    await vscode.commands.executeCommand('metastudio.switchProfile', 'environment');
    assert.equal(api.services.view.treeView.description, 'Environment');
    assert.deepEqual(ids(), pendingIn(a, ENV_ACCOUNT.projectId));
    // No region in the environment: IAM says the project's, here the settings' own.
    assert.match(outputLog(api), new RegExp(`profile "Environment": project ${ENV_ACCOUNT.projectId} is in region cn-north-4 \\(from IAM\\)`));
  });

  it('takes the region of the environment\'s project from IAM when it is another than the settings\'', async () => {
    // That region is a real one: a proxy where nothing listens keeps its calls on this machine; IAM is the emulator.
    await updateSetting('http.proxy', 'http://127.0.0.1:9');
    await updateSetting('http.noProxy', ['127.0.0.1']);
    await updateSetting('metastudio.retries', 0);
    process.env.HUAWEICLOUD_SDK_AK = ENV_OTHER_REGION_ACCOUNT.ak;
    process.env.HUAWEICLOUD_SDK_SK = ENV_OTHER_REGION_ACCOUNT.sk;
    process.env.HUAWEICLOUD_SDK_PROJECT_ID = ENV_OTHER_REGION_ACCOUNT.projectId;
    try {
      const { shown } = await withAnswers({}, () => vscode.commands.executeCommand('metastudio.switchProfile', 'environment'));
      assert.equal(api.services.session.settings.region, 'ap-southeast-3');
      assert.equal(api.services.session.settings.endpoint, 'https://metastudio.ap-southeast-3.myhuaweicloud.com');
      assert.equal(api.services.session.settings.projectId, ENV_OTHER_REGION_ACCOUNT.projectId);
      assert.ok(shown.every((s) => s.level === 'error'), 'only the refresh through the dead proxy failed');
      assert.deepEqual(ids(), [], 'no row of the region before');
      let offered: readonly vscode.QuickPickItem[] = [];
      await withAnswers({ quickPick: [(items) => ((offered = items), undefined)] }, () => vscode.commands.executeCommand('metastudio.switchProfile'));
      assert.equal(offered.find((i) => i.label.endsWith('Environment'))?.description, 'Environment variables · ap-southeast-3');
    } finally {
      process.env.HUAWEICLOUD_SDK_AK = ENV_ACCOUNT.ak;
      process.env.HUAWEICLOUD_SDK_SK = ENV_ACCOUNT.sk;
      process.env.HUAWEICLOUD_SDK_PROJECT_ID = ENV_ACCOUNT.projectId;
      for (const key of ['http.proxy', 'http.noProxy', 'metastudio.retries']) {
        await updateSetting(key, undefined);
      }
    }
    await vscode.commands.executeCommand('metastudio.switchProfile', 'environment');
    assert.equal(api.services.session.settings.endpoint, a.url, 'back to the settings\' place');
    assert.deepEqual(ids(), pendingIn(a, ENV_ACCOUNT.projectId));
  });

  it('re-reads the credentials file when it changes: a broken line is named, the other profiles still work', async () => {
    const file = process.env.HUAWEICLOUD_SDK_CREDENTIALS_FILE!;
    const { shown } = await withAnswers({}, async () => {
      fs.writeFileSync(file, fs.readFileSync(fixture('credentials-broken'), 'utf8'));
      await until('the warning is in the log', () => outputLog(api).includes(`${file}:3: profile "basic": the line is not "key = value"; ignored.`), 15_000);
    });
    assert.deepEqual(shown.map((s) => [s.level, s.message, s.actions]), [['warning', `6 problems with MetaStudio profiles in ${file}; the output says where and why.`, ['Show Output']]]);
    // Read again, unchanged: no second notification.
    const again = await withAnswers({}, () => vscode.commands.executeCommand('metastudio.switchProfile', 'environment'));
    assert.deepEqual(again.shown, []);
    const names = (await api.services.profiles.list()).map((p) => p.name);
    assert.deepEqual(names, ['Default', 'Singapore', 'Environment', 'basic-ok']);
    assert.equal(api.services.view.treeView.description, 'Environment', 'the current profile is untouched');
  });

  it('lists KooCLI profiles; encrypted ones need their AK/SK', async () => {
    fs.mkdirSync(path.join(home, '.hcloud'), { recursive: true });
    fs.copyFileSync(fixture('koocli-encrypted.json'), path.join(home, '.hcloud', 'config.json'));
    process.env.HOME = home;
    let offered: readonly vscode.QuickPickItem[] = [];
    try {
      await withAnswers({ quickPick: [(items) => ((offered = items), undefined)] }, () => vscode.commands.executeCommand('metastudio.switchProfile'));
    } finally {
      process.env.HOME = savedEnv.HOME;
    }
    const kooCli = offered.find((i) => i.label === 'default');
    assert.equal(kooCli?.description, 'KooCLI · cn-east-3 · AK/SK needed');
    assert.equal(api.services.view.treeView.description, 'Environment', 'cancelled: nothing changed');
  });

  it('asks for the AK/SK of an encrypted KooCLI profile once, and keeps them in SecretStorage', async () => {
    // Its region is a real one: a proxy where nothing listens keeps every call on this machine.
    await updateSetting('http.proxy', 'http://127.0.0.1:9');
    await updateSetting('metastudio.retries', 0);
    process.env.HOME = home;
    try {
      const first = await withAnswers(
        { quickPick: [label('default')], inputs: [KOOCLI_TYPED.ak, KOOCLI_TYPED.sk], button: 'Save Anyway' },
        () => vscode.commands.executeCommand('metastudio.switchProfile'),
      );
      assert.ok(first.shown.some((s) => s.actions.includes('Save Anyway')), 'the keys were tried first');
      assert.equal(api.services.view.treeView.description, 'default');
      assert.equal(api.services.session.settings.endpoint, 'https://metastudio.cn-east-3.myhuaweicloud.com', 'the KooCLI profile\'s region');
      assert.equal(api.services.session.settings.projectId, '3d4e5f6a7b8c4d5e9f0a1b2c3d4e5f6a');
      assert.deepEqual(await api.services.session.credentials.get('metastudio.credentials.kooCli:default'), { kind: 'aksk', ak: KOOCLI_TYPED.ak, sk: KOOCLI_TYPED.sk });

      await vscode.commands.executeCommand('metastudio.switchProfile', 'environment');
      const again = await withAnswers({ quickPick: [label('default')] }, () => vscode.commands.executeCommand('metastudio.switchProfile'));
      assert.equal(api.services.view.treeView.description, 'default', 'switched without asking again');
      assert.ok(!again.shown.some((s) => s.actions.includes('Save Anyway')));

      // Sign Out forgets the typed keys; KooCLI's file is untouched.
      const before = fs.readFileSync(path.join(home, '.hcloud', 'config.json'), 'utf8');
      await withAnswers({}, () => vscode.commands.executeCommand('metastudio.signOut'));
      assert.equal(await api.services.session.credentials.get('metastudio.credentials.kooCli:default'), undefined);
      assert.equal(fs.readFileSync(path.join(home, '.hcloud', 'config.json'), 'utf8'), before);
      assert.equal(api.services.session.state, 'unconfigured');
    } finally {
      process.env.HOME = savedEnv.HOME;
      await updateSetting('http.proxy', undefined);
      await updateSetting('metastudio.retries', undefined);
    }
  });

  it('keeps an upload on its own profile when the user switches during it', async () => {
    await vscode.commands.executeCommand('metastudio.switchProfile', 'settings');
    const singapore = await profileId('Singapore');
    const clip = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'switch-clip.mp4');
    fs.writeFileSync(clip, Buffer.alloc(512 * 1024, 7));
    a.setFaults({ obsStallAfterBytes: 64 * 1024 });
    const uri = vscode.Uri.file(clip);
    const upload = withAnswers(
      { quickPick: [(items) => items.find((i) => i.label.includes('New asset')), (items) => items.filter((i) => i.picked)] },
      () => vscode.commands.executeCommand('metastudio.uploadFiles', uri, [uri]),
    );
    let finished = false;
    void upload.then(() => (finished = true));
    await until('the PUT has started', async () => (await api.services.uploads.records.list()).some((r) => r.fileName === 'switch-clip.mp4' && r.step === 'uploading'));
    await api.services.uploads.reload();
    assert.equal(api.services.model.localUploads().length, 1, 'the upload\'s record is the current profile\'s: This machine shows it');

    await vscode.commands.executeCommand('metastudio.switchProfile', singapore);
    assert.equal(finished, false, 'the upload is still held by the emulator');
    assert.equal(api.services.view.treeView.description, 'Singapore');
    assert.deepEqual(ids(), pendingIn(b, SECOND_REGION_ACCOUNT.projectId), 'only the second region\'s rows');
    assert.equal(api.services.model.localUploads().length, 0, 'the first region\'s upload record is not shown');

    a.releaseStalls();
    const { shown } = await upload;
    assert.deepEqual(shown.map((s) => s.message), ['Profile "Default": Uploaded switch-clip.mp4 into the asset switch-clip.']);
    const file = a.state.files.find((f) => f.file_name === 'switch-clip.mp4');
    assert.equal(file?.state, 'CREATED');
    assert.equal(file?.project_id, DEMO_PROJECT_ID);
    assert.equal(b.state.files.some((f) => f.file_name === 'switch-clip.mp4'), false);
    assert.deepEqual(await api.services.uploads.records.list(), []);
    assert.deepEqual(ids(), pendingIn(b, SECOND_REGION_ACCOUNT.projectId), 'the view is still the second region\'s');
  });

  it('stops the upload of a profile signed out in another window, though another profile is current', async () => {
    await vscode.commands.executeCommand('metastudio.switchProfile', 'settings');
    const singapore = await profileId('Singapore');
    const clip = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'signed-out-elsewhere-clip.mp4');
    fs.writeFileSync(clip, Buffer.alloc(512 * 1024, 9));
    a.setFaults({ obsStallAfterBytes: 64 * 1024 });
    const confirms = a.state.confirms.length;
    const uri = vscode.Uri.file(clip);
    const upload = withAnswers(
      { quickPick: [(items) => items.find((i) => i.label.includes('New asset')), (items) => items.filter((i) => i.picked)] },
      () => vscode.commands.executeCommand('metastudio.uploadFiles', uri, [uri]),
    );
    const record = async () => (await api.services.uploads.records.list()).find((r) => r.fileName === 'signed-out-elsewhere-clip.mp4');
    await until('the PUT has started', async () => (await record())?.step === 'uploading');
    await vscode.commands.executeCommand('metastudio.switchProfile', singapore);
    try {
      // Another window signs out of Default: only SecretStorage changes here.
      const told = await withAnswers({}, async () => {
        await api.services.context.secrets.delete('metastudio.credentials');
        await until('the upload stopped', async () => /^Signed out of MetaStudio/.test((await record())?.lastError ?? ''));
      });
      const { shown } = await upload;
      assert.deepEqual(told.shown.map((m) => m.message), ['Signed out of MetaStudio in another window (profile "Default"): the work in progress stopped, and unfinished uploads stay under This machine to resume.']);
      assert.deepEqual(shown.map((m) => m.message), [], 'no second message about the upload');
      assert.equal(a.state.files.find((f) => f.file_name === 'signed-out-elsewhere-clip.mp4')?.state, 'CREATING');
      assert.equal(a.state.confirms.length, confirms, 'nothing confirmed');
      assert.equal(api.services.view.treeView.description, 'Singapore');
      assert.deepEqual(ids(), pendingIn(b, SECOND_REGION_ACCOUNT.projectId), 'the current profile\'s list is untouched');
    } finally {
      a.setFaults({});
      a.releaseStalls();
      const left = await record();
      if (left) {
        await api.services.uploads.forget(left).catch(() => undefined); // still running when the test failed
      }
      await vscode.commands.executeCommand('metastudio.switchProfile', 'settings');
      await configureDemoCredentials();
      await vscode.commands.executeCommand('metastudio.switchProfile', singapore);
    }
  });

  it('finishes a confirm batch on its own profile when the user switches during it; the view shows only the new profile\'s list', async () => {
    await vscode.commands.executeCommand('metastudio.switchProfile', 'settings');
    const singapore = await profileId('Singapore');
    const seeded = a.seedBulk({ assets: 1, filesPerAsset: 3, uploaded: true });
    await vscode.commands.executeCommand('metastudio.refresh');
    const nodes = seeded.map((f) => api.services.view.tree.fileNode(f.file_id)!);
    assert.equal(nodes.filter(Boolean).length, 3);
    const oldRows = ids();
    a.setFaults({ latencyMs: 1500, latencyRate: 1 });
    try {
      const batch = withAnswers({}, () => vscode.commands.executeCommand('metastudio.markCreated', nodes[0], nodes));
      await until('the batch is under way', () => api.services.session.running > 0);
      const seen = await watchRows(async () => {
        await vscode.commands.executeCommand('metastudio.switchProfile', singapore);
        const { shown } = await batch;
        assert.equal(shown.length, 1);
        assert.match(shown[0].message, /^Profile "Default": Marked 3 files as uploaded: .+, .+ and .+\.$/);
      });
      for (const file of seeded) {
        assert.equal(a.state.files.find((f) => f.file_id === file.file_id)?.state, 'CREATED', 'confirmed with the batch\'s own client, in the first region');
        assert.match(outputLog(api), new RegExp(`\\(${file.file_id}\\) is CREATED.*\\(a profile no longer current\\)`));
      }
      assert.equal(api.services.view.treeView.description, 'Singapore');
      assert.deepEqual(ids(), pendingIn(b, SECOND_REGION_ACCOUNT.projectId), 'only the second region\'s rows');
      for (const rows of seen) {
        assert.deepEqual(rows.filter((id) => oldRows.includes(id)), [], 'a row of the first profile was shown after the switch');
      }
    } finally {
      a.setFaults({});
    }
  });

  it('removes the kept listing of a profile with its credentials at sign-out', async () => {
    await vscode.commands.executeCommand('metastudio.switchProfile', 'settings');
    await vscode.commands.executeCommand('metastudio.refresh');
    const tenant = api.services.session.tenant!;
    const kept = path.join(api.services.context.globalStorageUri.fsPath, 'listings', `listing-${tenant}.json`);
    await until('the listing is kept', () => fs.existsSync(kept));
    try {
      await withAnswers({}, () => vscode.commands.executeCommand('metastudio.signOut'));
      assert.equal(fs.existsSync(kept), false, 'the kept listing went with the credentials');
    } finally {
      await configureDemoCredentials();
    }
  });

  it('renames and removes a stored profile; its credentials and its kept listing go with it', async () => {
    const id = await profileId('Singapore');
    await vscode.commands.executeCommand('metastudio.switchProfile', id);
    await vscode.commands.executeCommand('metastudio.refresh');
    const kept = path.join(api.services.context.globalStorageUri.fsPath, 'listings', `listing-${api.services.session.tenant!}.json`);
    await until('the listing is kept', () => fs.existsSync(kept));
    await withAnswers({ quickPick: [label('Singapore')], inputs: ['Singapore prod'] }, () => vscode.commands.executeCommand('metastudio.renameProfile'));
    assert.equal(api.services.view.treeView.description, 'Singapore prod');
    assert.match(api.services.status.tooltip, /Profile: Singapore prod/);

    const { shown } = await withAnswers({ quickPick: [label('Singapore prod')], button: 'Remove' }, () => vscode.commands.executeCommand('metastudio.removeProfile'));
    assert.equal(shown[0].message, 'Remove profile "Singapore prod"?');
    assert.equal(await api.services.session.credentials.get(`metastudio.credentials.${id}`), undefined);
    assert.equal(fs.existsSync(kept), false, 'the kept listing went with the profile');
    assert.ok(!(await api.services.profiles.list()).some((p) => p.id === id));
    // The current profile was removed: the first by precedence with credentials takes over.
    assert.equal(api.services.view.treeView.description, 'Default');
    assert.deepEqual(ids(), pendingIn(a, DEMO_PROJECT_ID));
  });
});
