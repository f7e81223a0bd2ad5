// Folders chosen for upload: every file below them that MetaStudio takes, and what is left out and why.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expandSelection } from '../../src/pending/folders';
import { pathOnThisHost } from '../../src/tree/dropSources';

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
      ['shoot/link-to-folder', 'folderLink'],
      ['shoot/notes.txt', 'unsupported'],
    ]);
    assert.equal(result.folders, 1);
  });

  it('a link to a folder, a loop among them, is skipped as a link to a folder, not followed', async () => {
    put('show/sub/v1.mp4', 10);
    symlinkSync('..', path.join(root, 'show/sub/loop'));
    const result = await expandSelection([path.join(root, 'show')]);
    assert.deepEqual(result.files.map((f) => path.relative(root, f.path)), ['show/sub/v1.mp4']);
    assert.deepEqual(result.skipped.map((s) => [path.relative(root, s.path), s.reason]), [['show/sub/loop', 'folderLink']]);
  });

  it('takes each file once: a link to a file beside it, a path with "." in it, a folder chosen twice or inside another', async () => {
    put('a/sub/v2.mp4', 10);
    put('a/.hidden.mp4', 10);
    symlinkSync('v2.mp4', path.join(root, 'a/sub/same.mp4'));
    const result = await expandSelection([path.join(root, 'a'), `${root}/a/./sub/v2.mp4`, path.join(root, 'a/sub'), `${root}/a/../a`]);
    assert.deepEqual(result.files.map((f) => path.relative(root, f.path)), ['a/sub/same.mp4'], 'the first in path order, once');
    assert.deepEqual(result.skipped.map((s) => [path.relative(root, s.path), s.reason]), [['a/.hidden.mp4', 'hidden']], 'each skipped entry once');
    assert.equal(result.folders, 2, 'a and a/sub');
  });

  it('skips a file its user cannot read (mode 000), as unreadable', async function () {
    const locked = put('box/locked.mp4', 10);
    put('box/open.mp4', 10);
    chmodSync(locked, 0o000);
    let outcome: { files: string[]; skipped: Array<[string, string]> };
    if (process.getuid?.() === 0) {
      // Root reads anything: the expansion runs as the unprivileged user "nobody", as a user would.
      chownSync(root, 65534, 65534);
      chownSync(path.join(root, 'box'), 65534, 65534);
      const script = `require(${JSON.stringify(require.resolve('../../src/pending/folders'))}).expandSelection([${JSON.stringify(path.join(root, 'box'))}]).then((r) => console.log(JSON.stringify({ files: r.files.map((f) => f.path), skipped: r.skipped.map((s) => [s.path, s.reason]) })))`;
      const run = spawnSync(process.execPath, ['-e', script], { uid: 65534, gid: 65534, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      outcome = JSON.parse(run.stdout);
    } else {
      const result = await expandSelection([path.join(root, 'box')]);
      outcome = { files: result.files.map((f) => f.path), skipped: result.skipped.map((s) => [s.path, s.reason]) };
    }
    assert.deepEqual(outcome.files.map((f) => path.relative(root, f)), ['box/open.mp4']);
    assert.deepEqual(outcome.skipped.map(([p, r]) => [path.relative(root, p), r]), [['box/locked.mp4', 'unreadable']]);
  });

  it('an empty folder expands to nothing', async () => {
    mkdirSync(path.join(root, 'empty'));
    assert.deepEqual(await expandSelection([path.join(root, 'empty')]), { files: [], skipped: [], folders: 1 });
  });
});

describe('dropped URIs', function () {
  const here = 'ssh-remote';
  it('a remote window takes the Explorer\'s vscode-remote URIs of its own remote, as paths on the extension host\'s disk', () => {
    assert.equal(pathOnThisHost({ scheme: 'vscode-remote', authority: 'ssh-remote+studio', path: '/home/me/clips/a.mp4' }, here), '/home/me/clips/a.mp4');
    assert.equal(pathOnThisHost({ scheme: 'vscode-remote', authority: 'SSH-Remote+Studio', path: '/home/me/b.mp4' }, here), '/home/me/b.mp4', 'authorities compare without case');
    assert.equal(pathOnThisHost({ scheme: 'file', authority: '', path: '/tmp/c.mp4' }, here), '/tmp/c.mp4');
    assert.equal(pathOnThisHost({ scheme: 'vscode-remote', authority: '127.0.0.1:8080', path: '/srv/d.mp4' }, '127.0.0.1:8080'), '/srv/d.mp4', 'code-server: the name is the authority');
  });
  it('refuses another remote\'s files, a local window\'s vscode-remote URIs, and schemes without a disk', () => {
    assert.equal(pathOnThisHost({ scheme: 'vscode-remote', authority: 'wsl+ubuntu', path: '/home/me/a.mp4' }, here), undefined);
    assert.equal(pathOnThisHost({ scheme: 'vscode-remote', authority: 'ssh-remotely+x', path: '/home/me/a.mp4' }, here), undefined);
    assert.equal(pathOnThisHost({ scheme: 'vscode-remote', authority: 'ssh-remote+studio', path: '/home/me/a.mp4' }, undefined), undefined, 'a local window');
    assert.equal(pathOnThisHost({ scheme: 'untitled', authority: '', path: 'Untitled-1' }, here), undefined);
    assert.equal(pathOnThisHost({ scheme: 'https', authority: 'example.com', path: '/a.mp4' }, here), undefined);
  });
});
