// Faults found in profiles (issue 13) in the real VS Code host, each as a test that fails until it
// is fixed: a source file broken for a moment makes this window forget the profile picked from it;
// of two reads of the sources at once, the one that ends last wins, not the one that started last.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { DEMO_ACCOUNT, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';
import { FILE_ACCOUNT, fixture } from '../support/profileFixtures';
import { withAnswers } from './fakeWindow';
import { SECRET_MARKER } from './secretScan';
import { configureDemoCredentials, extensionApi, outputLog, useEmulator } from './helpers';

/** Keys of the read that started first and ended last. */
const STALE = { ak: 'FIXTURESTALEAK000042', sk: 'FixtureStaleSecretKeyPublicTestValue0042' };

describe('Profile faults (issue 13)', function () {
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

  it('FAULT: a credentials file broken for a moment (a save half done) makes this window forget the profile picked from it for good', async () => {
    const file = path.join(dir, 'credentials');
    const good = fs.readFileSync(fixture('credentials'), 'utf8');
    fs.writeFileSync(file, good);
    process.env.HUAWEICLOUD_SDK_CREDENTIALS_FILE = file;
    await vscode.commands.executeCommand('metastudio.switchProfile', 'credentialsFile:basic');
    assert.equal(api.services.session.profile?.id, 'credentialsFile:basic');

    // An editor or a tool writes the file: for a moment it holds only its first line.
    fs.writeFileSync(file, good.split('\n')[0]);
    await api.services.profiles.reload();
    await api.services.view.reload();
    fs.writeFileSync(file, good);
    await api.services.profiles.reload();
    await api.services.view.reload();

    assert.ok((await api.services.profiles.list()).some((p) => p.id === 'credentialsFile:basic'), 'the profile is back in the file');
    assert.equal(api.services.session.profile?.id, 'credentialsFile:basic', 'the window stayed on the account it fell back to (Default), though the picked profile is back and new windows start with it');
    assert.equal(api.services.view.treeView.description, 'basic');
  });

  it('FAULT: a credentials-file profile without project_id takes metastudio.projectId, the Default account\'s project, instead of its own', async () => {
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

  it('FAULT: a KooCLI profile name with a line break writes a forged line into the MetaStudio log', async () => {
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

  it('FAULT: of two reads of the profile files at once, the one that ends last wins, though it started first (stale profiles until the next change)', async function () {
    if (process.platform === 'win32') {
      this.skip();
    }
    // A read that takes long (a slow or network home folder): here a named pipe, which waits for a writer.
    const pipe = path.join(dir, 'credentials-pipe');
    execFileSync('mkfifo', [pipe]);
    const file = path.join(dir, 'credentials-now');
    fs.writeFileSync(file, fs.readFileSync(fixture('credentials'), 'utf8'));
    process.env.HUAWEICLOUD_SDK_CREDENTIALS_FILE = pipe;
    // The secret scan of the run looks for this test's own keys too.
    console.log(`${SECRET_MARKER}${STALE.ak}`);
    console.log(`${SECRET_MARKER}${STALE.sk}`);
    let firstDone = false;
    const first = api.services.profiles.reload().finally(() => (firstDone = true));
    // The variable now names another file: the second read starts later and sees it.
    process.env.HUAWEICLOUD_SDK_CREDENTIALS_FILE = file;
    await api.services.profiles.reload();
    // The first read gets its text only now (a writer that opens without waiting for a reader).
    while (!firstDone) {
      try {
        const fd = fs.openSync(pipe, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
        fs.writeSync(fd, `[basic-stale]\nak = ${STALE.ak}\nsk = ${STALE.sk}\n`);
        fs.closeSync(fd);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENXIO') {
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    await first;
    const names = (await api.services.profiles.list()).filter((p) => p.source === 'credentialsFile').map((p) => p.name);
    assert.deepEqual(names, ['basic', 'basic-prod', 'global'], 'the profiles of the file the variable names now');
  });
});
