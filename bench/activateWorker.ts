// The plain-Node figure of row 6: require() of a bundle and its activate(), in a fresh process
// (nothing cached), with the stub `vscode`.
import { childMain } from './harness';
import { fakeContext, installVscodeStub } from './stubVscode';

export interface ActivateOutput {
  requireMs: number;
  activateMs: number;
}

childMain<{ bundle: string }, ActivateOutput>(async ({ bundle }) => {
  installVscodeStub();
  const started = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle chosen at run time, loaded as VS Code loads it
  const extension = require(bundle) as { activate(context: object): unknown };
  const loaded = performance.now();
  await extension.activate(fakeContext());
  return { requireMs: loaded - started, activateMs: performance.now() - loaded };
});
