// How sizes and progress read (issue 12 point 4, issue 18 point 1): a size rounds into the next unit,
// and the transfer meter gives numbers only, so the UI says the line through vscode.l10n.
import * as assert from 'node:assert/strict';
import { formatBytes } from '../../src/client/fileTypes';
import { TransferMeter } from '../../src/pending/transferMeter';

describe('sizes and progress words', () => {
  it('a size just under a unit reads as the next unit, not "1024 KiB"', () => {
    assert.equal(formatBytes(1_048_575), '1 MiB');
    assert.equal(formatBytes(1024 ** 3 - 1), '1 GiB');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(10 * 1024 - 1), '10 KiB');
  });

  it('the transfer meter gives numbers (percent, bytes, speed, files done), no English words of its own', () => {
    let now = 0;
    const meter = new TransferMeter(3000, 3, () => now, 0);
    meter.update('a', 0); // the PUTs begin
    meter.update('b', 0);
    now = 1000;
    meter.update('a', 1000, true);
    meter.finish('a', 1000);
    const reading = meter.update('b', 500, true);
    const { increment, ...numbers } = reading!;
    assert.deepEqual(numbers, { percent: 50, bytes: 1500, totalBytes: 3000, bytesPerSecond: 1500, files: { done: 1, total: 3 } });
    assert.ok(Math.abs(increment - 50 / 3) < 1e-9, `added since the last reading (1000 of 3000): ${increment}`);
    assert.deepEqual(meter.hashing(10, 100), { increment: 0, percent: 10, bytes: 10, totalBytes: 100 });
    assert.ok(Object.values(reading!).every((v) => typeof v !== 'string'), 'nothing said in English below the UI');
  });

  it('counts the speed from the start of the PUT, not of the MD5 before it', () => {
    let now = 0;
    const size = 2_000 * 1024 ** 2;
    const meter = new TransferMeter(size, 1, () => now, 250);
    // 10 s of MD5, then the PUT sends 200 MiB each second.
    for (now = 0; now <= 10_000; now += 1_000) {
      meter.hashing((size * now) / 10_000, size);
    }
    now = 10_000;
    meter.update('a', 0, false, true);
    now = 12_000;
    assert.equal(meter.update('a', 400 * 1024 ** 2)?.bytesPerSecond, 200 * 1024 ** 2);
    now = 15_000;
    assert.equal(meter.update('a', 1_000 * 1024 ** 2)?.bytesPerSecond, 200 * 1024 ** 2);
  });

  it('counts a batch\'s speed over the time some PUT ran, and not the bytes a resumed upload sent before', () => {
    let now = 0;
    const meter = new TransferMeter(3_000, 2, () => now, 0);
    meter.update('a', 0);
    now = 1_000;
    meter.update('a', 1_000, true, false); // confirming: its PUT ended
    meter.finish('a', 1_000);
    now = 6_000; // the second file's MD5: nothing sent
    meter.update('b', 1_500, false, true); // resumed at 1,500 bytes
    now = 7_000;
    assert.equal(meter.update('b', 2_000)?.bytesPerSecond, 750, '1,500 bytes sent in 2 s of PUTs');
  });
});
