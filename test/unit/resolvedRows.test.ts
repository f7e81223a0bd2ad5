// A file just resolved stops counting as pending at once, but its row stays in its place, marked,
// for a moment: the row under the pointer never turns into the next file between two clicks.
import * as assert from 'node:assert/strict';
import type { DigitalAssetInfo } from '../../src/client';
import { PendingUploads, type PendingSource } from '../../src/pending/model';

const file = (id: string, name: string) => ({ file_id: id, file_name: name, state: 'CREATING' as const, asset_file_category: 'MAIN' as const, file_size: 10 });
const ASSETS = [
  { asset_id: 'a1', asset_name: 'Clips', asset_type: 'VIDEO', asset_state: 'CREATING', files: [file('f1', 'one.mp4'), file('f2', 'two.mp4'), file('f3', 'three.mp4')] },
  { asset_id: 'a2', asset_name: 'Jingle', asset_type: 'AUDIO', asset_state: 'CREATING', files: [file('f4', 'jingle.mp3')] },
] as unknown as DigitalAssetInfo[];
const source = (assets: DigitalAssetInfo[]): PendingSource => ({ listAllAssets: async () => structuredClone(assets) });
const rows = (model: PendingUploads) => model.rowGroups().map((a) => `${a.assetId}: ${a.files.map((f) => `${f.fileId}${f.resolvedAs ? `=${f.resolvedAs}` : ''}`).join(' ')}`);

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(check(), 'timed out');
}

describe('a resolved file\'s row', () => {
  it('stays in its place, marked, while the file no longer counts or can be acted on', async () => {
    const model = new PendingUploads(60_000);
    await model.refresh(source(ASSETS));
    model.resolved('f1', 'CREATED');
    assert.deepEqual(rows(model), ['a1: f1=CREATED f2 f3', 'a2: f4'], 'the next file did not move up under the pointer');
    assert.equal(model.count, 3);
    assert.equal(model.find('f1'), undefined);
    assert.deepEqual(model.files().map((f) => f.fileId), ['f2', 'f3', 'f4']);
    model.resolved('f2', 'CANCELLED');
    model.resolved('f4', 'FAILED');
    assert.deepEqual(rows(model), ['a1: f1=CREATED f2=CANCELLED f3', 'a2: f4=FAILED'], 'an asset whose last file left keeps its row too');
    assert.deepEqual(model.groups().map((a) => a.assetId), ['a1']);
    model.clear();
  });

  it('keeps its place through a refresh, then leaves after the hold', async () => {
    const model = new PendingUploads(200);
    await model.refresh(source(ASSETS));
    model.resolved('f2', 'CREATED');
    const after = structuredClone(ASSETS);
    after[0].files = after[0].files!.filter((f) => f.file_id !== 'f2');
    await model.refresh(source(after));
    assert.deepEqual(rows(model), ['a1: f1 f2=CREATED f3', 'a2: f4']);
    await until(() => rows(model)[0] === 'a1: f1 f3');
    assert.deepEqual(rows(model), ['a1: f1 f3', 'a2: f4']);
  });

  it('leaves at once when there is no hold (0)', async () => {
    const model = new PendingUploads();
    await model.refresh(source(ASSETS));
    model.resolved('f1', 'CREATED');
    assert.deepEqual(rows(model), ['a1: f2 f3', 'a2: f4']);
  });
});

describe('a deleted empty asset\'s row', () => {
  it('stays in its place, marked, then leaves', async () => {
    const empty = { asset_id: 'a0', asset_name: 'Left over', asset_type: 'VIDEO', asset_state: 'CREATING', files: [] } as unknown as DigitalAssetInfo;
    const model = new PendingUploads(200);
    await model.refresh(source([empty, ...ASSETS]));
    assert.equal(model.rowGroups()[0].leftover, true);
    model.removedAsset('a0');
    assert.deepEqual(model.groups().map((a) => a.assetId), ['a1', 'a2']);
    assert.deepEqual(model.rowGroups().map((a) => `${a.assetId}${a.removed ? ' (deleted)' : ''}`), ['a0 (deleted)', 'a1', 'a2'], 'the next asset did not move up under the pointer');
    await until(() => model.rowGroups().length === 2);
  });
});
