// What `npm start` tells a newcomer to click must be what the workbench shows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

describe('npm start text', () => {
  it('names the Explorer context menu item by its title', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { commands: Array<{ command: string; title: string }>; menus: Record<string, Array<{ command: string }>> };
    };
    const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const titles = manifest.contributes.menus['explorer/context'].map((m) => {
      const title = manifest.contributes.commands.find((c) => c.command === m.command)!.title;
      return nls[title.replace(/^%|%$/g, '')] ?? title;
    });
    const start = fs.readFileSync(path.join(root, 'scripts/start/index.js'), 'utf8');
    const told = /right-click [^ ]+ in the Explorer to try (.+?)',/.exec(start)?.[1];
    assert.ok(told, 'npm start says what to right-click');
    assert.ok(titles.includes(told), `"${told}" is one of the Explorer's items: ${titles.join(', ')}`);
  });
});
