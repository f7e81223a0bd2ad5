// The second figure of row 9: a window reload with a kept listing, in a fresh process. activate()
// of the extension (compiled, with the stub `vscode`), its credentials in the stub SecretStorage and
// its kept listing in its global storage, the view open, then the time until the model shows the
// kept listing and the root's tree items are made: the view's first rows, counted from the start of
// activate(). The refresh that follows goes to a closed port on this machine and fails, unseen.
import type { ExtensionApi } from '../src/extension';
import { childMain } from './harness';
import { fakeContext, installVscodeStub, setStubState } from './stubVscode';

export interface KeptWorkerInput {
  /** The extension's global storage, holding `listings/`. */
  storage: string;
  /** An empty home folder: no credentials file or KooCLI config of this machine takes part. */
  home: string;
  /** SecretStorage's entries. */
  secrets: Record<string, string>;
  /** The metastudio settings (the stub's configuration). */
  settings: Record<string, unknown>;
}

export interface KeptWorkerOutput {
  firstRowsMs: number;
  rows: number;
}

childMain<KeptWorkerInput, KeptWorkerOutput>(async ({ storage, home, secrets, settings }) => {
  process.env.HOME = home;
  for (const name of Object.keys(process.env).filter((n) => n.startsWith('HUAWEICLOUD_'))) {
    delete process.env[name];
  }
  installVscodeStub();
  setStubState(settings, true); // the view open, as it was when the window reloaded
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stub, as the host loads it
  const { activate } = require('../src/extension') as typeof import('../src/extension');
  const context = {
    ...fakeContext(),
    globalStorageUri: { fsPath: storage },
    secrets: { get: async (key: string) => secrets[key], store: async () => undefined, delete: async () => undefined, onDidChange: () => ({ dispose: () => undefined }) },
  };
  const started = performance.now();
  const { services } = activate(context as never) as ExtensionApi;
  await new Promise<void>((resolve) => {
    const subscription = services.model.onDidChange(() => {
      if (services.model.keptAt !== undefined) {
        subscription.dispose();
        resolve();
      }
    });
  });
  const roots = services.view.tree.getChildren();
  roots.forEach((node) => services.view.tree.getTreeItem(node));
  return { firstRowsMs: performance.now() - started, rows: roots.length };
});
