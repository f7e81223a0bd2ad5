// The cross-window upload lock has one owner, always: two real processes race for fresh, stale,
// half-written and abandoned locks many times; a taken-over owner learns it at its next beat.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { UploadLocks } from '../../src/pending/uploadLock';
import { pick, prng } from '../support/random';

const SEED = Number(process.env.LOCK_SEED ?? 11);
const ROUNDS = 40;
const KINDS = ['none', 'dead-owner', 'stale-beat', 'empty-abandoned', 'empty-being-created'] as const;
type Kind = (typeof KINDS)[number];

/** A lock file left behind, written as a window of the previous version wrote it; `ageMs` back in time. */
function leaveLock(file: string, content: string, ageMs: number): void {
  writeFileSync(file, content);
  const at = new Date(Date.now() - ageMs);
  utimesSync(file, at, at);
}

describe('upload lock', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ms-locks-'));
  });

  it(`two processes racing ${ROUNDS} times (seed ${SEED}) never both hold a lock, and a free or abandoned one goes to exactly one`, async () => {
    const random = prng(SEED);
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const kinds: Kind[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const kind = pick(random, KINDS);
      kinds.push(kind);
      const file = path.join(dir, `rec-${round}.lock`);
      const legacy = (ageMs: number) => JSON.stringify({ owner: 'gone', heartbeatAt: Date.now() - ageMs, pid: deadPid, host: hostname() });
      if (kind === 'dead-owner') {
        leaveLock(file, legacy(1_000), 1_000);
      } else if (kind === 'stale-beat') {
        leaveLock(file, JSON.stringify({ owner: 'asleep', heartbeatAt: Date.now() - 60_000, host: 'another-machine' }), 60_000);
      } else if (kind === 'empty-abandoned') {
        leaveLock(file, '', 60_000);
      } else if (kind === 'empty-being-created') {
        leaveLock(file, '', 0);
      }
    }
    // Each child takes part in every round at the same moment, shifted by a seeded 0-2 ms, and keeps what it got.
    const start = Date.now() + 3_000;
    const script = `const { UploadLocks } = require(${JSON.stringify(require.resolve('../../src/pending/uploadLock'))});
      const [dir, rounds, start, seed] = process.argv.slice(1).map((v, i) => (i === 0 ? v : Number(v)));
      let a = seed >>> 0; const random = () => ((a = (Math.imul(a, 1664525) + 1013904223) >>> 0) / 4294967296);
      const locks = new UploadLocks(dir);
      (async () => {
        const got = [];
        for (let round = 0; round < rounds; round++) {
          const at = start + round * 30 + Math.floor(random() * 3);
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
          if (await locks.acquire('rec-' + round)) got.push(round);
        }
        console.log(JSON.stringify(got));
        // Alive, holding its locks, until both are done: a lock of a process that ended is free.
        process.stdin.on('data', () => process.exit(0));
      })();`;
    const children = [SEED * 2 + 1, SEED * 2 + 2].map((seed) => spawn(process.execPath, ['-e', script, dir, String(ROUNDS), String(start), String(seed)], { stdio: ['pipe', 'pipe', 'inherit'] }));
    const [first, second] = await Promise.all(children.map((child) => new Promise<number[]>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.endsWith('\n')) {
          resolve(JSON.parse(out) as number[]);
        }
      });
      child.once('exit', (code) => reject(new Error(`child exited ${code} before reporting`)));
    })));
    await Promise.all(children.map((child) => new Promise((resolve) => {
      child.once('exit', resolve);
      child.stdin.end('done\n');
    })));
    for (let round = 0; round < ROUNDS; round++) {
      const owners = Number(first.includes(round)) + Number(second.includes(round));
      const expected = kinds[round] === 'empty-being-created' ? 0 : 1;
      assert.equal(owners, expected, `round ${round} (${kinds[round]}, seed ${SEED}): ${owners} owners`);
    }
  });

  it('an empty lock file is being created: held, not free, until it is stale', async () => {
    const locks = new UploadLocks(dir);
    leaveLock(path.join(dir, 'fresh.lock'), '', 0);
    assert.equal(await locks.acquire('fresh'), undefined);
    assert.equal(await locks.heldElsewhere('fresh'), true);
    leaveLock(path.join(dir, 'crashed.lock'), '{"owner":', 60_000);
    const release = await locks.acquire('crashed');
    assert.ok(release, 'a half-written lock left for 60 s is taken over');
    await release!();
    assert.equal(existsSync(path.join(dir, 'crashed.lock')), false);
  });

  it('tells a holder whose lock was taken over at its next beat, and its release leaves the new owner\'s lock', async () => {
    let lost!: () => void;
    const told = new Promise<void>((resolve) => (lost = resolve));
    const a = new UploadLocks(dir, Date.now, 20);
    const b = new UploadLocks(dir, () => Date.now() + 31_000); // sees A's beat as 31 s old: A's machine slept
    const releaseA = await a.acquire('r', lost);
    assert.ok(releaseA);
    const releaseB = await b.acquire('r');
    assert.ok(releaseB, 'B takes the stale lock over');
    await told;
    await releaseA!();
    assert.equal(await new UploadLocks(dir).heldElsewhere('r'), true, 'B still holds it after A released');
    assert.equal(await a.heldElsewhere('r'), true);
    assert.equal(await b.heldElsewhere('r'), false);
    await releaseB!();
    assert.equal(existsSync(path.join(dir, 'r.lock')), false);
  });
});
