// The integration runner drops the host's known reload and reconnection noise, and fails a passing
// run on any other error output: the messages seen in real runs, and ones it has never seen.
import * as assert from 'node:assert/strict';
import { hostMessage } from '../integration/hostNoise';

describe('host noise of the integration runner', () => {
  it('drops the known messages of a reload and a killed extension host, with their stack traces', () => {
    for (const text of [
      "Cannot read properties of undefined (reading 'extensionHost'): TypeError: Cannot read properties of undefined (reading 'extensionHost')\n    at Afo.stopAllInReverse (http://127.0.0.1:1/static/out/vs/code/browser/workbench/workbench.js:5237:9583)",
      'A permanent error occurred in the reconnecting loop! Will give up now! Error: Connection error: Unknown reconnection token (seen before)',
      'Connection error: Unknown reconnection token (seen before): Error: Connection error: Unknown reconnection token (seen before)',
      '[remote-connection][ExtensionHost][f73c0…][reconnect] received socket close event (wasClean: false, code: 1006, reason: ).',
      '[lifecycle] Long running operations during shutdown are unsupported in the web (id: join.disconnectRemote)',
      'An unknown error occurred. Please consult the log for more details.',
      'Failed to resolve files at location: vscode-remote:/tmp/vscode-host-x/user-data/User/prompts Canceled: Canceled',
      "Unable to read file 'vscode-remote:/tmp/vscode-host-x/user-data/User/extensions.json' (Canceled: Canceled): Error: Unable to read file 'vscode-remote:/tmp/vscode-host-x/user-data/User/extensions.json' (Canceled: Canceled)\n    at ume.restoreReadError (http://127.0.0.1:1/static/out/vs/code/browser/workbench/workbench.js:5225:128570)",
    ]) {
      assert.equal(hostMessage(text), 'noise', text);
    }
  });

  it('counts any other error or stack trace as unexpected, and leaves test output alone', () => {
    assert.equal(hostMessage('TypeError: x is not a function\n    at run (file:///ext/dist/extension.js:1:2)'), 'unexpected');
    assert.equal(hostMessage("Cannot read properties of undefined (reading 'other'): TypeError: boom"), 'unexpected');
    assert.equal(hostMessage('    ✔ lists the emulator\'s pending files, grouped by asset'), 'plain');
    assert.equal(hostMessage('vscode.version 1.139.1 (appHost server-distro, uiKind 2)'), 'plain');
    assert.equal(hostMessage("Timed out waiting for authentication provider 'github' to register.: Error: Timed out", true), 'plain', 'the runner\'s chatter is not counted');
  });
});
