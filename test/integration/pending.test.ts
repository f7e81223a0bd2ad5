// The extension in a real VS Code host against the emulator: credentials through the real command,
// the Pending Uploads tree, marking one and many files, what stays when a file fails, and where
// secrets end up.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PendingNode } from '../../src/tree/pendingTree';
import { DEMO_ACCOUNT, DEMO_IDS } from '../emulator';
import { withAnswers } from './fakeWindow';
import { configureDemoCredentials, EXTENSION_ID, outputLog, suiteWithEmulator, until } from './helpers';

const SECRETS = [DEMO_ACCOUNT.sk];

describe('Pending Uploads', function () {
  const suite = suiteWithEmulator({ seed: 'demo' });
  const fileNode = (fileId: string): PendingNode => {
    const node = suite.api.services.view.tree.fileNode(fileId);
    assert.ok(node, `${fileId} is in the tree`);
    return node;
  };
  const emulatorState = (fileId: string) => suite.emulator.state.files.find((f) => f.file_id === fileId)?.state;
  const rows = () => suite.api.services.view.tree.getChildren().flatMap((asset) => suite.api.services.view.tree.getChildren(asset)).flatMap((n) => (n.kind === 'file' ? [n.file] : []));
  /** The pending files' rows; a row resolved a moment ago stays, marked, before it leaves. */
  const treeFileIds = () => rows().filter((f) => !f.resolvedAs).map((f) => f.fileId);
  const resolvedRow = (fileId: string) => {
    const file = rows().find((f) => f.fileId === fileId && f.resolvedAs);
    return file && suite.api.services.view.tree.getTreeItem({ kind: 'file', file });
  };

  it('registers every contributed command, and contributes every registered one', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: Array<{ command: string }> } };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    // VS Code adds commands of its own for each view (metastudio.pending.focus and so on).
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('metastudio.') && !c.startsWith('metastudio.pending.')).sort();
    assert.deepEqual(registered, contributed);
  });

  it('starts unconfigured: the status bar item is hidden and the view offers to configure', async () => {
    await suite.api.services.session.load();
    assert.equal(suite.api.services.session.state, 'unconfigured');
    assert.equal(suite.api.services.status.text, '$(cloud-upload) MetaStudio: not signed in');
    assert.equal(suite.api.services.status.visible, false);
    assert.equal(suite.api.services.status.warning, false);
  });

  it('refuses a malformed SK as it is typed, and saves nothing', async () => {
    const { validation } = await withAnswers(
      { quickPick: [(items) => items.find((i) => i.label === 'AK/SK')], inputs: [DEMO_ACCOUNT.ak, 'short sk'] },
      () => vscode.commands.executeCommand('metastudio.configureCredentials'),
    );
    assert.match(validation[0], /The SK should be/);
    assert.equal(await suite.api.services.session.credentials.get(), undefined);
  });

  it('does not save credentials MetaStudio refuses', async () => {
    const { shown } = await withAnswers(
      { quickPick: [(items) => items.find((i) => i.label === 'AK/SK')], inputs: [DEMO_ACCOUNT.ak, 'WrongSecretKeyWrongSecretKeyWrongSecret0'] },
      () => vscode.commands.executeCommand('metastudio.configureCredentials'),
    );
    // One short toast: what happened and what to do; the gateway's words and canonical request go to the log.
    const toasts = shown.filter((s) => !s.modal);
    assert.deepEqual(toasts.map((s) => [s.level, s.message, s.actions]), [[
      'error',
      'Not saved. The credentials were rejected: check the AK and SK (or token), and that the account is not restricted.',
      ['Enter the Secret Key Again', 'Show Output'],
    ]]);
    assert.match(outputLog(suite.api), /the check failed: .*APIGW\.0301/);
    assert.equal(await suite.api.services.session.credentials.get(), undefined);
  });

  it('after refused keys, Enter the Secret Key Again asks for the SK only, keeps the AK, and saves what MetaStudio takes', async () => {
    const { shown, asked } = await withAnswers(
      { quickPick: [(items) => items.find((i) => i.label === 'AK/SK')], inputs: [DEMO_ACCOUNT.ak, 'WrongSecretKeyWrongSecretKeyWrongSecret0', DEMO_ACCOUNT.sk], button: 'Enter the Secret Key Again' },
      () => vscode.commands.executeCommand('metastudio.configureCredentials'),
    );
    // The box after the button is the SK's (a password box), not the AK's step with the AK selected.
    assert.deepEqual(asked.map((a) => [a.prompt, a.value, a.password]), [['Access Key ID (AK)', undefined, false], ['Secret Access Key (SK)', undefined, true], ['Secret Access Key (SK)', undefined, true]]);
    assert.ok(!shown.some((s) => s.actions.includes('Save Anyway')), 'never Save Anyway for keys MetaStudio refused');
    assert.equal(shown.at(-1)?.message, 'MetaStudio credentials saved to profile "Default".');
    assert.deepEqual(await suite.api.services.session.credentials.get(), { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk });
    await vscode.commands.executeCommand('metastudio.signOut');
  });

  it('configures credentials through the command and keeps them in SecretStorage', async () => {
    await configureDemoCredentials();
    assert.deepEqual(await suite.api.services.session.credentials.get(), { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk });
    assert.equal(suite.api.services.session.profile?.id, 'settings', 'the default profile');
    assert.equal(suite.api.services.session.state, 'ready');
  });

  it('lists the emulator\'s pending files, grouped by asset', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.metastudio');
    await vscode.commands.executeCommand('metastudio.refresh');
    const pending = suite.emulator.state.files.filter((f) => f.state === 'CREATING').map((f) => f.file_id).sort();
    assert.deepEqual(treeFileIds().sort(), pending);
    const asset = suite.api.services.view.tree.getChildren().find((n) => n.kind === 'asset' && n.asset.assetId === DEMO_IDS.keynoteAsset)!;
    const item = suite.api.services.view.tree.getTreeItem(asset);
    assert.equal(item.label, 'Product launch keynote 2025');
    const file = suite.api.services.view.tree.getTreeItem(fileNode(DEMO_IDS.keynoteMain));
    assert.equal(file.label, 'keynote-2025.mp4');
    assert.match(String(file.description), /^700 MiB · \d+ h ago$/, 'size and age lead; the rest is in the tooltip');
    assert.match((file.tooltip as vscode.MarkdownString).value, /MAIN/);
    assert.equal(file.contextValue, 'pendingFile');
    assert.equal(suite.api.services.status.text, `$(cloud-upload) MetaStudio: ${pending.length} pending`);
    assert.equal(suite.api.services.status.visible, true);
    assert.equal(suite.api.services.view.treeView.badge?.value, pending.length);
  });

  it('never says "No pending uploads" before a complete listing that found nothing', async () => {
    const { view, model } = suite.api.services;
    const commands = vscode.commands as typeof vscode.commands & Record<string, unknown>;
    const real = commands.executeCommand;
    const keys: unknown[] = [];
    commands.executeCommand = ((command: string, ...rest: unknown[]) => {
      if (command === 'setContext' && rest[0] === 'metastudio.listedEmpty') {
        keys.push(rest[1]);
      }
      return real(command, ...rest);
    }) as typeof real;
    try {
      // As at a first open: nothing listed yet, then the pages arrive.
      model.clear();
      assert.equal(model.listedEmpty, false, 'empty so far is not empty');
      await view.refresh();
    } finally {
      commands.executeCommand = real;
    }
    assert.ok(treeFileIds().length > 0);
    assert.ok(!keys.includes(true), `the empty-state welcome's key stays false: ${JSON.stringify(keys)}`);
    assert.equal(model.listedEmpty, false);
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { viewsWelcome: Array<{ when: string }> } };
    assert.deepEqual(manifest.contributes.viewsWelcome.map((w) => w.when), ['metastudio.signedOut', 'metastudio.configured && metastudio.listedEmpty']);
  });

  it('opens with the last listing, marked with its age, while the refresh runs; the refresh replaces it', async () => {
    const { view, model } = suite.api.services;
    const listed = treeFileIds().sort();
    suite.emulator.setFaults({ latencyMs: 3000, latencyRate: 1 });
    try {
      // What a restart does: nothing is listed yet, the view is open, the first refresh runs.
      // (view.reload() with the same profile changes nothing now, so the test empties the model itself.)
      model.clear();
      const reloading = view.refresh();
      await until('the kept listing shows', () => model.keptAt !== undefined);
      assert.equal(model.isLoaded, false);
      assert.deepEqual(treeFileIds().sort(), listed);
      assert.match(view.treeView.message ?? '', /^The list from .+; refreshing…$/);
      await reloading;
    } finally {
      suite.emulator.setFaults({});
    }
    assert.equal(model.keptAt, undefined);
    assert.equal(view.treeView.message, undefined);
    assert.deepEqual(treeFileIds().sort(), listed);
  });

  it('marks one file CREATED: the emulator has it, the row goes, the log has the request id', async () => {
    const before = suite.api.services.model.count;
    const { shown } = await withAnswers({}, () => vscode.commands.executeCommand('metastudio.markCreated', fileNode(DEMO_IDS.keynoteMain)));
    assert.equal(emulatorState(DEMO_IDS.keynoteMain), 'CREATED');
    assert.ok(!treeFileIds().includes(DEMO_IDS.keynoteMain));
    // Its row stays a moment, saying so, with no action: a second click there confirms nothing else.
    const held = resolvedRow(DEMO_IDS.keynoteMain);
    assert.equal(held?.description, 'Confirmed');
    assert.equal(held?.contextValue, 'resolvedFile');
    await until('the confirmed row leaves', () => resolvedRow(DEMO_IDS.keynoteMain) === undefined);
    assert.equal(suite.api.services.status.text, `$(cloud-upload) MetaStudio: ${before - 1} pending`);
    assert.deepEqual(shown.map((s) => s.message), ['Marked keynote-2025.mp4 as uploaded.']);
    await until('the log shows the confirm with its X-Request-Id', () => /ConfirmFileUpload: POST \/v1\/\w+\/files\/f11e0000-0000-4000-8000-000000000011\/complete → 200 \(X-Request-Id [0-9a-f]{32}/.test(outputLog(suite.api)));
  });

  it('marks several selected files CANCELLED after asking, and FAILED likewise', async () => {
    const cover = fileNode(DEMO_IDS.keynoteCover);
    const jingle = fileNode(DEMO_IDS.jingleMain);
    const { shown } = await withAnswers({ button: 'Mark as Cancelled' }, () => vscode.commands.executeCommand('metastudio.markCancelled', cover, [cover, jingle]));
    // The question lists the files and what it means; the safe choice comes first (VS Code's primary,
    // focused button), the change second, and VS Code adds Cancel.
    assert.deepEqual([shown[0].modal, shown[0].message, shown[0].actions], [true, 'Mark 2 files as cancelled?', ['Keep Them Pending', 'Mark as Cancelled']]);
    assert.equal(shown[0].detail, [
      `keynote-cover.jpg (file id ${DEMO_IDS.keynoteCover})`,
      `intro-jingle.mp3 (file id ${DEMO_IDS.jingleMain})`,
      '',
      'MetaStudio stops waiting for their bytes and keeps them as CANCELLED in their assets, which frees their places there; they leave Pending Uploads. This cannot be undone.',
    ].join('\n'));
    assert.deepEqual(shown.at(-1)?.message, 'Marked 2 files as cancelled: keynote-cover.jpg and intro-jingle.mp3.');
    assert.equal(emulatorState(DEMO_IDS.keynoteCover), 'CANCELLED');
    assert.equal(emulatorState(DEMO_IDS.jingleMain), 'CANCELLED');

    const deck = fileNode(DEMO_IDS.deckMain);
    const declined = await withAnswers({ button: 'Keep It Pending' }, () => vscode.commands.executeCommand('metastudio.markFailed', deck));
    assert.equal(declined.shown.length, 1, 'only the question was shown');
    assert.equal(emulatorState(DEMO_IDS.deckMain), 'CREATING');
    await withAnswers({ button: 'Mark as Failed' }, () => vscode.commands.executeCommand('metastudio.markFailed', deck));
    assert.equal(emulatorState(DEMO_IDS.deckMain), 'FAILED');
    assert.ok(!treeFileIds().includes(DEMO_IDS.deckMain));
  });

  it('keeps a file that could not be confirmed, with the reason, and offers what can help', async () => {
    const backdrop = fileNode(DEMO_IDS.backdropMain); // never uploaded: MetaStudio refuses CREATED
    const { shown } = await withAnswers({}, () => vscode.commands.executeCommand('metastudio.markCreated', backdrop));
    assert.equal(emulatorState(DEMO_IDS.backdropMain), 'CREATING');
    assert.ok(treeFileIds().includes(DEMO_IDS.backdropMain));
    const summary = shown.at(-1)!;
    assert.equal(summary.message, `backdrop-blue.png (file id ${DEMO_IDS.backdropMain}) was not marked as uploaded. MetaStudio has no bytes for it: upload a local file in its place, or mark it as cancelled.`);
    assert.deepEqual(summary.actions, ['Upload in Its Place...', 'Mark as Cancelled', 'Show Output']);
    const item = suite.api.services.view.tree.getTreeItem(fileNode(DEMO_IDS.backdropMain));
    assert.equal(item.contextValue, 'pendingFile.failed.notUploaded');
    assert.match((item.tooltip as vscode.MarkdownString).value, /has not been uploaded/);
    assert.match(outputLog(suite.api), /backdrop.* was not marked CREATED: ConfirmFileUpload failed: MSS\.00000003/);
  });

  it('confirms any file id from the palette, and says clearly when it does not exist', async () => {
    const unknown = 'f11e0000-0000-4000-8000-0000000000ff';
    const { shown } = await withAnswers(
      { inputs: [unknown], quickPick: [(items) => items.find((i) => i.label === 'Uploaded' && i.description === 'CREATED')] },
      () => vscode.commands.executeCommand('metastudio.confirmByFileId'),
    );
    // The file id once (it is the file's only name), what to do, no operation name or server code (the log has them).
    assert.deepEqual(shown.map((s) => [s.level, s.message, s.actions]), [[
      'error',
      `${unknown} was not marked as uploaded. The file was not found: check the file id; it may have been deleted, or belong to another project or region.`,
      ['Show Output'],
    ]]);
    assert.doesNotMatch(shown.at(-1)!.message, /The file not found|X-Request-Id|ConfirmFileUpload|MSS\./);
    assert.match(outputLog(suite.api), /ConfirmFileUpload failed: MSS\.10001004 The file not found\..*X-Request-Id [0-9a-f]{32}/);
    const bad = await withAnswers({ inputs: ['../../digital-assets'] }, () => vscode.commands.executeCommand('metastudio.confirmByFileId'));
    assert.match(bad.validation[0], /is not a valid file id/);
  });

  it('keeps secrets in SecretStorage only: not in settings, state or the log', async () => {
    const haystacks = [
      JSON.stringify(vscode.workspace.getConfiguration('metastudio')),
      JSON.stringify(suite.api.services.context.globalState.keys().map((k) => suite.api.services.context.globalState.get(k))),
      JSON.stringify(suite.api.services.context.workspaceState.keys().map((k) => suite.api.services.context.workspaceState.get(k))),
      outputLog(suite.api),
      suite.api.services.status.tooltip,
    ];
    assert.ok(outputLog(suite.api).length > 0, 'the log was found');
    for (const secret of SECRETS) {
      assert.ok(!haystacks.some((h) => h.includes(secret)), 'the SK leaked');
    }
  });

  it('signs out: the credentials are gone and the view asks to configure again', async () => {
    await withAnswers({}, () => vscode.commands.executeCommand('metastudio.signOut'));
    assert.equal(await suite.api.services.session.credentials.get(), undefined);
    assert.equal(suite.api.services.session.state, 'unconfigured');
    assert.equal(suite.api.services.model.count, 0);
  });
});
