// Trust and bad input in a real VS Code host: a workspace cannot redirect signed requests; every
// kind of credentials works through the command; 600 generated bad inputs at the commands and
// settings get clear sentences and break nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEMO_ACCOUNT, DEMO_IDS, startEmulator, type Emulator } from '../emulator';
import { pick, prng, text } from '../support/random';
import { withAnswers, type Shown } from './fakeWindow';
import { configureDemoCredentials, EXTENSION_ID, settled, suiteWithEmulator, until, updateSetting } from './helpers';
import { SECRET_MARKER } from './secretScan';

const requests = (emulator: Emulator) => Object.values(emulator.counters.requests).reduce((a, b) => a + b, 0);

/** What a person reads must be a sentence, not a leaked programming error. */
function assertReadable(shown: Shown[], context: string): void {
  for (const s of shown) {
    assert.doesNotMatch(s.message, /undefined|\[object |TypeError|Cannot read propert|is not a function|NaN/, `${context}: "${s.message}"`);
  }
}

describe('Security and bad input', function () {
  this.timeout(180_000);
  const suite = suiteWithEmulator({ seed: 'demo' });
  const workspace = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

  it('declares how it runs in an untrusted workspace: endpoint settings are restricted', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    for (const key of ['endpoint', 'iamEndpoint', 'region', 'projectId']) {
      assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(`metastudio.${key}`), key);
      assert.equal(manifest.contributes.configuration.properties[`metastudio.${key}`].scope, 'machine', key);
    }
  });

  it('ignores a workspace .vscode/settings.json that points the endpoint elsewhere', async () => {
    const attacker = await startEmulator({ seed: 'demo' });
    const file = path.join(workspace(), '.vscode', 'settings.json');
    try {
      await configureDemoCredentials();
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // autoMetaAnalysis is an ordinary window setting: once it shows, VS Code has read the file.
      fs.writeFileSync(file, JSON.stringify({ 'metastudio.region': 'custom', 'metastudio.endpoint': attacker.url, 'metastudio.iamEndpoint': attacker.url, 'metastudio.projectId': 'attackerproject', 'metastudio.autoMetaAnalysis': true }));
      await until('VS Code has read the workspace settings', () => vscode.workspace.getConfiguration('metastudio').get('autoMetaAnalysis') === true);
      assert.equal(vscode.workspace.getConfiguration('metastudio').get('endpoint'), suite.emulator.url);
      const before = requests(suite.emulator);
      await vscode.commands.executeCommand('metastudio.refresh');
      await withAnswers({}, () => vscode.commands.executeCommand('metastudio.markCreated', suite.api.services.view.tree.fileNode(DEMO_IDS.keynoteMain)));
      assert.ok(requests(suite.emulator) > before, 'the user\'s endpoint got the calls');
      assert.equal(requests(attacker), 0, 'the workspace\'s endpoint got nothing');
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      await attacker.close();
    }
  });

  for (const kind of ['Temporary AK/SK with security token', 'IAM user name and password', 'IAM token'] as const) {
    it(`signs in with ${kind} through the command, and the secret stays in SecretStorage`, async () => {
      suite.emulator.reset('demo');
      let inputs: string[];
      if (kind === 'IAM token') {
        const answer = await fetch(`${suite.emulator.url}/v3/auth/tokens`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { domain: { name: DEMO_ACCOUNT.domainName }, name: DEMO_ACCOUNT.userName, password: DEMO_ACCOUNT.password } } }, scope: { project: { name: 'cn-north-4' } } } }),
        });
        const token = answer.headers.get('x-subject-token')!;
        console.log(SECRET_MARKER + token); // the run's secret scan looks for it too
        inputs = [token];
      } else if (kind === 'IAM user name and password') {
        inputs = [DEMO_ACCOUNT.domainName, DEMO_ACCOUNT.userName, DEMO_ACCOUNT.password];
      } else {
        inputs = [DEMO_ACCOUNT.temporary!.ak, DEMO_ACCOUNT.temporary!.sk, DEMO_ACCOUNT.temporary!.securityToken];
      }
      const { shown, validation } = await withAnswers({ quickPick: [(items) => items.find((i) => i.label === kind)], inputs }, () => vscode.commands.executeCommand('metastudio.configureCredentials'));
      assert.deepEqual(validation, []);
      assert.ok(shown.some((s) => s.message === 'MetaStudio credentials saved to profile "Default".'), JSON.stringify(shown));
      await vscode.commands.executeCommand('metastudio.refresh');
      assert.ok(suite.api.services.model.count > 0, 'the pending files are listed');
      await withAnswers({}, () => vscode.commands.executeCommand('metastudio.markCreated', suite.api.services.view.tree.fileNode(DEMO_IDS.jingleMain)));
      assert.equal(suite.emulator.state.files.find((f) => f.file_id === DEMO_IDS.jingleMain)?.state, 'CREATED');
    });
  }

  it('takes 600 generated bad inputs at the commands and settings with clear sentences and no harm', async () => {
    suite.emulator.reset('demo');
    await configureDemoCredentials();
    await vscode.commands.executeCommand('metastudio.refresh');
    const random = prng(777);
    const junkChars = [...'abcXYZ019-_', '/', '..', '%2F', ' ', '\n', '\u0000', '中', '😀', '"', '<', '>', '\\'];
    const junkValue = (): unknown => pick(random, [
      undefined, null, 0, -1, NaN, Infinity, true, '', text(random, junkChars, 1, 80), [], [1, 'x'], {}, { kind: 'file' }, { kind: 'asset', asset: {} },
      { kind: 'file', file: { fileId: text(random, junkChars, 0, 20), assetId: '../x', fileName: 7 } }, { kind: 'machine' },
      vscode.Uri.file(path.join(workspace(), 'missing-' + text(random, ['a', 'b'], 1, 4) + '.mp4')), vscode.Uri.parse('untitled:x'),
    ]);
    const commands = ['metastudio.markCreated', 'metastudio.markFailed', 'metastudio.markCancelled', 'metastudio.copyFileId', 'metastudio.resumeUpload', 'metastudio.forgetUpload', 'metastudio.uploadFiles', 'metastudio.refresh'];
    const pendingBefore = suite.emulator.state.files.filter((f) => f.state === 'CREATING').length;
    let count = 0;

    for (let i = 0; i < 300; i++, count++) {
      const command = pick(random, commands);
      const args = [junkValue(), random() < 0.5 ? [junkValue(), junkValue()] : junkValue()];
      const { shown } = await withAnswers({ quickPick: [() => undefined], button: 'never' }, () => vscode.commands.executeCommand(command, ...args));
      assertReadable(shown, `#${i} ${command}`);
    }
    for (let i = 0; i < 200; i++, count++) {
      const typed = text(random, junkChars, 0, 90);
      const { shown, validation } = await withAnswers({ inputs: [typed], quickPick: [(items) => items[0]] }, () => vscode.commands.executeCommand('metastudio.confirmByFileId'));
      assertReadable(shown, `#${i} ${JSON.stringify(typed)}`);
      const idLike = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(typed.trim());
      assert.equal(validation.length, idLike ? 0 : 1, `#${i} ${JSON.stringify(typed)}: ${validation}`);
      if (idLike) {
        assert.match(shown.at(-1)?.message ?? '', / was not marked as uploaded\. The file was not found: check the file id|^Marked/);
      }
    }
    const keys = ['concurrency', 'rateLimit', 'timeoutSeconds', 'retries', 'autoRefreshSeconds', 'autoMetaAnalysis', 'appUserId'];
    try {
      for (let i = 0; i < 100; i++, count++) {
        const key = pick(random, keys);
        await updateSetting(`metastudio.${key}`, pick(random, ['many', -5, 1e9, [], { a: 1 }, true, null, '用户', 2.5]));
        const { shown } = await withAnswers({}, () => vscode.commands.executeCommand('metastudio.refresh'));
        assertReadable(shown, `#${i} ${key}`);
        shown.filter((s) => s.level === 'error').forEach((s) => assert.match(s.message, /X-App-UserId/, `#${i} ${key}: ${s.message}`));
      }
    } finally {
      for (const key of keys) {
        await updateSetting(`metastudio.${key}`, undefined);
      }
      await settled(suite.api);
    }
    assert.equal(count, 600);
    assert.equal(suite.emulator.state.files.filter((f) => f.state === 'CREATING').length, pendingBefore, 'no pending file was touched');
    await vscode.commands.executeCommand('metastudio.refresh');
    assert.equal(suite.api.services.model.count, pendingBefore, 'the view still works');
  });
});
