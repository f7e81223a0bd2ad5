// Folders chosen for upload: every file below them that MetaStudio takes, and what is left out and why.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expandSelection } from '../../src/pending/folders';

describe('folder expansion', function () {
  let root: string;
  const put = (relative: string, bytes: number) => {
    const full = path.join(root, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, Buffer.alloc(bytes, 7));
    return full;
  };
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'ms-folders-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes every supported file below a folder, and says why each other one is left out', async () => {
    put('shoot/b-roll/clip.mp4', 1000);
    put('shoot/b-roll/poster.PNG', 20);
    put('shoot/deck.pptx', 30);
    put('shoot/notes.txt', 5);
    put('shoot/empty.mov', 0);
    put('shoot/.DS_Store', 10);
    put('shoot/.cache/hidden.mp4', 10);
    const chosen = put('readme.md', 3);
    symlinkSync(path.join(root, 'shoot/b-roll'), path.join(root, 'shoot/link-to-folder'));
    const result = await expandSelection([path.join(root, 'shoot'), chosen, path.join(root, 'shoot/deck.pptx')]);
    const rel = (p: string) => path.relative(root, p);
    assert.deepEqual(result.files.map((f) => [rel(f.path), f.size]), [
      ['shoot/b-roll/clip.mp4', 1000],
      ['shoot/b-roll/poster.PNG', 20],
      ['shoot/deck.pptx', 30],
      ['readme.md', 3], // chosen by name: kept, and checked against its asset like any file
    ]);
    assert.deepEqual(result.skipped.map((s) => [rel(s.path), s.reason]).sort(), [
      ['shoot/.DS_Store', 'hidden'],
      ['shoot/.cache', 'hidden'],
      ['shoot/empty.mov', 'empty'],
      ['shoot/link-to-folder', 'unsupported'],
      ['shoot/notes.txt', 'unsupported'],
    ]);
    assert.equal(result.folders, 1);
  });

  it('an empty folder expands to nothing', async () => {
    mkdirSync(path.join(root, 'empty'));
    assert.deepEqual(await expandSelection([path.join(root, 'empty')]), { files: [], skipped: [], folders: 1 });
  });
});
