// Client leases tagged with whose credentials built them: a sign-out stops that profile's work only,
// whichever client is current, and work already stopped is not counted again while it ends.
import * as assert from 'node:assert/strict';
import { ClientLeases } from '../../src/client/leases';

class FakeClient {
  closed = false;
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('client leases by profile', () => {
  it('stops the work of one profile, also after a switch, and leaves the other\'s running', async () => {
    let owner = 'A';
    const leases = new ClientLeases(async () => new FakeClient(), () => owner);
    const ends: Array<() => void> = [];
    const run = () => leases.use((_client, signal) => new Promise<string>((resolve) => {
      ends.push(() => resolve('done'));
      signal.addEventListener('abort', () => resolve(`stopped: ${String(signal.reason)}`));
    }));
    const onA = run();
    await Promise.resolve();
    leases.retire(); // switched to B: A's work keeps its client
    owner = 'B';
    const onB = run();
    await Promise.resolve();
    assert.deepEqual(leases.runningTags().sort(), ['A', 'B']);

    assert.equal(leases.stopWhere('A signed out', (tag) => tag === 'A'), 1);
    assert.equal(leases.stopWhere('A signed out', (tag) => tag === 'A'), 0, 'stopped work is not counted again while it ends');
    assert.deepEqual(leases.runningTags(), ['B']);
    assert.equal(await onA, 'stopped: A signed out');
    ends[1]();
    assert.equal(await onB, 'done');
    assert.equal(leases.running, 0);
  });
});
