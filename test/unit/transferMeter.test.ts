// How sizes and transfer progress read: one unit convention everywhere, and an MD5 step that shows
// its own bytes instead of "0% · 0 B".
import * as assert from 'node:assert/strict';
import { formatBytes } from '../../src/client/fileTypes';
import { TransferMeter } from '../../src/pending/transferMeter';

describe('sizes and the transfer meter', () => {
  it('formats sizes in binary units labelled as such', () => {
    assert.equal(formatBytes(200_000_000), '191 MiB');
    assert.equal(formatBytes(50 * 1024 ** 2), '50 MiB');
    assert.equal(formatBytes(5 * 1024 ** 3), '5 GiB');
    assert.equal(formatBytes(536_870_912_000), '500 GiB');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(999), '999 B');
  });

  it('shows the bytes read for the MD5 on their own line, without moving the batch percent', () => {
    let now = 0;
    const meter = new TransferMeter(1_000_000_000, 1, () => now, 250);
    const first = meter.hashing(500_000_000, 1_000_000_000);
    assert.deepEqual(first, { increment: 0, percent: 50, bytes: 500_000_000, totalBytes: 1_000_000_000 });
    now = 100;
    assert.equal(meter.hashing(600_000_000, 1_000_000_000), undefined, 'not due yet');
    assert.deepEqual(meter.hashing(1_000_000_000, 1_000_000_000), { increment: 0, percent: 100, bytes: 1_000_000_000, totalBytes: 1_000_000_000 }, 'the last one always shows');
    now = 1000;
    const sending = meter.update('a', 250_000_000);
    assert.equal(sending?.increment, 25, 'the batch percent counts bytes sent only');
  });
});
