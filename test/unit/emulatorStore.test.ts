import * as assert from 'node:assert/strict';
import { Store } from '../emulator/store';
import type { FileRecord } from '../emulator/types';

function file(fileId: string, assetId: string): FileRecord {
  return { file_id: fileId, asset_id: assetId } as FileRecord;
}

describe('emulator store', () => {
  it('keeps each asset\'s files apart, in the order they were added, whatever the account holds', () => {
    const store = new Store();
    for (let i = 0; i < 1000; i++) {
      store.addFile(file(`f${i}`, `a${i % 10}`));
    }
    const ofThree = store.filesOf('a3').map((f) => f.file_id);
    assert.equal(ofThree.length, 100);
    assert.deepEqual(ofThree.slice(0, 3), ['f3', 'f13', 'f23']);
    assert.ok(store.filesOf('a3').every((f) => f.asset_id === 'a3'));
    assert.deepEqual(store.filesOf('no-such-asset'), []);
  });

  it('sees a file\'s state change through the index, and forgets everything on clear()', () => {
    const store = new Store();
    store.addFile(file('f1', 'a1'));
    store.files.get('f1')!.state = 'CREATED';
    assert.equal(store.filesOf('a1')[0].state, 'CREATED');
    store.clear();
    assert.deepEqual(store.filesOf('a1'), []);
    store.addFile(file('f1', 'a1'));
    assert.throws(() => store.addFile(file('f1', 'a2')), /f1 exists already/);
  });
});
