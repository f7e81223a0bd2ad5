// One refresh at a time: joined while it reads, cancelled on request, replaced when it hangs. The
// clock is a variable here, so nothing depends on how fast the machine is.
import * as assert from 'node:assert/strict';
import { cancelledError } from '../../src/client/errors';
import { RefreshGate } from '../../src/pending/refreshGate';

/** A refresh that reads nothing until it is cancelled, as one stuck on a dead connection. */
function hanging(started: AbortSignal[]) {
  return (signal: AbortSignal) => {
    started.push(signal);
    return new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(cancelledError('ListAssets'))));
  };
}

describe('one refresh at a time', () => {
  let now: number;
  let gate: RefreshGate;
  beforeEach(() => {
    now = 0;
    gate = new RefreshGate(() => 30_000, () => now);
  });

  it('a refresh already running is reused', async () => {
    let calls = 0;
    let finish!: () => void;
    const work = () => {
      calls++;
      return new Promise<void>((resolve) => (finish = resolve));
    };
    const first = gate.run(work);
    now += 29_000;
    assert.equal(gate.run(work), first);
    assert.equal(calls, 1);
    finish();
    await first;
    assert.equal(gate.busy, false);
    void gate.run(work);
    assert.equal(calls, 2, 'a new one once the last has ended');
  });

  it('pages keep a slow refresh alive: it is joined, not replaced', () => {
    const started: AbortSignal[] = [];
    const first = gate.run(hanging(started));
    for (let i = 0; i < 5; i++) {
      now += 20_000;
      gate.alive();
      assert.equal(gate.run(hanging(started)), first);
    }
    assert.equal(started.length, 1);
  });

  it('one silent past the timeout is stuck: the next refresh cancels it and starts over', async () => {
    const started: AbortSignal[] = [];
    const stuck = gate.run(hanging(started));
    now += 30_001;
    let resolveSecond!: () => void;
    const second = gate.run(() => new Promise<void>((resolve) => (resolveSecond = resolve)));
    assert.notEqual(second, stuck);
    assert.equal(started[0].aborted, true, 'the stuck one is cancelled');
    await stuck; // resolves quietly: cancelled, not failed
    assert.equal(gate.busy, true, 'the new one still runs');
    resolveSecond();
    await second;
    assert.equal(gate.busy, false);
  });

  it('Cancel Refresh ends a hanging refresh at once, quietly; the next one starts anew', async () => {
    const started: AbortSignal[] = [];
    const first = gate.run(hanging(started));
    gate.cancel();
    await first;
    assert.equal(gate.busy, false);
    const again = gate.run(async () => undefined);
    assert.notEqual(again, first);
    await again;
  });

  it('a Refresh right after Cancel Refresh, before the cancelled one has wound down, starts anew and is never joined to it', async () => {
    let finishCancelled!: () => void;
    const cancelled = gate.run((signal) => new Promise<void>((resolve) => (finishCancelled = resolve)).then(() => signal.throwIfAborted()));
    gate.cancel();
    let started = 0;
    const again = gate.run(async (signal) => {
      started++;
      assert.equal(signal.aborted, false);
    });
    assert.notEqual(again, cancelled);
    assert.equal(started, 1, 'the new work starts at once');
    finishCancelled();
    await Promise.all([cancelled, again]);
  });

  it('a refresh that fails says so', async () => {
    await assert.rejects(gate.run(async () => Promise.reject(new Error('ListAssets failed: MSS.00000004 Internal Error.'))), /Internal Error/);
    assert.equal(gate.busy, false);
  });

  it('does not join a cancelled refresh that is still settling: the next asker gets a new one', async () => {
    const started: AbortSignal[] = [];
    const settle: Array<() => void> = [];
    // Cancelled, but its answer is still on its way (a profile switch while a page is read).
    const slow = (signal: AbortSignal) => {
      started.push(signal);
      return new Promise<void>((resolve) => settle.push(resolve));
    };
    const first = gate.run(slow);
    gate.cancel();
    const second = gate.run(slow);
    assert.notEqual(second, first);
    assert.equal(started.length, 2);
    assert.equal(started[0].aborted, true);
    assert.equal(started[1].aborted, false);
    settle.forEach((resolve) => resolve());
    await Promise.all([first, second]);
  });
});
