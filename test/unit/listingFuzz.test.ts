// listEvery against a simulated ListAssets whose assets change between and during reads: seeded, so
// every run is the same; interleavings come from the seed (microtask turns), not from the clock.
import * as assert from 'node:assert/strict';
import { listEvery, type AssetPage } from '../../src/client/listing';

/** A small LCG: the same seed gives the same changes. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

interface Churn {
  assets: number;
  /** Changes at most this many times before and after each read's snapshot. */
  changes: number;
  pDelete: number;
  pAdd: number;
}

interface Outcome {
  missing: string[];
  missedNew: string[];
  duplicates: number;
  neverListed: string[];
  error?: string;
}

/**
 * One listing over a set sorted by creation (as create_time asc): `read` answers from the set as it
 * is at its snapshot; assets are deleted at random places and added at the end meanwhile.
 */
async function listOnce(seed: number, churn: Churn): Promise<Outcome> {
  const r = random(seed);
  let nextId = 0;
  let tick = 0;
  const all = Array.from({ length: churn.assets }, () => ({ id: `a${nextId++}`, inSet: true, addedAt: 0 }));
  const initial = new Set(all.map((a) => a.id));
  const left = new Set<string>();
  const seenInSet = new Set(initial);
  const change = () => {
    for (let k = Math.floor(r() * (churn.changes + 1)); k > 0; k--) {
      const x = r();
      if (x < churn.pDelete) {
        const live = all.filter((a) => a.inSet);
        const gone = live[Math.floor(r() * live.length)];
        if (gone) {
          gone.inSet = false;
          left.add(gone.id);
        }
      } else if (x < churn.pDelete + churn.pAdd) {
        const added = { id: `a${nextId++}`, inSet: true, addedAt: ++tick };
        all.push(added);
        seenInSet.add(added.id);
      }
    }
  };
  const turns = async () => {
    for (let n = Math.floor(r() * 4); n > 0; n--) {
      await null;
    }
  };
  const starts: number[] = [];
  let arrivals = 0;
  let finalStart = 0;
  const read = async (offset: number, limit: number): Promise<AssetPage> => {
    const started = ++tick;
    starts.push(started);
    await turns();
    change();
    const set = all.filter((a) => a.inSet);
    const page = { count: set.length, assets: set.slice(offset, offset + limit).map((a) => ({ asset_id: a.id })) };
    await turns();
    change();
    arrivals++;
    finalStart = started; // the last to arrive ends the listing
    return page;
  };
  let listed: string[];
  try {
    listed = (await listEvery(read, { concurrency: 4 })).map((a) => a.asset_id);
  } catch (error) {
    return { missing: [], missedNew: [], duplicates: 0, neverListed: [], error: (error as Error).message };
  }
  assert.ok(arrivals > 0);
  const got = new Set(listed);
  const now = new Set(all.filter((a) => a.inSet).map((a) => a.id));
  return {
    missing: [...initial].filter((id) => !left.has(id) && !got.has(id)),
    missedNew: all.filter((a) => a.addedAt > 0 && a.addedAt < finalStart && now.has(a.id) && !got.has(a.id)).map((a) => a.id),
    duplicates: listed.length - got.size,
    neverListed: listed.filter((id) => !seenInSet.has(id)),
  };
}

describe('a listing stays complete while assets change (seeded fuzz)', function () {
  this.timeout(120_000);
  const configs: Array<[string, Churn]> = [
    ['deletes only', { assets: 1000, changes: 3, pDelete: 1, pAdd: 0 }],
    ['adds only', { assets: 1000, changes: 3, pDelete: 0, pAdd: 1 }],
    ['mixed', { assets: 1000, changes: 4, pDelete: 0.6, pAdd: 0.4 }],
    ['heavy deletes', { assets: 400, changes: 10, pDelete: 0.9, pAdd: 0.1 }],
    ['small', { assets: 250, changes: 6, pDelete: 0.6, pAdd: 0.4 }],
  ];
  for (const [name, churn] of configs) {
    it(`${name}: nothing that stays is missed, nor any asset created before the final read; no duplicates; nothing never in the set`, async () => {
      const bad: string[] = [];
      for (let seed = 1; seed <= 40; seed++) {
        const outcome = await listOnce(seed * 7919 + churn.assets, churn);
        if (outcome.error || outcome.missing.length || outcome.missedNew.length || outcome.duplicates || outcome.neverListed.length) {
          bad.push(`seed ${seed}: ${JSON.stringify(outcome)}`);
        }
      }
      assert.deepEqual(bad, []);
    });
  }

  it('250 assets, the 60 oldest leave before the 2nd read, 2 new ones come before the final read: both are listed', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `a${i}`);
    let set = [...ids];
    let reads = 0;
    const read = async (offset: number, limit: number): Promise<AssetPage> => {
      reads++;
      if (reads === 2) {
        set = set.slice(60);
      }
      if (reads === 3) {
        set.push('new1', 'new2'); // the page at 198 is now past the end: its re-read comes back empty
      }
      return { count: set.length, assets: set.slice(offset, offset + limit).map((asset_id) => ({ asset_id })) };
    };
    const listed = (await listEvery(read, { concurrency: 4 })).map((a) => a.asset_id);
    assert.ok(listed.includes('new1') && listed.includes('new2'), `new assets listed (${reads} reads)`);
    assert.deepEqual(ids.slice(60).filter((id) => !listed.includes(id)), []);
  });

  it('about 2 deletions per read on 1000 assets: every refresh completes', async () => {
    let failed = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const outcome = await listOnce(seed, { assets: 1000, changes: 4, pDelete: 1, pAdd: 0 });
      failed += outcome.error ? 1 : 0;
      assert.deepEqual(outcome.missing, [], `seed ${seed}`);
    }
    assert.equal(failed, 0);
  });
});
