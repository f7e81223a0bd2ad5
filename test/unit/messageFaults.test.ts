// Faults found in how sizes and progress read (issue 12 point 4, issue 18 point 1): tests that fail
// while the fault is there.
import * as assert from 'node:assert/strict';
import { formatBytes } from '../../src/client/fileTypes';
import { TransferMeter } from '../../src/pending/transferMeter';

describe('message faults: sizes and progress', () => {
  it('FAULT: a size just under a unit reads as the next unit, not "1024 KiB"', () => {
    assert.equal(formatBytes(1_048_575), '1 MiB');
    assert.equal(formatBytes(1024 ** 3 - 1), '1 GiB');
  });

  it('FAULT: the progress line has no English words composed outside vscode.l10n ("of", "done")', () => {
    let now = 0;
    const meter = new TransferMeter(3000, 3, () => now, 0);
    now = 1000;
    meter.update('a', 1000, '', true);
    meter.finish('a', 1000);
    const reading = meter.update('b', 500, '', true);
    assert.doesNotMatch(reading?.message ?? '', /\bof\b|\bdone\b/, `built in src/pending, never translated: ${reading?.message}`);
    assert.doesNotMatch(meter.hashing(10, 100, 'x')?.message ?? '', /\bof\b/);
  });
});
